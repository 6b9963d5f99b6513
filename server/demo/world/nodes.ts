/**
 * Worker nodes as EKS shows them: instance-type/zone labels, capacity and allocatable, nodeInfo, addresses,
 * healthy conditions — and one node whose kubelet stopped reporting (NotReady, unreachable taints).
 */
import type { KubeObject } from "../types.ts";
import type { WorldBuilder } from "./builder.ts";
import { DAY, MINUTE } from "./builder.ts";

export interface NodeFacts {
  name: string;
  ready: boolean;
  cpuMilli: number;
  memoryKi: number;
  internalIp: string;
  zone: string;
}

const TYPES = [
  { type: "m6i.xlarge", cpu: 4, memKi: 16_002_348 },
  { type: "m6i.2xlarge", cpu: 8, memKi: 32_211_200 },
  { type: "r6i.xlarge", cpu: 4, memKi: 32_211_200 },
];
const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

export function buildNodes(b: WorldBuilder, count: number): NodeFacts[] {
  const out: NodeFacts[] = [];
  const notReadyIndex = count > 1 ? count - 1 : -1;
  for (let i = 0; i < count; i++) {
    const t = TYPES[i % TYPES.length]!;
    const zone = ZONES[i % ZONES.length]!;
    const ip = `10.0.${16 + (i % 3) * 16 + Math.floor(i / 250)}.${(i * 37) % 250 + 4}`;
    const name = `ip-${ip.replace(/\./g, "-")}.eu-west-1.compute.internal`;
    const ready = i !== notReadyIndex;
    const ageMs = b.rng.int(3, 40) * DAY + b.rng.int(0, 1000) * MINUTE;
    const heartbeat = ready ? b.at(b.rng.int(5, 50) * 1000) : b.at(47 * MINUTE);
    const cond = (type: string, status: string, reason: string, message: string) => ({
      type,
      status,
      lastHeartbeatTime: heartbeat,
      lastTransitionTime: ready || type === "Ready" ? b.at(ready ? ageMs - MINUTE : 45 * MINUTE) : b.at(45 * MINUTE),
      reason,
      message,
    });
    const unknown = (type: string) => cond(type, "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.");
    const conditions = ready
      ? [
          cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
          cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
          cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
          cond("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
        ]
      : [unknown("MemoryPressure"), unknown("DiskPressure"), unknown("PIDPressure"), unknown("Ready")];
    const instanceId = `i-0${b.hex(16)}`;
    const allocCpu = t.cpu * 1000 - 70 - (t.cpu > 4 ? 20 : 0);
    const allocMemKi = t.memKi - 1_500_000;
    b.add({
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        ...b.meta(name, undefined, {
          ageMs,
          labels: {
            "beta.kubernetes.io/arch": "amd64",
            "beta.kubernetes.io/os": "linux",
            "eks.amazonaws.com/capacityType": i % 4 === 3 ? "SPOT" : "ON_DEMAND",
            "eks.amazonaws.com/nodegroup": i % 4 === 3 ? "spot-workers" : "general",
            "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": name,
            "kubernetes.io/os": "linux",
            "node.kubernetes.io/instance-type": t.type,
            "topology.kubernetes.io/region": "eu-west-1",
            "topology.kubernetes.io/zone": zone,
          },
          annotations: { "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true" },
        }),
      },
      spec: {
        providerID: `aws:///${zone}/${instanceId}`,
        ...(ready
          ? {}
          : {
              taints: [
                { key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded: b.at(45 * MINUTE) },
                { key: "node.kubernetes.io/unreachable", effect: "NoExecute", timeAdded: b.at(44 * MINUTE) },
              ],
            }),
      },
      status: {
        capacity: { cpu: String(t.cpu), "ephemeral-storage": "83873772Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: `${t.memKi}Ki`, pods: "58" },
        allocatable: { cpu: `${allocCpu}m`, "ephemeral-storage": "76224326324", "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: `${allocMemKi}Ki`, pods: "58" },
        conditions,
        addresses: [
          { type: "InternalIP", address: ip },
          { type: "InternalDNS", address: name },
          { type: "Hostname", address: name },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          machineID: b.hex(32),
          systemUUID: `ec2${b.hex(5)}-${b.hex(4)}-${b.hex(4)}-${b.hex(4)}-${b.hex(12)}`,
          bootID: b.rng.uuid(),
          kernelVersion: "6.1.132-147.221.amzn2023.x86_64",
          osImage: "Amazon Linux 2023.7.20250414",
          containerRuntimeVersion: "containerd://1.7.27",
          kubeletVersion: "v1.33.0-eks-802817d",
          kubeProxyVersion: "v1.33.0-eks-802817d",
          operatingSystem: "linux",
          architecture: "amd64",
        },
        images: [
          { names: ["602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/pause:3.10"], sizeBytes: 299_523 },
          { names: ["docker.io/library/nginx:1.27.3"], sizeBytes: 72_099_501 },
        ],
      },
    } as KubeObject);
    out.push({ name, ready, cpuMilli: allocCpu, memoryKi: allocMemKi, internalIp: ip, zone });
  }
  return out;
}
