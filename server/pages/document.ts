/**
 * The HTML document around every page: head with the stylesheet, the import map (allowed by its CSP hash) and
 * the bootstrap module; the body rendered from preact components to a string on the server.
 */
import type { VNode } from "preact";
import { render } from "preact-render-to-string";
import { compressResponse } from "../http/compress.ts";
import { pageCsp } from "./ui-runtime.ts";
import type { UiRuntime } from "./ui-runtime.ts";

export type Theme = "light" | "dark" | "system";
export const THEME_COOKIE = "periscope_theme";

export interface DocumentOptions {
  title: string;
  body: VNode;
  status?: number;
  theme: Theme;
  /** Extra style-src sources (e.g. the terminal page needs xterm's injected styles). */
  styleSrc?: string[];
  /** Allow style attributes (pages with a contenteditable editor). */
  styleAttributes?: boolean;
  /** Extra modules to preload (a page's heavy island). */
  preload?: string[];
  /** Extra stylesheets (a heavy island's own CSS, e.g. xterm.css from /vendor/). */
  stylesheets?: string[];
  headers?: Record<string, string>;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderDocument(runtime: UiRuntime, options: DocumentOptions): string {
  const ui = runtime.assets;
  const preloads = [ui.url("boot.js"), ...(options.preload ?? [])]
    .map((href) => `<link rel="modulepreload" href="${escapeHtml(href)}">`)
    .join("");
  const theme = options.theme === "system" ? "" : ` data-theme="${options.theme}"`;
  return (
    `<!doctype html><html lang="en"${theme}><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(options.title)} · Periscope</title>` +
    `<link rel="icon" href="${ui.url("favicon.svg")}" type="image/svg+xml">` +
    `<link rel="stylesheet" href="${ui.url("styles/app.css")}">` +
    (options.stylesheets ?? []).map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join("") +
    `<script type="importmap">${runtime.importMapJson}</script>` +
    preloads +
    `<script type="module" src="${ui.url("boot.js")}"></script>` +
    `</head><body>${render(options.body)}</body></html>`
  );
}

/** A page response: HTML, the page CSP (overriding the API default), never cached, gzip when accepted. */
export function documentResponse(request: Request, runtime: UiRuntime, options: DocumentOptions): Response {
  const headers = new Headers({
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": pageCsp(runtime, { styleSrc: options.styleSrc, styleAttributes: options.styleAttributes }),
    "cache-control": "no-store",
    ...options.headers,
  });
  const response = new Response(renderDocument(runtime, options), { status: options.status ?? 200, headers });
  return compressResponse(request, response);
}

/** The theme the user picked (cookie), else follow the system. */
export function themeFrom(request: Request): Theme {
  const cookie = request.headers.get("cookie") ?? "";
  const m = new RegExp(`(?:^|;\\s*)${THEME_COOKIE}=(light|dark|system)(?:;|$)`).exec(cookie);
  return (m?.[1] as Theme | undefined) ?? "system";
}
