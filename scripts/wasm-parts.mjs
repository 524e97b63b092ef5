// What each part of the page's wasm costs: twiggy's per-function sizes of the shipped code, grouped into
// the parts a reader can act on. The cargo build goes through the same wasm-bindgen and wasm-opt steps as
// the shipped file but keeps its names section, so every function's size is its size in the shipped file
// (wasm-bindgen's describe functions, a third of the cargo build, are gone as they are from the page).
// Gzipped sizes are the shipped file's, in proportion. `node scripts/wasm-parts.mjs` prints the table;
// `npm run bench` records it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTwiggy, root, run } from './tools.mjs';

/** Parts, first match wins: [label, test on twiggy's item name]. Items are Rust paths (demangled) or
 * wasm-level names; generic impls name their trait and type (`<sae_playground::view::panels::…>`). */
export const PARTS = [
  // wasm-opt inlines some exported functions into wasm-bindgen's shims (`webprobestudy_advance multivalue
  // shim`): those are named after the export, so the export's name decides.
  ['linear probe (lesson step 7)', /linear_probe|ProbeStudy|probestudy/i],
  ['gradient check', /gradient_check|gradientCheck/],
  ['PCA (pca.rs, nalgebra)', /sae_playground::pca|nalgebra/],
  ['CSV reading (data/csv.rs, csv)', /data::csv|\bcsv(_core)?::|loadCsv/],
  ['model files (model_file, import/export)', /model_file|importModel|exportModel/],
  ['benchmark kernels (npm run bench)', /^(gemm|peak|bench)\w*_[0-9a-f]{16}$|web::bench|sae_playground::bench|^(gemmRates|matmulSelfTest|bench\w+|peakGflops|wasmFeatures)\b/],
  ['training: model, objective, optimiser, trainer', /sae_playground::(model|objective|optimizer|trainer|activation|float)|matrixmultiply|ndarray|rand/],
  ['data sets', /sae_playground::data/],
  ['figures: panels, charts, painters (view, render)', /sae_playground::(view|render)|plotters|colorous|ErasedBackend|MeasuringCanvas|ChartFigure|ImageFigure/],
  ['settings table, schema and messages (config)', /sae_playground::(config|presets|excerpt|playground)/],
  ['JSON (serde, serde_json)', /serde/],
  // The remaining shims are the web layer's exports, with whatever wasm-opt inlined into them.
  ['browser glue (web/ exports, wasm-bindgen, js-sys, web-sys)', /sae_playground::web|wasm_bindgen|js_sys|web_sys|__wbg|__wbindgen|^\w+_[0-9a-f]{16}$|(multivalue|externref) shim$|^webplayground_|^elem\[|__externref|^(export|import) "/],
  ['Rust runtime: formatting, parsing, allocation, maths', /\b(core|alloc|std)(\[[0-9a-f]+\])?::|<(str|f32|f64|char)\b|__rustc|__rdl|__rg_|dlmalloc|compiler_builtins|hashbrown|memchr|libm|zmij|ryu|itoa|^(hypot|log|log1p|exp|expm1|tanh|pow|sin|cos|atan2?|cbrt|fmod|round)f?$|^__\w+[0-9]$|^mem(cmp|cpy|set|move)$|<[ui](8|16|32|64|128|size)>/],
];
const DATA = 'constant data (strings, tables)';
const OTHER = 'other';

/** Sizes by part of the shipped code built from `cargoWasm` (cargo's output for wasm32): `[{ part, bytes,
 * share }]`, largest first; shares are of the code and data together (custom sections such as names
 * excluded). */
export function wasmParts(cargoWasm) {
  ensureTwiggy();
  const work = mkdtempSync(join(tmpdir(), 'wasm-parts-'));
  try {
    run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', work, cargoWasm]);
    const named = join(work, 'sae_playground_bg.wasm');
    // As scripts/build.mjs does, but keeping the names section (-g) and dropping only the DWARF.
    run(join(root, 'node_modules', '.bin', 'wasm-opt'), ['-O3', '-g', '--strip-dwarf', '--strip-producers', named, '-o', named]);
    const items = JSON.parse(execFileSync('twiggy', ['top', '-n', '1000000', '--format', 'json', named], { encoding: 'utf8', maxBuffer: 1 << 28 }));
    const sizes = new Map();
    let total = 0;
    for (const { name, shallow_size: bytes } of items) {
      if (name.startsWith('custom section') || name.includes('subsection')) continue;
      const part = name.startsWith('data segment') ? DATA : (PARTS.find(([, test]) => test.test(name))?.[0] ?? OTHER);
      sizes.set(part, (sizes.get(part) ?? 0) + bytes);
      total += bytes;
    }
    return [...sizes].map(([part, bytes]) => ({ part, bytes, share: bytes / total })).sort((a, b) => b.bytes - a.bytes);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The table for the report: each part's share and its estimated size in a shipped file of `shippedBytes`
 * (`gzippedBytes` gzipped), proportionally (optimisation and compression act roughly evenly). */
export function partsTable(parts, shippedBytes, gzippedBytes) {
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  const lines = ['| part | share | ≈ shipped | ≈ gzipped |', '|---|---|---|---|'];
  for (const { part, share } of parts) {
    lines.push(`| ${part} | ${(share * 100).toFixed(1)} % | ${kb(share * shippedBytes)} | ${kb(share * gzippedBytes)} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { readFileSync } = await import('node:fs');
  const { gzipSync } = await import('node:zlib');
  const shipped = join(root, 'dist', 'pkg', 'sae_playground_bg.wasm');
  const bytes = readFileSync(shipped);
  const parts = wasmParts(join(root, 'target', 'wasm32-unknown-unknown', 'release', 'sae_playground.wasm'));
  console.log(`shipped ${bytes.length} bytes; parts total ${parts.reduce((sum, p) => sum + p.bytes, 0)}`);
  console.log(partsTable(parts, bytes.length, gzipSync(bytes, { level: 9 }).length));
}
