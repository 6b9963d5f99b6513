/**
 * `GET|POST /api/v1/namespaces/{ns}/pods/{name}/exec`: validates like the apiserver (container, host,
 * running state), then accepts the WebSocket upgrade (v5, falling back to v4) and runs the fake shell.
 * The caller has already authenticated, authorized `create pods/exec` and loaded the pod.
 */
import type { Platform } from "../../platform/types.ts";
import type { SubresourceHandler } from "../hooks.ts";
import { negotiate } from "./channels.ts";
import { runExecSession } from "./exec-session.ts";
import type { ExecSessionResult, ExecStreams } from "./exec-session.ts";
import { claimInProcess } from "./in-process.ts";
import { dialFailure, unreachableKubelet } from "./kubelet-reach.ts";
import { badRequestStatus, failureStatus, statusResponse } from "./k8s-status.ts";
import { pickContainer, podFacts } from "./pod-facts.ts";

export interface ExecHandlerOptions {
  platform: Platform;
  /** Told when a session ends (tests, metrics). */
  onSessionEnd?: (result: ExecSessionResult & { pod: string; container: string }) => void;
}

const truthy = (v: string | null) => v === "true" || v === "1";

export function handleExec(request: Request, pod: unknown, options: ExecHandlerOptions): Response {
  if (request.method !== "GET" && request.method !== "POST") {
    return statusResponse(failureStatus(405, `the server does not allow this method on the requested resource`));
  }
  const url = new URL(request.url);
  const q = url.searchParams;
  const facts = podFacts(pod);
  const command = q.getAll("command");
  const streams: ExecStreams = {
    stdin: truthy(q.get("stdin")),
    stdout: truthy(q.get("stdout")),
    stderr: truthy(q.get("stderr")),
    tty: truthy(q.get("tty")),
  };
  const container = pickContainer(facts, q.get("container"));
  if (typeof container === "string") return badRequestStatus(container);
  if (!facts.nodeName) return badRequestStatus(`pod ${facts.name} does not have a host assigned`);
  if (command.length === 0) return badRequestStatus("you must specify at least one command for the container");
  if (!streams.stdin && !streams.stdout && !streams.stderr) {
    return badRequestStatus("you must specify at least 1 of stdin, stdout, stderr");
  }
  if (container.state !== "running") {
    return badRequestStatus(`unable to upgrade connection: container not found ("${container.name}")`);
  }
  if ((request.headers.get("upgrade") ?? "").toLowerCase() !== "websocket") {
    return badRequestStatus("Upgrade request required");
  }
  const protocol = negotiate(request.headers.get("sec-websocket-protocol"));
  if (!protocol) {
    return badRequestStatus("unable to upgrade: unable to negotiate protocol: client supports neither v5.channel.k8s.io nor v4.channel.k8s.io");
  }
  const { socket, response } = claimInProcess(request, protocol) ?? options.platform.upgradeWebSocket(request, { protocol });
  const target = { namespace: facts.namespace, pod: facts.name, container: container.name, image: container.image, env: container.env };
  void runExecSession(socket, protocol, command, streams, target).then((result) =>
    options.onSessionEnd?.({ ...result, pod: facts.name, container: container.name }),
  );
  return response;
}

/** The `pods/exec` hook for the simulator (server/demo/hooks.ts). */
export function podExecHook(options: ExecHandlerOptions): SubresourceHandler {
  return (req) => {
    const host = unreachableKubelet(req.store, req.object);
    if (host) return dialFailure(`error dialing backend: dial tcp ${host}:10250: connect: no route to host`);
    return handleExec(req.request, req.object, options);
  };
}
