/**
 * UI benchmark (figures, never assertions): bytes per page, raw and gzip, for the HTML, the CSS and the
 * JavaScript the first screen loads (bootstrap + the page's islands + everything they import statically,
 * resolved through the page's import map), and for a 5,000-pod list: server time to the HTML and, when
 * Chromium is installed, how long after the HTML arrives the page is interactive.
 *
 * Run alone: `node test/bench/ui.ts` (prints JSON).
 */
import { gzipBytes } from "../../server/http/compress.ts";
import { startDemoServer } from "../browser/demo-server.ts";
import { browserSkipReason, openBrowser } from "../browser/harness.ts";

const PAGES = ["/login", "/", "/clusters/demo", "/clusters/demo/pods", "/clusters/demo/deployments"];
const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["']([^"']+)["']/g;

interface Bytes {
  raw: number;
  gzip: number;
}

async function sizes(bytes: Uint8Array): Promise<Bytes> {
  return { raw: bytes.byteLength, gzip: (await gzipBytes(bytes)).byteLength };
}

const add = (a: Bytes, b: Bytes): Bytes => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip });

/** Every module the page loads before it is interactive (static imports only: heavy islands load on use). */
async function moduleGraph(base: string, html: string): Promise<{ files: number; bytes: Bytes }> {
  const map = JSON.parse(/<script type="importmap">([^<]*)<\/script>/.exec(html)?.[1] ?? '{"imports":{}}') as { imports: Record<string, string> };
  const boot = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
  const islands = [...html.matchAll(/data-island="([a-z0-9-]+)"/g)].map((m) => m[1]!);
  const queue: string[] = [];
  if (boot) {
    queue.push(new URL(boot, base).href);
    for (const name of new Set(islands)) queue.push(new URL(`islands/${name}.js`, new URL(boot, base)).href);
  }
  const seen = new Set<string>();
  let total: Bytes = { raw: 0, gzip: 0 };
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    total = add(total, await sizes(bytes));
    const text = new TextDecoder().decode(bytes);
    for (const m of text.matchAll(STATIC_IMPORT)) {
      const spec = m[1]!;
      const target = map.imports[spec] ?? (spec.startsWith(".") || spec.startsWith("/") ? spec : undefined);
      if (target) queue.push(new URL(target, url).href);
    }
  }
  return { files: seen.size, bytes: total };
}

export async function uiBench(options: { pods?: number } = {}): Promise<Record<string, unknown>> {
  const pods = options.pods ?? 5000;
  const server = await startDemoServer({ pods });
  try {
    const pages: Record<string, unknown> = {};
    for (const path of PAGES) {
      const started = performance.now();
      const response = await fetch(`${server.base}${path}`, { headers: { accept: "text/html" } });
      const html = new Uint8Array(await response.arrayBuffer());
      const serverMs = Math.round(performance.now() - started);
      const text = new TextDecoder().decode(html);
      const css = /<link rel="stylesheet" href="([^"]+)"/.exec(text)?.[1];
      const cssBytes = css ? await sizes(new Uint8Array(await (await fetch(new URL(css, server.base))).arrayBuffer())) : { raw: 0, gzip: 0 };
      const js = await moduleGraph(server.base, text);
      pages[path] = { status: response.status, serverMs, html: await sizes(html), css: cssBytes, js: { modules: js.files, ...js.bytes } };
    }
    let browser: Record<string, unknown> = { skipped: browserSkipReason() };
    if (!browserSkipReason()) {
      const session = await openBrowser();
      try {
        const runs: number[] = [];
        const loads: number[] = [];
        for (let i = 0; i < 3; i++) {
          await session.page.goto(`${server.base}/clusters/demo/pods`);
          await session.page.waitForSelector("html[data-ready]");
          const t = await session.page.evaluate(() => {
            const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
            const mark = performance.getEntriesByName("periscope:hydrated")[0];
            return { afterHtml: (mark?.startTime ?? 0) - nav.responseEnd, total: mark?.startTime ?? 0 };
          });
          runs.push(Math.round(t.afterHtml));
          loads.push(Math.round(t.total));
        }
        browser = { list5000: { interactiveAfterHtmlMs: runs, navigationToInteractiveMs: loads, budgetMs: 300 } };
      } finally {
        await session.close();
      }
    }
    return { pods, pages, browser, budgets: { firstScreenJsGzip: 30 * 1024 } };
  } finally {
    await server.stop();
  }
}

if (import.meta.main ?? process.argv[1]?.endsWith("ui.ts")) {
  console.log(JSON.stringify(await uiBench(), null, 2));
}
