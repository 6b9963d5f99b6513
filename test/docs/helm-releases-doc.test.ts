/**
 * docs/setup/helm-releases.md "Who sees what": with the chart's tier bindings in the Kubernetes API simulator,
 * each tier reads Helm releases exactly as the table says, for the Secrets and the ConfigMaps driver.
 */
import t from "tap";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { listReleaseRecords } from "../../server/api/helm-release.ts";
import type { Tier } from "../../server/auth/identity.ts";
import { helmReleaseConfigMap, helmReleaseSecret, webManifest } from "../api/fixtures.ts";
import { startHarness, tierIdentity } from "../api/harness.ts";

const doc = readFileSync(resolve(import.meta.dirname, "../../docs/setup/helm-releases.md"), "utf8");
const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };
const revision = { revision: 1, status: "deployed", chartVersion: "1.0.0", values: { a: 1 }, manifest: webManifest(1, false) };

/** The page's table, read back: tier → can it read with the Secrets driver. */
const expected: Record<Tier, boolean> = { read: false, triage: false, write: true, maintain: true, admin: true };

t.test("the page's table says what this test checks", async (t) => {
  t.match(doc, /\| read \(`view`\), triage \| 403/);
  t.match(doc, /\| write \(`edit`\), maintain, admin \| yes \| yes \|/);
});

for (const driver of ["secrets", "configmaps"] as const) {
  t.test(`${driver} driver: each tier as the doc says`, async (t) => {
    const release = driver === "secrets" ? helmReleaseSecret("shop", "storefront", revision) : helmReleaseConfigMap("shop", "storefront", revision);
    const h = await startHarness({ simulator: { seed: [namespace, release] } });
    t.teardown(() => h.close());
    for (const tier of Object.keys(expected) as Tier[]) {
      const client = h.clusters.client("test", tierIdentity(`${tier}@example.com`, tier), `req-${tier}`);
      const result = await listReleaseRecords(client, {}).then(
        (r) => ({ ok: true as const, driver: r.driver, names: r.records.map((x) => x.name) }),
        (e: unknown) => ({ ok: false as const, status: (e as { status?: number }).status, message: String((e as Error).message) }),
      );
      const allowed = driver === "configmaps" || expected[tier];
      if (allowed) t.match(result, { ok: true, driver, names: ["storefront"] }, `${tier} reads releases`);
      else {
        t.match(result, { ok: false, status: 403 }, `${tier} gets Kubernetes' 403`);
        if (!result.ok) t.match(result.message, /cannot list resource "secrets"/);
      }
    }
  });
}
