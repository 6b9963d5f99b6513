/**
 * Builtins of the fake shell that only need the shell's state and its terminal: echo, env/printenv, exit,
 * export, stty, tput. Each returns the exit status.
 */
export interface ShellState {
  env: Map<string, string>;
  cwd: string;
  lastExit: number;
  /** Set by `exit`: the script stops and the shell ends with this code. */
  exitCode: number | undefined;
  /** `sh` or `bash`: names the prompt style and error prefixes. */
  name: string;
}

export interface TerminalIo {
  out(text: string): void;
  err(text: string): void;
  tty: boolean;
  size(): { cols: number; rows: number };
}

export function echo(argv: string[], io: TerminalIo): number {
  let args = argv.slice(1);
  let newline = true;
  if (args[0] === "-n") {
    newline = false;
    args = args.slice(1);
  }
  io.out(args.join(" ") + (newline ? "\n" : ""));
  return 0;
}

export function printEnv(argv: string[], io: TerminalIo, state: ShellState): number {
  if (argv[0] === "printenv" && argv[1] !== undefined) {
    const v = state.env.get(argv[1]);
    if (v === undefined) return 1;
    io.out(`${v}\n`);
    return 0;
  }
  io.out([...state.env].map(([k, v]) => `${k}=${v}\n`).join(""));
  return 0;
}

export function exit(argv: string[], state: ShellState): number {
  const n = argv[1] === undefined ? state.lastExit : Number.parseInt(argv[1], 10);
  state.exitCode = Number.isNaN(n) ? 2 : ((n % 256) + 256) % 256;
  return state.exitCode;
}

export function exportVars(argv: string[], state: ShellState): number {
  for (const a of argv.slice(1)) {
    const eq = a.indexOf("=");
    if (eq > 0) state.env.set(a.slice(0, eq), a.slice(eq + 1));
  }
  return 0;
}

export function stty(argv: string[], io: TerminalIo): number {
  if (!io.tty) {
    io.err("stty: standard input: Not a tty\n");
    return 1;
  }
  const { cols, rows } = io.size();
  io.out(argv[1] === "size" ? `${rows} ${cols}\n` : `speed 38400 baud; rows ${rows}; columns ${cols}; line = 0;\n`);
  return 0;
}

export function tput(argv: string[], io: TerminalIo): number {
  const { cols, rows } = io.size();
  if (argv[1] === "cols") io.out(`${cols}\n`);
  else if (argv[1] === "lines") io.out(`${rows}\n`);
  else return 1;
  return 0;
}
