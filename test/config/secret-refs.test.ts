import t from "tap";
import type { Test } from "tap";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveSecretField, resolveSecretRef, secretRefKind, SecretRefError } from "../../server/config/secret-refs.ts";
import { ConfigError } from "../../server/config/config-error.ts";
import { startAwsSimulator } from "../aws/sim/simulator.ts";

const SECRET = "s3cr3t+/%:value";

/** Asserts the promise rejects with a SecretRefError whose message contains `parts` and never a secret. */
async function rejects(t: Test, p: Promise<unknown>, parts: string[], secrets: string[] = [SECRET]) {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(error instanceof SecretRefError, "a SecretRefError");
  const message = (error as Error).message;
  for (const part of parts) t.match(message, part);
  for (const s of secrets) t.notOk(message.includes(s), "the message carries no secret");
}

t.test("literals and kinds", async (t) => {
  t.equal(await resolveSecretRef("plain-value", { env: {} }), "plain-value");
  t.equal(secretRefKind("${A_B}"), "env");
  t.equal(secretRefKind("${not valid}"), "literal");
  t.equal(secretRefKind("file:///x"), "file");
  t.equal(secretRefKind("aws-ssm:///x"), "aws-ssm");
  t.equal(secretRefKind("aws-secretsmanager://x"), "aws-secretsmanager");
});

t.test("${ENV_VAR}", async (t) => {
  t.equal(await resolveSecretRef("${OIDC_CLIENT_SECRET}", { env: { OIDC_CLIENT_SECRET: SECRET } }), SECRET);
  await rejects(t, resolveSecretRef("${MISSING}", { env: {} }), ["${MISSING}", "MISSING is not set"]);
  await rejects(t, resolveSecretRef("${EMPTY}", { env: { EMPTY: "" } }), ["EMPTY is empty"]);
});

t.test("file:///path trims trailing newlines only", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "secret-refs-"));
  await writeFile(join(dir, "s"), ` ${SECRET}\n\n`);
  await writeFile(join(dir, "empty"), "\n");
  t.equal(await resolveSecretRef(`file://${dir}/s`, { env: {} }), ` ${SECRET}`);
  await rejects(t, resolveSecretRef(`file://${dir}/nope`, { env: {} }), [`file://${dir}/nope`, "does not exist"]);
  await rejects(t, resolveSecretRef(`file://${dir}/empty`, { env: {} }), ["is empty"]);
  await rejects(t, resolveSecretRef(`file://relative/x`, { env: {} }), ["three slashes"]);
});

t.test("AWS references against the simulator", async (t) => {
  const sim = await startAwsSimulator();
  t.teardown(() => sim.close());
  const user = sim.addUser("local-dev");
  const env = { AWS_ENDPOINT_URL: sim.url, AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: user.secretAccessKey };
  const deps = { env, retries: 0 };
  sim.putSecret("prod/periscope/oidc", { string: JSON.stringify({ client_secret: SECRET, port: 8443, nested: { a: 1 } }) });
  sim.putSecret("plain", { string: SECRET });
  sim.putSecret("bin", { binary: new TextEncoder().encode(JSON.stringify({ client_secret: SECRET })) });
  sim.putSecret("not-json", { string: `{${SECRET}` });
  sim.putParameter("/prod/periscope/oidc-client-secret", SECRET);

  t.equal(await resolveSecretRef("aws-secretsmanager://prod/periscope/oidc#client_secret", deps), SECRET);
  t.equal(await resolveSecretRef("aws-secretsmanager://prod/periscope/oidc#port", deps), "8443");
  t.equal(await resolveSecretRef("aws-secretsmanager://plain", deps), SECRET);
  t.equal(await resolveSecretRef("aws-secretsmanager://bin#client_secret", deps), SECRET, "binary secret with a JSON key");
  t.equal(await resolveSecretRef("aws-ssm:///prod/periscope/oidc-client-secret", deps), SECRET);
  const ssmCall = sim.callsOf("GetParameter").at(-1)!;
  t.same(ssmCall.params, { Name: "/prod/periscope/oidc-client-secret", WithDecryption: "true" });
  t.equal(ssmCall.caller, user.arn, "signed by the configured identity");
  const region = sim.callsOf("GetSecretValue").at(-1)!;
  t.equal(region.status, 200);

  await rejects(t, resolveSecretRef("aws-secretsmanager://prod/periscope/oidc#missing_key", deps), ['no key "missing_key"', "prod/periscope/oidc"]);
  await rejects(t, resolveSecretRef("aws-secretsmanager://prod/periscope/oidc#nested", deps), ['key "nested" holds an object']);
  await rejects(t, resolveSecretRef("aws-secretsmanager://not-json#k", deps), ["not a JSON object"], [SECRET, `{${SECRET}`]);
  await rejects(t, resolveSecretRef("aws-secretsmanager://nope", deps), ["aws-secretsmanager://nope", "ResourceNotFoundException"]);
  await rejects(t, resolveSecretRef("aws-ssm:///nope", deps), ["aws-ssm:///nope", "ParameterNotFound"]);
  await rejects(t, resolveSecretRef("aws-ssm:///nope", { env: { AWS_REGION: "eu-west-1" } }), ["needs AWS credentials"]);
  await rejects(t, resolveSecretRef("aws-ssm:///nope", { env: { ...env, AWS_REGION: "" } }), ["needs a region"]);
  const wrongKey = { ...env, AWS_SECRET_ACCESS_KEY: "wrong" + user.secretAccessKey.slice(5) };
  await rejects(t, resolveSecretRef("aws-ssm:///prod/periscope/oidc-client-secret", { env: wrongKey, retries: 0 }), ["SignatureDoesNotMatch"], [SECRET, wrongKey.AWS_SECRET_ACCESS_KEY]);

  // the region comes from the ARN when the id is one
  sim.putSecret("arn:aws:secretsmanager:us-east-2:111111111111:secret:x-AbCdEf", { string: SECRET });
  t.equal(await resolveSecretRef("aws-secretsmanager://arn:aws:secretsmanager:us-east-2:111111111111:secret:x-AbCdEf", deps), SECRET);
  t.equal(sim.calls.at(-1)!.params.SecretId, "arn:aws:secretsmanager:us-east-2:111111111111:secret:x-AbCdEf");
});

t.test("resolveSecretField turns failures into one boot line", async (t) => {
  const error = await resolveSecretField("${NOPE}", { env: {} }, "/etc/periscope/auth.yaml", "oidc.clientSecret").catch((e: unknown) => e);
  t.ok(error instanceof ConfigError);
  t.equal((error as Error).message, "/etc/periscope/auth.yaml: oidc.clientSecret: expected a resolvable secret, found secret reference ${NOPE}: environment variable NOPE is not set");
});
