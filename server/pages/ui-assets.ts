/**
 * The ui/ tree (islands, bootstrap, styles) read once at start-up. Its URL prefix carries a hash of every file,
 * so /ui/<hash>/... never changes and is cached immutably; a new deploy gets a new prefix.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { contentTypeFor, makeEntry, sha256Hex } from "./static-file.ts";
import type { StaticEntry } from "./static-file.ts";

export interface UiAssets {
  /** Short content hash of the whole tree. */
  version: string;
  /** `/ui/<version>` */
  prefix: string;
  files: Map<string, StaticEntry>;
  url(path: string): string;
}

const SERVED = /\.(js|css|svg)$/;

export async function loadUiAssets(dir: string): Promise<UiAssets> {
  const paths = (await walk(dir)).filter((p) => SERVED.test(p)).sort();
  const files = new Map<string, StaticEntry>();
  const hashes: string[] = [];
  for (const full of paths) {
    const rel = relative(dir, full).split(sep).join("/");
    const entry = await makeEntry(new Uint8Array(await readFile(full)), contentTypeFor(rel)!);
    files.set(rel, entry);
    hashes.push(`${rel}:${entry.etag}`);
  }
  const version = (await sha256Hex(new TextEncoder().encode(hashes.join("\n")))).slice(0, 12);
  const prefix = `/ui/${version}`;
  return { version, prefix, files, url: (path) => `${prefix}/${path}` };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
