// Loads the core: the wasm-bindgen module of the build this browser runs best. The page fetches and
// compiles the wasm once and hands the compiled module to its workers (`www/worker-factory.js` posts
// `{ wasmModule, build }` first), so a worker neither downloads nor compiles it again: on a host that sends
// no cache validators a first visit would otherwise fetch the core twice. A worker given the whole core
// (`build: 'full'`, www/full-core.js: the linear-probe worker) runs that build's glue instead. The classic
// single-file build (scripts/build-classic.mjs) replaces this module with one that carries the wasm inside it.

/** A minimal module using a relaxed-SIMD instruction: validates only where relaxed SIMD is supported. */
const RELAXED_SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253, 15,
  253, 128, 2, 11,
]);

/** Which build of the core runs here: 'relaxed-simd' (fused multiply-add) or 'simd128'. */
export const wasmVariant = WebAssembly.validate(RELAXED_SIMD_PROBE) ? 'relaxed-simd' : 'simd128';

const inWorker = typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope;

/** What a worker's page posts as its first message: `{ wasmModule, build }`. Listening starts now, while
 * the worker's modules are still loading, so the message cannot be missed. */
const fromPage = inWorker ? new Promise((resolve) => {
  globalThis.addEventListener('message', function take({ data }) {
    if (!(data?.wasmModule instanceof WebAssembly.Module)) return;
    globalThis.removeEventListener('message', take);
    resolve(data);
  });
}) : null;

/** The wasm-bindgen glue of `build`: 'full' (the whole core) or the page's own for this browser. */
function glueOf(build) {
  if (build === 'full') return import('../pkg-full/sae_playground.js');
  return wasmVariant === 'relaxed-simd' ? import('../pkg-relaxed/sae_playground.js') : import('../pkg/sae_playground.js');
}

/** Compiles the wasm `response` carries (streaming where the host serves `application/wasm`). */
export async function compileResponse(response) {
  try {
    return await WebAssembly.compileStreaming(response.clone());
  } catch (error) {
    // A host that labels the file with another type: compile from the bytes instead.
    if (response.headers.get('Content-Type') === 'application/wasm') throw error;
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

/** Fetches and compiles the page's core. */
async function compile() {
  const url = wasmVariant === 'relaxed-simd'
    ? new URL('../pkg-relaxed/sae_playground_bg.wasm', import.meta.url)
    : new URL('../pkg/sae_playground_bg.wasm', import.meta.url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not fetch the core (${response.status} ${response.statusText}).`);
  return compileResponse(response);
}

const given = await fromPage;
/** The compiled core, for the page's workers. Kept on the global object so a second copy of this module
 * (the unbundled `www/` modules a course page or a test imports beside the bundle) shares it rather than
 * fetching it again. The fetch starts before the glue loads; its failure is reported where it is awaited. */
const compiled = given ? given.wasmModule : (globalThis.saeCoreModule ??= compile());
compiled.catch?.(() => {});
/** The core's wasm-bindgen exports, initialised. */
export const wasm = await glueOf(given?.build);
export const wasmModule = await compiled;
await wasm.default({ module_or_path: wasmModule });
