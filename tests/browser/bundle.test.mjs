// The module page runs the bundle (dist/app/, scripts/build-bundle.mjs): its first view fetches the entry,
// its chunks and the training worker and none of the parts only some visitors open; opening the lesson or the
// compare picker fetches its chunk; a chunk that cannot be fetched is explained and the page keeps working;
// nothing leaves the page's origin.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertClean, openPage, startBrowser, until } from './helpers.mjs';

let session;
before(async () => {
  session = await startBrowser();
});
after(() => session?.close());

/** The paths (below the server's root) of the JavaScript files requested so far. */
const scripts = (requests) => requests.map((url) => new URL(url).pathname).filter((path) => path.endsWith('.js'));

const ON_DEMAND = /^\/app\/(lesson|compare-picker|embed-builder|formula-card|probe-study)-[A-Z0-9]+\.js$/;

describe('the bundled module page', () => {
  test('its first view fetches the bundle, not the unbundled modules nor the on-demand chunks', async () => {
    const opened = await openPage(session);
    try {
      const fetched = scripts(opened.requests);
      assert.ok(fetched.includes('/app/app.js'), fetched.join('\n'));
      assert.ok(fetched.includes('/app/training-worker.js'), 'the worker is the bundled one');
      assert.deepEqual(fetched.filter((path) => ON_DEMAND.test(path) || path === '/app/probe-worker.js'), [], 'no on-demand chunk');
      assert.deepEqual(fetched.filter((path) => path.startsWith('/www/') && path !== '/www/boot.js'), [], 'no unbundled module');
      assert.equal(await opened.page.evaluate(() => window.sae.host.kind), 'worker');
      // The worker trains on the page's compiled core: the wasm is fetched once, not once more by the worker.
      await opened.page.evaluate(() => window.sae.stage.step(5));
      const wasm = opened.requests.filter((url) => new URL(url).pathname.endsWith('_bg.wasm'));
      assert.equal(wasm.length, 1, wasm.join('\n'));
      assertClean(opened);
    } finally {
      await opened.close();
    }
  });

  test('the lesson and the compare picker fetch their chunks when opened, and work', async () => {
    // A laptop's height: the lesson must open in view.
    const opened = await openPage(session, '', { height: 700 });
    const { page } = opened;
    try {
      await page.click('#compare');
      await page.waitForSelector('#compare-setting', { state: 'visible' });
      assert.ok(scripts(opened.requests).some((path) => /^\/app\/compare-picker-/.test(path)));
      await page.keyboard.press('Escape');
      await page.click('#lesson-link');
      await until(page, () => window.sae.lesson?.status.step && !document.getElementById('walk').hidden);
      assert.ok(scripts(opened.requests).some((path) => /^\/app\/lesson-/.test(path)), 'the lesson chunk was fetched');
      assert.ok(!scripts(opened.requests).some((path) => /^\/app\/probe-study-/.test(path)), 'the probe study waits for its step');
      const top = await page.evaluate(() => document.getElementById('walk').getBoundingClientRect().top);
      assert.ok(top >= 0 && top < 700, `the lesson opens in view (its top at ${top} px)`);
      assertClean(opened);
    } finally {
      await opened.close();
    }
  });

  test('a chunk that cannot be fetched is explained, and the page keeps working', async () => {
    const opened = await openPage(session);
    const { page, context } = opened;
    try {
      await context.route(/\/app\/lesson-[A-Z0-9]+\.js$/, (route) => route.abort('internetdisconnected'));
      await page.click('#lesson-link');
      const banner = page.locator('[data-id="load-lesson"]');
      await banner.waitFor();
      const text = await banner.locator('p').textContent();
      assert.match(text, /^The lesson could not be loaded \(.+\)\. Reload the page to try again; the rest of the playground keeps working\.$/);
      assert.equal(await page.evaluate(() => window.sae.lesson), null);
      const before = await page.evaluate(() => window.sae.view.summary().step);
      await page.click('#step');
      await until(page, (n) => window.sae.view.summary().step > n, before);
    } finally {
      await opened.close();
    }
  });
});
