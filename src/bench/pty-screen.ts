// The real program in a pseudo-terminal, for whole-process figures of the TUI: node-pty runs
// it, @xterm/headless keeps its screen, and the bench waits for text to appear on it.
import { spawn, type IPty } from 'node-pty';
import xterm from '@xterm/headless';

export class PtyScreen {
  private readonly term: xterm.Terminal;
  private readonly pty: IPty;
  private readonly waiters = new Set<() => void>();
  private exited: number | null = null;

  constructor(command: string, args: string[], options: { cols?: number; rows?: number; cwd?: string } = {}) {
    const cols = options.cols ?? 120;
    const rows = options.rows ?? 40;
    this.term = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
    this.pty = spawn(command, args, {
      name: 'xterm-256color',
      cols,
      rows,
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, LANG: 'C.UTF-8', TERM: 'xterm-256color' },
    });
    this.pty.onData((data) => this.term.write(data, () => this.notify()));
    this.pty.onExit(({ exitCode }) => {
      this.exited = exitCode;
      this.notify();
    });
  }

  get pid(): number {
    return this.pty.pid;
  }

  text(): string {
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < this.term.rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return lines.join('\n');
  }

  press(keys: string): void {
    this.pty.write(keys);
  }

  /** Resolves when the screen shows `pattern`; rejects after `timeoutMs` or if the program exits. */
  waitFor(pattern: RegExp, timeoutMs = 120_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (pattern.test(this.text())) finish(null);
        else if (this.exited !== null) finish(new Error(`the program exited (${this.exited}) before showing ${pattern}:\n${this.text()}`));
      };
      const timer = setTimeout(() => finish(new Error(`timed out waiting for ${pattern}; the screen was:\n${this.text()}`)), timeoutMs);
      const finish = (error: Error | null): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (error) reject(error);
        else resolve();
      };
      this.waiters.add(check);
      check();
    });
  }

  async close(): Promise<void> {
    if (this.exited !== null) return;
    const exited = new Promise<void>((resolve) => this.pty.onExit(() => resolve()));
    this.press('q');
    const timer = setTimeout(() => this.pty.kill(), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
