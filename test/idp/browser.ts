/**
 * Just enough browser for sign-in tests: a cookie jar (host-scoped like browsers, ports ignored; Path, Max-Age,
 * HttpOnly irrelevant server-side) and manual redirect following, so every hop is visible.
 */
interface Cookie {
  name: string;
  value: string;
  host: string;
  path: string;
  expiresAt: number | undefined;
}

export interface Hop {
  url: string;
  status: number;
  location: string | null;
}

export class TestBrowser {
  readonly cookies: Cookie[] = [];

  cookieHeader(url: URL): string {
    const now = Date.now();
    return this.cookies
      .filter((c) => c.host === url.hostname && url.pathname.startsWith(c.path) && (c.expiresAt === undefined || c.expiresAt > now))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  cookie(name: string): string | undefined {
    return this.cookies.find((c) => c.name === name)?.value;
  }

  setCookie(name: string, value: string, host = "127.0.0.1", path = "/"): void {
    this.#store({ name, value, host, path, expiresAt: undefined });
  }

  #store(cookie: Cookie): void {
    const i = this.cookies.findIndex((c) => c.name === cookie.name && c.host === cookie.host && c.path === cookie.path);
    if (i >= 0) this.cookies.splice(i, 1);
    if (cookie.expiresAt === undefined || cookie.expiresAt > Date.now()) this.cookies.push(cookie);
  }

  #absorb(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const cookie: Cookie = { name: pair!.slice(0, eq).trim(), value: pair!.slice(eq + 1).trim(), host: url.hostname, path: "/", expiresAt: undefined };
      for (const attr of attrs) {
        const [k, v = ""] = attr.split("=");
        const key = k!.trim().toLowerCase();
        if (key === "path") cookie.path = v.trim();
        if (key === "max-age") cookie.expiresAt = Date.now() + Number(v.trim()) * 1000;
      }
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= Date.now()) cookie.expiresAt = 0;
      this.#store(cookie);
    }
  }

  /** One request with the jar's cookies; no redirect following. */
  async fetch(input: string, init: Omit<RequestInit, "headers"> & { headers?: Record<string, string> } = {}): Promise<Response> {
    const url = new URL(input);
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    this.#absorb(url, response);
    return response;
  }

  /** A top-level navigation: follows redirects (303/302 → GET) and returns every hop plus the final response. */
  async navigate(
    input: string,
    init: Omit<RequestInit, "headers"> & { headers?: Record<string, string>; stopAt?: (url: URL) => boolean } = {},
  ): Promise<{ hops: Hop[]; response: Response | undefined; url: string }> {
    const hops: Hop[] = [];
    let url = input;
    const first: Record<string, string> = { accept: "text/html", "sec-fetch-mode": "navigate", ...(init.headers as Record<string, string> | undefined) };
    let request: Omit<RequestInit, "headers"> & { headers?: Record<string, string> } = { ...init, headers: first };
    for (let i = 0; i < 20; i++) {
      const response = await this.fetch(url, request);
      const location = response.headers.get("location");
      hops.push({ url, status: response.status, location });
      if (response.status < 300 || response.status >= 400 || !location) return { hops, response, url };
      await response.body?.cancel();
      url = new URL(location, url).toString();
      if (init.stopAt?.(new URL(url))) return { hops, response: undefined, url };
      request = { headers: { accept: "text/html", "sec-fetch-mode": "navigate" } };
    }
    throw new Error(`too many redirects: ${hops.map((h) => h.url).join(" → ")}`);
  }
}
