/**
 * The real server for the live tests: createApp with the live routes on platform.serve (127.0.0.1, random port),
 * cluster "test" = the simulator over HTTPS through a kubeconfig with the impersonate-only service account, with
 * the logs and exec hooks installed. Users are tier identities picked by an `x-test-user` header through a small
 * auth service double whose sessions the test can end (to prove `auth_expired`).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../server/app.ts";
import type { App } from "../../server/app.ts";
import type { AuthService } from "../../server/auth/auth-service.ts";
import type { Identity } from "../../server/auth/identity.ts";
import { tierBindings } from "../../server/clusters/demo.ts";
import { createClusterRegistry } from "../../server/clusters/registry.ts";
import type { ClusterRegistry } from "../../server/clusters/registry.ts";
import type { ClusterConfig } from "../../server/config/schema/clusters.ts";
import { installExtras } from "../../server/demo/world/install.ts";
import type { KubeObject } from "../../server/demo/types.ts";
import { createLogger } from "../../server/http/log.ts";
import { defaultLiveSettings } from "../../server/live/settings.ts";
import type { LiveSettings } from "../../server/live/settings.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import type { Platform, Server } from "../../server/platform/types.ts";
import { startServedSim } from "../demo/served-sim.ts";
import type { ServedSim } from "../demo/served-sim.ts";
import { tierIdentity } from "../api/harness.ts";
import { liveFixtures } from "./fixtures.ts";
import { SseClient } from "./sse-client.ts";

export interface AuditRecord {
  verb: string;
  outcome: string;
  reason?: string | undefined;
  cluster?: string | undefined;
  resource?: unknown;
  extra?: Record<string, unknown> | undefined;
}

export interface LiveHarness {
  app: App;
  platform: Platform;
  server: Server;
  base: string;
  sim: ServedSim;
  clusters: ClusterRegistry;
  settings: LiveSettings;
  audit: AuditRecord[];
  logs: string[];
  /** End a user's session (their streams get auth_expired at the next check). */
  endSession(user: string): void;
  headers(user: string): Record<string, string>;
  sse(user: string, path: string, headers?: Record<string, string>): Promise<SseClient>;
  create(object: KubeObject): KubeObject;
  update(plural: string, group: string, namespace: string, name: string, change: (o: KubeObject) => void): KubeObject;
  remove(plural: string, group: string, namespace: string, name: string): void;
  close(): Promise<void>;
}

export interface LiveHarnessOptions {
  settings?: Parameters<typeof defaultLiveSettings>[0];
  extraClusters?: (kubeconfigPath: string) => ClusterConfig[];
  logLineIntervalMs?: number;
  logMaxHistoryLines?: number;
  seed?: KubeObject[];
  bookmarkIntervalMs?: number;
  /** Replace the recording audit sink (e.g. the real createAuditLog, or one that fails). */
  audit?: (log: ReturnType<typeof createLogger>) => unknown;
  /** Wrap the platform the app sees (fault injection: a failing upgrade, counted pings). */
  platform?: (platform: Platform) => Platform;
}

const TIERS: Record<string, Identity> = {
  reader: tierIdentity("reader@example.com", "read"),
  reader2: tierIdentity("reader2@example.com", "read"),
  writer: tierIdentity("writer@example.com", "write"),
  admin: tierIdentity("admin@example.com", "admin"),
};

/** An AuthService double: the identity from `x-test-user`, a session per user that the test can end. */
function testAuth(ended: Set<string>): AuthService {
  const identityOf = (request: Request): Identity | undefined => {
    const name = request.headers.get("x-test-user");
    const base = name ? TIERS[name] : undefined;
    return base ? { ...base, sessionKey: `session-${name}` } : undefined;
  };
  const partial: Partial<AuthService> = {
    mode: "oidc",
    publicPaths: [],
    authenticate: (ctx) => Promise.resolve(identityOf(ctx.request)),
    staleCookie: () => undefined,
    sessionExpiresAt: (key) => (key && !ended.has(key) ? Date.now() + 3_600_000 : undefined),
    close: () => {},
  };
  return partial as AuthService;
}

export async function startLiveHarness(options: LiveHarnessOptions = {}): Promise<LiveHarness> {
  const platform = await loadPlatform();
  const sim = await startServedSim({ seed: options.seed ?? liveFixtures(), bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000 });
  sim.sim.seed(tierBindings());
  installExtras(sim.sim, { platform, logs: { lineIntervalMs: options.logLineIntervalMs ?? 30, maxHistoryLines: options.logMaxHistoryLines } });
  const dir = await mkdtemp(join(tmpdir(), "periscope-live-"));
  const kubeconfigPath = join(dir, "kubeconfig");
  await writeFile(kubeconfigPath, sim.kubeconfig, { mode: 0o600 });
  const configs: ClusterConfig[] = [
    { name: "test", backend: "kubeconfig", kubeconfigPath, kubeconfigContext: "impersonator" },
    ...(options.extraClusters?.(kubeconfigPath) ?? []),
  ];
  const logs: string[] = [];
  const log = createLogger("debug", (line) => void logs.push(line));
  const clusters = await createClusterRegistry(configs, { platform, log, env: {}, configSource: "test" });
  const audit: AuditRecord[] = [];
  const sink = {
    record: async (e: AuditRecord) => void audit.push({ verb: e.verb, outcome: e.outcome, reason: e.reason, cluster: e.cluster, resource: e.resource, extra: e.extra }),
    begin: () => Promise.reject(new Error("not used by the live routes")),
  };
  const ended = new Set<string>();
  const settings = defaultLiveSettings({ heartbeatMs: 200, sessionCheckMs: 50, retryMs: 20, maxBufferedBytes: 64 * 1024, ...options.settings });
  const app = createApp({ log, platform: options.platform ? options.platform(platform) : platform, clusters, auth: testAuth(ended), audit: (options.audit ? options.audit(log) : sink) as never, live: settings });
  const server = await platform.serve(app.handle, { hostname: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${server.port}`;
  const headers = (user: string) => ({ "x-test-user": user });
  const typeOf = (plural: string, group: string) => sim.sim.store.types.find(group, plural)!;
  return {
    app,
    platform,
    server,
    base,
    sim,
    clusters,
    settings,
    audit,
    logs,
    endSession: (user) => ended.add(`session-${user}`),
    headers,
    sse: (user, path, extra = {}) => SseClient.open(base + path, { ...headers(user), ...extra }),
    create: (object) => sim.sim.store.create(typeOf(kindPlural(object.kind), groupOf(object.apiVersion)), object) as KubeObject,
    update(plural, group, namespace, name, change) {
      const type = typeOf(plural, group);
      const current = structuredClone(sim.sim.store.get(type, namespace || undefined, name)) as KubeObject;
      change(current);
      return sim.sim.store.update(type, current) as KubeObject;
    },
    remove(plural, group, namespace, name) {
      sim.sim.store.delete(typeOf(plural, group), namespace || undefined, name);
    },
    async close() {
      app.shutdown("test over");
      await server.close(200);
      await clusters.close();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes("/") ? apiVersion.split("/")[0]! : "";
}

function kindPlural(kind: string): string {
  return kind.toLowerCase() + "s";
}
