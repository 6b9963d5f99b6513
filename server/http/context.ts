import type { ConnInfo } from "../platform/types.ts";
import type { Logger } from "./log.ts";
import type { Params } from "./router.ts";

/**
 * What a handler receives: the request, its parsed URL and route params, the server-generated request id,
 * the connection facts, and a `state` bag that middleware fills (identity, session) before the handler runs.
 */
export interface RequestContext {
  readonly request: Request;
  readonly url: URL;
  params: Params;
  readonly requestId: string;
  readonly conn: ConnInfo;
  readonly log: Logger;
  /** Set by middleware; typed by the modules that own each key. */
  readonly state: Map<string, unknown>;
}

export type RouteHandler = (ctx: RequestContext) => Response | Promise<Response>;
export type Middleware = (ctx: RequestContext, next: () => Promise<Response>) => Promise<Response>;

/** Runs middleware in order around the final handler; calling `next()` twice is a bug and says so. */
export function compose(middleware: Middleware[], final: RouteHandler): RouteHandler {
  return (ctx) => {
    const run = (i: number): Promise<Response> => {
      if (i === middleware.length) return Promise.resolve(final(ctx));
      let called = false;
      return middleware[i]!(ctx, () => {
        if (called) throw new Error(`middleware #${i} called next() twice`);
        called = true;
        return run(i + 1);
      });
    };
    return run(0);
  };
}
