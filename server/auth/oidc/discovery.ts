/**
 * OpenID provider discovery: fetches `<issuer>/.well-known/openid-configuration` and narrows the fields we use,
 * naming the field on failure. The document's issuer must be the configured one (a trailing slash aside).
 */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface ProviderMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  endSessionEndpoint: string | undefined;
  revocationEndpoint: string | undefined;
  /** RFC 9207: the provider sends `iss` on the authorization response, so we must check it. */
  issParameterSupported: boolean;
  idTokenAlgs: string[];
}

export class DiscoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DiscoveryError";
  }
}

export async function discover(issuer: string, fetchFn: FetchLike, timeoutMs = 10_000): Promise<ProviderMetadata> {
  const url = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetchFn(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new DiscoveryError(`cannot reach ${url} (${networkReason(error)})`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new DiscoveryError(`${url} answered HTTP ${response.status}`);
  }
  let doc: unknown;
  try {
    doc = await response.json();
  } catch {
    throw new DiscoveryError(`${url} did not return JSON`);
  }
  if (typeof doc !== "object" || doc === null) throw new DiscoveryError(`${url} did not return a JSON object`);
  const d = doc as Record<string, unknown>;
  const str = (field: string, required: boolean): string | undefined => {
    const value = d[field];
    if (typeof value === "string" && value !== "") return value;
    if (required) throw new DiscoveryError(`${url}: field ${field} is missing or not a string`);
    return undefined;
  };
  const docIssuer = str("issuer", true)!;
  if (docIssuer.replace(/\/+$/, "") !== issuer.replace(/\/+$/, "")) {
    throw new DiscoveryError(`${url}: the document's issuer ${docIssuer} is not the configured issuer ${issuer}`);
  }
  const algs = d.id_token_signing_alg_values_supported;
  return {
    issuer: docIssuer,
    authorizationEndpoint: str("authorization_endpoint", true)!,
    tokenEndpoint: str("token_endpoint", true)!,
    jwksUri: str("jwks_uri", true)!,
    endSessionEndpoint: str("end_session_endpoint", false),
    revocationEndpoint: str("revocation_endpoint", false),
    issParameterSupported: d.authorization_response_iss_parameter_supported === true,
    idTokenAlgs: Array.isArray(algs) ? algs.filter((a): a is string => typeof a === "string") : [],
  };
}

/** A short, secret-free reason for a failed fetch. */
export function networkReason(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError" || error.name === "AbortError") return "timed out";
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    if (cause && typeof cause.code === "string") return cause.code;
    return error.message.slice(0, 120);
  }
  return "network error";
}
