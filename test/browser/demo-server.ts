/**
 * The real app in-process (createApp, dev auth, the demo backend) seeded with a generated demo world of any
 * size, served on 127.0.0.1. Tests and the UI bench reach the simulator directly to change the world.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../server/app.ts";
import { openAuditLog } from "../../server/audit/audit-log.ts";
import type { AuditLog } from "../../server/audit/audit-log.ts";
import { readAuditSettings } from "../../server/audit/settings.ts";
import type { App } from "../../server/app.ts";
import { createDevAuth } from "../../server/auth/auth-service.ts";
import type { AuthService } from "../../server/auth/auth-service.ts";
import { setIdentity, tierImpersonation } from "../../server/auth/identity.ts";
import type { Identity, Tier } from "../../server/auth/identity.ts";
import type { Middleware } from "../../server/http/context.ts";
import type { LiveSettings } from "../../server/live/settings.ts";
import { createDemoBackend } from "../../server/clusters/demo.ts";
import { createClusterRegistry } from "../../server/clusters/registry.ts";
import { noAuthFileSettings } from "../../server/config/auth-file.ts";
import type { Simulator } from "../../server/demo/simulator.ts";
import { createLogger } from "../../server/http/log.ts";
import { loadPlatform } from "../../server/platform/load.ts";

export interface DemoServer {
  base: string;
  app: App;
  simulator: Simulator;
  audit: AuditLog;
  /** With `sessions: true`: end the dev user's session (open streams get auth_expired, pages go to sign-in). */
  endSession(): void;
  stop(): Promise<void>;
}

export interface DemoServerOptions {
  pods?: number;
  users?: Record<string, Identity>;
  live?: LiveSettings;
  /** Give the dev identity a session the test can end (dev mode has none). */
  sessions?: boolean;
}

/** An OIDC-like identity acting with one tier, for tests of what lesser users see. */
export function tierUser(subject: string, tier: Tier): Identity {
  return { subject, email: subject, groups: [], mode: "oidc", authzMode: "tier", tier, kube: tierImpersonation(subject, tier), auditScope: "self", expiresAt: undefined, sessionKey: undefined };
}

/** Test only: `x-test-user: NAME` picks one of `users` (the production middleware never reads it). */
function testUsers(users: Record<string, Identity>): Middleware {
  return (ctx, next) => {
    const name = ctx.request.headers.get("x-test-user");
    const user = name ? users[name] : undefined;
    if (user) setIdentity(ctx, user);
    return next();
  };
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const platform = await loadPlatform();
  const log = createLogger("error", () => {});
  // A real audit store in a throw-away directory, so the audit page has rows to show.
  const auditDir = await mkdtemp(join(tmpdir(), "periscope-ui-audit-"));
  const audit = await openAuditLog({ settings: readAuditSettings({ PERISCOPE_AUDIT_ENABLED: "true", PERISCOPE_AUDIT_DIR: auditDir }), log });
  let simulator: Simulator | undefined;
  const clusters = await createClusterRegistry(
    [{ name: "demo", backend: "demo", environment: "demo" }],
    { platform, log, env: {}, configSource: "test" },
    {
      demo: async (config, deps) => {
        // No churn: tests change the world themselves and expect nothing else to move.
        const backend = await createDemoBackend(config, deps, { world: { pods: options.pods, seed: "periscope-ui" }, churn: false });
        simulator = backend.simulator;
        return backend;
      },
    },
  );
  const devAuth = createDevAuth({ settings: noAuthFileSettings(), log, onEvent: async (e) => void (await audit.record(e)) });
  // The auth double: the dev identity with one session; once ended, visitors are signed out.
  let ended = false;
  const auth: AuthService = !options.sessions
    ? devAuth
    : {
        ...devAuth,
        authenticate: async (ctx) => (ended ? undefined : { ...(await devAuth.authenticate(ctx))!, sessionKey: "demo-session" }),
        sessionExpiresAt: (key) => (key === "demo-session" && !ended ? Date.now() + 3_600_000 : undefined),
      };
  const app = createApp({ log, platform, auth, clusters, audit, live: options.live, middleware: options.users ? [testUsers(options.users)] : [] });
  const server = await platform.serve(app.handle, { hostname: "127.0.0.1", port: 0 });
  return {
    base: `http://127.0.0.1:${server.port}`,
    app,
    simulator: simulator!,
    audit,
    endSession: () => void (ended = true),
    async stop() {
      app.shutdown();
      await server.close(500);
      await clusters.close();
      await audit.close();
      await rm(auditDir, { recursive: true, force: true });
    },
  };
}
