import type { Platform } from "./types.ts";

/** Picks the platform implementation for the runtime we are on (dynamic import keeps each runtime's code apart). */
export async function loadPlatform(): Promise<Platform> {
  if ("Deno" in globalThis) {
    const { denoPlatform } = await import("./deno.ts");
    return denoPlatform;
  }
  const { nodePlatform } = await import("./node.ts");
  return nodePlatform;
}
