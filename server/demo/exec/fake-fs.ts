/**
 * A read-only pretend filesystem for `ls` and `cat` inside demo containers. Directories map to their entries;
 * files map to their content. Built per container so /etc/hostname and the env file say the pod's name.
 */
export type FsNode = { kind: "dir"; entries: string[] } | { kind: "file"; content: string };

export interface FakeFs {
  lookup(path: string): FsNode | undefined;
}

export function resolvePath(cwd: string, path: string): string {
  const parts = (path.startsWith("/") ? path : `${cwd}/${path}`).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "" || p === ".") continue;
    if (p === "..") out.pop();
    else out.push(p);
  }
  return "/" + out.join("/");
}

export function createFakeFs(target: { pod: string; namespace: string; container: string; image: string }): FakeFs {
  const { pod: podName, container: containerName, image } = target;
  const files = new Map<string, string>([
    ["/etc/hostname", `${podName}\n`],
    ["/etc/hosts", `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.244.0.10\t${podName}\n`],
    ["/etc/os-release", 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n'],
    ["/etc/resolv.conf", "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n"],
    ["/app/README.md", `# ${containerName}\n\nDemo container running ${image}.\n`],
    ["/app/config.yaml", `server:\n  port: 8080\n  name: ${containerName}\nlogLevel: info\n`],
    ["/var/run/secrets/kubernetes.io/serviceaccount/namespace", target.namespace],
    ["/proc/version", "Linux version 6.1.112 (demo@periscope) #1 SMP\n"],
  ]);
  const dirs = new Map<string, Set<string>>();
  const addPath = (path: string) => {
    const parts = path.split("/").filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const dir = "/" + parts.slice(0, i).join("/");
      if (!dirs.has(dir)) dirs.set(dir, new Set());
      dirs.get(dir)!.add(parts[i]!);
    }
  };
  for (const f of ["/bin/sh", "/bin/busybox", "/bin/ls", "/bin/cat", "/bin/echo", "/dev/null"]) files.set(f, "");
  for (const f of files.keys()) addPath(f);
  for (const d of ["/home", "/root", "/tmp", "/sys", "/lib", "/sbin", "/usr/bin", "/var/log"]) {
    addPath(d);
    if (!dirs.has(d)) dirs.set(d, new Set());
  }
  return {
    lookup(path) {
      const content = files.get(path);
      if (content !== undefined) return { kind: "file", content };
      const dir = dirs.get(path);
      if (dir) return { kind: "dir", entries: [...dir].sort() };
      return undefined;
    },
  };
}

/** What `ls [-l] [-a] [paths]` prints: stdout, stderr and the exit code. */
export function listing(fs: FakeFs, cwd: string, args: string[], tty: boolean): { out: string; err: string; code: number } {
  const flags = args.filter((a) => a.startsWith("-")).join("");
  const paths = args.filter((a) => !a.startsWith("-"));
  const targets = paths.length === 0 ? ["."] : paths;
  let out = "";
  let err = "";
  let code = 0;
  for (const p of targets) {
    const full = resolvePath(cwd, p);
    const node = fs.lookup(full);
    if (!node) {
      err += `ls: ${p}: No such file or directory\n`;
      code = 1;
      continue;
    }
    if (targets.length > 1) out += `${p}:\n`;
    const names = node.kind === "dir" ? node.entries : [p];
    const shown = flags.includes("a") ? [".", "..", ...names] : names;
    if (flags.includes("l")) {
      for (const n of shown) {
        const child = node.kind === "dir" ? fs.lookup(resolvePath(full, n)) : node;
        const size = child?.kind === "file" ? child.content.length : 4096;
        out += `${child?.kind === "dir" ? "drwxr-xr-x" : "-rw-r--r--"}    1 root     root     ${String(size).padStart(8)} Jan  1 00:00 ${n}\n`;
      }
    } else if (shown.length > 0) out += shown.join(tty ? "  " : "\n") + "\n";
  }
  return { out, err, code };
}
