/**
 * Extension points for parts that live outside the core (pod logs, exec, metrics): the simulator authenticates,
 * impersonates and authorizes, then hands the request to the hook.
 */
import type { Store } from "./store.ts";
import type { KubeObject, UserInfo } from "./types.ts";

/** A subresource such as "pods/log" or "pods/exec". */
export interface SubresourceRequest {
  request: Request;
  url: URL;
  /** The acting user (after impersonation). */
  user: UserInfo;
  namespace: string;
  name: string;
  /** The parent object (e.g. the Pod), already fetched; 404 was answered when it does not exist. */
  object: KubeObject;
  store: Store;
}

export type SubresourceHandler = (req: SubresourceRequest) => Response | Promise<Response>;

/** An API group served entirely by a hook (e.g. metrics.k8s.io/v1beta1); it appears in discovery. */
export interface ApiGroupHook {
  group: string;
  version: string;
  resources: Array<{ name: string; kind: string; namespaced: boolean; verbs?: string[]; singularName?: string }>;
  handle(req: GroupRequest): Response | Promise<Response>;
}

export interface GroupRequest {
  request: Request;
  url: URL;
  user: UserInfo;
  /** get, list or watch (others are refused before the hook sees them unless listed in the resource's verbs). */
  verb: string;
  namespace: string;
  resource: string;
  name: string;
  store: Store;
}
