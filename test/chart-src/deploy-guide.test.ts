/**
 * The operator guide (shared/seed/deploy-guide.txt) as a test: each values snippet of the guide, as YAML text with
 * its comments, goes through the real `helm template periscope … --namespace periscope` and the rendered objects
 * are checked against what the guide says about them (names its kubectl/aws commands use, secret wiring, RBAC,
 * Ingress, env). The last test boots the server from the §3 minimum file (IdP URLs pointed at a local IdP) and
 * runs the §7 verification steps. docs/setup/deploy-guide-conformance.md maps guide statements to these tests.
 */
import t from "tap";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseYamlText } from "../../server/config/yaml-file.ts";
import { parseClustersText } from "../../server/config/clusters-file.ts";
import { readLiveSettings } from "../../server/live/settings.ts";
import { readAuditSettings } from "../../server/audit/settings.ts";
import { AUTH0_GROUPS_CLAIM, startIdp } from "../idp/oidc-idp.ts";
import { TestBrowser } from "../idp/browser.ts";
import { startAwsSimulator } from "../aws/sim/simulator.ts";
import { freePort, layOutPod, startServer } from "./pod-from-chart.ts";
import { CHART, helm, parseHelmDocs } from "./support.ts";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- rendered manifests

/** The guide's snippets, copied with their comments (indentation restored). */
const GUIDE = {
  minimum: `auth:
  oidc:
    issuer: https://your-tenant.us.auth0.com/         # or https://your-org.okta.com/oauth2/default
    clientID: <your-client-id>
    redirectURL: https://periscope.your-corp.com/api/auth/callback
    postLogoutRedirect: https://periscope.your-corp.com/api/auth/loggedout
    audience: ""                                     # Auth0 only; "" for Okta
  authorization:
    groupsClaim: https://periscope/groups            # Auth0; "groups" for Okta
    allowedGroups: [periscope-users]

clusters:
  - name: prod-eu-west-1
    backend: eks
    region: eu-west-1
    arn: arn:aws:eks:eu-west-1:222222222222:cluster/prod-eu-west-1

# Pick one: see 5
secrets:
  mode: existing
  existing:
    name: periscope-oidc

# Pick one: see 4
podIdentity:
  enabled: true              # set to false and use the IRSA path instead
# or:
# serviceAccount:
#   annotations:
#     eks.amazonaws.com/role-arn: arn:aws:iam::111111111111:role/periscope-base

ingress:
  enabled: true
  className: alb             # or nginx / etc.
  host: periscope.your-corp.com
  tls:
    enabled: true
    secretName: periscope-tls
`,
  irsa: `serviceAccount:
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111111111111:role/periscope-base
`,
  inCluster: `# my-values.yaml
clusters:
  - name: in-cluster
    backend: in-cluster
`,
  mixed: `clusters:
  - name: periscope-host
    backend: in-cluster
  - name: prod-eu-west-1
    backend: eks
    region: eu-west-1
    arn: arn:aws:eks:eu-west-1:111111111111:cluster/prod-eu-west-1
`,
  existing: `secrets:
  mode: existing
  existing:
    name: periscope-oidc
    key: OIDC_CLIENT_SECRET   # default
`,
  plain: `secrets:
  mode: plain
  plain:
    clientSecret: <your client secret>
`,
  external: `secrets:
  mode: external
  external:
    storeName: aws-secretsmanager-prod
    storeKind: ClusterSecretStore  # or SecretStore
    refreshInterval: 1h
    remoteKey: prod/periscope/oidc            # the upstream secret name
    remoteProperty: client_secret             # if the upstream is JSON-shaped; "" otherwise
`,
  native: `secrets:
  mode: native
auth:
  oidc:
    clientSecret: aws-secretsmanager://prod/periscope/oidc#client_secret
    # or: aws-ssm:///prod/periscope/oidc-client-secret
`,
  ingress: `ingress:
  enabled: true
  className: alb
  annotations:
    alb.ingress.kubernetes.io/scheme: internal
    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/listen-ports: '[{"HTTPS":443}]'
  host: periscope.your-corp.com
  path: /
  pathType: Prefix
  tls:
    enabled: true
    secretName: periscope-tls   # cert-manager Certificate target, or whatever your cert pipeline produces
`,
  exec: `exec:
  serverIdleSeconds: 600          # 10 min
  maxSessionsPerUser: 5
  probeClustersOnBoot: false      # pre-warm cold clusters

clusters:
  - name: prod
    backend: eks
    arn: arn:aws:eks:us-east-1:111:cluster/prod
    exec:
      serverIdleSeconds: 1800     # 30 min for prod debugging
`,
  audit: `audit:
  enabled: true
  retentionDays: 30
  maxSizeMB: 1024
  storage:
    type: pvc            # or emptyDir for kind/minikube
    size: 5Gi
`,
  watch: `watchStreams:
  # Empty / "all" / "off" / "none" / comma list
  # Per-kind tokens: pods, events, deployments, statefulsets, …
  # Group aliases: core, workloads, networking, storage, cluster
  kinds: ""
  perUserLimit: 60       # concurrent SSE streams per OIDC subject
`,
  networkPolicy: `networkPolicy:
  enabled: true
  ingress:
    fromNamespaces:
      - kubernetes.io/metadata.name: ingress-nginx
`,
  pdbOff: `pdb:
  enabled: false
`,
};

const dir = mkdtempSync(join(tmpdir(), "periscope-guide-"));
function file(name: string, text: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}

/** `helm template periscope ./deploy/helm/periscope --namespace periscope --values …` as the guide runs it. */
async function render(...texts: string[]): Promise<Obj[]> {
  const args = ["template", "periscope", CHART, "--namespace", "periscope"];
  texts.forEach((text, i) => args.push("--values", file(`v${i}-${text.length}-${Math.random().toString(36).slice(2)}`, text)));
  const r = await helm(args);
  if (r.code !== 0) throw new Error(r.stderr);
  return parseHelmDocs(r.stdout);
}

const one = (docs: Obj[], kind: string, name?: string): Obj => {
  const found = docs.filter((d) => d.kind === kind && (name === undefined || d.metadata?.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ""}, found ${found.length}`);
  return found[0]!;
};
const kinds = (docs: Obj[]) => docs.map((d) => d.kind as string);
const container = (docs: Obj[]) => (one(docs, "Deployment").spec.template.spec.containers as Obj[])[0]!;
const envOf = (docs: Obj[]) => new Map((container(docs).env as Obj[]).map((e) => [e.name as string, e]));
const configFile = (docs: Obj[], cm: string, key: string) => parseYamlText(one(docs, "ConfigMap", cm).data[key], key) as Obj;

t.test("§3 minimum values: the objects the guide's commands name exist, wired as described", async (t) => {
  const docs = await render(GUIDE.minimum);
  // §2/§7/§9 commands: deploy/periscope, svc/periscope 8080, ingress periscope; §4: SA periscope in periscope.
  const deployment = one(docs, "Deployment", "periscope");
  const service = one(docs, "Service", "periscope");
  t.same(service.spec.ports.map((p: Obj) => p.port), [8080], "port-forward svc/periscope 8080:8080");
  one(docs, "ServiceAccount", "periscope");
  t.equal(deployment.spec.template.spec.serviceAccountName, "periscope", "Pod Identity association / IRSA sub name the SA periscope");
  t.notOk(one(docs, "ServiceAccount", "periscope").metadata.annotations?.["eks.amazonaws.com/role-arn"], "Pod Identity: no SA annotation");
  // §5 existing is the default mode: the Secret periscope-oidc, key OIDC_CLIENT_SECRET, is referenced, not rendered.
  t.notOk(kinds(docs).includes("Secret"), "existing mode renders no Secret");
  t.same(envOf(docs).get("OIDC_CLIENT_SECRET")?.valueFrom, { secretKeyRef: { name: "periscope-oidc", key: "OIDC_CLIENT_SECRET" } });
  const auth = configFile(docs, "periscope-auth", "auth.yaml");
  t.match(auth.oidc, {
    issuer: "https://your-tenant.us.auth0.com/",
    clientID: "<your-client-id>",
    clientSecret: "${OIDC_CLIENT_SECRET}",
    redirectURL: "https://periscope.your-corp.com/api/auth/callback",
    postLogoutRedirect: "https://periscope.your-corp.com/api/auth/loggedout",
    audience: "",
  });
  t.match(auth.authorization, { groupsClaim: "https://periscope/groups", allowedGroups: ["periscope-users"] });
  t.same(parseClustersText(one(docs, "ConfigMap", "periscope-clusters").data["clusters.yaml"]), [
    { name: "prod-eu-west-1", backend: "eks", region: "eu-west-1", arn: "arn:aws:eks:eu-west-1:222222222222:cluster/prod-eu-west-1" },
  ], "the server accepts the rendered clusters.yaml");
  const ingress = one(docs, "Ingress", "periscope");
  t.equal(ingress.apiVersion, "networking.k8s.io/v1");
  t.equal(ingress.spec.ingressClassName, "alb");
  t.same(ingress.spec.tls, [{ hosts: ["periscope.your-corp.com"], secretName: "periscope-tls" }]);
  t.equal(ingress.spec.rules[0].host, "periscope.your-corp.com");
  // §8: ConfigMap-mounted files, checksum annotations, Recreate.
  t.equal(deployment.spec.strategy.type, "Recreate");
  const annotations = deployment.spec.template.metadata.annotations as Obj;
  t.match(annotations, { "checksum/auth": /^[0-9a-f]{64}$/, "checksum/clusters": /^[0-9a-f]{64}$/ });
  t.same(envOf(docs).get("PERISCOPE_AUTH_FILE")?.value, "/etc/periscope/auth.yaml");
  t.same(envOf(docs).get("PERISCOPE_CLUSTERS_FILE")?.value, "/etc/periscope/clusters.yaml");
  // §10.7: PDB on by default with maxUnavailable 1.
  t.equal(one(docs, "PodDisruptionBudget", "periscope").spec.maxUnavailable, 1);
});

t.test("§8 a values change rolls the pods: only the changed file's checksum moves", async (t) => {
  const before = one(await render(GUIDE.minimum), "Deployment").spec.template.metadata.annotations as Obj;
  const after = one(await render(GUIDE.minimum, "auth:\n  authorization:\n    allowedGroups: [periscope-admins]\n"), "Deployment").spec.template.metadata.annotations as Obj;
  t.not(after["checksum/auth"], before["checksum/auth"]);
  t.equal(after["checksum/clusters"], before["checksum/clusters"]);
  const clusters = one(await render(GUIDE.minimum, GUIDE.mixed), "Deployment").spec.template.metadata.annotations as Obj;
  t.not(clusters["checksum/clusters"], before["checksum/clusters"]);
});

t.test("§4 IRSA: the role-arn annotation lands on the ServiceAccount", async (t) => {
  const sa = one(await render(GUIDE.minimum, GUIDE.irsa), "ServiceAccount", "periscope");
  t.equal(sa.metadata.annotations["eks.amazonaws.com/role-arn"], "arn:aws:iam::111111111111:role/periscope-base");
});

t.test("§4.5 in-cluster: the ServiceAccount is bound to an impersonate-only role; combining with eks works", async (t) => {
  const none = await render(GUIDE.minimum);
  t.notOk(kinds(none).some((k) => k.startsWith("ClusterRole")), "an eks-only install renders no cluster RBAC");
  for (const text of [GUIDE.inCluster, GUIDE.mixed]) {
    const docs = await render(text);
    const binding = one(docs, "ClusterRoleBinding", "periscope-periscope-impersonator");
    t.same(binding.subjects, [{ kind: "ServiceAccount", name: "periscope", namespace: "periscope" }]);
    const role = one(docs, "ClusterRole", binding.roleRef.name);
    t.same([...new Set(role.rules.flatMap((r: Obj) => r.verbs))], ["impersonate"], "impersonate and nothing else");
    const tiers = docs.filter((d) => d.kind === "ClusterRoleBinding" && d.metadata.name.includes("-tier-"));
    t.same(tiers.map((b) => b.subjects[0].name).sort(), ["periscope-tier:admin", "periscope-tier:maintain", "periscope-tier:read", "periscope-tier:triage", "periscope-tier:write"]);
    t.ok(one(docs, "Deployment").spec.template.spec.automountServiceAccountToken, "the kubelet mounts the SA token");
  }
  const mixed = parseClustersText(one(await render(GUIDE.mixed), "ConfigMap", "periscope-clusters").data["clusters.yaml"]);
  t.same(mixed.map((c) => c.backend), ["in-cluster", "eks"]);
});

t.test("§5 secret modes, each snippet on top of the §3 file", async (t) => {
  const existing = await render(GUIDE.minimum, GUIDE.existing);
  t.same(envOf(existing).get("OIDC_CLIENT_SECRET")?.valueFrom.secretKeyRef, { name: "periscope-oidc", key: "OIDC_CLIENT_SECRET" });

  const plain = await render(GUIDE.minimum, GUIDE.plain);
  const secret = one(plain, "Secret", "periscope-oidc");
  t.same(secret.stringData, { OIDC_CLIENT_SECRET: "<your client secret>" }, "kind: Secret with stringData");
  t.same(envOf(plain).get("OIDC_CLIENT_SECRET")?.valueFrom.secretKeyRef, { name: "periscope-oidc", key: "OIDC_CLIENT_SECRET" });

  const external = await render(GUIDE.minimum, GUIDE.external);
  const es = one(external, "ExternalSecret");
  t.equal(es.apiVersion, "external-secrets.io/v1");
  t.same(es.spec.secretStoreRef, { kind: "ClusterSecretStore", name: "aws-secretsmanager-prod" });
  t.equal(es.spec.refreshInterval, "1h");
  t.same(es.spec.data, [{ secretKey: "OIDC_CLIENT_SECRET", remoteRef: { key: "prod/periscope/oidc", property: "client_secret" } }]);
  t.same(envOf(external).get("OIDC_CLIENT_SECRET")?.valueFrom.secretKeyRef, { name: es.spec.target.name, key: "OIDC_CLIENT_SECRET" }, "the Deployment reads the Secret ESO writes");
  t.notOk(kinds(external).includes("Secret"));

  const native = await render(GUIDE.minimum, GUIDE.native);
  t.notOk(kinds(native).some((k) => k === "Secret" || k === "ExternalSecret"), "native: no Secret artifact");
  t.notOk(envOf(native).has("OIDC_CLIENT_SECRET"));
  t.equal(configFile(native, "periscope-auth", "auth.yaml").oidc.clientSecret, "aws-secretsmanager://prod/periscope/oidc#client_secret");
  const ssm = await render(GUIDE.minimum, GUIDE.native.replace("aws-secretsmanager://prod/periscope/oidc#client_secret", "aws-ssm:///prod/periscope/oidc-client-secret"));
  t.equal(configFile(ssm, "periscope-auth", "auth.yaml").oidc.clientSecret, "aws-ssm:///prod/periscope/oidc-client-secret");
});

t.test("§6 Ingress: class and annotations pass through", async (t) => {
  const ingress = one(await render(GUIDE.ingress), "Ingress", "periscope");
  t.same(ingress.metadata.annotations, {
    "alb.ingress.kubernetes.io/scheme": "internal",
    "alb.ingress.kubernetes.io/target-type": "ip",
    "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]',
  });
  t.equal(ingress.spec.ingressClassName, "alb");
  const path = ingress.spec.rules[0].http.paths[0];
  t.match(path, { path: "/", pathType: "Prefix", backend: { service: { name: "periscope", port: { name: "http" } } } });
  t.same(ingress.spec.tls, [{ hosts: ["periscope.your-corp.com"], secretName: "periscope-tls" }]);
});

t.test("§10.1 exec, §10.2 audit, §10.5 watch streams reach the server's own readers", async (t) => {
  const docs = await render(GUIDE.exec, GUIDE.audit, GUIDE.watch);
  const env = Object.fromEntries([...envOf(docs)].map(([k, e]) => [k, String(e.value ?? "")]));
  const live = readLiveSettings(env);
  t.match(live, { perUserLimit: 60, exec: { idleMs: 600_000, maxPerUser: 5 } });
  t.ok(live.watchKinds.size >= 21, `kinds "" turns on every kind (${live.watchKinds.size}, guide: 21+)`);
  t.equal(env.PERISCOPE_EXEC_IDLE_SECONDS, "600");
  t.equal(env.PERISCOPE_EXEC_MAX_SESSIONS_PER_USER, "5");
  t.equal(env.PERISCOPE_EXEC_PROBE_ON_BOOT, "false");
  t.equal(env.PERISCOPE_WATCH_STREAMS, "", "kinds \"\" = every kind");
  const clusters = parseClustersText(one(docs, "ConfigMap", "periscope-clusters").data["clusters.yaml"]);
  t.match(clusters, [{ name: "prod", backend: "eks", exec: { serverIdleSeconds: 1800 } }], "per-cluster exec override accepted by the server");
  t.match(readAuditSettings(env), { enabled: true, retentionDays: 30, maxSizeMB: 1024 });
  const pvc = one(docs, "PersistentVolumeClaim");
  t.equal(pvc.spec.resources.requests.storage, "5Gi");
  const mount = (container(docs).volumeMounts as Obj[]).find((m) => m.mountPath === env.PERISCOPE_AUDIT_DIR);
  const volume = (one(docs, "Deployment").spec.template.spec.volumes as Obj[]).find((v) => v.name === mount?.name);
  t.equal(volume?.persistentVolumeClaim?.claimName, pvc.metadata.name, "the audit dir is the PVC");
  const emptyDir = await render(GUIDE.audit.replace("type: pvc ", "type: emptyDir "));
  t.notOk(kinds(emptyDir).includes("PersistentVolumeClaim"), "emptyDir for kind/minikube renders no PVC");
});

t.test("§10.6 NetworkPolicy, §10.7 PDB off", async (t) => {
  const policy = one(await render(GUIDE.networkPolicy), "NetworkPolicy", "periscope");
  t.same(policy.spec.ingress[0].from, [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }]);
  t.same(policy.spec.policyTypes, ["Ingress", "Egress"]);
  t.notOk(kinds(await render(GUIDE.minimum)).includes("NetworkPolicy"), "off by default");
  t.notOk(kinds(await render(GUIDE.pdbOff)).includes("PodDisruptionBudget"));
});

t.test("§7 verify and §9 pitfalls, on a server booted from the §3 file", async (t) => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const idp = await startIdp({ shape: "auth0", appBase: base });
  t.teardown(() => idp.close());
  // Only what cannot be real here changes: the IdP URLs and the port (the guide's host needs DNS and TLS).
  const local = `auth:\n  oidc:\n    issuer: ${idp.issuer}\n    clientID: ${idp.clientId}\n    audience: ${JSON.stringify(idp.audience)}\n    redirectURL: ${base}/api/auth/callback\n    postLogoutRedirect: ${base}/api/auth/loggedout\nservice:\n  port: ${port}\n`;
  t.equal(AUTH0_GROUPS_CLAIM, "https://periscope/groups", "the test IdP uses the guide's Auth0 groups claim");
  const docs = await render(GUIDE.minimum, local);
  t.throws(() => layOutPod(docs), /Secret periscope-oidc key OIDC_CLIENT_SECRET does not exist/, "§9: no Secret in existing mode → the pod cannot start");
  // §2 step 2: `kubectl create secret generic periscope-oidc --from-literal=OIDC_CLIENT_SECRET=…`
  const pod = layOutPod(docs, { "periscope-oidc": { OIDC_CLIENT_SECRET: idp.clientSecret } });
  const server = await startServer(pod);
  t.teardown(() => server.stop());

  const health = await fetch(`${base}/healthz`);
  t.equal(await health.text(), "ok", "wget -qO- http://localhost:8080/healthz → ok");
  const who = await fetch(`${base}/api/auth/whoami`, { headers: { accept: "*/*", "user-agent": "curl/8.5.0" } });
  t.equal(who.status, 401, "curl -i /api/auth/whoami → 401");
  const home = await fetch(`${base}/`, { headers: { accept: "text/html" }, redirect: "follow" });
  const html = await home.text();
  t.match(html, /Sign in with/, "§9: the login screen at / when unauthenticated");
  const config = (await (await fetch(`${base}/api/auth/config`)).json()) as Obj;
  t.equal(config.mode, "oidc");
});

for (const identity of ["pod-identity", "irsa"] as const) {
  t.test(`§5 native mode (${identity}): the secret is fetched at start-up with the pod's AWS identity, no Secret anywhere`, async (t) => {
    const aws = await startAwsSimulator();
    t.teardown(() => aws.close());
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const idp = await startIdp({ shape: "auth0", appBase: base });
    t.teardown(() => idp.close());
    aws.putSecret("prod/periscope/oidc", { string: JSON.stringify({ client_secret: idp.clientSecret }) });
    const role = aws.addRole({ name: "periscope-base", webIdentityTokens: ["sa-token"] });
    aws.setPodIdentity(role, "pod-token");
    const local = `auth:\n  oidc:\n    issuer: ${idp.issuer}\n    clientID: ${idp.clientId}\n    audience: ${JSON.stringify(idp.audience)}\n    redirectURL: ${base}/api/auth/callback\n    postLogoutRedirect: ${base}/api/auth/loggedout\nservice:\n  port: ${port}\n`;
    const docs = await render(GUIDE.minimum, GUIDE.native, local);
    const pod = layOutPod(docs); // no cluster Secret given: native mode must not need one
    // What the EKS webhook injects for each identity, pointed at the AWS simulator.
    const tokenFile = join(pod.root, "aws-token");
    writeFileSync(tokenFile, identity === "irsa" ? "sa-token" : "pod-token");
    Object.assign(pod.env, { AWS_ENDPOINT_URL: aws.url, AWS_REGION: "eu-west-1" });
    if (identity === "irsa") Object.assign(pod.env, { AWS_ROLE_ARN: role.arn, AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile });
    else Object.assign(pod.env, { AWS_CONTAINER_CREDENTIALS_FULL_URI: aws.podIdentityUrl, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile });
    const server = await startServer(pod);
    t.teardown(() => server.stop());
    const fetched = aws.callsOf("GetSecretValue");
    t.equal(fetched.length, 1, "fetched once, at start-up");
    t.match(fetched[0], { status: 200, params: { SecretId: "prod/periscope/oidc" } });
    t.match(fetched[0]!.caller, /periscope-base/, "signed with the pod's role");
    idp.user = { sub: "auth0|ada", email: "ada@example.com", groups: ["periscope-users"] };
    const browser = new TestBrowser();
    await browser.navigate(`${base}/api/auth/login`);
    t.ok(browser.cookie("periscope_session"), "sign-in completed");
    const [, secret] = (idp.tokenRequests.at(-1)?.authorization ?? "").split(":").map((p) => decodeURIComponent(p));
    t.equal(secret, idp.clientSecret, "the token exchange used the client_secret key of the AWS secret");
    t.notOk(server.output().includes(idp.clientSecret), "the secret is never logged");
  });
}

t.test("§7 `kubectl exec deploy/periscope -- wget -qO- http://localhost:8080/healthz` has a wget to run", async (t) => {
  const dockerfile = readFileSync(join(import.meta.dirname, "../../deploy/Dockerfile"), "utf8");
  // Alpine's busybox provides wget; a distroless or slim base would break the guide's check.
  t.match(dockerfile, /^ARG NODE_IMAGE=node:[\w.-]*alpine[\w.-]*$/m, "the runtime image is Alpine-based (busybox wget)");
  t.notMatch(dockerfile, /apk del[^\n]*busybox|rm [^\n]*\/bin\/(busybox|wget)/, "wget is not removed");
  t.equal(container(await render(GUIDE.minimum)).name, "periscope", "the first (default) container kubectl exec picks");
});

t.test("§6/§9 NOTES: a redirectURL that does not match the Ingress callback is called out (login would bounce)", async (t) => {
  const notes = async (...texts: string[]) => {
    const args = ["install", "periscope", CHART, "--dry-run=client", "--namespace", "periscope"];
    texts.forEach((text, i) => args.push("--values", file(`notes-${i}-${Math.random().toString(36).slice(2)}`, text)));
    const r = await helm(args);
    if (r.code !== 0) throw new Error(r.stderr);
    return r.stdout.slice(r.stdout.indexOf("NOTES:"));
  };
  const good = await notes(GUIDE.minimum);
  t.match(good, "The IdP's allowed callback URL must be exactly https://periscope.your-corp.com/api/auth/callback");
  t.notMatch(good, "WARNING");
  for (const bad of ["https://periscope.your-corp.com/api/auth/callback/", "http://periscope.your-corp.com/api/auth/callback", "https://periscope.your-corp.com:8443/api/auth/callback"]) {
    const text = await notes(GUIDE.minimum, `auth:\n  oidc:\n    redirectURL: ${bad}\n`);
    t.match(text, `WARNING: auth.oidc.redirectURL is "${bad}", not https://periscope.your-corp.com/api/auth/callback`, bad);
  }
  t.notMatch(await notes(GUIDE.ingress), "WARNING: auth.oidc.redirectURL", "dev mode (no issuer): nothing to compare");
  t.match(await notes(GUIDE.networkPolicy), "docs/setup/networkpolicy.md");
});

t.test("§10.1 there is no global exec off switch: exec.enabled is rejected, clusters[].exec.enabled is the way", async (t) => {
  const r = await helm(["template", "periscope", CHART, "--namespace", "periscope", "--values", file("exec-global-off", "exec:\n  enabled: false\n")]);
  t.not(r.code, 0);
  t.match(r.stderr, /enabled/);
  const docs = await render("clusters:\n  - name: prod\n    backend: demo\n    exec:\n      enabled: false\n");
  t.match(parseClustersText(one(docs, "ConfigMap", "periscope-clusters").data["clusters.yaml"]), [{ name: "prod", exec: { enabled: false } }]);
});

t.test("§1 any cluster (deploy.md): the chart's pod answers on IPv6 and IPv4 without extra settings", async (t) => {
  const port = await freePort();
  const docs = await render(`service:\n  port: ${port}\nclusters:\n  - name: lab\n    backend: demo\n`);
  const pod = layOutPod(docs);
  t.equal(pod.env.PERISCOPE_HOST, undefined, "no bind address is rendered: the server listens on every address");
  // The test harness pins 127.0.0.1 by default; clear it to run exactly what the chart renders.
  const server = await startServer({ ...pod, env: { ...pod.env, PERISCOPE_HOST: "" } });
  t.teardown(() => server.stop());
  t.equal(await (await fetch(`http://[::1]:${port}/healthz`)).text(), "ok", "IPv6 loopback");
  t.equal(await (await fetch(`http://127.0.0.1:${port}/healthz`)).text(), "ok", "IPv4 still answers (dual-stack)");
});
