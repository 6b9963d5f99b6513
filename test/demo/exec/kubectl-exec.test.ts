/** Exec through the simulator with the real kubectl (WebSocket v5) and @kubernetes/client-node's Exec. */
import t from "tap";
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import * as k8s from "@kubernetes/client-node";
import { k8sTools } from "../../support/k8s-tools.ts";
import { startServedDemo, statusOf } from "../world/served-demo.ts";

const demo = await startServedDemo();
t.teardown(() => demo.close());
const k = demo.kubectl;
const frontend = demo.pods("shop", "frontend-")[0]!.metadata.name!;
const crashing = demo.pods("shop", "cart-").find((p) => statusOf(p).containerStatuses?.[0]?.state.waiting?.reason === "CrashLoopBackOff")!.metadata.name!;

t.test("kubectl exec -- echo hi prints hi", async (t) => {
  const r = await k.run(["exec", "-n", "shop", frontend, "--", "echo", "hi"]);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, "hi\n");
});

t.test("kubectl exec -- sh -c 'exit 3' exits 3", async (t) => {
  const r = await k.run(["exec", "-n", "shop", frontend, "--", "sh", "-c", "echo partial; exit 3"]);
  t.equal(r.code, 3);
  t.equal(r.stdout, "partial\n");
  t.match(r.stderr, /command terminated with exit code 3/);
});

t.test("kubectl exec -i streams stdin to cat and closes it (v5 close signal)", async (t) => {
  const r = await k.run(["exec", "-i", "-n", "shop", frontend, "--", "cat"], { stdin: "one\ntwo\n" });
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, "one\ntwo\n");
});

t.test("stderr, env and ls come back on their streams", async (t) => {
  const r = await k.run(["exec", "-n", "shop", frontend, "--", "sh", "-c", "ls /app; nosuch; echo $HOSTNAME"]);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, `README.md\nconfig.yaml\n${frontend}\n`);
  t.match(r.stderr, /sh: nosuch: not found/);
});

t.test("pipelines and filters in sh -c", async (t) => {
  const r = await k.run(["exec", "-n", "shop", frontend, "--", "sh", "-c", "env | grep ^HOSTNAME= | wc -l; ps | head -2 | tail -1"]);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^1\n\s+1 root\s+\S+ nginx: master process/);
});

t.test("errors read like the apiserver's", async (t) => {
  const wrong = await k.run(["exec", "-n", "shop", frontend, "-c", "nope", "--", "ls"]);
  t.not(wrong.code, 0);
  t.match(wrong.stderr, `container nope is not valid for pod ${frontend}`);
  const down = await k.run(["exec", "-n", "shop", crashing, "--", "ls"]);
  t.not(down.code, 0);
  t.match(down.stderr, /container not found \("cart"\)/);
  const missing = await k.run(["exec", "-n", "shop", frontend, "--", "python3"]);
  t.not(missing.code, 0);
  t.match(missing.stderr, /executable file not found in \$PATH/);
});

t.test("a pod on the NotReady node cannot be reached: the apiserver's dial error", async (t) => {
  const store = demo.served.sim.store;
  const nodes = store.list(store.types.find("", "nodes")!);
  const down = nodes.find((n) => !(n.status as { conditions: Array<{ type: string; status: string }> }).conditions.some((c) => c.type === "Ready" && c.status === "True"))!;
  const stranded = demo.pods("kube-system", "kube-proxy-").find((p) => (p.spec as { nodeName: string }).nodeName === down.metadata.name)!;
  const r = await k.run(["exec", "-n", "kube-system", stranded.metadata.name!, "--", "echo", "hi"]);
  t.not(r.code, 0);
  t.match(r.stderr, /error dialing backend: dial tcp 10\.0\.\d+\.\d+:10250: connect: no route to host/);
  const logs = await k.run(["logs", "-n", "kube-system", stranded.metadata.name!]);
  t.not(logs.code, 0);
  t.match(logs.stderr, /containerLogs\/kube-system\/.*dial tcp .*:10250: connect: no route to host/);
});

t.test("a viewer may not exec (pods/exec create is not in view)", async (t) => {
  const r = await k.run(["exec", "-n", "shop", frontend, "--", "echo", "hi"], { context: "viewer" });
  t.not(r.code, 0);
  t.match(r.stderr, /forbidden/i);
});

t.test("@kubernetes/client-node Exec: output, exit status and an interactive tty shell", async (t) => {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(demo.served.kubeconfig);
  const exec = new k8s.Exec(kc);
  const run = (command: string[], tty: boolean, stdin: PassThrough | null) =>
    new Promise<{ out: string; status: k8s.V1Status }>((resolve, reject) => {
      let out = "";
      const sink = new Writable({
        write(chunk: Buffer, _enc, cb) {
          out += chunk.toString();
          cb();
        },
      });
      exec
        .exec("shop", frontend, "nginx", command, sink, tty ? null : sink, stdin, tty, (status) => resolve({ out, status }))
        .catch(reject);
    });
  const ok = await run(["echo", "from client-node"], false, null);
  t.equal(ok.out, "from client-node\n");
  t.equal(ok.status.status, "Success");
  const failed = await run(["sh", "-c", "exit 7"], false, null);
  t.equal(failed.status.reason, "NonZeroExitCode");
  t.same(failed.status.details?.causes, [{ reason: "ExitCode", message: "7" }]);
  // Interactive: no resize sent, so the shell reports the default 80x24.
  const stdin = new PassThrough();
  const session = run(["sh"], true, stdin);
  await new Promise((r) => setTimeout(r, 200));
  stdin.write("stty size\r");
  stdin.write("exit\r");
  const tty = await session;
  t.match(tty.out, /stty size\r\n24 80\r\n/, "default terminal size until resized");
  t.equal(tty.status.status, "Success");
});

t.test("the named container of a multi-container pod", async (t) => {
  const api = demo.pods("shop", "api-")[0]!.metadata.name!;
  const r = await k.run(["exec", "-n", "shop", api, "-c", "envoy", "--", "cat", "/etc/hostname"]);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, `${api}\n`);
});

t.test("kubectl exec -i -- sh reads commands from stdin (no tty, no prompt)", async (t) => {
  const r = await k.run(["exec", "-i", "-n", "shop", frontend, "--", "sh"], { stdin: "echo first\ncd /app; pwd\nexit 4\necho never\n" });
  t.equal(r.code, 4);
  t.equal(r.stdout, "first\n/app\n");
});

// `script` gives kubectl a real pseudo-terminal, so it goes raw, sends its window size on the resize channel
// and relays keystrokes: the whole interactive path of `kubectl exec -it`.
const hasScript = spawnSync("script", ["--version"]).status === 0;
t.test("kubectl exec -it -- sh: prompt, the terminal's size, exit code", { skip: hasScript ? false : "util-linux script not installed", timeout: 60_000 }, async (t) => {
  const kubeconfig = join(k.dir, "kubeconfig");
  const cmd = `stty cols 123 rows 45; exec ${k8sTools().kubectl} --kubeconfig ${kubeconfig} exec -it -n shop ${frontend} -- sh`;
  const child = spawn("script", ["-q", "-e", "-c", cmd, "/dev/null"], { env: { PATH: process.env.PATH ?? "", HOME: k.dir, TERM: "xterm" } });
  let out = "";
  const waiters: Array<() => void> = [];
  child.stdout!.on("data", (b: Buffer) => {
    out += b.toString();
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const waitFor = async (re: RegExp, giveUpMs = 20_000) => {
    const deadline = Date.now() + giveUpMs;
    while (!re.test(out) && Date.now() < deadline) {
      await Promise.race([new Promise<void>((r) => waiters.push(r)), new Promise((r) => setTimeout(r, 100))]);
    }
  };
  await waitFor(/# $/);
  // kubectl sends the window size from its own goroutine; ask again until the resize has landed.
  for (let i = 0; i < 20 && !/45 123/.test(out); i++) {
    child.stdin!.write("stty size\r");
    await waitFor(/45 123|\d+ \d+\r\n[^\n]*# $/, 1000);
  }
  child.stdin!.write("exit 6\r");
  t.equal(await exited, 6, out);
  t.match(out, /\/ # stty size\r\n/, "prompt, and the typed command echoed by the line discipline");
  t.match(out, /45 123\r\n\/ # exit 6\r\n/, JSON.stringify(out));
});
