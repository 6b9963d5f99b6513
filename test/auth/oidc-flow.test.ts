/**
 * End to end against a real oidc-provider in both shapes: sign-in → whoami → refresh → logout → logout everywhere.
 */
import t from "tap";
import { decodeJwt } from "../idp/jwt-sign.ts";
import { startHarness } from "./harness.ts";

for (const shape of ["auth0", "okta"] as const) {
  t.test(`${shape}: full sign-in, whoami, refresh, logout, logout everywhere`, async (t) => {
    const h = await startHarness({ shape, accessTokenTtlSeconds: 120, authorization: { groupTiers: { sre: "admin", devs: "write" } } });
    t.teardown(() => h.close());

    // Unauthenticated first: JSON gets 401, a page navigation goes to the login screen.
    const anon = await fetch(`${h.base}/api/auth/whoami`);
    t.equal(anon.status, 401);
    t.equal(((await anon.json()) as { code: string }).code, "unauthenticated");
    const page = await fetch(`${h.base}/clusters/x`, { headers: { accept: "text/html", "sec-fetch-mode": "navigate" }, redirect: "manual" });
    t.equal(page.status, 303);
    t.equal(page.headers.get("location"), "/login?next=%2Fclusters%2Fx");

    const config = (await (await fetch(`${h.base}/api/auth/config`)).json()) as Record<string, unknown>;
    t.same(config, { mode: "oidc", providerName: shape === "auth0" ? "Auth0" : "Okta", loginUrl: "/api/auth/login" });

    const browser = await h.signIn({ sub: `${shape}|alice`, email: "alice@example.com", groups: ["sre", "devs"] }, "/clusters/demo?tab=pods");

    // The authorize request carried PKCE S256, state, nonce, the configured scopes (and Auth0's audience).
    const authorize = h.idp.authorizeRequests.at(-1)!;
    t.equal(authorize.get("code_challenge_method"), "S256");
    t.match(authorize.get("code_challenge"), /^[A-Za-z0-9_-]{43}$/);
    t.ok(authorize.get("state") && authorize.get("nonce"));
    t.equal(authorize.get("scope"), "openid profile email offline_access");
    t.equal(authorize.get("audience"), shape === "auth0" ? "https://periscope.example/api" : null);

    // The secret `s3cr+t/with%odd:chars` reached the provider intact (form-encoded inside HTTP Basic).
    const exchange = h.idp.tokenRequests.find((r) => r.grantType === "authorization_code")!;
    t.equal(exchange.authorization, `${h.idp.clientId}:s3cr%2Bt%2Fwith%25odd%3Achars`);

    // Session cookie attributes per SPEC §3 (plain http here, so no Secure).
    const who = await browser.fetch(`${h.base}/api/auth/whoami`);
    t.equal(who.status, 200);
    const me = (await who.json()) as Record<string, unknown>;
    t.match(me, {
      subject: `${shape}|alice`,
      email: "alice@example.com",
      groups: ["sre", "devs"],
      mode: "oidc",
      authzMode: "tier",
      tier: "admin",
      auditScope: "all",
      impersonation: { user: `${shape}|alice`, groups: ["periscope-tier:admin"] },
    });
    t.type(me.expiresAt, "number");
    t.notMatch(JSON.stringify(me), /eyJ/, "no token in the whoami body");
    t.equal(h.events.filter((e) => e.verb === "login" && e.outcome === "success").length, 1);

    // Refresh: past the access token's expiry (minus the margin) the next request refreshes with the refresh token.
    const refreshesBefore = h.idp.tokenRequests.filter((r) => r.grantType === "refresh_token").length;
    h.advance(70_000);
    const afterRefresh = await browser.fetch(`${h.base}/api/auth/whoami`);
    t.equal(afterRefresh.status, 200);
    t.equal(h.idp.tokenRequests.filter((r) => r.grantType === "refresh_token").length, refreshesBefore + 1, "refreshed once");
    const again = await browser.fetch(`${h.base}/api/auth/whoami`);
    t.equal(again.status, 200);
    t.equal(h.idp.tokenRequests.filter((r) => r.grantType === "refresh_token").length, refreshesBefore + 1, "not again while fresh");

    // Logout: the session is gone server-side, the cookie is cleared, and the old cookie value no longer works.
    const oldCookie = browser.cookie("periscope_session")!;
    const live = h.auth.sessions.get(oldCookie)!;
    const refreshToken = live.tokens.refreshToken!;
    t.type(h.auth.sessionExpiresAt(live.key), "number", "streams can ask whether the session still lives");
    const out = await browser.fetch(`${h.base}/api/auth/logout`, { method: "POST", headers: { origin: h.base, "sec-fetch-site": "same-origin" } });
    t.equal(out.status, 303);
    t.equal(out.headers.get("location"), "/api/auth/loggedout");
    t.equal(browser.cookie("periscope_session"), undefined);
    const replay = await fetch(`${h.base}/api/auth/whoami`, { headers: { cookie: `periscope_session=${oldCookie}` } });
    t.equal(replay.status, 401);
    t.equal(h.auth.sessionExpiresAt(live.key), undefined, "ended for streams too");
    // The refresh token is revoked at the provider (in the background): once that request finished, refresh fails.
    for (let i = 0; i < 100 && h.idp.revocations.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    t.same(h.idp.revocations, [200]);
    const r = await fetch(h.auth.client.metadata.tokenEndpoint, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${h.idp.clientId}:${encodeURIComponent(h.idp.clientSecret)}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
    });
    t.equal(r.status, 400);
    t.equal(((await r.json()) as { error: string }).error, "invalid_grant", "the refresh token no longer works at the provider");
    const loggedOut = await fetch(`${h.base}/api/auth/loggedout`);
    t.equal(loggedOut.status, 200);

    // Signing in again in the same browser replaces its session instead of adding one.
    const repeat = await h.signIn({ sub: `${shape}|dora`, email: "dora@example.com", groups: [] });
    const firstCookie = repeat.cookie("periscope_session");
    await repeat.navigate(`${h.base}/api/auth/login`);
    t.not(repeat.cookie("periscope_session"), firstCookie, "a fresh session id");
    t.equal(h.auth.sessions.countSubject(`${shape}|dora`), 1);

    // Logout everywhere: two browsers for the same user, one other user; IdP end-session with id_token_hint.
    const laptop = await h.signIn({ sub: `${shape}|bob`, email: "bob@example.com", groups: ["devs"] });
    const phone = await h.signIn({ sub: `${shape}|bob`, email: "bob@example.com", groups: ["devs"] });
    const carol = await h.signIn({ sub: `${shape}|carol`, email: "carol@example.com", groups: [] });
    t.equal(h.auth.sessions.countSubject(`${shape}|bob`), 2);
    const everywhere = await laptop.fetch(`${h.base}/api/auth/logout/everywhere`, { method: "POST", headers: { origin: h.base } });
    t.equal(everywhere.status, 303);
    const endSession = new URL(everywhere.headers.get("location")!);
    t.ok(endSession.toString().startsWith(h.idp.issuer.replace(/\/$/, "")), "redirects to the IdP");
    t.equal(endSession.searchParams.get("post_logout_redirect_uri"), `${h.base}/api/auth/loggedout`);
    const hint = decodeJwt(endSession.searchParams.get("id_token_hint")!);
    t.equal(hint.payload.sub, `${shape}|bob`);
    t.equal(h.auth.sessions.countSubject(`${shape}|bob`), 0);
    t.equal((await phone.fetch(`${h.base}/api/auth/whoami`)).status, 401, "the other device is signed out too");
    t.equal((await carol.fetch(`${h.base}/api/auth/whoami`)).status, 200, "other users keep their sessions");

    // The IdP accepts the end-session request (it renders its confirmation form).
    const idpLogout = await laptop.fetch(endSession.toString());
    t.equal(idpLogout.status, 200);
    t.match(await idpLogout.text(), /form/i);
    t.equal(h.events.filter((e) => e.verb === "logout").length, 2);

    // Nothing secret in the server log: no JWT, no refresh token, no client secret, no authorization code.
    const logText = h.logs.join("\n");
    t.notMatch(logText, /eyJ/);
    t.notOk(logText.includes(refreshToken));
    t.notOk(logText.includes(h.idp.clientSecret) || logText.includes(encodeURIComponent(h.idp.clientSecret)));
    t.notMatch(logText, /code=/);
  });
}

t.test("groups claim given as a single string, and unknown cookies on public paths", async (t) => {
  const h = await startHarness({ shape: "okta", authorization: { groupTiers: { ops: "triage" } } });
  t.teardown(() => h.close());
  const browser = await h.signIn({ sub: "solo", email: "solo@example.com", groups: "ops" });
  const me = (await (await browser.fetch(`${h.base}/api/auth/whoami`)).json()) as Record<string, unknown>;
  t.same(me.groups, ["ops"]);
  t.equal(me.tier, "triage");
  const health = await fetch(`${h.base}/healthz`, { headers: { cookie: "periscope_session=garbage" } });
  t.equal(health.status, 200);
});
