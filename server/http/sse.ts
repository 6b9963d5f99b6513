/**
 * Server-sent events with heartbeats, a bounded buffer and a shutdown hook.
 * `open()` returns the Response and a writer; the stream registers itself in a `StreamRegistry` so that server
 * shutdown (and session expiry) can send a final event to every open stream.
 */
export interface SseWriter {
  /** Queue an event. Returns false when the client is too slow and the buffer limit was passed. */
  send(event: string, data: unknown, id?: string): boolean;
  comment(text: string): void;
  /** Move the client's Last-Event-ID forward without an event (an `id:`-only block dispatches nothing). */
  setId(id: string): void;
  /** Send a final event (optional) and end the stream. */
  close(finalEvent?: { event: string; data: unknown }): void;
  /** Aborted when the client disconnects or the stream is closed. */
  readonly signal: AbortSignal;
  readonly closed: boolean;
  /** Bytes queued for the client and not yet taken by the transport (what a slow reader costs us). */
  readonly bufferedBytes: number;
}

export interface StreamInfo {
  kind: string;
  owner: string;
  openedAt: number;
}

/** Every open long-lived stream, for shutdown and per-user limits. */
export class StreamRegistry {
  readonly #streams = new Map<SseWriter, StreamInfo>();
  add(writer: SseWriter, info: StreamInfo): void {
    this.#streams.set(writer, info);
    writer.signal.addEventListener("abort", () => this.#streams.delete(writer), { once: true });
  }
  countFor(owner: string): number {
    let n = 0;
    for (const info of this.#streams.values()) if (info.owner === owner) n++;
    return n;
  }
  entries(): Array<[SseWriter, StreamInfo]> {
    return [...this.#streams.entries()];
  }
  get size(): number {
    return this.#streams.size;
  }
  /** Close every stream with a final event (e.g. server_shutdown). */
  closeAll(finalEvent: { event: string; data: unknown }): void {
    for (const writer of [...this.#streams.keys()]) writer.close(finalEvent);
  }
}

export interface SseOptions {
  /** Heartbeat comment interval. */
  heartbeatMs?: number;
  /** Bytes buffered for a slow client before `send` reports overflow. */
  maxBufferedBytes?: number;
  /** Aborts the stream (usually the request's signal). */
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

const encoder = new TextEncoder();

export function openSse(options: SseOptions = {}): { response: Response; writer: SseWriter } {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxBuffered = options.maxBufferedBytes ?? 1 << 20;
  const done = new AbortController();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let buffered = 0;
  let closed = false;

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        buffered = Math.max(0, -(controller.desiredSize ?? 0));
      },
      cancel() {
        finish();
      },
    },
    // Count bytes, not chunks, so `maxBufferedBytes` bounds memory whatever the event sizes.
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );

  const enqueue = (text: string): boolean => {
    if (closed) return false;
    const bytes = encoder.encode(text);
    try {
      controller.enqueue(bytes);
    } catch {
      finish();
      return false;
    }
    buffered = -(controller.desiredSize ?? 0);
    return buffered <= maxBuffered;
  };

  const heartbeat = setInterval(() => enqueue(": heartbeat\n\n"), heartbeatMs);
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    try {
      controller.close();
    } catch {
      // already closed or errored
    }
    done.abort();
  };
  options.signal?.addEventListener("abort", finish, { once: true });
  if (options.signal?.aborted) finish();

  const writer: SseWriter = {
    send(event, data, id) {
      const payload = typeof data === "string" ? data : JSON.stringify(data);
      let text = "";
      if (id !== undefined) text += `id: ${id}\n`;
      text += `event: ${event}\n`;
      for (const line of payload.split("\n")) text += `data: ${line}\n`;
      return enqueue(text + "\n");
    },
    comment(text) {
      enqueue(`: ${text.replace(/\n/g, " ")}\n\n`);
    },
    setId(id) {
      enqueue(`id: ${id.replace(/\n/g, "")}\n\n`);
    },
    close(finalEvent) {
      if (closed) return;
      if (finalEvent) writer.send(finalEvent.event, finalEvent.data);
      finish();
    },
    get signal() {
      return done.signal;
    },
    get closed() {
      return closed;
    },
    get bufferedBytes() {
      return Math.max(0, -(controller.desiredSize ?? 0));
    },
  };

  const response = new Response(stream, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
      ...options.headers,
    },
  });
  // A first comment flushes headers through proxies and lets clients see the stream is open.
  enqueue(": open\n\n");
  return { response, writer };
}
