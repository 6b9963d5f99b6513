/** Objects for the API tests, built by code: a namespace with a workload, a secret, a CRD with instances, Helm releases. */
import { gzipSync } from "node:zlib";
import type { KubeObject } from "../../server/demo/types.ts";

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString("base64");

export function pod(namespace: string, name: string, options: { app?: string; waiting?: string; phase?: string; oom?: boolean } = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: { app: options.app ?? name } },
    spec: { containers: [{ name: "main", image: "nginx:1.27" }], nodeName: "node-1" },
    status: {
      phase: options.phase ?? "Running",
      conditions: [{ type: "Ready", status: options.waiting ? "False" : "True" }],
      containerStatuses: [
        {
          name: "main",
          image: "nginx:1.27",
          ready: !options.waiting,
          restartCount: options.waiting ? 7 : 0,
          state: options.waiting ? { waiting: { reason: options.waiting } } : { running: { startedAt: "2026-11-25T07:00:00Z" } },
          ...(options.oom ? { lastState: { terminated: { reason: "OOMKilled", exitCode: 137 } } } : {}),
        },
      ],
    },
  };
}

/**
 * A pod as a real cluster stores it when a ReplicaSet made it and the kubelet runs it: generateName, owner,
 * pod-template-hash, an annotation, and the managedFields the two managers leave (about 2.5 KB of metadata,
 * all of which a Table with includeObject=Metadata carries).
 */
export function replicaSetPod(namespace: string, name: string, app: string, index: number): KubeObject {
  const base = pod(namespace, name, { app });
  const hash = "7d9c8b7f5";
  const owner = `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
  const set = (...fields: string[]) => Object.fromEntries(fields.map((f) => [`f:${f}`, {}]));
  const keyed = (key: string, fields: Record<string, unknown>) => ({ [key]: { ".": {}, ...fields } });
  const conditions = ["ContainersReady", "Initialized", "PodReadyToStartContainers", "PodScheduled", "Ready"];
  return {
    ...base,
    metadata: {
      ...base.metadata,
      generateName: `${app}-${hash}-`,
      labels: { app, "pod-template-hash": hash },
      annotations: { "kubectl.kubernetes.io/restartedAt": "2026-11-20T10:00:00Z" },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: `${app}-${hash}`, uid: owner, controller: true, blockOwnerDeletion: true }],
      managedFields: [
        {
          manager: "kube-controller-manager",
          operation: "Update",
          apiVersion: "v1",
          time: "2026-11-20T10:00:00Z",
          fieldsType: "FieldsV1",
          fieldsV1: {
            "f:metadata": { ...set("generateName"), "f:labels": { ".": {}, ...set("app", "pod-template-hash") }, "f:ownerReferences": keyed(`k:{"uid":"${owner}"}`, {}) },
            "f:spec": {
              "f:containers": keyed('k:{"name":"main"}', {
                ...set("image", "imagePullPolicy", "name", "terminationMessagePath", "terminationMessagePolicy"),
                "f:ports": keyed('k:{"containerPort":8080,"protocol":"TCP"}', set("containerPort", "protocol")),
                "f:resources": { ".": {}, "f:limits": { ".": {}, ...set("memory") }, "f:requests": { ".": {}, ...set("cpu", "memory") } },
              }),
              ...set("dnsPolicy", "enableServiceLinks", "restartPolicy", "schedulerName", "securityContext", "terminationGracePeriodSeconds"),
            },
          },
        },
        {
          manager: "kubelet",
          operation: "Update",
          apiVersion: "v1",
          time: "2026-11-20T10:00:05Z",
          fieldsType: "FieldsV1",
          subresource: "status",
          fieldsV1: {
            "f:status": {
              "f:conditions": Object.assign({}, ...conditions.map((type) => keyed(`k:{"type":"${type}"}`, set("lastProbeTime", "lastTransitionTime", "status", "type")))),
              "f:podIPs": keyed(`k:{"ip":"10.0.${index % 250}.${(index >> 8) % 250}"}`, set("ip")),
              ...set("containerStatuses", "hostIP", "hostIPs", "phase", "podIP", "startTime"),
            },
          },
        },
      ],
    },
  };
}

export function node(name: string, ready: boolean): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name } },
    spec: {},
    status: { conditions: [{ type: "Ready", status: ready ? "True" : "False" }], nodeInfo: { kubeletVersion: "v1.33.0" } },
  };
}

export const CRONTAB_CRD: KubeObject = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "crontabs.stable.example.com" },
  spec: {
    group: "stable.example.com",
    scope: "Namespaced",
    names: { plural: "crontabs", singular: "crontab", kind: "CronTab", shortNames: ["ct"] },
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
        additionalPrinterColumns: [
          { name: "Spec", type: "string", jsonPath: ".spec.cronSpec" },
          { name: "Replicas", type: "integer", jsonPath: ".spec.replicas" },
          { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
        ],
      },
    ],
  },
};

export function crontab(namespace: string, name: string, cronSpec: string, replicas: number): KubeObject {
  return { apiVersion: "stable.example.com/v1", kind: "CronTab", metadata: { name, namespace }, spec: { cronSpec, replicas, image: "busybox" } };
}

export interface HelmRevision {
  revision: number;
  status: string;
  chartVersion: string;
  values: Record<string, unknown>;
  manifest: string;
}

/** A Helm 3 release record exactly as `helm` stores it with the Secrets driver. */
export function helmReleaseSecret(namespace: string, name: string, r: HelmRevision): KubeObject {
  const release = {
    name,
    namespace,
    version: r.revision,
    info: { status: r.status, first_deployed: "2026-11-20T10:00:00Z", last_deployed: `2026-11-2${r.revision}T10:00:00Z`, description: r.revision === 1 ? "Install complete" : "Upgrade complete", notes: `Thanks for installing ${name}.` },
    chart: { metadata: { name: "web", version: r.chartVersion, appVersion: "1.27" }, values: { replicaCount: 1, image: { tag: "latest" } } },
    config: r.values,
    manifest: r.manifest,
  };
  const helmText = b64(gzipSync(Buffer.from(JSON.stringify(release))));
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "helm.sh/release.v1",
    metadata: { name: `sh.helm.release.v1.${name}.v${r.revision}`, namespace, labels: { name, owner: "helm", status: r.status, version: String(r.revision) } },
    data: { release: b64(helmText) },
  };
}

/** The same record as Helm's ConfigMap driver stores it (HELM_DRIVER=configmap). */
export function helmReleaseConfigMap(namespace: string, name: string, r: HelmRevision): KubeObject {
  const secret = helmReleaseSecret(namespace, name, r) as KubeObject & { data: { release: string } };
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { ...secret.metadata },
    data: { release: Buffer.from(secret.data.release, "base64").toString("utf8") },
  };
}

export function webManifest(replicas: number, withConfig: boolean): string {
  const deploy = `---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: storefront
spec:
  replicas: ${replicas}
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;
  const svc = `---
apiVersion: v1
kind: Service
metadata:
  name: storefront
spec:
  ports:
    - port: 80
`;
  const cm = `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: storefront-config
data:
  mode: fast
`;
  return deploy + svc + (withConfig ? cm : "");
}

export function apiFixtures(): KubeObject[] {
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
    node("node-1", true),
    node("node-2", true),
    { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "shop", labels: { app: "web" } }, spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } } } },
    pod("shop", "web-1", { app: "web" }),
    pod("shop", "web-2", { app: "web" }),
    pod("shop", "worker-1", { app: "worker", waiting: "CrashLoopBackOff", oom: true }),
    pod("shop", "img-1", { app: "img", waiting: "ImagePullBackOff", phase: "Pending" }),
    { apiVersion: "v1", kind: "Secret", metadata: { name: "db-creds", namespace: "shop", annotations: { "kubectl.kubernetes.io/last-applied-configuration": '{"data":{"password":"c2VjcmV0"}}' } }, type: "Opaque", data: { password: b64("s3cr3t-value"), binary: b64(new Uint8Array([0xff, 0x00, 0xfe])) } },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web-config", namespace: "shop" }, data: { mode: "fast" } },
    { apiVersion: "v1", kind: "Event", metadata: { name: "web-1.1", namespace: "shop" }, involvedObject: { kind: "Pod", name: "web-1", namespace: "shop" }, reason: "Pulled", message: "Container image pulled", type: "Normal", lastTimestamp: "2026-11-25T07:00:00Z" },
    { apiVersion: "v1", kind: "Event", metadata: { name: "worker-1.1", namespace: "shop" }, involvedObject: { kind: "Pod", name: "worker-1", namespace: "shop" }, reason: "BackOff", message: "Back-off restarting failed container", type: "Warning", lastTimestamp: "2026-11-25T07:01:00Z" },
    { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "nightly", namespace: "shop" }, spec: { schedule: "0 3 * * *", jobTemplate: { metadata: { labels: { job: "nightly" } }, spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "run", image: "busybox" }] } } } } } },
    CRONTAB_CRD,
    crontab("shop", "every-minute", "* * * * *", 3),
    crontab("shop", "hourly", "0 * * * *", 1),
    helmReleaseSecret("shop", "storefront", { revision: 1, status: "superseded", chartVersion: "1.0.0", values: { replicaCount: 2 }, manifest: webManifest(2, false) }),
    helmReleaseSecret("shop", "storefront", { revision: 2, status: "deployed", chartVersion: "1.1.0", values: { replicaCount: 3, config: { mode: "fast" } }, manifest: webManifest(3, true) }),
  ];
}
