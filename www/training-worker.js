// The Web Worker that trains: the page's drawing stays on the main thread, where a mirror session takes
// over this trainer's state. Messages: { id, type, ... } in, { id, ok, result, error, state, pca,
// generation } out; every reply carries the state so the mirror is never behind. While playing, the worker
// trains on its own, in chunks, and sends its state whenever the page has taken the previous one (so it
// never floods the page, and training never waits for drawing).
import { Playground, loadMnistBytes } from './playground.js';

let session = null;
/** Counts resets (data or architecture changes): the page drops states from before its latest reset. */
let generation = 0;
/** PCA's reference error for the current data set. */
let pca = null;
/** Batches since the last reset: PCA waits a few, so training visibly starts at once (MNIST's PCA takes
 * about half a second). */
let batches = 0;
const PCA_AFTER_BATCHES = 20;

function trained(taken) {
  batches += 1;
  if (pca === null && batches >= PCA_AFTER_BATCHES) pca = session.pcaReference();
  return taken;
}

const handlers = {
  init({ config, mnist }) {
    if (mnist) loadMnistBytes(mnist);
    session?.free();
    session = new Playground(config);
    generation = 0;
    pca = null;
    batches = 0;
  },
  loadMnist({ bytes }) {
    return loadMnistBytes(bytes);
  },
  run({ playing, stepsPerFrame }) {
    running = playing ? { stepsPerFrame } : null;
    if (running && !pumping) {
      pumping = true;
      nextChunk(0);
    }
  },
  /** The page took the last state: the next chunk may send another. */
  ack() {
    waitingForPage = false;
  },
  step({ steps }) {
    return trained(session.step(steps));
  },
  set({ partial }) {
    const change = session.set(partial);
    if (change.reset) resetHappened();
    return change;
  },
  reset() {
    session.reset();
    resetHappened();
  },
  restore() {
    session.restore();
  },
  importModel({ text }) {
    const change = session.importModel(text);
    resetHappened();
    return change;
  },
  loadCsv({ text }) {
    const change = session.loadCsv(text);
    resetHappened();
    return change;
  },
  gradientCheck() {
    return session.gradientCheck();
  },
};

/** Playing: `{ stepsPerFrame }` (Infinity: as fast as possible), or null. */
let running = null;
let pumping = false;
let waitingForPage = false;
/** Milliseconds of training per chunk, between which messages (settings, pause) are handled. */
const CHUNK_MS = 12;
const FRAME_MS = 1000 / 60;

function pump() {
  if (!running || !session) {
    pumping = false;
    return;
  }
  const started = performance.now();
  const unlimited = !Number.isFinite(running.stepsPerFrame);
  trained(session.stepFor(CHUNK_MS, unlimited ? 1e9 : running.stepsPerFrame));
  // Training stopped on its own (divergence): that state must reach the page even if it is still busy
  // with the previous one, because no further chunk will send it.
  const stopped = session.summary().status.state !== 'ok';
  if (!waitingForPage || stopped) {
    waitingForPage = true;
    send({ id: 0, ok: true });
  }
  if (stopped) running = null;
  // A finite speed is steps per displayed frame: wait out the rest of the frame.
  nextChunk(unlimited ? 0 : Math.max(0, FRAME_MS - (performance.now() - started)));
}

/** Runs the next chunk after `delay` ms. With no delay it goes through a message to itself, not
 * `setTimeout(0)`: nested timeouts are clamped to 4 ms, a quarter of every chunk lost. Messages from the
 * page queued meanwhile still run first. */
const wake = new MessageChannel();
wake.port1.onmessage = () => pump();
function nextChunk(delay) {
  if (delay > 0) setTimeout(pump, delay);
  else wake.port2.postMessage(null);
}

/** Posts `reply` with the current state (transferred, not copied). */
function send(reply) {
  const transfer = [];
  if (session) {
    reply.state = session.saveState();
    reply.pca = pca;
    reply.generation = generation;
    transfer.push(reply.state.buffer);
  }
  self.postMessage(reply, transfer);
}

function resetHappened() {
  generation += 1;
  pca = null;
  batches = 0;
}

self.onmessage = ({ data }) => {
  const { id, type } = data;
  const reply = { id, ok: true };
  try {
    reply.result = handlers[type](data);
  } catch (error) {
    reply.ok = false;
    reply.error = error?.message ?? String(error);
  }
  // An acknowledgement needs no answer; everything else (a pause included) answers with the state.
  if (type === 'ack') return;
  send(reply);
};

self.postMessage({ ready: true });
