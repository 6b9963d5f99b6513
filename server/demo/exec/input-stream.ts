/**
 * Stdin for a fake process: text arrives in chunks from the WebSocket, programs pull it with `read` or
 * `readLine`. `end()` is EOF (v5 close signal, Ctrl-D, or the socket going away).
 */
export class InputStream {
  private buffer = "";
  private ended = false;
  private waiters: Array<() => void> = [];

  get isEnded(): boolean {
    return this.ended && this.buffer.length === 0;
  }

  push(text: string): void {
    if (this.ended || text.length === 0) return;
    this.buffer += text;
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  /** Next available text, or null at EOF or when `signal` aborts. */
  async read(signal?: AbortSignal): Promise<string | null> {
    while (this.buffer.length === 0) {
      if (this.ended || signal?.aborted) return null;
      await this.wait(signal);
    }
    const out = this.buffer;
    this.buffer = "";
    return out;
  }

  /** Next line without its newline; the unterminated rest at EOF; null when nothing is left. */
  async readLine(signal?: AbortSignal): Promise<string | null> {
    for (;;) {
      const nl = this.buffer.indexOf("\n");
      if (nl >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        return line;
      }
      if (signal?.aborted) return null;
      if (this.ended) {
        if (this.buffer.length === 0) return null;
        const rest = this.buffer;
        this.buffer = "";
        return rest;
      }
      await this.wait(signal);
    }
  }

  private wait(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener("abort", done);
        resolve();
      };
      this.waiters.push(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
