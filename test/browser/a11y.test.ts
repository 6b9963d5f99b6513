/**
 * Accessibility: axe-core (run inside Chromium through the DevTools protocol, so the page CSP stays as it is)
 * finds no serious or critical violations on the main pages, in light and dark themes.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import t from "tap";
import { startDemoServer } from "./demo-server.ts";
import { browserSuite } from "./harness.ts";

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

browserSuite(t, () => startDemoServer(), (ctx) => {
  async function audit(path: string, prepare?: () => Promise<void>): Promise<AxeViolation[]> {
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}${path}`);
    await page.waitForSelector("html[data-ready]");
    if (prepare) await prepare();
    await page.evaluate(axeSource);
    const result = (await page.evaluate(() =>
      (globalThis as unknown as { axe: { run(ctx: Document, o: unknown): Promise<{ violations: unknown[] }> } }).axe.run(document, {
        resultTypes: ["violations"],
      }),
    )) as { violations: AxeViolation[] };
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  }

  const describe = (vs: AxeViolation[]) =>
    vs.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(", ")}`);

  for (const theme of ["light", "dark"] as const) {
    t.test(`${theme} theme`, async (t) => {
      await ctx.browser.context.addCookies([{ name: "periscope_theme", value: theme, url: ctx.server.base }]);
      const pages: Array<[string, string, (() => Promise<void>) | undefined]> = [
        ["login", "/login", undefined],
        ["fleet", "/", undefined],
        ["overview", "/clusters/demo", undefined],
        ["pods list", "/clusters/demo/pods", undefined],
        ["detail pane", "/clusters/demo/deployments", async () => {
          await ctx.browser.page.locator(".grid tbody tr:not(.pad)").first().click();
          await ctx.browser.page.waitForSelector("[data-testid=detail-pane] dl.describe");
        }],
        ["avatar popover", "/", async () => {
          await ctx.browser.page.click("button.avatar");
          await ctx.browser.page.waitForSelector(".popover");
        }],
        ["palette", "/", async () => {
          await ctx.browser.page.keyboard.press("Control+k");
          await ctx.browser.page.waitForSelector(".palette input");
        }],
        ["audit", "/audit", undefined],
        ["helm", "/clusters/demo/helm/shop/shop?tab=history", undefined],
        ["yaml editor", "/clusters/demo/deployments/shop/api/edit", async () => void (await ctx.browser.page.waitForSelector(".cm-content"))],
      ];
      for (const [name, path, prepare] of pages) {
        t.same(describe(await audit(path, prepare)), [], `${name}: no serious or critical violations`);
      }
    });
  }
});
