/**
 * Everything a page needs to reference the browser code: the import map (and its CSP hash), the vendor set and
 * the hashed ui/ prefix. Built once, lazily, on the first page or asset request.
 */
import { fileURLToPath } from "node:url";
import { loadUiAssets } from "./ui-assets.ts";
import type { UiAssets } from "./ui-assets.ts";
import { loadVendorSet } from "./vendor-packages.ts";
import type { VendorSet } from "./vendor-packages.ts";

export interface UiRuntime {
  vendor: VendorSet;
  assets: UiAssets;
  /** The exact text inside <script type="importmap">. */
  importMapJson: string;
  /** `'sha256-…'` of importMapJson, for script-src. */
  importMapHash: string;
}

export interface UiRuntimeOptions {
  uiDir?: string;
  nodeModules?: string;
}

export const DEFAULT_UI_DIR = fileURLToPath(new URL("../../ui/", import.meta.url));
export const DEFAULT_NODE_MODULES = fileURLToPath(new URL("../../node_modules/", import.meta.url));

export async function buildUiRuntime(options: UiRuntimeOptions = {}): Promise<UiRuntime> {
  const [vendor, assets] = await Promise.all([
    loadVendorSet(options.nodeModules ?? DEFAULT_NODE_MODULES),
    loadUiAssets(options.uiDir ?? DEFAULT_UI_DIR),
  ]);
  const importMapJson = JSON.stringify({ imports: vendor.imports });
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(importMapJson));
  const importMapHash = `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
  return { vendor, assets, importMapJson, importMapHash };
}

/** Memoises an async builder; a failed build is retried on the next call instead of being cached. */
export function lazy<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (!pending) {
      pending = build();
      pending.catch(() => (pending = undefined));
    }
    return pending;
  };
}

/** The page CSP: scripts only from this origin plus the one import map (by hash); nothing else inline. */
export function pageCsp(runtime: UiRuntime, extra: { styleSrc?: string[]; styleAttributes?: boolean } = {}): string {
  return [
    "default-src 'none'",
    `script-src 'self' ${runtime.importMapHash}`,
    `style-src 'self'${extra.styleSrc ? " " + extra.styleSrc.join(" ") : ""}`,
    // Editors only: Chromium's contenteditable editing writes style attributes when text is replaced.
    ...(extra.styleAttributes ? ["style-src-attr 'unsafe-inline'"] : []),
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
