import t from "tap";
import { handlePodLog } from "../../server/demo/logs.ts";
import { runningPod, waitingPod } from "./exec/exec-fixtures.ts";

const NOW = Date.parse("2026-11-25T08:00:00Z");
const web = runningPod("web-1", [{ name: "app", image: "nginx:1.27" }]);
web.status.containerStatuses[0]!.state = { running: { startedAt: "2026-11-25T07:00:00Z" } };
const multi = runningPod("api-1", [{ name: "api", image: "shop/api:2.3" }, { name: "proxy", image: "envoy:1.31" }]);

function crashing() {
  const pod = runningPod("worker-1", [{ name: "worker", image: "shop/worker:1.4" }]);
  Object.assign(pod.status.containerStatuses[0]!, {
    restartCount: 6,
    state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container" } },
    lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: "2026-11-25T07:58:40Z", finishedAt: "2026-11-25T07:59:10Z" } },
  });
  return pod;
}

const url = (name: string, query = "") => `https://sim.test/api/v1/namespaces/shop/pods/${name}/log${query ? "?" + query : ""}`;
const get = async (pod: unknown, query = "", options = {}) => {
  const res = handlePodLog(new Request(url("x", query)), pod, { now: () => NOW, ...options });
  return { status: res.status, text: await res.text() };
};

t.test("history is deterministic and realistic; tailLines keeps the newest lines", async (t) => {
  const a = await get(web, "tailLines=5");
  const b = await get(web, "tailLines=5");
  t.equal(a.status, 200);
  t.equal(a.text, b.text, "same pod, same lines");
  const lines = a.text.trimEnd().split("\n");
  t.equal(lines.length, 5);
  t.match(lines[0], /^10\.244\.\d+\.\d+ - - \[25\/Nov\/2026:07:5\d:\d\d \+0000\] "(GET|POST|PUT|DELETE) \S+ HTTP\/1\.1" \d{3} \d+/);
  t.equal((await get(web, "tailLines=0")).text, "");
  const full = (await get(web)).text.trimEnd().split("\n");
  t.ok(full.length > 5 && full.length <= 500, `history capped (${full.length} lines)`);
});

t.test("timestamps prefix RFC3339 with nine fractional digits; sinceSeconds filters by time", async (t) => {
  const { text } = await get(web, "timestamps=true&sinceSeconds=60");
  const lines = text.trimEnd().split("\n");
  t.ok(lines.length >= 10, `about 15 lines per minute (${lines.length})`);
  for (const line of lines) {
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z) /.exec(line);
    t.ok(m, line);
    const ms = Date.parse(m![1]!);
    t.ok(ms >= NOW - 60_000 && ms <= NOW, "within the window");
  }
});

t.test("limitBytes truncates; invalid options are 422 like the apiserver", async (t) => {
  t.equal(Buffer.byteLength((await get(web, "limitBytes=100")).text), 100);
  const bad = await get(web, "tailLines=-1");
  t.equal(bad.status, 422);
  t.match(JSON.parse(bad.text), { kind: "Status", reason: "Invalid", message: /tailLines: Invalid value: -1/ });
});

t.test("containers: must be named in multi-container pods and must exist", async (t) => {
  const none = await get(multi);
  t.equal(none.status, 400);
  t.equal(JSON.parse(none.text).message, "a container name must be specified for pod api-1, choose one of: [api proxy]");
  const wrong = await get(multi, "container=db");
  t.equal(JSON.parse(wrong.text).message, "container db is not valid for pod api-1");
  const proxy = await get(multi, "container=proxy&tailLines=1");
  t.match(proxy.text, /HTTP\/1\.1/, "envoy prints access logs");
  const api = await get(multi, "container=api&tailLines=1");
  t.match(JSON.parse(api.text), { msg: "request completed" });
});

t.test("previous: the crashed instance's last words, or the kubelet's error when there is none", async (t) => {
  const prev = await get(crashing(), "previous=true");
  t.equal(prev.status, 200);
  t.match(prev.text, /KeyError: 'REDIS_URL'\n$/);
  const current = await get(crashing());
  t.equal(current.text, prev.text, "in CrashLoopBackOff the current logs are the last instance's");
  const none = await get(web, "previous=true");
  t.equal(none.status, 400);
  t.equal(JSON.parse(none.text).message, 'previous terminated container "app" in pod "web-1" not found');
  const pulling = await get(waitingPod("img-1", "ImagePullBackOff"));
  t.equal(JSON.parse(pulling.text).message, 'container "app" in pod "img-1" is waiting to start: trying and failing to pull image');
});

t.test("follow keeps streaming new lines until the client goes away", async (t) => {
  const controller = new AbortController();
  const started = new Date(Date.now() - 1000).toISOString();
  const pod = runningPod("live-1", [{ name: "app", image: "shop/api:2.3" }]);
  pod.status.containerStatuses[0]!.state = { running: { startedAt: started } };
  const res = handlePodLog(new Request(url("live-1", "follow=true&tailLines=2"), { signal: controller.signal }), pod, { lineIntervalMs: 10 });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (text.split("\n").length < 12) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  controller.abort();
  const lines = text.trimEnd().split("\n");
  t.ok(lines.length >= 11, "two history lines then new ones");
  t.equal(new Set(lines).size, lines.length, "no line is sent twice");
  const rest = await reader.read();
  t.ok(rest.done || rest.value !== undefined, "stream ends after abort");
  await reader.cancel();
});

t.test("follow on a finished instance ends after the history", async (t) => {
  const res = await get(crashing(), "follow=true");
  t.match(res.text, /KeyError/);
});

t.test("an unscheduled pod has empty logs", async (t) => {
  const pod = waitingPod("pending-1", "ContainerCreating") as { spec: { nodeName?: string } };
  delete pod.spec.nodeName;
  t.same(await get(pod), { status: 200, text: "" });
});
