/**
 * Services (ClusterIP, LoadBalancer, headless), the EndpointSlices the controller would keep for them,
 * IngressClasses, Ingresses for the shop and Grafana, and a default-deny NetworkPolicy in payments.
 */
import type { KubeObject } from "../types.ts";
import type { WorldBuilder } from "./builder.ts";
import { DAY } from "./builder.ts";
import type { NodeFacts } from "./nodes.ts";
import type { BuiltApp } from "./workloads.ts";

const portName = (port: number) => (port === 5432 ? "postgres" : port === 6379 ? "redis" : port === 53 ? "dns" : port === 9090 || port === 9100 ? "metrics" : "http");

export function buildService(b: WorldBuilder, app: BuiltApp, nodes: NodeFacts[]): void {
  const spec = app.spec;
  const container = spec.containers.find((c) => c.port !== undefined);
  if (!spec.service || !container) return;
  const port = container.port!;
  const svcPort = spec.name === "frontend" ? 80 : spec.component === "kube-dns" ? 53 : port;
  const headless = spec.service === "headless";
  const lb = spec.service === "LoadBalancer";
  const name = spec.component ?? spec.name;
  const clusterIP = headless ? "None" : spec.component === "kube-dns" ? "10.96.0.10" : b.nextServiceIp();
  const ports = [{ name: portName(port), port: svcPort, protocol: "TCP", targetPort: port, ...(lb ? { nodePort: 30000 + b.rng.int(0, 2767) } : {}) }];
  const svc = b.add({
    apiVersion: "v1",
    kind: "Service",
    metadata: b.meta(name, spec.namespace, {
      ageMs: b.now - Date.parse(app.pods[0]?.metadata.creationTimestamp ?? b.at(DAY)) + 60_000,
      labels: { "app.kubernetes.io/name": spec.name, ...(spec.component ? { "k8s-app": spec.component, "kubernetes.io/name": "CoreDNS" } : {}) },
      annotations: lb ? { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb", "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" } : {},
    }),
    spec: {
      type: lb ? "LoadBalancer" : "ClusterIP",
      clusterIP,
      clusterIPs: [clusterIP],
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      internalTrafficPolicy: "Cluster",
      ports,
      selector: app.selector,
      sessionAffinity: "None",
      ...(lb ? { externalTrafficPolicy: "Cluster", allocateLoadBalancerNodePorts: true } : {}),
    },
    status: { loadBalancer: lb ? { ingress: [{ hostname: `k8s-${spec.namespace}-${spec.name}-${b.hex(10)}.elb.eu-west-1.amazonaws.com` }] } : {} },
  } as KubeObject);
  const zoneOf = new Map(nodes.map((n) => [n.name, n.zone]));
  const endpoints = app.pods
    .filter((p) => (p.status as { podIP?: string }).podIP)
    .map((p) => {
      const ready = ((p.status as { conditions?: Array<{ type: string; status: string }> }).conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
      const nodeName = (p.spec as { nodeName?: string }).nodeName;
      return {
        addresses: [(p.status as { podIP: string }).podIP],
        conditions: { ready, serving: ready, terminating: false },
        ...(nodeName ? { nodeName, zone: zoneOf.get(nodeName) } : {}),
        targetRef: { kind: "Pod", name: p.metadata.name, namespace: p.metadata.namespace, uid: p.metadata.uid },
        ...(headless ? { hostname: p.metadata.name } : {}),
      };
    });
  b.add({
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: b.meta(`${name}-${b.rng.suffix(5)}`, spec.namespace, {
      ageMs: b.now - Date.parse(svc.metadata.creationTimestamp!),
      labels: { "kubernetes.io/service-name": name, "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io", ...(headless ? { "service.kubernetes.io/headless": "" } : {}) },
      annotations: { "endpoints.kubernetes.io/last-change-trigger-time": b.at(120_000) },
      owner: svc,
    }),
    addressType: "IPv4",
    endpoints,
    ports: [{ name: portName(port), port, protocol: "TCP" }],
  } as KubeObject);
}

export function buildClusterNetworking(b: WorldBuilder): void {
  const kubernetes = b.add({
    apiVersion: "v1",
    kind: "Service",
    metadata: b.meta("kubernetes", "default", { ageMs: 120 * DAY, labels: { component: "apiserver", provider: "kubernetes" } }),
    spec: { type: "ClusterIP", clusterIP: "10.96.0.1", clusterIPs: ["10.96.0.1"], ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack", internalTrafficPolicy: "Cluster", ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 443 }], sessionAffinity: "None" },
    status: { loadBalancer: {} },
  } as KubeObject);
  b.add({
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: b.meta("kubernetes", "default", { ageMs: 120 * DAY, labels: { "kubernetes.io/service-name": "kubernetes", "endpointslice.kubernetes.io/managed-by": "endpointslicemirroring-controller.k8s.io" }, owner: kubernetes }),
    addressType: "IPv4",
    endpoints: [{ addresses: ["172.20.4.11"], conditions: { ready: true } }, { addresses: ["172.20.77.203"], conditions: { ready: true } }],
    ports: [{ name: "https", port: 443, protocol: "TCP" }],
  } as KubeObject);
  for (const [name, controller, isDefault] of [["nginx", "k8s.io/ingress-nginx", true], ["alb", "ingress.k8s.aws/alb", false]] as const) {
    b.add({
      apiVersion: "networking.k8s.io/v1",
      kind: "IngressClass",
      metadata: b.meta(name, undefined, { ageMs: 100 * DAY, annotations: isDefault ? { "ingressclass.kubernetes.io/is-default-class": "true" } : {} }),
      spec: { controller },
    } as KubeObject);
  }
  const ingress = (ns: string, name: string, cls: string, host: string, paths: Array<[string, string, number]>, tlsSecret: string) =>
    b.add({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: b.meta(name, ns, { ageMs: 20 * DAY, annotations: cls === "nginx" ? { "cert-manager.io/cluster-issuer": "letsencrypt", "nginx.ingress.kubernetes.io/proxy-body-size": "8m" } : {} }),
      spec: {
        ingressClassName: cls,
        rules: [{ host, http: { paths: paths.map(([path, service, port]) => ({ path, pathType: "Prefix", backend: { service: { name: service, port: { number: port } } } })) } }],
        tls: [{ hosts: [host], secretName: tlsSecret }],
      },
      status: { loadBalancer: { ingress: [{ hostname: `a${b.hex(31)}-${b.rng.int(100000000, 999999999)}.eu-west-1.elb.amazonaws.com` }] } },
    } as KubeObject);
  ingress("shop", "storefront", "nginx", "shop.example.com", [["/", "frontend", 80], ["/api", "api", 8080]], "shop-tls");
  ingress("monitoring", "grafana", "alb", "grafana.internal.example.com", [["/", "grafana", 3000]], "grafana-tls");
  b.add({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: b.meta("default-deny-ingress", "payments", { ageMs: 40 * DAY }),
    spec: { podSelector: {}, policyTypes: ["Ingress"] },
  } as KubeObject);
  b.add({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: b.meta("allow-shop-api", "payments", { ageMs: 40 * DAY }),
    spec: {
      podSelector: { matchLabels: { "app.kubernetes.io/name": "payments-api" } },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "shop" } } }], ports: [{ port: 8443, protocol: "TCP" }] }],
    },
  } as KubeObject);
}
