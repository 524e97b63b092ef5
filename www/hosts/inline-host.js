// Training on the main thread, between frames, within a time budget: for embedded single figures and
// browsers without module workers. The same interface as WorkerHost.
import { Playground } from '../playground.js';

/** Milliseconds of training per frame, leaving the rest of the 16.7 ms frame to drawing. */
const INLINE_BUDGET_MS = 8;
/** Frames after a (re)start before PCA's reference error is computed: about a second. */
const PCA_AFTER_FRAMES = 60;

export class InlineHost {
  kind = 'inline';
  #pca = null;
  #frames = 0;

  constructor(view) {
    this.view = view;
  }

  static async create(config) {
    return new InlineHost(new Playground(config));
  }

  /** Called every frame: trains this frame's steps within the budget while playing. PCA's reference
   * error is computed once, about a second after a (re)start, so the first frames stay quick (MNIST's
   * takes about half a second on this thread). */
  run(playing, stepsPerFrame) {
    if (playing) this.view.stepFor(INLINE_BUDGET_MS, Number.isFinite(stepsPerFrame) ? stepsPerFrame : 1e9);
    this.#frames += 1;
    if (this.#pca === null && this.#frames > PCA_AFTER_FRAMES) this.#pca = this.view.pcaReference();
  }

  /** Takes exactly `n` steps (the Step button). */
  async step(n = 1) {
    return this.view.step(n);
  }

  async set(partial) {
    const change = this.view.set(partial);
    if (change.reset) this.#forgetPca();
    return change;
  }

  async reset() {
    this.view.reset();
  }

  async restore() {
    this.view.restore();
  }

  #forgetPca() {
    this.#pca = null;
    this.#frames = 0;
  }

  async importModel(text) {
    this.#forgetPca();
    return this.view.importModel(text);
  }

  async loadCsv(text) {
    this.#forgetPca();
    return this.view.loadCsv(text);
  }

  async loadMnist() {}

  async gradientCheck() {
    return this.view.gradientCheck();
  }

  /** PCA's reference error, or null until it is computed. */
  pcaReference() {
    return this.#pca;
  }

  dispose() {
    this.view.free();
  }
}
