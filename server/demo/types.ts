/** Shapes shared by the simulator's parts. Objects stay plain JSON; only metadata is typed. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }>;
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
  [key: string]: unknown;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  fieldsType: "FieldsV1";
  fieldsV1: JsonObject;
  subresource?: string;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** One servable resource (a plural in one group), with the versions it is served at. */
export interface ResourceType {
  group: string;
  /** Served versions; the first is the preferred/storage version. */
  versions: string[];
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** e.g. ["status", "scale", "log", "exec"] */
  subresources: string[];
  /** Only create is allowed (reviews); never stored. */
  virtual?: boolean;
  /** Printer columns for CRDs (additionalPrinterColumns of the preferred version). */
  printerColumns?: PrinterColumn[];
  /** JSONPaths for the /scale subresource of CRDs. */
  scalePaths?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

/** The authenticated (or impersonated) caller. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const resourceKey = (group: string, plural: string) => (group ? `${plural}.${group}` : plural);
export const apiVersionOf = (group: string, version: string) => (group ? `${group}/${version}` : version);
