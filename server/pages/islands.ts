/**
 * Server-side rendering of islands: the same ui/islands/<name>.js module the browser hydrates renders the
 * island's first paint here, so pages work (read-only) without JavaScript and hydration finds matching markup.
 */
import { h } from "preact";
import type { FunctionComponent, VNode } from "preact";
import { island, ISLAND_NAME } from "./island.ts";

type IslandComponent = FunctionComponent<Record<string, unknown>>;

const UI_ROOT = new URL("../../ui/", import.meta.url);
const loaded = new Map<string, Promise<IslandComponent>>();

/** Imports a ui/ module (plain JS checked by ui/tsconfig.json); the path is always a constant or a checked name. */
export function importUi<T>(path: string): Promise<T> {
  return import(new URL(path, UI_ROOT).href) as Promise<T>;
}

function component(name: string): Promise<IslandComponent> {
  if (!ISLAND_NAME.test(name)) return Promise.reject(new Error(`bad island name ${JSON.stringify(name)}`));
  let pending = loaded.get(name);
  if (!pending) {
    pending = importUi<{ default?: unknown }>(`islands/${name}.js`).then((mod) => {
      if (typeof mod.default !== "function") throw new Error(`ui/islands/${name}.js has no default export component`);
      return mod.default as IslandComponent;
    });
    pending.catch(() => loaded.delete(name));
    loaded.set(name, pending);
  }
  return pending;
}

/** The island boundary with its server-rendered first paint. */
export async function ssrIsland(name: string, props: Record<string, unknown>): Promise<VNode> {
  const Component = await component(name);
  return island(name, props, h(Component, props));
}

/** The island boundary only (heavy islands such as the editor and terminal render in the browser alone). */
export function clientIsland(name: string, props: Record<string, unknown>, placeholder?: VNode): VNode {
  return island(name, props, placeholder ?? null, true);
}
