// @ts-check
/**
 * Keeps a list current: one EventSource on the watch route (snapshot, then added/modified/deleted), falling
 * back to polling the list route after repeated stream errors (and trying the stream again now and then, so a
 * recovered route goes back to live), paused while the tab is hidden and resynced on return. Reports health as
 * live / reconnecting / polling / stale.
 */
import { api, signInUrl } from "./api.js";

/** @typedef {"connecting" | "live" | "reconnecting" | "stale" | "polling" | "paused" | "error"} Health */
/**
 * @typedef {object} LiveTiming
 * @property {number} [pollMs]   polling period (default 10 s)
 * @property {number} [staleMs]  how long the stream may fail to deliver before the rows are called stale (30 s)
 * @property {number} [retryMs]  wait before reopening a stream the browser gave up on (2 s)
 * @property {number} [streamRetryMs]  while polling after stream errors, when to try the stream again (60 s,
 *   doubling after each failed try up to 10 min)
 */
/**
 * @typedef {object} LiveHandlers
 * @property {(data: unknown) => void} snapshot  a full list (watch snapshot or a polled list)
 * @property {(type: "added" | "modified" | "deleted", data: unknown) => void} change
 * @property {(health: Health, detail: { lastDataAt: number, message?: string }) => void} health
 */

const MAX_STREAM_ERRORS = 3;
const MAX_STREAM_RETRY_MS = 10 * 60_000;

export class LiveList {
  /**
   * @param {{ listUrl: string, watchUrl?: string, resourceVersion?: string }} urls  no watchUrl: poll only;
   *   resourceVersion: what the page already shows, so the stream resumes there instead of sending a snapshot
   * @param {LiveHandlers} on
   * @param {LiveTiming} [timing]
   */
  constructor(urls, on, timing = {}) {
    this.pollMs = timing.pollMs ?? 10_000;
    this.staleMs = timing.staleMs ?? 30_000;
    this.retryMs = timing.retryMs ?? 2_000;
    this.streamRetryMs = timing.streamRetryMs ?? 60_000;
    /** While polling after stream errors: the next wait before trying the stream again (doubles per failure). */
    this.streamBackoffMs = this.streamRetryMs;
    /** When polling should hand back to the stream (0: not planned; polling-only lists never do). */
    this.streamRetryAt = 0;
    this.urls = urls;
    this.lastId = urls.resourceVersion ?? "";
    this.on = on;
    /** @type {EventSource | undefined} */
    this.source = undefined;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.staleTimer = undefined;
    this.errors = 0;
    /** The server's heartbeat interval, learned from its heartbeat events. */
    this.heartbeatMs = 0;
    this.polling = !urls.watchUrl;
    this.lastDataAt = Date.now();
    this.stopped = false;
    /** @type {Health} */
    this.state = "connecting";
    this.onVisibility = () => (document.hidden ? this.pause() : this.resume());
  }

  start() {
    document.addEventListener("visibilitychange", this.onVisibility);
    // Polling only: rows the server just rendered are fresh, so the first poll waits a period; anything else
    // (a namespace switch) is fetched at once.
    if (this.polling) {
      this.report("polling");
      if (this.lastId) this.timer = setTimeout(() => this.poll(), this.pollMs);
      else void this.poll();
    } else this.open();
  }

  stop() {
    this.stopped = true;
    document.removeEventListener("visibilitychange", this.onVisibility);
    this.close();
  }

  /**
   * lastDataAt is when the rows were last known current: the last event of any kind (the server sends a
   * `heartbeat` event while its cluster watch is up, so a quiet stream still delivers). A stream that delivers
   * nothing for the stale threshold turns "stale", also when the connection itself stays open.
   * @param {Health} h @param {string} [message]
   */
  report(h, message) {
    if (h === "live") this.lastDataAt = Date.now();
    this.state = h;
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.staleTimer = undefined;
    if ((h === "connecting" || h === "reconnecting" || h === "live") && !this.stopped) {
      const wait = Math.max(0, this.lastDataAt + this.staleAfter() - Date.now());
      const why = h === "live" ? "the server has sent nothing" : message;
      this.staleTimer = setTimeout(() => this.report("stale", why), wait);
    }
    this.on.health(h, { lastDataAt: this.lastDataAt, message });
  }

  /** staleMs, but never less than two of the server's heartbeat intervals (an operator may slow them down). */
  staleAfter() {
    return Math.max(this.staleMs, 2 * this.heartbeatMs);
  }

  close() {
    this.source?.close();
    this.source = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.staleTimer = undefined;
  }

  pause() {
    this.close();
    this.report("paused");
  }

  resume() {
    if (this.stopped) return;
    // Back from a hidden tab: the watch snapshot (or one poll) resyncs everything missed.
    if (this.polling) this.poll();
    else this.open();
  }

  open() {
    this.close();
    if (!this.urls.watchUrl) return this.poll();
    this.report(this.errors > 0 ? "reconnecting" : "connecting");
    const url = new URL(this.urls.watchUrl, location.href);
    if (this.lastId) url.searchParams.set("lastEventId", this.lastId);
    const source = new EventSource(url);
    this.source = source;
    /** @param {string} name @param {(data: unknown) => void} fn */
    const listen = (name, fn) =>
      source.addEventListener(name, (e) => {
        const m = /** @type {MessageEvent} */ (e);
        let data;
        try {
          data = JSON.parse(m.data);
        } catch {
          return;
        }
        if (m.lastEventId) this.lastId = m.lastEventId;
        fn(data);
      });
    source.addEventListener("open", () => {
      this.errors = 0;
      this.streamBackoffMs = this.streamRetryMs;
      this.report("live");
    });
    listen("snapshot", (data) => {
      this.seen();
      this.on.snapshot(data);
    });
    for (const type of /** @type {const} */ (["added", "modified", "deleted"])) {
      listen(type, (data) => {
        this.seen();
        this.on.change(type, data);
      });
    }
    // Sent while the server's cluster watch is up (and right after it recovers): the rows are current.
    listen("heartbeat", (data) => {
      if (data && typeof data === "object" && "intervalMs" in data && typeof data.intervalMs === "number") this.heartbeatMs = data.intervalMs;
      this.seen();
    });
    // After a 410 the server sends the fresh list itself; an older server sends none, so fetch it.
    listen("relist", (data) => {
      if (data && typeof data === "object" && "rows" in data) {
        this.seen();
        this.on.snapshot(data);
      } else void this.fetchOnce();
    });
    listen("auth_expired", () => location.assign(signInUrl()));
    listen("server_shutdown", () => {
      this.close();
      this.report("reconnecting", "the server is restarting");
      this.timer = setTimeout(() => this.open(), 2_000);
    });
    source.addEventListener("error", (e) => {
      if (this.source !== source) return;
      // A server-sent `error` event (upstream trouble, the server retries by itself) is not a broken stream.
      if (e instanceof MessageEvent) {
        let message = "the cluster watch failed; retrying";
        try {
          const data = JSON.parse(e.data);
          if (data && typeof data.message === "string") message = data.message;
        } catch {
          // keep the generic message
        }
        this.report("reconnecting", message);
        return;
      }
      this.errors++;
      if (this.errors >= MAX_STREAM_ERRORS) {
        this.close();
        this.polling = true;
        this.streamRetryAt = Date.now() + this.streamBackoffMs;
        this.streamBackoffMs = Math.min(2 * this.streamBackoffMs, MAX_STREAM_RETRY_MS);
        this.report("polling");
        void this.poll();
      } else if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (an HTTP error, not a dropped connection): reopen ourselves, and poll after MAX.
        this.close();
        this.report("reconnecting");
        this.timer = setTimeout(() => this.open(), this.retryMs);
      } else {
        this.report("reconnecting");
      }
    });
  }

  seen() {
    this.lastDataAt = Date.now();
    this.report(this.polling ? "polling" : "live");
  }

  async fetchOnce() {
    const result = await api(this.urls.listUrl);
    if (result.ok) {
      this.seen();
      this.on.snapshot(result.data);
    } else {
      this.report("error", result.message);
    }
  }

  async poll() {
    if (this.stopped || document.hidden) return;
    await this.fetchOnce();
    if (this.stopped) return;
    if (this.streamRetryAt && Date.now() >= this.streamRetryAt) {
      // Polling because the stream kept failing: try it again (one more error goes straight back to polling,
      // with a longer wait before the next try).
      this.streamRetryAt = 0;
      this.polling = false;
      this.open();
      return;
    }
    this.timer = setTimeout(() => this.poll(), this.pollMs);
  }
}
