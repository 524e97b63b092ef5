// Starts the page's Web Workers: the one place that knows how. Served normally, each is a module worker
// from its own file, posted the page's compiled core as its first message. The classic build
// (scripts/build-classic.mjs: a page opened from disk, a sandboxed frame, the single file) cannot load
// module workers or fetch the page's files; it carries its workers inside itself as one classic script
// without the core's wasm, starts it from a Blob URL and posts it the page's compiled core and the
// worker's name as its first message: the wasm is carried and compiled once.
import { wasmModule } from './core-loader.js';
import { embeddedWorkers } from './embedded-workers.js';

/** The module workers a page served normally starts, by name. */
const MODULE_WORKERS = {
  training: () => new URL('./training-worker.js', import.meta.url),
  probe: () => new URL('./probe-worker.js', import.meta.url),
};

/** How each worker is named in a sentence. */
const TITLES = { training: 'The training worker', probe: 'The linear-probe worker' };

/** How long a worker started from a Blob URL may take to say it is ready: a policy can refuse one without
 * any error reaching the page, which then trains on its own thread instead of waiting. */
const BLOB_READY_MS = 8000;

/** Why a worker from a Blob URL failed without a message: what refuses one in practice. */
const BLOB_REFUSED = 'the browser refused to run it from the page\'s own script, which a Content-Security-Policy may forbid';

/** Why this page cannot start workers at all, or null when it can try. */
export function workersRefused() {
  if (typeof Worker === 'undefined') return 'this browser has no Web Workers';
  if (embeddedWorkers) return null;
  // boot.js's reason why modules and the page's own files are refused here.
  return globalThis.saeRestricted ?? null;
}

/** Starts worker `name` ('training' or 'probe') and resolves to it once it has said it is ready. If it
 * cannot start, rejects with an Error whose message begins with the worker's title and whose `why` is the
 * reason alone (for a sentence of the page's own). `core` is the compiled core it runs: the page's own by
 * default, or www/full-core.js's `{ wasmModule, build: 'full' }`. */
export async function startWorker(name, core = { wasmModule, build: 'page' }) {
  if (embeddedWorkers) return startBlobWorker(name);
  // A refused worker (a policy without worker-src 'self') throws here: a rejection, like any failure.
  const worker = new Worker(MODULE_WORKERS[name](), { type: 'module' });
  // An already compiled core (www/core-loader.js waits for it in the worker): no second download.
  worker.postMessage(core);
  return whenReady(worker, name, { refused: 'its script could not be loaded' });
}

/** The Error for worker `name` not starting, `why` being the reason. */
const notStarted = (name, why) => Object.assign(new Error(`${TITLES[name]} failed to start: ${why}`), { why });

/** Resolves to `worker` on its `{ ready }` message; rejects on an error (an error without a message means
 * `refused`), on `{ failed }` (its core could not start) or after `timeoutMs`. */
function whenReady(worker, name, { refused, timeoutMs = Infinity }) {
  return new Promise((resolve, reject) => {
    const fail = (why) => {
      clearTimeout(timer);
      worker.terminate();
      reject(notStarted(name, why));
    };
    const timer = Number.isFinite(timeoutMs)
      ? setTimeout(() => fail(`it did not say it was ready within ${timeoutMs / 1000} seconds`), timeoutMs)
      : null;
    worker.onmessage = ({ data }) => {
      if (data.failed) fail(data.failed);
      else if (data.ready) {
        clearTimeout(timer);
        // From here on the worker's user handles its messages and errors.
        worker.onmessage = null;
        worker.onerror = null;
        resolve(worker);
      }
    };
    worker.onerror = (e) => fail(e.message || refused);
  });
}

async function startBlobWorker(name) {
  const url = URL.createObjectURL(new Blob([await embeddedWorkers.script()], { type: 'text/javascript' }));
  try {
    let worker;
    try {
      worker = new Worker(url);
    } catch (error) {
      throw notStarted(name, `the browser refused it (${error.message ?? error})`);
    }
    // The classic build carries one core, the whole one: every worker runs it.
    worker.postMessage({ worker: name, wasmModule: embeddedWorkers.wasmModule });
    return await whenReady(worker, name, { refused: BLOB_REFUSED, timeoutMs: BLOB_READY_MS });
  } finally {
    URL.revokeObjectURL(url);
  }
}
