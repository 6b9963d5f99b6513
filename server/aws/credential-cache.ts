/**
 * Caches credentials from a source until `refreshBeforeMs` before they expire. Concurrent callers share one
 * refresh (single flight). When a refresh fails while the old credentials are still valid, the old ones are
 * served and the failure is logged; once they expire the failure reaches the caller.
 */
import type { Logger } from "../http/log.ts";
import type { AwsCredentials, CredentialProvider } from "./types.ts";

export interface CacheOptions {
  kind: string;
  clock?: (() => number) | undefined;
  /** Default 5 minutes. */
  refreshBeforeMs?: number | undefined;
  log?: Logger | undefined;
}

export const DEFAULT_REFRESH_BEFORE_MS = 5 * 60_000;

export function cacheCredentials(source: () => Promise<AwsCredentials>, options: CacheOptions): CredentialProvider {
  const clock = options.clock ?? Date.now;
  const refreshBefore = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  let current: AwsCredentials | undefined;
  let inflight: Promise<AwsCredentials> | undefined;

  const fresh = (c: AwsCredentials) => c.expiration === undefined || clock() < c.expiration - refreshBefore;
  const valid = (c: AwsCredentials) => c.expiration === undefined || clock() < c.expiration;

  const refresh = () => {
    inflight ??= source().then(
      (next) => {
        current = next;
        inflight = undefined;
        return next;
      },
      (error: unknown) => {
        inflight = undefined;
        throw error;
      },
    );
    return inflight;
  };

  return {
    kind: options.kind,
    async get() {
      if (current && fresh(current)) return current;
      const old = current;
      try {
        return await refresh();
      } catch (error) {
        if (old && valid(old)) {
          options.log?.warn("aws credentials refresh failed; using the current ones until they expire", {
            source: options.kind,
            expiresAt: new Date(old.expiration ?? 0).toISOString(),
            error: error instanceof Error ? error.message : String(error),
          });
          return old;
        }
        throw error;
      }
    },
  };
}
