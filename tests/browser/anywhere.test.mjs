// The page runs wherever a course page lives: the single self-contained file and the dist folder opened
// from disk (file://), a sandboxed iframe with allow-scripts alone on a host that sends no CORS headers,
// and a server with a strict Content-Security-Policy. Where modules and fetches are refused the classic
// build trains in a worker started from a Blob URL (one worker for two sessions, and the probe study in
// another); MNIST then loads from a file the user picks. Where even that worker is refused it trains on the
// main thread and says so in one line.
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

/** The page's workers, as the classic build starts them: from Blob URLs, never from a file. */
function blobWorkers(page) {
  const urls = page.workers().map((w) => w.url());
  assert.ok(urls.every((u) => u.startsWith('blob:')), urls.join('\n'));
  return urls.length;
}

/** Asserts that `frame` trains in a Web Worker and says nothing of the main thread, while boot.js's reason
 * for the classic build stays. */
async function trainsInWorker(frame, restricted, sessions = 1) {
  assert.deepEqual(await frame.evaluate(() => window.sae.stage.sessions.map((s) => s.host.kind)), Array(sessions).fill('worker'));
  assert.equal(await frame.locator('#mode').textContent(), 'Training in a Web Worker.');
  assert.equal(await frame.locator('.banner[data-id="host"]').count(), 0, 'no note about the main thread');
  assert.match(await frame.evaluate(() => window.saeRestricted), restricted);
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
  test('the single file opened from disk trains in a worker from a Blob URL, draws, and asks for the MNIST file', async () => {
    const opened = await newPage();
    const { page } = opened;
    await page.goto(`${pathToFileURL(join(dist, 'sae-playground.html'))}#preset=kl-sparse`);
    await trainsAndDraws(page, 'kl-curve');
    await trainsAndDraws(page, 'loss');
    await trainsInWorker(page, /^this page was opened from a file$/);
    assert.equal(blobWorkers(page), 1);
    // MNIST cannot be fetched from a file: the page asks for the packed file, then trains on it.
    await page.selectOption('#s-preset', 'ufldl-mnist');
    await page.locator('.banner[data-id="mnist-file"]').waitFor();
    assert.match(await page.locator('.banner[data-id="mnist-file"] p').textContent(), /cannot be downloaded here: this page was opened from a file.*data\/mnist-6000\.bin\.gz/);
    const chooser = page.waitForEvent('filechooser');
    await page.locator('.banner[data-id="mnist-file"] button', { hasText: 'Choose the MNIST file' }).click();
    await (await chooser).setFiles(join(root, 'data', 'mnist-6000.bin.gz'));
    await page.waitForFunction(() => window.sae.view.config().dataset === 'mnist', null, { timeout: WAIT });
    await trainsAndDraws(page, 'features', 20);
    // The worker has the digits too: it trains on them.
    assert.equal(await page.evaluate(() => window.sae.host.kind), 'worker');
    assert.deepEqual(opened.errors, []);
    assert.ok(opened.requests.every((u) => /^(file|data|blob):/.test(u)), opened.requests.filter((u) => !/^(file|data|blob):/.test(u)).join('\n'));
    await page.screenshot({ path: join(root, 'test-results', 'single-file.png') });
    await opened.close();
  });

  test('the dist folder opened from disk (index.html) runs too, and compares two sessions in one worker', async () => {
    const opened = await newPage();
    const { page } = opened;
    await page.goto(`${pathToFileURL(join(dist, 'index.html'))}#preset=l1-sparse&compare=penalty:none,l1`);
    await trainsAndDraws(page, 'heatmap');
    await page.waitForFunction(() => window.sae.stage.sessions.every((s) => s.view.summary().step >= 100));
    await trainsInWorker(page, /^this page was opened from a file$/, 2);
    assert.equal(blobWorkers(page), 1, 'both sessions train in one worker');
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
      await trainsInWorker(frame, /sandboxed frame/);
      assert.equal(blobWorkers(page), 1);
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

  test('the lesson\'s probe study in the single file runs in a worker of its own', async () => {
    const opened = await newPage({ width: 1280, height: 1600 });
    const { page } = opened;
    await page.goto(`${pathToFileURL(join(dist, 'sae-playground.html'))}#lesson=measured`);
    await page.waitForFunction(() => window.sae?.lesson?.status.step === 'measured' && window.sae.stage.sessions.length > 0);
    assert.equal(await page.evaluate(() => window.sae.host.kind), 'worker');
    await page.evaluate(() => {
      window.sae.lesson.studyOptions = { quick: true };
    });
    await page.click('.walk-study-run');
    // The digits come from the file the student picks; the study then starts by itself, in a second worker.
    const chooser = page.waitForEvent('filechooser');
    await page.locator('.banner[data-id="mnist-file"] button', { hasText: 'Choose the MNIST file' }).click();
    const studyWorker = page.waitForEvent('worker');
    await (await chooser).setFiles(join(root, 'data', 'mnist-6000.bin.gz'));
    assert.match((await studyWorker).url(), /^blob:/);
    assert.equal(blobWorkers(page), 2, 'the training worker and the study\'s');
    await page.locator('.walk-study-results table').first().waitFor();
    assert.equal(await page.locator('.walk-study-results table').count(), 2, 'the probe table and the recovery table');
    assert.match(await page.locator('.walk-study-label').textContent(), /^Done in \d+ s/);
    assert.deepEqual(opened.errors, []);
    await opened.close();
  });

  test('where a policy refuses workers from Blob URLs, the single file trains on the main thread and says why', async () => {
    const policy = "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; worker-src 'self'";
    const strict = await serve(dist, 0, { 'content-security-policy': policy });
    try {
      const opened = await newPage();
      const { page } = opened;
      await page.goto(`${strict.url}sae-playground.html#preset=kl-sparse`);
      await trainsAndDraws(page, 'kl-curve');
      assert.equal(await page.evaluate(() => window.sae.host.kind), 'inline');
      assert.equal(await page.locator('#mode').textContent(), 'Training on the main thread.');
      assert.match(await page.locator('.banner[data-id="host"] p').textContent(), /^Training on the main thread: the training worker did not start \(the browser refused to run it from the page's own script, which a Content-Security-Policy may forbid\)/);
      // The browser reports the refused worker itself; nothing else goes wrong.
      assert.deepEqual(opened.errors.filter((e) => !/Content Security Policy/.test(e)), []);
      await page.screenshot({ path: join(root, 'test-results', 'single-file-no-blob-worker.png') });
      await opened.close();
    } finally {
      strict.server.close();
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
