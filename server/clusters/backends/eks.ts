/**
 * `eks`: keyless access to an EKS cluster. Base credentials come from Pod Identity, IRSA or (locally) static
 * keys; with `assumeRoleArn` each user gets their own role session named after their OIDC subject, so
 * CloudTrail shows the human. Endpoint and CA come from DescribeCluster (cached); the bearer token is a
 * presigned STS GetCallerIdentity (cached per credentials below its 15-minute life). The kube client adds the
 * user's impersonation headers on top, as for every backend.
 */
import type { Identity } from "../../auth/identity.ts";
import { createBaseCredentials } from "../../aws/base-credentials.ts";
import { clusterNameFromArn, describeCluster } from "../../aws/eks.ts";
import type { EksClusterInfo } from "../../aws/eks.ts";
import { EksTokenCache } from "../../aws/eks-token.ts";
import { arnRegion } from "../../aws/endpoints.ts";
import { AwsError } from "../../aws/errors.ts";
import { RoleSessions } from "../../aws/role-sessions.ts";
import type { AwsCredentials, AwsDeps, CredentialProvider } from "../../aws/types.ts";
import { ConfigError } from "../../config/config-error.ts";
import type { ClusterConfig } from "../../config/schema/clusters.ts";
import { resolveSecretRef, secretRefKind } from "../../config/secret-refs.ts";
import { AppError } from "../../http/errors.ts";
import type { FetchLike } from "../../platform/types.ts";
import type { BackendDeps, ClusterBackend, ClusterConnection } from "../backend.ts";

/** DescribeCluster answers change only on cluster replacement; re-read hourly. */
const DESCRIBE_TTL_MS = 60 * 60_000;

export interface EksBackendOptions {
  /** Overrides for tests (clock, fetch for AWS calls, retries). Env comes from BackendDeps. */
  aws?: Omit<AwsDeps, "env"> | undefined;
  /** Shared base credentials; by default one provider per environment object, shared by all eks clusters. */
  baseCredentials?: CredentialProvider | undefined;
}

const sharedBase = new WeakMap<object, CredentialProvider | undefined>();

export function createEksBackend(config: ClusterConfig, deps: BackendDeps, options: EksBackendOptions = {}): ClusterBackend {
  const key = (field: string) => `clusters[${config.name}].${field}`;
  const arn = config.arn ?? "";
  const clusterName = clusterNameFromArn(arn);
  if (!clusterName) throw new ConfigError(deps.configSource, key("arn"), "an EKS cluster ARN (arn:aws:eks:REGION:ACCOUNT:cluster/NAME)", arn ? JSON.stringify(arn) : "nothing");
  const region = config.region ?? arnRegion(arn)!;
  const aws: AwsDeps = { env: deps.env, log: deps.log, ...options.aws };
  const clock = aws.clock ?? Date.now;

  let base = options.baseCredentials;
  if (!base) {
    if (!sharedBase.has(deps.env)) sharedBase.set(deps.env, createBaseCredentials(aws));
    base = sharedBase.get(deps.env);
  }
  const tokens = new EksTokenCache(clock);
  let sessions: Promise<RoleSessions> | undefined;
  let described: { info: EksClusterInfo; at: number } | undefined;
  let describing: Promise<EksClusterInfo> | undefined;
  const transports = new Map<string, FetchLike>();

  const fail = (status: number, code: string, what: string) =>
    new AppError(status, code, `cluster ${config.name} (eks): ${what}`, { details: { cluster: config.name } });

  function roleSessions(provider: CredentialProvider): Promise<RoleSessions> {
    sessions ??= (async () => {
      let externalId = config.externalID;
      // externalID may be a secret reference; resolved once, never logged
      if (externalId && secretRefKind(externalId) !== "literal") externalId = await resolveSecretRef(externalId, { ...aws, baseCredentials: provider });
      return new RoleSessions({ deps: aws, base: provider, roleArn: config.assumeRoleArn!, externalId, region });
    })();
    sessions.catch(() => (sessions = undefined));
    return sessions;
  }

  async function credentialsFor(identity: Identity | undefined): Promise<AwsCredentials> {
    if (!base) throw fail(503, "cluster_unavailable", "no AWS credentials: configure Pod Identity or IRSA for Periscope's service account");
    if (!config.assumeRoleArn) return base.get();
    return (await roleSessions(base)).get(identity?.subject);
  }

  async function clusterInfo(credentials: AwsCredentials): Promise<EksClusterInfo> {
    if (described && clock() - described.at < DESCRIBE_TTL_MS) return described.info;
    describing ??= describeCluster(aws, credentials, region, clusterName!).then(
      (info) => {
        described = { info, at: clock() };
        describing = undefined;
        return info;
      },
      (error: unknown) => {
        describing = undefined;
        throw error;
      },
    );
    return describing;
  }

  return {
    name: config.name,
    config,
    async connect(identity: Identity | undefined): Promise<ClusterConnection> {
      try {
        const credentials = await credentialsFor(identity);
        const info = await clusterInfo(credentials);
        const token = await tokens.get({ credentials, clusterName: clusterName!, region, env: deps.env });
        let transport = transports.get(info.caPem);
        if (!transport) {
          transports.clear();
          transport = deps.platform.createFetch({ ca: info.caPem });
          transports.set(info.caPem, transport);
        }
        return { server: info.endpoint, fetch: transport, tls: { ca: info.caPem }, headers: { authorization: `Bearer ${token}` } };
      } catch (error) {
        if (error instanceof AppError) throw error;
        if (error instanceof AwsError) {
          const unreachable = error.status === undefined || error.status >= 500;
          deps.log.warn("eks cluster credentials failed", { cluster: config.name, error: error.message });
          throw unreachable ? fail(503, "cluster_unavailable", error.message) : fail(502, "cluster_auth_failed", error.message + operatorHint(error));
        }
        if (error instanceof Error && error.name === "SecretRefError") throw fail(502, "cluster_auth_failed", error.message);
        throw error;
      }
    },
  };
}

/** What to fix when AWS refuses (deploy guide §9 "AssumeRole denied"): the message alone names no remedy. */
function operatorHint(error: AwsError): string {
  if (error.code !== "AccessDenied") return "";
  if (error.operation === "AssumeRole") {
    return " (the cluster role's trust policy must allow Periscope's base role sts:AssumeRole, with the matching sts:ExternalId when externalID is set; docs/setup/eks.md)";
  }
  if (error.operation === "DescribeCluster") return " (the role needs eks:DescribeCluster on this cluster; docs/setup/eks.md)";
  return "";
}
