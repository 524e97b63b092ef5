// Training in a Web Worker; the page's `view` session mirrors the worker's trainer and does all drawing.
// Settings go to the view first (it validates them and throws the sentence if they are wrong, so nothing
// bad ever reaches the worker), then to the worker.
import { Playground } from '../playground.js';

/** Frame budget the worker may spend training per displayed frame, in ms. */
const WORKER_BUDGET_MS = 14;

export class WorkerHost {
  kind = 'worker';
  #worker;
  #nextId = 1;
  #pending = new Map();
  #ticking = false;
  #generation = 0;
  pca = null;

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
    if (data.state && data.generation === this.#generation) {
      this.view.loadState(data.state);
      this.pca = data.pca;
    }
    if (!waiting) return;
    if (data.ok) waiting.resolve(data.result);
    else waiting.reject(new Error(data.error));
  }

  /** Asks the worker for up to `steps` steps this frame, unless it is still busy with the last ask. */
  tick(steps) {
    if (this.#ticking) return;
    this.#ticking = true;
    this.#request({ type: 'tick', steps, budgetMs: WORKER_BUDGET_MS }).finally(() => {
      this.#ticking = false;
    });
  }

  /** Takes exactly `n` steps (the Step button): queued behind whatever the worker is doing, never dropped. */
  step(n = 1) {
    return this.#request({ type: 'step', steps: n });
  }

  /** Applies settings; resolves to `{reset, message}`, or rejects with the sentence and changes nothing. */
  async set(partial) {
    const change = this.view.set(partial);
    if (change.reset) this.#generation += 1;
    await this.#request({ type: 'set', partial });
    return change;
  }

  async reset() {
    this.view.reset();
    this.#generation += 1;
    await this.#request({ type: 'reset' });
  }

  async restore() {
    await this.#request({ type: 'restore' });
  }

  async importModel(text) {
    const change = this.view.importModel(text);
    this.#generation += 1;
    await this.#request({ type: 'importModel', text });
    return change;
  }

  async loadCsv(text) {
    const change = this.view.loadCsv(text);
    this.#generation += 1;
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

  pcaReference() {
    return this.pca;
  }

  dispose() {
    this.#worker.terminate();
    this.view.free();
  }
}
