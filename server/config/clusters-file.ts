/**
 * Loads clusters.yaml: YAML → schema check → the checks JSON Schema cannot express (unique names).
 * No file configured → one built-in `demo` cluster, so `npm start` works with nothing set.
 */
import { ConfigError, ConfigErrors } from "./config-error.ts";
import { clustersFileSchema } from "./schema/clusters.ts";
import type { ClusterConfig, ClustersFile } from "./schema/clusters.ts";
import { validateConfig } from "./validate.ts";
import { parseYamlText, readYamlFile } from "./yaml-file.ts";

export const DEFAULT_DEMO_CLUSTERS: ClusterConfig[] = [{ name: "demo", backend: "demo", environment: "demo" }];

/** Reads and validates the file at `path`; `undefined` path means "no file": the demo cluster. */
export async function loadClustersFile(path: string | undefined): Promise<ClusterConfig[]> {
  if (path === undefined || path.trim() === "") return DEFAULT_DEMO_CLUSTERS.map((c) => ({ ...c }));
  return checkClusters(await readYamlFile(path), path);
}

/** Same as `loadClustersFile` for text already in memory (tests, the chart generator). */
export function parseClustersText(text: string, source = "clusters.yaml"): ClusterConfig[] {
  return checkClusters(parseYamlText(text, source), source);
}

export function checkClusters(data: unknown, source: string): ClusterConfig[] {
  const file = validateConfig<ClustersFile>(clustersFileSchema, data, source);
  const errors: ConfigError[] = [];
  const seen = new Map<string, number>();
  file.clusters.forEach((cluster, index) => {
    const first = seen.get(cluster.name.toLowerCase());
    if (first !== undefined) {
      errors.push(new ConfigError(source, `clusters[${index}].name`, `a name not used before (clusters[${first}] has it)`, JSON.stringify(cluster.name)));
    } else {
      seen.set(cluster.name.toLowerCase(), index);
    }
  });
  if (errors.length > 0) throw new ConfigErrors(errors);
  return file.clusters;
}

/** The AWS region of an eks cluster: `region`, else the ARN's fourth field. */
export function eksRegion(cluster: ClusterConfig): string | undefined {
  return cluster.region ?? cluster.arn?.split(":")[3];
}
