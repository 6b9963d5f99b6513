/** List with label/field selectors and limit/continue chunking (410 Expired for a continue token past the window). */
import { fieldPath } from "./field-labels.ts";
import { fieldMatcher, labelMatcher } from "./selectors.ts";
import type { Store } from "./store.ts";
import { badRequestError, expired } from "./status.ts";
import type { KubeObject, ResourceType } from "./types.ts";

interface ContinueToken {
  rv: number;
  /** "namespace/name" of the last returned item. */
  start: string;
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;

function encodeToken(t: ContinueToken): string {
  return btoa(JSON.stringify({ v: "sim.k8s.io/v1", ...t })).replace(/=+$/, "");
}

function decodeToken(s: string): ContinueToken {
  try {
    const v = JSON.parse(atob(s)) as Partial<ContinueToken>;
    if (typeof v.rv === "number" && typeof v.start === "string") return { rv: v.rv, start: v.start };
  } catch {
    /* fall through */
  }
  throw badRequestError("continue key is not valid: incorrect encoded start resourceVersion (version sim.k8s.io/v1)");
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export function selectObjects(store: Store, type: ResourceType, namespace: string, params: URLSearchParams): KubeObject[] {
  const byLabel = labelMatcher(params.get("labelSelector"));
  const byField = fieldMatcher(params.get("fieldSelector"), (label) => fieldPath(type, label));
  return store.list(type, namespace || undefined).filter((o) => byLabel(o) && byField(o));
}

export function listObjects(store: Store, type: ResourceType, namespace: string, params: URLSearchParams): ListResult {
  let items = selectObjects(store, type, namespace, params);
  let rv = store.resourceVersion;
  const cont = params.get("continue");
  if (cont) {
    const token = decodeToken(cont);
    if (token.rv < store.hub.compactedRv) {
      throw expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
    }
    rv = token.rv;
    items = items.filter((o) => keyOf(o) > token.start);
  }
  const limit = Number(params.get("limit") ?? "0");
  if (Number.isFinite(limit) && limit > 0 && items.length > limit) {
    const page = items.slice(0, limit);
    return { items: page, resourceVersion: String(rv), continue: encodeToken({ rv, start: keyOf(page[page.length - 1]!) }), remainingItemCount: items.length - limit };
  }
  return { items, resourceVersion: String(rv) };
}
