import t from "tap";
import { handleExec } from "../../../server/demo/exec/exec-handler.ts";
import { loadPlatform } from "../../../server/platform/load.ts";
import { WebSocketHandshakeError } from "../../../server/platform/types.ts";
import { openExec } from "./exec-client.ts";
import { runningPod, waitingPod } from "./exec-fixtures.ts";

const platform = await loadPlatform();
const pods = new Map<string, unknown>([
  ["web-1", runningPod("web-1", [{ name: "app", env: { GREETING: "hello" } }])],
  ["multi-1", runningPod("multi-1", [{ name: "app" }, { name: "sidecar", image: "envoy:1.31" }])],
  ["pull-1", waitingPod("pull-1", "ImagePullBackOff")],
]);
const server = await platform.serve(
  (request) => {
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/.exec(new URL(request.url).pathname);
    const pod = m ? pods.get(m[2]!) : undefined;
    if (!pod) return new Response("not found", { status: 404 });
    return handleExec(request, pod, { platform });
  },
  { port: 0, hostname: "127.0.0.1" },
);
t.teardown(() => server.close(100));

const base = `ws://127.0.0.1:${server.port}/api/v1/namespaces/shop/pods`;
const query = (command: string[], extra = "stdout=true&stderr=true") =>
  command.map((c) => `command=${encodeURIComponent(c)}`).join("&") + "&" + extra;

t.test("v5: empty hello frame on stdout, output, Success on the error channel, then close", async (t) => {
  const c = await openExec(platform, `${base}/web-1/exec?${query(["echo", "hi"])}`, ["v5.channel.k8s.io", "v4.channel.k8s.io"]);
  t.equal(c.socket.protocol, "v5.channel.k8s.io");
  await c.closed;
  t.same(c.frames[0], { channel: 1, text: "" }, "first frame is the empty readiness frame on stdout");
  t.equal(c.text(1), "hi\n");
  t.same(JSON.parse(c.text(3)), { metadata: {}, status: "Success" });
});

t.test("v4 is chosen when the client only offers v4; exit codes come back as NonZeroExitCode", async (t) => {
  const c = await openExec(platform, `${base}/web-1/exec?${query(["sh", "-c", "echo before; exit 3"])}`, ["v4.channel.k8s.io"]);
  t.equal(c.socket.protocol, "v4.channel.k8s.io");
  await c.closed;
  t.equal(c.text(1), "before\n");
  const status = JSON.parse(c.text(3));
  t.equal(status.status, "Failure");
  t.equal(status.reason, "NonZeroExitCode");
  t.same(status.details.causes, [{ reason: "ExitCode", message: "3" }]);
});

t.test("stderr-only requests get the hello frame on stderr", async (t) => {
  const c = await openExec(platform, `${base}/web-1/exec?${query(["nope-cmd"], "stderr=true")}`, ["v5.channel.k8s.io"]);
  await c.closed;
  t.same(c.frames[0], { channel: 2, text: "" });
  t.match(JSON.parse(c.text(3)).message, /executable file not found/);
});

t.test("stdin: cat echoes until the v5 close signal", async (t) => {
  const c = await openExec(platform, `${base}/web-1/exec?${query(["cat"], "stdin=true&stdout=true&stderr=true")}`, ["v5.channel.k8s.io"]);
  await c.until((f) => f.length > 0);
  c.send(0, "line one\n");
  await c.until(() => c.text(1).includes("line one"));
  c.send(0, "two");
  c.send(255, new Uint8Array([0]));
  await c.closed;
  t.equal(c.text(1), "line one\ntwo");
  t.same(JSON.parse(c.text(3)).status, "Success");
});

t.test("tty: interactive bash prompt honours resize, env from the container spec, exit N", async (t) => {
  const c = await openExec(platform, `${base}/web-1/exec?${query(["bash"], "stdin=true&stdout=true&tty=true")}`, ["v5.channel.k8s.io"]);
  await c.until(() => c.text(1).includes("# "));
  c.send(4, JSON.stringify({ Width: 120, Height: 40 }));
  c.send(0, "stty size\r");
  await c.until(() => c.text(1).includes("40 120"));
  c.send(0, "echo $GREETING\r");
  await c.until(() => /\r\nhello\r\n/.test(c.text(1)));
  c.send(0, "exit 4\r");
  await c.closed;
  t.match(c.text(1), /^root@web-1:\/# stty size\r\n40 120\r\n/, "typed text is echoed, output uses CRLF");
  t.same(JSON.parse(c.text(3)).details.causes, [{ reason: "ExitCode", message: "4" }]);
});

t.test("errors are refused before the upgrade, worded like the apiserver", async (t) => {
  const refused = async (path: string, protocols = ["v5.channel.k8s.io"]) => {
    try {
      await openExec(platform, `${base}/${path}`, protocols);
      return undefined;
    } catch (e) {
      t.type(e, WebSocketHandshakeError);
      return e as WebSocketHandshakeError;
    }
  };
  const unknown = await refused(`web-1/exec?${query(["ls"])}&container=nope`);
  t.equal(unknown?.status, 400);
  t.match(JSON.parse(unknown?.body ?? "{}"), { kind: "Status", reason: "BadRequest", message: "container nope is not valid for pod web-1" });
  const ambiguous = await refused(`multi-1/exec?${query(["ls"])}`);
  t.match(JSON.parse(ambiguous?.body ?? "{}").message, "a container name must be specified for pod multi-1, choose one of: [app sidecar]");
  const waiting = await refused(`pull-1/exec?${query(["ls"])}`);
  t.match(JSON.parse(waiting?.body ?? "{}").message, /container not found \("app"\)/);
  const oldProtocol = await refused(`web-1/exec?${query(["ls"])}`, ["channel.k8s.io"]);
  t.equal(oldProtocol?.status, 400, "pre-v4 protocols are not spoken");
});

t.test("the named container of a multi-container pod is used", async (t) => {
  const c = await openExec(platform, `${base}/multi-1/exec?${query(["cat", "/app/README.md"])}&container=sidecar`, ["v5.channel.k8s.io"]);
  await c.closed;
  t.match(c.text(1), /running envoy:1\.31/);
});
