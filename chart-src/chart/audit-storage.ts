/** The audit store's PVC (audit.storage.type=pvc); kept on uninstall so audit history is never lost by accident. */
import { and, eq } from "../dsl/expr.ts";
import type { ChartContext } from "./context.ts";
import { quantity } from "./k8s.ts";
import type { k8s } from "./k8s.ts";

export function auditStorage(c: ChartContext): void {
  const { s, V } = c;
  const st = V.audit.storage;
  s.ifObjects(and(V.audit.enabled, eq(st.type, "pvc")), () => {
    const spec: k8s.PersistentVolumeClaimSpec = {
      accessModes: [s.str(st.accessMode)],
      resources: { requests: { storage: quantity(s.str(st.size)) } },
      ...s.when(st.storageClass, () => ({ storageClassName: s.str(st.storageClass) })),
    };
    s.object("pvc-audit", {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: c.meta("-audit", { "helm.sh/resource-policy": "keep" }),
      spec,
    });
  });
}
