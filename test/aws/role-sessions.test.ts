import t from "tap";
import { roleSessionName, sessionTagValue } from "../../server/aws/session-name.ts";
import { RoleSessions } from "../../server/aws/role-sessions.ts";
import { startAwsSimulator } from "./sim/simulator.ts";

t.test("RoleSessionName mapping from the OIDC subject", async (t) => {
  t.equal(await roleSessionName("00u1abcd2EFGH3ijk4x7"), "periscope@00u1abcd2EFGH3ijk4x7", "Okta subjects are kept as they are");
  t.equal(await roleSessionName("alice@example.com"), "periscope@alice@example.com");
  const auth0 = await roleSessionName("auth0|5f7c8ec7c33c6c004bbafe82");
  t.match(auth0, /^periscope@auth0-5f7c8ec7c33c6c004bbafe82\.[0-9a-f]{8}$/, "replaced characters get a hash suffix");
  t.not(auth0, await roleSessionName("auth0-5f7c8ec7c33c6c004bbafe82"), "two subjects that sanitise alike stay apart");
  const long = await roleSessionName("x".repeat(100));
  t.equal(long.length, 64);
  t.match(long, /^periscope@x{45}\.[0-9a-f]{8}$/);
  for (const s of ["a b/c:d", "é", "", "google-oauth2|1234", "x".repeat(300)]) t.match(await roleSessionName(s), /^[\w+=,.@-]{2,64}$/, JSON.stringify(s));
  t.equal(sessionTagValue("auth0|abc"), "auth0-abc");
  t.equal(sessionTagValue("google-oauth2:12/34"), "google-oauth2:12/34");
});

t.test("AssumeRole per user, cached per subject, with external ID, source identity and the subject tag", async (t) => {
  const sim = await startAwsSimulator({ credentialTtlSeconds: 3600 });
  t.teardown(() => sim.close());
  const base = sim.addRole({ name: "periscope-base", webIdentityTokens: [] });
  const baseKey = sim.ids.issue(base, "pod", sim.now() + 10 * 3600_000);
  const target = sim.addRole({ name: "periscope-prod", trusted: [base.arn], externalId: "ext-123", allowSourceIdentity: true, allowTagSession: true });
  const deps = { env: { AWS_ENDPOINT_URL: sim.url }, clock: () => sim.now(), retries: 0 };
  const sessions = new RoleSessions({ deps, base: { kind: "test", get: async () => baseKey }, roleArn: target.arn, externalId: "ext-123", region: "eu-west-1" });

  const [alice1, alice2, bob] = await Promise.all([sessions.get("auth0|alice"), sessions.get("auth0|alice"), sessions.get("bob@example.com")]);
  t.equal(alice1, alice2, "one AssumeRole for concurrent calls of one user");
  t.not(alice1.accessKeyId, bob.accessKeyId);
  const calls = sim.callsOf("AssumeRole");
  t.equal(calls.length, 2);
  const aliceCall = calls.find((c) => c.params.RoleSessionName?.startsWith("periscope@auth0-alice"))!;
  t.ok(aliceCall, "the session name carries the subject");
  t.equal(aliceCall.caller, `arn:aws:sts::111111111111:assumed-role/periscope-base/pod`);
  t.equal(aliceCall.params.ExternalId, "ext-123");
  t.equal(aliceCall.params.SourceIdentity, aliceCall.params.RoleSessionName);
  t.equal(aliceCall.params["Tags.member.1.Key"], "periscope-sub");
  t.equal(aliceCall.params["Tags.member.1.Value"], "auth0-alice");
  t.equal(sim.ids.keys.get(bob.accessKeyId)!.arn, `arn:aws:sts::111111111111:assumed-role/periscope-prod/periscope@bob@example.com`);

  await sessions.get("auth0|alice");
  t.equal(sim.callsOf("AssumeRole").length, 2, "cached within validity");
  sim.advance(56 * 60_000);
  const alice3 = await sessions.get("auth0|alice");
  t.not(alice3.accessKeyId, alice1.accessKeyId, "refreshed 5 minutes before expiry");
  t.equal(sim.callsOf("AssumeRole").length, 3);

  await sessions.get(undefined);
  t.equal(sim.callsOf("AssumeRole").at(-1)!.params.RoleSessionName, "periscope-console", "the console's own session");
});

t.test("optional attributes are dropped when the trust policy refuses them; wrong external ID is an error", async (t) => {
  const sim = await startAwsSimulator();
  t.teardown(() => sim.close());
  const caller = sim.addUser("periscope-local");
  const plain = sim.addRole({ name: "plain", trusted: [caller.arn] });
  const deps = { env: { AWS_ENDPOINT_URL: sim.url }, clock: () => sim.now(), retries: 0 };
  const base = { kind: "static", get: async () => caller };
  const sessions = new RoleSessions({ deps, base, roleArn: plain.arn, region: "us-east-1" });
  const creds = await sessions.get("carol");
  t.ok(creds.sessionToken);
  const outcomes = sim.callsOf("AssumeRole").map((c) => [c.status, c.params.SourceIdentity !== undefined, c.params["Tags.member.1.Key"] !== undefined]);
  t.same(outcomes, [
    [403, true, true],
    [403, true, false],
    [200, false, false],
  ]);
  await sessions.get("dave");
  t.equal(sim.callsOf("AssumeRole").length, 4, "remembered: one call for the next user");

  const guarded = sim.addRole({ name: "guarded", trusted: [caller.arn], externalId: "right" });
  const wrong = new RoleSessions({ deps, base, roleArn: guarded.arn, externalId: "wrong", region: "us-east-1" });
  const error = await wrong.get("erin").catch((e: Error) => e);
  t.match(String(error), /AssumeRole failed \(403 AccessDenied\)/);
  t.notOk(String(error).includes(caller.secretAccessKey));
});
