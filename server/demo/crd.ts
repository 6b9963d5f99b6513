/** A CustomResourceDefinition becomes a servable ResourceType; its status says Established at once. */
import type { KubeObject, PrinterColumn, ResourceType } from "./types.ts";

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  subresources?: { status?: object; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: PrinterColumn[];
}

interface CrdSpec {
  group: string;
  scope: string;
  names: { plural: string; singular?: string; kind: string; shortNames?: string[]; categories?: string[]; listKind?: string };
  versions: CrdVersion[];
}

export function crdSpec(crd: KubeObject): CrdSpec | undefined {
  const spec = crd.spec as Partial<CrdSpec> | undefined;
  if (!spec || typeof spec.group !== "string" || !spec.names || typeof spec.names.plural !== "string" || typeof spec.names.kind !== "string") return undefined;
  if (!Array.isArray(spec.versions) || spec.versions.length === 0) return undefined;
  return spec as CrdSpec;
}

/** Problems that make a CRD invalid, as field/message pairs (empty when valid). */
export function validateCrd(crd: KubeObject): Array<{ field: string; message: string }> {
  const spec = crdSpec(crd);
  if (!spec) return [{ field: "spec", message: "Required value: group, names.plural, names.kind and versions are required" }];
  const expected = `${spec.names.plural}.${spec.group}`;
  if (crd.metadata.name !== expected) return [{ field: "metadata.name", message: `Invalid value: "${crd.metadata.name}": must be spec.names.plural+"."+spec.group` }];
  if (spec.versions.filter((v) => v.storage).length !== 1) return [{ field: "spec.versions", message: "Invalid value: must have exactly one version marked as storage version" }];
  return [];
}

export function crdToType(crd: KubeObject): ResourceType | undefined {
  const spec = crdSpec(crd);
  if (!spec) return undefined;
  const served = spec.versions.filter((v) => v.served !== false);
  if (served.length === 0) return undefined;
  const storage = served.find((v) => v.storage) ?? served[0]!;
  const ordered = [storage, ...served.filter((v) => v !== storage)];
  const subresources: string[] = [];
  if (storage.subresources?.status) subresources.push("status");
  if (storage.subresources?.scale) subresources.push("scale");
  const type: ResourceType = {
    group: spec.group,
    versions: ordered.map((v) => v.name),
    kind: spec.names.kind,
    plural: spec.names.plural,
    singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
    namespaced: spec.scope !== "Cluster",
    shortNames: spec.names.shortNames ?? [],
    categories: spec.names.categories ?? [],
    verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
    subresources,
    printerColumns: storage.additionalPrinterColumns ?? [],
  };
  if (storage.subresources?.scale) type.scalePaths = storage.subresources.scale;
  return type;
}

/** The status a real apiserver reports once the names are accepted. */
export function establishedStatus(crd: KubeObject): Record<string, unknown> {
  const spec = crdSpec(crd);
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const cond = (type: string, reason: string, message: string) => ({ type, status: "True", lastTransitionTime: now, reason, message });
  return {
    conditions: [cond("NamesAccepted", "NoConflicts", "no conflicts found"), cond("Established", "InitialNamesAccepted", "the initial names have been accepted")],
    acceptedNames: spec ? { listKind: `${spec.names.kind}List`, singular: spec.names.kind.toLowerCase(), ...spec.names } : {},
    storedVersions: spec ? spec.versions.filter((v) => v.storage).map((v) => v.name) : [],
  };
}
