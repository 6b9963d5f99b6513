import { ConfigError, ConfigErrors } from "../config/config-error.ts";
import { readInt } from "../config/env.ts";
import type { EnvSource } from "../config/env.ts";

/** Audit settings from the environment, read once at start-up. */
export interface AuditSettings {
  /** Persist to the JSONL store (stdout lines are written either way). */
  enabled: boolean;
  dir: string;
  retentionDays: number;
  maxSizeMB: number;
  /** When the store cannot write: refuse privileged actions (false, the default) or log and carry on. */
  failOpen: boolean;
}

export const DEFAULT_AUDIT_DIR = "/var/lib/periscope/audit";

export function readAuditSettings(env: EnvSource): AuditSettings {
  const errors: ConfigError[] = [];
  const enabled = readBool(env, "PERISCOPE_AUDIT_ENABLED", false, errors);
  const failOpen = readBool(env, "PERISCOPE_AUDIT_FAIL_OPEN", false, errors);
  const retentionDays = readInt(env, "PERISCOPE_AUDIT_RETENTION_DAYS", 30, 0, 36500, errors);
  const maxSizeMB = readInt(env, "PERISCOPE_AUDIT_MAX_SIZE_MB", 1024, 0, 16 * 1024 * 1024, errors);
  const dir = env.PERISCOPE_AUDIT_DIR?.trim() || DEFAULT_AUDIT_DIR;
  if (!dir.startsWith("/")) {
    errors.push(new ConfigError("environment", "PERISCOPE_AUDIT_DIR", "an absolute path", JSON.stringify(dir)));
  }
  if (errors.length > 0) throw new ConfigErrors(errors);
  return { enabled, dir, retentionDays, maxSizeMB, failOpen };
}

function readBool(env: EnvSource, name: string, fallback: boolean, errors: ConfigError[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  errors.push(new ConfigError("environment", name, "true or false", JSON.stringify(raw)));
  return fallback;
}
