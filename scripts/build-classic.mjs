// The classic build, for places where ES modules, workers and fetches of the page's own files are refused:
// a page opened from disk (file://) and a sandboxed frame without an origin of its own. It writes
//   dist/www/app.classic.js   the whole page in one classic script, the core's wasm (SIMD128 build, gzipped)
//                             inside it; www/boot.js loads it where modules cannot run;
//   dist/sae-playground.html  one self-contained file (page, style, script and core) a teacher can
//                             double-click, upload to a learning platform or attach to an email.
// Both train on the main thread and say so; MNIST then loads from a file the user picks.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from './tools.mjs';

/** The module that replaces www/core-loader.js: the wasm-bindgen glue, initialised from bytes carried in
 * the script itself. */
function embeddedCoreLoader(dist) {
  const packed = gzipSync(readFileSync(join(dist, 'pkg', 'sae_playground_bg.wasm')), { level: 9 }).toString('base64');
  const glue = JSON.stringify(join(dist, 'pkg', 'sae_playground.js'));
  return `
import * as glue from ${glue};
const packed = '${packed}';
async function unpack() {
  const text = atob(packed);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
await glue.default({ module_or_path: await unpack() });
export const wasm = glue;
export const wasmVariant = 'simd128';
`;
}

/** The page's modules as one classic script: bundled as a module, then wrapped in an async function so
 * that top-level await still works and nothing needs module loading. A failure at start-up is shown. */
async function classicScript(dist) {
  const loader = embeddedCoreLoader(dist);
  // Imported here, not at the top: on a fresh machine `npm test` loads this file before it installs the
  // npm packages.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(root, 'www', 'app.js')],
    bundle: true,
    format: 'esm',
    write: false,
    minify: true,
    legalComments: 'none',
    define: { 'import.meta.url': '__saeModuleUrl' },
    logLevel: 'warning',
    plugins: [{
      name: 'embedded-core',
      setup(b) {
        b.onResolve({ filter: /core-loader\.js$/ }, () => ({ path: 'embedded-core', namespace: 'embedded-core' }));
        b.onLoad({ filter: /.*/, namespace: 'embedded-core' }, () => ({ contents: loader, resolveDir: root, loader: 'js' }));
      },
    }],
  });
  const code = result.outputFiles[0].text;
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
  const icon = `data:image/svg+xml,${encodeURIComponent(readFileSync(join(dist, 'www', 'icon.svg'), 'utf8'))}`;
  const restricted = `window.saeRestricted = location.protocol === 'file:' ? 'this page was opened from a file' : ` +
    `'this is the single-file playground, which has no separate worker or data files';`;
  const inline = (text) => text.replace(/<\/(script)/gi, '<\\/$1');
  const page = readFileSync(join(dist, 'index.html'), 'utf8')
    .replace('<link rel="stylesheet" href="./www/style.css">', () => `<style>\n${css}</style>`)
    .replace('<link rel="stylesheet" href="./www/lesson/lesson.css">', () => `<style>\n${lessonCss}</style>`)
    .replace(/<link rel="icon"[^>]*>/, () => `<link rel="icon" href="${icon}">`)
    .replace('<script src="./www/boot.js"></script>', () => `<script>${restricted}</script>\n  <script>${inline(script)}</script>`);
  if (page.includes('./www/')) throw new Error('sae-playground.html still refers to a file of the page.');
  writeFileSync(join(dist, 'sae-playground.html'), page);
  return { script: Buffer.byteLength(script), page: Buffer.byteLength(page), pageGzipped: gzipSync(page).length };
}
