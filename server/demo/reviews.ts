/** SelfSubjectAccessReview, SelfSubjectRulesReview and SelfSubjectReview: answered from RBAC, never stored. */
import { asObject, readBody } from "./body.ts";
import type { SimContext } from "./context.ts";
import type { Attributes } from "./rbac.ts";
import { badRequestError, jsonResponse } from "./status.ts";

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function review(ctx: SimContext): Promise<Response> {
  const body = asObject(await readBody(ctx.request)) as Any;
  const spec = (body.spec ?? {}) as Any;
  const meta = { creationTimestamp: null };
  switch (ctx.type.kind) {
    case "SelfSubjectAccessReview": {
      const ra = spec.resourceAttributes as Any | undefined;
      const nra = spec.nonResourceAttributes as Any | undefined;
      let attrs: Attributes;
      if (ra) {
        attrs = { verb: ra.verb ?? "", resource: ra.resource ?? "", apiGroup: ra.group ?? "" };
        if (ra.subresource) attrs.subresource = ra.subresource;
        if (ra.namespace) attrs.namespace = ra.namespace;
        if (ra.name) attrs.name = ra.name;
      } else if (nra) attrs = { verb: nra.verb ?? "", path: nra.path ?? "" };
      else throw badRequestError("SelfSubjectAccessReview.authorization.k8s.io is invalid: spec: resourceAttributes or nonResourceAttributes is required");
      const allowed = ctx.rbac.allowed(ctx.user, attrs);
      const status: Any = { allowed };
      if (allowed) status.reason = "RBAC: allowed by the simulator's role bindings";
      return jsonResponse({ kind: "SelfSubjectAccessReview", apiVersion: "authorization.k8s.io/v1", metadata: meta, spec, status }, 201);
    }
    case "SelfSubjectRulesReview": {
      const namespace = typeof spec.namespace === "string" ? spec.namespace : "";
      const rules = ctx.rbac.rulesFor(ctx.user, namespace || undefined);
      const resourceRules = rules.filter((r) => r.resources).map((r) => ({ verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources ?? [], ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}) }));
      const nonResourceRules = rules.filter((r) => r.nonResourceURLs).map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs ?? [] }));
      return jsonResponse({ kind: "SelfSubjectRulesReview", apiVersion: "authorization.k8s.io/v1", metadata: meta, spec: { namespace }, status: { resourceRules, nonResourceRules, incomplete: false } }, 201);
    }
    default: {
      const userInfo: Any = { username: ctx.user.username, groups: ctx.user.groups };
      if (ctx.user.uid) userInfo.uid = ctx.user.uid;
      if (ctx.user.extra) userInfo.extra = ctx.user.extra;
      return jsonResponse({ kind: "SelfSubjectReview", apiVersion: "authentication.k8s.io/v1", metadata: meta, status: { userInfo } }, 201);
    }
  }
}
