/**
 * Which field selectors each kind supports (the apiserver rejects the rest with 400), and how a label maps
 * to the object when the names differ.
 */
import type { ResourceType } from "./types.ts";
import { resourceKey } from "./types.ts";

const META = ["metadata.name", "metadata.namespace"];

const SUPPORTED: Record<string, string[]> = {
  pods: ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
  events: ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
  secrets: ["type"],
  nodes: ["spec.unschedulable"],
  namespaces: ["status.phase"],
  persistentvolumeclaims: [],
  "jobs.batch": ["status.successful"],
  "replicasets.apps": ["status.replicas"],
  "certificatesigningrequests.certificates.k8s.io": ["spec.signerName"],
};

/** Labels whose value lives under another path (events' `source` is source.component). */
const PATHS: Record<string, string> = { source: "source.component", "status.successful": "status.succeeded" };

/** The object path a field label reads, or undefined when this kind does not support the label. */
export function fieldPath(type: ResourceType, label: string): string | undefined {
  if (META.includes(label)) return label;
  const extra = SUPPORTED[resourceKey(type.group, type.plural)] ?? [];
  return extra.includes(label) ? (PATHS[label] ?? label) : undefined;
}
