/**
 * What an object looks like to the browser: managedFields stripped, and for Secrets no values at all —
 * neither `data`/`stringData` nor the last-applied annotation that would repeat them. Key names and sizes stay.
 */
import type { Kind } from "../kinds/kind.ts";

export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

export interface SecretKeyInfo {
  key: string;
  /** Decoded size in bytes. */
  bytes: number;
}

export type JsonRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is JsonRecord {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export function isSecretKind(kind: Kind): boolean {
  return kind.group === "" && kind.plural === "secrets";
}

function base64Bytes(value: string): number {
  const clean = value.replace(/\s/g, "");
  const pad = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - pad);
}

/** A display copy of an API object (never mutates the input). */
export function displayObject(kind: Kind, object: unknown): { object: JsonRecord; secretKeys?: SecretKeyInfo[] } {
  if (!isRecord(object)) return { object: {} };
  const copy: JsonRecord = { ...object };
  if (isRecord(copy.metadata)) {
    const meta: JsonRecord = { ...copy.metadata };
    delete meta.managedFields;
    if (isSecretKind(kind) && isRecord(meta.annotations) && LAST_APPLIED in meta.annotations) {
      const annotations = { ...meta.annotations };
      delete annotations[LAST_APPLIED];
      meta.annotations = annotations;
    }
    copy.metadata = meta;
  }
  if (!isSecretKind(kind)) return { object: copy };
  const secretKeys: SecretKeyInfo[] = [];
  if (isRecord(copy.data)) {
    for (const [key, value] of Object.entries(copy.data)) secretKeys.push({ key, bytes: typeof value === "string" ? base64Bytes(value) : 0 });
  }
  if (isRecord(copy.stringData)) {
    for (const [key, value] of Object.entries(copy.stringData)) {
      if (!secretKeys.some((k) => k.key === key)) secretKeys.push({ key, bytes: typeof value === "string" ? new TextEncoder().encode(value).length : 0 });
    }
  }
  delete copy.data;
  delete copy.stringData;
  secretKeys.sort((a, b) => a.key.localeCompare(b.key));
  return { object: copy, secretKeys };
}
