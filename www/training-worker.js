// The Web Worker that trains: the page's drawing stays on the main thread, where a mirror session takes
// over this trainer's state. Messages: { id, type, ... } in, { id, ok, result, error, state, resetCount,
// pcaReference } out; every reply carries the state so the mirror is never behind. While the page plays,
// the worker trains on its own, in chunks, and sends its state whenever the page has taken the previous
// one (so it never floods the page, and training never waits for drawing).
import { Playground, loadMnistBytes } from './playground.js';

let session = null;
/** Counts resets (data or architecture changes, Reset, presets, model files, CSVs), in step with the
 * page's count: the page drops states from before its latest reset. */
let resetCount = 0;

/** What the page asked for with its last `run`: `{ stepsPerFrame }` (Infinity: as fast as possible)
 * while it plays, else null. Only `run` changes it. The worker pauses itself while its session cannot
 * train (after a divergence) but keeps the page's wish, and trains again as soon as a reset, a restore,
 * a preset or a model makes that possible: so it never sits still while the page shows Pause. */
let wanted = null;
/** Whether a chunk is scheduled. */
let pumping = false;
let waitingForPage = false;
/** Milliseconds of training per chunk, between which messages (settings, pause) are handled. */
const CHUNK_MS = 12;
const FRAME_MS = 1000 / 60;

const handlers = {
  init({ config, mnist }) {
    if (mnist) loadMnistBytes(mnist);
    session?.free();
    session = new Playground(config);
    resetCount = 0;
  },
  loadMnist({ bytes }) {
    return loadMnistBytes(bytes);
  },
  run({ playing, stepsPerFrame }) {
    wanted = playing ? { stepsPerFrame } : null;
  },
  /** The page took the last state: the next chunk may send another. */
  ack() {
    waitingForPage = false;
  },
  step({ steps }) {
    return session.step(steps);
  },
  set({ partial }) {
    const change = session.set(partial);
    if (change.reset) resetCount += 1;
    return change;
  },
  /** A preset in one message: its settings and a reset, with no training chunk between them. */
  preset({ config }) {
    session.set(config);
    session.reset();
    resetCount += 1;
  },
  reset() {
    session.reset();
    resetCount += 1;
  },
  restore() {
    session.restore();
  },
  importModel({ text }) {
    const change = session.importModel(text);
    resetCount += 1;
    return change;
  },
  loadCsv({ text }) {
    const change = session.loadCsv(text);
    resetCount += 1;
    return change;
  },
  gradientCheck() {
    return session.gradientCheck();
  },
};

const canTrain = () => session !== null && session.summary().status.state === 'ok';

/** Starts training if the page wants it, the session can train and no chunk is scheduled yet. */
function trainIfWanted() {
  if (wanted && !pumping && canTrain()) {
    pumping = true;
    nextChunk(0);
  }
}

function pump() {
  if (!wanted || !session) {
    pumping = false;
    return;
  }
  const started = performance.now();
  const unlimited = !Number.isFinite(wanted.stepsPerFrame);
  session.stepFor(CHUNK_MS, unlimited ? 1e9 : wanted.stepsPerFrame);
  // Training stopped on its own (divergence): that state must reach the page even if it is still busy
  // with the previous one, because no further chunk will send it.
  const stopped = !canTrain();
  if (!waitingForPage || stopped) {
    waitingForPage = true;
    send({ id: 0, ok: true });
  }
  if (stopped) {
    pumping = false;
    return;
  }
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

/** Posts `reply` with the current state (transferred, not copied) and PCA's reference error once the
 * core's timing has made it known. */
function send(reply) {
  const transfer = [];
  if (session) {
    reply.state = session.saveState();
    reply.resetCount = resetCount;
    reply.pcaReference = session.updatePcaReference();
    transfer.push(reply.state.buffer);
  }
  self.postMessage(reply, transfer);
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
  trainIfWanted();
  send(reply);
};

self.postMessage({ ready: true });
