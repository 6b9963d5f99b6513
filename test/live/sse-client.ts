/**
 * A test EventSource: reads an SSE response over real HTTP and parses events (id, event, data) the way browsers
 * do, with a queue to await the next event of a type.
 */
export interface SseEvent {
  event: string;
  id: string | undefined;
  data: any;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  lastEventId: string | undefined;
  ended = false;
  #cursor = 0;
  #waiters: Array<() => void> = [];
  readonly #abort: AbortController;
  readonly response: Response;

  private constructor(response: Response, abort: AbortController) {
    this.response = response;
    this.#abort = abort;
    void this.#read();
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: abort.signal });
    return new SseClient(response, abort);
  }

  async #read(): Promise<void> {
    if (!this.response.body || !this.response.headers.get("content-type")?.startsWith("text/event-stream")) {
      this.ended = true;
      return;
    }
    const reader = this.response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          this.#block(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    }
    this.ended = true;
    this.#wake();
  }

  #block(block: string): void {
    let event = "message";
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "id") id = value;
      else if (field === "data") data.push(value);
    }
    if (id !== undefined) this.lastEventId = id;
    if (data.length === 0) return;
    const text = data.join("\n");
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // plain text data
    }
    this.events.push({ event, id, data: parsed });
    this.#wake();
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  /** The next event not yet taken (optionally of one of `types`, skipping others); rejects on timeout or end. */
  async next(types?: string | string[], timeoutMs = 10_000): Promise<SseEvent> {
    const wanted = types === undefined ? undefined : Array.isArray(types) ? types : [types];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.#cursor < this.events.length) {
        const e = this.events[this.#cursor++]!;
        if (!wanted || wanted.includes(e.event)) return e;
      }
      if (this.ended) throw new Error(`stream ended while waiting for ${wanted?.join("/") ?? "an event"}; saw ${this.events.map((e) => e.event).join(",")}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${wanted?.join("/") ?? "event"} within ${timeoutMs} ms; saw ${this.events.map((e) => e.event).join(",")}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** Resolves when the server ended the stream. */
  async closedByServer(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error("the server did not end the stream");
      await new Promise<void>((r) => {
        const t = setTimeout(r, 100);
        this.#waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  close(): void {
    this.#abort.abort();
  }
}
