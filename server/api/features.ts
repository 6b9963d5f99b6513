/**
 * `GET /api/features` — what the live parts of this server offer, so the UI opens streams only where they exist
 * (and polls elsewhere): the streamed kinds, the per-user stream cap, exec defaults.
 */
import type { RouteHandler } from "../http/context.ts";
import type { LiveSettings } from "../live/settings.ts";
import { WATCH_ALIASES } from "../live/watch-kinds.ts";

export function features(settings: LiveSettings): RouteHandler {
  const body = JSON.stringify({
    watchStreams: {
      enabled: settings.watchKinds.size > 0 || settings.watchCustomResources,
      kinds: [...settings.watchKinds],
      // Every custom resource kind (group/version/plural) is streamed, not only those listed in `kinds`.
      customResources: settings.watchCustomResources,
      aliases: WATCH_ALIASES,
      perUserLimit: settings.perUserLimit,
    },
    logs: { workloadKinds: ["deployments", "statefulsets", "daemonsets", "jobs"] },
    exec: {
      idleSeconds: Math.round(settings.exec.idleMs / 1000),
      idleWarnSeconds: Math.round(settings.exec.idleWarnMs / 1000),
      maxSessionsPerUser: settings.exec.maxPerUser,
      maxSessionsTotal: settings.exec.maxTotal,
    },
  });
  return () => new Response(body, { headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } });
}
