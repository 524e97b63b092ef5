// What each part of the page's wasm costs: twiggy's per-function sizes of the unoptimised build (which
// still has its names), grouped into the parts a reader can act on, as shares applied to the shipped,
// optimised file. `node scripts/wasm-parts.mjs` prints the table; `npm run bench` records it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTwiggy, root } from './tools.mjs';

/** Parts, first match wins: [label, test on twiggy's item name]. Items are Rust paths (demangled) or
 * wasm-level names; generic impls name their trait and type (`<sae_playground::view::panels::…>`). */
export const PARTS = [
  ['linear probe (lesson step 7)', /linear_probe|ProbeStudy/],
  ['gradient check', /gradient_check/],
  ['PCA (pca.rs, nalgebra)', /sae_playground::pca|nalgebra/],
  ['CSV reading (data/csv.rs, csv)', /data::csv|\bcsv(_core)?::/],
  ['model files (model_file, import/export)', /model_file/],
  ['benchmark kernels (npm run bench)', /^(gemm|peak|bench)\w*_[0-9a-f]{16}$|web::bench|sae_playground::bench/],
  ['training: model, objective, optimiser, trainer', /sae_playground::(model|objective|optimizer|trainer|activation|float)|matrixmultiply|ndarray|rand/],
  ['data sets', /sae_playground::data/],
  ['figures: panels, charts, painters (view, render)', /sae_playground::(view|render)|plotters|colorous|ErasedBackend|MeasuringCanvas|ChartFigure|ImageFigure/],
  ['settings table, schema and messages (config)', /sae_playground::(config|presets|excerpt|playground)/],
  ['JSON (serde, serde_json)', /serde/],
  ['browser glue (web/, wasm-bindgen, js-sys, web-sys)', /sae_playground::web|wasm_bindgen|js_sys|web_sys|__wbg|__wbindgen|^\w+_[0-9a-f]{16}$/],
  ['Rust runtime: formatting, parsing, allocation, maths', /\b(core|alloc|std)(\[[0-9a-f]+\])?::|<(str|f32|f64|char)\b|__rustc|__rdl|__rg_|dlmalloc|compiler_builtins|hashbrown|memchr|libm|zmij|ryu|itoa/],
];
const DATA = 'constant data (strings, tables)';
const OTHER = 'other';

/** Sizes by part of `wasmWithNames` (an unstripped build): `[{ part, bytes, share }]`, largest first;
 * shares are of the code and data together (custom sections such as names excluded). */
export function wasmParts(wasmWithNames) {
  ensureTwiggy();
  const items = JSON.parse(execFileSync('twiggy', ['top', '-n', '1000000', '--format', 'json', wasmWithNames], { encoding: 'utf8', maxBuffer: 1 << 28 }));
  const sizes = new Map();
  let total = 0;
  for (const { name, shallow_size: bytes } of items) {
    // Custom sections, and the describe functions wasm-bindgen reads and removes, are not shipped.
    if (name.startsWith('custom section') || name.includes('subsection') || name.startsWith('__wbindgen_describe')) continue;
    const part = name.startsWith('data segment') ? DATA : (PARTS.find(([, test]) => test.test(name))?.[0] ?? OTHER);
    sizes.set(part, (sizes.get(part) ?? 0) + bytes);
    total += bytes;
  }
  return [...sizes].map(([part, bytes]) => ({ part, bytes, share: bytes / total })).sort((a, b) => b.bytes - a.bytes);
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
  console.log(partsTable(parts, bytes.length, gzipSync(bytes, { level: 9 }).length));
}
