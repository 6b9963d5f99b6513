/** A vanilla networking.k8s.io/v1 Ingress; class and annotations pass through to whatever controller runs. */
import type { ChartContext } from "./context.ts";
import type { k8s } from "./k8s.ts";

export function ingress(c: ChartContext): void {
  const { s, V } = c;
  const ing = V.ingress;
  s.ifObjects(ing.enabled, () => {
    const spec: k8s.IngressSpec = {
      ...s.when(ing.className, () => ({ ingressClassName: s.str(ing.className) })),
      ...s.when(ing.tls.enabled, () => ({ tls: [{ hosts: [s.str(ing.host)], secretName: s.str(ing.tls.secretName) }] })),
      rules: [
        {
          host: s.str(ing.host),
          http: {
            paths: [
              {
                path: s.str(ing.path),
                pathType: s.str(ing.pathType),
                backend: { service: { name: s.str(c.name()), port: { name: "http" } } },
              },
            ],
          },
        },
      ],
    };
    s.object("ingress", {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { ...c.meta(), annotations: s.merge(ing.annotations) },
      spec,
    });
  });
}
