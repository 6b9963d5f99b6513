/** Headers every response carries. Pages set their own CSP (with the import-map hash); API responses get a closed one. */
export function applySecurityHeaders(response: Response, isApi: boolean): void {
  const h = response.headers;
  const set = (name: string, value: string) => {
    if (!h.has(name)) h.set(name, value);
  };
  set("x-content-type-options", "nosniff");
  set("referrer-policy", "same-origin");
  set("x-frame-options", "DENY");
  set("cross-origin-opener-policy", "same-origin");
  set("content-security-policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
  if (isApi) set("cache-control", "no-store");
}
