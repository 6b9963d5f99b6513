/**
 * Bad values are rejected by both Helm (values.schema.json) and direct mode (the same schema through ajv), each
 * naming the key; direct mode gives the JSON pointer of the offending key.
 */
import t from "tap";
import { renderManifests } from "../../chart-src/emit/direct.ts";
import { ValuesError } from "../../chart-src/values/validate.ts";
import { CHART, helm, pool, writeValues } from "./support.ts";

interface Bad {
  name: string;
  values: Record<string, unknown>;
  /** A word Helm's and our messages must both contain (the key). */
  key: string;
  /** The pointer our message must contain. */
  pointer: string;
}

const eks = { name: "prod", backend: "eks", arn: "arn:aws:eks:eu-west-1:1:cluster/prod" };
const bad: Bad[] = [
  { name: "ingress-no-host", values: { ingress: { enabled: true } }, key: "host", pointer: "/ingress/host" },
  { name: "ingress-empty-host", values: { ingress: { enabled: true, host: "" } }, key: "host", pointer: "/ingress/host" },
  { name: "tls-no-secret", values: { ingress: { enabled: true, host: "h.example.com", tls: { enabled: true } } }, key: "secretName", pointer: "/ingress/tls/secretName" },
  { name: "existing-no-name", values: { secrets: { mode: "existing", existing: { name: "" } } }, key: "name", pointer: "/secrets/existing/name" },
  { name: "plain-no-secret", values: { secrets: { mode: "plain" } }, key: "clientSecret", pointer: "/secrets/plain/clientSecret" },
  { name: "external-no-store", values: { secrets: { mode: "external", external: { remoteKey: "k" } } }, key: "storeName", pointer: "/secrets/external/storeName" },
  { name: "external-no-key", values: { secrets: { mode: "external", external: { storeName: "s" } } }, key: "remoteKey", pointer: "/secrets/external/remoteKey" },
  { name: "issuer-without-client", values: { auth: { oidc: { issuer: "https://idp.example.com", redirectURL: "https://p/api/auth/callback" } } }, key: "clientID", pointer: "/auth/oidc/clientID" },
  { name: "duplicate-cluster", values: { clusters: [{ name: "a", backend: "demo" }, { name: "b", backend: "demo" }, { name: "a", backend: "demo" }] }, key: "/clusters/2/name", pointer: "/clusters/2/name" },
  { name: "security-context-typo", values: { containerSecurityContext: { readOnlyRootFileSystem: false } }, key: "readOnlyRootFileSystem", pointer: "/containerSecurityContext/readOnlyRootFileSystem" },
  { name: "env-typo", values: { env: [{ name: "A", valuefrom: {} }] }, key: "valuefrom", pointer: "/env/0/valuefrom" },
  { name: "null-scalar", values: { exec: { heartbeatSeconds: null } }, key: "heartbeatSeconds", pointer: "/exec/heartbeatSeconds" },
  { name: "null-clusters", values: { clusters: null }, key: "clusters", pointer: "/clusters" },
  { name: "null-map", values: { nodeSelector: null }, key: "nodeSelector", pointer: "/nodeSelector" },
  { name: "null-plugins", values: { plugins: null }, key: "plugins", pointer: "/plugins" },
  { name: "null-plugin", values: { plugins: { logForwarder: null } }, key: "logForwarder", pointer: "/plugins/logForwarder" },
  { name: "null-branch", values: { audit: { storage: null } }, key: "storage", pointer: "/audit/storage" },
  { name: "native-without-ref", values: { secrets: { mode: "native" }, auth: { oidc: { issuer: "https://idp", clientID: "c", redirectURL: "https://p/cb" } } }, key: "clientSecret", pointer: "/auth/oidc/clientSecret" },
  { name: "unknown-top", values: { replicas: 2 }, key: "replicas", pointer: "/replicas" },
  { name: "unknown-nested", values: { ingress: { tls: { secret: "x" } } }, key: "secret", pointer: "/ingress/tls/secret" },
  { name: "unknown-auth", values: { auth: { oidc: { issuerURL: "https://x" } } }, key: "issuerURL", pointer: "/auth/oidc/issuerURL" },
  { name: "unknown-auth-block", values: { auth: { saml: {} } }, key: "saml", pointer: "/auth/saml" },
  { name: "unknown-cluster-key", values: { clusters: [{ ...eks, regin: "eu-west-1" }] }, key: "regin", pointer: "/clusters/0/regin" },
  { name: "unknown-cluster-exec", values: { clusters: [{ ...eks, exec: { idle: 5 } }] }, key: "idle", pointer: "/clusters/0/exec/idle" },
  { name: "unknown-plugin", values: { plugins: { nope: {} } }, key: "nope", pointer: "/plugins/nope" },
  { name: "unknown-plugin-key", values: { plugins: { logForwarder: { enable: true } } }, key: "enable", pointer: "/plugins/logForwarder/enable" },
  { name: "unknown-audit-storage", values: { audit: { storage: { hostPath: "/x" } } }, key: "hostPath", pointer: "/audit/storage/hostPath" },
  { name: "enum-secrets-mode", values: { secrets: { mode: "vault" } }, key: "secrets/mode", pointer: "/secrets/mode" },
  { name: "enum-storage-type", values: { audit: { storage: { type: "hostPath" } } }, key: "storage/type", pointer: "/audit/storage/type" },
  { name: "enum-backend", values: { clusters: [{ name: "g", backend: "gke" }] }, key: "backend", pointer: "/clusters/0/backend" },
  { name: "enum-tier", values: { auth: { authorization: { defaultTier: "root" } } }, key: "defaultTier", pointer: "/auth/authorization/defaultTier" },
  { name: "enum-pull-policy", values: { image: { pullPolicy: "Sometimes" } }, key: "pullPolicy", pointer: "/image/pullPolicy" },
  { name: "negative-retention", values: { audit: { retentionDays: -1 } }, key: "retentionDays", pointer: "/audit/retentionDays" },
  { name: "retention-too-long", values: { audit: { retentionDays: 36501 } }, key: "retentionDays", pointer: "/audit/retentionDays" },
  { name: "negative-size", values: { audit: { maxSizeMB: -5 } }, key: "maxSizeMB", pointer: "/audit/maxSizeMB" },
  { name: "negative-watch", values: { watchStreams: { perUserLimit: -1 } }, key: "perUserLimit", pointer: "/watchStreams/perUserLimit" },
  { name: "negative-watch-kinds", values: { watchStreams: { kinds: "pods;deployments" } }, key: "kinds", pointer: "/watchStreams/kinds" },
  { name: "negative-pdb", values: { pdb: { maxUnavailable: -1 } }, key: "maxUnavailable", pointer: "/pdb/maxUnavailable" },
  { name: "zero-exec", values: { exec: { maxSessionsPerUser: 0 } }, key: "maxSessionsPerUser", pointer: "/exec/maxSessionsPerUser" },
  { name: "exec-total-too-high", values: { exec: { maxSessionsTotal: 1000000 } }, key: "maxSessionsTotal", pointer: "/exec/maxSessionsTotal" },
  { name: "two-replicas", values: { replicaCount: 2 }, key: "replicaCount", pointer: "/replicaCount" },
  { name: "string-port", values: { service: { port: "8080" } }, key: "port", pointer: "/service/port" },
  { name: "eks-without-arn", values: { clusters: [{ name: "prod", backend: "eks" }] }, key: "arn", pointer: "/clusters/0/arn" },
  { name: "checksum-annotation", values: { podAnnotations: { "checksum/auth": "x" } }, key: "checksum/auth", pointer: "/podAnnotations/checksum~1auth" },
];

t.test("every bad values file is rejected by helm and by direct mode, naming the key", async (t) => {
  const results = await pool(bad, 3, async (b) => ({ b, r: await helm(["template", "periscope", CHART, "-f", writeValues(`bad-${b.name}`, b.values)]) }));
  for (const { b, r } of results) {
    t.not(r.code, 0, `${b.name}: helm rejects`);
    t.match(r.stderr, /values don't meet the (specifications of the schema|chart's schema)/, `${b.name}: helm says the values are wrong`);
    t.ok(r.stderr.includes(b.key.split("/").pop()!), `${b.name}: helm's message names ${b.key}: ${r.stderr.trim().split("\n").slice(2).join(" ")}`);
    let message = "";
    try {
      renderManifests(b.values);
    } catch (error) {
      t.type(error, ValuesError, `${b.name}: direct mode throws ValuesError`);
      message = (error as Error).message;
    }
    t.ok(message.includes(b.pointer), `${b.name}: direct names ${b.pointer}: ${message.split("\n").slice(1).join(" ")}`);
  }
});

t.test("secret values never appear in rejection messages", async (t) => {
  const values = { secrets: { mode: "plain", plain: { clientSecret: 12345678 } } };
  let message = "";
  try {
    renderManifests(values);
  } catch (error) {
    message = (error as Error).message;
  }
  t.match(message, "/secrets/plain/clientSecret");
  t.notMatch(message, "12345678");
});
