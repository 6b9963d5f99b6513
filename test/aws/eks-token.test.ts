import t from "tap";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBaseCredentials } from "../../server/aws/base-credentials.ts";
import { EksTokenCache, mintEksToken, presignGetCallerIdentity } from "../../server/aws/eks-token.ts";
import { eksTokenVerifier } from "./eks-token-verifier.ts";
import { startAwsSimulator } from "./sim/simulator.ts";
import { parseAmzDate } from "./sim/sigv4-verify.ts";

const NOW = Date.UTC(2026, 10, 25, 8, 0, 0);
const creds = { accessKeyId: "ASIAEXAMPLEEXAMPLE12", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", sessionToken: "IQoJb3JpZ2luX2VjE+/=token" };

async function smithyPresign(host: string, protocol: string, clusterName: string, region: string) {
  const [hostname, port] = host.split(":");
  const signer = new SignatureV4({ service: "sts", region, sha256: Sha256, applyChecksum: false, credentials: creds });
  const out = await signer.presign(
    { method: "GET", protocol, hostname: hostname!, port: port ? Number(port) : undefined, path: "/", query: { Action: "GetCallerIdentity", Version: "2011-06-15" }, headers: { host, "x-k8s-aws-id": clusterName } },
    { signingDate: new Date(NOW), expiresIn: 60 },
  );
  return out.query as Record<string, string>;
}

t.test("the presigned URL carries the same signature @smithy/signature-v4 computes", async (t) => {
  for (const [env, host, protocol] of [
    [{}, "sts.eu-west-1.amazonaws.com", "https:"],
    [{ AWS_ENDPOINT_URL_STS: "http://127.0.0.1:4599" }, "127.0.0.1:4599", "http:"],
  ] as const) {
    const url = new URL(await presignGetCallerIdentity({ credentials: creds, clusterName: "prod-eu-west-1", region: "eu-west-1", env, now: NOW }));
    t.equal(url.host, host);
    const expected = await smithyPresign(host, protocol, "prod-eu-west-1", "eu-west-1");
    const ours = Object.fromEntries(url.searchParams);
    t.same(ours, expected, `same query and signature for ${host}`);
    t.equal(ours["X-Amz-SignedHeaders"], "host;x-k8s-aws-id");
  }
});

t.test("the token is k8s-aws-v1. + unpadded base64url of the URL, reused below 15 minutes", async (t) => {
  const minted = await mintEksToken({ credentials: creds, clusterName: "c", region: "eu-west-1", env: {}, now: NOW });
  t.match(minted.token, /^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
  const url = atob(minted.token.slice(11).replace(/-/g, "+").replace(/_/g, "/"));
  t.match(url, /^https:\/\/sts\.eu-west-1\.amazonaws\.com\/\?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires=60&/);
  t.equal(minted.refreshAt, NOW + 14 * 60_000);
  const short = await mintEksToken({ credentials: { ...creds, expiration: NOW + 5 * 60_000 }, clusterName: "c", region: "eu-west-1", env: {}, now: NOW });
  t.equal(short.refreshAt, NOW + 4 * 60_000, "never past a minute before the credentials expire");

  let now = NOW;
  const cache = new EksTokenCache(() => now);
  const a = await cache.get({ credentials: creds, clusterName: "c", region: "eu-west-1", env: {} });
  now += 13 * 60_000;
  t.equal(await cache.get({ credentials: creds, clusterName: "c", region: "eu-west-1", env: {} }), a, "reused at 13 minutes");
  t.equal(cache.minted, 1);
  await cache.get({ credentials: creds, clusterName: "other", region: "eu-west-1", env: {} });
  await cache.get({ credentials: { ...creds, accessKeyId: "ASIAOTHER" }, clusterName: "c", region: "eu-west-1", env: {} });
  t.equal(cache.minted, 3, "per cluster and per credentials");
  now += 60_000;
  t.not(await cache.get({ credentials: creds, clusterName: "c", region: "eu-west-1", env: {} }), a, "re-minted at 14 minutes");
  t.equal(cache.minted, 4);
});

t.test("aws-iam-authenticator style verification against the AWS simulator", async (t) => {
  const sim = await startAwsSimulator({ credentialTtlSeconds: 3600 });
  t.teardown(() => sim.close());
  const role = sim.addRole({ name: "periscope-cluster", webIdentityTokens: ["sa"] });
  const user = sim.addUser("someone");
  const env = { AWS_ENDPOINT_URL: sim.url };
  // temporary credentials for the role, straight from the simulator's STS
  const dir = await mkdtemp(join(tmpdir(), "eks-token-"));
  await writeFile(`${dir}/t`, "sa");
  const roleCreds = await createBaseCredentials({ env: { ...env, AWS_ROLE_ARN: role.arn, AWS_WEB_IDENTITY_TOKEN_FILE: `${dir}/t`, AWS_ROLE_SESSION_NAME: "periscope@alice" }, clock: () => sim.now() })!.get();

  const rejected: string[] = [];
  const verify = (clusterId: string) =>
    eksTokenVerifier({
      stsHost: new URL(sim.url).host,
      clusterId,
      now: () => sim.now(),
      rejected,
      mapArn: (arn, session) => (arn === role.arn ? { username: `periscope:${session}`, groups: ["periscope-impersonators"] } : undefined),
    });
  const { token } = await mintEksToken({ credentials: roleCreds, clusterName: "prod", region: "eu-west-1", env, now: sim.now() });
  t.same(await verify("prod")(token), { username: "periscope:periscope@alice", groups: ["periscope-impersonators"] });
  const presigned = sim.callsOf("GetCallerIdentity").at(-1)!;
  t.ok(presigned.presigned, "STS saw a presigned call");
  t.equal(presigned.caller, `arn:aws:sts::111111111111:assumed-role/periscope-cluster/periscope@alice`);

  t.equal(await verify("staging")(token), undefined, "a token minted for another cluster fails the signature");
  t.match(rejected.at(-1), /sts answered 403/);
  t.equal(sim.calls.at(-1)!.error, "SignatureDoesNotMatch");

  const userToken = (await mintEksToken({ credentials: user, clusterName: "prod", region: "eu-west-1", env, now: sim.now() })).token;
  t.equal(await verify("prod")(userToken), undefined, "valid signature but an unmapped principal");
  t.match(rejected.at(-1), /unmapped ARN arn:aws:iam::111111111111:user\/someone/);

  t.equal(await verify("prod")("k8s-aws-v1." + btoa("https://evil.example/?Action=GetCallerIdentity").replace(/=+$/, "")), undefined);
  t.match(rejected.at(-1), /unexpected host/);

  sim.advance(16 * 60_000);
  t.equal(await verify("prod")(token), undefined, "too old");
  t.match(rejected.at(-1), /token expired/);
  // STS itself holds the 15-minute rule too, whatever X-Amz-Expires says
  const url = atob(token.slice(11).replace(/-/g, "+").replace(/_/g, "/"));
  t.ok(parseAmzDate(new URL(url).searchParams.get("X-Amz-Date")!) < sim.now() - 15 * 60_000);
  const direct = await fetch(url, { headers: { "x-k8s-aws-id": "prod" } });
  t.equal(direct.status, 403);
  t.match(await direct.text(), /ExpiredToken/);
});
