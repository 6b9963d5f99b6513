/**
 * A tiny shell for demo containers: runs `echo`, `env`, `cat`, `ls`, `exit N`, `sh -c '...'` and friends,
 * and an interactive prompt for `sh`/`bash` that reads lines from stdin. Programs write through `ShellIo`;
 * the exec session turns that into channel frames.
 */
import type { FakeFs } from "./fake-fs.ts";
import { listing, resolvePath } from "./fake-fs.ts";
import type { InputStream } from "./input-stream.ts";
import { parseLine, splitList } from "./shell-parse.ts";

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
}

/** How a top-level exec ended: an exit code, or the runtime could not start the executable at all. */
export type ExecOutcome = { code: number } | { startError: string; code: number };

interface State {
  env: Map<string, string>;
  cwd: string;
  lastExit: number;
  exitCode: number | undefined;
  name: string;
}

type Program = (argv: string[], state: State) => Promise<number>;

export class FakeShell {
  private readonly io: ShellIo;
  private readonly fs: FakeFs;
  private readonly hostname: string;
  private readonly baseEnv: Map<string, string>;
  private foreground = new AbortController();
  private readonly programs: Record<string, Program>;

  constructor(io: ShellIo, options: ShellOptions) {
    this.io = io;
    this.fs = options.fs;
    this.hostname = options.hostname;
    this.baseEnv = new Map(options.env);
    this.programs = {
      echo: async (argv) => this.echo(argv),
      env: async (_argv, s) => this.printEnv(s),
      printenv: async (argv, s) => (argv.length > 1 ? this.printVar(argv[1]!, s) : this.printEnv(s)),
      cat: (argv, s) => this.cat(argv, s),
      ls: async (argv, s) => this.ls(argv, s),
      exit: async (argv, s) => this.exit(argv, s),
      sh: (argv, s) => this.sh(argv, s, "sh"),
      bash: (argv, s) => this.sh(argv, s, "bash"),
      pwd: async (_argv, s) => this.print(`${s.cwd}\n`),
      cd: async (argv, s) => this.cd(argv, s),
      export: async (argv, s) => this.export(argv, s),
      hostname: async () => this.print(`${this.hostname}\n`),
      whoami: async () => this.print("root\n"),
      id: async () => this.print("uid=0(root) gid=0(root) groups=0(root)\n"),
      uname: async (argv) => this.print(argv.includes("-a") ? `Linux ${this.hostname} 6.1.112 #1 SMP x86_64 Linux\n` : "Linux\n"),
      date: async () => this.print(`${new Date().toUTCString().replace("GMT", "UTC")}\n`),
      true: async () => 0,
      false: async () => 1,
      sleep: (argv) => this.sleep(argv),
      stty: async (argv) => this.stty(argv),
      tput: async (argv) => this.tput(argv),
      clear: async () => this.print("\x1b[H\x1b[2J"),
      help: async () => this.print("demo shell builtins: cat cd clear date echo env exit export hostname id ls printenv pwd sh sleep stty tput true false uname whoami\n"),
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
      // Expand just before running, so earlier assignments are visible.
      const parsed = parseLine(item.text, (v) => this.lookup(v, state));
      if (!parsed.ok) return this.syntaxError(parsed.error, state);
      if (parsed.list.length === 0) continue;
      const { assignments, argv } = parsed.list[0]!.command;
      if (argv.length === 0) {
        for (const [k, v] of assignments) state.env.set(k, v);
        state.lastExit = 0;
        continue;
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
    }
    return state.exitCode ?? state.lastExit;
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

  private echo(argv: string[]): number {
    let args = argv.slice(1);
    let newline = true;
    if (args[0] === "-n") {
      newline = false;
      args = args.slice(1);
    }
    return this.print(args.join(" ") + (newline ? "\n" : ""));
  }

  private printEnv(state: State): number {
    return this.print([...state.env].map(([k, v]) => `${k}=${v}\n`).join(""));
  }

  private printVar(name: string, state: State): number {
    const v = state.env.get(name);
    if (v === undefined) return 1;
    return this.print(`${v}\n`);
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

  private exit(argv: string[], state: State): number {
    const n = argv[1] === undefined ? state.lastExit : Number.parseInt(argv[1], 10);
    state.exitCode = Number.isNaN(n) ? 2 : ((n % 256) + 256) % 256;
    return state.exitCode;
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

  private export(argv: string[], state: State): number {
    for (const a of argv.slice(1)) {
      const eq = a.indexOf("=");
      if (eq > 0) state.env.set(a.slice(0, eq), a.slice(eq + 1));
    }
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

  private stty(argv: string[]): number {
    if (!this.io.tty) {
      this.io.err("stty: standard input: Not a tty\n");
      return 1;
    }
    const { cols, rows } = this.io.size();
    if (argv[1] === "size") return this.print(`${rows} ${cols}\n`);
    return this.print(`speed 38400 baud; rows ${rows}; columns ${cols}; line = 0;\n`);
  }

  private tput(argv: string[]): number {
    const { cols, rows } = this.io.size();
    if (argv[1] === "cols") return this.print(`${cols}\n`);
    if (argv[1] === "lines") return this.print(`${rows}\n`);
    return 1;
  }
}
