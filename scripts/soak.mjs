// `npm run soak [-- --seconds N]`: trains MNIST (ufldl-mnist) and the Swiss roll (undercomplete) in the built
// page in headless Chromium, each for N seconds (default 60) at speed max with every panel on screen and
// drawing, and reports per run: steps, the page's JS heap and the wasm memory of the page and of the
// training worker at the start, after the first quarter and at the end, frames, and console errors.
// Exits 1 on any console error, a non-finite loss or a divergence. Not part of `npm test` (it takes
// minutes); `NO_BUILD=1` reuses dist/.
import { build, dist } from './build.mjs';
import { serve } from './serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS, ensureChromium, ensureNpmPackages } from './tools.mjs';

const RUNS = [
  { preset: 'ufldl-mnist', label: 'MNIST (ufldl-mnist)' },
  { preset: 'undercomplete', label: 'Swiss roll (undercomplete)' },
];
/** All panels on one screen (four columns), as in `npm run bench:frames`. */
const VIEWPORT = { width: 1920, height: 1440 };
/** How often the run is checked for a non-finite loss or a divergence. */
const CHECK_EVERY_MS = 2000;
const WAIT = 120000;

function secondsArgument(argv) {
  const at = argv.indexOf('--seconds');
  if (at === -1) return 60;
  const seconds = Number(argv[at + 1]);
  if (!(seconds > 0)) {
    console.error('usage: npm run soak [-- --seconds N]   (N > 0, default 60)');
    process.exit(2);
  }
  return seconds;
}

const SECONDS = secondsArgument(process.argv.slice(2));
const MB = (bytes) => (bytes === null || bytes === undefined ? 'n/a' : `${(bytes / 1048576).toFixed(1)} MB`);

/** Heap and wasm memory now: the page's JS heap after a full garbage collection (DevTools; what the page
 * keeps, not what it has yet to collect), the page's and the worker's wasm memory. */
async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasmBytes = () => import('./www/playground.js').then(async ({ core }) => (await core.default()).memory.buffer.byteLength);
  const pageWasm = await page.evaluate(wasmBytes);
  // The worker (dist/app/training-worker.js, bundled) shares the wasm-bindgen glue with the unbundled
  // www/playground.js: the instance this reads is the training session's.
  const worker = page.workers()[0];
  const workerWasm = worker
    ? await worker.evaluate(() => import('../www/playground.js').then(async ({ core }) => (await core.default()).memory.buffer.byteLength))
    : null;
  return { jsHeapUsed: heap.usedSize, pageWasm, workerWasm };
}

/** Loss, status and step of the page's session (the mirror of the worker's). */
function snapshot(page) {
  return page.evaluate(() => {
    const s = window.sae.view.summary();
    return { step: s.step, status: s.status.state, loss: s.loss };
  });
}

/** Every loss term is a finite number (the core writes NaN and infinity as null). */
function finiteLoss(loss) {
  return Boolean(loss) && Object.values(loss).every((v) => Number.isFinite(v));
}

async function soak(browser, url, run) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const errors = [];
  const problems = [];
  try {
    const page = await context.newPage();
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}#preset=${run.preset}&speed=max`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: WAIT });
    await page.waitForFunction((name) => window.sae.view.config().dataset !== undefined && (name !== 'ufldl-mnist' || window.sae.view.config().dataset === 'mnist'), run.preset, { timeout: WAIT });
    const panels = await page.evaluate(() => [...document.querySelectorAll('.panel canvas')]
      .filter((c) => { const r = c.getBoundingClientRect(); return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight; }).length);
    const cdp = await context.newCDPSession(page);
    await page.evaluate(() => window.sae.setPlaying(true));
    await page.waitForFunction(() => window.sae.view.summary().step > 0, null, { timeout: WAIT });
    // Count every animation frame from here (the page's frame statistics keep only the last 2000).
    await page.evaluate(() => {
      window.__soakFrames = 0;
      const tick = () => { window.__soakFrames += 1; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      window.sae.frameStats.reset();
    });
    const start = { ...(await snapshot(page)), memory: await memory(page, cdp), at: Date.now() };
    const end = start.at + SECONDS * 1000;
    // Memory is also read after the first quarter: start-up allocations (the data, PCA's buffers) are
    // done by then, so growth from there to the end is what a leak would look like.
    const quarter = start.at + SECONDS * 250;
    let settled = null;
    let last = start;
    while (Date.now() < end) {
      if (!settled && Date.now() >= quarter) settled = await memory(page, cdp);
      await page.waitForTimeout(Math.min(CHECK_EVERY_MS, Math.max(0, (settled ? end : quarter) - Date.now())));
      last = await snapshot(page);
      if (!finiteLoss(last.loss)) problems.push(`non-finite loss at step ${last.step}: ${JSON.stringify(last.loss)}`);
      if (last.status !== 'ok') problems.push(`status ${last.status} at step ${last.step}`);
      if (problems.length) break;
    }
    const stop = { ...last, memory: await memory(page, cdp), at: Date.now() };
    const frames = await page.evaluate(() => ({ counted: window.__soakFrames, ...window.sae.frameStats.summary() }));
    await page.evaluate(() => window.sae.setPlaying(false));
    const seconds = (stop.at - start.at) / 1000;
    return {
      run: run.label,
      seconds,
      panelsOnScreen: panels,
      steps: stop.step - start.step,
      stepsPerSecond: (stop.step - start.step) / seconds,
      start: start.memory,
      settled: settled ?? stop.memory,
      end: stop.memory,
      frames: frames.counted,
      framesPerSecond: frames.counted / seconds,
      frameP50: frames.p50,
      frameP95: frames.p95,
      frameMax: frames.max,
      loss: stop.loss,
      errors,
      problems,
    };
  } finally {
    await context.close();
  }
}

function report(r) {
  const lines = [
    `${r.run}: ${r.seconds.toFixed(1)} s, ${r.panelsOnScreen} panels on screen`,
    `  steps        ${r.steps} (${r.stepsPerSecond.toFixed(0)}/s)`,
    '  memory       start → after the first quarter → end',
    `  JS heap      ${[r.start, r.settled, r.end].map((m) => MB(m.jsHeapUsed)).join(' → ')} (page)`,
    `  wasm memory  ${[r.start, r.settled, r.end].map((m) => MB(m.pageWasm)).join(' → ')} (page), ${[r.start, r.settled, r.end].map((m) => MB(m.workerWasm)).join(' → ')} (worker)`,
    `  frames       ${r.frames} (${r.framesPerSecond.toFixed(1)}/s; last ${Math.min(r.frames, 2000)}: p50 ${r.frameP50.toFixed(1)} ms, p95 ${r.frameP95.toFixed(1)} ms, max ${r.frameMax.toFixed(1)} ms)`,
    `  loss         ${r.loss ? Object.entries(r.loss).map(([k, v]) => `${k} ${typeof v === 'number' ? v.toPrecision(4) : v}`).join(', ') : 'n/a'}`,
    `  console errors ${r.errors.length}${r.errors.length ? `:\n    ${r.errors.join('\n    ')}` : ''}`,
  ];
  if (r.problems.length) lines.push(`  PROBLEMS     ${r.problems.join('; ')}`);
  console.log(lines.join('\n'));
}

ensureChromium();
ensureNpmPackages();
// Imported once the packages are installed (a fresh machine has none yet).
const { chromium } = await import('playwright-core');
if (!process.env.NO_BUILD) build();
const { server, url } = await serve(dist);
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
let failed = false;
try {
  for (const run of RUNS) {
    const result = await soak(browser, url, run);
    report(result);
    if (result.errors.length || result.problems.length) failed = true;
  }
} finally {
  await browser.close();
  server.close();
}
console.log(failed ? 'soak: FAILED' : 'soak: ok');
process.exit(failed ? 1 : 0);
