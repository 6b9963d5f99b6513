/**
 * The console's own AWS identity, chosen from the environment in the AWS SDKs' order:
 * static keys (local use) → IRSA web identity → Pod Identity / container credentials.
 * Temporary credentials are cached until 5 minutes before expiry (see credential-cache.ts).
 */
import { readFile } from "node:fs/promises";
import { cacheCredentials } from "./credential-cache.ts";
import { envRegion } from "./endpoints.ts";
import { AwsError } from "./errors.ts";
import { fetchPodIdentityCredentials, podIdentityConfigured } from "./pod-identity.ts";
import { assumeRoleWithWebIdentity } from "./sts.ts";
import type { AwsDeps, CredentialProvider } from "./types.ts";

export type BaseCredentialKind = "static" | "irsa" | "pod-identity";

export function baseCredentialKind(deps: AwsDeps): BaseCredentialKind | undefined {
  const env = deps.env;
  if (env.AWS_ACCESS_KEY_ID?.trim() && env.AWS_SECRET_ACCESS_KEY?.trim()) return "static";
  if (env.AWS_ROLE_ARN?.trim() && env.AWS_WEB_IDENTITY_TOKEN_FILE?.trim()) return "irsa";
  if (podIdentityConfigured(deps)) return "pod-identity";
  return undefined;
}

/** Undefined when the environment names no AWS identity at all (no eks clusters or aws-* secrets possible). */
export function createBaseCredentials(deps: AwsDeps): CredentialProvider | undefined {
  const kind = baseCredentialKind(deps);
  const env = deps.env;
  const cache = { kind: kind ?? "none", clock: deps.clock, log: deps.log };
  switch (kind) {
    case "static": {
      const credentials = {
        accessKeyId: env.AWS_ACCESS_KEY_ID!.trim(),
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY!.trim(),
        sessionToken: env.AWS_SESSION_TOKEN?.trim() || undefined,
      };
      return { kind, get: async () => credentials };
    }
    case "irsa":
      return cacheCredentials(() => fetchIrsaCredentials(deps), cache);
    case "pod-identity":
      return cacheCredentials(() => fetchPodIdentityCredentials(deps), cache);
    default:
      return undefined;
  }
}

/** AssumeRoleWithWebIdentity with the projected service-account token, read fresh each time (it rotates). */
async function fetchIrsaCredentials(deps: AwsDeps) {
  const env = deps.env;
  const tokenFile = env.AWS_WEB_IDENTITY_TOKEN_FILE!.trim();
  let token: string;
  try {
    token = (await (deps.readTextFile ?? ((p: string) => readFile(p, "utf8")))(tokenFile)).trim();
  } catch {
    throw new AwsError("sts", "AssumeRoleWithWebIdentity", undefined, "TokenFileUnreadable", `cannot read AWS_WEB_IDENTITY_TOKEN_FILE ${tokenFile}`);
  }
  const clock = deps.clock ?? Date.now;
  return assumeRoleWithWebIdentity(deps, {
    region: envRegion(env) ?? "us-east-1",
    roleArn: env.AWS_ROLE_ARN!.trim(),
    roleSessionName: env.AWS_ROLE_SESSION_NAME?.trim() || `periscope-${clock()}`,
    webIdentityToken: token,
  });
}
