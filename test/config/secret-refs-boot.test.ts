/** Boot-level proof: a secret reference that cannot be resolved stops `node server/main.ts` with one clear line. */
import t from "tap";
import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAwsSimulator } from "../aws/sim/simulator.ts";

const SECRET = "client-secret-with+/%:chars";

function boot(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["server/main.ts"], { env: { PATH: process.env.PATH ?? "", PORT: "0", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    const timer = setTimeout(() => child.kill("SIGTERM"), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

t.test("unresolvable references stop the boot without revealing any value", async (t) => {
  const sim = await startAwsSimulator();
  t.teardown(() => sim.close());
  const user = sim.addUser("boot");
  sim.putSecret("prod/periscope/oidc", { string: JSON.stringify({ other: SECRET }) });
  sim.putParameter("/prod/periscope/present", SECRET);
  const dir = await mkdtemp(join(tmpdir(), "secret-boot-"));
  const aws = { AWS_REGION: "eu-west-1", AWS_ENDPOINT_URL: sim.url, AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: user.secretAccessKey };
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ["aws-secretsmanager://prod/periscope/oidc#client_secret", {}, /secret reference aws-secretsmanager:\/\/prod\/periscope\/oidc#client_secret: the secret's JSON has no key "client_secret"/],
    ["aws-secretsmanager://prod/periscope/absent", {}, /ResourceNotFoundException/],
    ["aws-ssm:///prod/periscope/absent", {}, /secret reference aws-ssm:\/\/\/prod\/periscope\/absent: AWS ssm GetParameter failed \(400 ParameterNotFound\)/],
    ["${OIDC_SECRET_NOT_SET}", {}, /environment variable OIDC_SECRET_NOT_SET is not set/],
  ];
  for (const [i, [reference, extra, expected]] of cases.entries()) {
    const file = join(dir, `auth-${i}.yaml`);
    await writeFile(file, `oidc:\n  issuer: https://idp.example.com/\n  clientID: periscope\n  clientSecret: "${reference}"\n  redirectURL: https://periscope.example.com/api/auth/callback\n`);
    const result = await boot({ ...aws, ...extra, PERISCOPE_AUTH_FILE: file });
    t.equal(result.code, 2, `${reference}: exit 2`);
    t.match(result.stderr, `${file}: oidc.clientSecret: expected a resolvable secret`);
    t.match(result.stderr, expected);
    t.notOk(result.stderr.includes(SECRET) || result.stdout.includes(SECRET), "no secret value printed");
    t.notOk(result.stderr.includes(user.secretAccessKey), "no AWS key printed");
    t.notOk(/\n\s+at /.test(result.stderr), "no stack trace");
  }
});
