// `npm run build`: compiles the core to wasm (release, SIMD128), generates the JS bindings and writes a
// static dist/ that works from any static host and offline: the page's modules bundled and minified into
// dist/app/ (build-bundle.mjs), the same modules unbundled in dist/www/ (the JavaScript API), and the classic
// single-file build (build-classic.mjs).
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle, minifyGlue } from './build-bundle.mjs';
import { buildClassic } from './build-classic.mjs';
import { ensureBuildTools, root, run } from './tools.mjs';

export const dist = join(root, 'dist');

/** LLVM inlines only small functions (threshold 25, its default at `opt-level = 3` is 250): the figures'
 * chart code, plotters' generics inlined into every panel, was the largest part of the wasm. 444 KB
 * gzipped instead of 471 for the relaxed build, with the training steps and every figure's draw unchanged
 * within noise (alternating builds ×4 in one browser: Swiss roll 17.4–18.3 µs against 17.5–18.2, MNIST
 * 3.9–4.1 ms against 3.9–4.1; the figures ×3); at 0 the figures drew up to 4 times slower for 7 KB less. */
const INLINE_THRESHOLD = 25;

/**
 * The wasm builds. The page's core in two: SIMD128 everywhere it runs, and SIMD128 + relaxed SIMD (fused
 * multiply-add in the matrix kernel, about 20 % faster) for browsers whose `WebAssembly.validate` accepts
 * it; the page loads one. Both leave out what only some visitors open (Cargo.toml's features), so the first
 * view downloads less. The whole core (`cargoFeatures`: the page's exports and the linear-probe study) is a
 * third, SIMD128 build: the probe's worker loads it when a student runs the probe, and the single file
 * carries it as its only core. The SIMD128 builds share a target directory (their dependencies are the same);
 * the relaxed one has its own, so switching flags never rebuilds another.
 */
// The whole core is built before the page's: the cargo output left in target/ is then the page's core,
// which scripts/wasm-parts.mjs breaks down.
export const VARIANTS = [
  { name: 'pkg-full', features: '+simd128', cargoFeatures: ['probe'], targetDir: join(root, 'target') },
  { name: 'pkg', features: '+simd128', cargoFeatures: [], targetDir: join(root, 'target') },
  { name: 'pkg-relaxed', features: '+simd128,+relaxed-simd', cargoFeatures: [], targetDir: join(root, 'target', 'relaxed') },
];

/** One wasm build of `variant` (its target features, cargo features and target directory) into `out`: the
 * cargo build, wasm-bindgen's glue, binaryen's optimiser and the minified glue. */
export async function buildCore(variant, out) {
  const features = variant.cargoFeatures.length ? ['--features', variant.cargoFeatures.join(',')] : [];
  run('cargo', ['build', '--lib', '--release', '--target', 'wasm32-unknown-unknown', '--target-dir', variant.targetDir, ...features], {
    env: { ...process.env, CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS: `-C target-feature=${variant.features} -C llvm-args=-inline-threshold=${INLINE_THRESHOLD}` },
  });
  const wasm = join(variant.targetDir, 'wasm32-unknown-unknown', 'release', 'sae_playground.wasm');
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', out, wasm]);
  // binaryen's optimiser from npm (Debian's cannot read relaxed SIMD): smaller and a little faster; the
  // names section goes too (about 100 KB).
  const output = join(out, 'sae_playground_bg.wasm');
  run(join(root, 'node_modules', '.bin', 'wasm-opt'), ['-O3', '--strip-debug', '--strip-producers', output, '-o', output]);
  await minifyGlue(join(out, 'sae_playground.js'));
}

export async function build() {
  ensureBuildTools();
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(join(dist, 'data'), { recursive: true });
  for (const variant of VARIANTS) await buildCore(variant, join(dist, variant.name));
  cpSync(join(root, 'index.html'), join(dist, 'index.html'));
  cpSync(join(root, 'www'), join(dist, 'www'), { recursive: true });
  cpSync(join(root, 'data', 'mnist-6000.bin.gz'), join(dist, 'data', 'mnist-6000.bin.gz'));
  await buildBundle(dist);
  const classic = await buildClassic(dist);
  console.log(`built ${dist} (module page bundled into dist/app/; single file sae-playground.html: ${Math.round(classic.page / 1024)} KB, ${Math.round(classic.pageGzipped / 1024)} KB gzipped)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build();
}
