// @ts-check
/**
 * Browser-side calls to the console's API. Errors are values ({ ok: false, status, code, message }); a 401
 * means the session ended, so the user goes to sign-in and comes back to this page afterwards.
 */

/** @typedef {{ ok: true, status: number, data: unknown } | { ok: false, status: number, code: string, message: string }} ApiResult */

/** @param {string} [next] */
export function signInUrl(next) {
  const here = next ?? `${location.pathname}${location.search}`;
  return `/login?next=${encodeURIComponent(here)}`;
}

/**
 * @param {string} path
 * @param {RequestInit} [init]
 * @returns {Promise<ApiResult>}
 */
export async function api(path, init = {}) {
  let response;
  try {
    response = await fetch(path, { credentials: "same-origin", ...init, headers: { accept: "application/json", ...init.headers } });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    return { ok: false, status: 0, code: "network", message: "the console is unreachable; check your connection" };
  }
  /** @type {unknown} */
  let data = null;
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      data = await response.json();
    } catch {
      return { ok: false, status: response.status, code: "bad_json", message: "the server sent malformed JSON" };
    }
  } else {
    await response.body?.cancel();
  }
  if (response.ok) return { ok: true, status: response.status, data };
  const body = data && typeof data === "object" ? /** @type {Record<string, unknown>} */ (data) : {};
  const code = typeof body.code === "string" ? body.code : "error";
  if (response.status === 401 && code === "unauthenticated") location.assign(signInUrl());
  const message = typeof body.message === "string" ? body.message : `HTTP ${response.status}`;
  return { ok: false, status: response.status, code, message };
}

/** @param {string} s */
export const enc = (s) => encodeURIComponent(s);
