/**
 * The schema of clusters.yaml (SPEC §2), as plain data: the server validates the file with it and the chart
 * generator embeds `clusterSchema` under `clusters[]` in values.schema.json, so the two cannot drift apart.
 * Keep this module free of runtime imports.
 *
 * What JSON Schema cannot say is checked in code (server/config/clusters-file.ts): unique cluster names.
 */

export const CLUSTER_BACKENDS = ["eks", "in-cluster", "kubeconfig", "demo"] as const;
export type ClusterBackendKind = (typeof CLUSTER_BACKENDS)[number];

/** Per-cluster exec overrides; unset fields fall back to the PERISCOPE_EXEC_* defaults. */
export interface ClusterExecConfig {
  enabled?: boolean;
  serverIdleSeconds?: number;
  idleWarnSeconds?: number;
  heartbeatSeconds?: number;
  maxSessionsPerUser?: number;
  maxSessionsTotal?: number;
}

/** One entry of `clusters:` exactly as written in the file (before defaults). */
export interface ClusterConfig {
  name: string;
  backend: ClusterBackendKind;
  /** eks: AWS region; derived from `arn` when unset. */
  region?: string;
  /** eks: the cluster ARN (arn:aws:eks:REGION:ACCOUNT:cluster/NAME). */
  arn?: string;
  /** eks: a role to assume per user before calling the cluster. */
  assumeRoleArn?: string;
  /** eks: the external ID the role's trust policy asks for (a secret reference is allowed). */
  externalID?: string;
  /** kubeconfig: path of the kubeconfig file. */
  kubeconfigPath?: string;
  /** kubeconfig: context to use; the file's current-context when unset. */
  kubeconfigContext?: string;
  /** Free-form grouping shown on the fleet page (e.g. prod, staging). */
  environment?: string;
  /** Free-form key/value labels shown on cluster cards and usable for filtering. */
  tags?: Record<string, string>;
  exec?: ClusterExecConfig;
}

export interface ClustersFile {
  clusters: ClusterConfig[];
}

const positiveInt = (description: string) => ({ type: "integer", minimum: 1, description });

export const clusterExecSchema = {
  type: "object",
  additionalProperties: false,
  description: "Per-cluster exec settings; unset fields use the global exec.* values.",
  properties: {
    enabled: { type: "boolean", description: "Allow exec into pods of this cluster (default true)." },
    serverIdleSeconds: positiveInt("Close an exec session after this many idle seconds."),
    idleWarnSeconds: positiveInt("Warn the user this many seconds before the idle close."),
    heartbeatSeconds: positiveInt("Seconds between heartbeats on an exec session."),
    maxSessionsPerUser: positiveInt("Concurrent exec sessions per user on this cluster."),
    maxSessionsTotal: positiveInt("Concurrent exec sessions on this cluster in total."),
  },
} as const;

export const clusterSchema = {
  type: "object",
  additionalProperties: false,
  required: ["name", "backend"],
  properties: {
    name: {
      type: "string",
      pattern: "^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$",
      description: "Unique cluster name used in URLs: letters, digits, '.', '_', '-', at most 63 characters.",
    },
    backend: { type: "string", enum: [...CLUSTER_BACKENDS], description: "How Periscope reaches the cluster." },
    region: { type: "string", pattern: "^[a-z]{2}(-[a-z]+)+-\\d+$", description: "eks: AWS region (default: from arn)." },
    arn: {
      type: "string",
      pattern: "^arn:aws[a-z-]*:eks:[a-z0-9-]+:\\d+:cluster/[A-Za-z0-9][A-Za-z0-9_-]*$",
      description: "eks: cluster ARN.",
    },
    assumeRoleArn: {
      type: "string",
      pattern: "^arn:aws[a-z-]*:iam::\\d+:role/.+$",
      description: "eks: IAM role assumed per user (RoleSessionName from the user's subject).",
    },
    externalID: { type: "string", minLength: 1, description: "eks: external ID for assumeRoleArn (secret reference allowed)." },
    kubeconfigPath: { type: "string", minLength: 1, description: "kubeconfig: path of the kubeconfig file." },
    kubeconfigContext: { type: "string", minLength: 1, description: "kubeconfig: context (default: current-context)." },
    environment: { type: "string", minLength: 1, maxLength: 63, description: "Grouping on the fleet page, e.g. prod." },
    tags: {
      type: "object",
      additionalProperties: { type: "string" },
      description: "Key/value labels shown on cluster cards.",
    },
    exec: clusterExecSchema,
  },
  allOf: [
    { if: { properties: { backend: { const: "eks" } }, required: ["backend"] }, then: { required: ["arn"] } },
    { if: { properties: { backend: { const: "kubeconfig" } }, required: ["backend"] }, then: { required: ["kubeconfigPath"] } },
    { if: { required: ["externalID"] }, then: { required: ["assumeRoleArn"] } },
  ],
} as const;

export const clustersFileSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://periscope.dev/schema/clusters.json",
  title: "Periscope clusters.yaml",
  type: "object",
  additionalProperties: false,
  required: ["clusters"],
  properties: {
    clusters: { type: "array", items: clusterSchema, description: "Registered clusters; names must be unique." },
  },
} as const;
