// The size floor of the page's core: the crate built with the feature `floor` (bench/floor.rs in place of
// the browser layer: a session that trains and reports its numbers, nothing drawn), through the same steps
// and flags as the page's core. `npm run bench` reports it beside the first view; run alone it prints it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildCore, VARIANTS } from './build.mjs';
import { ensureBuildTools, root } from './tools.mjs';

/** Raw and gzipped bytes of the floor's wasm and glue, built with the flags of the page's core `like`. Its
 * own target directory, so the page's builds in target/ are left as they are. */
export async function wasmFloor(like = 'pkg-relaxed') {
  ensureBuildTools();
  const { features } = VARIANTS.find((v) => v.name === like);
  const out = mkdtempSync(join(tmpdir(), 'wasm-floor-'));
  try {
    await buildCore({ name: 'floor', features, cargoFeatures: ['floor'], targetDir: join(root, 'target', 'floor') }, out);
    const sizes = (file) => {
      const bytes = readFileSync(join(out, file));
      return { bytes: bytes.length, gz_bytes: gzipSync(bytes, { level: 9 }).length };
    };
    return { like, wasm: sizes('sae_playground_bg.wasm'), glue: sizes('sae_playground.js') };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await wasmFloor(), null, 2));
}
