/**
 * Reads Helm 3 release records as Helm stores them: Secrets (`helm.sh/release.v1`, data.release =
 * base64(base64(gzip(json)))) or ConfigMaps (data.release = base64(gzip(json))), labelled owner=helm,
 * name, version, status. Read-only, always as the user.
 */
import { parseAllDocuments } from "yaml";
import type { KubeClient } from "../clusters/kube-client.ts";
import { AppError } from "../http/errors.ts";
import { builtInKind } from "../kinds/catalog.ts";
import { kindPath } from "../kinds/kind.ts";
import { isRecord } from "./object-view.ts";
import type { JsonRecord } from "./object-view.ts";

export type HelmDriver = "secrets" | "configmaps";

export interface ReleaseRecord {
  name: string;
  namespace: string;
  revision: number;
  status: string;
  /** The stored, still-encoded payload (decoded only when needed). */
  payload: string;
  driver: HelmDriver;
}

export interface Release {
  name: string;
  namespace: string;
  revision: number;
  status: string;
  chart: string;
  chartVersion: string;
  appVersion: string;
  updated: string | undefined;
  description: string;
  notes: string;
  values: JsonRecord;
  chartValues: JsonRecord;
  manifest: string;
}

function bytesOfBase64(value: string): Uint8Array {
  const bin = atob(value.replace(/\s/g, ""));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The release JSON from a stored payload (the inner base64 of Helm's own encoding). */
export async function decodeReleasePayload(payload: string): Promise<unknown> {
  let bytes = bytesOfBase64(payload);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await gunzip(bytes);
  return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
}

const rec = (v: unknown): JsonRecord => (isRecord(v) ? v : {});
const s = (v: unknown): string => (typeof v === "string" ? v : "");

export async function decodeRelease(record: ReleaseRecord): Promise<Release> {
  let raw: unknown;
  try {
    raw = await decodeReleasePayload(record.payload);
  } catch (error) {
    throw new AppError(502, "helm_unreadable", `release ${record.namespace}/${record.name} v${record.revision} could not be decoded: ${error instanceof Error ? error.message : String(error)}`);
  }
  const r = rec(raw);
  const info = rec(r.info);
  const chart = rec(r.chart);
  const meta = rec(chart.metadata);
  return {
    name: s(r.name) || record.name,
    namespace: s(r.namespace) || record.namespace,
    revision: typeof r.version === "number" ? r.version : record.revision,
    status: s(info.status) || record.status,
    chart: s(meta.name),
    chartVersion: s(meta.version),
    appVersion: s(meta.appVersion),
    updated: s(info.last_deployed) || undefined,
    description: s(info.description),
    notes: s(info.notes),
    values: rec(r.config),
    chartValues: rec(chart.values),
    manifest: s(r.manifest),
  };
}

function recordsOf(list: unknown, driver: HelmDriver): ReleaseRecord[] {
  const items = isRecord(list) && Array.isArray(list.items) ? list.items.filter(isRecord) : [];
  const out: ReleaseRecord[] = [];
  for (const item of items) {
    const meta = rec(item.metadata);
    const labels = rec(meta.labels);
    const data = rec(item.data);
    let payload = s(data.release);
    if (!payload) continue;
    // Secrets hold base64 of Helm's base64 text; ConfigMaps hold Helm's base64 text directly.
    if (driver === "secrets") payload = new TextDecoder().decode(bytesOfBase64(payload));
    out.push({
      name: s(labels.name),
      namespace: s(meta.namespace),
      revision: Number(s(labels.version)) || 0,
      status: s(labels.status),
      payload,
      driver,
    });
  }
  return out;
}

/**
 * Release records visible to the user, with the storage driver detected: Secrets when any exist (Helm's
 * default), else ConfigMaps when those hold releases, else Secrets.
 */
export async function listReleaseRecords(client: KubeClient, options: { namespace?: string | undefined; name?: string | undefined }): Promise<{ driver: HelmDriver; records: ReleaseRecord[] }> {
  const labelSelector = `owner=helm${options.name ? `,name=${options.name}` : ""}`;
  const fetchFrom = async (driver: HelmDriver) =>
    recordsOf(await client.json({ path: kindPath(builtInKind(driver)!, options.namespace), query: { labelSelector } }), driver);
  let secretsError: unknown;
  let secrets: ReleaseRecord[] = [];
  try {
    secrets = await fetchFrom("secrets");
  } catch (error) {
    secretsError = error;
  }
  if (secrets.length > 0) return { driver: "secrets", records: secrets };
  let configmaps: ReleaseRecord[] = [];
  try {
    configmaps = await fetchFrom("configmaps");
  } catch (error) {
    throw secretsError ?? error;
  }
  if (configmaps.length > 0) return { driver: "configmaps", records: configmaps };
  // Nothing readable anywhere: a refusal to read Secrets is the honest answer (Helm's default driver).
  if (secretsError) throw secretsError;
  return { driver: "secrets", records: [] };
}

/** Objects a release manifest declares (kind, name, namespace), in manifest order. */
export function manifestResources(manifest: string, defaultNamespace: string): Array<{ apiVersion: string; kind: string; name: string; namespace: string | undefined }> {
  return splitManifest(manifest).map((doc) => {
    const meta = rec(doc.metadata);
    return { apiVersion: s(doc.apiVersion), kind: s(doc.kind), name: s(meta.name), namespace: s(meta.namespace) || (doc.kind === "Namespace" ? undefined : defaultNamespace) };
  });
}


export function splitManifest(manifest: string): JsonRecord[] {
  const out: JsonRecord[] = [];
  for (const doc of parseAllDocuments(manifest)) {
    if ("errors" in doc && doc.errors.length > 0) continue;
    const value: unknown = doc.toJS();
    if (isRecord(value) && typeof value.kind === "string") out.push(value);
  }
  return out;
}
