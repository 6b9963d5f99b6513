/** Example plugin: labels and annotations on every object, from values (a pass over all objects). */
import { map, obj, str } from "../../values/schema-kit.ts";
import { definePlugin } from "../api.ts";

const reserved = { not: { pattern: "^(app\\.kubernetes\\.io/|helm\\.sh/|checksum/)" } };

const values = obj({
  labels: map(str({ default: "" }), { default: {}, propertyNames: reserved, description: "Labels added to every object." }),
  annotations: map(str({ default: "" }), { default: {}, propertyNames: reserved, description: "Annotations added to every object." }),
}, { description: "Example plugin: common labels/annotations on every rendered object." });

export const commonMetadata = definePlugin({
  name: "commonMetadata",
  values,
  apply(ctx) {
    ctx.eachApiObject((o) => {
      for (const [k, v] of Object.entries(ctx.s.merge(ctx.P.labels))) o.metadata.addLabel(k, v);
      for (const [k, v] of Object.entries(ctx.s.merge(ctx.P.annotations))) o.metadata.addAnnotation(k, v);
    });
  },
});
