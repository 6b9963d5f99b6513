/** The values-file matrix for the equivalence and lint tests, built by code (≥ 40 files). */

export interface Case {
  name: string;
  values: Record<string, unknown>;
}

/** §3 of the seed deploy guide, verbatim in structure. */
export const seedMinimum = {
  auth: {
    oidc: {
      issuer: "https://your-tenant.us.auth0.com/",
      clientID: "client-123",
      redirectURL: "https://periscope.your-corp.com/api/auth/callback",
      postLogoutRedirect: "https://periscope.your-corp.com/api/auth/loggedout",
      audience: "",
    },
    authorization: { groupsClaim: "https://periscope/groups", allowedGroups: ["periscope-users"] },
  },
  clusters: [{ name: "prod-eu-west-1", backend: "eks", region: "eu-west-1", arn: "arn:aws:eks:eu-west-1:222222222222:cluster/prod-eu-west-1" }],
  secrets: { mode: "existing", existing: { name: "periscope-oidc" } },
  podIdentity: { enabled: true },
  ingress: { enabled: true, className: "alb", host: "periscope.your-corp.com", tls: { enabled: true, secretName: "periscope-tls" } },
};

const secretModes: Record<string, Record<string, unknown>> = {
  existing: { mode: "existing", existing: { name: "my-oidc", key: "client-secret" } },
  plain: { mode: "plain", plain: { clientSecret: "s3cr+t/with%odd:chars" } },
  external: { mode: "external", external: { storeName: "aws-sm", storeKind: "SecretStore", refreshInterval: "15m", remoteKey: "prod/periscope/oidc", remoteProperty: "client_secret" } },
  externalNoProperty: { mode: "external", external: { storeName: "aws-sm", remoteKey: "prod/periscope/oidc" } },
  native: { mode: "native" },
};

const ingresses: Record<string, Record<string, unknown>> = {
  off: { enabled: false },
  plain: { enabled: true, host: "periscope.example.com" },
  tls: {
    enabled: true,
    className: "nginx",
    host: "periscope.example.com",
    path: "/console",
    pathType: "ImplementationSpecific",
    annotations: { "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]', "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600" },
    tls: { enabled: true, secretName: "periscope-tls" },
  },
};

const audits: Record<string, Record<string, unknown>> = {
  off: { enabled: false },
  pvc: { enabled: true, retentionDays: 90, maxSizeMB: 2048, storage: { type: "pvc", size: "20Gi", storageClass: "gp3", accessMode: "ReadWriteOncePod" } },
  emptyDir: { enabled: true, storage: { type: "emptyDir" } },
  emptyDirNoCap: { enabled: true, maxSizeMB: 0, storage: { type: "emptyDir", size: "2Gi" } },
};

export function buildMatrix(): Case[] {
  const cases: Case[] = [
    { name: "defaults", values: {} },
    { name: "seed-minimum", values: seedMinimum },
    { name: "in-cluster-only", values: { clusters: [{ name: "in-cluster", backend: "in-cluster" }] } },
    {
      name: "in-cluster-plus-eks",
      values: {
        clusters: [
          { name: "periscope-host", backend: "in-cluster" },
          { name: "prod-eu-west-1", backend: "eks", region: "eu-west-1", arn: "arn:aws:eks:eu-west-1:111111111111:cluster/prod-eu-west-1", exec: { serverIdleSeconds: 1800 } },
        ],
      },
    },
    { name: "irsa", values: { serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::111111111111:role/periscope-base" } } } },
    { name: "sa-not-created", values: { serviceAccount: { create: false, name: "shared-sa" }, clusters: [{ name: "in-cluster", backend: "in-cluster" }] } },
    { name: "sa-default", values: { serviceAccount: { create: false } } },
    { name: "native-secret", values: { secrets: { mode: "native" }, auth: { oidc: { issuer: "https://idp.example.com", clientID: "c", redirectURL: "https://x/api/auth/callback", clientSecret: "aws-secretsmanager://prod/periscope/oidc#client_secret" } } } },
    { name: "network-policy", values: { networkPolicy: { enabled: true, ingress: { fromNamespaces: [{ "kubernetes.io/metadata.name": "ingress-nginx" }, { team: "platform", tier: "edge" }] } } } },
    {
      name: "network-policy-extra",
      values: {
        networkPolicy: {
          enabled: true,
          ingress: { extra: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }] },
          egress: { extra: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 443, protocol: "TCP" }] }] },
        },
      },
    },
    { name: "network-policy-open", values: { networkPolicy: { enabled: true } } },
    { name: "pdb-off", values: { pdb: { enabled: false } } },
    { name: "pdb-zero", values: { pdb: { maxUnavailable: 0 } } },
    {
      name: "edge-strings",
      values: {
        nameOverride: "yes",
        podAnnotations: { "example.com/flag": "on", "example.com/no": "no", "example.com/num": "0123", "example.com/null": "null", "example.com/tilde": "~" },
        watchStreams: { kinds: "off" },
        auth: { session: { cookieName: "on", cookieDomain: "true" }, dev: { subject: "yes", groups: ["on", "off", "1e3"] }, authorization: { groupPrefix: "y:" } },
        clusters: [{ name: "on", backend: "demo", environment: "yes", tags: { "true": "false", n: "1.0" } }],
        env: [{ name: "FLAG", value: "yes" }],
      },
    },
    {
      name: "large-numbers",
      values: {
        service: { port: 65535 },
        exec: { serverIdleSeconds: 604800, maxSessionsTotal: 100000, maxSessionsPerUser: 10000 },
        audit: { enabled: true, maxSizeMB: 16777216, retentionDays: 36500, storage: { type: "emptyDir" } },
        watchStreams: { perUserLimit: 100000 },
        clusters: [{ name: "big", backend: "demo", exec: { serverIdleSeconds: 1000000, maxSessionsTotal: 123456789 } }],
      },
    },
    { name: "odd-chars", values: { auth: { oidc: { providerName: "Acme <SSO> & \"friends\" 'quoted' \u2028 line" } }, podAnnotations: { "a.b/c": "x: y # not a comment", "d.e/f": "{{ not a template }}" } } },
    { name: "fullname-override", values: { fullnameOverride: "console" } },
    { name: "name-override", values: { nameOverride: "scope" } },
    { name: "long-names", values: { fullnameOverride: "a".repeat(70) + "-", clusters: [{ name: "in-cluster", backend: "in-cluster" }] } },
    { name: "image", values: { image: { repository: "registry.local/periscope", tag: "1.2.3", pullPolicy: "Always" }, imagePullSecrets: [{ name: "regcred" }, { name: "other" }] } },
    {
      name: "scheduling",
      values: {
        nodeSelector: { "kubernetes.io/os": "linux" },
        tolerations: [{ key: "dedicated", operator: "Equal", value: "ops", effect: "NoSchedule" }],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a", "b"] }] }] } } },
        resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: 2, memory: "1Gi" } },
      },
    },
    { name: "security-contexts", values: { podSecurityContext: { runAsUser: 1000, fsGroup: 2000 }, containerSecurityContext: { readOnlyRootFilesystem: true, runAsUser: 1000 } } },
    { name: "service-lb", values: { service: { type: "LoadBalancer", port: 443 } } },
    { name: "exec-tuning", values: { exec: { serverIdleSeconds: 1800, idleWarnSeconds: 60, heartbeatSeconds: 15, maxSessionsPerUser: 2, maxSessionsTotal: 10, probeClustersOnBoot: true } } },
    { name: "watch-list", values: { watchStreams: { kinds: "pods,deployments,core", perUserLimit: 0 } } },
    { name: "watch-custom", values: { watchStreams: { kinds: "all,crds,cert-manager.io/v1/certificates" } } },
    { name: "log-level", values: { logLevel: "debug" } },
    {
      name: "auth-full",
      values: {
        auth: {
          oidc: { issuer: "https://acme.okta.com/oauth2/default", clientID: "okta-client", redirectURL: "https://p.acme.com/api/auth/callback", scopes: ["openid", "groups"], providerName: "Okta" },
          session: { idleTimeout: "1h", absoluteTimeout: "12h", cookieDomain: "acme.com" },
          authorization: { mode: "raw", groupTiers: { "sre": "admin", "dev": "write" }, defaultTier: "", auditAdminGroups: ["sec"] },
        },
      },
    },
    { name: "kubeconfig-cluster", values: { clusters: [{ name: "lab", backend: "kubeconfig", kubeconfigPath: "/etc/kube/config", kubeconfigContext: "lab", tags: { team: "ops" } }] } },
    { name: "eks-assume-role", values: { clusters: [{ name: "prod", backend: "eks", arn: "arn:aws:eks:us-east-1:111:cluster/prod", assumeRoleArn: "arn:aws:iam::111:role/periscope-prod", externalID: "${EXTERNAL_ID}" }] } },
    { name: "plugins-on", values: { plugins: { commonMetadata: { labels: { team: "platform", "cost-center": "42" }, annotations: { "owner.example.com/contact": "ops@example.com" } }, logForwarder: { enabled: true, outputs: [{ name: "primary", host: "fluentd.logging", port: 24224 }, { name: "backup", host: "10.0.0.7", port: 65535 }] } }, audit: { enabled: true } } },
    { name: "plugin-labels-only", values: { plugins: { commonMetadata: { labels: { env: "on" } } } } },
    { name: "plugin-forwarder-no-outputs", values: { plugins: { logForwarder: { enabled: true } }, audit: { enabled: true, storage: { type: "emptyDir" } } } },
    { name: "plugin-forwarder-without-audit", values: { plugins: { logForwarder: { enabled: true, outputs: [{ name: "x", host: "h", port: 24224 }] } } } },
    { name: "extra-env", values: { env: [{ name: "AWS_REGION", value: "eu-west-1" }, { name: "FROM_SECRET", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }] } },
  ];
  // Generated combinations: every secrets mode × ingress variant × audit variant (a stride keeps it to ~40).
  let i = 0;
  for (const [sName, s] of Object.entries(secretModes)) {
    for (const [iName, ing] of Object.entries(ingresses)) {
      for (const [aName, a] of Object.entries(audits)) {
        i++;
        if (i % 2 === 0 && !(aName === "off" && iName === "off")) continue;
        const inCluster = i % 3 === 0;
        cases.push({
          name: `combo-${sName}-ingress-${iName}-audit-${aName}${inCluster ? "-incluster" : ""}`,
          values: {
            secrets: s,
            ingress: ing,
            audit: a,
            networkPolicy: { enabled: i % 4 === 0 },
            pdb: { enabled: i % 5 !== 0 },
            ...(inCluster ? { clusters: [{ name: "in-cluster", backend: "in-cluster" }] } : {}),
          },
        });
      }
    }
  }
  return cases;
}
