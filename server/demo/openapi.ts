/** /openapi/v3: an index of group-versions and per-group-version documents, enough for kubectl's checks. */
import type { TypeRegistry } from "./registry.ts";
import { jsonResponse, kubeError } from "./status.ts";

export function openApiResponse(types: TypeRegistry, url: URL): Response {
  if (url.pathname === "/openapi/v3") {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const g of types.groups()) for (const v of g.versions) {
      const p = g.group ? `apis/${g.group}/${v}` : `api/${v}`;
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=sim` };
    }
    return jsonResponse({ paths });
  }
  throw kubeError(404, "NotFound", "the server could not find the requested resource");
}
