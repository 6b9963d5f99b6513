/**
 * Verifies SigV4 signatures the way AWS does, by re-signing with AWS's own signer (@smithy/signature-v4, a dev
 * dependency only) and comparing. Handles header signatures (Authorization) and presigned URLs (X-Amz-* query).
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

export interface KnownKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials carry a session token that must accompany every call. */
  sessionToken?: string | undefined;
  /** Epoch ms. */
  expiration?: number | undefined;
}

export interface Signed {
  accessKeyId: string;
  region: string;
  service: string;
  /** Epoch ms of X-Amz-Date. */
  date: number;
  presigned: boolean;
  signedHeaders: string[];
}

export type Verdict = { ok: true; signed: Signed } | { ok: false; status: number; code: string; message: string };

export interface VerifyOptions {
  now: number;
  lookup: (accessKeyId: string) => KnownKey | undefined;
  /** Header signatures: allowed clock difference (AWS: 5 minutes). */
  maxSkewMs?: number;
  /** Presigned STS URLs live 15 minutes from X-Amz-Date whatever X-Amz-Expires says. */
  presignedMaxAgeMs?: number;
}

const SIGNING_PARAMS = new Set(["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"]);

export function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

const deny = (status: number, code: string, message: string): Verdict => ({ ok: false, status, code, message });

export async function verifySigV4(request: { method: string; url: URL; headers: Headers; body: Uint8Array }, options: VerifyOptions): Promise<Verdict> {
  const { url, headers } = request;
  const presigned = url.searchParams.has("X-Amz-Signature");
  let credential: string, signedHeaderList: string, signature: string, dateText: string, token: string | null;
  if (presigned) {
    credential = url.searchParams.get("X-Amz-Credential") ?? "";
    signedHeaderList = url.searchParams.get("X-Amz-SignedHeaders") ?? "";
    signature = url.searchParams.get("X-Amz-Signature") ?? "";
    dateText = url.searchParams.get("X-Amz-Date") ?? "";
    token = url.searchParams.get("X-Amz-Security-Token");
    if (url.searchParams.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") return deny(400, "IncompleteSignature", "X-Amz-Algorithm must be AWS4-HMAC-SHA256");
  } else {
    const auth = headers.get("authorization");
    if (!auth) return deny(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
    const m = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return deny(400, "IncompleteSignature", "Authorization header is not a SigV4 signature");
    [credential, signedHeaderList, signature] = [m[1]!, m[2]!, m[3]!];
    dateText = headers.get("x-amz-date") ?? "";
    token = headers.get("x-amz-security-token");
  }
  const [accessKeyId, day, region, service, terminator] = credential.split("/");
  if (!accessKeyId || !day || !region || !service || terminator !== "aws4_request") return deny(400, "IncompleteSignature", "malformed credential scope");
  const date = parseAmzDate(dateText);
  if (Number.isNaN(date)) return deny(400, "IncompleteSignature", "missing or malformed X-Amz-Date");
  if (!dateText.startsWith(day)) return deny(403, "SignatureDoesNotMatch", "credential scope date differs from X-Amz-Date");
  const skew = options.maxSkewMs ?? 5 * 60_000;
  if (presigned) {
    if (options.now - date > (options.presignedMaxAgeMs ?? 15 * 60_000)) return deny(403, "ExpiredToken", "The presigned URL has expired");
    if (date - options.now > skew) return deny(403, "SignatureDoesNotMatch", "Signature not yet current");
  } else if (Math.abs(options.now - date) > skew) {
    return deny(403, "SignatureDoesNotMatch", `Signature expired: ${dateText} is outside the allowed clock skew`);
  }
  const key = options.lookup(accessKeyId);
  if (!key) return deny(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  if (key.sessionToken !== undefined) {
    if (token !== key.sessionToken) return deny(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    if (key.expiration !== undefined && options.now >= key.expiration) return deny(403, "ExpiredToken", "The security token included in the request is expired");
  } else if (token) {
    return deny(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  }

  const names = signedHeaderList.split(";");
  if (!names.includes("host")) return deny(403, "SignatureDoesNotMatch", "the host header must be signed");
  const signedHeaders: Record<string, string> = {};
  for (const name of names) {
    if (name === "x-amz-date" || name === "x-amz-security-token") continue; // the signer sets these itself
    const value = name === "host" ? (headers.get("host") ?? url.host) : headers.get(name);
    if (value === null) return deny(403, "SignatureDoesNotMatch", `signed header ${name} is missing`);
    signedHeaders[name] = value;
  }
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    if (presigned && SIGNING_PARAMS.has(k)) continue;
    const prior = query[k];
    query[k] = prior === undefined ? v : Array.isArray(prior) ? [...prior, v] : [prior, v];
  }
  const signer = new SignatureV4({
    service,
    region,
    sha256: Sha256,
    applyChecksum: false,
    credentials: { accessKeyId, secretAccessKey: key.secretAccessKey, ...(token ? { sessionToken: token } : {}) },
  });
  const base = {
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query,
    headers: signedHeaders,
    body: request.body.byteLength > 0 ? request.body : undefined,
  };
  let expected: string | undefined;
  if (presigned) {
    const expiresIn = Number(url.searchParams.get("X-Amz-Expires") ?? "");
    if (!Number.isInteger(expiresIn) || expiresIn < 1) return deny(400, "AuthorizationQueryParametersError", "X-Amz-Expires must be a positive integer");
    const out = await signer.presign(base, { signingDate: new Date(date), expiresIn, signableHeaders: new Set(names) });
    expected = out.query?.["X-Amz-Signature"] as string | undefined;
    if (out.query?.["X-Amz-SignedHeaders"] !== signedHeaderList) return deny(403, "SignatureDoesNotMatch", "signed header list differs");
  } else {
    const out = await signer.sign(base, { signingDate: new Date(date), signableHeaders: new Set(names) });
    const m = /SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(String(out.headers.authorization));
    if (m?.[1] !== signedHeaderList) return deny(403, "SignatureDoesNotMatch", "signed header list differs");
    expected = m[2];
  }
  if (expected !== signature) {
    return deny(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
  }
  return { ok: true, signed: { accessKeyId, region, service, date, presigned, signedHeaders: names } };
}
