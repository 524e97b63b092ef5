// The linear-probe study from JavaScript: how well a softmax probe reads the digit class off the codes of
// a dense, an L1, a KL and a TopK autoencoder, of PCA and of the raw pixels, plus the sparse-features
// recovery score. Every number comes from the core (src/linear_probe/).
//
//   import { startProbeStudy } from './www/probe-study.js';
//   const bytes = await loadMnist();            // from playground.js: the decompressed digits
//   const { done, cancel } = startProbeStudy({ mnistBytes: bytes, seed: 1, onProgress: ({ fraction, label }) => … });
//   const results = await done;                 // { rows: [...], recovery: [...], settings, ... }
//
// It runs in its own module worker (probe-worker.js) so the page keeps its frames. Where workers are
// unavailable (window.saeRestricted: a page from file://, a sandboxed frame, the single-file build) it runs
// on the page's thread instead, in slices of about INLINE_SLICE_MS between frames (the PCA row too: its fit
// is sliced in the core).
import { core, lastPanic, loadMnistBytes, mnistLoaded } from './playground.js';

/** Milliseconds of work per frame when the study runs on the page's thread. */
const INLINE_SLICE_MS = 12;

/** Error sentences end with a full stop. */
const sentence = (error) => {
  const text = String(error?.message ?? error ?? 'The linear probe failed.').trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
};

/**
 * Starts the study. `mnistBytes`: the decompressed MNIST payload (what `loadMnist` resolves to); it may be
 * left out only when the digits are already loaded into this page's core and no worker is used.
 * `seed` (default 1) seeds the weights and probes. `onProgress({ fraction, label })` follows the work,
 * fraction rising to 1. `quick: true` runs a much smaller, test-only study whose numbers are not the
 * study's. `inline: true` forces the page-thread mode.
 * Returns `{ done, cancel, mode }`: `done` resolves to the results or rejects with an Error carrying a
 * sentence (`error.cancelled` is true after `cancel()`); `mode` is 'worker' or 'inline'.
 */
export function startProbeStudy({ mnistBytes, seed = 1, onProgress = () => {}, quick = false, inline = false } = {}) {
  const options = { mnistBytes, seed, quick };
  if (!inline && typeof Worker === 'function' && !globalThis.saeRestricted) {
    try {
      return { ...runInWorker(options, onProgress), mode: 'worker' };
    } catch {
      // A policy refused the worker (e.g. a Content-Security-Policy without worker-src): run here instead.
    }
  }
  return { ...runInline(options, onProgress), mode: 'inline' };
}

function cancelled() {
  const error = new Error('The linear-probe study was cancelled.');
  error.cancelled = true;
  return error;
}

function runInWorker({ mnistBytes, seed, quick }, onProgress) {
  // Created first, so that a refused worker throws here and the caller can run the study inline.
  let worker = mnistBytes ? new Worker(new URL('./probe-worker.js', import.meta.url), { type: 'module' }) : null;
  let settle = null;
  const done = new Promise((resolve, reject) => {
    settle = { resolve, reject };
    if (!worker) {
      reject(new Error('The linear probe needs the MNIST digits: pass mnistBytes (what loadMnist resolves to).'));
      return;
    }
    worker.onerror = (event) => {
      event.preventDefault?.();
      finish();
      reject(new Error(sentence(`The linear-probe worker failed: ${event.message ?? 'it could not start'}`)));
    };
    worker.onmessage = ({ data }) => {
      if (data.ready) {
        // A copy: the caller keeps its bytes.
        worker.postMessage({ mnistBytes: mnistBytes.slice(), seed, quick });
      } else if (data.progress) {
        onProgress({ fraction: data.progress.fraction, label: data.progress.label });
      } else if (data.results) {
        finish();
        resolve(data.results);
      } else if (data.error) {
        finish();
        reject(new Error(sentence(data.error)));
      }
    };
  });
  function finish() {
    worker?.terminate();
    worker = null;
  }
  return {
    done,
    cancel() {
      if (!worker) return;
      finish();
      settle.reject(cancelled());
    },
  };
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
    const fail = (error) => {
      stop();
      // A panic of this page's core says what it was, not "unreachable".
      const panic = lastPanic();
      reject(new Error(sentence(panic ? `The core stopped with an internal error: ${panic}` : error)));
    };
    try {
      if (mnistBytes && !mnistLoaded()) loadMnistBytes(mnistBytes);
      if (!mnistLoaded()) throw new Error('The linear probe needs the MNIST digits: pass mnistBytes (what loadMnist resolves to).');
      study = new core.WebProbeStudy(seed, quick);
    } catch (error) {
      fail(error);
      return;
    }
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
    frame = requestAnimationFrame(slice);
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
