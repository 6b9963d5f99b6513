/**
 * The apiserver reaches a pod's logs and exec through the kubelet on its node. When that node is NotReady
 * (kubelet gone), the call fails the way a dial fails: a 500 naming the node's address.
 */
import type { Store } from "../store.ts";
import type { KubeObject } from "../types.ts";

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === "object" && v !== null ? (v as Rec) : {});
const arr = (v: unknown): Rec[] => (Array.isArray(v) ? v.map(rec) : []);

/** The node's InternalIP when the pod sits on a NotReady node, else undefined. */
export function unreachableKubelet(store: Store, pod: KubeObject): string | undefined {
  const nodeName = rec(pod.spec).nodeName;
  if (typeof nodeName !== "string") return undefined;
  const node = store.tryGet(store.types.find("", "nodes")!, undefined, nodeName);
  if (!node) return undefined;
  const ready = arr(rec(node.status).conditions).some((c) => c.type === "Ready" && c.status === "True");
  if (ready) return undefined;
  const ip = arr(rec(node.status).addresses).find((a) => a.type === "InternalIP")?.address;
  return typeof ip === "string" ? ip : nodeName;
}

export function dialFailure(message: string): Response {
  return new Response(JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason: "InternalError", details: { causes: [{ message }] }, code: 500 }), {
    status: 500,
    headers: { "content-type": "application/json" },
  });
}
