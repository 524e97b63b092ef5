// Training in a Web Worker; the page's `view` session mirrors the worker's trainer and does all drawing.
// Settings go to the view first (it validates them and throws the sentence if they are wrong, so nothing
// bad ever reaches the worker), then to the worker. Both count resets the same way, so a state from
// before the latest reset is recognised and dropped. PCA's reference error comes from the worker too: the
// view adopts it, so the page never computes MNIST's decomposition on its own thread.
import { Playground } from '../playground.js';

export class WorkerHost {
  kind = 'worker';
  #worker;
  #nextId = 1;
  #pending = new Map();
  /** Resets so far (the worker counts the same ones). */
  #resetCount = 0;
  /** What the worker was last told: `${playing}/${stepsPerFrame}`. */
  #running = 'false/0';

  constructor(view, worker) {
    this.view = view;
    this.#worker = worker;
    worker.onmessage = ({ data }) => this.#receive(data);
  }

  /** Starts a worker for `config`; resolves once it has built the same session as the view. */
  static async create(config, { mnistBytes } = {}) {
    const worker = new Worker(new URL('../training-worker.js', import.meta.url), { type: 'module' });
    await new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => data.ready && resolve();
      worker.onerror = (e) => reject(new Error(`The training worker failed to start: ${e.message ?? e}`));
    });
    const view = new Playground(config);
    const host = new WorkerHost(view, worker);
    await host.#request({ type: 'init', config, mnist: mnistBytes });
    return host;
  }

  #request(message, transfer = []) {
    const id = this.#nextId++;
    this.#worker.postMessage({ ...message, id }, transfer);
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
  }

  #receive(data) {
    const waiting = this.#pending.get(data.id);
    this.#pending.delete(data.id);
    // A state from before the latest reset belongs to another model: drop it.
    if (data.state && data.resetCount === this.#resetCount) {
      this.view.loadState(data.state);
      if (typeof data.pcaReference === 'number') this.view.adoptPcaReference(data.pcaReference);
    }
    // A state the worker sent on its own while training: ready for the next one.
    if (data.id === 0) this.#worker.postMessage({ type: 'ack' });
    if (!waiting) return;
    if (data.ok) waiting.resolve(data.result);
    else waiting.reject(new Error(data.error));
  }

  /** Called every frame: tells the worker to train on its own (or to stop) when that changes. The worker
   * keeps this wish while it cannot train (after a divergence, which the page learns from the state). */
  run(playing, stepsPerFrame) {
    const running = `${playing}/${stepsPerFrame}`;
    if (running === this.#running) return;
    this.#running = running;
    this.#worker.postMessage({ type: 'run', playing, stepsPerFrame });
  }

  /** Takes exactly `n` steps (the Step button): queued behind whatever the worker is doing, never dropped. */
  step(n = 1) {
    return this.#request({ type: 'step', steps: n });
  }

  /** Applies settings; resolves to `{reset, message}`, or rejects with the sentence and changes nothing. */
  async set(partial) {
    const change = this.view.set(partial);
    if (change.reset) this.#resetCount += 1;
    await this.#request({ type: 'set', partial });
    return change;
  }

  /** Applies a preset's settings and starts over, in one message: the worker trains no chunk between. */
  async applyPreset(config) {
    this.view.set(config);
    this.view.reset();
    this.#resetCount += 1;
    await this.#request({ type: 'preset', config });
  }

  async reset() {
    this.view.reset();
    this.#resetCount += 1;
    await this.#request({ type: 'reset' });
  }

  async restore() {
    await this.#request({ type: 'restore' });
  }

  async importModel(text) {
    const change = this.view.importModel(text);
    this.#resetCount += 1;
    await this.#request({ type: 'importModel', text });
    return change;
  }

  async loadCsv(text) {
    const change = this.view.loadCsv(text);
    this.#resetCount += 1;
    await this.#request({ type: 'loadCsv', text });
    return change;
  }

  /** Passes the MNIST digits (already loaded into the page's core) to the worker's core. */
  async loadMnist(bytes) {
    await this.#request({ type: 'loadMnist', bytes: bytes.slice() });
  }

  gradientCheck() {
    return this.#request({ type: 'gradientCheck' });
  }

  dispose() {
    this.#worker.terminate();
    this.view.free();
  }
}
