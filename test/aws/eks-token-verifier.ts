/**
 * EKS token authentication as aws-iam-authenticator does it, for the Kubernetes simulator's pluggable token
 * verifier: decode `k8s-aws-v1.<base64url URL>`, check host, path, action, the allowed query parameters, that
 * `x-k8s-aws-id` is signed and the date is recent, then call STS with the URL (sending our own cluster id as
 * `x-k8s-aws-id`, so a token minted for another cluster fails the signature) and map the returned ARN.
 */
import type { UserInfo } from "../../server/demo/types.ts";
import type { FetchLike } from "../../server/platform/types.ts";
import { canonicalArn } from "./sim/identities.ts";
import { parseAmzDate } from "./sim/sigv4-verify.ts";

export interface EksVerifierOptions {
  /** The STS host the presigned URL must point at (host:port of the AWS simulator). */
  stsHost: string;
  clusterId: string;
  /** Map a canonical role/user ARN (and the session name) to a Kubernetes user; undefined = unknown principal. */
  mapArn: (arn: string, sessionName: string | undefined) => UserInfo | undefined;
  now?: () => number;
  fetch?: FetchLike;
  /** Rejections with their reason, for assertions. */
  rejected?: string[];
}

const ALLOWED_PARAMS = new Set(["action", "version", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-expires", "x-amz-security-token", "x-amz-signature", "x-amz-signedheaders"]);

export function eksTokenVerifier(options: EksVerifierOptions): (token: string) => Promise<UserInfo | undefined> {
  const now = options.now ?? Date.now;
  const reject = (reason: string) => {
    options.rejected?.push(reason);
    return undefined;
  };
  return async (token) => {
    if (!token.startsWith("k8s-aws-v1.")) return undefined;
    let url: URL;
    try {
      const b64 = token.slice("k8s-aws-v1.".length).replace(/-/g, "+").replace(/_/g, "/");
      url = new URL(atob(b64));
    } catch {
      return reject("token is not a base64url URL");
    }
    if (url.host !== options.stsHost) return reject(`unexpected host ${url.host}`);
    if (url.pathname !== "/") return reject("unexpected path");
    const params = new Map<string, string>();
    for (const [k, v] of url.searchParams) {
      const lk = k.toLowerCase();
      if (!ALLOWED_PARAMS.has(lk)) return reject(`unexpected query parameter ${k}`);
      if (params.has(lk)) return reject(`duplicate query parameter ${k}`);
      params.set(lk, v);
    }
    if (params.get("action") !== "GetCallerIdentity") return reject("action is not GetCallerIdentity");
    if (!(params.get("x-amz-signedheaders") ?? "").split(";").includes("x-k8s-aws-id")) return reject("x-k8s-aws-id is not signed");
    const date = parseAmzDate(params.get("x-amz-date") ?? "");
    if (Number.isNaN(date) || now() - date > 15 * 60_000) return reject("token expired");
    const response = await (options.fetch ?? fetch)(url.href, { headers: { "x-k8s-aws-id": options.clusterId, accept: "application/json" } });
    if (!response.ok) {
      await response.body?.cancel();
      return reject(`sts answered ${response.status}`);
    }
    const body = (await response.json()) as { GetCallerIdentityResponse?: { GetCallerIdentityResult?: { Arn?: string } } };
    const arn = body.GetCallerIdentityResponse?.GetCallerIdentityResult?.Arn;
    if (!arn) return reject("no Arn from sts");
    const session = /:assumed-role\/[^/]+\/(.+)$/.exec(arn)?.[1];
    const user = options.mapArn(canonicalArn(arn), session);
    return user ?? reject(`unmapped ARN ${canonicalArn(arn)}`);
  };
}
