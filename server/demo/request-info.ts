/** Parse an apiserver URL into what RBAC and the handlers need, following the apiserver's RequestInfo rules. */

export interface ResourceRequest {
  kind: "resource";
  verb: string;
  group: string;
  version: string;
  /** Empty for cluster-scoped requests and all-namespace lists. */
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
}

export interface NonResourceRequest {
  kind: "nonresource";
  verb: string;
  path: string;
}

const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape stays as sent (and will simply not be found)
  }
}

export function requestInfo(method: string, url: URL): ResourceRequest | NonResourceRequest {
  const path = url.pathname.replace(/\/+$/, "") || "/";
  const parts = path.split("/").filter((p) => p.length > 0).map(decodeSegment);
  const lowerMethod = method.toLowerCase();
  const nonResource = (): NonResourceRequest => ({ kind: "nonresource", verb: lowerMethod === "head" ? "get" : lowerMethod, path });

  let rest: string[];
  let group: string;
  let version: string;
  if (parts[0] === "api" && parts.length >= 3) {
    group = "";
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === "apis" && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else return nonResource();

  let namespace = "";
  if (rest[0] === "namespaces" && rest.length > 1) {
    namespace = rest[1]!;
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
  }
  const [resource = "", name = "", subresource = "", ...extra] = rest;
  if (extra.length > 0 && subresource !== "proxy") return nonResource();

  const watch = ["true", "1"].includes(url.searchParams.get("watch") ?? "");
  let verb: string;
  switch (method.toUpperCase()) {
    case "GET":
    case "HEAD":
      verb = watch ? "watch" : name ? "get" : "list";
      break;
    case "POST":
      verb = "create";
      break;
    case "PUT":
      verb = "update";
      break;
    case "PATCH":
      verb = "patch";
      break;
    case "DELETE":
      verb = name ? "delete" : "deletecollection";
      break;
    default:
      verb = lowerMethod;
  }
  // Exec/attach/portforward over WebSocket arrive as GET but are authorized as create.
  if (["exec", "attach", "portforward"].includes(subresource) && resource === "pods") verb = "create";
  return { kind: "resource", verb, group, version, namespace, resource, name, subresource };
}
