// The Web Worker that trains: the page's drawing stays on the main thread, where a mirror session takes
// over each trainer's state. One worker trains one or two sessions (compare mode), in turn, each getting
// an equal share of every chunk, so two models cost the page no more than one.
// Messages: { id, session, type, ... } in, { id, session, ok, result, error, state, resetCount,
// pcaReference } out; every reply but a live setting's carries its session's state when it changed since
// the last one sent, so the mirror is never behind (and a dragged slider sends no weights back). While the
// page plays, the worker trains on its own, in chunks, and sends a session's state whenever the page has
// taken the previous one (so it never floods the page, and training never waits for drawing).
import { Playground, loadMnistBytes } from './playground.js';

/**
 * The sessions by id: `{ playground, resetCount, wanted, waitingForPage, sent }`.
 * - `resetCount` counts resets (data or architecture changes, Reset, presets, model files, CSVs), in step
 *   with the page's count: the page drops states from before its latest reset.
 * - `wanted` is what the page asked for with its last `run`: `{ stepsPerFrame, share }` (Infinity: as
 *   fast as possible; `share`: the part of the time to train, resting between chunks, when the page's
 *   frames come late) while it plays, else null. Only `run` changes it. The worker skips a session that cannot
 *   train (after a divergence) but keeps the page's wish, and trains it again as soon as a reset, a
 *   restore, a preset or a model makes that possible: so it never sits still while the page shows Pause.
 * - `waitingForPage`: a state was sent and the page has not taken it yet.
 * - `sent`: which state was sent last (`resetCount/weightsRevision`).
 */
const sessions = new Map();
/** Whether a chunk is scheduled. */
let pumping = false;
/** Milliseconds of training per chunk (shared by the sessions), between which messages (settings, pause)
 * are handled. */
const CHUNK_MS = 12;
const FRAME_MS = 1000 / 60;

function sessionOf(id) {
  const session = sessions.get(id);
  if (!session) throw new Error(`The training worker has no session ${id}.`);
  return session;
}

const handlers = {
  init({ session: id, config, mnist }) {
    if (mnist) loadMnistBytes(mnist);
    sessions.get(id)?.playground.free();
    sessions.set(id, { playground: new Playground(config), resetCount: 0, wanted: null, waitingForPage: false, sent: null });
  },
  /** The page closed this session (compare mode ended, the stage was rebuilt). */
  drop({ session: id }) {
    sessions.get(id)?.playground.free();
    sessions.delete(id);
  },
  loadMnist({ bytes }) {
    return loadMnistBytes(bytes);
  },
  run({ session: id, playing, stepsPerFrame, share = 1 }) {
    sessionOf(id).wanted = playing ? { stepsPerFrame, share } : null;
  },
  /** The page took the last state: the next chunk may send another. */
  ack({ session: id }) {
    const session = sessions.get(id);
    if (session) session.waitingForPage = false;
  },
  step({ session: id, steps }) {
    return sessionOf(id).playground.step(steps);
  },
  set({ session: id, partial }) {
    const session = sessionOf(id);
    const change = session.playground.set(partial);
    if (change.reset) session.resetCount += 1;
    return change;
  },
  /** A preset in one message: its settings and a reset, with no training chunk between them. */
  preset({ session: id, config }) {
    const session = sessionOf(id);
    session.playground.set(config);
    session.playground.reset();
    session.resetCount += 1;
  },
  reset({ session: id }) {
    const session = sessionOf(id);
    session.playground.reset();
    session.resetCount += 1;
  },
  restore({ session: id }) {
    sessionOf(id).playground.restore();
  },
  importModel({ session: id, text }) {
    const session = sessionOf(id);
    const change = session.playground.importModel(text);
    session.resetCount += 1;
    return change;
  },
  loadCsv({ session: id, text }) {
    const session = sessionOf(id);
    const change = session.playground.loadCsv(text);
    session.resetCount += 1;
    return change;
  },
  /** In slices between the training chunks, saying how far it is (`{ id, progress }` messages): an MNIST
   * check is seconds on a slow machine, and the session trains on meanwhile. Resolves to the report. */
  gradientCheck({ id: request, session: id }) {
    return sessionOf(id).playground.gradientCheckInSlices({
      sliceMs: CHUNK_MS,
      onProgress: (progress) => self.postMessage({ id: request, session: id, progress }),
      nextSlice: soon,
    });
  },
};

const canTrain = (session) => session.playground.canTrain();
const training = () => [...sessions.entries()].filter(([, s]) => s.wanted && canTrain(s));

/** Starts training if the page wants it for a session that can train and no chunk is scheduled yet. */
function trainIfWanted() {
  if (!pumping && training().length > 0) {
    pumping = true;
    nextChunk(0);
  }
}

/** One chunk: every session that trains gets an equal share of CHUNK_MS. */
function pump() {
  const active = training();
  if (active.length === 0) {
    pumping = false;
    return;
  }
  const started = performance.now();
  const share = CHUNK_MS / active.length;
  let unlimited = false;
  let trainingShare = 1;
  for (const [id, session] of active) {
    const stepsPerFrame = session.wanted.stepsPerFrame;
    unlimited ||= !Number.isFinite(stepsPerFrame);
    trainingShare = Math.min(trainingShare, session.wanted.share);
    // PCA's reference error (MNIST: several hundred bounded slices) advances with the training, a third
    // of the chunk while it is due (stepFor), not with the page's frames: a slow page must not hold it back.
    session.playground.stepFor(share, Number.isFinite(stepsPerFrame) ? stepsPerFrame : 1e9);
    // Training stopped on its own (divergence): that state must reach the page even if it is still busy
    // with the previous one, because no further chunk will send it.
    if (!session.waitingForPage || !canTrain(session)) {
      session.waitingForPage = true;
      send(id, { id: 0, ok: true });
    }
  }
  // A finite speed is steps per displayed frame: wait out the rest of the frame. A share below 1 rests
  // in proportion to the chunk, leaving the machine to the page's frames.
  const elapsed = performance.now() - started;
  const rest = elapsed * (1 / trainingShare - 1);
  nextChunk(Math.max(rest, unlimited ? 0 : FRAME_MS - elapsed));
}

/** Runs `run` as a task of its own, at once: through a message to itself, not `setTimeout(0)`, whose
 * nested calls are clamped to 4 ms (a quarter of every chunk or gradient-check slice lost). Messages from
 * the page queued meanwhile still run first. */
const wake = new MessageChannel();
const woken = [];
wake.port1.onmessage = () => woken.shift()();
function soon(run) {
  woken.push(run);
  wake.port2.postMessage(null);
}

/** Runs the next chunk after `delay` ms. */
function nextChunk(delay) {
  if (delay > 0) setTimeout(pump, delay);
  else soon(pump);
}

/** Posts `reply` with session `id`'s current state (transferred, not copied) unless the page has it
 * already or `withState` is false, and PCA's reference error once the core's timing has made it known. */
function send(id, reply, withState = true) {
  const transfer = [];
  const session = sessions.get(id);
  reply.session = id;
  if (session) {
    const which = `${session.resetCount}/${session.playground.weightsRevision()}`;
    if (withState && which !== session.sent) {
      session.sent = which;
      reply.state = session.playground.saveState();
      transfer.push(reply.state.buffer);
    }
    reply.resetCount = session.resetCount;
    reply.pcaReference = session.playground.updatePcaReference();
  }
  self.postMessage(reply, transfer);
}

/** Marks `reply` as failed with `error`'s sentence. */
function failed(reply, error) {
  reply.ok = false;
  reply.error = error?.message ?? String(error);
}

self.onmessage = ({ data }) => {
  const { id, type, session } = data;
  const reply = { id, ok: true };
  try {
    reply.result = handlers[type](data);
  } catch (error) {
    failed(reply, error);
  }
  // A handler that works in slices (the gradient check) answers when it is done; training goes on.
  if (reply.result instanceof Promise) {
    reply.result.then((result) => {
      reply.result = result;
    }, (error) => failed(reply, error)).then(() => send(session, reply));
    trainIfWanted();
    return;
  }
  // An acknowledgement needs no answer; everything else (a pause included) answers with the state,
  // except a live setting's change: the weights it would carry come with the next state the page asks
  // for, at the pace it asks (a slider dragged while MNIST trains sent the page a 1.2 MB state at every
  // step of the drag).
  if (type === 'ack') return;
  trainIfWanted();
  send(session, reply, !(type === 'set' && reply.ok && !reply.result.reset));
};

self.postMessage({ ready: true });
