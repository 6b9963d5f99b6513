/**
 * The kinds of one cluster as one user sees them: the built-ins plus custom resources found through API
 * discovery (`/apis` → `/apis/{group}/{preferredVersion}`). Cached per (cluster, user identity) for a minute,
 * since discovery is itself an authorised call and caches must never be shared across users.
 */
import { identityKey } from "../auth/identity.ts";
import type { KubeClient } from "../clusters/kube-client.ts";
import { AppError } from "../http/errors.ts";
import { BUILT_IN_KINDS, SYSTEM_GROUPS } from "./builtins.ts";
import type { Kind } from "./kind.ts";

const TTL_MS = 60_000;
const DISCOVERY_TIMEOUT_MS = 5_000;

const BY_NAME = new Map<string, Kind>();
for (const kind of BUILT_IN_KINDS) {
  for (const name of [kind.plural, kind.kind.toLowerCase(), ...kind.shortNames]) if (!BY_NAME.has(name)) BY_NAME.set(name, kind);
}

/** A built-in kind by plural, singular or short name. */
export function builtInKind(name: string): Kind | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function requireBuiltIn(name: string): Kind {
  const kind = builtInKind(name);
  if (!kind) throw new Error(`not a built-in kind: ${name}`);
  return kind;
}

interface Entry {
  at: number;
  value: Promise<Discovered>;
}

export interface Discovered {
  custom: Kind[];
  /** Groups whose discovery failed (the rest still load). */
  errors: string[];
}

export interface KindCatalog {
  /** Built-ins followed by the custom kinds this user can discover on the client's cluster. */
  list(client: KubeClient): Promise<{ kinds: Kind[]; errors: string[] }>;
  /** A URL kind id (plural, short name, or group/version/plural) → Kind, or 404 `unknown_kind`. */
  resolve(client: KubeClient, id: string): Promise<Kind>;
  /** Forget cached discovery (e.g. after a CRD was applied). */
  invalidate(cluster: string): void;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function resourcesOf(groupVersion: string, body: unknown): Kind[] {
  const [group, version] = groupVersion.includes("/") ? groupVersion.split("/") as [string, string] : ["", groupVersion];
  const out: Kind[] = [];
  for (const r of list((body as { resources?: unknown })?.resources)) {
    const res = r as Record<string, unknown>;
    const plural = str(res.name);
    if (!plural || plural.includes("/")) continue;
    if (!list(res.verbs).includes("list")) continue;
    out.push({
      id: `${group}/${version}/${plural}`,
      plural,
      kind: str(res.kind) ?? plural,
      group,
      version,
      namespaced: res.namespaced === true,
      shortNames: list(res.shortNames).filter((s): s is string => typeof s === "string"),
      section: "custom",
      live: false,
      builtIn: false,
    });
  }
  return out;
}

async function discover(client: KubeClient): Promise<Discovered> {
  const errors: string[] = [];
  const groups = list(((await client.json({ path: "/apis", timeoutMs: DISCOVERY_TIMEOUT_MS })) as { groups?: unknown })?.groups);
  const versions: string[] = [];
  for (const g of groups) {
    const group = g as { name?: unknown; preferredVersion?: { groupVersion?: unknown } };
    const name = str(group.name);
    const gv = str(group.preferredVersion?.groupVersion);
    if (name === undefined || gv === undefined || SYSTEM_GROUPS.has(name)) continue;
    versions.push(gv);
  }
  const results = await Promise.all(
    versions.map(async (gv) => {
      try {
        return resourcesOf(gv, await client.json({ path: `/apis/${gv}`, timeoutMs: DISCOVERY_TIMEOUT_MS }));
      } catch (error) {
        errors.push(`${gv}: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }
    }),
  );
  const custom = results.flat().sort((a, b) => a.group.localeCompare(b.group) || a.plural.localeCompare(b.plural));
  return { custom, errors };
}

export function createKindCatalog(clock: () => number = Date.now): KindCatalog {
  const cache = new Map<string, Entry>();

  function discovered(client: KubeClient): Promise<Discovered> {
    const key = `${client.cluster}\u0000${client.identity ? identityKey(client.identity) : "console"}`;
    const hit = cache.get(key);
    if (hit && clock() - hit.at < TTL_MS) return hit.value;
    const value = discover(client);
    cache.set(key, { at: clock(), value });
    value.catch(() => cache.delete(key));
    if (cache.size > 5_000) cache.delete(cache.keys().next().value as string);
    return value;
  }

  async function resolveGvp(client: KubeClient, id: string): Promise<Kind | undefined> {
    const [group, version, plural] = id.split("/");
    if (!group || !version || !plural) return undefined;
    const found = (await discovered(client)).custom.find((k) => k.group === group && k.version === version && k.plural === plural);
    if (found) return found;
    // Not a custom group we list (or another version): ask discovery for that group/version directly.
    try {
      const kinds = resourcesOf(`${group}/${version}`, await client.json({ path: `/apis/${group}/${version}`, timeoutMs: DISCOVERY_TIMEOUT_MS }));
      return kinds.find((k) => k.plural === plural);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return undefined;
      throw error;
    }
  }

  return {
    async list(client) {
      const d = await discovered(client);
      return { kinds: [...BUILT_IN_KINDS, ...d.custom], errors: d.errors };
    },
    async resolve(client, id) {
      const builtIn = builtInKind(id);
      if (builtIn) return builtIn;
      let kind: Kind | undefined;
      if (id.includes("/")) {
        kind = id.split("/").length === 3 ? await resolveGvp(client, id) : undefined;
      } else {
        const matches = (await discovered(client)).custom.filter((k) => k.plural === id || k.shortNames.includes(id));
        if (matches.length === 1) kind = matches[0];
        else if (matches.length > 1) {
          throw new AppError(400, "ambiguous_kind", `${id} names several kinds; use one of ${matches.map((k) => k.id).join(", ")}`);
        }
      }
      if (!kind) throw new AppError(404, "unknown_kind", `no kind ${JSON.stringify(id)} on cluster ${client.cluster}; use a plural like pods or group/version/plural`);
      return kind;
    },
    invalidate(cluster) {
      for (const key of cache.keys()) if (key.startsWith(`${cluster}\u0000`)) cache.delete(key);
    },
  };
}
