// Training in a Web Worker; each host's `view` session mirrors one of the worker's trainers and does all
// drawing. One worker serves one or two hosts (compare mode: both models train in the same worker, in
// turn, so the page's thread carries no more than with one). Settings go to the view first (it validates
// them and throws the sentence if they are wrong, so nothing bad ever reaches the worker), then to the
// worker. Both count resets the same way, so a state from before the latest reset is recognised and
// dropped. PCA's reference error comes from the worker too: the view adopts it, so the page never computes
// MNIST's decomposition on its own thread.
import { Playground } from '../playground.js';
import { startWorker } from '../worker-factory.js';

/** The page's end of one training worker: requests and replies, routed to the host of each session. */
class WorkerLink {
  #worker;
  #nextId = 1;
  #pending = new Map();
  /** Hosts by session id. */
  #hosts = new Map();
  #nextSession = 1;
  #mnistSent = false;

  constructor(worker) {
    this.#worker = worker;
    worker.onmessage = ({ data }) => this.#receive(data);
  }

  static async start() {
    return new WorkerLink(await startWorker('training'));
  }

  /** A new session id for `host`. */
  attach(host) {
    const id = this.#nextSession++;
    this.#hosts.set(id, host);
    return id;
  }

  /** Sends `message` and resolves to the worker's answer; `onProgress(fraction)` takes the progress a
   * sliced request reports before it answers. */
  request(message, transfer = [], onProgress = null) {
    const id = this.#nextId++;
    this.#worker.postMessage({ ...message, id }, transfer);
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject, onProgress }));
  }

  post(message) {
    this.#worker.postMessage(message);
  }

  /** Hands the digits to the worker's core once (they are shared by its sessions). */
  async loadMnist(bytes) {
    if (this.#mnistSent) return;
    await this.request({ type: 'loadMnist', bytes: bytes.slice() });
    this.#mnistSent = true;
  }

  #receive(data) {
    if ('progress' in data) {
      this.#pending.get(data.id)?.onProgress?.(data.progress);
      return;
    }
    const waiting = this.#pending.get(data.id);
    this.#pending.delete(data.id);
    this.#hosts.get(data.session)?.receiveState(data);
    if (!waiting) return;
    if (data.ok) waiting.resolve(data.result);
    else waiting.reject(new Error(data.error));
  }

  /** Closes a session; the worker ends with its last one. */
  detach(id) {
    this.#hosts.delete(id);
    if (this.#hosts.size === 0) this.#worker.terminate();
    else this.#worker.postMessage({ type: 'drop', session: id });
  }
}

export class WorkerHost {
  kind = 'worker';
  #link;
  #session;
  /** Resets so far (the worker counts the same ones). */
  #resetCount = 0;
  /** What the worker was last told: `${playing}/${stepsPerFrame}/${share}`. */
  #running = 'false/0/1';
  /** A state arrived on its own since the last frame: the worker waits for the page to take it. */
  #ackDue = false;
  /** When the page last asked for the next state (performance.now()). */
  #askedAt = -Infinity;

  constructor(view, link) {
    this.view = view;
    this.#link = link;
    this.#session = link.attach(this);
  }

  /** Starts a worker for `config`; resolves once it has built the same session as the view. */
  static async create(config, { mnistBytes } = {}) {
    const [host] = await WorkerHost.createMany([config], { mnistBytes });
    return host;
  }

  /** One worker training a session for each of `configs` in turn; resolves to their hosts. */
  static async createMany(configs, { mnistBytes } = {}) {
    const link = await WorkerLink.start();
    const hosts = configs.map((config) => new WorkerHost(new Playground(config), link));
    if (mnistBytes) await link.loadMnist(mnistBytes);
    try {
      await Promise.all(hosts.map((host, i) => host.#request({ type: 'init', config: configs[i] })));
    } catch (error) {
      for (const host of hosts) host.dispose();
      throw error;
    }
    return hosts;
  }

  #request(message, transfer = [], onProgress = null) {
    return this.#link.request({ ...message, session: this.#session }, transfer, onProgress);
  }

  /** A state from the worker (a reply, or sent on its own while training). */
  receiveState(data) {
    // One the worker sent on its own: the next frame asks for another (so at most one a frame).
    if (data.id === 0) this.#ackDue = true;
    // A state from before the latest reset belongs to another model: drop it. A reply without a state
    // is one the mirror has already.
    if (data.resetCount !== this.#resetCount) return;
    if (data.state) this.view.loadState(data.state);
    if (typeof data.pcaReference === 'number') this.view.adoptPcaReference(data.pcaReference);
  }

  /** Called every frame: takes the state that arrived (the worker sends the next one after this, no
   * sooner than `stateIntervalMs` after the last was asked for), and tells the worker to train on its own
   * (or to stop) when that changes. `share` is the part of its time the worker trains and
   * `stateIntervalMs` how often the figures may redraw (the page's pacing: on a busy machine the worker
   * rests in between, and the page loads the weights and recomputes the figures' samples only as often as
   * the figures can show them: a 784-wide model's 1.2 MB state every frame was a tenth of the page's
   * thread on a slow machine). The worker keeps this wish while it cannot train (after a divergence,
   * which the page learns from the state). */
  run(playing, stepsPerFrame, share = 1, stateIntervalMs = 0) {
    const now = performance.now();
    if (this.#ackDue && now - this.#askedAt >= stateIntervalMs) {
      this.#ackDue = false;
      this.#askedAt = now;
      this.#link.post({ type: 'ack', session: this.#session });
    }
    const running = `${playing}/${stepsPerFrame}/${share}`;
    if (running === this.#running) return;
    this.#running = running;
    this.#link.post({ type: 'run', session: this.#session, playing, stepsPerFrame, share });
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
    await this.#link.loadMnist(bytes);
  }

  /** In the worker, in slices between its training chunks: `onProgress(fraction)` follows it. */
  gradientCheck(onProgress) {
    return this.#request({ type: 'gradientCheck' }, [], onProgress);
  }

  dispose() {
    this.#link.detach(this.#session);
    this.view.free();
  }
}
