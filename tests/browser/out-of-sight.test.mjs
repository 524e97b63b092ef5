// Training rests while nobody can see the page, so that a classroom machine's cores go to the page in front
// of the student: a hidden tab's session (either host) stops taking steps, keeps showing Pause, trains on
// when the tab shows again and says how long it rested; an embedded figure further down a course page
// starts training only once it is scrolled into view, and rests again when scrolled away.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serve } from '../../scripts/serve.mjs';
import { root } from '../../scripts/tools.mjs';
import { WAIT, assertClean, openPage, startBrowser, until } from './helpers.mjs';

let session;
before(async () => {
  session = await startBrowser();
});
after(() => session?.close());

/** The session's step once every step the host has taken has reached the page (a zero-step request is
 * answered behind them, with the state). */
const settledStep = (frame) => frame.evaluate(async () => {
  await window.sae.stage.step(0);
  return window.sae.view.summary().step;
});

/** Makes the page's tab hidden or showing, as the browser does when another tab is chosen. */
const setTabShowing = (page, showing) => page.evaluate((showing) => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (showing ? 'visible' : 'hidden') });
  document.dispatchEvent(new Event('visibilitychange'));
}, showing);

/** Asserts that `frame` takes no step for a second. */
async function rests(frame) {
  const before = await settledStep(frame);
  await frame.waitForTimeout(1000);
  assert.equal(await settledStep(frame), before, 'no step while out of sight');
  assert.equal(await frame.evaluate(() => window.sae.stage.playing), true, 'it still plays (shows Pause)');
  return before;
}

describe('out of sight, training rests', () => {
  for (const host of ['worker', 'inline']) {
    test(`a hidden tab's session rests and trains on when shown again (${host})`, async () => {
      const opened = await openPage(session, `#preset=kl-sparse&host=${host}`);
      const { page } = opened;
      await page.evaluate(() => window.sae.setPlaying(true));
      await until(page, () => window.sae.view.summary().step > 100);
      await setTabShowing(page, false);
      const stoppedAt = await rests(page);
      await page.waitForTimeout(1200);
      assert.equal(await page.locator('#play').textContent(), '❚❚ Pause');
      await setTabShowing(page, true);
      await until(page, (n) => window.sae.view.summary().step > n + 100, stoppedAt);
      const note = page.locator('#rest-note');
      assert.ok(await note.isVisible(), 'back in sight after more than two seconds, the page says it rested');
      assert.match(await note.textContent(), /^Training rested \d s while this page was out of sight\.$/);
      await page.screenshot({ path: join(root, 'test-results', `rested-${host}.png`), clip: { x: 0, y: 0, width: 1280, height: 140 } });
      assertClean(opened);
      await opened.close();
    });
  }

  test('an embedded figure further down a course page trains once scrolled into view, and rests when scrolled away', async () => {
    const course = await serve(join(root, 'tests', 'browser'));
    try {
      const context = await session.browser.newContext({ viewport: { width: 900, height: 800 } });
      context.setDefaultTimeout(WAIT);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      const src = `${session.url}index.html#preset=kl-sparse&panels=kl-curve&controls=rho&autoplay=1`;
      await page.goto(`${course.url}course-long-page.html#${encodeURIComponent(src)}`);
      let frame;
      while (!(frame = page.frames().find((f) => f.url().startsWith(session.url)))) await page.waitForTimeout(50);
      // Polled by time: an iframe off the screen gets no animation frames (Playwright's default polling).
      await frame.waitForFunction(() => document.body.dataset.ready === 'true' && window.sae.stage.playing, null, { timeout: WAIT, polling: 100 });
      // Below the first screen: asked to play at once, it waits for the reader.
      assert.equal(await rests(frame), 0, 'not a step before it is seen');
      await page.locator('#playground').scrollIntoViewIfNeeded();
      await frame.waitForFunction(() => window.sae.view.summary().step > 100, null, { timeout: WAIT, polling: 100 });
      await page.evaluate(() => window.scrollTo(0, 0));
      // The frame learns it left the screen at its next rendering (a frame or so after the scroll).
      await frame.waitForFunction(() => !window.sae.stage.inSight, null, { timeout: WAIT, polling: 100 });
      await rests(frame);
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      course.server.close();
    }
  });
});
