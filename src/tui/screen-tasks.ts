// What the review screen's collaborators (modal flows, the generation runner, the stats view,
// the tag prefetch) may ask of the screen that owns them. The controller implements it; they
// take this and the few parts they work on, never the whole controller.
export interface ScreenTasks {
  /** Runs slow work off the key handler; its failure becomes the status bar's one-line message. */
  runTask(work: () => Promise<unknown>): void;
  /**
   * Runs a cursor move that may have to read tags: keys pressed until it is done wait for it and
   * are then handled in order. `signal` aborts when the reviewer stops it (Esc).
   */
  runMove(work: (signal: AbortSignal) => Promise<unknown>): void;
  /** Repaints soon, once, however many background events ask for it. */
  schedulePaint(): void;
  /** Shows an error as the status bar's message. */
  showError(error: unknown): void;
}
