/**
 * The few pages the sign-in flow itself answers with (denied, failed, signed out, and a fallback login screen).
 * The dashboard supplies nicer ones through `AuthPages`; these fallbacks are plain HTML without scripts or styles.
 */
export interface AuthPageInput {
  title: string;
  message: string;
  /** A link to offer next. */
  action?: { href: string; label: string };
}

export interface AuthPages {
  /** The sign-in screen at LOGIN_PAGE_PATH. */
  login(input: { mode: "oidc" | "dev"; providerName: string; next: string; error: string | undefined }): string;
  /** Denied, failed or signed-out notices. */
  notice(input: AuthPageInput): string;
}

export const LOGIN_PAGE_PATH = "/login";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function shell(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Periscope</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/** Codes the sign-in flow puts in `/login?error=`; the dashboard's login page explains the same codes. */
export const LOGIN_ERRORS: Record<string, string> = {
  state_mismatch: "The sign-in attempt expired or was started in another tab. Please try again.",
  idp_unavailable: "The identity provider could not be reached. Try again in a minute.",
  idp_error: "The identity provider refused the sign-in.",
  invalid_token: "The identity provider's answer could not be verified.",
  session_expired: "Your session ended. Sign in again to continue.",
  rate_limited: "Too many sign-in attempts from this address. Wait a minute and try again.",
};

export const fallbackPages: AuthPages = {
  login({ mode, providerName, next, error }) {
    const href = `/api/auth/login?next=${encodeURIComponent(next)}`;
    const label = mode === "dev" ? "Continue (development mode: no sign-in)" : `Sign in with ${providerName}`;
    const problem = error && Object.hasOwn(LOGIN_ERRORS, error) ? `<p role="alert">${escapeHtml(LOGIN_ERRORS[error]!)}</p>` : "";
    return shell("Periscope", `${problem}<p><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></p>`);
  },
  notice({ title, message, action }) {
    const link = action ? `<p><a href="${escapeHtml(action.href)}">${escapeHtml(action.label)}</a></p>` : "";
    return shell(title, `<p>${escapeHtml(message)}</p>${link}`);
  },
};

export function htmlResponse(html: string, status = 200, headers: HeadersInit = {}): Response {
  const response = new Response(html, { status, headers });
  response.headers.set("content-type", "text/html; charset=utf-8");
  response.headers.set("cache-control", "no-store");
  return response;
}
