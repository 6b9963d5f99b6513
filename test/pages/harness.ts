/**
 * The real app (createApp, dev auth, the real route table) driven in-process through `handle`, for page and
 * static-file tests. `extraRoutes` lets a test stand in for an API route that another part has not built yet.
 */
import { createApp } from "../../server/app.ts";
import type { App } from "../../server/app.ts";
import type { RouteHandler } from "../../server/http/context.ts";
import { createDevAuth } from "../../server/auth/auth-service.ts";
import { noAuthFileSettings } from "../../server/config/auth-file.ts";
import { createLogger } from "../../server/http/log.ts";
import { loadPlatform } from "../../server/platform/load.ts";

export interface PageHarness {
  app: App;
  logs: string[];
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  text(path: string, headers?: Record<string, string>): Promise<{ response: Response; body: string }>;
}

export async function pageHarness(options: { extraRoutes?: Array<[string, string, RouteHandler]> } = {}): Promise<PageHarness> {
  const logs: string[] = [];
  const log = createLogger("warn", (line) => logs.push(line));
  const auth = createDevAuth({ settings: noAuthFileSettings(), log });
  const app = createApp({ log, platform: await loadPlatform(), auth });
  for (const [method, pattern, handler] of options.extraRoutes ?? []) {
    if (app.router.match(method, pattern.replace(/:(\w+)/g, "x")).kind !== "found") app.router.add(method, pattern, handler);
  }
  const get = (path: string, headers: Record<string, string> = {}) =>
    app.handle(new Request(new URL(path, "http://127.0.0.1:8080"), { headers: { accept: "text/html", ...headers } }), { remoteAddress: "127.0.0.1" });
  return {
    app,
    logs,
    get,
    async text(path, headers) {
      const response = await get(path, headers);
      return { response, body: await response.text() };
    },
  };
}

/** Every <script> element in an HTML string: its attributes and its text. */
export function scripts(html: string): Array<{ attrs: string; text: string }> {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1] ?? "", text: m[2] ?? "" }));
}

export async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

export async function gunzip(bytes: ArrayBuffer): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}
