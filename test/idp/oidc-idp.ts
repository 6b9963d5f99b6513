/**
 * A real OpenID provider (npm `oidc-provider`) on 127.0.0.1 in two shapes:
 * - "auth0": issuer with a trailing slash, a namespaced groups claim, and an `audience` the authorize request must
 *   carry (checked as an extra parameter); RS256 ID tokens.
 * - "okta": issuer under /oauth2/default, a plain `groups` claim; ES256 ID tokens.
 * Login and consent are auto-approved for `idp.user` through the provider's own interaction API, so tests drive the
 * browser side with plain fetch. Tests may rewrite the ID token the token endpoint returns (`tamper`) to play a
 * hostile or broken provider, and stop/start the server to play an outage.
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import Provider, { errors } from "oidc-provider";
import { generateKeyPair } from "./jwt-sign.ts";
import type { KeyPair } from "./jwt-sign.ts";

export type IdpShape = "auth0" | "okta";

export interface IdpUser {
  sub: string;
  email: string;
  groups: string[] | string;
}

export interface IdpOptions {
  shape: IdpShape;
  clientId?: string;
  clientSecret?: string;
  /** Periscope's base URL (for redirect_uri and post_logout_redirect_uri); may be set after start with `setApp`. */
  appBase?: string;
  accessTokenTtlSeconds?: number;
  audience?: string;
}

export const AUTH0_GROUPS_CLAIM = "https://periscope/groups";

export interface TestIdp {
  readonly shape: IdpShape;
  readonly issuer: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly groupsClaim: string;
  readonly audience: string | undefined;
  readonly signingKey: KeyPair;
  /** Who the next sign-in authenticates as. */
  user: IdpUser;
  /** Rewrites the id_token in token-endpoint responses (undefined = pass through). */
  tamper: ((idToken: string) => Promise<string> | string) | undefined;
  /** Authorization requests seen (their query parameters). */
  readonly authorizeRequests: URLSearchParams[];
  /** Token requests seen: grant type and the Basic credentials decoded as sent. */
  readonly tokenRequests: Array<{ grantType: string | null; authorization: string | null }>;
  /** Completed token revocation requests (RFC 7009) and their HTTP status. */
  readonly revocations: number[];
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startIdp(options: IdpOptions & { appBase: string }): Promise<TestIdp> {
  const shape = options.shape;
  const clientId = options.clientId ?? `periscope-${shape}`;
  const clientSecret = options.clientSecret ?? "s3cr+t/with%odd:chars";
  const audience = shape === "auth0" ? (options.audience ?? "https://periscope.example/api") : undefined;
  const groupsClaim = shape === "auth0" ? AUTH0_GROUPS_CLAIM : "groups";
  const alg = shape === "auth0" ? "RS256" : "ES256";
  const signingKey = await generateKeyPair(alg, `${shape}-key-1`);
  const other = await generateKeyPair(alg === "RS256" ? "ES256" : "RS256", `${shape}-key-2`);

  // Reserve the port first: the issuer URL must be known before the provider is built.
  const server = createServer();
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const prefix = shape === "okta" ? "/oauth2/default" : "";
  const issuer = shape === "auth0" ? `http://127.0.0.1:${port}/` : `http://127.0.0.1:${port}${prefix}`;

  const idp: TestIdp = {
    shape,
    issuer,
    port,
    clientId,
    clientSecret,
    groupsClaim,
    audience,
    signingKey,
    user: { sub: "user-1", email: "user1@example.com", groups: [] },
    tamper: undefined,
    authorizeRequests: [],
    tokenRequests: [],
    revocations: [],
    stop: () => closeServer(server, sockets),
    start: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
    close: () => closeServer(server, sockets),
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${options.appBase}/api/auth/callback`],
        post_logout_redirect_uris: [`${options.appBase}/api/auth/loggedout`],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: alg,
      },
    ],
    jwks: { keys: [signingKey.privateJwk, other.privateJwk] },
    async findAccount(_ctx: unknown, id: string) {
      const user = idp.user;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: user.email, email_verified: true, [groupsClaim]: user.groups };
        },
      };
    },
    claims: { openid: ["sub", groupsClaim], email: ["email", "email_verified"], profile: [] },
    conformIdTokenClaims: false,
    scopes: ["openid", "offline_access", "email", "profile"],
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
      revocation: { enabled: true },
    },
    extraParams: audience === undefined ? [] : {
      audience(_ctx: unknown, value: string | undefined) {
        if (value !== audience) throw new errors.InvalidRequest("audience is required and must name the Periscope API");
      },
    },
    // Refresh tokens for any client allowed the grant (real IdPs tie this to offline_access + consent).
    async issueRefreshToken(_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) {
      return client.grantTypeAllowed("refresh_token");
    },
    ttl: { AccessToken: options.accessTokenTtlSeconds ?? 120, IdToken: 4 * 3600, RefreshToken: 86_400, Interaction: 600, Session: 86_400, Grant: 86_400, AuthorizationCode: 60 },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${prefix}/interaction/${interaction.uid}` },
    cookies: { keys: ["test-idp-cookie-key"] },
    pkce: { required: () => true },
  });
  provider.on("server_error", (_ctx: unknown, error: Error) => process.stderr.write(`test idp server_error: ${error.message}\n`));
  const callback = provider.callback();

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(error instanceof Error ? error.message : "error");
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", issuer);
    if (prefix && !url.pathname.startsWith(prefix)) {
      res.statusCode = 404;
      res.end("not found");
      return;
    }
    if (prefix) {
      // Mount the provider under the Okta-like path prefix (Express-style: originalUrl keeps the full path).
      (req as { originalUrl?: string }).originalUrl = req.url;
      req.url = url.pathname.slice(prefix.length) + url.search || "/";
    }
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/auth" && req.method === "GET") idp.authorizeRequests.push(url.searchParams);
    if (path === "/token/revocation") res.on("finish", () => idp.revocations.push(res.statusCode));
    if (path.startsWith("/interaction/")) return approve(req, res);
    if (path === "/token" && req.method === "POST") return tokenEndpoint(req, res);
    return callback(req, res);
  }

  async function approve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const { prompt, params, session, grantId } = details;
    if (prompt.name === "login") {
      await provider.interactionFinished(req, res, { login: { accountId: idp.user.sub } }, { mergeWithLastSubmission: false });
      return;
    }
    const grant = grantId ? await provider.Grant.find(grantId) : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(" "));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, (scopes as string[]).join(" "));
    }
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  async function tokenEndpoint(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Peek at the form body, then replay it to the provider.
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const form = new URLSearchParams(body.toString("utf8"));
    const auth = req.headers.authorization ?? null;
    idp.tokenRequests.push({ grantType: form.get("grant_type"), authorization: auth ? Buffer.from(auth.replace(/^Basic /, ""), "base64").toString("utf8") : null });
    const { Readable } = await import("node:stream");
    const replay = Object.assign(Readable.from([body]), { headers: req.headers, method: req.method, url: req.url, socket: req.socket, connection: req.socket, httpVersion: req.httpVersion });
    const tamper = idp.tamper;
    if (tamper) {
      const end = res.end.bind(res);
      (res as { end: unknown }).end = (chunk: unknown, ...rest: unknown[]) => {
        void (async () => {
          let text = typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : "";
          try {
            const json = JSON.parse(text) as Record<string, unknown>;
            if (typeof json.id_token === "string") json.id_token = await tamper(json.id_token);
            text = JSON.stringify(json);
          } catch {
            // not JSON: leave it
          }
          res.setHeader("content-length", Buffer.byteLength(text));
          (end as (c: unknown, ...r: unknown[]) => void)(text, ...rest.filter((r) => typeof r === "function"));
        })();
        return res;
      };
    }
    return callback(replay as unknown as IncomingMessage, res);
  }

  return idp;
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
}
