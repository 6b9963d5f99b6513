/**
 * The names search looks through, cached per user. One search lists 13 kinds per cluster and the palette sends a
 * query per keystroke, so without this typing "web" costs 26 lists per cluster. Entries are keyed by who asks
 * (identityKey: the impersonated user and groups), the cluster and the kind — never shared between
 * users, since what a list returns depends on RBAC —, live `ttlMs` (a new object shows up in search within that
 * time), and are bounded by the number of names held (oldest dropped first). Concurrent misses for the same key
 * share one list. Failures (403, timeouts) are not kept.
 */
export interface NameEntry {
  name: string;
  namespace: string | undefined;
}

export interface SearchNames {
  get(key: string, load: () => Promise<NameEntry[]>): Promise<NameEntry[]>;
}

export const SEARCH_NAMES_TTL_MS = 15_000;
const MAX_NAMES = 200_000;

export function createSearchNames(options: { ttlMs?: number; maxNames?: number; clock?: () => number } = {}): SearchNames {
  const ttlMs = options.ttlMs ?? SEARCH_NAMES_TTL_MS;
  const maxNames = options.maxNames ?? MAX_NAMES;
  const clock = options.clock ?? Date.now;
  /** Insertion order is age order: the first entry is the oldest. */
  const entries = new Map<string, { at: number; names: NameEntry[] }>();
  const loading = new Map<string, Promise<NameEntry[]>>();
  let held = 0;

  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    held -= entry.names.length;
  };

  return {
    get(key, load) {
      const entry = entries.get(key);
      if (entry && clock() - entry.at < ttlMs) return Promise.resolve(entry.names);
      drop(key);
      const pending = loading.get(key);
      if (pending) return pending;
      const started = clock();
      const promise = load()
        .then((names) => {
          entries.set(key, { at: started, names });
          held += names.length;
          for (const oldest of entries.keys()) {
            if (held <= maxNames) break;
            drop(oldest);
          }
          return names;
        })
        .finally(() => loading.delete(key));
      loading.set(key, promise);
      return promise;
    },
  };
}
