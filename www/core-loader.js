// Loads the core: the wasm-bindgen module of the build this browser runs best. The classic single-file
// build (scripts/build-classic.mjs) replaces this module with one that carries the wasm inside it.

/** A minimal module using a relaxed-SIMD instruction: validates only where relaxed SIMD is supported. */
const RELAXED_SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253, 15,
  253, 128, 2, 11,
]);

/** Which build of the core runs here: 'relaxed-simd' (fused multiply-add) or 'simd128'. */
export const wasmVariant = WebAssembly.validate(RELAXED_SIMD_PROBE) ? 'relaxed-simd' : 'simd128';

/** The core's wasm-bindgen exports, initialised. */
export const wasm = await import(wasmVariant === 'relaxed-simd' ? '../pkg-relaxed/sae_playground.js' : '../pkg/sae_playground.js');
await wasm.default();
