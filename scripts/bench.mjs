// `npm run bench`: our training step (wasm, in headless Chromium) against TensorFlow.js on identical work
// in the same browser run, plus the native core, the peak SIMD rate and the bundle size. Writes
// bench/results.json and bench/results.md.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUNDLE_DIR, staticClosure } from './build-bundle.mjs';
import { build, dist, VARIANTS } from './build.mjs';
import { serve } from './serve.mjs';
import { wasmFloor } from './wasm-floor.mjs';
import { partsTable, wasmParts } from './wasm-parts.mjs';
import { CHROMIUM, CHROMIUM_ARGS, ensureChromium, ensureNpmPackages, root } from './tools.mjs';

const out = join(root, 'bench', 'out');

function assemble() {
  rmSync(out, { recursive: true, force: true });
  cpSync(dist, out, { recursive: true });
  const page = join(out, 'bench');
  mkdirSync(join(page, 'vendor'), { recursive: true });
  for (const file of ['page.html', 'runner.js', 'tfjs-steps.js']) cpSync(join(root, 'bench', file), join(page, file));
  const tfjs = join(root, 'node_modules', '@tensorflow');
  cpSync(join(tfjs, 'tfjs', 'dist', 'tf.min.js'), join(page, 'vendor', 'tf.min.js'));
  const wasmDist = join(tfjs, 'tfjs-backend-wasm', 'dist');
  for (const file of readdirSync(wasmDist).filter((f) => f.endsWith('.wasm') || f === 'tf-backend-wasm.min.js')) {
    cpSync(join(wasmDist, file), join(page, 'vendor', file));
  }
}

function gz(path) {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

/**
 * Bytes of the module page (dist/index.html), raw and gzipped, MNIST data excluded. The first view is what
 * it fetches before it is ready: www/boot.js, the bundle's entry and the chunks it imports, the training
 * worker and its chunks, the wasm-bindgen glue and the wasm of `variant` (`js_*`, `wasm_*`; `scripts/first-view.mjs`
 * confirms the list in Chromium). `on_demand` lists each part fetched later, when first used, with what it
 * adds: its chunk and any chunk it needs that the first view did not bring.
 */
export function bundleSizes(variant = 'pkg-relaxed') {
  const outputs = JSON.parse(readFileSync(join(dist, BUNDLE_DIR, 'chunks.json'), 'utf8'));
  const firstView = new Set([...staticClosure(outputs, `${BUNDLE_DIR}/app.js`), ...staticClosure(outputs, `${BUNDLE_DIR}/training-worker.js`)]);
  const sizes = (files) => ({
    bytes: files.reduce((s, f) => s + readFileSync(join(dist, f)).length, 0),
    gz_bytes: files.reduce((s, f) => s + gz(join(dist, f)), 0),
  });
  const jsFiles = ['www/boot.js', ...firstView, `${variant}/sae_playground.js`];
  const js = sizes(jsFiles);
  const onDemandFiles = outputs.filter((o) => !firstView.has(o.file) && (o.entry || outputs.some((p) => p.dynamicImports.includes(o.file))));
  const wasm = join(dist, variant, 'sae_playground_bg.wasm');
  return {
    wasm_bytes: readFileSync(wasm).length,
    wasm_gz_bytes: gz(wasm),
    js_bytes: js.bytes,
    js_gz_bytes: js.gz_bytes,
    js_files: jsFiles,
    on_demand: [
      ...onDemandFiles.map((o) => ({
        file: o.file,
        modules: o.inputs,
        ...sizes(staticClosure(outputs, o.file).filter((f) => !firstView.has(f))),
      })),
      // The whole core, which the probe's worker runs (www/full-core.js): its wasm and glue.
      { file: 'pkg-full/', modules: ['the whole core, for the linear-probe study'], ...sizes(['pkg-full/sae_playground_bg.wasm', 'pkg-full/sae_playground.js']) },
    ],
  };
}

function nativeBench() {
  const text = execFileSync('cargo', ['run', '--quiet', '--release', '--bin', 'sae', '--', 'bench', '--json'], { cwd: root, encoding: 'utf8' });
  const rows = JSON.parse(text);
  return Object.fromEntries(rows.map((r) => [`${r.case}_us`, r.microsecondsPerStep]));
}

async function browserBench() {
  const { server, url } = await serve(out);
  ensureNpmPackages();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => console.log(`  [page] ${m.text()}`));
    await page.goto(`${url}bench/page.html`);
    page.setDefaultTimeout(0);
    await page.waitForFunction(() => window.benchResults !== undefined);
    const results = await page.evaluate(() => window.benchResults);
    if (results.error) throw new Error(`benchmark page failed: ${results.error}`);
    results.browser_version = browser.version();
    return results;
  } finally {
    await browser.close();
    server.close();
  }
}

const ratio = (a, b) => (a && b ? a / b : null);

export function table(r) {
  const f = (v, d = 1) => (v == null ? '–' : Number(v).toFixed(d));
  const lines = [
    `Machine: ${r.machine.cpu} (${r.machine.cores} cores), ${r.machine.browser}; wasm features: ${r.wasm_features.join(', ') || 'none'}.`,
    `Measured ${r.date}; medians of several runs, all figures from one browser run.`,
    '',
    '| case | ours (wasm) | tfjs-wasm minimize | tfjs-wasm manual | tfjs-cpu | ours native | vs manual | vs minimize | wasm ÷ native speed | loss parity (20 steps) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const c of ['mnist', 'swiss']) {
    const e = r[c];
    lines.push(`| ${c} | ${f(e.ours_us)} µs | ${f(e.tfjs_wasm_minimize_us)} µs | ${f(e.tfjs_wasm_manual_us)} µs | ${f(e.tfjs_cpu_us)} µs | ${f(r.native[`${c}_us`])} µs | ${f(e.speedup_vs_manual, 2)}× | ${f(e.speedup_vs_minimize, 2)}× | ${f(e.wasm_vs_native, 2)} | ${Number(e.parity_rel).toExponential(1)} |`);
  }
  lines.push('', `Peak f32x4 multiply-add: ${f(r.peak_gflops)} GFLOP/s; MNIST step efficiency (useful FLOPs ÷ time ÷ peak): ${f(r.mnist.efficiency, 2)}.`);
  if (r.bundle_parts) lines.push('', 'The wasm by part (twiggy on the shipped build with its names kept; gzipped sizes by share):', '', partsTable(r.bundle_parts, r.bundle.wasm_bytes, r.bundle.wasm_gz_bytes), '');
  lines.push(`Bundle, the module page's first view: wasm ${r.bundle.wasm_bytes} B (${r.bundle.wasm_gz_bytes} B gzipped), JS ${r.bundle.js_bytes} B (${r.bundle.js_gz_bytes} B gzipped); total ${((r.bundle.wasm_gz_bytes + r.bundle.js_gz_bytes) / 1000).toFixed(1)} KB gzipped (KB = 1,000 bytes).`);
  if (r.floor) {
    const pageJs = r.floor.page_js_gz_bytes;
    const floor = r.floor.wasm.gz_bytes + r.floor.glue.gz_bytes;
    lines.push('', `The floor (\`scripts/wasm-floor.mjs\`: bench/floor.rs in place of the browser layer, a session that trains and reports its numbers, nothing drawn, no settings table, no JSON): wasm ${r.floor.wasm.bytes} B (${r.floor.wasm.gz_bytes} B gzipped) and its glue ${r.floor.glue.gz_bytes} B gzipped; with the page's own JavaScript (${pageJs} B gzipped without its glue) ${((floor + pageJs) / 1000).toFixed(1)} KB gzipped before a single figure is drawn.`);
  }
  if (r.bundle.on_demand) {
    lines.push('', 'Fetched on demand, when first used (the chunks, and the whole core the linear probe runs):', '', '| part | modules | raw | gzipped |', '|---|---|---|---|');
    for (const c of r.bundle.on_demand) lines.push(`| ${c.file} | ${c.modules.join(', ')} | ${c.bytes} B | ${c.gz_bytes} B |`);
  }
  return lines.join('\n');
}

if (process.argv[1] && process.argv[1].endsWith("bench.mjs")) {
  ensureChromium();
  if (!process.env.NO_BUILD) await build();
  assemble();
  const browser = await browserBench();
  const native = nativeBench();
  const results = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, browser: `Chromium ${browser.browser_version}` },
    wasm_features: browser.wasmFeatures,
    matmul_self_test: browser.matmulSelfTest,
    peak_gflops: browser.peak_gflops,
    native,
    bundle: bundleSizes(browser.wasmVariant === 'relaxed-simd' ? 'pkg-relaxed' : 'pkg'),
    bundle_baseline: bundleSizes('pkg'),
    bundle_parts: wasmParts(join(VARIANTS.find((v) => v.name === 'pkg').targetDir, 'wasm32-unknown-unknown', 'release', 'sae_playground.wasm')),
  };
  results.floor = {
    ...await wasmFloor(browser.wasmVariant === 'relaxed-simd' ? 'pkg-relaxed' : 'pkg'),
    // The page's JavaScript without its wasm-bindgen glue (the first view's last file): what a first view
    // needs beside any core.
    page_js_gz_bytes: results.bundle.js_gz_bytes - gz(join(dist, results.bundle.js_files.at(-1))),
  };
  for (const c of ['mnist', 'swiss']) {
    const e = browser[c];
    results[c] = {
      ...e,
      speedup_vs_manual: ratio(e.tfjs_wasm_manual_us, e.ours_us),
      speedup_vs_minimize: ratio(e.tfjs_wasm_minimize_us, e.ours_us),
      speedup_vs_cpu: ratio(e.tfjs_cpu_us, e.ours_us),
      wasm_vs_native: ratio(native[`${c}_us`], e.ours_us),
    };
  }
  mkdirSync(join(root, 'bench'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const text = table(results);
  writeFileSync(join(root, 'bench', 'results.md'), `${text}\n`);
  console.log(`\n${text}\n\nwrote bench/results.json and bench/results.md`);
}
