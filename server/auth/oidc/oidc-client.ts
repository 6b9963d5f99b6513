/**
 * The OpenID client: arctic's generic OAuth2 client for the protocol requests, our own ID token verification.
 * Client credentials are form-encoded before HTTP Basic (RFC 6749 §2.3.1): arctic sends them as given, so a
 * secret containing `+ / % :` would otherwise reach the provider altered.
 */
import { ArcticFetchError, CodeChallengeMethod, OAuth2Client, OAuth2RequestError } from "arctic";
import type { OAuth2Tokens } from "arctic";
import type { OidcSettings } from "../../config/auth-file.ts";
import { discover } from "./discovery.ts";
import type { FetchLike, ProviderMetadata } from "./discovery.ts";
import { verifyIdToken } from "./id-token.ts";
import type { IdTokenClaims } from "./id-token.ts";
import { JwksCache } from "./jwks.ts";

export interface TokenSet {
  idToken: string | undefined;
  accessToken: string | undefined;
  refreshToken: string | undefined;
  accessExpiresAt: number | undefined;
}

/** Why a token request failed: the provider said no (e.g. a replayed code), or could not be reached. */
export class ProviderError extends Error {
  readonly kind: "rejected" | "unreachable" | "invalid_response";
  readonly providerCode: string | undefined;
  constructor(kind: ProviderError["kind"], message: string, providerCode?: string) {
    super(message);
    this.name = "ProviderError";
    this.kind = kind;
    this.providerCode = providerCode;
  }
}

export interface OidcClientOptions {
  settings: OidcSettings;
  fetch: FetchLike;
  now: () => number;
  jwksCooldownMs?: number;
}

export function formEncode(value: string): string {
  return new URLSearchParams([["", value]]).toString().slice(1);
}

export class OidcClient {
  readonly settings: OidcSettings;
  readonly metadata: ProviderMetadata;
  readonly jwks: JwksCache;
  readonly #now: () => number;
  readonly #authorize: OAuth2Client;
  readonly #token: OAuth2Client;

  private constructor(options: OidcClientOptions, metadata: ProviderMetadata) {
    const s = options.settings;
    this.settings = s;
    this.metadata = metadata;
    this.#now = options.now;
    this.jwks = new JwksCache({ uri: metadata.jwksUri, fetch: options.fetch, now: options.now, cooldownMs: options.jwksCooldownMs ?? 30_000 });
    this.#authorize = new OAuth2Client(s.clientID, null, s.redirectURL);
    this.#token = s.clientSecret === undefined
      ? new OAuth2Client(s.clientID, null, s.redirectURL)
      : new OAuth2Client(formEncode(s.clientID), formEncode(s.clientSecret), s.redirectURL);
  }

  /** Discovers the provider (throws DiscoveryError with a clear, secret-free message). */
  static async create(options: OidcClientOptions): Promise<OidcClient> {
    return new OidcClient(options, await discover(options.settings.issuer, options.fetch));
  }

  authorizationUrl(flow: { state: string; codeVerifier: string; nonce: string }): URL {
    const url = this.#authorize.createAuthorizationURLWithPKCE(
      this.metadata.authorizationEndpoint,
      flow.state,
      CodeChallengeMethod.S256,
      flow.codeVerifier,
      this.settings.scopes,
    );
    url.searchParams.set("nonce", flow.nonce);
    if (this.settings.audience) url.searchParams.set("audience", this.settings.audience);
    return url;
  }

  async exchangeCode(code: string, codeVerifier: string): Promise<TokenSet> {
    return this.#tokens(await this.#call(() => this.#token.validateAuthorizationCode(this.metadata.tokenEndpoint, code, codeVerifier)));
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    // No scopes: the refreshed grant keeps the original ones.
    return this.#tokens(await this.#call(() => this.#token.refreshAccessToken(this.metadata.tokenEndpoint, refreshToken, [])));
  }

  /** Revokes a refresh token (RFC 7009) when the provider has a revocation endpoint. */
  async revoke(refreshToken: string): Promise<void> {
    if (!this.metadata.revocationEndpoint) return;
    try {
      await this.#token.revokeToken(this.metadata.revocationEndpoint, refreshToken);
    } catch {
      throw new ProviderError("rejected", "the identity provider did not revoke the token");
    }
  }

  verifyIdToken(idToken: string, nonce: string | undefined): Promise<IdTokenClaims> {
    return verifyIdToken(idToken, { jwks: this.jwks, issuer: this.metadata.issuer, clientID: this.settings.clientID, nonce, nowMs: this.#now() });
  }

  /** RP-initiated logout URL, or undefined when the provider has no end-session endpoint. */
  endSessionUrl(idTokenHint: string | undefined): URL | undefined {
    if (!this.metadata.endSessionEndpoint) return undefined;
    const url = new URL(this.metadata.endSessionEndpoint);
    if (idTokenHint) url.searchParams.set("id_token_hint", idTokenHint);
    url.searchParams.set("client_id", this.settings.clientID);
    if (this.settings.postLogoutRedirect) url.searchParams.set("post_logout_redirect_uri", this.settings.postLogoutRedirect);
    return url;
  }

  async #call(request: () => Promise<OAuth2Tokens>): Promise<OAuth2Tokens> {
    try {
      return await request();
    } catch (error) {
      if (error instanceof OAuth2RequestError) throw new ProviderError("rejected", `the identity provider refused the request (${error.code})`, error.code);
      if (error instanceof ArcticFetchError) throw new ProviderError("unreachable", "the identity provider cannot be reached");
      throw new ProviderError("invalid_response", "the identity provider answered the token request unexpectedly");
    }
  }

  #tokens(tokens: OAuth2Tokens): TokenSet {
    const data = tokens.data as Record<string, unknown>;
    const str = (k: string) => (typeof data[k] === "string" && data[k] !== "" ? (data[k] as string) : undefined);
    const expiresIn = typeof data.expires_in === "number" ? data.expires_in : undefined;
    return {
      idToken: str("id_token"),
      accessToken: str("access_token"),
      refreshToken: str("refresh_token"),
      accessExpiresAt: expiresIn === undefined ? undefined : this.#now() + expiresIn * 1000,
    };
  }
}
