// Shared set-up for the browser tests: serve dist/, drive Debian's Chromium with playwright-core, and
// record console errors and every request that leaves the page's origin.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { CHROMIUM, root } from '../../scripts/tools.mjs';

export const artifacts = join(root, 'test-results');
mkdirSync(artifacts, { recursive: true });

/** Chromium flags for this sandbox: no network chatter, no GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader',
];

export async function startBrowser() {
  const { server, url } = await serve(join(root, 'dist'));
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
 * errors) and `foreign` (requests to any other origin).
 */
export async function openPage(session, hash = '', { width = 1280, height = 1600, deviceScaleFactor = 1 } = {}) {
  const context = await session.browser.newContext({ viewport: { width, height }, deviceScaleFactor });
  const page = await context.newPage();
  const errors = [];
  const foreign = [];
  const origin = new URL(session.url).origin;
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  await page.goto(`${session.url}${hash}`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30000 });
  return { page, context, errors, foreign };
}

/** Current summary of the page's session. */
export function summary(page) {
  return page.evaluate(() => window.sae.view.summary());
}

/** Plays until the step counter passes `steps`. */
export async function trainUntil(page, steps, timeout = 60000) {
  await page.evaluate(() => window.sae.setPlaying(true));
  await page.waitForFunction((n) => window.sae.view.summary().step >= n, steps, { timeout });
  await page.evaluate(() => window.sae.setPlaying(false));
}

/** Variance of a panel canvas's pixels (0 for a blank canvas). */
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

export async function screenshot(page, name) {
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
