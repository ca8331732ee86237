// The blessed screen and its panes: tree and questions and candidates on the left, the detail
// on the right, the progress panel when generation runs, two bars at the bottom. Layout is
// recomputed on every resize; usable from 80×24.
import blessed from 'blessed';
import type { Widgets } from 'blessed';
import { LineBar } from './widgets/line-bar.js';
import { ModalBox } from './widgets/modal-box.js';
import { PROGRESS_HEIGHT, ProgressPanel } from './widgets/progress-panel.js';
import { TextView } from './widgets/text-view.js';
import { VirtualList } from './widgets/virtual-list.js';

export interface ScreenStreams {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export class ReviewScreen {
  readonly screen: Widgets.Screen;
  readonly tree: VirtualList;
  readonly questions: VirtualList;
  readonly candidates: VirtualList;
  readonly detail: TextView;
  readonly status: LineBar;
  readonly hints: LineBar;
  readonly progress: ProgressPanel;
  readonly modal: ModalBox;
  /** Full-screen views (stats) put themselves here, over the panes. */
  readonly overlayHost: Widgets.BoxElement;

  constructor(streams: ScreenStreams = {}) {
    this.screen = blessed.screen({
      ...(streams.input ? { input: streams.input } : {}),
      ...(streams.output ? { output: streams.output } : {}),
      smartCSR: true,
      fullUnicode: true,
      forceUnicode: true,
      terminal: 'xterm-256color',
      autoPadding: true,
      warnings: false,
      // blessed would otherwise grab ctrl-c itself on some paths; we handle every key.
      ignoreLocked: ['C-c'],
    } as Widgets.IScreenOptions);
    // Write box-drawing and other symbols as UTF-8. With the alternate character set blessed
    // would also turn '·', '◆', '│' found in model text into ACS letters, which some terminals
    // and capture tools show as 'x', '`', '~'.
    (this.screen as unknown as { tput: { brokenACS: boolean } }).tput.brokenACS = true;
    const opts = { top: 0, left: 0, width: 10, height: 5 };
    this.tree = new VirtualList(this.screen, opts);
    this.questions = new VirtualList(this.screen, opts);
    this.candidates = new VirtualList(this.screen, opts);
    this.detail = new TextView(this.screen, opts);
    this.progress = new ProgressPanel(this.screen);
    this.status = new LineBar(this.screen, 0);
    this.hints = new LineBar(this.screen, 0);
    this.overlayHost = blessed.box({ parent: this.screen, top: 0, left: 0, width: '100%', height: '100%-2', hidden: true, tags: false });
    this.modal = new ModalBox(this.screen);
    this.layout();
  }

  get width(): number {
    return this.screen.width as number;
  }

  get height(): number {
    return this.screen.height as number;
  }

  /** Places every pane for the current terminal size. */
  layout(): void {
    const width = Math.max(20, this.width);
    const height = Math.max(8, this.height);
    const progressRows = this.progress.visible ? PROGRESS_HEIGHT : 0;
    const main = height - 2 - progressRows;
    const leftWidth = Math.max(24, Math.min(Math.floor(width * 0.42), 70));
    const rightWidth = width - leftWidth;
    const treeHeight = Math.max(4, Math.floor(main * 0.34));
    const questionsHeight = Math.max(4, Math.floor(main * 0.36));
    const candidatesHeight = Math.max(3, main - treeHeight - questionsHeight);
    place(this.tree.pane.box, 0, 0, leftWidth, treeHeight);
    place(this.questions.pane.box, treeHeight, 0, leftWidth, questionsHeight);
    place(this.candidates.pane.box, treeHeight + questionsHeight, 0, leftWidth, candidatesHeight);
    place(this.detail.pane.box, 0, leftWidth, rightWidth, main);
    if (progressRows > 0) this.progress.place(main, 0, width);
    this.status.box.top = height - 2;
    this.hints.box.top = height - 1;
    if (this.modal.visible) this.modal.layout();
  }

  render(): void {
    this.screen.render();
  }

  destroy(): void {
    this.screen.destroy();
  }
}

function place(box: Widgets.BoxElement, top: number, left: number, width: number, height: number): void {
  box.top = top;
  box.left = left;
  box.width = width;
  box.height = height;
}
