// @ts-check
/**
 * Keeps the fleet cards current without a second renderer: every 30 s (while the tab is visible) or on demand,
 * the page is fetched again and its server-rendered `[data-fleet]` block replaces the one on screen.
 */
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";

/** @param {{ generatedAt: string, intervalSeconds?: number }} props */
export default function FleetRefresh({ generatedAt, intervalSeconds = 30 }) {
  const [at, setAt] = useState(generatedAt);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function refresh() {
    setBusy(true);
    try {
      const response = await fetch(location.href, { headers: { accept: "text/html" }, credentials: "same-origin" });
      if (response.redirected && new URL(response.url).pathname === "/login") return location.assign(response.url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = doc.querySelector("[data-fleet]");
      const current = document.querySelector("[data-fleet]");
      if (!fresh || !current) throw new Error("the page changed shape");
      current.replaceWith(document.importNode(fresh, true));
      setAt(new Date().toISOString());
      setError("");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    const timer = setInterval(() => {
      if (!document.hidden) void refresh();
    }, intervalSeconds * 1000);
    return () => clearInterval(timer);
  }, []);

  const time = at.slice(11, 19);
  return html`<span class="fleet-refresh">
    <span class="muted" role="status" data-testid="fleet-updated">${error ? `refresh failed (${error}); showing ${time} UTC` : `updated ${time} UTC`}</span>
    <button type="button" onClick=${refresh} disabled=${busy}>${busy ? "Refreshing…" : "Refresh"}</button>
  </span>`;
}
