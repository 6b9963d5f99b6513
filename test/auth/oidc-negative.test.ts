/**
 * Everything that must NOT sign anyone in, against the real provider: forged or broken ID tokens (the provider's
 * token response rewritten in flight), broken flow state, outages, wrong credentials, policy denials, CSRF.
 */
import t from "tap";
import { createOidcAuth } from "../../server/auth/oidc-auth.ts";
import { parseAuthText } from "../../server/config/auth-file.ts";
import { ConfigError } from "../../server/config/config-error.ts";
import { createLogger } from "../../server/http/log.ts";
import { TestBrowser } from "../idp/browser.ts";
import { decodeJwt, generateKeyPair, hs256WithPublicKey, signJwt, unsignedJwt } from "../idp/jwt-sign.ts";
import { startHarness } from "./harness.ts";
import type { Harness } from "./harness.ts";

const alice = { sub: "alice", email: "alice@example.com", groups: ["devs"] };

/** Runs a sign-in and returns where the browser ended up. */
async function attempt(h: Harness, user = alice): Promise<{ browser: TestBrowser; url: string; status: number | undefined; body: string }> {
  h.idp.user = user;
  const browser = new TestBrowser();
  const result = await browser.navigate(`${h.base}/api/auth/login`);
  return { browser, url: result.url, status: result.response?.status, body: (await result.response?.text()) ?? "" };
}

t.test("forged and broken ID tokens are refused", async (t) => {
  const h = await startHarness({ shape: "auth0" });
  t.teardown(() => h.close());
  const key = h.idp.signingKey;
  const resign = (mutate: (p: Record<string, unknown>) => void) => async (token: string) => {
    const { header, payload } = decodeJwt(token);
    mutate(payload);
    return signJwt(header, payload, key.privateKey);
  };
  const nowS = () => Math.floor(Date.now() / 1000);
  const rogue = await generateKeyPair("RS256", "rogue-kid");

  const cases: Array<[string, (token: string) => Promise<string> | string, RegExp]> = [
    ["wrong nonce", resign((p) => void (p.nonce = "not-the-nonce")), /nonce/],
    ["expired", resign((p) => void Object.assign(p, { iat: nowS() - 7200, exp: nowS() - 3600 })), /expired/],
    ["not yet valid", resign((p) => void (p.nbf = nowS() + 3600)), /not valid yet/],
    ["wrong audience", resign((p) => void (p.aud = "someone-else")), /aud/],
    ["foreign authorized party", resign((p) => void Object.assign(p, { aud: [h.idp.clientId, "other"], azp: "other" })), /azp/],
    ["wrong issuer", resign((p) => void (p.iss = "http://evil.example/")), /issuer/],
    ["alg none", (token) => unsignedJwt({ ...decodeJwt(token).payload, groups: ["admins"] }), /algorithm ..none.. is not allowed/],
    ["HS256 key confusion", (token) => hs256WithPublicKey(decodeJwt(token).payload, key.publicJwk, key.kid), /algorithm ..HS256.. is not allowed/],
    ["unknown kid", async (token) => signJwt({ alg: "RS256", kid: rogue.kid }, decodeJwt(token).payload, rogue.privateKey), /unknown signing key/],
    [
      "tampered payload",
      (token) => {
        const [hd, , sig] = token.split(".");
        const payload = { ...decodeJwt(token).payload, [h.idp.groupsClaim]: ["admins"] };
        return `${hd}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${sig}`;
      },
      /signature/,
    ],
  ];
  for (const [name, tamper, reason] of cases) {
    h.idp.tamper = tamper;
    const fetchesBefore = h.auth.client.jwks.fetches;
    const { browser, url } = await attempt(h);
    t.equal(new URL(url).pathname + new URL(url).search, "/login?error=invalid_token", `${name}: back to the login screen`);
    t.equal(browser.cookie("periscope_session"), undefined, `${name}: no session`);
    const line = h.logs.filter((l) => l.includes('"sign-in failed"')).at(-1) ?? "";
    t.match(line, reason, `${name}: the log names why`);
    t.notMatch(line, /eyJ/, `${name}: no token in the log`);
    if (name === "unknown kid") t.equal(h.auth.client.jwks.fetches, fetchesBefore + 1, "unknown kid refetches the key set once");
  }
  h.idp.tamper = undefined;
  t.equal(h.auth.sessions.size, 0);
  await h.signIn(alice);
  t.equal(h.auth.sessions.size, 1, "the untampered provider still works");
});

t.test("flow state: wrong state, forged login cookie, missing iss, replayed code", async (t) => {
  const h = await startHarness({ shape: "okta" });
  t.teardown(() => h.close());
  h.idp.user = alice;
  const isCallback = (u: URL) => u.pathname === "/api/auth/callback";

  // Wrong state.
  let b = new TestBrowser();
  let step = await b.navigate(`${h.base}/api/auth/login`, { stopAt: isCallback });
  let cb = new URL(step.url);
  cb.searchParams.set("state", "forged-state");
  let end = await b.navigate(cb.toString());
  t.equal(end.url, `${h.base}/login?error=state_mismatch`);
  t.equal(b.cookie("periscope_session"), undefined);

  // Forged login cookie (body changed, signature kept).
  b = new TestBrowser();
  step = await b.navigate(`${h.base}/api/auth/login`, { stopAt: isCallback });
  const flow = b.cookie("periscope_session_login")!;
  const [body, mac] = flow.split(".");
  const forged = JSON.parse(Buffer.from(body!, "base64url").toString());
  forged.returnTo = "/elsewhere";
  b.setCookie("periscope_session_login", `${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${mac}`, "127.0.0.1", "/api/auth");
  end = await b.navigate(step.url);
  t.equal(end.url, `${h.base}/login?error=state_mismatch`);

  // The provider advertises RFC 9207 `iss`, so a response without it is refused.
  b = new TestBrowser();
  step = await b.navigate(`${h.base}/api/auth/login`, { stopAt: isCallback });
  cb = new URL(step.url);
  t.equal(cb.searchParams.get("iss"), h.idp.issuer);
  cb.searchParams.delete("iss");
  end = await b.navigate(cb.toString());
  t.equal(end.url, `${h.base}/login?error=state_mismatch`);

  // Replayed code: a completed callback replayed with the same login cookie is refused by the provider.
  b = new TestBrowser();
  step = await b.navigate(`${h.base}/api/auth/login`, { stopAt: isCallback });
  const loginCookie = b.cookie("periscope_session_login")!;
  end = await b.navigate(step.url);
  t.equal(end.url, `${h.base}/`, "first use signs in");
  const thief = new TestBrowser();
  thief.setCookie("periscope_session_login", loginCookie, "127.0.0.1", "/api/auth");
  end = await thief.navigate(step.url);
  t.equal(end.url, `${h.base}/login?error=idp_error`);
  t.equal(thief.cookie("periscope_session"), undefined);
  t.match(h.logs.filter((l) => l.includes('"sign-in failed"')).at(-1), /invalid_grant/);

  // Open redirect guard: next=//evil lands on /.
  b = new TestBrowser();
  end = await b.navigate(`${h.base}/api/auth/login?next=${encodeURIComponent("//evil.example/x")}`);
  t.equal(end.url, `${h.base}/`);
});

t.test("identity provider down: at boot a clear config error, at sign-in a clear page", async (t) => {
  const h = await startHarness({ shape: "okta" });
  t.teardown(() => h.close());
  h.idp.user = alice;
  const b = new TestBrowser();
  const step = await b.navigate(`${h.base}/api/auth/login`, { stopAt: (u) => u.pathname === "/api/auth/callback" });
  await h.idp.stop();
  const end = await b.navigate(step.url);
  t.equal(end.url, `${h.base}/login?error=idp_unavailable`);
  t.equal(end.response?.status, 200);
  t.match(await end.response!.text(), /could not be reached/);

  const settings = await parseAuthText(
    `oidc:\n  issuer: "${h.idp.issuer}"\n  clientID: x\n  redirectURL: "${h.base}/api/auth/callback"\n`,
    "/etc/periscope/auth.yaml",
    { env: {} },
  );
  const error = await createOidcAuth({ settings, log: createLogger("error", () => {}) }).catch((e: unknown) => e);
  t.ok(error instanceof ConfigError);
  t.match((error as Error).message, /^\/etc\/periscope\/auth\.yaml: oidc\.issuer: expected a reachable OpenID provider \(discovery\), found cannot reach http:\/\/127\.0\.0\.1:\d+\/oauth2\/default\/\.well-known\/openid-configuration \(ECONNREFUSED\)$/);
  await h.idp.start();
});

t.test("a wrong client secret is refused by the provider", async (t) => {
  const h = await startHarness({ shape: "auth0", periscopeSecret: "not-the-secret" });
  t.teardown(() => h.close());
  const { url } = await attempt(h);
  t.equal(url, `${h.base}/login?error=idp_error`);
  t.match(h.logs.filter((l) => l.includes('"sign-in failed"')).at(-1), /invalid_client/);
  t.notMatch(h.logs.join("\n"), /not-the-secret/, "the secret never reaches the log");
});

t.test("allowedGroups and tiers: denied users get a clear page and no session", async (t) => {
  const h = await startHarness({ shape: "okta", authorization: { allowedGroups: ["periscope-users"], defaultTier: "", groupTiers: { "periscope-users": "read" } } });
  t.teardown(() => h.close());
  let r = await attempt(h, { sub: "mallory", email: "mallory@example.com", groups: ["contractors"] });
  t.equal(r.status, 403);
  t.match(r.body, /not in any group allowed/);
  t.equal(r.browser.cookie("periscope_session"), undefined);
  t.match(h.events.at(-1), { verb: "login", outcome: "denied", reason: "not_in_allowed_groups", identity: { subject: "mallory" } });

  const h2 = await startHarness({ shape: "okta", authorization: { defaultTier: "" } });
  t.teardown(() => h2.close());
  r = await attempt(h2, { sub: "nobody", email: "nobody@example.com", groups: ["x"] });
  t.equal(r.status, 403);
  t.match(r.body, /none of your groups is mapped to a Periscope access tier/);
  t.equal(h2.auth.sessions.size, 0);
});

t.test("CSRF and forged cookies", async (t) => {
  const h = await startHarness({ shape: "okta" });
  t.teardown(() => h.close());
  const b = await h.signIn(alice);
  const cross = await b.fetch(`${h.base}/api/auth/logout/everywhere`, { method: "POST", headers: { origin: "http://evil.example", "sec-fetch-site": "cross-site" } });
  t.equal(cross.status, 403);
  t.equal((await b.fetch(`${h.base}/api/auth/whoami`)).status, 200, "the session survived");

  const forged = await fetch(`${h.base}/api/auth/whoami`, { headers: { cookie: `periscope_session=${"A".repeat(43)}` } });
  t.equal(forged.status, 401);
  t.match(forged.headers.get("set-cookie"), /^periscope_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/);
  const expiredNav = await fetch(`${h.base}/fleet`, { headers: { cookie: "periscope_session=nope", accept: "text/html" }, redirect: "manual" });
  t.equal(expiredNav.status, 303);
  t.equal(expiredNav.headers.get("location"), "/login?next=%2Ffleet");
});

t.test("sign-in is rate limited per client address", async (t) => {
  const h = await startHarness({ shape: "okta", rateLimit: { capacity: 2, refillPerSecond: 0.001 } });
  t.teardown(() => h.close());
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await fetch(`${h.base}/api/auth/login`, { redirect: "manual" })).status);
  t.same(statuses, [302, 302, 429]);
  const limited = await fetch(`${h.base}/api/auth/callback?code=x&state=y`, { redirect: "manual" });
  t.equal(limited.status, 429);
  t.ok(Number(limited.headers.get("retry-after")) > 0);
});
