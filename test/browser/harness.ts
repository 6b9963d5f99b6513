/**
 * Browser tests: Debian's Chromium driven by playwright-core against the real server (`node server/main.ts`,
 * dev mode, the demo cluster), a fresh profile per run, every console error collected, screenshots kept in
 * test-artifacts/browser/. Without /usr/bin/chromium the tests skip and say how to get it.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Test } from "tap";
import { chromium } from "playwright-core";
import type { BrowserContext, Page } from "playwright-core";
import { commandFor } from "../support/runtimes.ts";
import type { Runtime } from "../support/runtimes.ts";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const CHROMIUM = process.env.PERISCOPE_CHROMIUM ?? "/usr/bin/chromium";
export const ARTIFACTS = join(ROOT, "test-artifacts", "browser");
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Why browser tests cannot run here, or undefined when they can. */
export function browserSkipReason(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does)`;
}

export interface RunningServer {
  base: string;
  logs: string[];
  stop(): Promise<void>;
}

/** Starts `server/main.ts` (Node, or Deno from the npm package) on a free loopback port; waits for "listening". */
export async function startServer(env: Record<string, string> = {}, runtime: Runtime = "node"): Promise<RunningServer> {
  const [cmd, args] = commandFor(runtime, "server/main.ts");
  const child: ChildProcess = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", PERISCOPE_HOST: "127.0.0.1", PERISCOPE_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const port = await new Promise<number>((resolvePort, reject) => {
    let partial = "";
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s: ${stderr.slice(0, 2000)}`)), 30_000);
    child.on("exit", (code) => reject(new Error(`server exited ${code}: ${stderr.slice(0, 2000)}`)));
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      partial += chunk;
      const lines = partial.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        logs.push(line);
        try {
          const rec = JSON.parse(line) as { msg?: string; port?: number };
          if (rec.msg === "listening" && typeof rec.port === "number") {
            clearTimeout(timer);
            resolvePort(rec.port);
          }
        } catch {
          // not a JSON line
        }
      }
    });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    logs,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openBrowser(options: { javaScript?: boolean } = {}): Promise<BrowserSession> {
  const profile = await mkdtemp(join(tmpdir(), "periscope-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
    javaScriptEnabled: options.javaScript ?? true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  context.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()} @ ${msg.location().url}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    context,
    page,
    errors,
    async screenshot(name) {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** What a browser suite's tests reach: filled in by `t.before`, so read it inside tests, not at registration. */
export interface SuiteContext<S> {
  server: S;
  browser: BrowserSession;
}

export interface SuiteOptions {
  javaScript?: boolean;
  /** Console errors the suite provokes on purpose (the closing check ignores only these). */
  expectedErrors?: RegExp;
  /** Name of the closing "no console errors" test. */
  errorsTitle?: string;
}

/**
 * The set-up every browser test file shares: skip (with how to get Chromium) when it is absent, start the
 * server and a fresh browser before the tests, close both after, and end with a test that fails on any console
 * error. `body` registers the tests.
 */
export function browserSuite<S extends { stop(): Promise<void> } | { close(): Promise<void> }>(
  t: Test,
  start: () => Promise<S>,
  body: (ctx: SuiteContext<S>) => void,
  options: SuiteOptions = {},
): void {
  const skip = browserSkipReason();
  if (skip) {
    t.plan(0, skip);
    return;
  }
  const ctx = {} as SuiteContext<S>;
  let server: S | undefined;
  let browser: BrowserSession | undefined;
  t.before(async () => {
    ctx.server = server = await start();
    ctx.browser = browser = await openBrowser({ javaScript: options.javaScript });
  });
  t.teardown(async () => {
    await browser?.close();
    if (server) await ("stop" in server ? server.stop() : server.close());
  });
  body(ctx);
  t.test(options.errorsTitle ?? "no console errors", async (t) => {
    const expected = options.expectedErrors;
    t.same(expected ? ctx.browser.errors.filter((e) => !expected.test(e)) : ctx.browser.errors, []);
  });
}
