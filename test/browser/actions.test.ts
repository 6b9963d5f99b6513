/**
 * Actions in the detail pane, gated by can-i: an admin scales, restarts and deletes (typing the name); a
 * read-tier user sees the same buttons disabled with the reason next to them.
 */
import t from "tap";
import { startDemoServer, tierUser } from "./demo-server.ts";
import { browserSuite } from "./harness.ts";

browserSuite(t, () => startDemoServer({ users: { reader: tierUser("viewer@example.com", "read") } }), (ctx) => {
  const store = () => ctx.server.simulator.store;
  const deployments = () => store().types.find("apps", "deployments")!;

  t.test("an admin scales, restarts and deletes", async (t) => {
    const { page } = ctx.browser;
    const target = store().list(deployments())[0]!;
    const ns = target.metadata.namespace!;
    const name = target.metadata.name!;
    await page.goto(`${ctx.server.base}/clusters/demo/deployments?sel=${encodeURIComponent(`${ns}/${name}`)}`);
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
    await page.goto(`${ctx.server.base}/clusters/demo/configmaps?namespace=default&sel=${encodeURIComponent("default/ui-delete-me")}`);
    await page.click("button[data-action=delete]:not([disabled])");
    const confirm = page.locator("button:text('Delete permanently')");
    t.ok(await confirm.isDisabled(), "nothing happens until the name is typed");
    await page.fill("input[aria-label='Name to confirm']", "ui-delete-m");
    t.ok(await confirm.isDisabled(), "a near miss is not enough");
    await page.fill("input[aria-label='Name to confirm']", "ui-delete-me");
    await ctx.browser.screenshot("delete-confirm");
    await confirm.click();
    await page.waitForSelector('tr[data-key="default/ui-delete-me"]', { state: "detached" });
    t.equal(store().tryGet(cms, "default", "ui-delete-me"), undefined, "deleted in the cluster");
  });

  t.test("cordon a node, suspend and run a cronjob, reveal one secret key", async (t) => {
    const { page } = ctx.browser;
    const nodes = store().types.find("", "nodes")!;
    const node = store().list(nodes).find((n) => !(n as unknown as { spec?: { unschedulable?: boolean } }).spec?.unschedulable)!;
    await page.goto(`${ctx.server.base}/clusters/demo/nodes?sel=${encodeURIComponent(`/${node.metadata.name}`)}`);
    await page.click("button[data-action=cordon]:not([disabled])");
    await page.waitForSelector("button[data-action=uncordon]");
    t.equal((store().get(nodes, undefined, node.metadata.name!) as unknown as { spec: { unschedulable?: boolean } }).spec.unschedulable, true, "node cordoned");

    const cronjobs = store().types.find("batch", "cronjobs")!;
    const jobs = store().types.find("batch", "jobs")!;
    const cj = store().list(cronjobs)[0]!;
    const ns = cj.metadata.namespace!;
    await page.goto(`${ctx.server.base}/clusters/demo/cronjobs?sel=${encodeURIComponent(`${ns}/${cj.metadata.name}`)}`);
    const before = store().list(jobs, ns).length;
    await page.click("button[data-action=trigger]:not([disabled])");
    await page.waitForSelector("text=Run now: done.");
    t.equal(store().list(jobs, ns).length, before + 1, "a Job was created from the CronJob");
    const suspend = page.locator("button[data-action=suspend], button[data-action=resume]");
    const wasSuspended = (await suspend.getAttribute("data-action")) === "resume";
    await suspend.click();
    await page.waitForSelector(`button[data-action=${wasSuspended ? "suspend" : "resume"}]`);
    t.equal((store().get(cronjobs, ns, cj.metadata.name!) as unknown as { spec: { suspend?: boolean } }).spec.suspend, !wasSuspended, "suspend toggled");

    const secrets = store().types.find("", "secrets")!;
    store().create(secrets, { apiVersion: "v1", kind: "Secret", metadata: { name: "ui-reveal", namespace: "default" }, data: { password: btoa("hunter2"), other: btoa("x") } });
    await page.goto(`${ctx.server.base}/clusters/demo/secrets?namespace=default&sel=${encodeURIComponent("default/ui-reveal")}`);
    await page.waitForSelector(".secret-keys");
    t.notMatch(await page.content(), /hunter2/, "no value is on the page before reveal");
    await page.locator(".secret-keys dd").first().locator("button:text('Reveal')").click();
    await page.waitForSelector("code.revealed");
    t.match(await page.textContent("code.revealed"), /hunter2|^x$/, "one value revealed on request");
    t.equal(await page.locator("code.revealed").count(), 1, "only that key");
    const audit = await fetch(`${ctx.server.base}/api/audit?verb=secret_reveal`);
    const rows = ((await audit.json()) as { items: Array<{ resource?: { name?: string }; extra?: { key?: string } }> }).items;
    t.ok(rows.some((r) => r.resource?.name === "ui-reveal" && typeof r.extra?.key === "string"), "the reveal is audited with the key name");
  });

  t.test("a viewer sees delete disabled, with the reason", async (t) => {
    const viewer = await ctx.browser.context.browser()?.newContext({ extraHTTPHeaders: { "x-test-user": "reader" } });
    // A persistent context has no browser handle; use a second page with the header instead.
    const page = viewer ? await viewer.newPage() : await ctx.browser.context.newPage();
    if (!viewer) await page.setExtraHTTPHeaders({ "x-test-user": "reader" });
    const target = store().list(deployments())[0]!;
    await page.goto(`${ctx.server.base}/clusters/demo/deployments?sel=${encodeURIComponent(`${target.metadata.namespace}/${target.metadata.name}`)}`);
    await page.waitForSelector("[data-testid=why-delete]");
    t.ok(await page.locator("button[data-action=delete]").isDisabled(), "delete is disabled");
    t.ok(await page.locator("button[data-action=scale]").isDisabled(), "scale is disabled");
    const why = (await page.textContent("[data-testid=why-delete]")) ?? "";
    t.ok(why.length > 5, `the reason is shown: "${why}"`);
    t.match(await page.locator("button[data-action=delete]").getAttribute("aria-describedby"), "why-delete", "and tied to the button for screen readers");
    await page.screenshot({ path: `${process.cwd()}/test-artifacts/browser/viewer-delete-disabled.png` });
    await page.close();
  });
});
