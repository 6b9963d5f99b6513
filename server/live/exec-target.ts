/**
 * What an exec request opens, checked before the WebSocket upgrade so mistakes are JSON errors: the pod, the
 * container (the default-container annotation, else the first) and the command (default: bash, then sh).
 */
import { isRecord } from "../api/object-view.ts";
import { AppError, badRequest } from "../http/errors.ts";
import { podView } from "./log-targets.ts";

export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
  /** Commands to try in order (one unless the default shell was asked for). */
  commands: string[][];
  tty: boolean;
}

export const DEFAULT_SHELLS = [["bash"], ["sh"]];

export function execTarget(pod: unknown, url: URL): ExecTarget {
  const view = podView(pod);
  const requested = url.searchParams.get("container") || undefined;
  const container = requested ?? view.defaultContainer;
  if (!container) throw badRequest(`pod ${view.name} has no containers`);
  if (!view.containers.includes(container)) {
    throw new AppError(400, "unknown_container", `pod ${view.name} has no container ${JSON.stringify(container)}; choose one of ${view.containers.join(", ")}`, { details: { containers: view.containers } });
  }
  const statuses = isRecord(pod) && isRecord(pod.status) && Array.isArray(pod.status.containerStatuses) ? pod.status.containerStatuses : [];
  const status = statuses.find((s) => isRecord(s) && s.name === container);
  const running = isRecord(status) && isRecord(status.state) && isRecord(status.state.running);
  if (!running) throw new AppError(409, "container_not_running", `container ${container} of pod ${view.name} is not running, so there is nothing to exec into`);
  const commandParams = url.searchParams.getAll("command").filter((c) => c !== "");
  let commands = DEFAULT_SHELLS;
  if (commandParams.length === 1 && /\s/.test(commandParams[0]!)) commands = [commandParams[0]!.trim().split(/\s+/)];
  else if (commandParams.length > 0) commands = [commandParams];
  const tty = url.searchParams.get("tty") !== "false" && url.searchParams.get("tty") !== "0";
  return { namespace: view.namespace, pod: view.name, container, commands, tty };
}
