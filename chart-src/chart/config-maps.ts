/** auth.yaml and clusters.yaml as ConfigMaps, plus the checksums the Deployment carries (same JSON in both modes). */
import { dict, jsonSha256, omit, ternary } from "../dsl/expr.ts";
import type { Expr } from "../dsl/expr.ts";
import type { ChartContext } from "./context.ts";
import { include, uniqueClustersHelper } from "./helpers.ts";

/** auth.yaml content: the `auth` values, without the dev block once an issuer is set. */
export const authConfig = (c: ChartContext): Expr => ternary(omit(c.V.auth, "dev"), c.V.auth, c.V.auth.oidc.issuer);
export const clustersConfig = (c: ChartContext): Expr => dict({ clusters: c.V.clusters });

export function configMaps(c: ChartContext): void {
  c.s.check("configmap-clusters", include(uniqueClustersHelper));
  c.s.object("configmap-auth", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: c.meta("-auth"),
    data: { "auth.yaml": c.s.yamlText(authConfig(c)) },
  });
  c.s.object("configmap-clusters", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: c.meta("-clusters"),
    data: { "clusters.yaml": c.s.yamlText(clustersConfig(c)) },
  });
}

export function configChecksums(c: ChartContext): Record<string, string> {
  return {
    "checksum/auth": c.s.str(jsonSha256(authConfig(c))),
    "checksum/clusters": c.s.str(jsonSha256(clustersConfig(c))),
  };
}
