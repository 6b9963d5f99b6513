/**
 * Example plugin: a log-forwarding sidecar that tails the audit store (so it needs audit.enabled), with one
 * ConfigMap per output (objects per list element), a pod annotation, a volume and a sidecar through the typed
 * pod hooks.
 */
import { and, concat } from "../../dsl/expr.ts";
import { AUDIT_DIR } from "../../chart/k8s.ts";
import { bool, int, list, obj, str } from "../../values/schema-kit.ts";
import { definePlugin } from "../api.ts";

const values = obj({
  enabled: bool({ default: false, description: "Add the log-forwarder sidecar (only when audit.enabled: it tails the audit files)." }),
  image: str({ default: "cr.fluentbit.io/fluent/fluent-bit:3.2.4", minLength: 1, description: "Sidecar image." }),
  outputs: list(
    obj({
      name: str({ default: "", pattern: "^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$", description: "Output name (DNS label)." }),
      host: str({ default: "", minLength: 1, description: "Destination host." }),
      port: int({ default: 24224, minimum: 1, maximum: 65535, description: "Destination port." }),
    }),
    { default: [], description: "Forward destinations {name, host, port} (all required); one ConfigMap each." },
  ),
}, { description: "Example plugin: audit log forwarding sidecar." });

export const logForwarder = definePlugin({
  name: "logForwarder",
  values,
  apply(ctx) {
    const { s, P, V } = ctx;
    const on = and(P.enabled, V.audit.enabled);
    s.ifObjects(on, () => {
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
      ...s.item(on, () => ({
        name: "log-forwarder",
        image: s.str(P.image),
        args: ["-i", "tail", "-p", `path=${AUDIT_DIR}/*.jsonl`, "-p", "db=/state/tail.db", "-o", "stdout"],
        volumeMounts: [
          { name: "audit", mountPath: AUDIT_DIR, readOnly: true },
          { name: "log-forwarder-state", mountPath: "/state" },
        ],
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
      })),
    );
    ctx.pod.addVolume(...s.item(on, () => ({ name: "log-forwarder-state", emptyDir: {} })));
    ctx.pod.addPodAnnotations(s.when(on, () => ({ "logs.periscope.dev/forwarder": "fluent-bit" })) as Record<string, string>);
  },
});
