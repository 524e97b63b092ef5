// `npm run bench:frames`: 10 s of training per preset with every panel visible, in headless Chromium;
// reports frame interval p50/p95/max and frames over 20 ms, for training in a Web Worker and on the main
// thread, plus a control row (the page paused) that shows the machine's own frame noise. Writes
// bench/frames.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, dist } from './build.mjs';
import { serve } from './serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS, ensureChromium, ensureNpmPackages, root } from './tools.mjs';

const SECONDS = Number(process.env.FRAME_SECONDS ?? 10);
const VIEWPORT = { width: Number(process.env.FRAME_WIDTH ?? 1920), height: Number(process.env.FRAME_HEIGHT ?? 1440) };
const hosts = (process.env.FRAME_HOSTS ?? 'worker,inline').split(',');
const only = process.argv.slice(2);

ensureChromium();
ensureNpmPackages();
// Imported once the packages are installed (a fresh machine has none yet).
const { chromium } = await import('playwright-core');
if (!process.env.NO_BUILD) await build();
const { server, url } = await serve(dist);
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
const presets = only.length ? only : (await (async () => {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  const names = await page.evaluate(async () => (await import('./www/playground.js')).presets.map((p) => p.name));
  await page.close();
  return names.filter((n) => n !== 'diverging');
})());

/** Trains `preset` for SECONDS (or leaves it paused: the control row, the machine's own frame noise) with
 * every panel on screen, and returns the frame figures. */
async function measure(host, preset, playing) {
  // A 1920×1440 screen shows every panel at once (four columns), so every panel draws as it changes;
  // the run checks that all of them are on screen.
  const context = await browser.newContext({ viewport: { width: VIEWPORT.width, height: VIEWPORT.height } });
  try {
    const page = await context.newPage();
    await page.goto(`${url}#preset=${preset}&host=${host}&speed=max`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 60000 });
    const onScreen = await page.evaluate(() => [...document.querySelectorAll('.panel canvas')]
      .filter((c) => { const r = c.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }).length);
    if (playing) {
      await page.evaluate(() => window.sae.setPlaying(true));
      await page.waitForFunction(() => window.sae.view.summary().step > 0, null, { timeout: 60000 });
    }
    await page.waitForTimeout(1000); // past start-up (PCA, first tier-up)
    await page.evaluate(() => window.sae.frameStats.reset());
    const startStep = await page.evaluate(() => window.sae.view.summary().step);
    await page.waitForTimeout(SECONDS * 1000);
    const stats = await page.evaluate(() => window.sae.frameStats.summary());
    const endStep = await page.evaluate(() => window.sae.view.summary().step);
    const row = { host, preset: playing ? preset : `${preset} (paused: control)`, panelsOnScreen: onScreen, ...stats, stepsPerSecond: (endStep - startStep) / SECONDS };
    console.log(`${host.padEnd(6)} ${row.preset.padEnd(32)} panels ${onScreen}  frames ${String(stats.frames).padStart(4)}  p50 ${stats.p50.toFixed(1)} ms  p95 ${stats.p95.toFixed(1)} ms  max ${stats.max.toFixed(1)} ms  over 20 ms: ${stats.over20ms}  steps/s ${row.stepsPerSecond.toFixed(0)}`);
    return row;
  } finally {
    await context.close();
  }
}

const rows = [];
try {
  rows.push(await measure(hosts[0], presets[0], false));
  for (const host of hosts) {
    for (const preset of presets) rows.push(await measure(host, preset, true));
  }
} finally {
  await browser.close();
  server.close();
}
mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(join(root, 'bench', 'frames.json'), `${JSON.stringify({ date: new Date().toISOString(), seconds: SECONDS, viewport: VIEWPORT, rows }, null, 2)}\n`);
console.log('wrote bench/frames.json');
