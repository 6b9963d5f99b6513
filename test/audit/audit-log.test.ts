import t from "tap";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createAuditLog, openAuditLog } from "../../server/audit/audit-log.ts";
import { openAuditStore } from "../../server/audit/store.ts";
import { verifyAuditDir } from "../../server/audit/verify.ts";
import { AppError } from "../../server/http/errors.ts";
import { createLogger } from "../../server/http/log.ts";
import { identity, manualClock, tempDir } from "./fixtures.ts";

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger("info", (line) => void lines.push(JSON.parse(line) as Record<string, unknown>));
  return { log, lines, audit: () => lines.filter((l) => l.msg === "audit") };
}

const deploy = { group: "apps", version: "v1", resource: "deployments", namespace: "web", name: "api" };

t.test("begin writes the attempted row before the action, finish the outcome; both on disk and on stdout", async (t) => {
  const dir = await tempDir(t);
  const { log, audit: stdout } = capture();
  const store = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0 });
  const clock = manualClock();
  const audit = createAuditLog({ log, store, clock: clock.now });
  t.teardown(() => audit.close());

  const action = await audit.begin({ requestId: "r1", identity: identity("alice"), verb: "scale", cluster: "prod", resource: deploy, extra: { replicas: 3 } });
  // The attempted row is durable before the caller goes on to the Kubernetes call.
  t.same((await store.search({}, Infinity, 10)).map((r) => r.outcome), ["attempted"]);
  clock.advance(250);
  await action.finish("denied", 'deployments.apps "api" is forbidden: User "alice" cannot patch resource', { status: 403 });
  await action.finish("success"); // ignored: an action ends once

  const rows = (await store.search({ requestId: "r1" }, Infinity, 10)).reverse();
  t.same(rows.map((r) => [r.outcome, r.verb, r.actor.sub, r.actor.email, r.actor.authzMode, r.cluster, r.resource?.name]), [
    ["attempted", "scale", "alice", "alice@example.com", "tier", "prod", "api"],
    ["denied", "scale", "alice", "alice@example.com", "tier", "prod", "api"],
  ]);
  t.same(rows[1]!.extra, { replicas: 3, status: 403 });
  t.match(rows[1]!.reason, /forbidden: User "alice" cannot patch/);
  t.equal(rows[1]!.time, new Date(Date.UTC(2026, 10, 1) + 250).toISOString());

  const lines = stdout();
  t.equal(lines.length, 2, "one stdout line per event");
  t.same(lines.map((l) => [l.outcome, l.seq, l.persisted, l.level]), [
    ["attempted", 1, true, "info"],
    ["denied", 2, true, "info"],
  ]);
  t.equal(lines[1]!.hash, rows[1]!.hash, "stdout carries the chain hash, an outside anchor for the store");
  t.ok((await verifyAuditDir(dir)).ok);
});

t.test("persistence off: events still go to stdout, nothing is refused", async (t) => {
  const { log, audit: stdout } = capture();
  const audit = createAuditLog({ log });
  const a = await audit.begin({ requestId: "r2", identity: identity("bob"), verb: "delete", cluster: "c", resource: deploy });
  await a.finish("success");
  await audit.record({ requestId: "r3", identity: identity("bob"), verb: "logout", outcome: "success" });
  t.same(stdout().map((l) => [l.verb, l.outcome, l.persisted]), [["delete", "attempted", undefined], ["delete", "success", undefined], ["logout", "success", undefined]]);
  t.same(audit.health(), { enabled: false, state: "disabled", failMode: "closed" });
});

t.test("unwritable store: begin refuses with 503 audit_unavailable (fail closed), stdout still has the line, health shows it", async (t) => {
  const base = await tempDir(t);
  await writeFile(join(base, "file"), "");
  const { log, lines, audit: stdout } = capture();
  const store = await openAuditStore({ dir: join(base, "file", "audit"), retentionDays: 0, maxSizeBytes: 0, log });
  const audit = createAuditLog({ log, store });
  t.teardown(() => audit.close());
  const error = await audit.begin({ requestId: "r4", identity: identity("carol"), verb: "delete", cluster: "prod", resource: deploy }).catch((e: unknown) => e);
  t.ok(error instanceof AppError);
  const e = error as AppError;
  t.equal(e.status, 503);
  t.equal(e.code, "audit_unavailable");
  t.match(e.message, /the audit log cannot be written, so this action is refused: audit store open failed in .*: the directory does not exist and cannot be created \(ENOTDIR\)/);
  t.same(stdout().map((l) => [l.verb, l.outcome, l.persisted, l.level]), [["delete", "attempted", false, "error"]]);
  const health = audit.health();
  t.equal(health.state, "failing");
  t.match(health.enabled && health.lastError, /ENOTDIR/);
  t.ok(lines.some((l) => l.msg === "audit store failing"), "logged");
  await t.rejects(audit.record({ requestId: "r5", identity: identity("carol"), verb: "login", outcome: "success" }), { code: "audit_unavailable" });
});

t.test("fail open (operator's choice): the action proceeds and the lost row is logged as an error", async (t) => {
  const base = await tempDir(t);
  await writeFile(join(base, "file"), "");
  const { log, lines } = capture();
  const store = await openAuditStore({ dir: join(base, "file", "audit"), retentionDays: 0, maxSizeBytes: 0 });
  const audit = createAuditLog({ log, store, failOpen: true });
  t.teardown(() => audit.close());
  const action = await audit.begin({ requestId: "r6", identity: identity("dave"), verb: "restart", cluster: "prod", resource: deploy });
  await action.finish("success");
  t.equal(action.attempted.outcome, "attempted");
  t.ok(lines.some((l) => l.level === "error" && String(l.msg).includes("PERISCOPE_AUDIT_FAIL_OPEN")));
  t.equal(audit.health().failMode, "open");
});

t.test("openAuditLog builds from settings: store on when enabled, stdout-only when not", async (t) => {
  const dir = await tempDir(t);
  const { log } = capture();
  const on = await openAuditLog({ settings: { enabled: true, dir, retentionDays: 30, maxSizeMB: 1024, failOpen: false }, log });
  await on.record({ requestId: "r7", identity: identity("erin"), verb: "login", outcome: "success" });
  t.equal(on.health().state, "ok");
  t.equal(on.store?.health().events, 1);
  await on.close();
  const off = await openAuditLog({ settings: { enabled: false, dir, retentionDays: 30, maxSizeMB: 1024, failOpen: false }, log });
  t.equal(off.store, undefined);
});
