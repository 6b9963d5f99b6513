/** Workload selectors as label-selector strings, and which container a pod's logs/exec default to. */
import t from "tap";
import { podView, selectorString } from "../../server/live/log-targets.ts";
import { livePod } from "./fixtures.ts";

t.test("selectorString: matchLabels and every matchExpressions operator", async (t) => {
  t.equal(selectorString({ spec: { selector: { matchLabels: { app: "web", tier: "front" } } } }), "app=web,tier=front");
  t.equal(
    selectorString({
      spec: {
        selector: {
          matchLabels: { app: "db" },
          matchExpressions: [
            { key: "env", operator: "In", values: ["prod", "stage"] },
            { key: "canary", operator: "NotIn", values: ["true"] },
            { key: "shard", operator: "Exists" },
            { key: "legacy", operator: "DoesNotExist" },
          ],
        },
      },
    }),
    "app=db,env in (prod,stage),canary notin (true),shard,!legacy",
  );
  t.throws(() => selectorString({ spec: {} }), { code: "bad_request" });
});

t.test("podView: default container from the annotation, else the first; started containers", async (t) => {
  const multi = podView(livePod("m", { containers: ["sidecar", "app"], defaultContainer: "app" }));
  t.equal(multi.defaultContainer, "app");
  t.same([...multi.started].sort(), ["app", "sidecar"]);
  t.equal(podView(livePod("m", { containers: ["sidecar", "app"], defaultContainer: "gone" })).defaultContainer, "sidecar", "an annotation naming no container is ignored");
  const waiting = podView(livePod("w", { waiting: true }));
  t.equal(waiting.started.size, 0);
  t.equal(waiting.phase, "Pending");
});
