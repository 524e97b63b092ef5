// Shared set-up for the browser tests: serve dist/, drive Debian's Chromium with playwright-core, and
// record console errors and every request that leaves the page's origin.
//
// Conventions: one browser per test file (`startBrowser()` in `before`, `close()` in `after`), a fresh
// context per test (`openPage`), no fixed sleeps (wait for a condition in the page), generous timeouts
// (the suite must pass on a loaded 2-core machine).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS, root } from '../../scripts/tools.mjs';

export { CHROMIUM_ARGS };

export const artifacts = join(root, 'test-results');
mkdirSync(artifacts, { recursive: true });

const NOT_BUILT = 'dist/ is not built: run `npm run build` (or `node scripts/build.mjs`) first.';

/** The built core, loaded here in Node: the tests read the panel table from it, as the page does. */
async function loadCore() {
  const pkg = join(root, 'dist', 'pkg');
  if (!existsSync(join(pkg, 'sae_playground_bg.wasm'))) throw new Error(NOT_BUILT);
  const core = await import(pathToFileURL(join(pkg, 'sae_playground.js')).href);
  await core.default({ module_or_path: readFileSync(join(pkg, 'sae_playground_bg.wasm')) });
  return core;
}

/** Every panel id, in page order, from the core's panel table. */
export const PANEL_IDS = JSON.parse((await loadCore()).panels()).map((panel) => panel.id);

/** A canvas with only a background has variance 0; any chart with axes and data is far above this. */
export const MIN_VARIANCE = 100;

/** Timeout for one condition in the page: long, because CI machines can be slow and busy. */
export const WAIT = 60000;


export async function startBrowser() {
  const dist = join(root, 'dist');
  if (!existsSync(join(dist, 'pkg', 'sae_playground_bg.wasm'))) throw new Error(NOT_BUILT);
  const { server, url } = await serve(dist);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      server.close();
    },
  };
}

/**
 * Opens the page at `hash` in a fresh context. Returns the page plus `errors` (console errors and page
 * errors), `foreign` (requests to any other origin), `requests` (every URL requested) and `close()`.
 * The default viewport is tall so that every panel is visible (panels only draw while visible).
 * `pacingLevel`: the pacing level a previous visit left in localStorage (a slow machine's page starts there).
 */
export async function openPage(session, hash = '', { width = 1280, height = 3000, deviceScaleFactor = 1, ready = true, pacingLevel = null } = {}) {
  const context = await session.browser.newContext({ viewport: { width, height }, deviceScaleFactor });
  context.setDefaultTimeout(WAIT);
  if (pacingLevel !== null) await context.addInitScript((level) => localStorage.setItem('sae-pacing-level', String(level)), pacingLevel);
  const page = await context.newPage();
  const errors = [];
  const foreign = [];
  const requests = [];
  const origin = new URL(session.url).origin;
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const onRequest = (request) => {
    const url = request.url();
    requests.push(url);
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  };
  // Context-wide, so requests from the training worker count too.
  context.on('request', onRequest);
  await page.goto(`${session.url}${hash}`);
  if (ready) await waitReady(page);
  return { page, context, errors, foreign, requests, close: () => context.close() };
}

export function waitReady(page) {
  return page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: WAIT });
}

/** Fails with the recorded errors or foreign requests, if any. */
export function assertClean({ errors, foreign }) {
  assert.deepEqual(errors, [], `console errors: ${errors.join('\n')}`);
  assert.deepEqual(foreign, [], `requests outside the page's origin: ${foreign.join('\n')}`);
}

/** Runs `fn(module, arg)` in `page` with the JavaScript API module imported as the README shows it
 * (`fn` is sent as source, so it may use only its arguments). Returns its result. */
export function withApi(page, fn, arg) {
  return page.evaluate(async ({ source, value }) => {
    const m = await import('./www/playground.js');
    // eslint-disable-next-line no-new-func
    return new Function('m', 'arg', `return (${source})(m, arg);`)(m, value);
  }, { source: fn.toString(), value: arg });
}

/** Waits until `fn(arg)` is truthy in the page, polling every animation frame. Returns its value. */
export async function until(page, fn, arg, timeout = WAIT) {
  const handle = await page.waitForFunction(fn, arg, { timeout });
  return handle.jsonValue();
}

/** Waits until the address bar's hash, decoded, matches `pattern` (the page writes it at most four times a
 * second while settings keep changing, and always ends on the latest), and returns it. */
export async function untilHash(page, pattern) {
  // Wrapped: an empty hash (every setting at its default) is a match, not a falsy "not yet".
  const [hash] = await until(page, ({ source, flags }) => {
    const hash = decodeURIComponent(location.hash);
    return new RegExp(source, flags).test(hash) && [hash];
  }, { source: pattern.source, flags: pattern.flags });
  return hash;
}

/** Resolves after `n` animation frames of the page. */
export function frames(page, n = 3) {
  return page.evaluate((count) => new Promise((resolve) => {
    let left = count;
    const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);
}

/** Current summary of the page's session. */
export function summary(page) {
  return page.evaluate(() => window.sae.view.summary());
}

/** The page session's current config. */
export function config(page) {
  return page.evaluate(() => window.sae.view.config());
}

/** Plays until the step counter passes `steps`, then pauses and waits for the host to settle. */
export async function trainUntil(page, steps, timeout = WAIT * 2) {
  await page.evaluate(() => window.sae.setPlaying(true));
  await page.waitForFunction((n) => window.sae.view.summary().step >= n, steps, { timeout });
  await pause(page);
}

/** Pauses and waits until the step counter stops moving (a worker may still send the state of its last chunk). */
export async function pause(page) {
  await page.evaluate(() => window.sae.setPlaying(false));
  await page.evaluate(() => new Promise((resolve) => {
    let last = -1;
    let same = 0;
    const check = () => {
      const step = window.sae.view.summary().step;
      same = step === last ? same + 1 : 0;
      last = step;
      if (same >= 5) resolve();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }));
}

/** Variance of a panel canvas's grey levels (0 for a blank canvas). */
export function canvasVariance(page, panel) {
  return page.evaluate((id) => {
    const canvas = document.querySelector(`#panel-${id} canvas`);
    const { width, height } = canvas;
    const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    let sum = 0;
    let sum2 = 0;
    const n = width * height;
    for (let i = 0; i < data.length; i += 4) {
      const v = (data[i] + data[i + 1] + data[i + 2]) / 3;
      sum += v;
      sum2 += v * v;
    }
    const mean = sum / n;
    return sum2 / n - mean * mean;
  }, panel);
}

/** Asserts every panel's canvas has content, redrawing first so nothing is stale. */
export async function assertPanelsDrawn(page, label) {
  for (const id of PANEL_IDS) {
    // Panels draw only while visible: bring each into view (a grown MNIST page is taller than the viewport).
    await page.locator(`#panel-${id}`).scrollIntoViewIfNeeded();
    await frames(page, 4);
    const variance = await canvasVariance(page, id);
    assert.ok(variance > MIN_VARIANCE, `${label}: panel ${id} looks blank (pixel variance ${variance.toFixed(1)})`);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await frames(page, 2);
}

/** Remembers a panel canvas's pixels in the page, for `waitForCanvasChange`. */
export function rememberCanvas(page, panel) {
  return page.evaluate((id) => {
    const canvas = document.querySelector(`#panel-${id} canvas`);
    window.__canvasMemory ??= {};
    window.__canvasMemory[id] = {
      width: canvas.width,
      height: canvas.height,
      data: canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data,
    };
  }, panel);
}

/**
 * Waits until at least `minPixels` pixels of a panel canvas differ from what `rememberCanvas` saw.
 * Returns the number of changed pixels.
 */
export function waitForCanvasChange(page, panel, { minPixels = 50, timeout = WAIT } = {}) {
  return until(page, ({ id, minPixels: least }) => {
    const before = window.__canvasMemory?.[id];
    const canvas = document.querySelector(`#panel-${id} canvas`);
    if (!before || canvas.width !== before.width || canvas.height !== before.height) return canvas.width * canvas.height;
    const now = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let changed = 0;
    for (let i = 0; i < now.length; i += 4) {
      if (now[i] !== before.data[i] || now[i + 1] !== before.data[i + 1] || now[i + 2] !== before.data[i + 2]) changed += 1;
    }
    return changed >= least ? changed : false;
  }, { id: panel, minPixels }, timeout);
}

/**
 * Starts recording every banner added to the page (kind and text), so a short-lived banner (such as the
 * MNIST download's progress) cannot be missed. Read them with `recordedBanners`.
 */
export function recordBanners(page) {
  return page.evaluate(() => {
    window.__banners = [];
    const container = document.getElementById('banners');
    const seen = new Set();
    const snapshot = () => {
      for (const node of container.querySelectorAll('.banner')) {
        const entry = { id: node.dataset.id, kind: node.className.replace('banner', '').trim(), text: node.querySelector('p')?.textContent ?? '' };
        const key = JSON.stringify(entry);
        if (!seen.has(key)) {
          seen.add(key);
          window.__banners.push(entry);
        }
      }
    };
    snapshot();
    // Progress updates rewrite a banner's text in place, hence characterData and subtree.
    new MutationObserver(snapshot).observe(container, { childList: true, subtree: true, characterData: true });
  });
}

export function recordedBanners(page) {
  return page.evaluate(() => window.__banners ?? []);
}

/**
 * Waits until a banner with data-id `id` whose text matches `pattern` has been shown (recorded by
 * `recordBanners`, so one that already timed out counts). Returns its text.
 */
export function untilBanner(page, id, pattern = /./) {
  return until(page, ({ bannerId, source, flags }) => {
    const re = new RegExp(source, flags);
    return (window.__banners ?? []).filter((b) => b.id === bannerId && re.test(b.text)).at(-1)?.text ?? false;
  }, { bannerId: id, source: pattern.source, flags: pattern.flags });
}

/** Waits until a panel's canvas has not changed for `still` consecutive animation frames. */
export function waitForCanvasStill(page, panel, still = 20) {
  return until(page, ({ id, needed }) => {
    const canvas = document.querySelector(`#panel-${id} canvas`);
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) hash = (hash * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2]) | 0;
    const memo = (window.__stillMemo ??= {});
    const last = memo[id];
    memo[id] = last && last.hash === hash ? { hash, count: last.count + 1 } : { hash, count: 0 };
    return memo[id].count >= needed;
  }, { id: panel, needed: still });
}

/**
 * Finds a point of a drawn panel where the core's hover reports something satisfying `want` ('sample':
 * a data sample; 'text': any read-out), and the same thing 2 CSS pixels around it (a click's coordinates
 * can differ from the pointer's by a fraction of a pixel). Returns `{ x, y, info }` in CSS pixels of the
 * viewport, or null.
 */
export function findHoverPoint(page, panel, want = 'sample') {
  return page.evaluate(({ id, kind }) => {
    const canvas = document.querySelector(`#panel-${id} canvas`);
    const rect = canvas.getBoundingClientRect();
    const scale = Math.min(4, Math.max(1, window.devicePixelRatio || 1));
    const sx = canvas.width / rect.width;
    const sy = canvas.height / rect.height;
    const at = (x, y) => window.sae.view.hover(id, x * sx, y * sy, scale);
    const key = (info) => (info ? (kind === 'sample' ? info.sample : info.text) : undefined);
    const wanted = (info) => (kind === 'sample' ? Number.isInteger(info?.sample) : Boolean(info?.text));
    for (let y = 6; y < rect.height - 6; y += 3) {
      for (let x = 6; x < rect.width - 6; x += 3) {
        const info = at(x, y);
        if (!wanted(info)) continue;
        const steady = [[-2, -2], [2, -2], [-2, 2], [2, 2], [0, 0.5], [0.5, 0]].every(([dx, dy]) => key(at(x + dx, y + dy)) === key(info));
        if (steady) return { x: rect.left + x, y: rect.top + y, info };
      }
    }
    return null;
  }, { id: panel, kind: want });
}

/** Bounding box of a panel's canvas, in CSS pixels relative to the viewport. */
export function canvasBox(page, panel) {
  return page.locator(`#panel-${panel} canvas`).boundingBox();
}

export async function screenshot(page, name, { fullPage = true } = {}) {
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/**
 * One page for a whole test file that drives the JavaScript API (its own figures hidden, so they do not
 * compete for the CPU), opened before the file's tests and closed after them. Returns `{ inPage(fn, arg),
 * opened }`: `inPage` runs `fn(module, arg)` there with the API module imported as the README does.
 */
export function apiPageForFile() {
  let session;
  const file = { opened: null, inPage: (fn, arg) => withApi(file.opened.page, fn, arg) };
  before(async () => {
    session = await startBrowser();
    file.opened = await openPage(session, '#panels=network&controls=hide', { width: 800, height: 600 });
  });
  after(async () => {
    await file.opened?.close();
    await session?.close();
  });
  return file;
}
