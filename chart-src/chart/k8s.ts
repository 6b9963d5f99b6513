/**
 * Typing aids: resource bodies are typed with cdk8s-plus-28's k8s.*Props interfaces (type-only import, so the
 * big module is never loaded), but emitted as plain JSON through core ApiObjects.
 */
import type { k8s } from "cdk8s-plus-28";
export type { k8s };

/** Plain objects stand in for the IntOrString/Quantity wrapper classes (ApiObject serialises plain JSON). */
export const intOrString = (v: string | number): k8s.IntOrString => v as unknown as k8s.IntOrString;
export const quantity = (v: string): k8s.Quantity => v as unknown as k8s.Quantity;
export const quantityMap = (v: Record<string, string>): Record<string, k8s.Quantity> => v as unknown as Record<string, k8s.Quantity>;

/** Fixed wiring the server relies on (design/values-contract.md). */
export const CONFIG_DIR = "/etc/periscope";
export const AUTH_FILE = `${CONFIG_DIR}/auth.yaml`;
export const CLUSTERS_FILE = `${CONFIG_DIR}/clusters.yaml`;
export const AUDIT_DIR = "/var/lib/periscope/audit";
export const CONTAINER_NAME = "periscope";
