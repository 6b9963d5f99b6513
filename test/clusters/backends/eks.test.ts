/**
 * End to end: the eks backend against the AWS simulator (Pod Identity or IRSA, per-user AssumeRole,
 * DescribeCluster, presigned token) and the Kubernetes simulator over HTTPS, which authenticates the EKS token
 * the way aws-iam-authenticator does and then applies the user's impersonation headers.
 */
import t from "tap";
import type { Test } from "tap";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../../server/app.ts";
import { setIdentity } from "../../../server/auth/identity.ts";
import type { Identity } from "../../../server/auth/identity.ts";
import { createEksBackend } from "../../../server/clusters/backends/eks.ts";
import { createClusterRegistry } from "../../../server/clusters/registry.ts";
import type { ClusterConfig } from "../../../server/config/schema/clusters.ts";
import { clusterRole, clusterRoleBinding } from "../../../server/demo/default-roles.ts";
import { createSimulator } from "../../../server/demo/simulator.ts";
import { createLogger } from "../../../server/http/log.ts";
import { loadPlatform } from "../../../server/platform/load.ts";
import { createTestCa } from "../../support/pki.ts";
import { eksTokenVerifier } from "../../aws/eks-token-verifier.ts";
import { startAwsSimulator } from "../../aws/sim/simulator.ts";

const ACCOUNT = "111111111111";
const ARN = `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/prod`;

function identity(subject: string, tier = "read"): Identity {
  return {
    subject,
    email: `${subject}@example.com`,
    groups: [],
    mode: "oidc",
    authzMode: "tier",
    tier: tier as Identity["tier"],
    kube: { user: subject, groups: [`periscope-tier:${tier}`] },
    auditScope: "self",
    expiresAt: undefined,
    sessionKey: undefined,
  };
}

interface Seen {
  authorization: string;
  impersonateUser: string | null;
  impersonateGroups: string[];
  path: string;
}

async function world(t: Test, mode: "pod-identity" | "irsa") {
  const platform = await loadPlatform();
  const ca = await createTestCa();
  const serverCert = await ca.issue({ commonName: "kube-sim", server: true, hosts: ["127.0.0.1"] });
  const aws = await startAwsSimulator({ credentialTtlSeconds: 3600 });
  t.teardown(() => aws.close());

  const base = aws.addRole({ name: "periscope-base", webIdentityTokens: ["sa-token"] });
  const clusterRoleArn = aws.addRole({ name: "periscope-prod", trusted: [base.arn], allowSourceIdentity: true, allowTagSession: true }).arn;
  const dir = await mkdtemp(join(tmpdir(), "eks-e2e-"));
  await writeFile(join(dir, "token"), mode === "pod-identity" ? "pod-token\n" : "sa-token\n");
  aws.setPodIdentity(base, "pod-token");
  const env: Record<string, string> =
    mode === "pod-identity"
      ? { AWS_CONTAINER_CREDENTIALS_FULL_URI: aws.podIdentityUrl, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: join(dir, "token") }
      : { AWS_ROLE_ARN: base.arn, AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, "token"), AWS_ROLE_SESSION_NAME: "periscope-pod" };
  Object.assign(env, { AWS_ENDPOINT_URL: aws.url, AWS_REGION: "eu-west-1" });

  // the cluster's access entry: the per-cluster role maps to a user that may only impersonate
  const mapped: string[] = [];
  const accessEntries = new Set([clusterRoleArn]);
  const rejected: string[] = [];
  const kube = createSimulator({
    seed: [
      clusterRole("periscope-impersonator", [{ apiGroups: [""], resources: ["users", "groups"], verbs: ["impersonate"] }, { apiGroups: ["authentication.k8s.io"], resources: ["userextras/periscope-request-id"], verbs: ["impersonate"] }]),
      clusterRoleBinding("periscope-impersonator", "periscope-impersonator", [{ kind: "Group", name: "periscope:impersonators" }]),
      clusterRoleBinding("periscope-tier-read", "view", [{ kind: "Group", name: "periscope-tier:read" }]),
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } },
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "periscope" } },
      { apiVersion: "v1", kind: "Pod", metadata: { name: "web-1", namespace: "team-a" }, spec: { containers: [{ name: "web", image: "nginx" }] } },
    ],
    tokenVerifiers: [
      eksTokenVerifier({
        stsHost: new URL(aws.url).host,
        clusterId: "prod",
        now: () => aws.now(),
        rejected,
        mapArn: (arn, session) => {
          if (!accessEntries.has(arn)) return undefined;
          mapped.push(`${arn} ${session}`);
          return { username: `periscope:${session}`, groups: ["periscope:impersonators"] };
        },
      }),
    ],
  });
  const seen: Seen[] = [];
  const kubeServer = await platform.serve(
    (request, conn) => {
      seen.push({
        authorization: request.headers.get("authorization") ?? "",
        impersonateUser: request.headers.get("impersonate-user"),
        impersonateGroups: request.headers.get("impersonate-group")?.split(", ") ?? [],
        path: new URL(request.url).pathname,
      });
      return kube.handle(request, conn);
    },
    { hostname: "127.0.0.1", port: 0, tls: serverCert },
  );
  t.teardown(async () => {
    kube.close();
    await kubeServer.close(0);
  });
  aws.addCluster({ name: "prod", region: "eu-west-1", endpoint: `https://127.0.0.1:${kubeServer.port}`, caData: btoa(ca.cert) });

  // a second, non-AWS cluster on the same apiserver, to show one failing cluster does not break another
  const saDir = await mkdtemp(join(tmpdir(), "eks-e2e-sa-"));
  const saToken = kube.addServiceAccount("periscope", "periscope");
  kube.seed([clusterRoleBinding("periscope-sa-impersonator", "periscope-impersonator", [{ kind: "ServiceAccount", name: "periscope", namespace: "periscope" }])]);
  await writeFile(join(saDir, "token"), saToken);
  await writeFile(join(saDir, "ca.crt"), ca.cert);
  Object.assign(env, { PERISCOPE_SERVICEACCOUNT_DIR: saDir, KUBERNETES_SERVICE_HOST: "127.0.0.1", KUBERNETES_SERVICE_PORT: String(kubeServer.port) });

  const configs: ClusterConfig[] = [
    { name: "prod", backend: "eks", arn: ARN, assumeRoleArn: clusterRoleArn },
    { name: "home", backend: "in-cluster" },
  ];
  const log = createLogger("error", () => {});
  const makeRegistry = async (list: ClusterConfig[]) => {
    const registry = await createClusterRegistry(list, { platform, log, env, configSource: "clusters.yaml" }, {
      eks: (config, deps) => createEksBackend(config, deps, { aws: { clock: () => aws.now(), retries: 0, timeoutMs: 2000 } }),
    });
    t.teardown(() => registry.close());
    return registry;
  };
  const registry = await makeRegistry(configs);
  return { aws, kube, registry, seen, mapped, rejected, clusterRoleArn, base, env, accessEntries, makeRegistry };
}

const podNames = (list: unknown) => ((list as { items: Array<{ metadata: { name: string } }> }).items ?? []).map((p) => p.metadata.name);

for (const mode of ["pod-identity", "irsa"] as const) {
  t.test(`${mode}: a user lists pods through a per-user role session and an EKS token`, async (t) => {
    const w = await world(t, mode);
    const alice = identity("auth0|alice");
    const pods = await w.registry.client("prod", alice, "req-1").json({ path: "/api/v1/namespaces/team-a/pods" });
    t.same(podNames(pods), ["web-1"]);

    const assume = w.aws.callsOf("AssumeRole");
    t.equal(assume.length, 1);
    t.match(assume[0]!.params.RoleSessionName, /^periscope@auth0-alice\.[0-9a-f]{8}$/, "CloudTrail would show the human");
    t.equal(assume[0]!.params["Tags.member.1.Value"], "auth0-alice");
    t.equal(assume[0]!.caller, `arn:aws:sts::${ACCOUNT}:assumed-role/periscope-base/${mode === "irsa" ? "periscope-pod" : "eks-periscope-pod"}`);
    t.equal(w.aws.callsOf(mode === "irsa" ? "AssumeRoleWithWebIdentity" : "PodIdentityCredentials").length, 1);

    const call = w.seen.find((s) => s.path === "/api/v1/namespaces/team-a/pods")!;
    t.match(call.authorization, /^Bearer k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    t.equal(call.impersonateUser, "auth0|alice");
    t.same(call.impersonateGroups, ["periscope-tier:read"]);
    t.equal(w.mapped.at(-1), `${w.clusterRoleArn} ${assume[0]!.params.RoleSessionName}`, "the token mapped to the role session");

    // reuse: a second call, another user, the same cluster
    await w.registry.client("prod", alice, "req-2").json({ path: "/api/v1/namespaces/team-a/pods" });
    const bob = identity("bob@example.com");
    await w.registry.client("prod", bob, "req-3").json({ path: "/api/v1/namespaces/team-a/pods" });
    t.equal(w.aws.callsOf("DescribeCluster").length, 1, "DescribeCluster cached");
    t.equal(w.aws.callsOf("AssumeRole").length, 2, "one role session per user");
    t.equal(w.aws.callsOf("AssumeRole")[1]!.params.RoleSessionName, "periscope@bob@example.com");
    const tokens = w.seen.filter((s) => s.path === "/api/v1/namespaces/team-a/pods").map((s) => s.authorization);
    t.equal(tokens[0], tokens[1], "alice's token reused");
    t.not(tokens[1], tokens[2], "bob has his own token");

    // expiry: 56 minutes later the role session is refreshed, and a new token minted
    w.aws.advance(56 * 60_000);
    await w.registry.client("prod", alice, "req-4").json({ path: "/api/v1/namespaces/team-a/pods" });
    t.equal(w.aws.callsOf("AssumeRole").length, 3);
    const last = w.seen.at(-1)!;
    t.not(last.authorization, tokens[0]);
    t.same(w.rejected, [], "no token was rejected");

    // a user whose tier grants nothing in kube-system gets Kubernetes' own 403
    const denied = await w.registry.client("prod", identity("carol", "none"), "req-5").json({ path: "/api/v1/namespaces/kube-system/secrets" }).catch((e: Error) => e);
    t.match(String((denied as { status?: number }).status), "403");
  });
}

t.test("AWS simulator down: the eks cluster errors, the other cluster keeps working", async (t) => {
  const w = await world(t, "pod-identity");
  t.same(podNames(await w.registry.client("home", identity("dave"), "r1").json({ path: "/api/v1/namespaces/team-a/pods" })), ["web-1"]);
  await w.aws.close();
  const error = (await w.registry.client("prod", identity("dave"), "r2").json({ path: "/api/v1/namespaces/team-a/pods" }).catch((e: unknown) => e)) as { status: number; code: string; message: string };
  t.equal(error.status, 503);
  t.equal(error.code, "cluster_unavailable");
  t.match(error.message, /^cluster prod \(eks\): AWS (pod-identity container credentials|sts AssumeRole) failed/);
  t.same(podNames(await w.registry.client("home", identity("dave"), "r3").json({ path: "/api/v1/namespaces/team-a/pods" })), ["web-1"], "home still answers");
});

t.test("through Periscope's HTTP API: list pods on the eks cluster as the signed-in user", async (t) => {
  const w = await world(t, "pod-identity");
  const platform = await loadPlatform();
  const log = createLogger("error", () => {});
  const alice = identity("auth0|alice");
  const app = createApp({ log, platform, clusters: w.registry, middleware: [(ctx, next) => (setIdentity(ctx, alice), next())] });
  const response = await app.handle(new Request("http://periscope.test/api/clusters/prod/resources/pods?namespace=team-a"), { remoteAddress: "127.0.0.1" });
  const text = await response.text();
  t.equal(response.status, 200, text.slice(0, 200));
  t.match(text, /"web-1"/);
  t.match(w.aws.callsOf("AssumeRole")[0]!.params.RoleSessionName, /^periscope@auth0-alice\./);
  const seen = w.seen.find((s) => s.path === "/api/v1/namespaces/team-a/pods")!;
  t.equal(seen.impersonateUser, "auth0|alice");
  t.match(seen.authorization, /^Bearer k8s-aws-v1\./);
  app.shutdown();
});

t.test("externalID from a secret reference; a role that refuses is that cluster's 502", async (t) => {
  const w = await world(t, "pod-identity");
  const guarded = w.aws.addRole({ name: "periscope-guarded", trusted: [w.base.arn], externalId: "ext-from-env" });
  const refusing = w.aws.addRole({ name: "periscope-refusing", trusted: [] });
  w.accessEntries.add(guarded.arn);
  w.env.PROD_EXTERNAL_ID = "ext-from-env";
  const registry = await w.makeRegistry([
    { name: "guarded", backend: "eks", arn: ARN, assumeRoleArn: guarded.arn, externalID: "${PROD_EXTERNAL_ID}" },
    { name: "refusing", backend: "eks", arn: ARN, assumeRoleArn: refusing.arn },
  ]);
  t.same(podNames(await registry.client("guarded", identity("erin"), "r1").json({ path: "/api/v1/namespaces/team-a/pods" })), ["web-1"]);
  const call = w.aws.callsOf("AssumeRole").find((c) => c.params.RoleArn === guarded.arn)!;
  t.equal(call.params.ExternalId, "ext-from-env");
  const error = (await registry.client("refusing", identity("erin"), "r2").json({ path: "/api" }).catch((e: unknown) => e)) as { status: number; code: string; message: string };
  t.equal(error.status, 502);
  t.equal(error.code, "cluster_auth_failed");
  t.match(error.message, /^cluster refusing \(eks\): AWS sts AssumeRole failed \(403 AccessDenied\)/);
  t.match(error.message, /trust policy must allow Periscope's base role sts:AssumeRole/, "names the fix (deploy guide §9)");
  t.same(podNames(await registry.client("guarded", identity("erin"), "r3").json({ path: "/api/v1/namespaces/team-a/pods" })), ["web-1"], "the other cluster is unaffected");
});

t.test("configuration errors stop the boot with one line", async (t) => {
  const platform = await loadPlatform();
  const log = createLogger("error", () => {});
  const error = await createClusterRegistry([{ name: "bad", backend: "eks", arn: "arn:aws:eks:eu-west-1:1:nodegroup/x" }], { platform, log, env: {}, configSource: "clusters.yaml" }, { eks: createEksBackend }).catch((e: Error) => e);
  t.match(String(error), /clusters\.yaml: clusters\[bad\]\.arn: expected an EKS cluster ARN/);
});

t.test("no AWS identity configured: a clear per-cluster error", async (t) => {
  const platform = await loadPlatform();
  const log = createLogger("error", () => {});
  const registry = await createClusterRegistry([{ name: "prod", backend: "eks", arn: ARN }], { platform, log, env: {}, configSource: "clusters.yaml" }, { eks: createEksBackend });
  const error = (await registry.client("prod", identity("x"), "r").json({ path: "/api" }).catch((e: unknown) => e)) as { status: number; message: string };
  t.equal(error.status, 503);
  t.match(error.message, /no AWS credentials: configure Pod Identity or IRSA/);
});
