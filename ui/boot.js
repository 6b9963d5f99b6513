// @ts-check
/**
 * Hydrates every island on the page independently: one broken island logs a clear error and leaves its
 * server-rendered HTML in place; the others still come alive. Islands live in ./islands/<name>.js and
 * export their component as default.
 */
import { h, hydrate, render } from "preact";

const NAME = /^[a-z][a-z0-9-]*$/;

/**
 * @param {Element} el
 * @returns {Promise<void>}
 */
async function mount(el) {
  const name = el.getAttribute("data-island") ?? "";
  if (!NAME.test(name)) throw new Error(`island boundary has a bad name ${JSON.stringify(name)}`);
  const script = el.querySelector(":scope > script[type='application/json']");
  const root = el.querySelector(":scope > [data-island-root]");
  if (!script || !root) throw new Error(`island "${name}" is malformed: it needs a props <script> and a [data-island-root] child`);
  /** @type {unknown} */
  let props;
  try {
    props = JSON.parse(script.textContent ?? "null");
  } catch {
    throw new Error(`island "${name}" has props that are not valid JSON`);
  }
  if (!props || typeof props !== "object") throw new Error(`island "${name}" props must be a JSON object`);
  const mod = await import(new URL(`./islands/${name}.js`, import.meta.url).href);
  if (typeof mod.default !== "function") throw new Error(`island "${name}" has no default export component`);
  const vnode = h(mod.default, /** @type {Record<string, unknown>} */ (props));
  if (el.hasAttribute("data-client-only")) {
    root.textContent = "";
    render(vnode, root);
  } else {
    hydrate(vnode, root);
  }
  el.setAttribute("data-hydrated", "");
}

/** @param {ParentNode} scope */
export function hydrateIslands(scope) {
  const islands = [...scope.querySelectorAll("[data-island]")].filter((el) => !el.hasAttribute("data-hydrated"));
  return Promise.all(
    islands.map((el) =>
      mount(el).catch((error) => {
        el.setAttribute("data-island-error", error instanceof Error ? error.message : String(error));
        console.error(`periscope: island failed: ${error instanceof Error ? error.message : String(error)}`);
      }),
    ),
  );
}

hydrateIslands(document).then(() => {
  // Benchmarks read this mark: every island on the page is interactive.
  performance.mark("periscope:hydrated");
  document.documentElement.setAttribute("data-ready", "");
});
