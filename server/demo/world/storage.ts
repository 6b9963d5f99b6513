/**
 * Storage as the EBS CSI driver leaves it: gp3 (default) and gp2 StorageClasses, PVCs from StatefulSet
 * claim templates bound to dynamically provisioned PVs, a claim still waiting for its consumer, and a
 * Released volume kept by a Retain policy.
 */
import type { KubeObject } from "../types.ts";
import type { WorldBuilder } from "./builder.ts";
import { DAY } from "./builder.ts";
import type { AppSpec } from "./catalog.ts";

export function buildStorageClasses(b: WorldBuilder): void {
  const sc = (name: string, isDefault: boolean, parameters: Record<string, string>, reclaim = "Delete") =>
    b.add({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: b.meta(name, undefined, { ageMs: 90 * DAY, annotations: isDefault ? { "storageclass.kubernetes.io/is-default-class": "true" } : {} }),
      provisioner: name === "gp2" ? "kubernetes.io/aws-ebs" : "ebs.csi.aws.com",
      parameters,
      reclaimPolicy: reclaim,
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    } as KubeObject);
  sc("gp3", true, { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" });
  sc("gp2", false, { type: "gp2", fsType: "ext4" });
  sc("io2-retain", false, { type: "io2", iopsPerGB: "50" }, "Retain");
}

/** A claim for one StatefulSet replica; bound to a fresh PV unless its pod is still unscheduled. */
export function claimFor(b: WorldBuilder, app: AppSpec, name: string, size: string, labels: Record<string, string>, pod: KubeObject): void {
  const nodeName = (pod.spec as { nodeName?: string }).nodeName;
  const ageMs = Math.max(60_000, b.now - Date.parse(pod.metadata.creationTimestamp!) + 5_000);
  const pvc = b.add({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: b.meta(name, app.namespace, {
      ageMs,
      labels,
      annotations: nodeName
        ? { "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes", "volume.beta.kubernetes.io/storage-provisioner": "ebs.csi.aws.com", "volume.kubernetes.io/storage-provisioner": "ebs.csi.aws.com", "volume.kubernetes.io/selected-node": nodeName }
        : {},
    }),
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } }, storageClassName: "gp3", volumeMode: "Filesystem" },
    status: { phase: "Pending" },
  } as KubeObject);
  if (!nodeName) return;
  const pvName = `pvc-${pvc.metadata.uid}`;
  (pvc.spec as Record<string, unknown>).volumeName = pvName;
  pvc.status = { phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: size } };
  b.add({
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: b.meta(pvName, undefined, { ageMs: ageMs - 3000, annotations: { "pv.kubernetes.io/provisioned-by": "ebs.csi.aws.com", "volume.kubernetes.io/provisioner-deletion-secret-name": "", "volume.kubernetes.io/provisioner-deletion-secret-namespace": "" } }),
    spec: {
      accessModes: ["ReadWriteOnce"],
      capacity: { storage: size },
      claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", name, namespace: app.namespace, uid: pvc.metadata.uid },
      csi: { driver: "ebs.csi.aws.com", fsType: "ext4", volumeHandle: `vol-0${b.hex(16)}`, volumeAttributes: { "storage.kubernetes.io/csiProvisionerIdentity": "1730000000000-8081-ebs.csi.aws.com" } },
      persistentVolumeReclaimPolicy: "Delete",
      storageClassName: "gp3",
      volumeMode: "Filesystem",
    },
    status: { phase: "Bound", lastPhaseTransitionTime: b.at(ageMs - 3000) },
  } as KubeObject);
}

/** A volume whose claim was deleted but whose data is kept (reclaim policy Retain). */
export function buildReleasedVolume(b: WorldBuilder): void {
  b.add({
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: b.meta(`pvc-${b.rng.uuid()}`, undefined, { ageMs: 30 * DAY, annotations: { "pv.kubernetes.io/provisioned-by": "ebs.csi.aws.com" } }),
    spec: {
      accessModes: ["ReadWriteOnce"],
      capacity: { storage: "20Gi" },
      claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", name: "old-reports", namespace: "data", uid: b.rng.uuid() },
      csi: { driver: "ebs.csi.aws.com", fsType: "ext4", volumeHandle: `vol-0${b.hex(16)}` },
      persistentVolumeReclaimPolicy: "Retain",
      storageClassName: "io2-retain",
      volumeMode: "Filesystem",
    },
    status: { phase: "Released", lastPhaseTransitionTime: b.at(9 * DAY) },
  } as KubeObject);
}
