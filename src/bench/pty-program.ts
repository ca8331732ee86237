// The real program in a pseudo-terminal, for whole-program figures: node-pty runs it,
// @xterm/headless keeps the screen it draws. Timing waits for what the user would see.
import { appendFileSync, readFileSync } from 'node:fs';
import xterm from '@xterm/headless';
import { inverseRows } from '../tui/testing/inverse-rows.js';
import { spawn, type IPty } from 'node-pty';

/** With BENCH_KEY_LOG=FILE, each timed key is appended to FILE (monotonic microseconds, as the TUI's DISTILL_TUI_TRACE). */
const KEY_LOG = process.env.BENCH_KEY_LOG;

/** Node options for the program under test only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile what the keys cost. */
export const TUI_NODE_ARGS = (process.env.BENCH_TUI_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');

/** Clock ticks per second of /proc/PID/stat (USER_HZ: 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

export class PtyProgram {
  private readonly term: xterm.Terminal;
  private readonly pty: IPty;
  private readonly waiters = new Set<() => void>();
  private outputSeen = 0;
  /** Chunks handed to the terminal and not yet parsed: the screen is read once they all are. */
  private unparsed = 0;
  /** When the last parsed chunk arrived from the program (performance.now()). */
  private lastArrival = 0;
  /** The screen's text and selection as last read; reset when a chunk is parsed. */
  private screenText: string | null = null;
  private highlightedRows: string[] | null = null;
  /**
   * Of the last timed key: milliseconds from the key's write until the output that answered it
   * arrived from the program, before this process's own terminal parsed it (timeKey's figure
   * includes that parsing, the predicates and this process's garbage collection).
   */
  lastOutputMs = 0;
  /** With BENCH_KEY_LOG: when each chunk of output arrived since the last timed key, and its size. */
  private received: { at: number; bytes: number }[] = [];
  private exited = false;

  constructor(args: string[], options: { cwd: string; cols?: number; rows?: number }) {
    const cols = options.cols ?? 120;
    const rows = options.rows ?? 40;
    this.term = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
    this.pty = spawn(process.execPath, args, {
      name: 'xterm-256color',
      cols,
      rows,
      cwd: options.cwd,
      env: { ...process.env, LANG: 'C.UTF-8', TERM: 'xterm-256color' },
    });
    this.pty.onData((data) => {
      this.outputSeen++;
      this.unparsed++;
      const arrived = performance.now();
      if (KEY_LOG) this.received.push({ at: Number(process.hrtime.bigint() / 1000n), bytes: data.length });
      this.term.write(data, () => {
        this.unparsed--;
        this.lastArrival = arrived;
        this.screenText = null;
        this.highlightedRows = null;
        // A frame comes in several chunks: the waiters look once the last one that came is drawn.
        if (this.unparsed === 0) this.notify();
      });
    });
    this.pty.onExit(() => {
      this.exited = true;
      this.notify();
    });
  }

  get pid(): number {
    return this.pty.pid;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  screen(): string {
    if (this.screenText !== null) return this.screenText;
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < this.term.rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return (this.screenText = lines.join('\n'));
  }

  /** Text of the inverse cells of each row that has any: the focused pane's selected row. */
  highlighted(): string[] {
    return (this.highlightedRows ??= inverseRows(this.term));
  }

  /** Resolves once the screen satisfies `predicate` (checked after every chunk of output is drawn). */
  waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = 120_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (predicate(this.screen())) finish(null);
        else if (this.exited) finish(new Error(`the program exited while waiting for ${what}:\n${this.screen()}`));
      };
      const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}:\n${this.screen()}`)), timeoutMs);
      const finish = (error: Error | null) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (error) reject(error);
        else resolve();
      };
      this.waiters.add(check);
      check();
    });
  }

  /**
   * Sends a key and resolves with the milliseconds until the screen satisfies `then`; the time
   * until the output that answered it arrived is left in `lastOutputMs`.
   */
  async timeKey(key: string, then: (screen: string) => boolean, what: string, timeoutMs = 10_000): Promise<number> {
    const started = performance.now();
    const sent = KEY_LOG ? process.hrtime.bigint() / 1000n : 0n;
    const shown = this.waitFor(then, what, timeoutMs);
    this.received = [];
    this.pty.write(key);
    await shown;
    const ms = performance.now() - started;
    this.lastOutputMs = Math.max(0, this.lastArrival - started);
    if (KEY_LOG)
      appendFileSync(
        KEY_LOG,
        JSON.stringify({
          what,
          key,
          start: Number(sent),
          end: Number(process.hrtime.bigint() / 1000n),
          ms,
          outputMs: this.lastOutputMs,
          received: this.received,
        }) + '\n',
      );
    return ms;
  }

  press(key: string): void {
    this.pty.write(key);
  }

  /** CPU seconds (user + system) the program has used so far, from /proc. */
  cpuSeconds(): number {
    const fields = readFileSync(`/proc/${this.pty.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // Fields after the command: state is [0], utime [11], stime [12].
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  }

  /** Quits with `q` and waits for the exit. */
  async quit(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.waiters.add(() => this.exited && resolve()));
    this.pty.write('q');
    const timer = setTimeout(() => this.pty.kill(), 10_000);
    await gone;
    clearTimeout(timer);
  }
}
