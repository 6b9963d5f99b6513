// @ts-check
/**
 * Cmd/Ctrl+K palette: jump to a cluster, a kind in this cluster, or a page; with two or more characters it
 * also searches objects in this cluster (or fleet-wide) through the search API.
 */
import { html } from "htm/preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, enc } from "../lib/api.js";

/** @typedef {{ label: string, hint: string, href: string }} Entry */
/** @typedef {{ clusters?: string[], cluster?: string, kinds?: Array<{ id: string, label: string }> }} PaletteProps */

/** @param {unknown} data @returns {Entry[]} */
function searchEntries(data) {
  const o = /** @type {Record<string, unknown>} */ (data && typeof data === "object" ? data : {});
  const list = Array.isArray(data) ? data : Array.isArray(o.hits) ? o.hits : Array.isArray(o.results) ? o.results : Array.isArray(o.items) ? o.items : [];
  /** @type {Entry[]} */
  const out = [];
  for (const item of list) {
    if (!item || typeof item !== "object") continue;
    const r = /** @type {Record<string, unknown>} */ (item);
    const name = typeof r.name === "string" ? r.name : undefined;
    const cluster = typeof r.cluster === "string" ? r.cluster : undefined;
    const kind = [r.plural, r.resource, r.kindId, r.kind].find((v) => typeof v === "string");
    if (!name || !cluster || typeof kind !== "string") continue;
    const ns = typeof r.namespace === "string" && r.namespace ? r.namespace : "_";
    out.push({ label: name, hint: `${kind}${ns !== "_" ? ` · ${ns}` : ""} · ${cluster}`, href: `/clusters/${enc(cluster)}/${kind}?sel=${enc(`${ns}/${name}`)}` });
  }
  return out;
}

/** @param {PaletteProps} props */
export default function Palette({ clusters = [], cluster, kinds = [] }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [fleetWide, setFleetWide] = useState(!cluster);
  const [found, setFound] = useState(/** @type {Entry[]} */ ([]));
  const [searchError, setSearchError] = useState("");
  const input = useRef(/** @type {HTMLInputElement | null} */ (null));
  const opener = useRef(/** @type {HTMLElement | null} */ (null));

  useEffect(() => {
    /** @param {KeyboardEvent} e */
    const onKey = (e) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        if (!open) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        setOpen(!open);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  useEffect(() => {
    if (open) input.current?.focus();
    else opener.current?.focus();
  }, [open]);

  /** @type {Entry[]} */
  const staticEntries = useMemo(() => {
    /** @type {Entry[]} */
    const out = [{ label: "Fleet", hint: "home", href: "/" }, { label: "Audit log", hint: "page", href: "/audit" }];
    if (cluster) {
      out.push({ label: "Overview", hint: cluster, href: `/clusters/${enc(cluster)}` });
      out.push({ label: "Helm releases", hint: cluster, href: `/clusters/${enc(cluster)}/helm` });
      for (const k of kinds) out.push({ label: k.label, hint: `kind · ${cluster}`, href: `/clusters/${enc(cluster)}/${k.id}` });
    }
    for (const c of clusters) out.push({ label: c, hint: "cluster", href: `/clusters/${enc(c)}` });
    return out;
  }, [clusters, cluster, kinds]);

  useEffect(() => {
    setFound([]);
    setSearchError("");
    if (!open || query.trim().length < 2) return;
    const ctrl = new AbortController();
    const timer = setTimeout(async () => {
      const q = enc(query.trim());
      const path = fleetWide || !cluster ? `/api/search?q=${q}` : `/api/clusters/${enc(cluster)}/search?q=${q}`;
      try {
        const result = await api(path, { signal: ctrl.signal });
        if (result.ok) setFound(searchEntries(result.data));
        else setSearchError(result.message);
      } catch {
        // aborted by a newer query
      }
    }, 180);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [open, query, fleetWide, cluster]);

  const q = query.trim().toLowerCase();
  const matches = [...staticEntries.filter((e) => !q || e.label.toLowerCase().includes(q) || e.hint.toLowerCase().includes(q)).slice(0, 12), ...found];
  const current = Math.min(active, Math.max(0, matches.length - 1));

  /** @param {KeyboardEvent} e */
  const onKeyDown = (e) => {
    if (e.key === "Escape") setOpen(false);
    else if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((current + 1) % Math.max(1, matches.length));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((current - 1 + matches.length) % Math.max(1, matches.length));
    } else if (e.key === "Enter" && matches[current]) {
      location.assign(matches[current].href);
    }
  };

  const trigger = html`<button type="button" class="palette-trigger" aria-haspopup="dialog" aria-keyshortcuts="Control+K Meta+K"
    onClick=${() => setOpen(true)}>Search <span class="kbd" aria-hidden="true">Ctrl K</span></button>`;
  if (!open) return trigger;
  return html`${trigger}
    <div class="backdrop" onMouseDown=${(/** @type {MouseEvent} */ e) => e.target === e.currentTarget && setOpen(false)}>
      <div class="palette" role="dialog" aria-modal="true" aria-label="Command palette">
        <input ref=${input} type="search" placeholder=${cluster && !fleetWide ? `Jump to… or search ${cluster}` : "Jump to… or search all clusters"}
          aria-label="Search" aria-controls="palette-results" aria-activedescendant=${matches.length ? `palette-${current}` : undefined}
          value=${query} onInput=${(/** @type {InputEvent} */ e) => { setQuery(/** @type {HTMLInputElement} */ (e.currentTarget).value); setActive(0); }}
          onKeyDown=${onKeyDown} />
        ${cluster && html`<label class="muted palette-scope"><input type="checkbox" checked=${fleetWide}
          onChange=${(/** @type {Event} */ e) => setFleetWide(/** @type {HTMLInputElement} */ (e.currentTarget).checked)} /> all clusters</label>`}
        <ul id="palette-results" role="listbox" aria-label="Results">
          ${matches.map((m, i) => html`<li id=${`palette-${i}`} role="option" aria-selected=${i === current ? "true" : "false"}
            onMouseEnter=${() => setActive(i)} onClick=${() => location.assign(m.href)}><span>${m.label}</span><span class="hint">${m.hint}</span></li>`)}
          ${searchError && html`<li class="muted" role="presentation">search: ${searchError}</li>`}
          ${matches.length === 0 && !searchError && html`<li class="muted" role="presentation">No matches</li>`}
        </ul>
      </div>
    </div>`;
}
