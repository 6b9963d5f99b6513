/**
 * Registers the dashboard: static files (/vendor/, /ui/) and the HTML pages. Called from server/routes.ts.
 * Pages read their data through the API routes in-process (see api-client.ts), so they never bypass the
 * identity and authorization the API applies.
 */
import type { RouteHandler } from "../http/context.ts";
import type { Router } from "../http/router.ts";
import { uiFiles } from "../api/ui-files.ts";
import { vendorFiles } from "../api/vendor.ts";
import { auditPage } from "./audit.ts";
import { deniedPage, loginPage, signedOutPage } from "./auth-pages.ts";
import { clusterOverviewPage } from "./cluster-overview.ts";
import { execPage } from "./exec.ts";
import { fleetPage } from "./fleet.ts";
import { helmListPage, helmReleasePage } from "./helm.ts";
import { page } from "./page.ts";
import { resourceListPage } from "./resource-list.ts";
import { yamlEditorPage } from "./yaml-editor.ts";
import { buildUiRuntime, lazy } from "./ui-runtime.ts";
import type { UiRuntime, UiRuntimeOptions } from "./ui-runtime.ts";

/** Paths anyone may load without a session (the auth middleware should let these through). */
export const PUBLIC_PAGE_PATHS = ["/login", "/signed-out", "/denied"] as const;
export const PUBLIC_PATH_PREFIXES = ["/ui/", "/vendor/"] as const;

export function isPublicPagePath(pathname: string): boolean {
  return (PUBLIC_PAGE_PATHS as readonly string[]).includes(pathname) || PUBLIC_PATH_PREFIXES.some((p) => pathname.startsWith(p));
}

export interface PagesOptions {
  ui?: UiRuntimeOptions;
}

export function registerPages(router: Router<RouteHandler>, options: PagesOptions = {}): { runtime: () => Promise<UiRuntime> } {
  const runtime = lazy(() => buildUiRuntime(options.ui));
  const deps = { runtime, router };
  router.add("GET", "/vendor/*rest", vendorFiles(async () => (await runtime()).vendor));
  router.add("GET", "/ui/:version/*rest", uiFiles(async () => (await runtime()).assets));

  router.add("GET", "/login", page(deps, loginPage, { public: true }));
  router.add("GET", "/signed-out", page(deps, signedOutPage, { public: true }));
  router.add("GET", "/denied", page(deps, deniedPage, { public: true }));
  router.add("GET", "/", page(deps, fleetPage));
  router.add("GET", "/audit", page(deps, auditPage));
  router.add("GET", "/clusters/:cluster", page(deps, (env) => clusterOverviewPage(env, env.ctx.params.cluster!)));
  router.add("GET", "/clusters/:cluster/helm", page(deps, (env) => helmListPage(env, env.ctx.params.cluster!)));
  router.add("GET", "/clusters/:cluster/helm/:namespace/:name", page(deps, (env) => {
    const p = env.ctx.params;
    return helmReleasePage(env, p.cluster!, p.namespace!, p.name!);
  }));
  router.add("GET", "/clusters/:cluster/:kind", page(deps, (env) => resourceListPage(env, env.ctx.params.cluster!, env.ctx.params.kind!)));
  router.add(
    "GET",
    "/clusters/:cluster/:group/:version/:plural",
    page(deps, (env) => {
      const p = env.ctx.params;
      return resourceListPage(env, p.cluster!, `${p.group}/${p.version}/${p.plural}`);
    }),
  );
  router.add("GET", "/clusters/:cluster/pods/:namespace/:name/exec", page(deps, (env) => {
    const p = env.ctx.params;
    return execPage(env, p.cluster!, p.namespace!, p.name!);
  }));
  router.add("GET", "/clusters/:cluster/:kind/:namespace/:name/edit", page(deps, (env) => {
    const p = env.ctx.params;
    return yamlEditorPage(env, p.cluster!, p.kind!, p.namespace!, p.name!);
  }));
  router.add("GET", "/clusters/:cluster/:group/:version/:plural/:namespace/:name/edit", page(deps, (env) => {
    const p = env.ctx.params;
    return yamlEditorPage(env, p.cluster!, `${p.group}/${p.version}/${p.plural}`, p.namespace!, p.name!);
  }));
  return { runtime };
}
