// The whole core (dist/pkg-full/: the page's exports and the linear-probe study), loaded the first time a
// visitor runs the probe. The page's own core leaves the study out so that the first view downloads less
// (Cargo.toml's features); the probe's worker is posted this build instead of the page's. The classic build
// (scripts/build-classic.mjs) carries only the whole core and replaces this module with one that returns it.
import { compileResponse } from './core-loader.js';
import { readWithProgress } from './fetch-progress.js';

const WASM = () => new URL('../pkg-full/sae_playground_bg.wasm', import.meta.url);

/** The download's progress reported at most this often (milliseconds). */
const PROGRESS_MS = 100;

let compiled = null;
let inPage = null;

/**
 * The whole core, compiled: `{ wasmModule, build: 'full' }`, what a worker is posted. Fetched once; later
 * calls share it, and a failure lets the next call try again. `onProgress(label)` follows the download
 * ("Loading the probe's core (40 %).").
 */
export function fullCore(onProgress = () => {}) {
  compiled ??= (async () => {
    const response = await fetch(WASM());
    if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
    let reported = -Infinity;
    const body = await readWithProgress(response, (received, total) => {
      if (performance.now() - reported < PROGRESS_MS) return;
      reported = performance.now();
      const done = total && received <= total ? `${Math.round((100 * received) / total)} %` : `${Math.round(received / 1024)} KB`;
      onProgress(`Loading the probe's core (${done}).`);
    });
    const downloaded = new Response(body, { headers: { 'Content-Type': response.headers.get('Content-Type') ?? '' } });
    return { wasmModule: await compileResponse(downloaded), build: 'full' };
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
