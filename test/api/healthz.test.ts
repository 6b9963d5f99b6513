import t from "tap";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../server/app.ts";
import { openAuditLog } from "../../server/audit/audit-log.ts";
import { createLogger } from "../../server/http/log.ts";
import { nodePlatform } from "../../server/platform/node.ts";

const log = createLogger("error", () => {});
const conn = { remoteAddress: "127.0.0.1" };

t.test("/healthz is plain ok for probes", async (t) => {
  const app = createApp({ log, platform: nodePlatform });
  const res = await app.handle(new Request("http://x/healthz"), conn);
  t.equal(res.status, 200);
  t.equal(await res.text(), "ok");
});

t.test("/healthz?detail shows the audit store state without its directory", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "periscope-health-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const audit = await openAuditLog({
    settings: { enabled: true, dir, retentionDays: 30, maxSizeMB: 10, failOpen: false },
    log,
  });
  t.teardown(() => audit.close());
  const app = createApp({ log, platform: nodePlatform, audit });
  const body = (await (await app.handle(new Request("http://x/healthz?detail"), conn)).json()) as {
    status: string;
    audit: Record<string, unknown>;
  };
  t.equal(body.status, "ok");
  t.match(body.audit, { enabled: true, state: "ok" });
  t.notOk("dir" in body.audit, "no filesystem path in the public detail");
  t.notOk(JSON.stringify(body).includes(dir));
});

t.test("/healthz?detail without persistence says disabled", async (t) => {
  const audit = await openAuditLog({ settings: { enabled: false, dir: "/nonexistent", retentionDays: 30, maxSizeMB: 10, failOpen: false }, log });
  const app = createApp({ log, platform: nodePlatform, audit });
  const body = (await (await app.handle(new Request("http://x/healthz?detail"), conn)).json()) as { audit: { state: string } };
  t.equal(body.audit.state, "disabled");
});

t.test("/healthz?detail reports degraded while the audit store is failing", async (t) => {
  // The store's own tests produce real ENOSPC failures; here only the mapping to the health document is checked.
  const audit = await openAuditLog({ settings: { enabled: false, dir: "/nonexistent", retentionDays: 30, maxSizeMB: 10, failOpen: false }, log });
  const failing = { ...audit, health: () => ({ enabled: true, failMode: "closed", state: "failing", dir: "/secret/path", lastError: "the disk is full (ENOSPC)" }) } as unknown as typeof audit;
  const app = createApp({ log, platform: nodePlatform, audit: failing });
  const res = await app.handle(new Request("http://x/healthz?detail"), conn);
  const body = (await res.json()) as { status: string; audit: Record<string, unknown> };
  t.equal(body.status, "degraded");
  t.equal(body.audit.lastError, "the disk is full (ENOSPC)");
  t.notOk("dir" in body.audit);
  const plain = await app.handle(new Request("http://x/healthz"), conn);
  t.equal(await plain.text(), "ok", "the probe stays ok");
});
