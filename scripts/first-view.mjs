// `node scripts/first-view.mjs`: loads the built module page (dist/) once in Chromium, as a first visit,
// and lists what it fetched until it was ready: each response's bytes (as sent, uncompressed) and the
// JavaScript's total raw and gzipped. Confirms bench.mjs's `bundleSizes` against a real page load.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { dist } from './build.mjs';
import { serve } from './serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS, ensureChromium, ensureNpmPackages } from './tools.mjs';

/** Every file the page at `hash` fetched from dist/ until it was ready: `[{ path, bytes, gzBytes }]`. */
export async function firstViewRequests(hash = '') {
  ensureChromium();
  ensureNpmPackages();
  const { chromium } = await import('playwright-core');
  const { server, url } = await serve(dist);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    const paths = [];
    // Context-wide, so the training worker's requests count too.
    context.on('requestfinished', (request) => paths.push(new URL(request.url()).pathname));
    const page = await context.newPage();
    await page.goto(`${url}${hash}`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120000 });
    return paths.map((path) => {
      const bytes = readFileSync(join(dist, path.endsWith('/') ? `${path}index.html` : path));
      return { path, bytes: bytes.length, gzBytes: gzipSync(bytes, { level: 9 }).length };
    });
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1] && process.argv[1].endsWith('first-view.mjs')) {
  const requests = await firstViewRequests(process.argv[2] ?? '');
  // A file the training worker fetches again (the core's chunk, the glue, the wasm) counts once: a
  // static host that sends validators answers the second fetch from the browser's cache.
  const files = [...new Map(requests.map((f) => [f.path, f])).values()];
  for (const f of files) {
    const times = requests.filter((r) => r.path === f.path).length;
    console.log(`${f.path.padEnd(40)} ${String(f.bytes).padStart(9)} B ${String(f.gzBytes).padStart(8)} B gzipped${times > 1 ? ` (fetched ${times}×)` : ''}`);
  }
  const js = files.filter((f) => f.path.endsWith('.js'));
  const sum = (key) => js.reduce((s, f) => s + f[key], 0);
  console.log(`JavaScript: ${js.length} files, ${sum('bytes')} B (${sum('gzBytes')} B gzipped)`);
}
