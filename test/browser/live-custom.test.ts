/**
 * A custom resource list in Chromium with PERISCOPE_WATCH_STREAMS including `crds`: the page learns from
 * /api/features that Certificates are streamed, shows "live", and a Certificate created in the simulator
 * appears without a reload.
 */
import t from "tap";
import { defaultLiveSettings } from "../../server/live/settings.ts";
import { startDemoServer } from "./demo-server.ts";
import { browserSuite } from "./harness.ts";

browserSuite(t, () => startDemoServer({ live: defaultLiveSettings({ watchCustomResources: true }) }), (ctx) => {
  t.test("Certificates stream live; a new one appears with its printer columns", async (t) => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}/clusters/demo/cert-manager.io/v1/certificates?namespace=shop`);
    await page.waitForSelector("html[data-ready]");
    await page.waitForFunction(() => document.querySelector("[data-testid=stream-health]")?.textContent?.includes("live") ?? false, undefined, { timeout: 20_000 });
    t.pass("the list says live (a watch stream, not polling)");
    const type = ctx.server.simulator.store.types.find("cert-manager.io", "certificates")!;
    ctx.server.simulator.store.create(type, {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "ui-live-cert", namespace: "shop" },
      spec: { secretName: "ui-live-cert-tls", dnsNames: ["live.example.com"], issuerRef: { name: "letsencrypt", kind: "ClusterIssuer" } },
    });
    await page.waitForSelector('tr[data-key="shop/ui-live-cert"]', { timeout: 20_000 });
    t.match(await page.textContent('tr[data-key="shop/ui-live-cert"]'), /ui-live-cert-tls/, "the Secret printer column is filled");
    t.match(await page.textContent("[data-testid=stream-health]"), /live/, "still live");
  });
});
