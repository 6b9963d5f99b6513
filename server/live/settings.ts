/**
 * Settings for live features, read once at start-up: watch streams (PERISCOPE_WATCH_*), logs and exec defaults
 * (PERISCOPE_EXEC_*). Durations are kept in milliseconds so tests can use short ones; the environment speaks seconds.
 */
import { ConfigError, ConfigErrors } from "../config/config-error.ts";
import { readInt } from "../config/env.ts";
import type { EnvSource } from "../config/env.ts";
import { selectWatchKinds } from "./watch-kinds.ts";

export interface ExecLimits {
  enabled: boolean;
  idleMs: number;
  /** How long before the idle close the user is warned. */
  idleWarnMs: number;
  heartbeatMs: number;
  maxPerUser: number;
  maxTotal: number;
}

export interface LiveSettings {
  watchKinds: Set<string>;
  /** Stream every custom resource kind (PERISCOPE_WATCH_STREAMS token `crds`). */
  watchCustomResources: boolean;
  /** Concurrent SSE streams (watch + logs) per user; 0 = no limit. */
  perUserLimit: number;
  /** SSE heartbeat comment interval. */
  heartbeatMs: number;
  /** Bytes queued for one slow SSE client before the stream stops sending and resyncs. */
  maxBufferedBytes: number;
  /** How often open streams check that their session still exists. */
  sessionCheckMs: number;
  /** First retry delay after an upstream watch/log connection drops (doubles up to 30 s). */
  retryMs: number;
  exec: ExecLimits;
  /** PERISCOPE_WATCH_STREAMS tokens that named nothing (main.ts prints one line). */
  unknownWatchTokens: string[];
  /** PERISCOPE_EXEC_PROBE_ON_BOOT: pre-warm the exec-enabled clusters once listening (cluster-probe.ts). */
  probeClustersOnBoot: boolean;
}

export function defaultLiveSettings(overrides: Partial<Omit<LiveSettings, "exec">> & { exec?: Partial<ExecLimits> } = {}): LiveSettings {
  const { exec, ...rest } = overrides;
  return {
    watchKinds: selectWatchKinds("").kinds,
    watchCustomResources: false,
    perUserLimit: 60,
    heartbeatMs: 15_000,
    maxBufferedBytes: 1 << 20,
    sessionCheckMs: 2_000,
    retryMs: 250,
    unknownWatchTokens: [],
    probeClustersOnBoot: false,
    ...rest,
    exec: { enabled: true, idleMs: 600_000, idleWarnMs: 30_000, heartbeatMs: 20_000, maxPerUser: 5, maxTotal: 50, ...exec },
  };
}

/** PERISCOPE_WATCH_STREAMS, PERISCOPE_WATCH_PER_USER_LIMIT, PERISCOPE_EXEC_*; every bad value is reported at once. */
export function readLiveSettings(env: EnvSource): LiveSettings {
  const errors: ConfigError[] = [];
  const watch = selectWatchKinds(env.PERISCOPE_WATCH_STREAMS);
  const perUserLimit = readInt(env, "PERISCOPE_WATCH_PER_USER_LIMIT", 60, 0, 100_000, errors);
  const idle = readInt(env, "PERISCOPE_EXEC_IDLE_SECONDS", 600, 1, 7 * 86_400, errors);
  const warn = readInt(env, "PERISCOPE_EXEC_IDLE_WARN_SECONDS", 30, 1, 86_400, errors);
  const heartbeat = readInt(env, "PERISCOPE_EXEC_HEARTBEAT_SECONDS", 20, 1, 3_600, errors);
  const maxPerUser = readInt(env, "PERISCOPE_EXEC_MAX_SESSIONS_PER_USER", 5, 1, 10_000, errors);
  const maxTotal = readInt(env, "PERISCOPE_EXEC_MAX_SESSIONS_TOTAL", 50, 1, 100_000, errors);
  const probe = env.PERISCOPE_EXEC_PROBE_ON_BOOT?.trim().toLowerCase();
  if (probe !== undefined && probe !== "" && probe !== "true" && probe !== "false") {
    errors.push(new ConfigError("environment", "PERISCOPE_EXEC_PROBE_ON_BOOT", "true or false", JSON.stringify(probe)));
  }
  if (errors.length > 0) throw new ConfigErrors(errors);
  return defaultLiveSettings({
    watchKinds: watch.kinds,
    watchCustomResources: watch.customResources,
    unknownWatchTokens: watch.unknown,
    probeClustersOnBoot: probe === "true",
    perUserLimit,
    exec: { idleMs: idle * 1000, idleWarnMs: Math.min(warn, idle) * 1000, heartbeatMs: heartbeat * 1000, maxPerUser, maxTotal },
  });
}

/** The one boot line for unknown PERISCOPE_WATCH_STREAMS tokens, or undefined when there are none. */
export function unknownTokensLine(settings: LiveSettings): string | undefined {
  if (settings.unknownWatchTokens.length === 0) return undefined;
  return `PERISCOPE_WATCH_STREAMS: ignoring unknown kind(s) ${settings.unknownWatchTokens.map((t) => JSON.stringify(t)).join(", ")}; use kind names (pods, deployments, …) or aliases core, workloads, networking, storage, cluster, or crds / group/version/plural for custom resources`;
}
