/**
 * NetworkPolicy (off by default): ingress to the http port from the listed namespaces (any source when none are
 * listed), DNS egress always, everything else (IdP, AWS, apiservers) through egress.extra.
 */
import type { ChartContext } from "./context.ts";
import { intOrString } from "./k8s.ts";
import type { k8s } from "./k8s.ts";

export function networkPolicy(c: ChartContext): void {
  const { s, V } = c;
  const np = V.networkPolicy;
  s.ifObjects(np.enabled, () => {
    const dnsPorts: k8s.NetworkPolicyPort[] = [
      { port: intOrString(53), protocol: "UDP" },
      { port: intOrString(53), protocol: "TCP" },
    ];
    const spec: k8s.NetworkPolicySpec = {
      podSelector: { matchLabels: c.selector() },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          from: s.each(np.ingress.fromNamespaces, "fromNamespace", (ns) => ({
            namespaceSelector: { matchLabels: s.yaml(ns) },
          })),
          ports: [{ port: intOrString("http"), protocol: "TCP" }],
        },
        ...s.splice<k8s.NetworkPolicyIngressRule>(np.ingress.extra),
      ],
      egress: [{ ports: dnsPorts }, ...s.splice<k8s.NetworkPolicyEgressRule>(np.egress.extra)],
    };
    s.object("networkpolicy", { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: c.meta(), spec });
  });
}
