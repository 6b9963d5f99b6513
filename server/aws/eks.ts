/** EKS DescribeCluster (REST JSON): the apiserver endpoint and its CA. */
import { resolveEndpoint } from "./endpoints.ts";
import { AwsError } from "./errors.ts";
import { awsCall, jsonBody } from "./request.ts";
import type { AwsCredentials, AwsDeps } from "./types.ts";

export interface EksClusterInfo {
  endpoint: string;
  /** PEM, decoded from certificateAuthority.data. */
  caPem: string;
  status: string;
}

/** The cluster name from `arn:aws:eks:REGION:ACCOUNT:cluster/NAME`. */
export function clusterNameFromArn(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d+:cluster\/([A-Za-z0-9][A-Za-z0-9_-]*)$/.exec(arn)?.[1];
}

export async function describeCluster(deps: AwsDeps, credentials: AwsCredentials, region: string, name: string): Promise<EksClusterInfo> {
  const op = "DescribeCluster";
  const response = await awsCall(deps, {
    service: "eks",
    region,
    operation: op,
    url: `${resolveEndpoint("eks", region, deps.env)}/clusters/${encodeURIComponent(name)}`,
    method: "GET",
    headers: { accept: "application/json" },
    credentials,
  });
  const body = await jsonBody("eks", op, response);
  const cluster = body.cluster as Record<string, unknown> | undefined;
  if (!cluster || typeof cluster !== "object") throw new AwsError("eks", op, 200, "MalformedResponse", "no cluster in the answer");
  const endpoint = cluster.endpoint;
  const ca = (cluster.certificateAuthority as Record<string, unknown> | undefined)?.data;
  const status = typeof cluster.status === "string" ? cluster.status : "UNKNOWN";
  if (typeof endpoint !== "string" || !endpoint) throw new AwsError("eks", op, 200, "ClusterNotReady", `cluster ${name} has no endpoint yet (status ${status})`);
  if (typeof ca !== "string" || !ca) throw new AwsError("eks", op, 200, "ClusterNotReady", `cluster ${name} has no certificate authority yet (status ${status})`);
  let caPem: string;
  try {
    caPem = new TextDecoder().decode(Uint8Array.from(atob(ca), (c) => c.charCodeAt(0)));
  } catch {
    throw new AwsError("eks", op, 200, "MalformedResponse", "certificateAuthority.data is not base64");
  }
  return { endpoint: endpoint.replace(/\/+$/, ""), caPem, status };
}
