/**
 * A tiny shell for demo containers: runs `echo`, `env`, `cat`, `ls`, `exit N`, `sh -c '...'` and friends,
 * and an interactive prompt for `sh`/`bash` that reads lines from stdin. Programs write through `ShellIo`;
 * the exec session turns that into channel frames.
 */
import type { FakeFs } from "./fake-fs.ts";
import { listing, resolvePath } from "./fake-fs.ts";
import { InputStream } from "./input-stream.ts";
import { echo, exit, exportVars, printEnv, stty, tput } from "./shell-builtins.ts";
import type { ShellState } from "./shell-builtins.ts";
import { grep, head, ps, sort, tail, wc } from "./shell-filters.ts";
import { parseLine, splitList, splitPipeline } from "./shell-parse.ts";

export interface ShellIo {
  stdin: InputStream;
  out(text: string): void;
  err(text: string): void;
  tty: boolean;
  size(): { cols: number; rows: number };
}

export interface ShellOptions {
  env: Array<[string, string]>;
  fs: FakeFs;
  hostname: string;
  image?: string;
}

/** How a top-level exec ended: an exit code, or the runtime could not start the executable at all. */
export type ExecOutcome = { code: number } | { startError: string; code: number };

type State = ShellState;

type Program = (argv: string[], state: State) => Promise<number>;

export class FakeShell {
  /** Swapped while a pipeline stage runs (stages run one after another, never at once). */
  private io: ShellIo;
  private readonly fs: FakeFs;
  private readonly hostname: string;
  private readonly image: string;
  private readonly baseEnv: Map<string, string>;
  private foreground = new AbortController();
  private readonly programs: Record<string, Program>;

  constructor(io: ShellIo, options: ShellOptions) {
    this.io = io;
    this.fs = options.fs;
    this.hostname = options.hostname;
    this.image = options.image ?? "";
    this.baseEnv = new Map(options.env);
    this.programs = {
      echo: async (argv) => echo(argv, this.io),
      env: async (argv, s) => printEnv(argv, this.io, s),
      printenv: async (argv, s) => printEnv(argv, this.io, s),
      cat: (argv, s) => this.cat(argv, s),
      ls: async (argv, s) => this.ls(argv, s),
      exit: async (argv, s) => exit(argv, s),
      sh: (argv, s) => this.sh(argv, s, "sh"),
      bash: (argv, s) => this.sh(argv, s, "bash"),
      pwd: async (_argv, s) => this.print(`${s.cwd}\n`),
      cd: async (argv, s) => this.cd(argv, s),
      export: async (argv, s) => exportVars(argv, s),
      hostname: async () => this.print(`${this.hostname}\n`),
      whoami: async () => this.print("root\n"),
      id: async () => this.print("uid=0(root) gid=0(root) groups=0(root)\n"),
      uname: async (argv) => this.print(argv.includes("-a") ? `Linux ${this.hostname} 6.1.112 #1 SMP x86_64 Linux\n` : "Linux\n"),
      date: async () => this.print(`${new Date().toUTCString().replace("GMT", "UTC")}\n`),
      true: async () => 0,
      false: async () => 1,
      sleep: (argv) => this.sleep(argv),
      stty: async (argv) => stty(argv, this.io),
      tput: async (argv) => tput(argv, this.io),
      clear: async () => this.print("\x1b[H\x1b[2J"),
      grep: (argv) => grep(argv, this.io),
      wc: (argv) => wc(argv, this.io),
      head: (argv) => head(argv, this.io),
      tail: (argv) => tail(argv, this.io),
      sort: (argv) => sort(argv, this.io),
      ps: async (_argv, s) => this.print(ps(this.image, s.name)),
      help: async () => this.print("demo shell builtins: cat cd clear date echo env exit export grep head hostname id ls printenv ps pwd sh sleep sort stty tail tput true false uname wc whoami (pipes with |)\n"),
    };
    this.programs["/bin/sh"] = this.programs.sh!;
    this.programs["/bin/bash"] = this.programs.bash!;
  }

  /** Programs currently waiting on something Ctrl-C should cut short (cat, sleep). */
  private waiting = 0;

  /** Ctrl-C from the terminal: stop the foreground program; false when nothing was running. */
  interrupt(): boolean {
    const hadForeground = this.waiting > 0;
    this.foreground.abort();
    this.foreground = new AbortController();
    return hadForeground;
  }

  /** Runs the exec command (argv from the request). */
  async exec(command: string[]): Promise<ExecOutcome> {
    const name = command[0] ?? "";
    const program = this.programs[name] ?? this.programs[name.replace(/^\/(usr\/)?bin\//, "")];
    if (!program) {
      return {
        code: 126,
        startError: `Internal error occurred: error executing command in container: failed to exec in container: OCI runtime exec failed: exec failed: unable to start container process: exec: "${name}": executable file not found in $PATH: unknown`,
      };
    }
    const state = this.newState(name);
    const code = await program(command, state);
    return { code: state.exitCode ?? code };
  }

  private newState(name: string): State {
    return { env: new Map(this.baseEnv), cwd: "/", lastExit: 0, exitCode: undefined, name };
  }

  private print(text: string): number {
    this.io.out(text);
    return 0;
  }

  /** Runs one line of script in `state`; stops early when `exit` ran. */
  private async runLine(line: string, state: State): Promise<number> {
    const split = splitList(line);
    if (!split.ok) return this.syntaxError(split.error, state);
    for (const item of split.items) {
      if (state.exitCode !== undefined) break;
      if (item.op === "&&" && state.lastExit !== 0) continue;
      if (item.op === "||" && state.lastExit === 0) continue;
      const stages = splitPipeline(item.text);
      if (stages.length > 1 && stages.some((st) => st.trim() === "")) return this.syntaxError('syntax error: unexpected "|"', state);
      const ok = stages.length === 1 ? await this.runSimple(item.text, state) : await this.runPipeline(stages, state);
      if (!ok) return 2;
    }
    return state.exitCode ?? state.lastExit;
  }

  /** `a | b | c`: each stage's output becomes the next one's stdin; the last writes to the terminal. */
  private async runPipeline(stages: string[], state: State): Promise<boolean> {
    const outer = this.io;
    let input: string | undefined;
    for (let i = 0; i < stages.length; i++) {
      const last = i === stages.length - 1;
      let captured = "";
      const stdin = input === undefined ? outer.stdin : new InputStream();
      if (input !== undefined) {
        stdin.push(input);
        stdin.end();
      }
      this.io = { ...outer, stdin, out: last ? outer.out : (t) => (captured += t) };
      let ok: boolean;
      try {
        ok = await this.runSimple(stages[i]!, state);
      } finally {
        this.io = outer;
      }
      if (!ok) return false;
      input = captured;
    }
    return true;
  }

  /** One command, expanded just before it runs (earlier assignments are visible); false on a syntax error. */
  private async runSimple(text: string, state: State): Promise<boolean> {
    const parsed = parseLine(text, (v) => this.lookup(v, state));
    if (!parsed.ok) {
      this.syntaxError(parsed.error, state);
      return false;
    }
    if (parsed.list.length === 0) return true;
    const { assignments, argv } = parsed.list[0]!.command;
    if (argv.length === 0) {
      for (const [k, v] of assignments) state.env.set(k, v);
      state.lastExit = 0;
      return true;
    }
    const saved = new Map(state.env);
    for (const [k, v] of assignments) state.env.set(k, v);
    const program = this.programs[argv[0]!];
    if (program) {
      state.lastExit = await program(argv, state);
    } else {
      this.io.err(`${state.name}: ${argv[0]}: not found\n`);
      state.lastExit = 127;
    }
    if (assignments.length > 0 && argv[0] !== "export") {
      state.env.clear();
      for (const [k, v] of saved) state.env.set(k, v);
    }
    return true;
  }

  private syntaxError(error: string, state: State): number {
    this.io.err(`${state.name}: ${error}\n`);
    state.lastExit = 2;
    return 2;
  }

  private lookup(name: string, state: State): string {
    if (name === "?") return String(state.lastExit);
    if (name === "$") return "42";
    if (name === "#") return "0";
    if (name === "0") return state.name;
    if (name === "PWD") return state.cwd;
    return state.env.get(name) ?? "";
  }

  private async sh(argv: string[], parent: State, name: string): Promise<number> {
    const state: State = { ...this.newState(name), env: new Map(parent.env), cwd: parent.cwd };
    const c = argv.indexOf("-c");
    if (c >= 0) {
      const script = argv[c + 1];
      if (script === undefined) {
        this.io.err(`${name}: -c requires an argument\n`);
        return 2;
      }
      return this.runLine(script, state);
    }
    // No -c: read commands from stdin; with a terminal, show a prompt.
    const interactive = this.io.tty || argv.includes("-i");
    for (;;) {
      if (interactive) this.io.out(this.prompt(state));
      const line = await this.io.stdin.readLine();
      if (line === null) {
        if (interactive) this.io.out("exit\n");
        return state.lastExit;
      }
      await this.runLine(line, state);
      if (state.exitCode !== undefined) return state.exitCode;
    }
  }

  private prompt(state: State): string {
    const cwd = state.cwd === (state.env.get("HOME") ?? "/root") ? "~" : state.cwd;
    return state.name === "bash" ? `root@${this.hostname}:${cwd}# ` : `${cwd} # `;
  }

  private async cat(argv: string[], state: State): Promise<number> {
    const files = argv.slice(1).filter((a) => a !== "-");
    if (files.length === 0) {
      const signal = this.foreground.signal;
      this.waiting++;
      try {
        for (;;) {
          const chunk = await this.io.stdin.read(signal);
          if (chunk === null) return signal.aborted ? 130 : 0;
          this.io.out(chunk);
        }
      } finally {
        this.waiting--;
      }
    }
    let code = 0;
    for (const f of files) {
      const node = this.fs.lookup(resolvePath(state.cwd, f));
      if (!node) {
        this.io.err(`cat: can't open '${f}': No such file or directory\n`);
        code = 1;
      } else if (node.kind === "dir") {
        this.io.err(`cat: read error: Is a directory\n`);
        code = 1;
      } else this.io.out(node.content);
    }
    return code;
  }

  private ls(argv: string[], state: State): number {
    const r = listing(this.fs, state.cwd, argv.slice(1), this.io.tty);
    if (r.out) this.io.out(r.out);
    if (r.err) this.io.err(r.err);
    return r.code;
  }

  private cd(argv: string[], state: State): number {
    const target = resolvePath(state.cwd, argv[1] ?? state.env.get("HOME") ?? "/root");
    const node = this.fs.lookup(target);
    if (!node || node.kind !== "dir") {
      this.io.err(`${state.name}: cd: can't cd to ${argv[1]}: No such file or directory\n`);
      return 2;
    }
    state.cwd = target;
    return 0;
  }

  private async sleep(argv: string[]): Promise<number> {
    const seconds = Math.min(Number.parseFloat(argv[1] ?? "0") || 0, 60);
    const signal = this.foreground.signal;
    this.waiting++;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, seconds * 1000);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done, { once: true });
    });
    this.waiting--;
    return signal.aborted ? 130 : 0;
  }
}
