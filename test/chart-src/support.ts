/** Shared by the chart tests: run the real helm (small concurrency pool), normalise manifests for comparison. */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { parseYamlText } from "../../server/config/yaml-file.ts";
import { k8sTools } from "../support/k8s-tools.ts";

export const CHART = resolve(import.meta.dirname, "../../deploy/helm/periscope");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function helm(args: string[]): Promise<RunResult> {
  const { helm: bin } = k8sTools();
  return new Promise((done) => {
    execFile(bin, args, { maxBuffer: 32 * 1024 * 1024, env: { PATH: process.env.PATH ?? "", HOME: tmpdir(), HELM_CACHE_HOME: join(tmpdir(), "helm-cache"), HELM_CONFIG_HOME: join(tmpdir(), "helm-config"), HELM_DATA_HOME: join(tmpdir(), "helm-data") } }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Run tasks with at most `size` in flight (2 cores: keep it small). */
export async function pool<T, R>(items: readonly T[], size: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}

let dir: string | undefined;
/** Write a values object as JSON (valid YAML, no 1.1/1.2 ambiguity; line separators escaped for go-yaml). */
export function writeValues(name: string, values: unknown): string {
  dir ??= mkdtempSync(join(tmpdir(), "periscope-values-"));
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, JSON.stringify(values, null, 1).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029"));
  return path;
}

/**
 * Drop null, empty maps and empty lists (Helm renders an empty `with` as null); parse embedded config files with
 * the server's own reader (YAML 1.2), since that is who consumes them.
 */
export function normalise(v: unknown, key = ""): unknown {
  if (typeof v === "string" && key.endsWith(".yaml")) return normalise(parseYamlText(v, key));
  // An item left empty by optional keys is `{}` in direct mode and a null item in helm output.
  const empty = (x: unknown) => x === undefined || (typeof x === "object" && x !== null && !Array.isArray(x) && Object.keys(x).length === 0);
  if (Array.isArray(v)) return v.map((x) => normalise(x)).filter((x) => !empty(x));
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalise((v as Record<string, unknown>)[k], k);
      if (n === undefined) continue;
      if (typeof n === "object" && n !== null && Object.keys(n).length === 0) continue;
      out[k] = n;
    }
    return out;
  }
  return v === null ? undefined : v;
}

const docKey = (d: Record<string, unknown>) => `${String(d.kind)}/${String((d.metadata as { name?: unknown } | undefined)?.name)}`;

/** Parse `helm template` output (YAML 1.1 like Kubernetes' decoder) as is. */
export function parseHelmDocs(text: string): Record<string, unknown>[] {
  const docs = parseAllDocuments(text, { version: "1.1" }).map((d) => {
    if (d.errors.length > 0) throw new Error(`helm output is not valid YAML: ${d.errors[0]!.message}`);
    return d.toJS() as unknown;
  });
  return docs.filter((d) => d !== null && d !== undefined) as Record<string, unknown>[];
}

/** `helm template` output as sorted, normalised documents (for comparison). */
export function parseHelmOutput(text: string): Record<string, unknown>[] {
  return sortDocs(parseHelmDocs(text));
}

export function sortDocs(docs: Record<string, unknown>[]): Record<string, unknown>[] {
  return docs.map((d) => normalise(d) as Record<string, unknown>).sort((a, b) => docKey(a).localeCompare(docKey(b)));
}
