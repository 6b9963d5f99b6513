/** A test browser for exec: a `ws` client collecting output bytes and JSON control frames. */
import WebSocket from "ws";

export interface ExecClient {
  ws: WebSocket;
  output(): string;
  controls: Array<Record<string, any>>;
  nextControl(type: string, timeoutMs?: number): Promise<Record<string, any>>;
  waitOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  send(text: string): void;
  control(message: Record<string, unknown>): void;
  closed: Promise<{ code: number; reason: string }>;
}

export type Refused = { status: number; body: any };

/** Connects; resolves with the client once open, or with the HTTP refusal (status + JSON body) before the upgrade. */
export function connectExec(url: string, headers: Record<string, string>, protocols?: string[]): Promise<ExecClient | Refused> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols ?? [], { headers });
    const chunks: Buffer[] = [];
    const controls: Array<Record<string, any>> = [];
    const waiters: Array<() => void> = [];
    const wake = () => {
      for (const w of waiters.splice(0)) w();
    };
    let closeInfo: { code: number; reason: string } | undefined;
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on("close", (code, reason) => {
        closeInfo = { code, reason: reason.toString() };
        wake();
        r(closeInfo);
      }),
    );
    ws.on("message", (data, isBinary) => {
      if (isBinary) chunks.push(Buffer.from(data as Buffer));
      else controls.push(JSON.parse(data.toString()));
      wake();
    });
    const wait = async (done: () => boolean, what: string, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (!done()) {
        if (closeInfo && !done()) throw new Error(`socket closed while waiting for ${what}; controls ${JSON.stringify(controls)} output ${JSON.stringify(Buffer.concat(chunks).toString())}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; controls ${JSON.stringify(controls)} output ${JSON.stringify(Buffer.concat(chunks).toString())}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, 50);
          waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
    };
    const client: ExecClient = {
      ws,
      output: () => Buffer.concat(chunks).toString("utf8"),
      controls,
      closed,
      async nextControl(type, timeoutMs = 10_000) {
        let found: Record<string, any> | undefined;
        await wait(() => (found = controls.find((c) => c.type === type)) !== undefined, `control ${type}`, timeoutMs);
        return found!;
      },
      async waitOutput(pattern, timeoutMs = 10_000) {
        await wait(() => pattern.test(client.output()), `output ${pattern}`, timeoutMs);
        return client.output();
      },
      send: (text) => ws.send(Buffer.from(text), { binary: true }),
      control: (message) => ws.send(JSON.stringify(message)),
    };
    ws.on("open", () => resolve(client));
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => {
        let parsed: unknown = body;
        try {
          parsed = JSON.parse(body);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    ws.on("error", (error) => {
      if (ws.readyState === WebSocket.CONNECTING) reject(error);
    });
  });
}

export function isRefused(x: ExecClient | Refused): x is Refused {
  return "status" in x;
}
