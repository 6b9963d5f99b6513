/**
 * Entry point: environment → app → platform.serve; SIGTERM/SIGINT → graceful shutdown (exit 0 within 5 s).
 * Runs unchanged on Node (type stripping) and Deno.
 */
import { createApp } from "./app.ts";
import { ConfigError, ConfigErrors } from "./config/config-error.ts";
import { readServerEnv } from "./config/env.ts";
import { createLogger } from "./http/log.ts";
import { loadPlatform } from "./platform/load.ts";
import { bootClusters } from "./clusters/boot.ts";
import { createAuth } from "./auth/create-auth.ts";
import type { AuthService } from "./auth/auth-service.ts";
import { loadAuthSettings } from "./config/auth-file.ts";
import { resolveSecretField } from "./config/secret-refs.ts";
import type { Logger } from "./http/log.ts";
import { openAuditLog } from "./audit/audit-log.ts";
import type { AuditLog } from "./audit/audit-log.ts";
import { readAuditSettings } from "./audit/settings.ts";
import { readLiveSettings, unknownTokensLine } from "./live/settings.ts";

const SHUTDOWN_GRACE_MS = 4_000;

/** auth.yaml → AuthService (oidc discovery happens here); a bad file or unreachable issuer stops the boot. */
async function bootAuth(log: Logger, audit?: AuditLog): Promise<AuthService> {
  try {
    const env = process.env;
    const settings = await loadAuthSettings({ env, resolveSecret: (value, source, key) => resolveSecretField(value, { env, log }, source, key) });
    const auth = await createAuth({ settings, log, pagePaths: { denied: "/denied", signedOut: "/signed-out" }, onEvent: audit ? async (e) => void (await audit.record(e)) : undefined });
    log.info("auth ready", { mode: auth.mode, authzMode: settings.authorization.mode, source: settings.source });
    if (auth.mode === "dev") log.warn("development auth mode: everyone acts as the fixed dev identity; never expose this server");
    return auth;
  } catch (error) {
    if (error instanceof ConfigErrors || error instanceof ConfigError) {
      process.stderr.write(`periscope: configuration error\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  let env;
  let live;
  try {
    env = readServerEnv(process.env);
    live = readLiveSettings(process.env);
  } catch (error) {
    if (error instanceof ConfigErrors || error instanceof ConfigError) {
      process.stderr.write(`periscope: configuration error\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(env.logLevel);
  const unknownTokens = unknownTokensLine(live);
  if (unknownTokens) log.warn(unknownTokens);
  const platform = await loadPlatform();
  let auditSettings;
  try {
    auditSettings = readAuditSettings(process.env);
  } catch (error) {
    if (error instanceof ConfigErrors || error instanceof ConfigError) {
      process.stderr.write(`periscope: configuration error\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  // Opens and recovers the store; an unwritable directory does not stop the boot (actions fail closed, health says why).
  const audit = await openAuditLog({ settings: auditSettings, log });
  log.info("audit ready", { ...audit.health() });
  const auth = await bootAuth(log, audit);
  const clusters = await bootClusters({ env: process.env, platform, log }).catch((error: unknown) => {
    if (error instanceof ConfigErrors || error instanceof ConfigError) {
      process.stderr.write(`periscope: configuration error\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  });
  const app = createApp({ log, platform, auth, clusters, audit, live });
  const server = await platform.serve(app.handle, { hostname: env.host, port: env.port });
  log.info("listening", { port: server.port, runtime: platform.runtime });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    const hardExit = setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS + 900);
    app.shutdown();
    auth.close();
    await clusters.close();
    await audit.close();
    await server.close(SHUTDOWN_GRACE_MS);
    clearTimeout(hardExit);
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`periscope: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
