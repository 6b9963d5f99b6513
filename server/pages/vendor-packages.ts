/**
 * The allow-list of node_modules packages the browser may load, and the import map built from it.
 * Only these packages are served under /vendor/<name>@<version>/..., so a URL always names an exact version
 * and can be cached forever. Exactly one copy of preact is mapped (two copies silently break hooks).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** Package name → the bare specifiers (subpaths of its `exports`) the UI imports. */
export const VENDOR_PACKAGES: Record<string, string[]> = {
  preact: [".", "./hooks"],
  htm: [".", "./preact"],
  // The YAML editor (CodeMirror 6 and its dependencies), fetched only when the editor island loads.
  "@codemirror/state": ["."],
  "@codemirror/view": ["."],
  "@codemirror/commands": ["."],
  "@codemirror/language": ["."],
  "@codemirror/lang-yaml": ["."],
  "@codemirror/autocomplete": ["."],
  "@codemirror/streamparser": ["."],
  "@lezer/common": ["."],
  "@lezer/highlight": ["."],
  "@lezer/lr": ["."],
  "@lezer/yaml": ["."],
  "style-mod": ["."],
  "w3c-keyname": ["."],
  crelt: ["."],
  "@marijn/find-cluster-break": ["."],
  // The exec terminal, fetched only on the exec page.
  "@xterm/xterm": ["."],
  "@xterm/addon-fit": ["."],
};

export interface VendorPackage {
  name: string;
  version: string;
  /** Absolute directory of the package. */
  dir: string;
}

export interface VendorSet {
  packages: Map<string, VendorPackage>;
  /** specifier → URL path */
  imports: Record<string, string>;
  /** Optional packages (heavy islands) that are not installed: left out so every other page still works. */
  missing: string[];
}

/** Without these no page can hydrate, so their absence stops the UI with a clear error. */
const REQUIRED = new Set(["preact", "htm"]);

export function vendorUrl(pkg: { name: string; version: string }, file: string): string {
  return `/vendor/${pkg.name}@${pkg.version}/${file.replace(/^\.\//, "")}`;
}

/** Reads each allow-listed package's manifest and resolves the browser entry of every listed subpath. */
export async function loadVendorSet(nodeModules: string, allow: Record<string, string[]> = VENDOR_PACKAGES): Promise<VendorSet> {
  const packages = new Map<string, VendorPackage>();
  const imports: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, subpaths] of Object.entries(allow)) {
    const dir = join(nodeModules, name);
    let manifest: unknown;
    try {
      manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
    } catch {
      if (REQUIRED.has(name)) throw new Error(`vendor package ${name} is not installed (run npm install)`);
      missing.push(name);
      continue;
    }
    const m = manifest as { version?: unknown; exports?: unknown; module?: unknown };
    if (typeof m.version !== "string") throw new Error(`vendor package ${name}: package.json has no version`);
    const pkg = { name, version: m.version, dir };
    packages.set(name, pkg);
    for (const sub of subpaths) {
      const file = browserEntry(m.exports, m.module, sub);
      if (!file) throw new Error(`vendor package ${name}: no ES module entry for "${sub}"`);
      imports[sub === "." ? name : `${name}/${sub.slice(2)}`] = vendorUrl(pkg, file);
    }
  }
  return { packages, imports, missing };
}

/** The ES-module file for a subpath: exports[sub] with browser > import > module > default conditions. */
function browserEntry(exports: unknown, moduleField: unknown, sub: string): string | undefined {
  if (exports && typeof exports === "object") {
    const target = (exports as Record<string, unknown>)[sub] ?? (sub === "." && !Object.keys(exports).some((k) => k.startsWith(".")) ? exports : undefined);
    return pickCondition(target);
  }
  if (typeof exports === "string" && sub === ".") return exports;
  if (sub === "." && typeof moduleField === "string") return moduleField;
  return undefined;
}

function pickCondition(target: unknown): string | undefined {
  if (typeof target === "string") return target;
  if (!target || typeof target !== "object") return undefined;
  const t = target as Record<string, unknown>;
  for (const key of ["browser", "import", "module", "default"]) {
    const found = pickCondition(t[key]);
    if (found && /\.m?js$/.test(found)) return found;
  }
  return undefined;
}
