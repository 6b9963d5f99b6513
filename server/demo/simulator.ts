/**
 * createSimulator(): an in-process Kubernetes API server. `handle(request, conn)` answers like a kube-apiserver;
 * serve it over HTTPS with platform.serve or call it directly.
 */
import type { ConnInfo } from "../platform/types.ts";
import { Authenticator, serviceAccountUser } from "./authn.ts";
import type { TokenVerifier } from "./authn.ts";
import type { SimContext } from "./context.ts";
import { defaultNamespaces, defaultRbacObjects } from "./default-roles.ts";
import { coreVersions, group, groupList, resourceList, versionInfo } from "./discovery.ts";
import { Faults } from "./faults.ts";
import type { FaultOptions } from "./faults.ts";
import type { ApiGroupHook, SubresourceHandler } from "./hooks.ts";
import { impersonate } from "./impersonation.ts";
import { openApiResponse } from "./openapi.ts";
import { patch } from "./patch-handler.ts";
import { Rbac } from "./rbac.ts";
import { getObject, listResponse, watch } from "./read.ts";
import { requestInfo } from "./request-info.ts";
import type { ResourceRequest } from "./request-info.ts";
import { review } from "./reviews.ts";
import { evict } from "./eviction.ts";
import { scale } from "./scale.ts";
import { tokenRequest } from "./token-request.ts";
import { kubeError, jsonResponse, methodNotSupported, statusResponse } from "./status.ts";
import { Store } from "./store.ts";
import type { KubeObject, ResourceType, UserInfo } from "./types.ts";
import type { OpenWatch } from "./watch.ts";
import { create, remove, removeCollection, update } from "./write.ts";

export interface SimulatorOptions {
  /** Objects to load at start (namespaces and CRDs first, whatever the order). */
  seed?: KubeObject[];
  /** Load default namespaces and the default RBAC roles/bindings (default true). */
  defaults?: boolean;
  /** Static bearer tokens. */
  tokens?: Record<string, { user: string; groups?: string[] }>;
  tokenVerifiers?: TokenVerifier[];
  /** Handlers for subresources keyed "pods/log", "pods/exec", ... */
  subresources?: Record<string, SubresourceHandler>;
  apiGroups?: ApiGroupHook[];
  /** How many changes are retained for watch resumption (older RVs get 410). */
  watchWindow?: number;
  bookmarkIntervalMs?: number;
  faults?: FaultOptions;
}

export interface Simulator {
  handle(request: Request, conn?: ConnInfo): Promise<Response>;
  store: Store;
  faults: Faults;
  addToken(token: string, user: { user: string; groups?: string[] }): void;
  addTokenVerifier(verifier: TokenVerifier): void;
  /** Create (if needed) a ServiceAccount and return a bearer token that authenticates as it. */
  addServiceAccount(namespace: string, name: string): string;
  addSubresource(name: string, handler: SubresourceHandler): void;
  addApiGroup(hook: ApiGroupHook): void;
  seed(objects: KubeObject[]): void;
  /** Would RBAC allow this user the verb? (for tests and tools) */
  can(user: UserInfo, verb: string, resource: string, options?: { group?: string; namespace?: string; name?: string; subresource?: string }): boolean;
  /** End every open watch (e.g. before shutdown). */
  close(): void;
}

const UNAUTHORIZED = () => kubeError(401, "Unauthorized", "Unauthorized");
const NOT_FOUND = () => kubeError(404, "NotFound", "the server could not find the requested resource");

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const store = new Store();
  store.hub.window = options.watchWindow ?? 2000;
  const rbac = new Rbac(store);
  const authn = new Authenticator();
  const openWatches = new Set<OpenWatch>();
  const faults = new Faults(store, openWatches, options.faults);
  const subresources = new Map<string, SubresourceHandler>(Object.entries(options.subresources ?? {}));
  const groups = new Map<string, ApiGroupHook>();
  const bookmarkIntervalMs = options.bookmarkIntervalMs ?? 30_000;

  const addApiGroup = (hook: ApiGroupHook) => {
    groups.set(`${hook.group}/${hook.version}`, hook);
    store.types.external.set(`${hook.group}/${hook.version}`, {
      group: hook.group,
      version: hook.version,
      resources: hook.resources.map((r) => ({
        group: hook.group,
        versions: [hook.version],
        kind: r.kind,
        plural: r.name,
        singular: r.singularName ?? "",
        namespaced: r.namespaced,
        shortNames: [],
        categories: [],
        verbs: r.verbs ?? ["get", "list"],
        subresources: [],
      })),
    });
  };

  const mintServiceAccountToken = (namespace: string, name: string, expiresAt?: Date) => {
    const token = `sim-sa.${namespace}.${name}.${crypto.randomUUID()}`;
    const u = serviceAccountUser(namespace, name);
    authn.addToken(token, { user: u.username, groups: u.groups }, expiresAt);
    return token;
  };

  if (options.defaults !== false) store.seed([...defaultNamespaces(), ...defaultRbacObjects()]);
  if (options.seed) store.seed(options.seed);
  for (const [token, user] of Object.entries(options.tokens ?? {})) authn.addToken(token, user);
  for (const v of options.tokenVerifiers ?? []) authn.addVerifier(v);
  for (const g of options.apiGroups ?? []) addApiGroup(g);

  function nonResource(url: URL, method: string, user: UserInfo): Response {
    const path = url.pathname.replace(/\/+$/, "") || "/";
    rbac.require(user, { verb: method === "HEAD" ? "get" : method.toLowerCase(), path });
    if (method !== "GET" && method !== "HEAD") throw NOT_FOUND();
    if (path === "/version") return jsonResponse(versionInfo());
    if (path === "/healthz" || path === "/livez" || path === "/readyz") return new Response("ok", { headers: { "content-type": "text/plain" } });
    if (path === "/api") return jsonResponse(coreVersions(url.host));
    if (path === "/apis") return jsonResponse(groupList(store.types));
    if (path.startsWith("/openapi/")) return openApiResponse(store.types, url);
    const parts = path.split("/").filter(Boolean);
    if (parts[0] === "api" && parts.length === 2) {
      const body = resourceList(store.types, "", parts[1]!);
      if (body) return jsonResponse(body);
    }
    if (parts[0] === "apis" && parts.length === 2) {
      const body = group(store.types, parts[1]!);
      if (body) return jsonResponse(body);
    }
    if (parts[0] === "apis" && parts.length === 3) {
      const body = resourceList(store.types, parts[1]!, parts[2]!);
      if (body) return jsonResponse(body);
    }
    throw NOT_FOUND();
  }

  async function resource(request: Request, url: URL, info: ResourceRequest, user: UserInfo): Promise<Response> {
    const hook = groups.get(`${info.group}/${info.version}`);
    if (hook) {
      const r = hook.resources.find((x) => x.name === info.resource);
      if (!r || info.subresource) throw NOT_FOUND();
      if (!(r.verbs ?? ["get", "list"]).includes(info.verb)) throw methodNotSupported(info.resource, info.verb);
      rbac.require(user, attrs(info));
      return hook.handle({ request, url, user, verb: info.verb, namespace: info.namespace, resource: info.resource, name: info.name, store });
    }
    const type = store.types.resolve(info.group, info.version, info.resource);
    if (!type) throw NOT_FOUND();
    if (!type.namespaced && info.namespace && info.resource !== "namespaces") throw NOT_FOUND();
    if (info.subresource && !type.subresources.includes(info.subresource)) throw NOT_FOUND();
    rbac.require(user, attrs(info));
    const ctx: SimContext = { request, url, info, type, user, store, rbac, bookmarkIntervalMs, openWatches, watchBufferLimit: faults.watchBufferLimit };
    if (type.virtual) {
      if (info.verb !== "create") throw methodNotSupported(type.plural, info.verb);
      return review(ctx);
    }
    const sub = info.subresource;
    if (sub === "scale") return scale(ctx);
    if (sub === "token" && type.plural === "serviceaccounts" && !type.group) return tokenRequest(ctx, mintServiceAccountToken);
    if (sub === "eviction" && type.plural === "pods" && !type.group && !subresources.has("pods/eviction")) return evict(ctx);
    if (sub && sub !== "status") {
      const handler = subresources.get(`${type.plural}/${sub}`);
      if (!handler) throw NOT_FOUND();
      const object = store.get(type, info.namespace, info.name);
      return handler({ request, url, user, namespace: info.namespace, name: info.name, object, store });
    }
    return dispatch(ctx, type);
  }

  function dispatch(ctx: SimContext, type: ResourceType): Promise<Response> | Response {
    const { verb, namespace } = ctx.info;
    if (type.namespaced && !namespace && ["create", "update", "patch", "delete", "get"].includes(verb)) {
      throw kubeError(400, "BadRequest", "the server could not find the requested resource: namespace is required");
    }
    switch (verb) {
      case "get":
        return getObject(ctx);
      case "list":
        return listResponse(ctx);
      case "watch":
        return watch(ctx);
      case "create":
        return create(ctx);
      case "update":
        return update(ctx);
      case "patch":
        return patch(ctx);
      case "delete":
        return remove(ctx);
      case "deletecollection":
        return removeCollection(ctx);
      default:
        throw methodNotSupported(type.plural, verb);
    }
  }

  async function handle(request: Request, conn: ConnInfo = { remoteAddress: "in-process" }): Promise<Response> {
    try {
      const url = new URL(request.url);
      const auth = await authn.authenticate(request, conn);
      if (auth.kind !== "user") throw UNAUTHORIZED();
      const user = impersonate(request, auth.user, rbac);
      const info = requestInfo(request.method, url);
      if (info.kind === "nonresource") return nonResource(url, request.method.toUpperCase(), user);
      await faults.before();
      return await resource(request, url, info, user);
    } catch (error) {
      return statusResponse(error);
    }
  }

  return {
    handle,
    store,
    faults,
    addToken: (token, user) => authn.addToken(token, user),
    addTokenVerifier: (v) => authn.addVerifier(v),
    addServiceAccount(namespace, name) {
      const saType = store.types.find("", "serviceaccounts")!;
      if (!store.tryGet(saType, namespace, name)) store.create(saType, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace } });
      return mintServiceAccountToken(namespace, name);
    },
    addSubresource: (name, handler) => void subresources.set(name, handler),
    addApiGroup,
    seed: (objects) => store.seed(objects),
    can(user, verb, resource, o = {}) {
      return rbac.allowed(user, { verb, resource, apiGroup: o.group ?? "", ...(o.namespace ? { namespace: o.namespace } : {}), ...(o.name ? { name: o.name } : {}), ...(o.subresource ? { subresource: o.subresource } : {}) });
    },
    close() {
      for (const w of [...openWatches]) w.drop();
    },
  };
}

function attrs(info: ResourceRequest) {
  return {
    verb: info.verb,
    resource: info.resource,
    apiGroup: info.group,
    ...(info.subresource ? { subresource: info.subresource } : {}),
    ...(info.namespace ? { namespace: info.namespace } : {}),
    ...(info.name ? { name: info.name } : {}),
  };
}
