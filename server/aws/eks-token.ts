/**
 * The EKS bearer token, as `aws eks get-token` and aws-iam-authenticator make it:
 * `k8s-aws-v1.` + base64url(presigned STS GetCallerIdentity URL) with the signed header `x-k8s-aws-id: <cluster>`.
 * STS accepts such a URL for 15 minutes after X-Amz-Date (it ignores X-Amz-Expires); we reuse a token for
 * 14 minutes at most, and never past one minute before the signing credentials expire.
 */
import { AwsV4Signer } from "aws4fetch";
import { resolveEndpoint } from "./endpoints.ts";
import { amzDate } from "./request.ts";
import type { AwsCredentials, EnvSource } from "./types.ts";

export const EKS_TOKEN_PREFIX = "k8s-aws-v1.";
export const EKS_CLUSTER_HEADER = "x-k8s-aws-id";
/** How long we reuse a token (STS honours it for 15 minutes). */
export const TOKEN_REUSE_MS = 14 * 60_000;
const CREDENTIAL_MARGIN_MS = 60_000;

export interface EksToken {
  token: string;
  /** Epoch ms after which a new token is minted. */
  refreshAt: number;
}

export interface PresignInput {
  credentials: AwsCredentials;
  clusterName: string;
  region: string;
  env: EnvSource;
  /** Epoch ms used as the signature time. */
  now: number;
}

/** The presigned GetCallerIdentity URL (exported for signature comparison in tests). */
export async function presignGetCallerIdentity(input: PresignInput): Promise<string> {
  const base = resolveEndpoint("sts", input.region, input.env);
  const signer = new AwsV4Signer({
    method: "GET",
    url: `${base}/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires=60`,
    headers: { [EKS_CLUSTER_HEADER]: input.clusterName },
    accessKeyId: input.credentials.accessKeyId,
    secretAccessKey: input.credentials.secretAccessKey,
    sessionToken: input.credentials.sessionToken,
    service: "sts",
    region: input.region,
    datetime: amzDate(input.now),
    signQuery: true,
  });
  return (await signer.sign()).url.href;
}

export async function mintEksToken(input: PresignInput): Promise<EksToken> {
  const url = await presignGetCallerIdentity(input);
  const encoded = btoa(url).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const credentialLimit = input.credentials.expiration === undefined ? Infinity : input.credentials.expiration - CREDENTIAL_MARGIN_MS;
  return { token: EKS_TOKEN_PREFIX + encoded, refreshAt: Math.min(input.now + TOKEN_REUSE_MS, credentialLimit) };
}

/**
 * Tokens keyed by (access key, cluster): a new key (rotated or another user's role session) mints a new token;
 * the same key reuses its token until `refreshAt`. Entries past their time are dropped as new ones arrive.
 */
export class EksTokenCache {
  readonly #tokens = new Map<string, EksToken>();
  readonly #clock: () => number;
  /** How many tokens were minted (for tests and the bench). */
  minted = 0;

  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
  }

  async get(input: Omit<PresignInput, "now">): Promise<string> {
    const now = this.#clock();
    const key = `${input.credentials.accessKeyId}\u0000${input.region}\u0000${input.clusterName}`;
    const hit = this.#tokens.get(key);
    if (hit && now < hit.refreshAt) return hit.token;
    const fresh = await mintEksToken({ ...input, now });
    this.minted++;
    for (const [k, v] of this.#tokens) if (now >= v.refreshAt) this.#tokens.delete(k);
    this.#tokens.set(key, fresh);
    return fresh.token;
  }

  get size(): number {
    return this.#tokens.size;
  }
}
