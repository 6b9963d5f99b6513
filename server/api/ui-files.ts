/** GET /ui/<version>/<file>: the console's own modules and styles, immutable under a content-hashed prefix. */
import type { RouteHandler } from "../http/context.ts";
import { notFound } from "../http/errors.ts";
import type { UiAssets } from "../pages/ui-assets.ts";
import { IMMUTABLE, staticResponse } from "../pages/static-file.ts";

export function uiFiles(assets: () => Promise<UiAssets>): RouteHandler {
  return async (ctx) => {
    const ui = await assets();
    const entry = ui.files.get(ctx.params.rest ?? "");
    if (!entry) throw notFound("no such UI file");
    // An old prefix (a page rendered before a deploy) still gets today's file, but must not be cached forever.
    const cache = ctx.params.version === ui.version ? IMMUTABLE : "no-cache";
    return staticResponse(ctx.request, entry, cache);
  };
}
