// @ts-check
/** Light / dark / system. The choice is a cookie so the server renders the right theme (no flash, no inline script). */
import { html } from "htm/preact";
import { useState } from "preact/hooks";

/** @typedef {"light" | "dark" | "system"} Theme */
const NEXT = /** @type {const} */ ({ system: "light", light: "dark", dark: "system" });
const LABEL = { system: "Theme: system", light: "Theme: light", dark: "Theme: dark" };
const ICON = { system: "◐", light: "☀", dark: "☾" };

/** @param {Theme} theme */
export function applyTheme(theme) {
  if (theme === "system") document.documentElement.removeAttribute("data-theme");
  else document.documentElement.setAttribute("data-theme", theme);
  document.cookie = `periscope_theme=${theme}; path=/; max-age=31536000; samesite=lax`;
}

/** @param {{ theme?: Theme }} props */
export default function ThemeToggle({ theme = "system" }) {
  const [current, setCurrent] = useState(/** @type {Theme} */ (theme));
  const next = () => {
    const t = NEXT[current];
    applyTheme(t);
    setCurrent(t);
  };
  return html`<button type="button" class="theme-toggle" onClick=${next} title=${LABEL[current]} aria-label=${LABEL[current]}>
    <span aria-hidden="true">${ICON[current]}</span>
  </button>`;
}
