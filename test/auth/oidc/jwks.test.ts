/** The key cache against a real HTTP JWKS endpoint on 127.0.0.1, with a test clock. */
import t from "tap";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyIdToken } from "../../../server/auth/oidc/id-token.ts";
import { JwksCache } from "../../../server/auth/oidc/jwks.ts";
import { generateKeyPair, signJwt } from "../../idp/jwt-sign.ts";

async function jwksServer(t: { teardown(fn: () => unknown): void }) {
  const state = { keys: [] as object[], hits: 0, status: 200 };
  const server = createServer((_req, res) => {
    state.hits++;
    res.statusCode = state.status;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });
  return { state, uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`, server };
}

t.test("refetch on unknown kid, with a cool-down, and on age", async (t) => {
  const { state, uri } = await jwksServer(t);
  const k1 = await generateKeyPair("RS256", "k1");
  const k2 = await generateKeyPair("RS256", "k2");
  state.keys = [k1.publicJwk];
  let now = 1_000_000;
  const cache = new JwksCache({ uri, fetch, now: () => now, cooldownMs: 30_000, ttlMs: 3_600_000 });

  await cache.keyFor("k1", "RS256");
  await cache.keyFor("k1", "RS256");
  t.equal(state.hits, 1, "cached");

  await t.rejects(cache.keyFor("k2", "RS256"), /unknown signing key id "k2"/);
  t.equal(state.hits, 1, "within the cool-down after the first fetch: no refetch");
  now += 30_000;
  state.keys = [k1.publicJwk, k2.publicJwk];
  await cache.keyFor("k2", "RS256");
  t.equal(state.hits, 2, "rotation picked up by one refetch");
  await t.rejects(cache.keyFor("forged", "RS256"), /unknown signing key/);
  t.equal(state.hits, 2, "a flood of forged kids cannot hammer the provider");
  now += 3_600_001;
  await cache.keyFor("k1", "RS256");
  t.equal(state.hits, 3, "refreshed when older than the TTL");
  await t.rejects(cache.keyFor("k1", "ES256"), /unknown signing key/, "the key type must match the algorithm");
});

t.test("kid-less tokens need exactly one usable key; encryption keys are ignored", async (t) => {
  const { state, uri } = await jwksServer(t);
  const ec = await generateKeyPair("ES256", "ec");
  const rsaA = await generateKeyPair("RS256", "a");
  const rsaB = await generateKeyPair("RS256", "b");
  state.keys = [{ ...ec.publicJwk, kid: undefined }, rsaA.publicJwk, { ...rsaB.publicJwk, use: "enc" }];
  const cache = new JwksCache({ uri, fetch, now: () => 0, cooldownMs: 0 });
  const claims = { iss: "https://issuer", sub: "u", aud: "client", exp: 2_000, iat: 1_000, nonce: "n" };
  const token = await signJwt({ alg: "ES256" }, claims, ec.privateKey);
  const verified = await verifyIdToken(token, { jwks: cache, issuer: "https://issuer", clientID: "client", nonce: "n", nowMs: 1_500_000 });
  t.equal(verified.sub, "u", "ES256 without kid verifies with the single EC key");
  await cache.keyFor(undefined, "RS256");
  await t.rejects(cache.keyFor("b", "RS256"), /unknown signing key/, "use=enc keys are not signing keys");
  await t.rejects(
    verifyIdToken(token, { jwks: cache, issuer: "https://issuer", clientID: "client", nonce: "n", nowMs: 2_061_000 }),
    /expired/,
    "past exp plus the 60 s leeway",
  );
  await t.resolves(verifyIdToken(token, { jwks: cache, issuer: "https://issuer", clientID: "client", nonce: "n", nowMs: 2_059_000 }), "within the leeway");
});

t.test("an unreachable or broken key endpoint is a clear error", async (t) => {
  const { state, uri, server } = await jwksServer(t);
  state.status = 500;
  const cache = new JwksCache({ uri, fetch, now: () => 0, cooldownMs: 0 });
  await t.rejects(cache.keyFor("x", "RS256"), /key set answered HTTP 500/);
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await t.rejects(cache.keyFor("x", "RS256"), /cannot fetch the provider's keys \(ECONNREFUSED\)/);
});
