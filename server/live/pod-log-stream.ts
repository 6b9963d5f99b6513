/**
 * One container's log from the apiserver (`pods/{name}/log`), split into lines with their timestamps. Reading
 * waits while the browser's buffer is full, so a slow reader pushes back on the apiserver instead of growing memory.
 */
import type { KubeClient } from "../clusters/kube-client.ts";

export interface LogParams {
  container?: string | undefined;
  follow: boolean;
  previous: boolean;
  tailLines?: number | undefined;
  sinceSeconds?: number | undefined;
  /** Resume point after a reconnect (RFC 3339). */
  sinceTime?: string | undefined;
}

export interface LogLine {
  timestamp: string | undefined;
  text: string;
}

const TS = /^(\d{4}-\d\d-\d\dT[0-9:.]+Z) ?/;

export function splitTimestamp(line: string): LogLine {
  const m = TS.exec(line);
  return m ? { timestamp: m[1], text: line.slice(m[0].length) } : { timestamp: undefined, text: line };
}

export function openPodLog(client: KubeClient, namespace: string, pod: string, p: LogParams, signal: AbortSignal): Promise<Response> {
  return client.send({
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`,
    accept: "*/*",
    query: {
      container: p.container,
      follow: p.follow ? "true" : undefined,
      previous: p.previous ? "true" : undefined,
      tailLines: p.tailLines,
      sinceSeconds: p.sinceTime ? undefined : p.sinceSeconds,
      sinceTime: p.sinceTime,
      timestamps: "true",
    },
    timeoutMs: p.follow ? 0 : 60_000,
    signal,
  });
}

/** Reads lines until the log ends or drops; `beforeRead` may wait (backpressure). Resolves true when it ended cleanly. */
export async function readLogLines(response: Response, onLine: (line: LogLine) => void, beforeRead: () => Promise<void>): Promise<boolean> {
  if (!response.body) return true;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let partial = "";
  try {
    for (;;) {
      await beforeRead();
      const { value, done } = await reader.read();
      if (done) break;
      partial += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = partial.indexOf("\n")) >= 0) {
        onLine(splitTimestamp(partial.slice(0, nl)));
        partial = partial.slice(nl + 1);
      }
    }
  } catch {
    return false;
  }
  if (partial !== "") onLine(splitTimestamp(partial));
  return true;
}
