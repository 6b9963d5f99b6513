import { ConfigError, ConfigErrors } from "./config-error.ts";
import { LOG_LEVELS } from "../http/log.ts";
import type { LogLevel } from "../http/log.ts";

/** Settings read from the environment once at start-up (never at request time). */
export interface ServerEnv {
  port: number;
  /** Bind address (PERISCOPE_HOST); undefined = every address, IPv6 and IPv4. */
  host: string | undefined;
  logLevel: LogLevel;
}

export type EnvSource = Record<string, string | undefined>;

/** Reads and validates the environment; every problem is reported, each naming the variable. */
export function readServerEnv(env: EnvSource): ServerEnv {
  const errors: ConfigError[] = [];
  const port = readInt(env, "PORT", 8080, 0, 65535, errors);
  const level = (env.PERISCOPE_LOG_LEVEL ?? "info").trim().toLowerCase();
  if (!LOG_LEVELS.includes(level as LogLevel)) {
    errors.push(new ConfigError("environment", "PERISCOPE_LOG_LEVEL", `one of ${LOG_LEVELS.join(", ")}`, JSON.stringify(level)));
  }
  if (errors.length > 0) throw new ConfigErrors(errors);
  // No PERISCOPE_HOST: every address, IPv6 and IPv4, so IPv6-only clusters work out of the box.
  return { port, host: env.PERISCOPE_HOST?.trim() || undefined, logLevel: level as LogLevel };
}

/** An integer variable within bounds; empty means the default. */
export function readInt(env: EnvSource, name: string, fallback: number, min: number, max: number, errors: ConfigError[]): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  if (!/^-?\d+$/.test(raw)) {
    errors.push(new ConfigError("environment", name, `an integer from ${min} to ${max}`, JSON.stringify(raw)));
    return fallback;
  }
  const n = Number(raw);
  if (n < min || n > max) {
    errors.push(new ConfigError("environment", name, `an integer from ${min} to ${max}`, raw));
    return fallback;
  }
  return n;
}
