/**
 * Actions in the detail pane, gated by can-i: an admin scales, restarts and deletes (typing the name); a
 * read-tier user sees the same buttons disabled with the reason next to them.
 */
import t from "tap";
import { startDemoServer, tierUser } from "./demo-server.ts";
import type { DemoServer } from "./demo-server.ts";
import { browserSkipReason, openBrowser } from "./harness.ts";
import type { BrowserSession } from "./harness.ts";

const skip = browserSkipReason();
if (skip) {
  t.plan(0, skip);
} else {
  let server: DemoServer;
  let browser: BrowserSession;
  t.before(async () => {
    server = await startDemoServer({ users: { reader: tierUser("viewer@example.com", "read") } });
    browser = await openBrowser();
  });
  t.teardown(async () => {
    await browser?.close();
    await server?.stop();
  });

  const store = () => server.simulator.store;
  const deployments = () => store().types.find("apps", "deployments")!;

  t.test("an admin scales, restarts and deletes", async (t) => {
    const { page } = browser;
    const target = store().list(deployments())[0]!;
    const ns = target.metadata.namespace!;
    const name = target.metadata.name!;
    await page.goto(`${server.base}/clusters/demo/deployments?sel=${encodeURIComponent(`${ns}/${name}`)}`);
    await page.waitForSelector("[data-testid=actions] button[data-action=scale]:not([disabled])");
    await page.fill("[data-testid=actions] input[type=number]", "4");
    await page.click("button[data-action=scale]");
    await page.waitForSelector("text=Scale: done.");
    t.equal((store().get(deployments(), ns, name) as unknown as { spec: { replicas: number } }).spec.replicas, 4, "replicas changed");

    await page.waitForSelector("button[data-action=restart]:not([disabled])");
    await page.click("button[data-action=restart]");
    await page.waitForSelector("text=Restart: done.");
    const annotations = (store().get(deployments(), ns, name) as unknown as { spec: { template: { metadata?: { annotations?: Record<string, string> } } } }).spec.template.metadata?.annotations ?? {};
    t.ok(annotations["kubectl.kubernetes.io/restartedAt"], "restart stamped the pod template");

    const cms = store().types.find("", "configmaps")!;
    store().create(cms, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ui-delete-me", namespace: "default" }, data: { a: "b" } });
    await page.goto(`${server.base}/clusters/demo/configmaps?namespace=default&sel=${encodeURIComponent("default/ui-delete-me")}`);
    await page.click("button[data-action=delete]:not([disabled])");
    const confirm = page.locator("button:text('Delete permanently')");
    t.ok(await confirm.isDisabled(), "nothing happens until the name is typed");
    await page.fill("input[aria-label='Name to confirm']", "ui-delete-m");
    t.ok(await confirm.isDisabled(), "a near miss is not enough");
    await page.fill("input[aria-label='Name to confirm']", "ui-delete-me");
    await browser.screenshot("delete-confirm");
    await confirm.click();
    await page.waitForSelector('tr[data-key="default/ui-delete-me"]', { state: "detached" });
    t.equal(store().tryGet(cms, "default", "ui-delete-me"), undefined, "deleted in the cluster");
  });

  t.test("a viewer sees delete disabled, with the reason", async (t) => {
    const viewer = await browser.context.browser()?.newContext({ extraHTTPHeaders: { "x-test-user": "reader" } });
    // A persistent context has no browser handle; use a second page with the header instead.
    const page = viewer ? await viewer.newPage() : await browser.context.newPage();
    if (!viewer) await page.setExtraHTTPHeaders({ "x-test-user": "reader" });
    const target = store().list(deployments())[0]!;
    await page.goto(`${server.base}/clusters/demo/deployments?sel=${encodeURIComponent(`${target.metadata.namespace}/${target.metadata.name}`)}`);
    await page.waitForSelector("[data-testid=why-delete]");
    t.ok(await page.locator("button[data-action=delete]").isDisabled(), "delete is disabled");
    t.ok(await page.locator("button[data-action=scale]").isDisabled(), "scale is disabled");
    const why = (await page.textContent("[data-testid=why-delete]")) ?? "";
    t.ok(why.length > 5, `the reason is shown: "${why}"`);
    t.match(await page.locator("button[data-action=delete]").getAttribute("aria-describedby"), "why-delete", "and tied to the button for screen readers");
    await page.screenshot({ path: `${process.cwd()}/test-artifacts/browser/viewer-delete-disabled.png` });
    await page.close();
  });

  t.test("no console errors", async (t) => {
    t.same(browser.errors, []);
  });
}
