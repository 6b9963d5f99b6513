/**
 * Where each service lives: `AWS_ENDPOINT_URL_<SERVICE>` beats `AWS_ENDPOINT_URL` beats the regional default.
 * Those variables are the standard AWS ones, and how tests point us at the simulator.
 */
import type { AwsService, EnvSource } from "./types.ts";

/** The service-specific variable suffix (the AWS SDKs use the service id, upper-cased, spaces as underscores). */
const ENV_SUFFIX: Record<AwsService, string> = {
  sts: "STS",
  eks: "EKS",
  secretsmanager: "SECRETS_MANAGER",
  ssm: "SSM",
};

export function endpointVariable(service: AwsService): string {
  return `AWS_ENDPOINT_URL_${ENV_SUFFIX[service]}`;
}

/** Base URL without a trailing slash. */
export function resolveEndpoint(service: AwsService, region: string, env: EnvSource): string {
  const override = env[endpointVariable(service)]?.trim() || env.AWS_ENDPOINT_URL?.trim();
  if (override) return override.replace(/\/+$/, "");
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://${service}.${region}.${suffix}`;
}

/** The region from the environment, as the SDKs read it. */
export function envRegion(env: EnvSource): string | undefined {
  return env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined;
}

/** The region inside an ARN (`arn:aws:service:region:account:...`), when there is one. */
export function arnRegion(arn: string): string | undefined {
  const parts = arn.split(":");
  return parts[0] === "arn" && parts.length >= 6 && parts[3] ? parts[3] : undefined;
}
