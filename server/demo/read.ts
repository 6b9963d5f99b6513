/** GET of one object, list (JSON or Table, chunked) and watch. */
import type { SimContext } from "./context.ts";
import { shaped } from "./context.ts";
import { listObjects } from "./list.ts";
import { jsonResponse } from "./status.ts";
import { includeObjectParam, table, wantsTable } from "./table.ts";
import { watchResponse } from "./watch.ts";

export function getObject(ctx: SimContext): Response {
  const obj = shaped(ctx, ctx.store.get(ctx.type, ctx.info.namespace, ctx.info.name));
  if (wantsTable(ctx.request.headers.get("accept"))) {
    const include = includeObjectParam(ctx.url.searchParams.get("includeObject"));
    return jsonResponse(table(ctx.type, [obj], include, { resourceVersion: obj.metadata.resourceVersion }));
  }
  return jsonResponse(obj);
}

export function listResponse(ctx: SimContext): Response {
  const result = listObjects(ctx.store, ctx.type, ctx.info.namespace, ctx.url.searchParams);
  const metadata: Record<string, unknown> = { resourceVersion: result.resourceVersion };
  if (result.continue) {
    metadata.continue = result.continue;
    metadata.remainingItemCount = result.remainingItemCount;
  }
  // Like the apiserver: items of built-in lists carry no apiVersion/kind (custom resources keep theirs).
  const builtIn = ctx.type.printerColumns === undefined;
  const items = result.items.map((o) => {
    const s = shaped(ctx, o);
    if (!builtIn) return s;
    const { apiVersion: _a, kind: _k, ...rest } = s;
    return rest;
  });
  if (wantsTable(ctx.request.headers.get("accept"))) {
    const objects = result.items.map((o) => shaped(ctx, o));
    return jsonResponse(table(ctx.type, objects, includeObjectParam(ctx.url.searchParams.get("includeObject")), metadata));
  }
  const apiVersion = ctx.type.group ? `${ctx.type.group}/${ctx.info.version}` : ctx.info.version;
  return jsonResponse({ kind: `${ctx.type.kind}List`, apiVersion, metadata, items });
}

export function watch(ctx: SimContext): Response {
  const asTable = wantsTable(ctx.request.headers.get("accept"));
  const params = new URLSearchParams(ctx.url.searchParams);
  if (ctx.info.name) {
    // Legacy watch on an object path (…/pods/name?watch=true) watches just that object.
    const byName = `metadata.name=${ctx.info.name}`;
    params.set("fieldSelector", params.get("fieldSelector") ? `${params.get("fieldSelector")},${byName}` : byName);
  }
  return watchResponse({
    store: ctx.store,
    type: ctx.type,
    version: ctx.info.version,
    namespace: ctx.info.namespace,
    params,
    signal: ctx.request.signal,
    tableInclude: asTable ? includeObjectParam(ctx.url.searchParams.get("includeObject")) : undefined,
    bookmarkIntervalMs: ctx.bookmarkIntervalMs,
    open: ctx.openWatches,
    bufferLimit: ctx.watchBufferLimit,
  });
}
