/**
 * Loads auth.yaml into resolved settings: YAML → schema → the checks a schema cannot express (URLs, durations,
 * timeout order) → defaults → mode → the client secret resolved from its reference.
 * Mode rule: PERISCOPE_AUTH_MODE wins; else a file with an issuer means oidc; else dev. No file at all means dev
 * acting with tier admin (the demo); that rule never applies in oidc mode.
 */
import { readFile } from "node:fs/promises";
import type { AuthMode, AuthzMode, Tier } from "../auth/identity.ts";
import { parseDuration } from "../auth/duration.ts";
import { ConfigError, ConfigErrors, describeFound } from "./config-error.ts";
import { authFileSchema } from "./schema/auth.ts";
import type { AuthFile } from "./schema/auth.ts";
import { validateConfig } from "./validate.ts";
import { parseYamlText, readYamlFile } from "./yaml-file.ts";

export interface OidcSettings {
  issuer: string;
  clientID: string;
  /** Resolved secret; undefined for a public client. Never logged. */
  clientSecret: string | undefined;
  redirectURL: string;
  postLogoutRedirect: string | undefined;
  scopes: string[];
  audience: string | undefined;
  providerName: string;
}

export interface AuthorizationSettings {
  mode: AuthzMode;
  groupsClaim: string;
  allowedGroups: string[];
  groupTiers: Record<string, Tier>;
  /** undefined = users matching no group get no access. */
  defaultTier: Tier | undefined;
  groupPrefix: string;
  auditAdminGroups: string[];
}

export interface SessionSettings {
  cookieName: string;
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
  cookieDomain: string | undefined;
}

export interface AuthSettings {
  mode: AuthMode;
  /** Where the settings came from, for messages. */
  source: string;
  oidc: OidcSettings | undefined;
  session: SessionSettings;
  authorization: AuthorizationSettings;
  dev: { subject: string; email: string; groups: string[] };
  /** Dev mode without any auth file: the dev identity acts with tier admin. */
  devAdmin: boolean;
}

export type SecretResolver = (value: string, source: string, key: string) => Promise<string>;

export interface LoadAuthOptions {
  env: Record<string, string | undefined>;
  /** Resolves every secret reference (server/config/secret-refs.ts `resolveSecretField`). */
  resolveSecret?: SecretResolver;
}

const DEFAULT_SCOPES = ["openid", "profile", "email", "offline_access"];

/** Reads PERISCOPE_AUTH_FILE (if set) and resolves the settings. */
export async function loadAuthSettings(options: LoadAuthOptions): Promise<AuthSettings> {
  const path = options.env.PERISCOPE_AUTH_FILE?.trim();
  if (!path) return resolveAuthSettings(undefined, "(no auth file)", options);
  return resolveAuthSettings(await readYamlFile(path), path, options);
}

/** Same for YAML text already in memory (tests, the chart generator). */
export function parseAuthText(text: string, source: string, options: LoadAuthOptions): Promise<AuthSettings> {
  return resolveAuthSettings(parseYamlText(text, source), source, options);
}

export async function resolveAuthSettings(data: unknown, source: string, options: LoadAuthOptions): Promise<AuthSettings> {
  const hasFile = data !== undefined;
  const file = hasFile ? validateConfig<AuthFile>(authFileSchema, data, source) : {};
  const errors: ConfigError[] = [];
  const env = options.env;

  const issuer = file.oidc?.issuer?.trim() ?? "";
  const modeEnv = env.PERISCOPE_AUTH_MODE?.trim().toLowerCase() ?? "";
  let mode: AuthMode;
  if (modeEnv === "oidc" || modeEnv === "dev") mode = modeEnv;
  else if (modeEnv === "") mode = issuer ? "oidc" : "dev";
  else {
    errors.push(new ConfigError("environment", "PERISCOPE_AUTH_MODE", 'one of "oidc", "dev" (or unset)', describeFound(modeEnv)));
    mode = "dev";
  }

  const session = readSession(file, source, errors);
  const authorization = readAuthorization(file);
  let oidc: OidcSettings | undefined;
  if (mode === "oidc") oidc = await readOidc(file, source, options, errors);
  if (errors.length > 0) throw new ConfigErrors(errors);

  return {
    mode,
    source,
    oidc,
    session,
    authorization,
    dev: {
      subject: file.dev?.subject ?? "dev@local",
      email: file.dev?.email ?? "dev@local",
      groups: file.dev?.groups ?? ["dev"],
    },
    devAdmin: mode === "dev" && !hasFile,
  };
}

function readSession(file: AuthFile, source: string, errors: ConfigError[]): SessionSettings {
  const idleText = file.session?.idleTimeout ?? "30m";
  const absoluteText = file.session?.absoluteTimeout ?? "8h";
  const idle = parseDuration(idleText);
  const absolute = parseDuration(absoluteText);
  if (idle === undefined || idle < 60_000) {
    errors.push(new ConfigError(source, "session.idleTimeout", "a duration of at least 1m", describeFound(idleText)));
  }
  if (absolute === undefined || absolute < 60_000) {
    errors.push(new ConfigError(source, "session.absoluteTimeout", "a duration of at least 1m", describeFound(absoluteText)));
  }
  if (idle !== undefined && absolute !== undefined && idle > absolute) {
    errors.push(new ConfigError(source, "session.idleTimeout", `a duration no longer than absoluteTimeout (${absoluteText})`, describeFound(idleText)));
  }
  const domain = file.session?.cookieDomain?.trim();
  return {
    cookieName: file.session?.cookieName ?? "periscope_session",
    idleTimeoutMs: idle ?? 30 * 60_000,
    absoluteTimeoutMs: absolute ?? 8 * 3_600_000,
    cookieDomain: domain ? domain : undefined,
  };
}

function readAuthorization(file: AuthFile): AuthorizationSettings {
  const a = file.authorization ?? {};
  const defaultTier = a.defaultTier ?? "read";
  return {
    mode: a.mode ?? "tier",
    groupsClaim: a.groupsClaim ?? "groups",
    allowedGroups: a.allowedGroups ?? [],
    groupTiers: a.groupTiers ?? {},
    defaultTier: defaultTier === "" ? undefined : defaultTier,
    groupPrefix: a.groupPrefix ?? "periscope:",
    auditAdminGroups: a.auditAdminGroups ?? [],
  };
}

async function readOidc(file: AuthFile, source: string, options: LoadAuthOptions, errors: ConfigError[]): Promise<OidcSettings | undefined> {
  const o = file.oidc ?? {};
  const issuer = o.issuer?.trim() ?? "";
  if (!issuer) {
    errors.push(new ConfigError(source, "oidc.issuer", "an issuer URL (oidc mode needs one)", "nothing"));
    return undefined;
  }
  checkUrl(source, "oidc.issuer", issuer, errors);
  if (!o.clientID) errors.push(new ConfigError(source, "oidc.clientID", "the client ID from your identity provider", "nothing"));
  if (!o.redirectURL) {
    errors.push(new ConfigError(source, "oidc.redirectURL", "https://<host>/api/auth/callback", "nothing"));
  } else {
    checkUrl(source, "oidc.redirectURL", o.redirectURL, errors);
  }
  if (o.postLogoutRedirect) checkUrl(source, "oidc.postLogoutRedirect", o.postLogoutRedirect, errors);
  const scopes = o.scopes ?? DEFAULT_SCOPES;
  if (!scopes.includes("openid")) {
    errors.push(new ConfigError(source, "oidc.scopes", 'a list that includes "openid"', describeFound(scopes)));
  }
  let clientSecret: string | undefined;
  // The chart passes the secret as OIDC_CLIENT_SECRET and writes `${OIDC_CLIENT_SECRET}` here by default.
  const reference = o.clientSecret ?? (options.env.OIDC_CLIENT_SECRET ? "${OIDC_CLIENT_SECRET}" : "");
  if (reference !== "") {
    try {
      clientSecret = await resolveSecretValue(reference, source, "oidc.clientSecret", options);
    } catch (error) {
      if (error instanceof ConfigError) errors.push(error);
      else errors.push(new ConfigError(source, "oidc.clientSecret", "a resolvable secret reference", "a reference that failed to resolve"));
    }
  }
  return {
    issuer,
    clientID: o.clientID ?? "",
    clientSecret: clientSecret === "" ? undefined : clientSecret,
    redirectURL: o.redirectURL ?? "",
    postLogoutRedirect: o.postLogoutRedirect ? o.postLogoutRedirect : undefined,
    scopes,
    audience: o.audience ? o.audience : undefined,
    providerName: o.providerName ? o.providerName : "your identity provider",
  };
}

function checkUrl(source: string, key: string, value: string, errors: ConfigError[]): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    errors.push(new ConfigError(source, key, "an http(s) URL", describeFound(value)));
  }
}

/**
 * Through the shared resolver (server/config/secret-refs.ts) when one is passed — main.ts does; otherwise
 * `${ENV}` and `file:///path` here and AWS schemes refused. Anything else is a literal. Error messages name the
 * reference's kind, never the secret.
 */
export async function resolveSecretValue(value: string, source: string, key: string, options: LoadAuthOptions): Promise<string> {
  if (options.resolveSecret) return options.resolveSecret(value, source, key);
  const envRef = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
  if (envRef) {
    const name = envRef[1]!;
    const found = options.env[name];
    if (found === undefined || found === "") {
      throw new ConfigError(source, key, `environment variable ${name} to be set (referenced as \${${name}})`, "it unset or empty");
    }
    return found;
  }
  if (value.startsWith("file://")) {
    let path: string;
    try {
      path = decodeURIComponent(new URL(value).pathname);
    } catch {
      throw new ConfigError(source, key, "a file:///absolute/path reference", "a malformed file:// URL");
    }
    try {
      return (await readFile(path, "utf8")).replace(/\r?\n$/, "");
    } catch (error) {
      const code = (error as { code?: string }).code ?? "error";
      throw new ConfigError(source, key, `a readable secret file at ${path}`, code === "ENOENT" ? "no such file" : `an unreadable file (${code})`);
    }
  }
  if (value.startsWith("aws-secretsmanager://") || value.startsWith("aws-ssm://")) {
    throw new ConfigError(source, key, "a secret reference this build can resolve", `an AWS reference (${value.split(":")[0]}) with no AWS resolver wired`);
  }
  return value;
}

/** Settings when there is no auth file and no mode override: dev mode acting as tier admin. */
export function noAuthFileSettings(): AuthSettings {
  return {
    mode: "dev",
    source: "(no auth file)",
    oidc: undefined,
    session: { cookieName: "periscope_session", idleTimeoutMs: 30 * 60_000, absoluteTimeoutMs: 8 * 3_600_000, cookieDomain: undefined },
    authorization: readAuthorization({}),
    dev: { subject: "dev@local", email: "dev@local", groups: ["dev"] },
    devAdmin: true,
  };
}
