/** PERISCOPE_WATCH_* and PERISCOPE_EXEC_* parsing, and per-cluster exec overrides over the global defaults. */
import t from "tap";
import { ConfigErrors } from "../../server/config/config-error.ts";
import { execLimitsFor } from "../../server/live/exec-sessions.ts";
import { readLiveSettings, unknownTokensLine } from "../../server/live/settings.ts";
import { DEFAULT_WATCH_KINDS, selectWatchKinds } from "../../server/live/watch-kinds.ts";

t.test("watch stream selection: empty/all, off/none, kinds, short names and aliases", async (t) => {
  t.equal(DEFAULT_WATCH_KINDS.length, 22);
  t.equal(new Set(DEFAULT_WATCH_KINDS).size, 22);
  t.same([...selectWatchKinds(undefined).kinds], DEFAULT_WATCH_KINDS);
  t.same([...selectWatchKinds(" ALL ").kinds], DEFAULT_WATCH_KINDS);
  t.equal(selectWatchKinds("off").kinds.size, 0);
  t.equal(selectWatchKinds("none").kinds.size, 0);
  const mixed = selectWatchKinds("pods, hpa,pvcs storage, deploy, cluster");
  t.same([...mixed.kinds], ["pods", "horizontalpodautoscalers", "persistentvolumeclaims", "persistentvolumes", "storageclasses", "deployments", "nodes", "namespaces", "priorityclasses", "runtimeclasses"]);
  t.same(mixed.unknown, []);
  const typo = selectWatchKinds("pods,deploymens,networkin");
  t.same([...typo.kinds], ["pods"]);
  t.same(typo.unknown, ["deploymens", "networkin"]);
});

t.test("environment: defaults, values, and every bad value reported by name", async (t) => {
  const d = readLiveSettings({});
  t.equal(d.perUserLimit, 60);
  t.same(d.exec, { enabled: true, idleMs: 600_000, idleWarnMs: 30_000, heartbeatMs: 20_000, maxPerUser: 5, maxTotal: 50 });
  t.equal(unknownTokensLine(d), undefined);
  const s = readLiveSettings({ PERISCOPE_WATCH_STREAMS: "core,bogus", PERISCOPE_WATCH_PER_USER_LIMIT: "0", PERISCOPE_EXEC_IDLE_SECONDS: "120", PERISCOPE_EXEC_IDLE_WARN_SECONDS: "300", PERISCOPE_EXEC_MAX_SESSIONS_PER_USER: "2" });
  t.same([...s.watchKinds], ["pods", "events"]);
  t.equal(s.perUserLimit, 0, "0 = no limit");
  t.equal(s.exec.idleMs, 120_000);
  t.equal(s.exec.idleWarnMs, 120_000, "the warning cannot come before the session starts");
  t.equal(s.exec.maxPerUser, 2);
  t.match(unknownTokensLine(s), /PERISCOPE_WATCH_STREAMS: ignoring unknown kind\(s\) "bogus"/);
  try {
    readLiveSettings({ PERISCOPE_WATCH_PER_USER_LIMIT: "lots", PERISCOPE_EXEC_HEARTBEAT_SECONDS: "0", PERISCOPE_EXEC_PROBE_ON_BOOT: "maybe" });
    t.fail("should throw");
  } catch (error) {
    t.ok(error instanceof ConfigErrors);
    const text = (error as Error).message;
    for (const name of ["PERISCOPE_WATCH_PER_USER_LIMIT", "PERISCOPE_EXEC_HEARTBEAT_SECONDS", "PERISCOPE_EXEC_PROBE_ON_BOOT"]) t.match(text, name);
  }
});

t.test("per-cluster exec overrides", async (t) => {
  const global = readLiveSettings({}).exec;
  t.same(execLimitsFor(global, undefined), { ...global, clusterMaxTotal: undefined });
  const prod = execLimitsFor(global, { serverIdleSeconds: 1800, maxSessionsPerUser: 1, maxSessionsTotal: 3 });
  t.equal(prod.idleMs, 1_800_000);
  t.equal(prod.idleWarnMs, 30_000);
  t.equal(prod.maxPerUser, 1);
  t.equal(prod.clusterMaxTotal, 3);
  t.equal(execLimitsFor(global, { enabled: false }).enabled, false);
});
