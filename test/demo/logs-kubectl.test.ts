/** Pod logs through the simulator with the real kubectl: tail, timestamps, previous, errors, and -f streaming. */
import t from "tap";
import { startServedDemo, statusOf } from "./world/served-demo.ts";

const demo = await startServedDemo({ logs: { lineIntervalMs: 50 } });
t.teardown(() => demo.close());
const k = demo.kubectl;
const frontend = demo.pods("shop", "frontend-")[0]!.metadata.name!;
const cart = demo.pods("shop", "cart-").find((p) => statusOf(p).containerStatuses?.[0]?.state.waiting?.reason === "CrashLoopBackOff")!.metadata.name!;
const api = demo.pods("shop", "api-")[0]!.metadata.name!;
const pulling = demo.pods("shop", "recommendations-")[0]!.metadata.name!;

t.test("kubectl logs --tail --timestamps", async (t) => {
  const r = await k.run(["logs", "-n", "shop", frontend, "--tail=4", "--timestamps"]);
  t.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  t.equal(lines.length, 4);
  for (const line of lines) t.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \S+ - - \[/);
});

t.test("kubectl logs --previous shows the crashed instance; without one, the kubelet's error", async (t) => {
  const prev = await k.run(["logs", "-n", "shop", cart, "--previous"]);
  t.equal(prev.code, 0, prev.stderr);
  t.match(prev.stdout, /"level":"fatal"/);
  const none = await k.run(["logs", "-n", "shop", frontend, "--previous"]);
  t.not(none.code, 0);
  t.match(none.stderr, `previous terminated container "nginx" in pod "${frontend}" not found`);
});

t.test("containers: -c picks one; a wrong name and a waiting container fail like the apiserver", async (t) => {
  const envoy = await k.run(["logs", "-n", "shop", api, "-c", "envoy", "--tail=1"]);
  t.equal(envoy.code, 0, envoy.stderr);
  t.match(envoy.stdout, /HTTP\/1\.1/);
  const wrong = await k.run(["logs", "-n", "shop", api, "-c", "nope"]);
  t.match(wrong.stderr, `container nope is not valid for pod ${api}`);
  const waiting = await k.run(["logs", "-n", "shop", pulling]);
  t.match(waiting.stderr, `container "recommender" in pod "${pulling}" is waiting to start: trying and failing to pull image`);
});

t.test("kubectl logs -f keeps streaming new lines", async (t) => {
  const child = k.spawn(["logs", "-f", "-n", "shop", frontend, "--tail=1", "--timestamps"]);
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.split("\n").length > 6) resolve();
    });
    child.on("exit", (code) => reject(new Error(`kubectl exited (${code}) early: ${out}`)));
  });
  child.kill();
  const stamps = out.trimEnd().split("\n").map((l) => Date.parse(l.split(" ")[0]!));
  t.ok(stamps.length >= 6, "the tail line, then lines written after the request");
  t.ok(stamps.every((s, i) => i === 0 || s >= stamps[i - 1]!), "in time order");
});

t.test("a viewer may read logs (view includes pods/log)", async (t) => {
  const r = await k.run(["logs", "-n", "shop", frontend, "--tail=1"], { context: "viewer" });
  t.equal(r.code, 0, r.stderr);
});

t.test("kubectl logs -f ends when the pod goes away", async (t) => {
  const victim = demo.pods("shop", "frontend-")[2]!.metadata.name!;
  const child = k.spawn(["logs", "-f", "-n", "shop", victim, "--tail=1"]);
  let out = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await new Promise<void>((resolve) =>
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.split("\n").length > 3) resolve();
    }),
  );
  const r = await k.run(["delete", "pod", "-n", "shop", victim, "--wait=false"]);
  t.equal(r.code, 0, r.stderr);
  t.equal(await exited, 0, "the stream ended and kubectl exited cleanly");
});
