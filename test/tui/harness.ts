// Drives a real program in a pseudo-terminal: node-pty runs it, @xterm/headless keeps the
// screen it draws, and tests read the screen back as lines. Every wait is for something to
// appear on screen (or the process to exit), never a fixed sleep.
import { spawn as spawnPty, type IPty } from 'node-pty';
import xterm from '@xterm/headless';
import { inverseRows } from '../../src/tui/testing/inverse-rows.js';

export const KEYS = {
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  shiftTab: '\x1b[Z',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pageDown: '\x1b[6~',
  pageUp: '\x1b[5~',
  backspace: '\x7f',
  ctrlC: '\x03',
  ctrlU: '\x15',
} as const;

export interface SpawnOptions {
  cols?: number;
  rows?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export class PtySession {
  private readonly term: xterm.Terminal;
  private readonly pty: IPty;
  private output = '';
  private exitCode: number | null = null;
  private readonly exitWaiters: ((code: number) => void)[] = [];
  private readonly screenWaiters = new Set<() => void>();
  /** Window titles the program (or text it printed) tried to set. */
  readonly titles: string[] = [];

  private constructor(command: string, args: string[], options: SpawnOptions) {
    const cols = options.cols ?? 100;
    const rows = options.rows ?? 30;
    this.term = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
    this.term.onTitleChange((title) => this.titles.push(title));
    this.pty = spawnPty(command, args, {
      name: 'xterm-256color',
      cols,
      rows,
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, LANG: 'C.UTF-8', TERM: 'xterm-256color', ...options.env },
    });
    this.pty.onData((data) => {
      this.output += data;
      this.term.write(data, () => this.notify());
    });
    this.pty.onExit(({ exitCode }) => {
      this.exitCode = exitCode;
      for (const waiter of this.exitWaiters.splice(0)) waiter(exitCode);
      this.notify();
    });
  }

  /** The program's process id (its memory is read from /proc). */
  get pid(): number {
    return this.pty.pid;
  }

  static spawn(command: string, args: string[], options: SpawnOptions = {}): PtySession {
    return new PtySession(command, args, options);
  }

  private notify(): void {
    for (const waiter of [...this.screenWaiters]) waiter();
  }

  /** Everything the program wrote, escape sequences included. */
  get rawOutput(): string {
    return this.output;
  }

  screenLines(): string[] {
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < this.term.rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return lines;
  }

  screenText(): string {
    return this.screenLines().join('\n');
  }

  /** The cell at a column: its characters and width (2 for the first half of a wide character, 0 for the second). */
  cell(row: number, col: number): { chars: string; width: number } {
    const buffer = this.term.buffer.active;
    const cell = buffer.getLine(buffer.viewportY + row)?.getCell(col);
    return { chars: cell?.getChars() ?? '', width: cell?.getWidth() ?? 0 };
  }

  /** Text of the highlighted (inverse) cells of each row that has any: the selection bars. */
  highlighted(): string[] {
    return inverseRows(this.term);
  }

  /**
   * Text of the cells drawn on a palette background colour (0-15), row by row: highlighted
   * stretches such as a flag's span.
   */
  textOnBackground(palette: number): string[] {
    const buffer = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < this.term.rows; y++) {
      const line = buffer.getLine(buffer.viewportY + y);
      if (!line) continue;
      let text = '';
      for (let x = 0; x < this.term.cols; x++) {
        const cell = line.getCell(x);
        if (cell && !cell.isInverse() && cell.isBgPalette() && cell.getBgColor() === palette)
          text += cell.getChars() || (cell.getWidth() === 0 ? '' : ' ');
      }
      if (text.trim()) out.push(text.trim());
    }
    return out;
  }

  /** Waits until `predicate` holds for the screen; fails with the screen shown after `timeoutMs`. */
  waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (predicate(this.screenText())) {
          cleanup();
          resolve();
        } else if (this.exitCode !== null) {
          cleanup();
          reject(
            new Error(`program exited (${this.exitCode}) while waiting for ${what}\n${this.screenText()}\n${this.output.slice(-2000)}`),
          );
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        // The highlighted rows too: a wait on the selection fails on what the screen text does not show.
        reject(
          new Error(
            `timed out waiting for ${what}; the screen was:\n${this.screenText()}\nhighlighted: ${JSON.stringify(this.highlighted())}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.screenWaiters.delete(check);
      };
      this.screenWaiters.add(check);
      check();
    });
  }

  waitForText(text: string | RegExp, timeoutMs?: number): Promise<void> {
    const test = typeof text === 'string' ? (screen: string) => screen.includes(text) : (screen: string) => text.test(screen);
    return this.waitFor(test, String(text), timeoutMs);
  }

  waitForNoText(text: string | RegExp, timeoutMs?: number): Promise<void> {
    const test = typeof text === 'string' ? (screen: string) => !screen.includes(text) : (screen: string) => !text.test(screen);
    return this.waitFor(test, `no ${String(text)}`, timeoutMs);
  }

  /** Sends keys (raw terminal input: characters or KEYS values). */
  press(...keys: string[]): void {
    for (const key of keys) this.pty.write(key);
  }

  /** Sends one key and waits for the screen to satisfy `then`. */
  async pressAndWait(key: string, then: string | RegExp, timeoutMs?: number): Promise<void> {
    this.press(key);
    await this.waitForText(then, timeoutMs);
  }

  type(text: string): void {
    this.pty.write(text);
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.pty.resize(cols, rows);
  }

  waitForExit(timeoutMs = 30_000): Promise<number> {
    if (this.exitCode !== null) return Promise.resolve(this.exitCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`program did not exit; the screen was:\n${this.screenText()}`)), timeoutMs);
      this.exitWaiters.push((code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  /** Sends a signal to the program (SIGTERM, SIGHUP…). */
  signal(name: string): void {
    this.pty.kill(name);
  }

  kill(): void {
    if (this.exitCode === null) this.pty.kill();
  }
}
