// `npm run build`: compiles the core to wasm (release, SIMD128), generates the JS bindings and writes a
// static dist/ that works from any static host and offline.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuildTools, root, run } from './tools.mjs';

export const dist = join(root, 'dist');

export function build() {
  ensureBuildTools();
  run('cargo', ['build', '--lib', '--release', '--target', 'wasm32-unknown-unknown']);
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(join(dist, 'data'), { recursive: true });
  const wasm = join(root, 'target', 'wasm32-unknown-unknown', 'release', 'sae_playground.wasm');
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', join(dist, 'pkg'), wasm]);
  // binaryen's optimiser from npm (Debian's is too old for these wasm features): smaller and a little faster;
  // the names section goes too (about 100 KB).
  const bindgenOutput = join(dist, 'pkg', 'sae_playground_bg.wasm');
  const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
  run(wasmOpt, ['-O3', '--strip-debug', '--strip-producers', bindgenOutput, '-o', bindgenOutput]);
  cpSync(join(root, 'index.html'), join(dist, 'index.html'));
  cpSync(join(root, 'www'), join(dist, 'www'), { recursive: true });
  cpSync(join(root, 'data', 'mnist-6000.bin.gz'), join(dist, 'data', 'mnist-6000.bin.gz'));
  console.log(`built ${dist}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  build();
}
