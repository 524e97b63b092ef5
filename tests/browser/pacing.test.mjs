// A slow classroom machine, for real: Chromium's CPU throttling makes frames late while every figure trains
// at full speed, and the page answers as the frame governor says: it draws less detail (the code scatter's
// samples thinned), says so quietly in the header, and gives full detail back when training stops.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertClean, openPage, startBrowser, until } from './helpers.mjs';
import { createFrameGovernor, WARM_UP_MS } from '../../www/frame-governor.js';

/** Runs `governor` over frames `intervals` ms apart (training all along); returns the level after each. */
function play(governor, intervals, start = 1000) {
  let now = start;
  governor.record(now, true);
  return intervals.map((interval) => {
    now += interval;
    return governor.record(now, true).level;
  });
}

/** `seconds` of frames, `late` of them each second 33 ms apart and the rest on time (60 Hz). */
const seconds = (count, late) => Array.from({ length: count }, () => [
  ...Array(late).fill(33.3), ...Array(Math.round((1000 - late * 33.3) / 16.7)).fill(16.7),
]).flat();

describe('the frame governor (no browser)', () => {
  test('start-up costs of a machine that keeps up change nothing', () => {
    const levels = play(createFrameGovernor(), [...Array(8).fill(33.3), ...seconds(10, 0)]);
    assert.ok(levels.every((l) => l === 0), 'eight late frames within the warm-up are not judged');
  });

  test('the more frames a second come late, the more levels at once', () => {
    // A CPU slowed 4× at full detail: 10–22 late frames a second. The first verdict (one second after
    // the warm-up) takes a level per six late frames, not two at most.
    const slow = createFrameGovernor();
    const levels = play(slow, seconds(3, 18));
    const firstVerdict = levels.findIndex((l) => l > 0);
    assert.ok(firstVerdict > 0, 'a verdict came');
    assert.equal(levels[firstVerdict], 4, `18 late frames in a second: level 4 at once, not ${levels[firstVerdict]}`);
    const busy = createFrameGovernor();
    assert.equal(Math.max(...play(busy, seconds(3, 7))), 2, 'seven late frames in a second: two levels');
    const steady = createFrameGovernor();
    const once = play(steady, [...seconds(2, 0), ...seconds(1, 3)]);
    assert.equal(Math.max(...once), 1, 'three late frames in a second: one level');
    assert.ok(WARM_UP_MS < 2000);
  });

  test('calm seconds give a level back', () => {
    const governor = createFrameGovernor();
    const levels = play(governor, [...seconds(3, 7), ...seconds(12, 0)]);
    assert.ok(levels.at(-1) < Math.max(...levels), `given back after calm seconds: ${Math.max(...levels)} → ${levels.at(-1)}`);
  });
});

let session;
before(async () => {
  session = await startBrowser();
});
after(() => session?.close());

describe('pacing on a slow machine', () => {
  test('late frames: thinner scatters and a quiet note; paused: full detail again', async () => {
    // Every panel on screen and drawing, as in `npm run bench:frames`.
    const opened = await openPage(session, '#preset=l1-sparse&speed=max', { width: 1920, height: 1440 });
    const { page, context } = opened;
    // Record the detail each code-scatter draw was asked for.
    await page.evaluate(() => {
      const view = window.sae.view;
      const draw = view.draw.bind(view);
      window.strides = [];
      view.draw = (id, canvas, options) => {
        if (id === 'code') window.strides.push(options.pointStride);
        return draw(id, canvas, options);
      };
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    await page.evaluate(() => window.sae.setPlaying(true));
    await until(page, () => window.sae.pacing.level >= 1, undefined, 30000);
    await until(page, () => window.strides.some((s) => s > 1), undefined, 30000);
    const note = page.locator('#pacing');
    assert.ok(await note.isVisible(), 'the header says why the figures changed');
    assert.match(await note.textContent(), /^(Figures simplified|Training slowed) to keep (them|the figures) smooth\.$/);
    assert.match(await note.getAttribute('title'), /code scatter draws every (2nd|4th) sample/);

    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await page.evaluate(() => {
      window.sae.setPlaying(false);
      window.strides = [];
    });
    // Paused, the page draws at full detail at once (the figures the student now studies are complete).
    await until(page, () => window.strides.length > 0);
    assert.ok(await page.evaluate(() => window.strides.every((s) => s === 1)), 'full detail when paused');
    assertClean(opened);
    await opened.close();
  });

  test('at the last levels the figures still change, less often', async () => {
    // A machine that needed level 3 last time starts there (the level is kept in localStorage).
    const { browser, url } = session;
    const context = await browser.newContext({ viewport: { width: 1920, height: 1440 } });
    await context.addInitScript(() => localStorage.setItem('sae-pacing-level', '3'));
    const page = await context.newPage();
    await page.goto(`${url}#preset=l1-sparse&speed=max`);
    await until(page, () => document.body.dataset.ready === 'true');
    const drawn = await page.evaluate(async () => {
      const view = window.sae.view;
      const draw = view.draw.bind(view);
      let count = 0;
      view.draw = (...args) => {
        count += 1;
        return draw(...args);
      };
      window.sae.setPlaying(true);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      window.sae.setPlaying(false);
      return { count, level: window.sae.pacing.level };
    });
    // Level 3 draws 2 ms a frame and each figure at most twice a second: fewer draws, never none.
    assert.equal(drawn.level, 3);
    assert.ok(drawn.count >= 6, `figures drawn in three seconds at level 3: ${drawn.count}`);
    assert.ok(await page.locator('#pacing').isVisible(), 'the header says why');
    await context.close();
  });
});
