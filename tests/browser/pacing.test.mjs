// A slow classroom machine, for real: Chromium's CPU throttling makes frames late while every figure trains
// at full speed, and the page answers as the frame governor says: it draws less detail (the code scatter's
// samples thinned), says so quietly in the header, and gives full detail back when training stops.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertClean, openPage, startBrowser, until } from './helpers.mjs';

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

  test('a first visit starts from the machine\'s measured speed, not from dropped frames', async () => {
    const opened = await openPage(session, '#preset=l1-sparse&speed=max', { width: 1920, height: 1440 });
    const { page, context } = opened;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    // The first Play measures the page's thread (about 6 times slower than the reference machine) and
    // starts at a level that holds frames, before the governor could have judged a single window.
    const startedIn = await page.evaluate(async () => {
      const start = performance.now();
      window.sae.setPlaying(true);
      await new Promise((resolve) => {
        const check = () => (window.sae.pacing.level >= 3 ? resolve() : requestAnimationFrame(check));
        requestAnimationFrame(check);
      });
      return performance.now() - start;
    });
    const { WARM_UP_MS } = await page.evaluate(() => import('./www/frame-governor.js'));
    assert.ok(startedIn < WARM_UP_MS + 1000, `level 3 after ${Math.round(startedIn)} ms: before the first verdict`);
    assert.ok(await page.locator('#pacing').isVisible(), 'and says so');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await page.evaluate(() => window.sae.setPlaying(false));

    const found = await page.evaluate(async () => {
      const { WARM_UP_MS, createFrameGovernor } = await import('./www/frame-governor.js');
      const { mainThreadSlowdown, startingLevel } = await import('./www/machine-speed.js');
      // The guess is asked once, at the first frame of training, not while paused.
      let asked = 0;
      const guessed = createFrameGovernor({ firstGuess: () => { asked += 1; return 3; } });
      let now = 0;
      const run = (governor, ms, active = true) => {
        for (let t = 0; t < ms; t += 16.7) governor.record((now += 16.7), active);
        return governor.pacing.level;
      };
      const paused = [run(guessed, 2000, false), asked];
      const playing = [run(guessed, 100), asked];
      // A guessed level is given back as a kept one is: after ten calm seconds, not five.
      const calm = [run(guessed, WARM_UP_MS + 6000), run(guessed, 5000), asked];
      // A level kept from an earlier visit outranks a guess; a guess that makes no sense is ignored.
      const keptZero = createFrameGovernor({ memory: { read: () => 0, write() {} }, firstGuess: () => { asked += 1; return 3; } });
      const kept = [run(keptZero, 100), asked];
      const nonsense = [NaN, 'x', -2, 9].map((value) => run(createFrameGovernor({ firstGuess: () => value }), 100));
      // The measure: the shortest of its runs against the reference machine's time.
      let clock = 0;
      const fakeClock = mainThreadSlowdown(() => (clock += 0.95));
      const levels = [0.5, 1, 1.7, 2.4, 4, 6].map(startingLevel);
      return { paused, playing, calm, kept, nonsense, fakeClock, levels, here: mainThreadSlowdown() };
    });
    assert.deepEqual(found.paused, [0, 0], 'paused: not asked');
    assert.deepEqual(found.playing, [3, 1], 'the first frame of training: asked once');
    assert.deepEqual(found.calm, [3, 2, 1], 'six calm seconds keep the guess, eleven give one level back');
    assert.deepEqual(found.kept, [0, 1], 'a kept level: no guess');
    assert.deepEqual(found.nonsense, [0, 0, 0, 4]);
    assert.ok(Math.abs(found.fakeClock - 1) < 1e-9, `a clock that moves 0.95 ms per reading: slow-down 1 (${found.fakeClock})`);
    assert.deepEqual(found.levels, [0, 0, 1, 1, 3, 3]);
    assert.ok(found.here > 0 && Number.isFinite(found.here), `a real measure: ${found.here}`);
    assertClean(opened);
    await opened.close();
  });
});
