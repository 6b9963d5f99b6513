/**
 * Parses the tail of `/api/clusters/{c}/resources/…`:
 *   {kind}                                  a list
 *   {kind}/{namespace|_}/{name}[/{view}]    one object; view = yaml | events | actions/{action}
 * where {kind} is a plural (`pods`) or `group/version/plural` (the 2nd segment is a version like v1, v1beta2).
 */
import { badRequest } from "../http/errors.ts";

export interface ResourcePath {
  kindId: string;
  namespace: string | undefined;
  name: string | undefined;
  view: "object" | "yaml" | "events" | "action" | undefined;
  action: string | undefined;
}

const VERSION = /^v\d+((alpha|beta)\d+)?$/;

export function parseResourcePath(rest: string): ResourcePath {
  const parts = rest.split("/").filter((p) => p.length > 0);
  if (parts.length === 0) throw badRequest("missing kind: use /resources/{kind}");
  const kindLen = parts.length >= 3 && VERSION.test(parts[1]!) && parts[0]!.includes(".") ? 3 : 1;
  const kindId = parts.slice(0, kindLen).join("/");
  const tail = parts.slice(kindLen);
  if (tail.length === 0) return { kindId, namespace: undefined, name: undefined, view: undefined, action: undefined };
  if (tail.length < 2) throw badRequest("an object is addressed as {kind}/{namespace or _}/{name}");
  const namespace = tail[0] === "_" ? undefined : tail[0];
  const name = tail[1]!;
  const rem = tail.slice(2);
  if (rem.length === 0) return { kindId, namespace, name, view: "object", action: undefined };
  if (rem.length === 1 && (rem[0] === "yaml" || rem[0] === "events")) return { kindId, namespace, name, view: rem[0], action: undefined };
  if (rem.length === 2 && rem[0] === "actions") return { kindId, namespace, name, view: "action", action: rem[1] };
  throw badRequest(`unknown resource view ${JSON.stringify(rem.join("/"))}; use yaml, events or actions/{action}`);
}
