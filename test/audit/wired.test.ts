/**
 * End to end: privileged actions through the real app against the Kubernetes simulator (the same setup as
 * test/api/harness.ts) with the real audit log and store. Each action must leave its attempted + outcome rows
 * with the real actor — checked through `GET /api/audit` and on disk with the verifier.
 */
import t from "tap";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createApp } from "../../server/app.ts";
import { createAuditLog } from "../../server/audit/audit-log.ts";
import { openAuditStore } from "../../server/audit/store.ts";
import { verifyAuditDir } from "../../server/audit/verify.ts";
import { setIdentity, tierImpersonation } from "../../server/auth/identity.ts";
import type { Identity, Tier } from "../../server/auth/identity.ts";
import { tierBindings } from "../../server/clusters/demo.ts";
import { createClusterRegistry } from "../../server/clusters/registry.ts";
import type { Middleware } from "../../server/http/context.ts";
import { createLogger } from "../../server/http/log.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import { apiFixtures } from "../api/fixtures.ts";
import { startServedSim } from "../demo/served-sim.ts";
import { tempDir } from "./fixtures.ts";

function user(subject: string, tier: Tier, auditScope: "self" | "all"): Identity {
  return { subject, email: `${subject}@example.com`, groups: [`g-${tier}`], mode: "oidc", authzMode: "tier", tier, kube: tierImpersonation(subject, tier), auditScope, expiresAt: undefined, sessionKey: undefined };
}
const USERS: Record<string, Identity> = { reader: user("rita", "read", "self"), writer: user("walt", "write", "self"), admin: user("ada", "admin", "all") };

const platform = await loadPlatform();
const sim = await startServedSim({ seed: apiFixtures() });
sim.sim.seed(tierBindings());
const dir = await tempDir(t, "audit-wired-");
const kubeconfigPath = join(dir, "kubeconfig");
await writeFile(kubeconfigPath, sim.kubeconfig, { mode: 0o600 });
const stdout: string[] = [];
const log = createLogger("error", (line) => void stdout.push(line));
const clusters = await createClusterRegistry([{ name: "test", backend: "kubeconfig", kubeconfigPath, kubeconfigContext: "impersonator", environment: "test" }], { platform, log, env: {}, configSource: "test" });
const auditDir = join(dir, "audit");
const audit = createAuditLog({ log, store: await openAuditStore({ dir: auditDir, retentionDays: 0, maxSizeBytes: 0 }) });
const who: Middleware = (ctx, next) => {
  const name = ctx.request.headers.get("x-test-user");
  if (name && USERS[name]) setIdentity(ctx, USERS[name]);
  return next();
};
const app = createApp({ log, platform, clusters, audit, middleware: [who] });
t.teardown(async () => {
  await audit.close();
  await clusters.close();
  await sim.close();
});

async function call(name: string, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("x-test-user", name);
  const res = await app.handle(new Request(`http://periscope.test${path}`, { ...init, headers }), { remoteAddress: "127.0.0.1" });
  const text = await res.text();
  return { status: res.status, requestId: res.headers.get("x-request-id")!, scope: res.headers.get("x-audit-scope"), body: (text.startsWith("{") ? JSON.parse(text) : { text }) as any };
}
const post = (name: string, path: string, body?: unknown) =>
  call(name, `/api/clusters/test/resources/${path}`, body === undefined ? { method: "POST" } : { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });

/** The rows of one request, oldest first, as the audit API returns them to an admin. */
async function rowsOf(requestId: string) {
  const r = await call("admin", `/api/audit?requestId=${requestId}`);
  return (r.body.items as any[]).reverse();
}

t.test("scale: attempted then success for the writer, attempted then denied (with the apiserver's reason) for the reader", async (t) => {
  const ok = await post("writer", "deployments/shop/web/actions/scale", { replicas: 4 });
  t.equal(ok.status, 200);
  const rows = await rowsOf(ok.requestId);
  t.same(rows.map((r) => [r.verb, r.outcome, r.actor.sub, r.actor.email, r.cluster, r.resource.namespace, r.resource.name]), [
    ["scale", "attempted", "walt", "walt@example.com", "test", "shop", "web"],
    ["scale", "success", "walt", "walt@example.com", "test", "shop", "web"],
  ]);
  const denied = await post("reader", "deployments/shop/web/actions/scale", { replicas: 9 });
  t.equal(denied.status, 403);
  const deniedRows = await rowsOf(denied.requestId);
  t.same(deniedRows.map((r) => [r.outcome, r.actor.sub]), [["attempted", "rita"], ["denied", "rita"]]);
  t.match(deniedRows[1].reason, /cannot patch resource "deployments" in API group "apps"/);
});

t.test("restart, cordon, suspend, trigger, delete (dry run) and apply each leave attempted + outcome rows", async (t) => {
  const actions: Array<[string, () => ReturnType<typeof call>]> = [
    ["restart", () => post("writer", "deployments/shop/web/actions/restart")],
    ["cordon", () => post("admin", "nodes/_/node-2/actions/cordon")],
    ["suspend", () => post("writer", "cronjobs/shop/nightly/actions/suspend")],
    ["trigger", () => post("writer", "cronjobs/shop/nightly/actions/trigger")],
    ["delete", () => call("admin", "/api/clusters/test/resources/configmaps/shop/web-config?dryRun=true", { method: "DELETE" })],
    ["apply", () => call("writer", "/api/clusters/test/resources/configmaps/shop/web-config?dryRun=true", { method: "PATCH", body: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\n  namespace: shop\ndata:\n  mode: slow\n", headers: { "content-type": "application/yaml" } })],
  ];
  for (const [verb, act] of actions) {
    const r = await act();
    t.equal(r.status, 200, `${verb}: ${JSON.stringify(r.body).slice(0, 200)}`);
    const rows = await rowsOf(r.requestId);
    t.same(rows.map((x) => [x.verb, x.outcome]), [[verb, "attempted"], [verb, "success"]], verb);
    t.equal(rows[0].actor.sub, verb === "cordon" || verb === "delete" ? "ada" : "walt");
  }
});

t.test("secret_reveal records the key name, never the value; scope self hides other actors", async (t) => {
  const shown = await call("writer", "/api/clusters/test/secrets/shop/db-creds/data/password");
  t.equal(shown.status, 200);
  const rows = await rowsOf(shown.requestId);
  t.same(rows.map((r) => [r.verb, r.outcome, r.resource?.name]), [["secret_reveal", "attempted", "db-creds"], ["secret_reveal", "success", "db-creds"]]);
  t.match(JSON.stringify(rows), /password/, "the key name is recorded");

  const mine = await call("writer", "/api/audit?limit=500");
  t.equal(mine.scope, "self");
  t.ok(mine.body.items.length > 0);
  t.ok(mine.body.items.every((r: any) => r.actor.sub === "walt"), "walt sees only walt's rows");
  const snoop = await call("writer", "/api/audit?actor=ada&limit=500");
  t.same(snoop.body.items, []);
});

t.test("on disk: the chain verifies, every request has its pair, and no secret value is anywhere", async (t) => {
  const report = await verifyAuditDir(auditDir);
  t.ok(report.ok);
  const text = (await Promise.all((await readdir(auditDir)).filter((f) => f.endsWith(".jsonl")).map((f) => readFile(join(auditDir, f), "utf8")))).join("");
  t.notMatch(text, /s3cr3t-value/);
  t.notMatch(text, new RegExp(Buffer.from("s3cr3t-value").toString("base64")));
  t.notMatch(stdout.join("\n"), /s3cr3t-value/);
  const rows = text.split("\n").filter((l) => l.startsWith('{"seq"')).map((l) => JSON.parse(l));
  const byRequest = new Map<string, string[]>();
  for (const r of rows) byRequest.set(r.requestId, [...(byRequest.get(r.requestId) ?? []), r.outcome]);
  t.ok([...byRequest.values()].every((o) => o.length === 2 && o[0] === "attempted" && o[1] !== "attempted"), "attempted then outcome, per request");
  t.equal(report.rows, rows.length);
  t.equal(stdout.filter((l) => l.includes('"msg":"audit"')).length, rows.length, "one stdout line per stored row");
});
