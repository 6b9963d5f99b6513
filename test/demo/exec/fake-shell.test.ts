import t from "tap";
import { createFakeFs } from "../../../server/demo/exec/fake-fs.ts";
import { FakeShell } from "../../../server/demo/exec/fake-shell.ts";
import { InputStream } from "../../../server/demo/exec/input-stream.ts";

function shell(options: { tty?: boolean; input?: string[] } = {}) {
  const stdin = new InputStream();
  let out = "";
  let err = "";
  let size = { cols: 80, rows: 24 };
  const target = { pod: "web-7d9f-abcde", namespace: "shop", container: "app", image: "nginx:1.27" };
  const sh = new FakeShell(
    { stdin, out: (s) => (out += s), err: (s) => (err += s), tty: options.tty ?? false, size: () => size },
    { env: [["APP_MODE", "demo"], ["HOME", "/root"]], fs: createFakeFs(target), hostname: target.pod, image: target.image },
  );
  for (const line of options.input ?? []) stdin.push(line);
  return {
    sh,
    stdin,
    out: () => out,
    err: () => err,
    resize: (cols: number, rows: number) => (size = { cols, rows }),
  };
}

t.test("echo, env and exit codes", async (t) => {
  const s = shell();
  t.same(await s.sh.exec(["echo", "hi", "there"]), { code: 0 });
  t.equal(s.out(), "hi there\n");
  const e = shell();
  await e.sh.exec(["env"]);
  t.match(e.out(), /^APP_MODE=demo$/m);
  t.match(e.out(), /^HOME=\/root$/m);
  t.same(await shell().sh.exec(["sh", "-c", "exit 3"]), { code: 3 });
  t.same(await shell().sh.exec(["exit", "300"]), { code: 44 });
});

t.test("sh -c runs lists with quoting, variables and && / ||", async (t) => {
  const s = shell();
  const r = await s.sh.exec(["sh", "-c", `X='a b'; echo "$X" $APP_MODE; false && echo no; false || echo yes; echo $?`]);
  t.same(r, { code: 0 });
  t.equal(s.out(), "a b demo\nyes\n0\n");
  const u = shell();
  t.same(await u.sh.exec(["sh", "-c", "nope; echo after"]), { code: 0 });
  t.equal(u.err(), "sh: nope: not found\n");
  t.equal(u.out(), "after\n");
  const x = shell();
  t.same(await x.sh.exec(["sh", "-c", "echo one; exit 7; echo never"]), { code: 7 });
  t.equal(x.out(), "one\n");
});

t.test("an unknown executable fails to start, like the runtime", async (t) => {
  const r = await shell().sh.exec(["/usr/bin/python3", "-V"]);
  t.equal(r.code, 126);
  t.match("startError" in r ? r.startError : "", /executable file not found in \$PATH/);
});

t.test("cat echoes stdin until EOF, and reads files", async (t) => {
  const s = shell({ input: ["hello\n", "world"] });
  const done = s.sh.exec(["cat"]);
  s.stdin.end();
  t.same(await done, { code: 0 });
  t.equal(s.out(), "hello\nworld");
  const f = shell();
  t.same(await f.sh.exec(["cat", "/etc/hostname", "/missing"]), { code: 1 });
  t.equal(f.out(), "web-7d9f-abcde\n");
  t.match(f.err(), /can't open '\/missing'/);
});

t.test("ls lists directories of the fake filesystem", async (t) => {
  const s = shell();
  await s.sh.exec(["ls", "/"]);
  t.match(s.out(), /^app$/m);
  t.match(s.out(), /^etc$/m);
  const l = shell();
  await l.sh.exec(["sh", "-c", "cd /app && ls -l"]);
  t.match(l.out(), /-rw-r--r--.* README\.md/);
  const m = shell();
  t.same(await m.sh.exec(["ls", "/nope"]), { code: 1 });
});

t.test("sh without -c reads commands from stdin; the prompt appears only on a terminal", async (t) => {
  const s = shell({ input: ["echo first\n", "exit 5\n", "echo never\n"] });
  t.same(await s.sh.exec(["sh"]), { code: 5 });
  t.equal(s.out(), "first\n");
  const tty = shell({ tty: true, input: ["stty size\n"] });
  tty.resize(132, 43);
  const run = tty.sh.exec(["bash"]);
  tty.stdin.end();
  t.same(await run, { code: 0 });
  t.equal(tty.out(), "root@web-7d9f-abcde:/# 43 132\nroot@web-7d9f-abcde:/# exit\n");
});

t.test("stty needs a terminal", async (t) => {
  const s = shell();
  t.same(await s.sh.exec(["stty", "size"]), { code: 1 });
  t.match(s.err(), /Not a tty/);
});

t.test("interrupt stops cat with 130", async (t) => {
  const s = shell({ tty: true });
  const run = s.sh.exec(["cat"]);
  await new Promise((r) => setImmediate(r));
  t.equal(s.sh.interrupt(), true);
  t.same(await run, { code: 130 });
  t.equal(s.sh.interrupt(), false);
});

t.test("pipelines feed each stage's output to the next; filters grep, wc, head, tail, sort; ps", async (t) => {
  const run = async (script: string) => {
    const s = shell();
    const r = await s.sh.exec(["sh", "-c", script]);
    return { ...r, out: s.out(), err: s.err() };
  };
  t.same(await run("env | grep APP_"), { code: 0, out: "APP_MODE=demo\n", err: "" });
  t.equal((await run("env | grep -c =")).out, "2\n");
  t.equal((await run("ls / | wc -l")).out, `${(await run("ls /")).out.trim().split("\n").length}\n`);
  t.equal((await run("echo c; echo b | sort")).out, "c\nb\n", "the pipe binds tighter than ;");
  t.equal((await run("ls / | sort -r | head -n 2")).out, "var\nusr\n");
  t.equal((await run("ls / | tail -1")).out, "var\n");
  t.equal((await run("env | grep NOPE || echo none")).out, "none\n", "grep's exit status drives ||");
  t.equal((await run("echo 'a|b' | cat")).out, "a|b\n", "a quoted | is not a pipe");
  t.match((await run("ps")).out, /^PID\s+USER\s+TIME\s+COMMAND\n\s+1 root\s+\S+ nginx: master process/);
  t.same(await run("echo ok |"), { code: 2, out: "", err: 'sh: syntax error: unexpected "|"\n' });
});
