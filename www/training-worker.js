// The Web Worker that trains: the page's drawing stays on the main thread, where a mirror session takes
// over this trainer's state after every batch of steps. Messages: { id, type, ... } in, { id, ok, result,
// error, state, pca, generation } out; every reply carries the state so the mirror is never behind.
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
  tick({ steps, budgetMs }) {
    return trained(session.stepFor(budgetMs, steps));
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
  const transfer = [];
  if (session) {
    reply.state = session.saveState();
    reply.pca = pca;
    reply.generation = generation;
    transfer.push(reply.state.buffer);
  }
  self.postMessage(reply, transfer);
};

self.postMessage({ ready: true });
