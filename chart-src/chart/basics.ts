/** ServiceAccount, Service, PodDisruptionBudget. */
import type { ChartContext } from "./context.ts";
import { include, serviceAccountNameHelper } from "./helpers.ts";
import { intOrString } from "./k8s.ts";
import type { k8s } from "./k8s.ts";

export function serviceAccount(c: ChartContext): void {
  const { s, V } = c;
  s.ifObjects(V.serviceAccount.create, () => {
    s.object("serviceaccount", {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: {
        name: s.str(include(serviceAccountNameHelper)),
        labels: c.meta().labels,
        annotations: s.merge(V.serviceAccount.annotations),
      },
    });
  });
}

export function service(c: ChartContext): void {
  const { s, V } = c;
  const spec: k8s.ServiceSpec = {
    type: s.str(V.service.type),
    ports: [{ name: "http", port: s.int(V.service.port), targetPort: intOrString("http"), protocol: "TCP" }],
    selector: c.selector(),
  };
  s.object("service", { apiVersion: "v1", kind: "Service", metadata: c.meta(), spec });
}

export function podDisruptionBudget(c: ChartContext): void {
  const { s, V } = c;
  s.ifObjects(V.pdb.enabled, () => {
    const spec: k8s.PodDisruptionBudgetSpec = {
      maxUnavailable: intOrString(s.int(V.pdb.maxUnavailable)),
      selector: { matchLabels: c.selector() },
    };
    s.object("pdb", { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: c.meta(), spec });
  });
}
