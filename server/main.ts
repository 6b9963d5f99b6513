/**
 * Entry point: environment → config → audit → auth → clusters → app → platform.serve;
 * SIGTERM/SIGINT → graceful shutdown (exit 0 within 5 s). Runs unchanged on Node (type stripping) and Deno.
 * Every configuration problem stops the boot with exit code 2 and one line per problem (no stack trace).
 */
import { createApp } from "./app.ts";
import { openAuditLog } from "./audit/audit-log.ts";
import type { AuditLog } from "./audit/audit-log.ts";
import { readAuditSettings } from "./audit/settings.ts";
import type { AuthService } from "./auth/auth-service.ts";
import { createAuth } from "./auth/create-auth.ts";
import { bootClusters } from "./clusters/boot.ts";
import { loadAuthSettings } from "./config/auth-file.ts";
import { ConfigError, ConfigErrors } from "./config/config-error.ts";
import { readServerEnv } from "./config/env.ts";
import { resolveSecretField } from "./config/secret-refs.ts";
import { createLogger } from "./http/log.ts";
import type { Logger } from "./http/log.ts";
import { probeClusters } from "./live/cluster-probe.ts";
import { readLiveSettings, unknownTokensLine } from "./live/settings.ts";
import { loadPlatform } from "./platform/load.ts";

const SHUTDOWN_GRACE_MS = 4_000;

/** Runs one boot step; a configuration error ends the process with its one-line messages and exit code 2. */
async function configStep<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ConfigErrors || error instanceof ConfigError) {
      process.stderr.write(`periscope: configuration error\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** auth.yaml → AuthService (oidc discovery happens here); a bad file or unreachable issuer stops the boot. */
async function bootAuth(log: Logger, audit: AuditLog): Promise<AuthService> {
  const env = process.env;
  const settings = await loadAuthSettings({ env, resolveSecret: (value, source, key) => resolveSecretField(value, { env, log }, source, key) });
  const auth = await createAuth({
    settings,
    log,
    pagePaths: { denied: "/denied", signedOut: "/signed-out" },
    onEvent: async (e) => void (await audit.record(e)),
  });
  log.info("auth ready", { mode: auth.mode, authzMode: settings.authorization.mode, source: settings.source });
  if (auth.mode === "dev") log.warn("development auth mode: everyone acts as the fixed dev identity; never expose this server");
  return auth;
}

async function main(): Promise<void> {
  const env = await configStep(() => readServerEnv(process.env));
  const live = await configStep(() => readLiveSettings(process.env));
  const auditSettings = await configStep(() => readAuditSettings(process.env));
  const log = createLogger(env.logLevel);
  const unknownTokens = unknownTokensLine(live);
  if (unknownTokens) log.warn(unknownTokens);
  const platform = await loadPlatform();
  // Opens and recovers the store; an unwritable directory does not stop the boot (actions fail closed, health says why).
  const audit = await openAuditLog({ settings: auditSettings, log });
  log.info("audit ready", { ...audit.health() });
  const auth = await configStep(() => bootAuth(log, audit));
  const clusters = await configStep(() => bootClusters({ env: process.env, platform, log }));
  const app = createApp({ log, platform, auth, clusters, audit, live });
  const server = await platform.serve(app.handle, { hostname: env.host, port: env.port });
  log.info("listening", { port: server.port, runtime: platform.runtime });
  // Background: a cold or dead cluster must not delay serving (one log line per cluster).
  if (live.probeClustersOnBoot) void probeClusters(clusters, log);

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
