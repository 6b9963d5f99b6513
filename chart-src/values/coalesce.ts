/**
 * Helm's values coalescing, for direct mode: user maps merge into the defaults key by key, lists and scalars
 * replace, and an explicit null removes a default key.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export function coalesce(defaults: unknown, user: unknown): unknown {
  if (!isObj(user) || !isObj(defaults)) return user === undefined ? structuredClone(defaults) : structuredClone(user);
  const out: Obj = structuredClone(defaults);
  for (const [k, v] of Object.entries(user)) {
    if (v === null) delete out[k];
    else if (isObj(v) && isObj(out[k])) out[k] = coalesce(out[k], v);
    else out[k] = structuredClone(v);
  }
  return out;
}
