// The Web Worker that trains: the page's drawing stays on the main thread, where a mirror session takes
// over this trainer's state after every batch of steps. Messages: { id, type, ... } in, { id, ok, result,
// error, state, pca, generation } out; every reply carries the state so the mirror is never behind.
import { Playground, loadMnistBytes } from './playground.js';

let session = null;
/** Counts resets (data or architecture changes): the page drops states from before its latest reset. */
let generation = 0;
/** PCA's reference error for the current data set, computed once the first batch has run. */
let pca = null;

const handlers = {
  init({ config, mnist }) {
    if (mnist) loadMnistBytes(mnist);
    session?.free();
    session = new Playground(config);
    generation = 0;
    pca = null;
  },
  loadMnist({ bytes }) {
    return loadMnistBytes(bytes);
  },
  tick({ steps, budgetMs }) {
    const taken = session.stepFor(budgetMs, steps);
    if (pca === null) pca = session.pcaReference();
    return taken;
  },
  step({ steps }) {
    const taken = session.step(steps);
    if (pca === null) pca = session.pcaReference();
    return taken;
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
