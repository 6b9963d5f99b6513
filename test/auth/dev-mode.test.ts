/** Dev mode through the real app: the fixed identity, loudly labelled; auth routes and the middleware's edges. */
import t from "tap";
import { createApp } from "../../server/app.ts";
import { createAuth } from "../../server/auth/create-auth.ts";
import { loadAuthSettings, parseAuthText } from "../../server/config/auth-file.ts";
import { createLogger } from "../../server/http/log.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import { TestBrowser } from "../idp/browser.ts";
import { startHarness } from "./harness.ts";

const conn = { remoteAddress: "127.0.0.1" };
const log = createLogger("error", () => {});

t.test("no auth file: dev identity with tier admin, labelled in config and whoami", async (t) => {
  const platform = await loadPlatform();
  const auth = await createAuth({ settings: await loadAuthSettings({ env: {} }), log });
  const app = createApp({ log, platform, auth });
  const config = (await (await app.handle(new Request("http://x/api/auth/config"), conn)).json()) as Record<string, unknown>;
  t.match(config, { mode: "dev", providerName: "development mode", warning: /development mode/ });
  const me = (await (await app.handle(new Request("http://x/api/auth/whoami"), conn)).json()) as Record<string, unknown>;
  t.match(me, { subject: "dev@local", mode: "dev", authzMode: "tier", tier: "admin", auditScope: "all", impersonation: { user: "dev@local", groups: ["periscope-tier:admin"] } });
  const login = await app.handle(new Request("http://x/api/auth/login?next=/fleet"), conn);
  t.equal(login.status, 303);
  t.equal(login.headers.get("location"), "/fleet");
  const page = await app.handle(new Request("http://x/login"), conn);
  t.equal(page.status, 200);
  t.match(await page.text(), /development mode/i);
});

t.test("dev mode with a file follows its authorization rules (never admin by default)", async (t) => {
  const settings = await parseAuthText("dev:\n  subject: dana\n  groups: [devs]\nauthorization:\n  groupTiers: { devs: write }\n", "auth.yaml", { env: {} });
  const auth = await createAuth({ settings, log });
  const app = createApp({ log, platform: await loadPlatform(), auth });
  const me = (await (await app.handle(new Request("http://x/api/auth/whoami"), conn)).json()) as Record<string, unknown>;
  t.match(me, { subject: "dana", mode: "dev", tier: "write", auditScope: "self" });

  const denied = await parseAuthText("authorization:\n  defaultTier: \"\"\n", "auth.yaml", { env: {} });
  await t.rejects(createAuth({ settings: denied, log }), /auth\.yaml: dev\.groups: expected groups allowed by authorization\.allowedGroups and mapped to a tier/);
});

t.test("oidc middleware: public paths pass, API gets JSON 401, pages redirect, fallback login page", async (t) => {
  const h = await startHarness({ shape: "okta" });
  t.teardown(() => h.close());
  t.equal((await fetch(`${h.base}/healthz`)).status, 200);
  const login = await fetch(`${h.base}/login?next=/x&error=idp_unavailable`);
  t.equal(login.status, 200);
  const html = await login.text();
  t.match(html, /Sign in with Okta/);
  t.match(html, /could not be reached/);
  t.match(html, /href="\/api\/auth\/login\?next=%2Fx"/);
  t.equal((await fetch(`${h.base}/vendor/nothing.js`)).status, 404, "static paths are not behind sign-in");
  const api = await fetch(`${h.base}/api/clusters`, { headers: { accept: "text/html" } });
  t.equal(api.status, 401, "API paths never redirect");
  t.same(((await api.json()) as { code: string }).code, "unauthenticated");
  const post = await fetch(`${h.base}/anything`, { method: "POST" });
  t.equal(post.status, 401);
  const logoutAnon = await fetch(`${h.base}/api/auth/logout`, { method: "POST", redirect: "manual" });
  t.equal(logoutAnon.status, 303, "logout without a session still lands on the signed-out page");
});

t.test("cookies: Secure behind TLS-terminating proxies, optional Domain, HttpOnly and Lax always", async (t) => {
  const h = await startHarness({ shape: "okta", session: { cookieDomain: "periscope.example.com", cookieName: "ps" } });
  t.teardown(() => h.close());
  const plain = await fetch(`${h.base}/api/auth/login`, { redirect: "manual" });
  t.match(plain.headers.get("set-cookie"), /^ps_login=[^;]+; Path=\/api\/auth; HttpOnly; SameSite=Lax; Max-Age=600; Domain=periscope\.example\.com$/);
  const proxied = await fetch(`${h.base}/api/auth/login`, { redirect: "manual", headers: { "x-forwarded-proto": "https" } });
  t.match(proxied.headers.get("set-cookie"), /; Secure; Domain=periscope\.example\.com$/);
});

t.test("with the dashboard's pages: denied and signed-out redirect there, and those pages need no session", async (t) => {
  const h = await startHarness({ shape: "okta", pagePaths: { denied: "/denied", signedOut: "/signed-out" }, authorization: { allowedGroups: ["ok"] } });
  t.teardown(() => h.close());
  h.idp.user = { sub: "eve", email: "eve@example.com", groups: ["nope"] };
  const denied = await new TestBrowser().navigate(`${h.base}/api/auth/login`);
  t.equal(denied.url, `${h.base}/denied?reason=not_in_allowed_groups`);
  t.equal(denied.response?.status, 403, "the dashboard's denied page, reached without a session");

  const b = await h.signIn({ sub: "ok-user", email: "ok@example.com", groups: ["ok"] });
  const out = await b.navigate(`${h.base}/api/auth/logout`, { method: "POST", headers: { origin: h.base } });
  t.equal(out.url, `${h.base}/signed-out`);
  t.equal(out.response?.status, 200);
  t.match(await out.response!.text(), /signed out/i);
});
