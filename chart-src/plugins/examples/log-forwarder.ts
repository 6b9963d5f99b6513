/**
 * Example plugin: a log-forwarding sidecar that ships the audit directory, with one ConfigMap per output
 * (objects per list element), a pod annotation, a volume and a sidecar through the typed pod hooks.
 */
import { concat } from "../../dsl/expr.ts";
import { AUDIT_DIR } from "../../chart/k8s.ts";
import { bool, int, list, obj, str } from "../../values/schema-kit.ts";
import { definePlugin } from "../api.ts";

const values = obj({
  enabled: bool({ default: false, description: "Add the log-forwarder sidecar." }),
  image: str({ default: "cr.fluentbit.io/fluent/fluent-bit:3.2.4", minLength: 1, description: "Sidecar image." }),
  outputs: list(
    obj({
      name: str({ default: "", pattern: "^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$", description: "Output name (DNS label)." }),
      host: str({ default: "", minLength: 1, description: "Destination host." }),
      port: int({ default: 24224, minimum: 1, maximum: 65535, description: "Destination port." }),
    }),
    { default: [], description: "Forward destinations; one ConfigMap each." },
  ),
}, { description: "Example plugin: audit log forwarding sidecar." });

export const logForwarder = definePlugin({
  name: "logForwarder",
  values,
  apply(ctx) {
    const { s, P } = ctx;
    s.ifObjects(P.enabled, () => {
      s.eachObject(P.outputs, "logOutput", (out) => {
        s.object("log-forwarder-outputs", {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: s.str(concat(ctx.name("-logfwd-"), out.name)), labels: ctx.meta().labels },
          data: { host: s.str(out.host), port: s.intStr(out.port) },
        });
      });
    });
    ctx.pod.addSidecar(
      ...s.item(P.enabled, () => ({
        name: "log-forwarder",
        image: s.str(P.image),
        args: ["-i", "tail", "-p", `path=${AUDIT_DIR}/*.jsonl`, "-o", "stdout"],
        volumeMounts: [{ name: "audit-forwarded", mountPath: AUDIT_DIR, readOnly: true }],
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
      })),
    );
    ctx.pod.addVolume(...s.item(P.enabled, () => ({ name: "audit-forwarded", emptyDir: {} })));
    ctx.pod.addPodAnnotations(s.when(P.enabled, () => ({ "logs.periscope.dev/forwarder": "fluent-bit" })) as Record<string, string>);
  },
});
