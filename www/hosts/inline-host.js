// Training on the main thread, between frames, within a time budget: for embedded single figures and
// pages where no worker can start (no Web Workers, a policy refusing them). The same interface as
// WorkerHost. Two sessions (compare mode) split the budget: each gets its `share` of it.
import { Playground } from '../playground.js';

/** Milliseconds of training per frame, leaving the rest of the 16.7 ms frame to drawing. */
const INLINE_BUDGET_MS = 8;

export class InlineHost {
  kind = 'inline';

  /** This session's milliseconds of training per frame. */
  #budgetMs;

  constructor(view, share = 1) {
    this.view = view;
    this.#budgetMs = INLINE_BUDGET_MS * share;
  }

  /** A session for `config`; `share` (0 to 1) is its part of the frame's training budget. */
  static async create(config, { share = 1 } = {}) {
    return new InlineHost(new Playground(config), share);
  }

  /** Called every frame: trains this frame's steps within the budget (times `share`, the page's pacing:
   * less on a busy machine) while playing, PCA's reference error taking its part of that budget while it
   * is due; paused, the frame has room for one slice of the reference. */
  run(playing, stepsPerFrame, share = 1) {
    if (playing) this.view.stepFor(this.#budgetMs * share, Number.isFinite(stepsPerFrame) ? stepsPerFrame : 1e9);
    else this.view.updatePcaReference();
  }

  /** Takes exactly `n` steps (the Step button). */
  async step(n = 1) {
    return this.view.step(n);
  }

  async set(partial) {
    return this.view.set(partial);
  }

  /** Applies a preset's settings and starts over (between two frames, so no training comes between). */
  async applyPreset(config) {
    this.view.set(config);
    this.view.reset();
  }

  async reset() {
    this.view.reset();
  }

  async restore() {
    this.view.restore();
  }

  async importModel(text) {
    return this.view.importModel(text);
  }

  async loadCsv(text) {
    return this.view.loadCsv(text);
  }

  async loadMnist() {}

  /** In slices of the frame's training budget: the page keeps drawing. `onProgress(fraction)`. */
  async gradientCheck(onProgress) {
    return this.view.gradientCheckInSlices({ sliceMs: this.#budgetMs, onProgress });
  }

  dispose() {
    this.view.free();
  }
}
