import t from "tap";
import { createApp } from "../../server/app.ts";
import { createAuditLog } from "../../server/audit/audit-log.ts";
import { setIdentity } from "../../server/auth/identity.ts";
import { createLogger } from "../../server/http/log.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import { apiFixtures } from "./fixtures.ts";
import { USERS, startHarness } from "./harness.ts";

t.test("privileged actions reach the real audit log: attempted, then the outcome, same request id", async (t) => {
  const h = await startHarness({ simulator: { seed: apiFixtures() } });
  t.teardown(() => h.close());
  const lines: Array<Record<string, any>> = [];
  const log = createLogger("info", (line) => lines.push(JSON.parse(line)));
  const audit = createAuditLog({ log });
  const app = createApp({ log, platform: await loadPlatform(), clusters: h.clusters, audit, middleware: [(ctx, next) => (setIdentity(ctx, USERS.writer), next())] });

  const reveal = await app.handle(new Request("http://p.test/api/clusters/test/secrets/shop/db-creds/data/password"), { remoteAddress: "x" });
  t.equal(reveal.status, 200);
  const requestId = reveal.headers.get("x-request-id");
  const rows = lines.filter((l) => l.msg === "audit" && l.requestId === requestId);
  t.same(rows.map((r) => [r.verb, r.outcome]), [["secret_reveal", "attempted"], ["secret_reveal", "success"]]);
  t.same(rows[0]!.resource, { group: "", version: "v1", resource: "secrets", namespace: "shop", name: "db-creds" });
  t.equal(rows[0]!.extra.key, "password");
  t.equal(rows[0]!.actor.sub, "writer@example.com");
  t.notMatch(JSON.stringify(lines), /s3cr3t/, "never the value");

  const del = await app.handle(new Request("http://p.test/api/clusters/test/resources/nodes/_/node-1", { method: "DELETE" }), { remoteAddress: "x" });
  t.equal(del.status, 403);
  const denied = lines.filter((l) => l.msg === "audit" && l.requestId === del.headers.get("x-request-id"));
  t.same(denied.map((r) => [r.verb, r.outcome]), [["delete", "attempted"], ["delete", "denied"]]);
  t.match(denied[1]!.reason, /cannot delete resource "nodes"/);
});
