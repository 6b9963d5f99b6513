/** What every part of the chart (core and plugins) builds with. */
import type { Expr } from "../dsl/expr.ts";
import { valuesRef } from "../dsl/refs.ts";
import type { Ref } from "../dsl/refs.ts";
import type { Synth } from "../dsl/synth.ts";
import type { CoreValues } from "../values/schema.ts";
import { include, fullnameHelper, labelsHelper, selectorLabelsHelper } from "./helpers.ts";
import type { k8s } from "./k8s.ts";
import { concat } from "../dsl/expr.ts";

export interface ChartContext {
  readonly s: Synth;
  readonly V: Ref<CoreValues>;
  /** `<fullname><suffix>`. */
  readonly name: (suffix?: string) => Expr<string>;
  /** metadata with name + standard labels (+ extra annotations entries). */
  readonly meta: (suffix?: string, annotations?: Record<string, string>) => k8s.ObjectMeta;
  readonly selector: () => Record<string, string>;
}

export function createContext(s: Synth): ChartContext {
  const V = valuesRef<CoreValues>();
  const name = (suffix = "") => (suffix ? concat(include(fullnameHelper), suffix) : include(fullnameHelper));
  return {
    s,
    V,
    name,
    meta: (suffix = "", annotations) => ({
      name: s.str(name(suffix)),
      labels: s.mergeYaml(include(labelsHelper)),
      ...(annotations ? { annotations } : {}),
    }),
    selector: () => s.mergeYaml(include(selectorLabelsHelper)),
  };
}
