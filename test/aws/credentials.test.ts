import t from "tap";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { baseCredentialKind, createBaseCredentials } from "../../server/aws/base-credentials.ts";
import { getCallerIdentity } from "../../server/aws/sts.ts";
import { startAwsSimulator } from "./sim/simulator.ts";

async function tokenFile(content: string) {
  const dir = await mkdtemp(join(tmpdir(), "aws-token-"));
  const path = join(dir, "token");
  await writeFile(path, content + "\n");
  return path;
}

t.test("Pod Identity: token file re-read on every fetch, rotation, 5-minute early refresh", async (t) => {
  const sim = await startAwsSimulator({ credentialTtlSeconds: 3600 });
  t.teardown(() => sim.close());
  const role = sim.addRole({ name: "periscope-base" });
  sim.setPodIdentity(role, "pod-token-1");
  const path = await tokenFile("pod-token-1");
  const deps = {
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: sim.podIdentityUrl, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: path, AWS_ENDPOINT_URL: sim.url, AWS_REGION: "eu-west-1" },
    clock: () => sim.now(),
    retries: 0,
  };
  t.equal(baseCredentialKind(deps), "pod-identity");
  const provider = createBaseCredentials(deps)!;
  const first = await provider.get();
  t.equal(sim.callsOf("PodIdentityCredentials").length, 1);
  const who = await getCallerIdentity(deps, first, "eu-west-1");
  t.equal(who.arn, `arn:aws:sts::111111111111:assumed-role/periscope-base/eks-periscope-pod`, "the simulator accepts the signed call");

  // cached while fresher than 5 minutes before expiry; concurrent callers share one refresh
  sim.advance(54 * 60_000);
  t.equal((await provider.get()).accessKeyId, first.accessKeyId);
  t.equal(sim.callsOf("PodIdentityCredentials").length, 1, "no call while cached");

  // the agent rotates the token; the file changes; the next fetch must use the new content
  sim.setPodIdentity(role, "pod-token-2");
  await writeFile(path, "pod-token-2\n");
  sim.advance(2 * 60_000); // now 4 minutes before expiry: refresh
  const [a, b, c] = await Promise.all([provider.get(), provider.get(), provider.get()]);
  t.equal(sim.callsOf("PodIdentityCredentials").length, 2, "one refresh for three concurrent callers");
  t.not(a.accessKeyId, first.accessKeyId, "new credentials");
  t.equal(a, b);
  t.equal(b, c);
  t.equal(sim.callsOf("PodIdentityCredentials").at(-1)!.status, 200, "the new token from the file was accepted");
});

t.test("refresh failure keeps valid credentials, then surfaces once they expire", async (t) => {
  const sim = await startAwsSimulator({ credentialTtlSeconds: 900 });
  t.teardown(() => sim.close());
  const role = sim.addRole({ name: "periscope-base" });
  sim.setPodIdentity(role, "tok");
  const path = await tokenFile("tok");
  const warnings: string[] = [];
  const log = { debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error() {}, record() {} };
  const deps = { env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: sim.podIdentityUrl, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: path }, clock: () => sim.now(), retries: 0, log };
  const provider = createBaseCredentials(deps)!;
  const first = await provider.get();
  sim.advance(11 * 60_000); // inside the 5-minute window, still valid
  sim.failNext("PodIdentityCredentials", 500, "InternalError");
  t.equal((await provider.get()).accessKeyId, first.accessKeyId, "old credentials served while valid");
  t.equal(warnings.length, 1, "the failure is logged");
  sim.advance(5 * 60_000); // expired now
  sim.failNext("PodIdentityCredentials", 500, "InternalError");
  await t.rejects(provider.get(), /container credentials failed \(500/);
  const next = await provider.get();
  t.not(next.accessKeyId, first.accessKeyId, "recovers on the next call");
});

t.test("Pod Identity refuses a wrong token and a non-local plain-http agent", async (t) => {
  const sim = await startAwsSimulator();
  t.teardown(() => sim.close());
  sim.setPodIdentity(sim.addRole({ name: "r" }), "right");
  const path = await tokenFile("wrong");
  const provider = createBaseCredentials({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: sim.podIdentityUrl, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: path } })!;
  const error = await provider.get().catch((e: Error) => e);
  t.match(String(error), /answered 401/);
  t.notOk(String(error).includes("wrong"), "the token is not in the message");
  const remote = createBaseCredentials({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://example.com/creds" } })!;
  await t.rejects(remote.get(), /must be https or a node-local agent/);
});

t.test("IRSA: AssumeRoleWithWebIdentity, unsigned, with the re-read projected token", async (t) => {
  const sim = await startAwsSimulator({ credentialTtlSeconds: 3600 });
  t.teardown(() => sim.close());
  const role = sim.addRole({ name: "periscope-base", webIdentityTokens: ["sa-token-1"] });
  const path = await tokenFile("sa-token-1");
  const deps = {
    env: { AWS_ROLE_ARN: role.arn, AWS_WEB_IDENTITY_TOKEN_FILE: path, AWS_ROLE_SESSION_NAME: "periscope-pod", AWS_ENDPOINT_URL: sim.url, AWS_REGION: "eu-west-1" },
    clock: () => sim.now(),
    retries: 0,
  };
  t.equal(baseCredentialKind(deps), "irsa");
  const provider = createBaseCredentials(deps)!;
  const first = await provider.get();
  const call = sim.callsOf("AssumeRoleWithWebIdentity")[0]!;
  t.equal(call.caller, "", "unsigned");
  t.equal(call.params.RoleSessionName, "periscope-pod");
  t.equal((await getCallerIdentity(deps, first, "eu-west-1")).arn, `arn:aws:sts::111111111111:assumed-role/periscope-base/periscope-pod`);

  // kubelet rotates the projected token; the old one stops working
  role.webIdentityTokens.splice(0, 1, "sa-token-2");
  await writeFile(path, "sa-token-2\n");
  sim.advance(56 * 60_000);
  const second = await provider.get();
  t.not(second.accessKeyId, first.accessKeyId);
  t.equal(sim.callsOf("AssumeRoleWithWebIdentity").length, 2);
  t.equal(sim.callsOf("AssumeRoleWithWebIdentity")[1]!.params.WebIdentityToken, "sa-token-2", "the rotated token was read");
});

t.test("static keys for local use, and expired session tokens are refused by the simulator", async (t) => {
  const sim = await startAwsSimulator({ credentialTtlSeconds: 900 });
  t.teardown(() => sim.close());
  const user = sim.addUser("dev");
  const env = { AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: user.secretAccessKey, AWS_ENDPOINT_URL: sim.url };
  t.equal(baseCredentialKind({ env }), "static");
  const creds = await createBaseCredentials({ env })!.get();
  t.equal((await getCallerIdentity({ env, retries: 0 }, creds, "us-east-1")).arn, user.arn);
  t.equal(baseCredentialKind({ env: {} }), undefined);

  const role = sim.addRole({ name: "r", webIdentityTokens: ["x"] });
  const path = await tokenFile("x");
  const deps = { env: { AWS_ROLE_ARN: role.arn, AWS_WEB_IDENTITY_TOKEN_FILE: path, AWS_ENDPOINT_URL: sim.url }, clock: () => sim.now(), retries: 0 };
  const temp = await createBaseCredentials(deps)!.get();
  sim.advance(16 * 60_000);
  await t.rejects(getCallerIdentity({ ...deps, clock: () => sim.now() }, temp, "us-east-1"), /ExpiredToken/);
  await t.rejects(getCallerIdentity(deps, { ...temp, sessionToken: undefined }, "us-east-1"), /InvalidClientTokenId/);
});
