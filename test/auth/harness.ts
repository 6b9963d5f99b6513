/**
 * A real Periscope app (createApp + the oidc AuthService) served on 127.0.0.1 next to a real oidc-provider, with a
 * settable clock for timeouts and refresh. Sign-in is driven by TestBrowser exactly as a browser would.
 */
import { createApp } from "../../server/app.ts";
import type { App } from "../../server/app.ts";
import type { AuthEvent } from "../../server/auth/auth-service.ts";
import { createOidcAuth } from "../../server/auth/oidc-auth.ts";
import type { OidcAuthService } from "../../server/auth/oidc-auth.ts";
import { parseAuthText } from "../../server/config/auth-file.ts";
import { createLogger } from "../../server/http/log.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import type { Server } from "../../server/platform/types.ts";
import { createDemoBackend } from "../../server/clusters/demo.ts";
import { createClusterRegistry } from "../../server/clusters/registry.ts";
import type { ClusterRegistry } from "../../server/clusters/registry.ts";
import { TestBrowser } from "../idp/browser.ts";
import { startIdp } from "../idp/oidc-idp.ts";
import type { IdpOptions, IdpUser, TestIdp } from "../idp/oidc-idp.ts";

export interface Harness {
  idp: TestIdp;
  app: App;
  auth: OidcAuthService;
  base: string;
  /** Test clock, epoch ms; advance with `advance`. */
  now(): number;
  advance(ms: number): void;
  events: AuthEvent[];
  logs: string[];
  /** Impersonation headers as they reached the demo cluster's simulator (when `cluster: true`). */
  seenAtCluster: Array<{ path: string; user: string | null; groups: string | null; requestId: string | null }>;
  /** A fresh browser signed in as `user` (asserts the sign-in landed back on the app). */
  signIn(user: IdpUser, next?: string): Promise<TestBrowser>;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<IdpOptions> {
  shape: IdpOptions["shape"];
  /** Extra YAML under `authorization:` (indented by the caller as plain `key: value` lines). */
  authorization?: Record<string, unknown>;
  session?: Record<string, unknown>;
  /** Replace the client secret Periscope uses (to prove a wrong one fails). */
  periscopeSecret?: string;
  rateLimit?: { capacity: number; refillPerSecond: number };
  /** The dashboard's own denied / signed-out pages (as main.ts passes them). */
  pagePaths?: { denied?: string; signedOut?: string };
  /** Register the in-process demo cluster "demo" (impersonate-only service account, tier bindings). */
  cluster?: boolean;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const platform = await loadPlatform();
  const logs: string[] = [];
  const log = createLogger("debug", (line) => void logs.push(line));
  let appRef: App | undefined;
  const server: Server = await platform.serve((request, conn) => appRef!.handle(request, conn), { hostname: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${server.port}`;
  const idp = await startIdp({ ...options, appBase: base });

  let offset = 0;
  const now = () => Date.now() + offset;
  const yaml = [
    "oidc:",
    `  issuer: ${JSON.stringify(idp.issuer)}`,
    `  clientID: ${JSON.stringify(idp.clientId)}`,
    `  clientSecret: "\${TEST_OIDC_SECRET}"`,
    `  redirectURL: ${JSON.stringify(`${base}/api/auth/callback`)}`,
    `  postLogoutRedirect: ${JSON.stringify(`${base}/api/auth/loggedout`)}`,
    `  providerName: ${options.shape === "auth0" ? "Auth0" : "Okta"}`,
    ...(idp.audience ? [`  audience: ${JSON.stringify(idp.audience)}`] : []),
    "authorization:",
    `  groupsClaim: ${JSON.stringify(idp.groupsClaim)}`,
    ...Object.entries(options.authorization ?? {}).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
    ...(options.session ? ["session:", ...Object.entries(options.session).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)] : []),
  ].join("\n");
  const settings = await parseAuthText(yaml, "auth.yaml", { env: { TEST_OIDC_SECRET: options.periscopeSecret ?? idp.clientSecret } });
  const events: AuthEvent[] = [];
  const auth = await createOidcAuth({ settings, log, now, onEvent: (e) => void events.push(e), rateLimit: options.rateLimit, jwksCooldownMs: 0, pagePaths: options.pagePaths });
  const seenAtCluster: Harness["seenAtCluster"] = [];
  let clusters: ClusterRegistry | undefined;
  if (options.cluster) {
    clusters = await createClusterRegistry([{ name: "demo", backend: "demo" }], { platform, log, env: {}, configSource: "test" }, {
      demo: async (config, deps) => {
        const backend = await createDemoBackend(config, deps);
        const sim = backend.simulator;
        const recording = async (request: Request) => {
          const h = request.headers;
          seenAtCluster.push({ path: new URL(request.url).pathname, user: h.get("impersonate-user"), groups: h.get("impersonate-group"), requestId: h.get("impersonate-extra-periscope-request-id") });
          return sim.handle(request, { remoteAddress: "in-process" });
        };
        return {
          ...backend,
          connect: async (identity) => {
            const conn = await backend.connect(identity);
            return { ...conn, fetch: (input, init) => recording(input instanceof Request && init === undefined ? input : new Request(input, init)) };
          },
        };
      },
    });
  }
  const app = createApp({ log, platform, auth, ...(clusters ? { clusters } : {}) });
  appRef = app;

  return {
    idp,
    app,
    auth,
    base,
    now,
    advance: (ms) => {
      offset += ms;
    },
    events,
    logs,
    seenAtCluster,
    async signIn(user, next = "/") {
      idp.user = user;
      const browser = new TestBrowser();
      const result = await browser.navigate(`${base}/api/auth/login?next=${encodeURIComponent(next)}`);
      const last = result.hops.at(-1)!;
      if (!result.url.startsWith(base) || !browser.cookie("periscope_session")) {
        throw new Error(`sign-in did not complete: ${result.hops.map((h) => `${h.status} ${h.url}`).join(" → ")} (last ${last.status})`);
      }
      return browser;
    },
    async close() {
      auth.close();
      app.shutdown();
      await server.close(100);
      await clusters?.close();
      await idp.close();
    },
  };
}
