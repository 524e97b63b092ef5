// `node scripts/render-icon.mjs`: renders www/icon.svg (the design) into www/icon.png at 32×32 with
// Chromium. Run it by hand after changing the SVG. The page's favicon is the PNG: Chromium fetches and
// decodes the favicon again at every change of the address (history.replaceState, which follows the
// settings), and an SVG favicon is a whole SVG document parsed on the page's thread each time (about 4 ms
// here, more on a slow machine); the PNG costs about 1.5 ms, from the cache. (Inlined as a data: URL it
// cost 0.1 ms, but a course host's strict Content-Security-Policy, `default-src 'self'`, refuses data:
// images: the single file, which has no separate files, is the only page that inlines it.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, ensureChromium, ensureNpmPackages, root } from './tools.mjs';

const SIZE = 32;
ensureChromium();
ensureNpmPackages();
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  const svg = readFileSync(join(root, 'www', 'icon.svg'), 'utf8').replace('<svg ', `<svg width="${SIZE}" height="${SIZE}" `);
  await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  writeFileSync(join(root, 'www', 'icon.png'), png);
  console.log(`wrote www/icon.png (${png.length} bytes)`);
} finally {
  await browser.close();
}
