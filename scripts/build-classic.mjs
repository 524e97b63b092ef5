// The classic build, for places where ES modules, module workers and fetches of the page's own files are
// refused: a page opened from disk (file://) and a sandboxed frame without an origin of its own. It writes
//   dist/www/app.classic.js   the whole page in one classic script, the whole core's wasm (SIMD128 build of
//                             dist/pkg-full/, so the linear probe needs nothing more; gzipped)
//                             and the workers' classic script (gzipped, without the wasm) inside it;
//                             www/boot.js loads it where modules cannot run;
//   dist/sae-playground.html  one self-contained file (page, style, script and core) a teacher can
//                             double-click, upload to a learning platform or attach to an email.
// Both train in a worker started from a Blob URL (www/worker-factory.js), which the page hands its compiled
// core: the wasm is carried once. Where a policy refuses that worker they train on the main thread and say
// so. MNIST loads from a file the user picks.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from './tools.mjs';

/** esbuild, imported when used: on a fresh machine `npm test` loads this file before it installs the npm
 * packages. */
const esbuild = () => import('esbuild');

/** `bytes` gzipped, as base64: how the classic script carries the core and its workers. */
const pack = (bytes) => gzipSync(bytes, { level: 9 }).toString('base64');

/** The module that replaces www/core-loader.js in the page: the wasm-bindgen glue, initialised from the
 * wasm carried in the script itself, compiled once; `wasmModule` is what the workers are given, `unpack`
 * what they are carried with. */
function embeddedCoreLoader(dist) {
  const packed = pack(readFileSync(join(dist, 'pkg-full', 'sae_playground_bg.wasm')));
  const glue = JSON.stringify(join(dist, 'pkg-full', 'sae_playground.js'));
  return `
import * as glue from ${glue};
const packed = '${packed}';
/** The bytes of \`text\`, a gzipped payload as base64. */
export async function unpack(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
export const wasmModule = await WebAssembly.compile(await unpack(packed));
await glue.default({ module_or_path: wasmModule });
export const wasm = glue;
export const wasmVariant = 'simd128';
`;
}

/** An esbuild plugin answering imports matching `filter` with `contents` (a module of the build). */
const replace = (name, filter, contents) => ({
  name,
  setup(b) {
    b.onResolve({ filter }, () => ({ path: name, namespace: name }));
    b.onLoad({ filter: /.*/, namespace: name }, () => ({ contents, resolveDir: root, loader: 'js' }));
  },
});

/** `entry` (a file of www/, or esbuild's `stdin`) bundled as one module (no imports left), minified. */
async function bundle(entry, plugins) {
  const { build } = await esbuild();
  const result = await build({
    ...(typeof entry === 'string' ? { entryPoints: [join(root, 'www', entry)] } : { stdin: entry }),
    bundle: true,
    format: 'esm',
    write: false,
    minify: true,
    legalComments: 'none',
    define: { 'import.meta.url': '__saeModuleUrl' },
    logLevel: 'warning',
    plugins,
  });
  return result.outputFiles[0].text;
}

/** The page's workers (www/training-worker.js, www/probe-worker.js) as one classic script, for a Blob
 * URL, without the core's wasm: its first message, from www/worker-factory.js, carries the page's compiled
 * core and says which worker to become. The glue is initialised from that core before the worker's own
 * module (and playground.js, which reads the core as it loads) is evaluated; a core that cannot start says
 * so, and the page then trains on its own thread. */
async function classicWorker(dist) {
  const glue = JSON.stringify(join(dist, 'pkg-full', 'sae_playground.js'));
  const entry = `
import * as glue from ${glue};
self.onmessage = async ({ data }) => {
  try {
    await glue.default({ module_or_path: data.wasmModule });
    if (data.worker === 'training') await import('./www/training-worker.js');
    else await import('./www/probe-worker.js');
  } catch (error) {
    self.postMessage({ failed: String(error && error.message || error) });
  }
};
`;
  // Initialised by the entry above before anything reads it.
  const core = `import * as glue from ${glue};\nexport const wasm = glue;\nexport const wasmVariant = 'simd128';\n`;
  const code = await bundle({ contents: entry, resolveDir: root, loader: 'js' }, [replace('worker-core', /core-loader\.js$/, core)]);
  return `(() => {
'use strict';
const __saeModuleUrl = self.location.href;
${code}
})();
`;
}

/** The module that replaces www/embedded-workers.js in the page: the workers' script, packed. */
async function embeddedWorkers(dist) {
  return `
import { unpack, wasmModule } from 'embedded-core';
const packed = '${pack(await classicWorker(dist))}';
let script = null;
export const embeddedWorkers = { script: () => (script ??= unpack(packed)), wasmModule };
`;
}

/** The module that replaces www/full-core.js in the page: the core this script carries is the whole one. */
const EMBEDDED_FULL_CORE = `
import { wasm, wasmModule } from 'embedded-core';
export const fullCore = async () => ({ wasmModule, build: 'full' });
export const fullCoreInPage = async () => wasm;
`;

/** The page's modules as one classic script: bundled as a module, then wrapped in an async function so
 * that top-level await still works and nothing needs module loading. A failure at start-up is shown. */
async function classicScript(dist) {
  const core = embeddedCoreLoader(dist);
  const code = await bundle('app.js', [
    replace('embedded-core', /(^embedded-core$|core-loader\.js$)/, core),
    replace('embedded-workers', /embedded-workers\.js$/, await embeddedWorkers(dist)),
    replace('embedded-full-core', /full-core\.js$/, EMBEDDED_FULL_CORE),
  ]);
  return `(async () => {
'use strict';
const __saeModuleUrl = new URL('www/app.js', document.baseURI).href;
${code}
})().catch((error) => {
  const note = document.createElement('p');
  note.className = 'banner error';
  note.setAttribute('role', 'alert');
  note.textContent = 'The playground could not start: ' + (error && error.message || error);
  document.getElementById('banners').append(note);
});
`;
}

/** Writes both; returns their sizes in bytes. */
export async function buildClassic(dist) {
  const script = await classicScript(dist);
  writeFileSync(join(dist, 'www', 'app.classic.js'), script);

  const css = readFileSync(join(dist, 'www', 'style.css'), 'utf8');
  const lessonCss = readFileSync(join(dist, 'www', 'lesson', 'lesson.css'), 'utf8');
  // The single file has no separate files: its favicon is a data: URL.
  const icon = `data:image/png;base64,${readFileSync(join(dist, 'www', 'icon.png')).toString('base64')}`;
  const restricted = `window.saeRestricted = location.protocol === 'file:' ? 'this page was opened from a file' : ` +
    `'this is the single-file playground, which has no separate worker or data files';`;
  const inline = (text) => text.replace(/<\/(script)/gi, '<\\/$1');
  const page = readFileSync(join(dist, 'index.html'), 'utf8')
    .replace('<link rel="stylesheet" href="./www/style.css">', () => `<style>\n${css}</style>`)
    .replace('<link rel="stylesheet" href="./www/lesson/lesson.css">', () => `<style>\n${lessonCss}</style>`)
    .replace(/<link rel="icon"[^>]*>/, () => `<link rel="icon" href="${icon}" type="image/png">`)
    .replace('<script src="./www/boot.js"></script>', () => `<script>${restricted}</script>\n  <script>${inline(script)}</script>`);
  if (page.includes('./www/')) throw new Error('sae-playground.html still refers to a file of the page.');
  writeFileSync(join(dist, 'sae-playground.html'), page);
  return { script: Buffer.byteLength(script), page: Buffer.byteLength(page), pageGzipped: gzipSync(page).length };
}
