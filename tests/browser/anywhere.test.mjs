// The page runs wherever a course page lives: the single self-contained file and the dist folder opened
// from disk (file://), a sandboxed iframe with allow-scripts alone on a host that sends no CORS headers,
// and a server with a strict Content-Security-Policy. Where workers or fetches are refused it trains on the
// main thread and says so in one line; MNIST then loads from a file the user picks.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { serve } from '../../scripts/serve.mjs';
import { root } from '../../scripts/tools.mjs';
import { MIN_VARIANCE, WAIT, startBrowser } from './helpers.mjs';

const dist = join(root, 'dist');
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

let session;
before(async () => {
  session = await startBrowser();
});
after(() => session?.close());

/** A fresh page recording console errors, CSP violations and every request. */
async function newPage({ width = 1280, height = 2400 } = {}) {
  const context = await session.browser.newContext({ viewport: { width, height } });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  context.on('request', (r) => requests.push(r.url()));
  return { page, context, errors, requests, close: () => context.close() };
}

/** Waits in `frame` (a page or an iframe) until training has passed `steps` and `panel` has pixels. */
async function trainsAndDraws(frame, panel, steps = 100) {
  await frame.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: WAIT });
  await frame.evaluate(() => window.sae.setPlaying(true));
  await frame.waitForFunction((n) => window.sae.view.summary().step >= n, steps, { timeout: WAIT });
  const variance = await frame.waitForFunction((id) => {
    const canvas = document.querySelector(`#panel-${id} canvas`);
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < data.length; i += 4) {
      sum += data[i];
      squares += data[i] * data[i];
    }
    const n = data.length / 4;
    const v = squares / n - (sum / n) ** 2;
    return v > 100 ? v : false;
  }, panel, { timeout: WAIT });
  assert.ok(await variance.jsonValue() > MIN_VARIANCE);
}

describe('runs wherever a course page lives', () => {
  test('the single file opened from disk trains, draws, says it trains on the main thread, and asks for the MNIST file', async () => {
    const opened = await newPage();
    const { page } = opened;
    await page.goto(`${pathToFileURL(join(dist, 'sae-playground.html'))}#preset=kl-sparse`);
    await trainsAndDraws(page, 'kl-curve');
    await trainsAndDraws(page, 'loss');
    const notice = await page.locator('.banner[data-id="host"] p').textContent();
    assert.match(notice, /^Training on the main thread: this page was opened from a file/);
    // MNIST cannot be fetched from a file: the page asks for the packed file, then trains on it.
    await page.selectOption('#s-preset', 'ufldl-mnist');
    await page.locator('.banner[data-id="mnist-file"]').waitFor();
    assert.match(await page.locator('.banner[data-id="mnist-file"] p').textContent(), /cannot be downloaded here: this page was opened from a file.*data\/mnist-6000\.bin\.gz/);
    const chooser = page.waitForEvent('filechooser');
    await page.locator('.banner[data-id="mnist-file"] button', { hasText: 'Choose the MNIST file' }).click();
    await (await chooser).setFiles(join(root, 'data', 'mnist-6000.bin.gz'));
    await page.waitForFunction(() => window.sae.view.config().dataset === 'mnist', null, { timeout: WAIT });
    await trainsAndDraws(page, 'features', 20);
    assert.deepEqual(opened.errors, []);
    assert.ok(opened.requests.every((u) => /^(file|data|blob):/.test(u)), opened.requests.filter((u) => !/^(file|data|blob):/.test(u)).join('\n'));
    await page.screenshot({ path: join(root, 'test-results', 'single-file.png') });
    await opened.close();
  });

  test('the dist folder opened from disk (index.html) runs too', async () => {
    const opened = await newPage();
    await opened.page.goto(`${pathToFileURL(join(dist, 'index.html'))}#preset=l1-sparse`);
    await trainsAndDraws(opened.page, 'heatmap');
    assert.match(await opened.page.locator('.banner[data-id="host"] p').textContent(), /opened from a file/);
    assert.deepEqual(opened.errors, []);
    assert.ok(opened.requests.every((u) => /^(file|data|blob):/.test(u)), 'only the folder\'s own files');
    await opened.close();
  });

  test('a sandboxed iframe (allow-scripts alone) on a host without CORS headers trains and draws', async () => {
    const host = await serve(dist);
    const course = await serve(join(root, 'tests', 'browser'));
    try {
      const opened = await newPage({ width: 900, height: 900 });
      const { page } = opened;
      const src = `${host.url}index.html#preset=kl-sparse&panels=kl-curve&controls=rho&autoplay=1`;
      await page.goto(`${course.url}course-frame.html#${encodeURIComponent(src)}`);
      const frame = await (async () => {
        for (;;) {
          const f = page.frames().find((x) => x.url().startsWith(host.url));
          if (f) return f;
          await page.waitForTimeout(50);
        }
      })();
      await trainsAndDraws(frame, 'kl-curve');
      assert.equal(await frame.evaluate(() => self.origin), 'null', 'the frame has an opaque origin');
      assert.match(await frame.locator('.banner[data-id="host"] p').textContent(), /sandboxed frame/);
      assert.ok(await frame.locator('#s-rho').isVisible(), 'the chosen control is there');
      assert.deepEqual(opened.errors, []);
      const own = (u) => u.startsWith(host.url) || u.startsWith(course.url) || /^(data|blob):/.test(u);
      assert.deepEqual(opened.requests.filter((u) => !own(u)), [], 'no request outside the two sites');
      await page.screenshot({ path: join(root, 'test-results', 'sandboxed-iframe.png') });
      await opened.close();
    } finally {
      host.server.close();
      course.server.close();
    }
  });

  test('under a strict Content-Security-Policy the page runs with no violation, in a Web Worker', async () => {
    const strict = await serve(dist, 0, { 'content-security-policy': STRICT_CSP });
    try {
      const opened = await newPage();
      const { page } = opened;
      await page.addInitScript(() => {
        window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      await page.goto(`${strict.url}#preset=sparse-features`);
      await trainsAndDraws(page, 'features');
      assert.equal(await page.evaluate(() => window.sae.host.kind), 'worker');
      await page.selectOption('#s-preset', 'ufldl-mnist');
      await page.waitForFunction(() => window.sae.view.config().dataset === 'mnist', null, { timeout: WAIT });
      await trainsAndDraws(page, 'features', 20);
      assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
      assert.deepEqual(opened.errors, []);
      assert.deepEqual(opened.requests.filter((u) => !u.startsWith(strict.url) && !/^(data|blob):/.test(u)), []);
      await opened.close();
    } finally {
      strict.server.close();
    }
  });
});
