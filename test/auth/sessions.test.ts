/**
 * Session lifetime with an injected clock (no sleeping): idle and absolute timeouts, refresh that updates groups,
 * refresh failure ending the session cleanly; and the store's own bounds.
 */
import t from "tap";
import { devIdentity } from "../../server/auth/dev-identity.ts";
import { SessionStore } from "../../server/auth/session-store.ts";
import { hashToken } from "../../server/auth/tokens.ts";
import { startHarness } from "./harness.ts";

const MIN = 60_000;
const alice = { sub: "alice", email: "alice@example.com", groups: ["devs"] };

t.test("idle timeout slides with activity; absolute timeout does not", async (t) => {
  const h = await startHarness({ shape: "okta", session: { idleTimeout: "30m", absoluteTimeout: "1h" } });
  t.teardown(() => h.close());
  const b = await h.signIn(alice);
  const whoami = () => b.fetch(`${h.base}/api/auth/whoami`).then((r) => r.status);
  h.advance(29 * MIN);
  t.equal(await whoami(), 200, "29 min idle: still signed in");
  h.advance(29 * MIN);
  t.equal(await whoami(), 200, "activity reset the idle clock");
  h.advance(2 * MIN + 1);
  t.equal(await whoami(), 401, "past the absolute timeout even though active");

  const c = await h.signIn(alice);
  h.advance(30 * MIN);
  t.equal(await c.fetch(`${h.base}/api/auth/whoami`).then((r) => r.status), 401, "30 min idle: signed out");
  t.equal(h.auth.sessions.size, 0, "expired sessions are removed");
});

t.test("refresh picks up new groups; refresh failure ends the session cleanly", async (t) => {
  const h = await startHarness({ shape: "auth0", accessTokenTtlSeconds: 300, authorization: { groupTiers: { devs: "write", sre: "admin" } } });
  t.teardown(() => h.close());
  const b = await h.signIn(alice);
  const me = async () => (await b.fetch(`${h.base}/api/auth/whoami`)).json() as Promise<Record<string, unknown>>;
  t.equal((await me()).tier, "write");

  // The IdP now says alice is in sre: the next refresh (4+ minutes later) changes her tier.
  h.idp.user = { ...alice, groups: ["sre"] };
  h.advance(4 * MIN + 1000);
  t.equal((await me()).tier, "admin");

  // Revoke the refresh token at the IdP: the next refresh is refused and the session ends.
  const session = h.auth.sessions.get(b.cookie("periscope_session"))!;
  const basic = Buffer.from(`${h.idp.clientId}:${encodeURIComponent(h.idp.clientSecret)}`).toString("base64");
  const revoke = await fetch(h.auth.client.metadata.revocationEndpoint!, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: session.tokens.refreshToken!, token_type_hint: "refresh_token" }),
  });
  t.equal(revoke.status, 200);
  h.advance(5 * MIN);
  const after = await b.fetch(`${h.base}/api/auth/whoami`);
  t.equal(after.status, 401);
  t.equal(((await after.json()) as { code: string }).code, "unauthenticated");
  t.equal(h.auth.sessions.size, 0);
  t.match(h.events.at(-1), { verb: "logout", identity: { subject: "alice" }, reason: /token refresh failed \(the identity provider refused the request \(invalid_grant\)\)/ });

  // IdP unreachable during refresh: same clean end.
  const c = await h.signIn(alice);
  await h.idp.stop();
  h.advance(5 * MIN);
  t.equal((await c.fetch(`${h.base}/api/auth/whoami`)).status, 401);
  t.match(h.events.at(-1)?.reason, /cannot be reached/);
  await h.idp.start();
});

t.test("a user removed from allowedGroups loses the session at the next refresh", async (t) => {
  const h = await startHarness({ shape: "okta", accessTokenTtlSeconds: 120, authorization: { allowedGroups: ["devs"] } });
  t.teardown(() => h.close());
  const b = await h.signIn(alice);
  h.idp.user = { ...alice, groups: ["former"] };
  h.advance(2 * MIN);
  t.equal((await b.fetch(`${h.base}/api/auth/whoami`)).status, 401);
});

t.test("the store keeps only hashes, sweeps, and stays bounded", async (t) => {
  let now = 0;
  const store = new SessionStore({ idleTimeoutMs: 10 * MIN, absoluteTimeoutMs: 60 * MIN, now: () => now, maxSessions: 3, maxPerSubject: 2 });
  const who = (s: string) => devIdentity({ subject: s });
  const tokens = { idToken: undefined, accessToken: undefined, refreshToken: undefined, accessExpiresAt: undefined };
  const a1 = store.create(who("a"), tokens);
  t.equal(a1.session.key, hashToken(a1.id), "keyed by the hash");
  t.not(a1.session.key, a1.id);
  t.equal(a1.session.identity.sessionKey, a1.session.key);
  t.equal(store.get(a1.session.key), undefined, "the hash itself is not a valid cookie");
  t.equal(store.get(a1.id)?.key, a1.session.key);

  const a2 = store.create(who("a"), tokens);
  const a3 = store.create(who("a"), tokens);
  t.equal(store.countSubject("a"), 2, "per-subject cap evicts that user's oldest");
  t.equal(store.get(a1.id), undefined);
  t.ok(store.get(a2.id) && store.get(a3.id));
  store.create(who("b"), tokens);
  store.create(who("c"), tokens);
  t.equal(store.size, 3, "total cap");
  t.equal(store.get(a2.id), undefined, "oldest overall evicted");

  now += 11 * MIN;
  t.equal(store.sweep(), 3);
  t.equal(store.size, 0);
});
