/**
 * GET /vendor/<name>@<version>/<file>: ES modules and styles from allow-listed node_modules packages.
 * The version in the URL must be the installed one, so the response never changes and is cached immutably.
 */
import { readFile, realpath } from "node:fs/promises";
import { sep } from "node:path";
import type { RouteHandler } from "../http/context.ts";
import { notFound } from "../http/errors.ts";
import type { VendorSet } from "../pages/vendor-packages.ts";
import { contentTypeFor, IMMUTABLE, makeEntry, staticResponse } from "../pages/static-file.ts";
import type { StaticEntry } from "../pages/static-file.ts";

const SERVABLE = /\.(m?js|css)$/;

export function vendorFiles(vendor: () => Promise<VendorSet>): RouteHandler {
  const cache = new Map<string, Promise<StaticEntry | undefined>>();
  return async (ctx) => {
    const rest = ctx.params.rest ?? "";
    const m = /^((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)@([^/]+)\/(.+)$/i.exec(rest);
    if (!m) throw notFound("no such vendor file; expected /vendor/<package>@<version>/<file>");
    const [, name, version, file] = m as unknown as [string, string, string, string];
    const pkg = (await vendor()).packages.get(name);
    if (!pkg) throw notFound(`package ${name} is not on the vendor allow-list`);
    if (pkg.version !== version) throw notFound(`package ${name} is served at version ${pkg.version}, not ${version}`);
    if (!SERVABLE.test(file) || file.split("/").some((s) => s === "" || s === "." || s === "..")) {
      throw notFound("no such vendor file");
    }
    const key = `${name}/${file}`;
    let pending = cache.get(key);
    if (!pending) {
      pending = load(pkg.dir, file);
      cache.set(key, pending);
    }
    const entry = await pending;
    if (!entry) {
      cache.delete(key);
      throw notFound("no such vendor file");
    }
    return staticResponse(ctx.request, entry, IMMUTABLE);
  };
}

async function load(dir: string, file: string): Promise<StaticEntry | undefined> {
  try {
    // realpath both sides so a symlink inside a package cannot point outside it.
    const root = await realpath(dir);
    const full = await realpath(`${dir}/${file}`);
    if (!full.startsWith(root + sep)) return undefined;
    return await makeEntry(new Uint8Array(await readFile(full)), contentTypeFor(full) ?? "application/octet-stream");
  } catch {
    return undefined;
  }
}
