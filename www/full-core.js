// The whole core (dist/pkg-full/: the page's exports and the linear-probe study), loaded the first time a
// visitor runs the probe. The page's own core leaves the study out so that the first view downloads less
// (Cargo.toml's features); the probe's worker is posted this build instead of the page's. The classic build
// (scripts/build-classic.mjs) carries only the whole core and replaces this module with one that returns it.
import { compileResponse } from './core-loader.js';

const WASM = () => new URL('../pkg-full/sae_playground_bg.wasm', import.meta.url);

/** The download's progress reported at most this often (milliseconds). */
const PROGRESS_MS = 100;

let compiled = null;
let inPage = null;

/** Fetches `url`, calling `onBytes(received, total)` as the body arrives (`total` is the Content-Length:
 * 0 when the host does not say, the compressed size when it compresses); resolves to a Response over the
 * bytes. */
async function fetchWithProgress(url, onBytes) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
  if (!response.body) return response;
  const total = Number(response.headers.get('Content-Length')) || 0;
  const reader = response.body.getReader();
  const parts = [];
  let received = 0;
  let reported = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.length;
    if (performance.now() - reported > PROGRESS_MS) {
      reported = performance.now();
      onBytes(received, total);
    }
  }
  onBytes(received, total);
  return new Response(new Blob(parts), { headers: { 'Content-Type': response.headers.get('Content-Type') ?? '' } });
}

/**
 * The whole core, compiled: `{ wasmModule, build: 'full' }`, what a worker is posted. Fetched once; later
 * calls share it, and a failure lets the next call try again. `onProgress(label)` follows the download
 * ("Loading the probe's core (40 %).").
 */
export function fullCore(onProgress = () => {}) {
  compiled ??= (async () => {
    const response = await fetchWithProgress(WASM(), (received, total) => {
      const done = total && received <= total ? `${Math.min(100, Math.round((100 * received) / total))} %` : `${Math.round(received / 1024)} KB`;
      onProgress(`Loading the probe's core (${done}).`);
    });
    return { wasmModule: await compileResponse(response), build: 'full' };
  })().catch((error) => {
    compiled = null;
    throw new Error(`The linear probe's core could not be loaded (${String(error?.message ?? error).replace(/\.$/, '')}).`);
  });
  return compiled;
}

/** The whole core's wasm-bindgen exports, initialised on the page's thread (where no worker can run the
 * probe): a second instance beside the page's own core. */
export function fullCoreInPage(onProgress = () => {}) {
  inPage ??= (async () => {
    const { wasmModule } = await fullCore(onProgress);
    const glue = await import('../pkg-full/sae_playground.js');
    await glue.default({ module_or_path: wasmModule });
    return glue;
  })().catch((error) => {
    inPage = null;
    throw error;
  });
  return inPage;
}
