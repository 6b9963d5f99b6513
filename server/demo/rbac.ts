/**
 * RBAC evaluated from the Role/ClusterRole/RoleBinding/ClusterRoleBinding objects in the store,
 * plus the apiserver's wording for denials.
 */
import type { Store } from "./store.ts";
import { kubeError } from "./status.ts";
import type { KubeObject, UserInfo } from "./types.ts";

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Attributes {
  verb: string;
  /** Resource requests carry resource/apiGroup; non-resource requests carry path. */
  resource?: string;
  subresource?: string;
  apiGroup?: string;
  namespace?: string;
  name?: string;
  path?: string;
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

function subjectMatches(subject: Subject, user: UserInfo, bindingNamespace: string | undefined): boolean {
  if (subject.kind === "User") return subject.name === user.username;
  if (subject.kind === "Group") return user.groups.includes(subject.name);
  if (subject.kind === "ServiceAccount") {
    const ns = subject.namespace ?? bindingNamespace;
    return user.username === `system:serviceaccount:${ns}:${subject.name}`;
  }
  return false;
}

const has = (list: string[] | undefined, value: string) => (list ?? []).some((x) => x === "*" || x === value);

function resourceMatches(rule: PolicyRule, resource: string, subresource: string | undefined): boolean {
  const full = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some((r) => r === "*" || r === full || (subresource !== undefined && r === `*/${subresource}`));
}

function pathMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((u) => u === "*" || u === path || (u.endsWith("*") && path.startsWith(u.slice(0, -1))));
}

export function ruleAllows(rule: PolicyRule, a: Attributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (a.resource === undefined) return a.path !== undefined && pathMatches(rule, a.path);
  if (!has(rule.apiGroups, a.apiGroup ?? "")) return false;
  if (!resourceMatches(rule, a.resource, a.subresource)) return false;
  if (rule.resourceNames && rule.resourceNames.length > 0) return a.name !== undefined && rule.resourceNames.includes(a.name);
  return true;
}

export class Rbac {
  readonly #store: Store;
  constructor(store: Store) {
    this.#store = store;
  }

  #type(plural: string) {
    return this.#store.types.find("rbac.authorization.k8s.io", plural)!;
  }

  #roleRules(kind: string, name: string, namespace: string | undefined): PolicyRule[] {
    const role = kind === "ClusterRole" ? this.#store.tryGet(this.#type("clusterroles"), undefined, name) : this.#store.tryGet(this.#type("roles"), namespace, name);
    return ((role?.rules as PolicyRule[] | undefined) ?? []).filter((r) => r && Array.isArray(r.verbs));
  }

  /** Rules that apply to the user in a namespace (cluster-wide rules always apply; namespace ones only there). */
  rulesFor(user: UserInfo, namespace: string | undefined): PolicyRule[] {
    const rules: PolicyRule[] = [];
    const bound = (b: KubeObject) => ((b.subjects as Subject[] | undefined) ?? []).some((s) => subjectMatches(s, user, b.metadata.namespace));
    for (const b of this.#store.list(this.#type("clusterrolebindings"))) {
      const ref = b.roleRef as { kind: string; name: string } | undefined;
      if (ref && bound(b)) rules.push(...this.#roleRules("ClusterRole", ref.name, undefined));
    }
    if (namespace) {
      for (const b of this.#store.list(this.#type("rolebindings"), namespace)) {
        const ref = b.roleRef as { kind: string; name: string } | undefined;
        if (ref && bound(b)) rules.push(...this.#roleRules(ref.kind, ref.name, namespace));
      }
    }
    return rules;
  }

  allowed(user: UserInfo, a: Attributes): boolean {
    return this.rulesFor(user, a.namespace).some((r) => ruleAllows(r, a));
  }

  /** Throws the apiserver's 403 when the user may not do `a`. */
  require(user: UserInfo, a: Attributes): void {
    if (!this.allowed(user, a)) throw forbiddenError(user, a);
  }
}

export function forbiddenError(user: UserInfo, a: Attributes) {
  if (a.resource === undefined) {
    return kubeError(403, "Forbidden", `forbidden: User "${user.username}" cannot ${a.verb} path "${a.path}"`, {});
  }
  const full = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : "at the cluster scope";
  const message = `${subject} is forbidden: User "${user.username}" cannot ${a.verb} resource "${full}" in API group "${a.apiGroup ?? ""}" ${scope}`;
  const details: Record<string, string> = { group: a.apiGroup ?? "", kind: a.resource };
  if (a.name) details.name = a.name;
  return kubeError(403, "Forbidden", message, details);
}
