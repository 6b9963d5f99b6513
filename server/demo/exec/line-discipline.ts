/**
 * What a Linux tty does in canonical mode, in miniature: echo what is typed, erase on backspace, hand whole
 * lines to the program on Enter, Ctrl-C interrupts, Ctrl-D on an empty line is end-of-file. Cursor keys and
 * other escape sequences are swallowed.
 */
export interface LineDisciplineTarget {
  echo(text: string): void;
  line(text: string): void;
  eof(): void;
  interrupt(): void;
}

export class LineDiscipline {
  private buffer = "";
  private inEscape = false;
  private readonly target: LineDisciplineTarget;

  constructor(target: LineDisciplineTarget) {
    this.target = target;
  }

  feed(text: string): void {
    for (const ch of text) {
      if (this.inEscape) {
        // CSI sequences end with a letter or ~; a lone ESC followed by another char ends at that char.
        if (/[A-Za-z~]/.test(ch)) this.inEscape = false;
        continue;
      }
      if (ch === "\x1b") this.inEscape = true;
      else if (ch === "\r" || ch === "\n") {
        this.target.echo("\r\n");
        const line = this.buffer;
        this.buffer = "";
        this.target.line(line + "\n");
      } else if (ch === "\x7f" || ch === "\b") {
        if (this.buffer.length > 0) {
          this.buffer = [...this.buffer].slice(0, -1).join("");
          this.target.echo("\b \b");
        }
      } else if (ch === "\x03") {
        this.buffer = "";
        this.target.echo("^C\r\n");
        this.target.interrupt();
      } else if (ch === "\x04") {
        if (this.buffer.length === 0) this.target.eof();
        else {
          this.target.line(this.buffer);
          this.buffer = "";
        }
      } else if (ch === "\x15") {
        this.target.echo("\b \b".repeat([...this.buffer].length));
        this.buffer = "";
      } else if (ch >= " " || ch === "\t") {
        this.buffer += ch;
        this.target.echo(ch);
      }
    }
  }
}
