/** Call the simulator in-process, as the demo backend does: a Request in, a Response out. */
import { createSimulator } from "../../server/demo/simulator.ts";
import type { Simulator, SimulatorOptions } from "../../server/demo/simulator.ts";

export const ADMIN = "admin-token";

export interface Caller {
  sim: Simulator;
  call(method: string, path: string, options?: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: BodyInit }): Promise<Response>;
  json<T = any>(method: string, path: string, options?: { body?: unknown; token?: string; headers?: Record<string, string> }): Promise<{ status: number; body: T }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function inProcess(options: SimulatorOptions = {}): Caller {
  const sim = createSimulator({ ...options, tokens: { [ADMIN]: { user: "root", groups: ["system:masters"] }, ...options.tokens } });
  const call: Caller["call"] = (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    const token = o.token ?? ADMIN;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: BodyInit | undefined = o.raw;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers["content-type"] ??= "application/json";
    }
    return sim.handle(new Request(`https://sim.invalid${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }));
  };
  return {
    sim,
    call,
    async json(method, path, o) {
      const r = await call(method, path, o);
      return { status: r.status, body: await r.json() };
    },
  };
}

/** Read newline-delimited watch events from a streaming response. */
export function eventReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    /** The next event, or undefined when the stream ended. */
    async next(): Promise<{ type: string; object: any } | undefined> { // eslint-disable-line @typescript-eslint/no-explicit-any
      for (;;) {
        const nl = buffer.indexOf("\n");
        if (nl >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line.trim()) return JSON.parse(line);
          continue;
        }
        const { done, value } = await reader.read();
        if (done) return undefined;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}
