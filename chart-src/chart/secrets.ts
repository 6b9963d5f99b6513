/** secrets.mode: existing (referenced only), plain (a Secret), external (an ExternalSecret), native (nothing). */
import { eq, ne } from "../dsl/expr.ts";
import type { ChartContext } from "./context.ts";
import { include, secretNameHelper } from "./helpers.ts";

export function secrets(c: ChartContext): void {
  const { s, V } = c;
  s.ifObjects(eq(V.secrets.mode, "plain"), () => {
    s.object("secret", {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: s.str(include(secretNameHelper)), labels: c.meta().labels },
      type: "Opaque",
      stringData: { OIDC_CLIENT_SECRET: s.str(V.secrets.plain.clientSecret) },
    });
  });
  s.ifObjects(eq(V.secrets.mode, "external"), () => {
    const ext = V.secrets.external;
    s.object("externalsecret", {
      apiVersion: "external-secrets.io/v1",
      kind: "ExternalSecret",
      metadata: c.meta("-oidc"),
      spec: {
        refreshInterval: s.str(ext.refreshInterval),
        secretStoreRef: { name: s.str(ext.storeName), kind: s.str(ext.storeKind) },
        target: { name: s.str(include(secretNameHelper)), creationPolicy: "Owner" },
        data: [
          {
            secretKey: "OIDC_CLIENT_SECRET",
            remoteRef: { key: s.str(ext.remoteKey), ...s.when(ne(ext.remoteProperty, ""), () => ({ property: s.str(ext.remoteProperty) })) },
          },
        ],
      },
    });
  });
}
