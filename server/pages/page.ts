/**
 * A page handler is `(env) => PageResult`: the wrapper resolves the UI runtime, the identity and an in-process
 * API client, sends signed-out visitors to /login (for pages that need a user), and writes the document.
 */
import type { VNode } from "preact";
import { findIdentity } from "../auth/identity.ts";
import type { Identity } from "../auth/identity.ts";
import type { RequestContext, RouteHandler } from "../http/context.ts";
import type { Router } from "../http/router.ts";
import { internalApi } from "./api-client.ts";
import type { ApiGet } from "./api-client.ts";
import { documentResponse, themeFrom } from "./document.ts";
import type { Theme } from "./document.ts";
import { clientIsland, ssrIsland } from "./islands.ts";
import type { UiRuntime } from "./ui-runtime.ts";

export interface PageEnv {
  ctx: RequestContext;
  runtime: UiRuntime;
  api: ApiGet;
  identity: Identity | undefined;
  theme: Theme;
  /** A fresh nonce for this response; a view that sets `styleNonce` allows <style> elements carrying it. */
  nonce: string;
  ssrIsland: typeof ssrIsland;
  clientIsland: typeof clientIsland;
}

export interface PageView {
  title: string;
  body: VNode;
  status?: number;
  styleSrc?: string[];
  preload?: string[];
  stylesheets?: string[];
  /** Allow <style> elements with env.nonce (CodeMirror injects its theme that way). */
  styleNonce?: boolean;
  /** Allow style attributes: only for contenteditable editors (never needed for script safety). */
  styleAttributes?: boolean;
}

export type PageFn = (env: PageEnv) => Promise<PageView | Response>;

export interface PageDeps {
  runtime: () => Promise<UiRuntime>;
  router: Router<RouteHandler>;
}

/** Where to send a visitor with no identity; `next` brings them back after sign-in. */
export function loginRedirect(url: URL): Response {
  const next = `${url.pathname}${url.search}`;
  return new Response(null, { status: 303, headers: { location: `/login?next=${encodeURIComponent(next)}`, "cache-control": "no-store" } });
}

export function page(deps: PageDeps, fn: PageFn, options: { public?: boolean } = {}): RouteHandler {
  return async (ctx) => {
    const identity = findIdentity(ctx);
    if (!identity && !options.public) return loginRedirect(ctx.url);
    const runtime = await deps.runtime();
    const env: PageEnv = {
      ctx,
      runtime,
      api: internalApi(ctx, deps.router),
      identity,
      theme: themeFrom(ctx.request),
      nonce: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16)))),
      ssrIsland,
      clientIsland,
    };
    const view = await fn(env);
    if (view instanceof Response) return view;
    const styleSrc = [...(view.styleSrc ?? []), ...(view.styleNonce ? [`'nonce-${env.nonce}'`] : [])];
    return documentResponse(ctx.request, runtime, { ...view, styleSrc: styleSrc.length > 0 ? styleSrc : undefined, theme: env.theme });
  };
}

/** A safe in-app path for `next=` (no scheme, no protocol-relative //host, no backslashes). */
export function safeNext(value: string | null): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/";
  return value;
}
