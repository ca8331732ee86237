// What the review screen's collaborators (modal flows, the generation runner, the stats view,
// the tag prefetch) may ask of the screen that owns them. The controller implements it; they
// take this and the few parts they work on, never the whole controller.
export interface ScreenTasks {
  /** Runs slow work off the key handler; its failure becomes the status bar's one-line message. */
  runTask(work: () => Promise<unknown>): void;
  /** Repaints soon, once, however many background events ask for it. */
  schedulePaint(): void;
  /** Shows an error as the status bar's message. */
  showError(error: unknown): void;
}
