import { forbidden } from "./errors.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Rejects cross-site state changes and WebSocket upgrades. Browsers send `Origin` on these; it must match the
 * host the request was addressed to. Non-browser clients that send neither Origin nor Sec-Fetch-Site pass.
 */
export function checkSameOrigin(request: Request, url: URL): void {
  const upgrade = request.headers.get("upgrade")?.toLowerCase() === "websocket";
  if (SAFE.has(request.method) && !upgrade) return;
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw forbidden("cross-site request refused: this endpoint only accepts requests from the console's own pages");
  }
  const origin = request.headers.get("origin");
  if (origin === null) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw forbidden("request refused: the Origin header is not a valid URL");
  }
  const forwardedHost = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const hosts = new Set([url.host, request.headers.get("host") ?? "", forwardedHost ?? ""]);
  if (!hosts.has(originHost)) {
    throw forbidden(`cross-origin request refused: Origin ${origin} does not match this console's host`);
  }
}
