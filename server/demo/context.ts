/** What a resource handler gets: the parsed request, the resolved type, the acting user and the simulator parts. */
import type { Rbac } from "./rbac.ts";
import type { ResourceRequest } from "./request-info.ts";
import type { Store } from "./store.ts";
import type { OpenWatch } from "./watch.ts";
import type { KubeObject, ResourceType, UserInfo } from "./types.ts";
import { apiVersionOf } from "./types.ts";

export interface SimContext {
  request: Request;
  url: URL;
  info: ResourceRequest;
  type: ResourceType;
  user: UserInfo;
  store: Store;
  rbac: Rbac;
  bookmarkIntervalMs: number;
  openWatches: Set<OpenWatch>;
  /** Events a watcher may leave unread before the server gives up on it (slow consumer). */
  watchBufferLimit: number;
}

/** The object as the client asked for it (apiVersion of the requested version). */
export function shaped(ctx: SimContext, obj: KubeObject): KubeObject {
  return { ...obj, apiVersion: apiVersionOf(ctx.type.group, ctx.info.version) };
}

export const isDryRun = (ctx: SimContext) => ctx.url.searchParams.getAll("dryRun").includes("All");

/** fieldManager from the query, else the user agent's product name, as the apiserver defaults it. */
export function fieldManager(ctx: SimContext): string {
  const explicit = ctx.url.searchParams.get("fieldManager");
  if (explicit) return explicit;
  const ua = ctx.request.headers.get("user-agent") ?? "unknown";
  return ua.split("/")[0]!.slice(0, 128) || "unknown";
}

/** Types whose main resource ignores status changes (status is written through /status). */
export const hasStatusSubresource = (type: ResourceType) => type.subresources.includes("status");
