/**
 * The plugin API: typed customisation for platform teams. A plugin brings an optional values schema (merged under
 * `plugins.<name>`, so it gets defaults, validation, docs and types) and an apply step that can add objects
 * (conditionally or per list element through the Synth), patch the pod through typed hooks, or run a pass over
 * every object. Plugins run after the core, in the order given.
 */
import type { ApiObject } from "cdk8s";
import type { Expr } from "../dsl/expr.ts";
import { valuesRef } from "../dsl/refs.ts";
import type { Ref } from "../dsl/refs.ts";
import type { ChartContext } from "../chart/context.ts";
import type { PodParts } from "../chart/deployment.ts";
import type { k8s } from "../chart/k8s.ts";
import type { Node } from "../values/schema-kit.ts";

export interface PodHooks {
  /** Add env entries to the main container (spread `s.item(...)` results for conditional ones). */
  addEnv(...env: k8s.EnvVar[]): void;
  addVolume(...volumes: k8s.Volume[]): void;
  addVolumeMount(...mounts: k8s.VolumeMount[]): void;
  addSidecar(...containers: k8s.Container[]): void;
  addPodAnnotations(annotations: Record<string, string>): void;
  /** Change pod spec fields the hooks above do not cover. */
  patchPodSpec(patch: (spec: k8s.PodSpec) => void): void;
}

export interface PluginContext<PV> extends ChartContext {
  /** This plugin's values (`plugins.<name>`). */
  readonly P: Ref<PV>;
  readonly pod: PodHooks;
  /** Run `fn` over every object (core and plugin) after all plugins applied. */
  eachApiObject(fn: (object: ApiObject) => void): void;
}

export interface ChartPlugin<PV = unknown> {
  /** Key under `plugins.` (a Go identifier). */
  readonly name: string;
  readonly values?: Node<PV>;
  apply(ctx: PluginContext<PV>): void;
}

/** Keeps the plugin's values type attached to its definition. */
export function definePlugin<PV>(plugin: ChartPlugin<PV>): ChartPlugin<PV> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(plugin.name)) throw new Error(`plugin name ${JSON.stringify(plugin.name)} must be a Go identifier`);
  return plugin;
}

export function podHooks(parts: PodParts): PodHooks {
  return {
    addEnv: (...env) => void parts.container.env.push(...env),
    addVolume: (...volumes) => void parts.podSpec.volumes.push(...volumes),
    addVolumeMount: (...mounts) => void parts.container.volumeMounts.push(...mounts),
    addSidecar: (...containers) => void parts.podSpec.containers.push(...containers),
    addPodAnnotations: (annotations) => void Object.assign(parts.podAnnotations, annotations),
    patchPodSpec: (patch) => patch(parts.podSpec),
  };
}

/** Apply plugins in order, then the passes over all objects. */
export function applyPlugins(base: ChartContext, parts: PodParts, plugins: readonly ChartPlugin<unknown>[]): void {
  const passes: Array<(o: ApiObject) => void> = [];
  const hooks = podHooks(parts);
  const root = valuesRef<{ plugins: Record<string, unknown> }>();
  for (const plugin of plugins) {
    const P = (root.plugins as unknown as Record<string, Expr>)[plugin.name] as Ref<unknown>;
    plugin.apply({ ...base, P, pod: hooks, eachApiObject: (fn) => void passes.push(fn) });
  }
  for (const pass of passes) for (const doc of base.s.docs) pass(doc.object);
}
