/**
 * The island boundary. The server writes
 *   <div class="island" data-island="NAME"><script type="application/json">PROPS</script><div data-island-root>…</div></div>
 * and ui/boot.js hydrates the root with ui/islands/NAME.js and the props. Props are plain JSON; the text is
 * escaped so no value can close the script element (`</script`) or open a comment (`<!--`).
 */
import { h } from "preact";
import type { VNode } from "preact";

export const ISLAND_NAME = /^[a-z][a-z0-9-]*$/;

/** JSON safe to embed inside a <script> element: `<`, `>`, `&` and the JS line separators are \u-escaped. */
export function escapeJsonForScript(value: unknown): string {
  return JSON.stringify(value ?? null).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A mount point for island NAME with PROPS. `ssr` is its server-rendered first paint, hydrated in place; with
 * `clientOnly` the content is a placeholder that the browser replaces (render, not hydrate).
 */
export function island(name: string, props: Record<string, unknown>, ssr?: VNode | null, clientOnly = false): VNode<any> {
  if (!ISLAND_NAME.test(name)) throw new Error(`bad island name ${JSON.stringify(name)}`);
  return h<Record<string, unknown>>(
    "div",
    { class: "island", "data-island": name, "data-client-only": clientOnly ? "" : undefined },
    h("script", { type: "application/json", dangerouslySetInnerHTML: { __html: escapeJsonForScript(props) } }),
    h("div", { "data-island-root": "" }, ssr ?? null),
  );
}
