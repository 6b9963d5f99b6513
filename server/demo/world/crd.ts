/**
 * A custom resource the way clusters usually have one: cert-manager's Certificate CRD (with its printer
 * columns) and a few Certificates, one of them failing to issue.
 */
import type { KubeObject } from "../types.ts";
import type { WorldBuilder } from "./builder.ts";
import { DAY, HOUR } from "./builder.ts";

export function buildCertificates(b: WorldBuilder): void {
  const readyPath = '.status.conditions[?(@.type=="Ready")]';
  b.add({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: b.meta("certificates.cert-manager.io", undefined, { ageMs: 80 * DAY, labels: { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/instance": "cert-manager" } }),
    spec: {
      group: "cert-manager.io",
      names: { kind: "Certificate", listKind: "CertificateList", plural: "certificates", singular: "certificate", shortNames: ["cert", "certs"], categories: ["cert-manager"] },
      scope: "Namespaced",
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: "Ready", type: "string", jsonPath: `${readyPath}.status` },
            { name: "Secret", type: "string", jsonPath: ".spec.secretName" },
            { name: "Issuer", type: "string", jsonPath: ".spec.issuerRef.name", priority: 1 },
            { name: "Status", type: "string", jsonPath: `${readyPath}.message`, priority: 1 },
            { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp", description: "CreationTimestamp is a timestamp representing the server time when this object was created." },
          ],
          schema: {
            openAPIV3Schema: {
              type: "object",
              description: "A Certificate resource should be created to ensure an up to date and signed X.509 certificate is stored in the Kubernetes Secret resource named in `spec.secretName`.",
              properties: {
                apiVersion: { type: "string" },
                kind: { type: "string" },
                metadata: { type: "object" },
                spec: {
                  type: "object",
                  required: ["issuerRef", "secretName"],
                  properties: {
                    commonName: { type: "string" },
                    dnsNames: { type: "array", items: { type: "string" } },
                    duration: { type: "string" },
                    renewBefore: { type: "string" },
                    secretName: { type: "string" },
                    issuerRef: { type: "object", required: ["name"], properties: { group: { type: "string" }, kind: { type: "string" }, name: { type: "string" } } },
                  },
                },
                status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
              },
            },
          },
        },
      ],
    },
  } as KubeObject);
  const cert = (ns: string, name: string, host: string, ready: boolean, ageMs: number) =>
    b.add({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { ...b.meta(name, ns, { ageMs }), generation: 1 },
      spec: { secretName: name, dnsNames: [host], issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: "letsencrypt" }, duration: "2160h0m0s", renewBefore: "360h0m0s" },
      status: ready
        ? { conditions: [{ type: "Ready", status: "True", reason: "Ready", message: "Certificate is up to date and has not expired", observedGeneration: 1, lastTransitionTime: b.at(ageMs - HOUR) }], notBefore: b.at(ageMs - HOUR), notAfter: new Date(b.now + 70 * DAY).toISOString().replace(/\.\d+Z$/, "Z"), renewalTime: new Date(b.now + 55 * DAY).toISOString().replace(/\.\d+Z$/, "Z"), revision: 2 }
        : { conditions: [{ type: "Ready", status: "False", reason: "DoesNotExist", message: "Issuing certificate as Secret does not exist", observedGeneration: 1, lastTransitionTime: b.at(ageMs - 60_000) }, { type: "Issuing", status: "True", reason: "DoesNotExist", message: "Issuing certificate as Secret does not exist", observedGeneration: 1, lastTransitionTime: b.at(ageMs - 60_000) }], failedIssuanceAttempts: 3, lastFailureTime: b.at(40 * 60_000) },
    } as KubeObject);
  cert("shop", "shop-tls", "shop.example.com", true, 20 * DAY);
  cert("monitoring", "grafana-tls", "grafana.internal.example.com", false, 2 * DAY);
  cert("payments", "payments-mtls", "payments.internal.example.com", true, 35 * DAY);
}
