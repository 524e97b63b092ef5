// The module page's bundle: www/app.js and the two workers, minified by esbuild with code splitting into
// dist/app/. A first visit fetches the entry, the chunks it imports and the training worker; the parts only
// some visitors open (the lesson, the compare picker, the embed builder, the formula card, the linear
// probe) are chunks of their own, fetched by the page's `import()` when first used.
//
//   dist/app/app.js                the entry (www/boot.js loads it and preloads its chunks)
//   dist/app/training-worker.js    the workers, as entries of the same build: they share the
//   dist/app/probe-worker.js       core's chunk with the page
//   dist/app/<name>-<hash>.js      chunks: `chunk-*` shared code, the others on-demand parts
//   dist/app/chunks.json           what each output holds and imports (bench.mjs measures from it)
//
// dist/app/ sits beside dist/www/, so the relative URLs the modules resolve at run time (`../pkg/`,
// `../data/`, `../index.html`) mean the same from either. The unbundled modules stay in dist/www/: the
// JavaScript API and the tests import them by path. Both share the wasm-bindgen glue in dist/pkg*/ (kept out
// of the bundle), so a page that runs the bundle and imports www/playground.js has one core, not two.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { root } from './tools.mjs';

/** The bundle's folder inside dist/, beside www/. */
export const BUNDLE_DIR = 'app';

const ENTRIES = {
  app: join(root, 'www', 'app.js'),
  'training-worker': join(root, 'www', 'training-worker.js'),
  'probe-worker': join(root, 'www', 'probe-worker.js'),
};

/** A URL path from the bundle's folder to `target` (a file of the source tree, which dist/ mirrors). */
function fromBundle(target) {
  const path = relative(join(root, BUNDLE_DIR), target).split(sep).join(posix.sep);
  return path.startsWith('.') ? path : `./${path}`;
}

/**
 * An esbuild plugin for URLs the modules compute at run time. `new URL('<path>', import.meta.url)` names a
 * file relative to its source module, but runs from a chunk in dist/app/: the path is rewritten relative to
 * there, and a worker's script becomes the worker's bundled entry. The wasm-bindgen glue stays external.
 */
const runTimeUrls = {
  name: 'run-time-urls',
  setup(build) {
    const workers = new Map(Object.entries(ENTRIES).filter(([name]) => name !== 'app').map(([name, path]) => [path, `./${name}.js`]));
    build.onResolve({ filter: /\/sae_playground\.js$/ }, (args) => ({ path: fromBundle(resolve(args.resolveDir, args.path)), external: true }));
    build.onLoad({ filter: /\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const contents = source.replace(/new URL\((['"])([^'"]+)\1, import\.meta\.url\)/g, (_, quote, path) => {
        const target = resolve(dirname(args.path), path);
        return `new URL(${JSON.stringify(workers.get(target) ?? fromBundle(target))}, import.meta.url)`;
      });
      return { contents, loader: 'js' };
    });
  },
};

/**
 * Bundles into `dist/app/` and writes the first-view chunks into `dist/www/boot.js`. Returns the outputs:
 * `[{ file, bytes, entry, imports, dynamicImports, inputs }]`, `file` relative to dist/ (e.g.
 * 'app/chunk-AB12CD34.js'), `entry` the entry's name or null, `imports` the outputs it imports statically,
 * `dynamicImports` those it imports on demand, `inputs` its source modules (relative to the repository).
 */
export async function buildBundle(dist) {
  const outdir = join(dist, BUNDLE_DIR);
  rmSync(outdir, { recursive: true, force: true });
  // Imported here, not at the top: on a fresh machine `npm test` loads this file before it installs the
  // npm packages.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: ENTRIES,
    absWorkingDir: root,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    legalComments: 'none',
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
    plugins: [runTimeUrls],
  });
  const inDist = (path) => relative(dist, resolve(root, path)).split(sep).join(posix.sep);
  const outputs = Object.entries(result.metafile.outputs).map(([path, output]) => ({
    file: inDist(path),
    bytes: output.bytes,
    entry: output.entryPoint ? Object.keys(ENTRIES).find((name) => resolve(root, output.entryPoint) === ENTRIES[name]) ?? null : null,
    imports: output.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => inDist(i.path)),
    dynamicImports: output.imports.filter((i) => i.kind === 'dynamic-import' && !i.external).map((i) => inDist(i.path)),
    inputs: Object.keys(output.inputs),
  }));
  writeFileSync(join(outdir, 'chunks.json'), `${JSON.stringify(outputs, null, 1)}\n`);

  // boot.js preloads the entry's chunks, so they arrive with the entry rather than after it.
  const boot = join(dist, 'www', 'boot.js');
  const marker = 'var chunks = [];';
  const text = readFileSync(boot, 'utf8');
  if (!text.includes(marker)) throw new Error(`www/boot.js has no "${marker}" for the bundle's chunks.`);
  const chunks = staticClosure(outputs, `${BUNDLE_DIR}/app.js`).filter((file) => file !== `${BUNDLE_DIR}/app.js`);
  writeFileSync(boot, text.replace(marker, () => `var chunks = ${JSON.stringify(chunks.map((f) => `./${f}`))};`));
  return outputs;
}

/** Minifies the wasm-bindgen glue `file` in place (a third of its size; its exports keep their names). */
export async function minifyGlue(file) {
  const { transform } = await import('esbuild');
  const result = await transform(readFileSync(file, 'utf8'), { format: 'esm', minify: true, legalComments: 'none', logLevel: 'warning' });
  writeFileSync(file, result.code);
}

/** `file` and every output it imports statically, directly or not (files relative to dist/). */
export function staticClosure(outputs, file) {
  const byFile = new Map(outputs.map((o) => [o.file, o]));
  const seen = new Set();
  const visit = (f) => {
    if (seen.has(f)) return;
    seen.add(f);
    byFile.get(f)?.imports.forEach(visit);
  };
  visit(file);
  return [...seen];
}
