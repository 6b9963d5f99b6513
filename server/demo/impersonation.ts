/**
 * Impersonation headers (Impersonate-User, repeated Impersonate-Group, Impersonate-Uid, Impersonate-Extra-*):
 * each requested attribute needs the `impersonate` verb, then the request runs as the impersonated user.
 */
import { headerLines } from "../platform/header-lines.ts";
import { withAuthenticated } from "./authn.ts";
import type { Rbac } from "./rbac.ts";
import { kubeError } from "./status.ts";
import type { UserInfo } from "./types.ts";

/**
 * A repeated header's values as the apiserver sees them: one value per line. Where the lines were not recorded
 * (Deno's server), the joined value is split on ", " — the best guess, wrong only for values containing ", ".
 */
function values(request: Request, name: string): string[] {
  const lines = headerLines(request, name);
  if (lines) return lines.map((v) => v.trim()).filter((v) => v.length > 0);
  const raw = request.headers.get(name);
  if (raw === null) return [];
  return raw.split(/,\s*/).map((v) => v.trim()).filter((v) => v.length > 0);
}

/** The user the request acts as: the caller, or whom it impersonates (after RBAC allowed each part). */
export function impersonate(request: Request, caller: UserInfo, rbac: Rbac): UserInfo {
  const headers = request.headers;
  const userName = headers.get("impersonate-user");
  const groups = values(request, "impersonate-group");
  const uid = headers.get("impersonate-uid");
  const extra: Record<string, string[]> = {};
  headers.forEach((_value, name) => {
    const lower = name.toLowerCase();
    if (!lower.startsWith("impersonate-extra-")) return;
    let key = lower.slice("impersonate-extra-".length);
    try {
      key = decodeURIComponent(key);
    } catch {
      /* keep raw key */
    }
    extra[key] = values(request, name);
  });
  const anything = userName !== null || groups.length > 0 || uid !== null || Object.keys(extra).length > 0;
  if (!anything) return caller;
  if (userName === null || userName === "") {
    throw kubeError(500, "InternalError", `Internal error occurred: requested [${groups.map((g) => `{Group  ${g}}`).join(" ")}] without impersonating a user`);
  }

  const check = (resource: string, name: string, apiGroup = "", namespace?: string, subresource?: string) => {
    const attrs = { verb: "impersonate", resource, apiGroup, name, ...(namespace ? { namespace } : {}), ...(subresource ? { subresource } : {}) };
    if (!rbac.allowed(caller, attrs)) {
      const full = subresource ? `${resource}/${subresource}` : resource;
      const qualified = apiGroup ? `${resource}.${apiGroup}` : resource;
      const scope = namespace ? `in the namespace "${namespace}"` : "at the cluster scope";
      throw kubeError(403, "Forbidden", `${qualified} "${name}" is forbidden: User "${caller.username}" cannot impersonate resource "${full}" in API group "${apiGroup}" ${scope}`, {
        name,
        group: apiGroup,
        kind: resource,
      });
    }
  };

  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(userName);
  if (sa) check("serviceaccounts", sa[2]!, "", sa[1]!);
  else check("users", userName);
  for (const g of groups) check("groups", g);
  if (uid !== null) check("uids", uid, "authentication.k8s.io");
  for (const [key, vals] of Object.entries(extra)) for (const v of vals) check("userextras", v, "authentication.k8s.io", undefined, key);

  const user: UserInfo = { username: userName, groups };
  if (sa && groups.length === 0) user.groups = ["system:serviceaccounts", `system:serviceaccounts:${sa[1]}`];
  if (uid !== null) user.uid = uid;
  if (Object.keys(extra).length > 0) user.extra = extra;
  return userName === "system:anonymous" ? user : withAuthenticated(user);
}
