/**
 * The pages around sign-in: login ("Sign in with <provider>", dev mode clearly labelled), signed out and
 * access denied. Public; they work without JavaScript (links and form posts only).
 */
import { html } from "htm/preact";
import type { VNode } from "preact";
import type { PageEnv, PageView } from "./page.ts";
import { safeNext } from "./page.ts";
// The sign-in flow owns its error codes and their wording; this page only shows them.
import { LOGIN_ERRORS } from "../auth/pages.ts";

interface AuthConfig {
  mode: "oidc" | "dev";
  provider: string;
}

function narrowAuthConfig(data: unknown): AuthConfig | undefined {
  if (!data || typeof data !== "object") return undefined;
  const d = data as Record<string, unknown>;
  if (d.mode !== "oidc" && d.mode !== "dev") return undefined;
  const provider = [d.provider, d.providerName, d.providerLabel].find((v) => typeof v === "string" && v.trim() !== "");
  return { mode: d.mode, provider: typeof provider === "string" ? provider : "your identity provider" };
}

const DENIED_REASONS: Record<string, string> = {
  not_in_allowed_groups: "Your account is not in any group allowed to use this console.",
  no_tier: "Your account is signed in but has no access tier. Ask an administrator to add one of your groups to a tier.",
};

const panel = (env: PageEnv, body: VNode) => html`<main class="center" id="main"><div class="panel">
  <h1><img src=${env.runtime.assets.url("favicon.svg")} alt="" width="28" height="28" />Periscope</h1>${body}</div></main>`;

export async function loginPage(env: PageEnv): Promise<PageView> {
  const next = safeNext(env.ctx.url.searchParams.get("next"));
  const errorCode = env.ctx.url.searchParams.get("error") ?? "";
  const config = await env.api("/api/auth/config");
  const auth = config.ok ? narrowAuthConfig(config.data) : undefined;
  const error = /^[a-z_]{1,40}$/.test(errorCode) ? (LOGIN_ERRORS[errorCode] ?? `Sign-in failed (${errorCode}).`) : "";
  let body: VNode;
  if (!auth) {
    const why = config.ok ? "the server sent an unexpected answer" : config.message;
    body = html`<div class="error-box" role="alert">Sign-in is unavailable: ${why}.</div>
      <a class="button" href=${`/login?next=${encodeURIComponent(next)}`}>Try again</a>`;
  } else if (auth.mode === "dev") {
    body = html`<p class="notice" data-testid="dev-mode"><strong>Development mode.</strong> There is no sign-in: everyone
        acts as the built-in development identity <span class="badge dev">dev</span> with full access. Never expose this mode
        to a network.</p>
      <a class="button primary" href=${next}>Continue to the console</a>`;
  } else {
    body = html`<p class="muted">Sign in to see your clusters. Access follows your groups at the identity provider.</p>
      ${error && html`<div class="error-box" role="alert">${error}</div>`}
      <a class="button primary" data-testid="sign-in" href=${`/api/auth/login?next=${encodeURIComponent(next)}`}>Sign in with ${auth.provider}</a>`;
  }
  return { title: "Sign in", body: panel(env, body), status: auth ? 200 : 503 };
}

export async function signedOutPage(env: PageEnv): Promise<PageView> {
  const body = html`<p>You are signed out of Periscope.</p>
    <p class="muted">Closing the browser does not sign you out of your identity provider; use "Sign out everywhere" for that.</p>
    <a class="button primary" href="/login">Sign in again</a>`;
  return { title: "Signed out", body: panel(env, body) };
}

export async function deniedPage(env: PageEnv): Promise<PageView> {
  const reason = env.ctx.url.searchParams.get("reason") ?? "";
  const text = DENIED_REASONS[reason] ?? "You are not allowed to use this console.";
  const body = html`<h2>Access denied</h2><p role="alert">${text}</p>
    <p class="muted">If this is wrong, ask an administrator which groups this console admits, then sign in again.</p>
    <a class="button" href="/login">Back to sign-in</a>`;
  return { title: "Access denied", body: panel(env, body), status: 403 };
}
