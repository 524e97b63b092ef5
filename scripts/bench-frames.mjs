// `npm run bench:frames`: 10 s of training per preset with every panel visible, in headless Chromium;
// reports frame interval p50/p95/max, frames over 20 ms (also second by second) and training steps per
// second (from the sessions' summaries), for training in a Web Worker and on the main thread, plus a control row (the page paused)
// that shows the machine's own frame noise, a two-model row (compare mode: both sessions in one worker)
// and the same rows with the CPU throttled 4× (Chromium's DevTools throttling: a slow classroom machine),
// with a paused throttled control of their own, and each throttled row again as the same browser's next
// visit (the page keeps the pacing level it reached: the row starts at the level the first one ended at),
// and the throttled row once more on a high-density screen (2 device pixels per CSS pixel: a classroom
// laptop's or Chromebook's, four times the canvas pixels). The drag rows move a slider back and forth for
// the whole row (ρ on kl-sparse, as a student explores the KL target), paused and while training,
// unthrottled and throttled: every step of the drag is a settings change the page shows at once.
// Writes bench/frames.json with the machine's load average, since a shared machine's noise shows in it.
//   FRAME_COMPARE=l1-sparse:penalty:none,l1   the two-model row (preset, then the comparison)
//   FRAME_THROTTLE=4                          the throttled rows' slow-down (0: none)
//   FRAME_HIDPI=2                             the high-density row's device pixels per CSS pixel (0: none)
//   FRAME_DRAG=kl-sparse:rho                  the drag rows (preset, then the slider's setting; '': none)
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { build, dist } from './build.mjs';
import { serve } from './serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS, ensureChromium, ensureNpmPackages, root } from './tools.mjs';

const SECONDS = Number(process.env.FRAME_SECONDS ?? 10);
const VIEWPORT = { width: Number(process.env.FRAME_WIDTH ?? 1920), height: Number(process.env.FRAME_HEIGHT ?? 1440) };
const hosts = (process.env.FRAME_HOSTS ?? 'worker,inline').split(',');
const COMPARE = process.env.FRAME_COMPARE ?? 'l1-sparse:penalty:none,l1';
const THROTTLE = Number(process.env.FRAME_THROTTLE ?? 4);
const HIDPI = Number(process.env.FRAME_HIDPI ?? 2);
const DRAG = process.env.FRAME_DRAG ?? 'kl-sparse:rho';
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

/** Every session's step count (two in compare mode). */
const steps = (page) => page.evaluate(() => window.sae.stage.sessions.map((s) => s.view.summary().step));

/** Where the slider of setting `key` is. Read before a row's frames are counted: Playwright's first
 * locator on a page evaluates its own script there (30 ms on a CPU slowed 4×, a late frame or two that
 * are the harness's, not the page's). */
const sliderBox = (page, key) => page.locator(`#s-${key}`).boundingBox();

/** Moves the slider at `box` back and forth, a step every animation frame or so, until `until`
 * (Date.now()), as a hand would: the mouse held down on its thumb. */
async function dragSlider(page, box, until) {
  const y = box.y + box.height / 2;
  const at = (f) => box.x + 4 + f * (box.width - 8);
  await page.mouse.move(at(0), y);
  await page.mouse.down();
  for (let i = 0; Date.now() < until; i++) {
    await page.mouse.move(at((1 - Math.cos(i / 20)) / 2), y);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
}

/** Trains `preset` for SECONDS (or leaves it paused: the control row, the machine's own frame noise) with
 * every panel on screen, and returns the frame figures. `compare` ('penalty:none,l1') trains two models;
 * `throttle` slows the page's CPU that many times; `drag` (a setting's key) drags its slider all along. */
async function measure(host, preset, playing, { compare = null, throttle = 0, keptLevel = null, pixelRatio = 1, drag = null } = {}) {
  // A 1920×1440 screen shows every panel at once (four columns), so every panel draws as it changes;
  // the run checks that all of them are on screen (compare mode shows fewer, each twice as wide).
  const context = await browser.newContext({ viewport: { width: VIEWPORT.width, height: VIEWPORT.height }, deviceScaleFactor: pixelRatio });
  try {
    // The level the page kept from an earlier visit (www/frame-governor.js keeps it in localStorage).
    if (keptLevel !== null) await context.addInitScript((level) => localStorage.setItem('sae-pacing-level', String(level)), keptLevel);
    const page = await context.newPage();
    const comparePart = compare ? `&compare=${compare}` : '';
    await page.goto(`${url}#preset=${preset}&host=${host}&speed=max${comparePart}`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 60000 });
    if (throttle > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    }
    const onScreen = await page.evaluate(() => [...document.querySelectorAll('.panel canvas')]
      .filter((c) => { const r = c.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }).length);
    if (playing) {
      await page.evaluate(() => window.sae.setPlaying(true));
      await page.waitForFunction(() => window.sae.stage.sessions.every((s) => s.view.summary().step > 0), null, { timeout: 60000 });
    }
    const dragBox = drag ? await sliderBox(page, drag) : null;
    await page.waitForTimeout(1000); // past start-up (PCA, first tier-up)
    await page.evaluate(() => window.sae.frameStats.reset());
    const startSteps = await steps(page);
    if (drag) await dragSlider(page, dragBox, Date.now() + SECONDS * 1000);
    else await page.waitForTimeout(SECONDS * 1000);
    const stats = await page.evaluate(() => window.sae.frameStats.summary());
    // The page's pacing level at the end (0: full speed; higher: training slowed for smooth frames).
    const pacing = await page.evaluate(() => window.sae.pacing?.level ?? 0);
    const endSteps = await steps(page);
    const perSession = endSteps.map((end, i) => (end - startSteps[i]) / SECONDS);
    const paused = drag ? `${preset} (paused)` : `${preset} (paused: control)`;
    const name = [playing ? preset : paused, drag && `${drag} dragged`, compare && `compare ${compare}`, throttle > 1 && `CPU ÷${throttle}`,
      pixelRatio > 1 && `${pixelRatio} device pixels per CSS pixel`, keptLevel !== null && `next visit (from level ${keptLevel})`]
      .filter(Boolean).join(', ');
    const row = {
      host, preset: name, panelsOnScreen: onScreen, ...stats, pacing,
      stepsPerSecond: perSession.reduce((a, b) => a + b, 0), stepsPerSecondPerSession: perSession,
    };
    const rates = perSession.map((r) => r.toFixed(0)).join(' + ');
    console.log(`${host.padEnd(6)} ${name.padEnd(52)} panels ${String(onScreen).padStart(2)}  frames ${String(stats.frames).padStart(4)}  p50 ${stats.p50.toFixed(1)} ms  p95 ${stats.p95.toFixed(1)} ms  max ${stats.max.toFixed(1)} ms  over 20 ms: ${String(stats.over20ms).padStart(3)}  pacing ${pacing}  steps/s ${rates}  late by second ${stats.lateBySecond.join(' ')}`);
    return row;
  } finally {
    await context.close();
  }
}

const rows = [];
const load = { start: loadavg() };
console.log(`load average ${load.start.map((l) => l.toFixed(2)).join(' ')}`);
try {
  rows.push(await measure(hosts[0], presets[0], false));
  for (const host of hosts) {
    for (const preset of presets) rows.push(await measure(host, preset, true));
  }
  if (DRAG) {
    // A slider dragged, paused and training, on this machine and on one slowed like the rows below.
    const [dragPreset, key] = DRAG.split(':');
    for (const throttle of [0, ...(THROTTLE > 1 ? [THROTTLE] : [])]) {
      for (const playing of [false, true]) rows.push(await measure(hosts[0], dragPreset, playing, { drag: key, throttle }));
    }
  }
  const [comparePreset, ...comparison] = COMPARE.split(':');
  const compare = comparison.join(':');
  if (compare) rows.push(await measure(hosts[0], comparePreset, true, { compare }));
  if (THROTTLE > 1) {
    // The throttled machine's own noise floor: the same page paused.
    rows.push(await measure(hosts[0], comparePreset, false, { throttle: THROTTLE }));
    const throttled = [{ throttle: THROTTLE }, ...(compare ? [{ compare, throttle: THROTTLE }] : []), ...(HIDPI > 1 ? [{ throttle: THROTTLE, pixelRatio: HIDPI }] : [])];
    for (const options of throttled) {
      const first = await measure(hosts[0], comparePreset, true, options);
      rows.push(first, await measure(hosts[0], comparePreset, true, { ...options, keptLevel: first.pacing }));
    }
  }
} finally {
  await browser.close();
  server.close();
}
mkdirSync(join(root, 'bench'), { recursive: true });
load.end = loadavg();
console.log(`load average ${load.end.map((l) => l.toFixed(2)).join(' ')}`);
writeFileSync(join(root, 'bench', 'frames.json'), `${JSON.stringify({ date: new Date().toISOString(), seconds: SECONDS, viewport: VIEWPORT, loadAverage: load, rows }, null, 2)}\n`);
console.log('wrote bench/frames.json');
