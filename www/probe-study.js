// The linear-probe study from JavaScript: how well a softmax probe reads the digit class off the codes of
// a dense, an L1, a KL and a TopK autoencoder, of PCA and of the raw pixels, plus the sparse-features
// recovery score. Every number comes from the core (src/linear_probe/).
//
//   import { startProbeStudy } from './www/probe-study.js';
//   const bytes = await loadMnist();            // from playground.js: the decompressed digits
//   const { done, cancel } = startProbeStudy({ mnistBytes: bytes, seed: 1, onProgress: ({ fraction, label }) => … });
//   const results = await done;                 // { rows: [...], recovery: [...], settings, ... }
//
// It runs in its own worker (probe-worker.js; started by worker-factory.js, from a Blob URL in the classic
// build) so the page keeps its frames. Where no worker can start (no Web Workers, a policy refusing them)
// it runs on the page's thread instead, in slices of about INLINE_SLICE_MS between frames (the PCA row too:
// its fit is sliced in the core). Either way it runs the whole core (www/full-core.js), which the page's
// own leaves out: the first study of a visit downloads it, its progress in the labels.
import { fullCore, fullCoreInPage } from './full-core.js';
import { startWorker, workersRefused } from './worker-factory.js';

/** Milliseconds of work per frame when the study runs on the page's thread. */
const INLINE_SLICE_MS = 12;

/** Error sentences end with a full stop. */
const sentence = (error) => {
  const text = String(error?.message ?? error ?? 'The linear probe failed.').trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
};

/**
 * Starts the study. `mnistBytes`: the decompressed MNIST payload (what `loadMnist` resolves to); it may be
 * left out only when no worker is used and the whole core on the page's thread already has the digits (the
 * classic build, whose page runs the whole core, after `loadMnist`).
 * `seed` (default 1) seeds the weights and probes. `onProgress({ fraction, label })` follows the work,
 * fraction rising to 1. `quick: true` runs a much smaller, test-only study whose numbers are not the
 * study's. `inline: true` forces the page-thread mode.
 * Returns `{ done, cancel, mode }`: `done` resolves to the results or rejects with an Error carrying a
 * sentence (`error.cancelled` is true after `cancel()`); `mode` is 'worker' or 'inline' (it turns to
 * 'inline' if the worker could not start and the study went on on the page's thread).
 */
export function startProbeStudy({ mnistBytes, seed = 1, onProgress = () => {}, quick = false, inline = false } = {}) {
  const options = { mnistBytes, seed, quick };
  if (!inline && !workersRefused()) return runInWorker(options, onProgress);
  return { ...runInline(options, onProgress), mode: 'inline' };
}

function cancelled() {
  const error = new Error('The linear-probe study was cancelled.');
  error.cancelled = true;
  return error;
}

function runInWorker(options, onProgress) {
  const { mnistBytes, seed, quick } = options;
  const run = { mode: 'worker', done: null, cancel: null };
  let worker = null;
  /** The study on the page's thread, when the worker could not start. */
  let fallback = null;
  let ended = false;
  let settle = null;
  run.done = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = () => {
    ended = true;
    worker?.terminate();
    worker = null;
  };
  run.cancel = () => {
    if (ended) return;
    if (fallback) {
      ended = true;
      fallback.cancel();
      return;
    }
    finish();
    settle.reject(cancelled());
  };
  if (!mnistBytes) {
    finish();
    settle.reject(new Error('The linear probe needs the MNIST digits: pass mnistBytes (what loadMnist resolves to).'));
    return run;
  }
  /** The download's progress, as the study's first labels. */
  const loading = (label) => {
    if (!ended) onProgress({ fraction: 0, label });
  };
  fullCore(loading).then((core) => {
    if (ended) return;
    startWorker('probe', core).then(onStarted, onRefused);
  }, (error) => {
    if (ended) return;
    finish();
    settle.reject(new Error(sentence(error)));
  });
  function onStarted(started) {
    if (ended) {
      started.terminate();
      return;
    }
    worker = started;
    worker.onerror = (event) => {
      event.preventDefault?.();
      finish();
      settle.reject(new Error(sentence(`The linear-probe worker failed: ${event.message ?? 'it stopped'}`)));
    };
    worker.onmessage = ({ data }) => {
      if (data.progress) {
        onProgress({ fraction: data.progress.fraction, label: data.progress.label });
      } else if (data.results) {
        finish();
        settle.resolve(data.results);
      } else if (data.error) {
        finish();
        settle.reject(new Error(sentence(data.error)));
      }
    };
    // A copy: the caller keeps its bytes.
    worker.postMessage({ mnistBytes: mnistBytes.slice(), seed, quick });
  }
  function onRefused() {
    if (ended) return;
    // A policy refused the worker (e.g. a Content-Security-Policy without worker-src): run here instead.
    run.mode = 'inline';
    fallback = runInline(options, onProgress);
    fallback.done.then(settle.resolve, settle.reject);
  }
  return run;
}

function runInline({ mnistBytes, seed, quick }, onProgress) {
  let stopped = false;
  let frame = null;
  let settle = null;
  let study = null;
  /** Stops for good and frees the core's study (JavaScript runs one thing at a time: never mid-slice). */
  const stop = () => {
    stopped = true;
    if (frame !== null) cancelAnimationFrame(frame);
    frame = null;
    study?.free();
    study = null;
  };
  const done = new Promise((resolve, reject) => {
    settle = { resolve, reject };
    /** The whole core on this thread, once loaded. */
    let core = null;
    const fail = (error) => {
      stop();
      // A panic of the core says what it was, not "unreachable".
      const panic = core?.lastPanic();
      reject(new Error(sentence(panic ? `The core stopped with an internal error: ${panic}` : error)));
    };
    const slice = () => {
      frame = null;
      if (stopped) return;
      try {
        const progress = JSON.parse(study.advance(INLINE_SLICE_MS));
        onProgress({ fraction: progress.fraction, label: progress.label });
        if (progress.done) {
          const results = JSON.parse(study.results());
          stop();
          resolve(results);
          return;
        }
      } catch (error) {
        fail(error);
        return;
      }
      frame = requestAnimationFrame(slice);
    };
    const start = (loaded) => {
      if (stopped) return;
      core = loaded;
      try {
        if (mnistBytes && !core.mnistLoaded()) core.loadMnist(mnistBytes);
        if (!core.mnistLoaded()) throw new Error('The linear probe needs the MNIST digits: pass mnistBytes (what loadMnist resolves to).');
        study = new core.WebProbeStudy(seed, quick);
      } catch (error) {
        fail(error);
        return;
      }
      frame = requestAnimationFrame(slice);
    };
    const loading = (label) => {
      if (!stopped) onProgress({ fraction: 0, label });
    };
    fullCoreInPage(loading).then(start, (error) => {
      if (!stopped) fail(error);
    });
  });
  return {
    done,
    cancel() {
      if (stopped) return;
      stop();
      settle.reject(cancelled());
    },
  };
}
