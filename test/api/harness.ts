/**
 * The app under test wired to a real simulator served over HTTPS (test/demo/served-sim.ts): cluster "test" is a
 * kubeconfig backend using the impersonate-only service account, exactly how Periscope reaches a real cluster.
 * Users act through tier groups bound in the simulator's RBAC (read → view, write → edit, admin → cluster-admin).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../server/app.ts";
import type { App } from "../../server/app.ts";
import { setIdentity, tierImpersonation } from "../../server/auth/identity.ts";
import type { Identity, Tier } from "../../server/auth/identity.ts";
import { createClusterRegistry } from "../../server/clusters/registry.ts";
import type { ClusterRegistry } from "../../server/clusters/registry.ts";
import type { ClusterConfig } from "../../server/config/schema/clusters.ts";
import { tierBindings } from "../../server/clusters/demo.ts";
import { createLogger } from "../../server/http/log.ts";
import type { Middleware } from "../../server/http/context.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import type { SimulatorOptions } from "../../server/demo/simulator.ts";
import { startServedSim } from "../demo/served-sim.ts";
import type { ServedSim } from "../demo/served-sim.ts";
import type { AuditSink } from "../../server/api/audited.ts";

export function tierIdentity(subject: string, tier: Tier): Identity {
  return {
    subject,
    email: subject,
    groups: [],
    mode: "oidc",
    authzMode: "tier",
    tier,
    kube: tierImpersonation(subject, tier),
    auditScope: "self",
    expiresAt: undefined,
    sessionKey: undefined,
  };
}

export const USERS = {
  reader: tierIdentity("reader@example.com", "read"),
  writer: tierIdentity("writer@example.com", "write"),
  admin: tierIdentity("admin@example.com", "admin"),
};
export type UserName = keyof typeof USERS;

export interface AuditRow {
  verb: string;
  outcome: string;
  resource: unknown;
  extra: unknown;
  reason?: string | undefined;
}

export interface Harness {
  app: App;
  sims: ServedSim[];
  sim: ServedSim;
  clusters: ClusterRegistry;
  audit: AuditRow[];
  dir: string;
  kubeconfigPath: string;
  call(user: UserName, path: string, init?: RequestInit): Promise<Response>;
  json(user: UserName, path: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> & { [k: string]: any } }>;
  close(): Promise<void>;
}

/** Test-only identity: picked by the `x-test-user` header (the production auth middleware never reads it). */
function testIdentity(): Middleware {
  return (ctx, next) => {
    const name = ctx.request.headers.get("x-test-user") as UserName | null;
    if (name && USERS[name]) setIdentity(ctx, USERS[name]);
    return next();
  };
}

export async function startHarness(options: { sims?: number; simulator?: SimulatorOptions; extraClusters?: ClusterConfig[]; tierBindings?: boolean } = {}): Promise<Harness> {
  const platform = await loadPlatform();
  const sims: ServedSim[] = [];
  for (let i = 0; i < (options.sims ?? 1); i++) {
    const s = await startServedSim(options.simulator ?? {});
    if (options.tierBindings !== false) s.sim.seed(tierBindings());
    sims.push(s);
  }
  const dir = await mkdtemp(join(tmpdir(), "periscope-api-"));
  const configs: ClusterConfig[] = [];
  for (const [i, s] of sims.entries()) {
    const path = join(dir, `kubeconfig-${i}`);
    await writeFile(path, s.kubeconfig, { mode: 0o600 });
    configs.push({ name: i === 0 ? "test" : `test-${i}`, backend: "kubeconfig", kubeconfigPath: path, kubeconfigContext: "impersonator", environment: "test" });
  }
  configs.push(...(options.extraClusters ?? []));
  const log = createLogger("error", () => undefined);
  const clusters = await createClusterRegistry(configs, { platform, log, env: {}, configSource: "test" });
  const audit: AuditRow[] = [];
  const sink: AuditSink = {
    async begin(event) {
      audit.push({ verb: event.verb, outcome: "attempted", resource: event.resource, extra: event.extra });
      return {
        async finish(outcome, reason) {
          audit.push({ verb: event.verb, outcome, resource: event.resource, extra: event.extra, reason });
        },
      };
    },
  };
  const app = createApp({ log, platform, clusters, middleware: [testIdentity()], audit: sink as never });
  const call = (user: UserName, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("x-test-user", user);
    return app.handle(new Request(`http://periscope.test${path}`, { ...init, headers }), { remoteAddress: "127.0.0.1" });
  };
  return {
    app,
    sims,
    sim: sims[0]!,
    clusters,
    audit,
    dir,
    kubeconfigPath: join(dir, "kubeconfig-0"),
    call,
    async json(user, path, init) {
      const res = await call(user, path, init);
      const text = await res.text();
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        body = { text };
      }
      return { status: res.status, body };
    },
    async close() {
      await clusters.close();
      for (const s of sims) await s.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
