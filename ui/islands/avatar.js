// @ts-check
/**
 * The avatar and its popover: who you are (email), how you signed in (`oidc` / `dev` badge), your tier, and
 * sign out / sign out everywhere (plain form posts, so they work before hydration too).
 */
import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";

/**
 * @typedef {{ email?: string, subject: string, mode: "oidc" | "dev", tier?: string, authzMode?: string, groups?: string[] }} AvatarProps
 */

/** @param {string} s */
function initials(s) {
  const name = s.split("@")[0] ?? s;
  const parts = name.split(/[._\s-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

/** @param {AvatarProps} props */
export default function Avatar({ email, subject, mode, tier, authzMode, groups = [] }) {
  const [open, setOpen] = useState(false);
  const anchor = useRef(/** @type {HTMLDivElement | null} */ (null));
  const button = useRef(/** @type {HTMLButtonElement | null} */ (null));
  const who = email || subject;

  useEffect(() => {
    if (!open) return;
    /** @param {MouseEvent} e */
    const onClick = (e) => {
      if (anchor.current && e.target instanceof Node && !anchor.current.contains(e.target)) setOpen(false);
    };
    /** @param {KeyboardEvent} e */
    const onKey = (e) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener("mousedown", onClick);
    document.addEventListener("keydown", onKey);
    const popover = anchor.current?.querySelector(".popover");
    if (popover instanceof HTMLElement) popover.focus();
    return () => {
      document.removeEventListener("mousedown", onClick);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const dev = mode === "dev";
  return html`<div class="popover-anchor" ref=${anchor}>
    <button type="button" class="avatar" ref=${button} aria-haspopup="dialog" aria-expanded=${open ? "true" : "false"}
      aria-label=${`Account: ${who}`} onClick=${() => setOpen(!open)}>${initials(who)}</button>
    ${open &&
    html`<div class="popover" role="dialog" aria-label="Account" tabindex="-1">
      <div class="who">
        <strong data-testid="avatar-email">${who}</strong>
        ${email && subject !== email ? html`<span class="muted mono">${subject}</span>` : null}
      </div>
      <div class="row">
        <span class=${`badge ${mode}`} data-testid="auth-mode" title=${dev ? "development identity: no sign-in" : "signed in through your identity provider"}>${mode}</span>
        ${tier ? html`<span class="badge" title="your access tier">tier: ${tier}</span>` : null}
        ${authzMode && authzMode !== "tier" ? html`<span class="badge">${authzMode}</span>` : null}
      </div>
      ${groups.length > 0 ? html`<div class="muted">groups: ${groups.slice(0, 6).join(", ")}${groups.length > 6 ? " …" : ""}</div>` : null}
      ${dev
        ? html`<p class="muted">Development mode: there is no session to sign out of.</p>`
        : html`<div class="row">
            <form method="post" action="/api/auth/logout"><button type="submit" class="signout">Sign out</button></form>
            <form method="post" action="/api/auth/logout/everywhere"><button type="submit" class="danger">Sign out everywhere</button></form>
          </div>`}
    </div>`}
  </div>`;
}
