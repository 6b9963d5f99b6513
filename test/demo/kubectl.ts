/** Run the real kubectl against a kubeconfig, isolated from the developer's own (HOME/KUBECONFIG in a temp dir). */
import { execFile, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { k8sTools } from "../support/k8s-tools.ts";

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Kubectl {
  run(args: string[], options?: { context?: string; stdin?: string }): Promise<KubectlResult>;
  spawn(args: string[], options?: { context?: string }): ChildProcess;
  dir: string;
  cleanup(): void;
}

export function kubectlFor(kubeconfig: string): Kubectl {
  const { kubectl } = k8sTools();
  const dir = mkdtempSync(join(tmpdir(), "sim-kubectl-"));
  const file = join(dir, "kubeconfig");
  writeFileSync(file, kubeconfig, { mode: 0o600 });
  const env = { PATH: process.env.PATH ?? "", HOME: dir, KUBECONFIG: file, KUBECACHEDIR: join(dir, "cache") };
  const argv = (args: string[], context?: string) => ["--kubeconfig", file, ...(context ? ["--context", context] : []), ...args];
  return {
    dir,
    run(args, options = {}) {
      return new Promise((resolve) => {
        const child = execFile(kubectl, argv(args, options.context), { env, timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
          const code = error ? (typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : 1) : 0;
          resolve({ code, stdout, stderr });
        });
        if (options.stdin !== undefined) child.stdin?.end(options.stdin);
      });
    },
    spawn(args, options = {}) {
      return spawn(kubectl, argv(args, options.context), { env, stdio: ["ignore", "pipe", "pipe"] });
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
