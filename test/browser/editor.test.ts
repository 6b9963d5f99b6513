/**
 * The YAML editor in Chromium against the demo cluster: CodeMirror loads through the import map, dry run and
 * apply change the object, a field owned by another manager produces the conflict view, and force takes it.
 */
import t from "tap";
import { startDemoServer } from "./demo-server.ts";
import { browserSuite } from "./harness.ts";

browserSuite(t, () => startDemoServer(), (ctx) => {
  const color = () => {
    const type = ctx.server.simulator.store.types.find("", "configmaps")!;
    return (ctx.server.simulator.store.get(type, "default", "ui-edit") as { data?: Record<string, string> }).data?.color;
  };

  /** Another field manager takes data.color (as `kubectl apply --server-side --force-conflicts` would). */
  async function otherManagerSets(value: string) {
    ctx.server.simulator.addToken("ui-test-admin", { user: "ui-test-admin", groups: ["system:masters"] });
    const body = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ui-edit\n  namespace: default\ndata:\n  color: ${value}\n`;
    const r = await ctx.server.simulator.handle(
      new Request("https://demo.demo.invalid/api/v1/namespaces/default/configmaps/ui-edit?fieldManager=kubectl&force=true", {
        method: "PATCH",
        headers: { authorization: "Bearer ui-test-admin", "content-type": "application/apply-patch+yaml" },
        body,
      }),
    );
    if (!r.ok) throw new Error(`other manager's apply failed: ${r.status} ${await r.text()}`);
  }

  /** Replaces the document the way a user would: select all, then type (paste-like insertText). */
  async function setText(text: string) {
    await ctx.browser.page.click(".cm-content");
    await ctx.browser.page.keyboard.press("Control+a");
    await ctx.browser.page.keyboard.insertText(text);
  }

  t.test("dry run, apply, conflict, force", async (t) => {
    const type = ctx.server.simulator.store.types.find("", "configmaps")!;
    ctx.server.simulator.store.create(type, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ui-edit", namespace: "default" }, data: { color: "blue" } });
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}/clusters/demo/configmaps/default/ui-edit/edit`);
    await page.waitForSelector(".cm-content");
    const yaml = (await page.locator(".cm-content").innerText()).replace(/\u00a0/g, " ");
    t.match(yaml, /color: blue/, "the editor shows the object's YAML");

    await setText(yaml.replace("color: blue", "color: green"));
    await page.click("button:text('Dry run')");
    await page.waitForSelector("text=Dry run passed");
    t.equal(color(), "blue", "a dry run saves nothing");

    await page.click("button:text-is('Apply')");
    await page.waitForSelector("text=Apply done");
    t.equal(color(), "green", "apply changed the object");

    await otherManagerSets("red");
    const now = (await page.locator(".cm-content").innerText()).replace(/\u00a0/g, " ");
    await setText(now.replace(/color: \w+/, "color: purple"));
    await page.click("button:text-is('Apply')");
    await page.waitForSelector("[data-testid=conflict]");
    t.match(await page.textContent("[data-testid=conflict]"), /color/, "the conflict names the field");
    t.equal(color(), "red", "nothing changed on conflict");
    await ctx.browser.screenshot("yaml-editor-conflict");

    await page.click("button:text('Force apply')");
    await page.waitForSelector("text=Force apply done");
    t.equal(color(), "purple", "force took the field");
    await ctx.browser.screenshot("yaml-editor");
  });

  t.test("the audit page lists the changes just made", async (t) => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}/audit?verb=apply`);
    t.match(await page.textContent("[data-testid=audit-scope]"), /every actor/, "the dev identity is an audit admin");
    const rows = page.locator(".audit-row", { hasText: "ui-edit" });
    t.ok((await rows.count()) >= 3, `${await rows.count()} apply rows for ui-edit (dry run, apply, conflict, force)`);
    t.ok(await page.locator("[data-testid=audit-timeline] rect").count(), "the timeline strip has bars");
    await rows.first().locator("summary").click();
    t.match(await rows.first().locator("pre").textContent(), /"verb": "apply"/);
    await ctx.browser.screenshot("audit");
    await page.selectOption("select[name=outcome]", "failure");
    await Promise.all([page.waitForURL(/outcome=failure/), page.click("button:text('Filter')")]);
    const failed = await page.locator(".audit-row").count();
    t.ok(failed >= 1, "the conflict is recorded as a failure");
  });
}, {
  // The conflict is a real 409 from the API, which Chromium logs as a failed resource load.
  errorsTitle: "no console errors (CodeMirror runs under the page CSP)",
  expectedErrors: /Failed to load resource: the server responded with a status of 409 .* @ .*\/resources\/configmaps\/default\/ui-edit$/,
});
