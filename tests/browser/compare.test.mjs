// Compare mode: two sessions training at once on the same data and seed, differing in one setting, both
// in one Web Worker. Opened by URL and from the "Compare…" dialog; paired figures labelled with each
// session's value; shared controls reach both, the differing one stays different; a bad comparison falls
// back to one session with a banner; per-session divergence banners; a phone-width layout.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MIN_VARIANCE, PANEL_IDS, assertClean, canvasVariance, frames, openPage, screenshot, startBrowser, until, untilHash } from './helpers.mjs';

let session;
before(async () => {
  session = await startBrowser();
});
after(() => session?.close());

const COMPARE = '#preset=l1-sparse&compare=penalty:none,l1';

/** Each session's step, config and label. */
function sessions(page) {
  return page.evaluate(() => window.sae.stage.sessions.map((s) => ({ step: s.view.summary().step, config: s.view.config(), label: s.label, kind: s.host.kind })));
}

/** Plays until both sessions have passed `steps`, then pauses (settled). */
async function trainBoth(page, steps) {
  await page.evaluate(() => window.sae.setPlaying(true));
  await until(page, (n) => window.sae.stage.sessions.every((s) => s.view.summary().step >= n), steps);
  await page.evaluate(() => window.sae.stage.pause());
}

/** Waits (up to 20 s) until a panel's canvas has content (`canvasVariance` past MIN_VARIANCE); `id` is
 * the panel's id with `-b` for session B's figure. Returns the last variance seen. */
async function figureDrawn(page, id) {
  const end = Date.now() + 20000;
  let variance = 0;
  while (Date.now() < end) {
    variance = await canvasVariance(page, id);
    if (variance > MIN_VARIANCE) break;
    await frames(page, 2);
  }
  return variance;
}

describe('compare mode', () => {
  test('by URL: two sessions in one worker train at a similar rate, every figure drawn in both columns', async () => {
    const opened = await openPage(session, COMPARE, { width: 1400, height: 2400 });
    const { page } = opened;
    const before = await sessions(page);
    assert.equal(before.length, 2, 'two sessions');
    assert.deepEqual(before.map((s) => s.kind), ['worker', 'worker']);
    assert.deepEqual(before.map((s) => s.config.penalty), ['none', 'l1']);
    assert.equal(before[0].config.seed, before[1].config.seed, 'the same seed');
    assert.equal(before[0].config.dataset, before[1].config.dataset, 'the same data');
    assert.match(before[0].label, /Penalty none/);
    assert.match(before[1].label, /L1.*λ = /, 'B names its penalty and λ');
    assert.equal(await page.evaluate(() => window.sae.stage.playing), false);
    // One figure pair per panel, each figure tagged with its session.
    assert.equal(await page.locator('#panels .pair[data-panel]').count(), PANEL_IDS.length);
    assert.match(await page.locator(`#panel-${PANEL_IDS[0]} .session-tag`).textContent(), /^A · Penalty none/);
    assert.match(await page.locator(`#panel-${PANEL_IDS[0]}-b .session-tag`).textContent(), /^B · Penalty L1/);
    await untilHash(page, /compare=penalty:none,l1/);

    // Both train, at a similar rate (the worker gives each an equal share of its time).
    await trainBoth(page, 300);
    const trained = await sessions(page);
    const ratio = trained[0].step / trained[1].step;
    assert.ok(ratio > 0.4 && ratio < 2.5, `similar rates: A ${trained[0].step} steps, B ${trained[1].step}`);
    // Paused, the next frame shows each session's last step (the read-outs are drawn by frames, not by
    // the pause itself: reading them straight after pausing can catch the frame before).
    assert.equal(await page.locator('.session-counters').count(), 2);
    const steps = trained.map((s) => s.step);
    const counters = await until(page, (expected) => {
      const texts = [...document.querySelectorAll('.session-counters')].map((node) => node.textContent);
      return texts.every((text, i) => text.startsWith(`step ${expected[i]} `)) && texts;
    }, steps).catch(() => page.locator('.session-counters').allTextContents());
    counters.forEach((text, i) => assert.match(text, new RegExp(`^step ${steps[i]} `), `session ${i} counters: ${text}`));

    for (const id of PANEL_IDS) {
      await page.locator(`#panels .pair[data-panel="${id}"]`).scrollIntoViewIfNeeded();
      for (const figure of [id, `${id}-b`]) {
        const variance = await figureDrawn(page, figure);
        assert.ok(variance > MIN_VARIANCE, `${figure} looks blank (pixel variance ${variance.toFixed(1)})`);
      }
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await frames(page, 3);
    await screenshot(page, 'compare-desktop', { fullPage: false });
    assertClean(opened);
    await opened.close();
  });

  test('a shared control reaches both sessions; the differing setting has a control per session', async () => {
    const opened = await openPage(session, COMPARE, { width: 1280, height: 1600 });
    const { page } = opened;
    // The shared controls leave the compared setting out; each session has its own.
    assert.equal(await page.locator('#controls [data-key="penalty"]').count(), 0);
    assert.equal(await page.locator('#s-penalty-a').inputValue(), 'none');
    assert.equal(await page.locator('#s-penalty-b').inputValue(), 'l1');

    await page.locator('#controls [data-key="learningRate"] input.exact').fill('0.003');
    await page.locator('#controls [data-key="learningRate"] input.exact').press('Enter');
    await until(page, () => window.sae.stage.sessions.every((s) => s.view.config().learningRate === 0.003));
    assert.deepEqual((await sessions(page)).map((s) => s.config.penalty), ['none', 'l1'], 'still different');

    await page.selectOption('#s-penalty-b', 'topk');
    // The label follows the setting once the stage has applied it (CI once read it in between).
    await until(page, () => window.sae.stage.sessions[1].view.config().penalty === 'topk' && /TopK/.test(window.sae.stage.sessions[1].label));
    const after = await sessions(page);
    assert.equal(after[0].config.penalty, 'none', 'A keeps its value');
    assert.match(after[1].label, /TopK/);
    assert.match(await page.locator('.session-b .session-title').textContent(), /TopK/);
    await untilHash(page, /compare=penalty:none,topk/);

    // The API refuses the compared setting as a shared one, and changes nothing.
    const refused = await page.evaluate(() => window.sae.stage.set({ penalty: 'kl' }).then(() => 'applied', (e) => e.message));
    assert.match(refused, /setting being compared/);
    assert.deepEqual((await sessions(page)).map((s) => s.config.penalty), ['none', 'topk']);
    assertClean(opened);
    await opened.close();
  });

  test('a divergence names its session, and only that session has the banner', async () => {
    const opened = await openPage(session, `${COMPARE}&speed=max`, { width: 1280, height: 1200 });
    const { page } = opened;
    await page.evaluate(() => window.sae.stage.setSession(1, { optimizer: 'sgd', learningRate: 100 }));
    await page.evaluate(() => window.sae.setPlaying(true));
    await until(page, () => document.querySelector('.banner.diverged[data-id="diverged-b"]') && !window.sae.playing);
    assert.match(await page.locator('.banner.diverged p').textContent(), /^Session B \(Penalty L1.*\): Training diverged at step \d+/);
    assert.equal(await page.locator('.banner.diverged').count(), 1);
    assert.equal((await sessions(page))[0].config.optimizer !== 'sgd', true);
    assertClean(opened);
    await opened.close();
  });

  test('a list setting compares with | between the values, an empty list included, and survives the URL', async () => {
    const opened = await openPage(session, '#compare=encoderLayers:|16,8', { width: 1000, height: 900 });
    const { page } = opened;
    assert.deepEqual((await sessions(page)).map((s) => s.config.encoderLayers), [[], [16, 8]]);
    await untilHash(page, /compare=encoderLayers:\|16,8/);
    assert.equal(await page.locator('#banners .banner').count(), 0);
    await opened.close();
  });

  test('a bad comparison in the URL gives a banner and one session', async () => {
    for (const [hash, id, pattern] of [
      ['#compare=penalty:none,l2', 'compare', /"l2".*Showing one session\.$/],
      ['#compare=lambda:0.1,-3', 'compare', /λ|L1 strength|lambda/],
      ['#compare=nosuch:1,2', 'compare', /no setting called "nosuch".*Showing one session\.$/],
      ['#compare=rho:0.1', 'url-0', /exactly two values.*showing one session\.$/],
    ]) {
      const opened = await openPage(session, hash, { width: 1000, height: 900 });
      const { page } = opened;
      const text = await page.locator(`.banner[data-id="${id}"] p`).textContent();
      assert.match(text, pattern, `${hash}: ${text}`);
      assert.equal((await sessions(page)).length, 1, `${hash}: one session`);
      assert.equal(await page.locator('#panels .pair').count(), 0);
      await untilHash(page, /^(?!.*compare)/);
      await opened.close();
    }
  });

  test('the Compare… dialog starts and ends a comparison; a refused value is explained in it', async () => {
    const opened = await openPage(session, '#preset=kl-sparse', { width: 1280, height: 1200 });
    const { page } = opened;
    await page.click('#compare');
    await page.selectOption('#compare-setting', 'rho');
    await page.fill('#compare-value-a', '0.05');
    await page.fill('#compare-value-b', '7');
    await page.click('#compare-start');
    assert.match(await page.locator('.compare-problem').textContent(), /ρ|rho|Target/);
    assert.ok(await page.locator('#compare-dialog').isVisible(), 'the dialog stays open');
    await screenshot(page, 'compare-dialog', { fullPage: false });
    await page.fill('#compare-value-b', '0.3');
    await page.click('#compare-start');
    await until(page, () => window.sae.stage.sessions.length === 2);
    assert.deepEqual((await sessions(page)).map((s) => s.config.rho), [0.05, 0.3]);
    assert.deepEqual((await sessions(page)).map((s) => s.label), ['ρ = 0.05', 'ρ = 0.3']);
    await trainBoth(page, 50);

    await page.click('#compare');
    await page.click('#compare-single');
    await until(page, () => window.sae.stage.sessions.length === 1);
    assert.equal(await page.locator('#panels .pair').count(), 0);
    await untilHash(page, /^(?!.*compare)/);
    assertClean(opened);
    await opened.close();
  });

  test('on the main thread the two sessions split the frame budget and both train', async () => {
    const opened = await openPage(session, `${COMPARE}&host=inline`, { width: 1280, height: 1200 });
    const { page } = opened;
    assert.deepEqual((await sessions(page)).map((s) => s.kind), ['inline', 'inline']);
    await trainBoth(page, 100);
    const [a, b] = await sessions(page);
    assert.ok(a.step / b.step > 0.4 && a.step / b.step < 2.5, `similar rates: A ${a.step}, B ${b.step}`);
    assertClean(opened);
    await opened.close();
  });

  test('the frame governor: late frames while training slow it down, on-time frames give speed back, the level is kept for the next visit', async () => {
    const opened = await openPage(session, '#panels=loss&controls=hide', { width: 800, height: 600 });
    const { page } = opened;
    const levels = await page.evaluate(async () => {
      const { WARM_UP_MS, WARM_UP_EXCUSED, createFrameGovernor } = await import('./www/frame-governor.js');
      const changes = [];
      const governor = createFrameGovernor({ onChange: (pacing) => changes.push(pacing.level) });
      let now = 0;
      /** `ms` milliseconds of frames `interval` ms apart. */
      const run = (ms, interval, active = true) => {
        for (let t = 0; t < ms; t += interval) governor.record((now += interval), active);
        return governor.pacing;
      };
      const paused = run(5000, 40, false).level;
      // Right after Play the first draws and the compiler's tier-up are late a few times; not the machine's pace.
      for (let n = 0; n < WARM_UP_EXCUSED; n++) governor.record((now += 40), true);
      const warmingUp = run(WARM_UP_MS, 16.7).level;
      // Late by what a figure's first draw took (its code compiled on first use), however often: not
      // the pace; late by more: the pace (see atOnce below).
      for (let n = 0; n < 10; n++) governor.record((now += 50), true, 15);
      const afterFirstDraws = governor.pacing.level;
      // Then 3 late frames: the next level at once, in the middle of a second.
      for (let n = 0; n < 3; n++) governor.record((now += 25), true);
      const atOnce = governor.pacing.level;
      // 7 more late frames: the 4 in the first tenth of a second after the change were under way at the
      // level before; 3 after it take the next level.
      for (let n = 0; n < 57; n++) governor.record((now += n < 7 ? 25 : 16.5), true);
      const late = governor.pacing;
      const busy = { level: late.level, share: late.trainingShare, interval: late.panelIntervalMs, stride: late.pointStride };
      const lateOnce = run(4000, 16.7).level;
      const recovered = run(10000, 16.7).level;
      // Late again right after the last level came back: back to that level only (not two at once), and
      // it is given back only after ten calm seconds this time, not five.
      run(1000, 25);
      const stillHeld = run(6000, 16.7).level;
      const givenBack = run(6000, 16.7).level;
      // A steady few late frames a second (as on a CPU slowed 4×) call for the next level, one every
      // three seconds is let be.
      const steady = (seconds, latePerSecond, everySeconds = 1) => {
        for (let n = 0; n < 60 * seconds; n++) {
          governor.record((now += n % (60 * everySeconds) < latePerSecond ? 25 : 16.2), true);
        }
        return governor.pacing.level;
      };
      const oneInThree = steady(9, 1, 3);
      const oneASecond = steady(4, 1);
      const twoASecond = steady(3, 2);
      // The level is kept: the next visit starts where the machine needed to be (and says so), a new stage
      // keeps it, and a kept value that makes no sense is ignored.
      const kept = { value: null, read() { return this.value; }, write(level) { this.value = level; } };
      const slow = createFrameGovernor({ memory: kept });
      now = 0;
      for (let t = 0; t < 5000; t += 25) slow.record((now += 25), true);
      const keptValue = kept.value;
      const announced = [];
      const nextVisit = createFrameGovernor({ memory: kept, onChange: (pacing) => announced.push(pacing.level) });
      const startsAt = nextVisit.pacing.level;
      nextVisit.reset();
      const afterReset = nextVisit.pacing.level;
      const announcedAtStart = [...announced];
      // A kept level is known to be needed: ten calm seconds give it back, not five.
      now = 0;
      const calmFor = (ms) => {
        for (let t = 0; t < ms; t += 16.7) nextVisit.record((now += 16.7), true);
        return nextVisit.pacing.level;
      };
      const calmKept = [calmFor(WARM_UP_MS + 6000), calmFor(5000)];
      // A second whose every frame is late (a CPU slowed 4× at full detail): a level for every six, the
      // last level at once.
      const allLate = createFrameGovernor();
      now = 0;
      for (let t = 0; t < WARM_UP_MS + 1100; t += 25) allLate.record((now += 25), true);
      // A slow machine is late from the first frame after Play: 3 late frames beyond the warm-up's few
      // take the next level within its first quarter of a second.
      const slowStart = createFrameGovernor();
      now = 0;
      slowStart.record(now, false);
      for (let n = 0; n < WARM_UP_EXCUSED + 3; n++) slowStart.record((now += 30), true);
      // The same while the figures are drawn for the first time, by more than their first draws explain.
      const slowFirstDraws = createFrameGovernor();
      slowFirstDraws.record(0, false);
      for (let n = 1; n <= WARM_UP_EXCUSED + 3; n++) slowFirstDraws.record(70 * n, true, 20);
      // Right after a level is given back, 2 late frames take it again (the try costs 2 late frames, not
      // 4); two seconds later 2 are let be, as before.
      const probed = (calmAfterMs) => {
        const probe = createFrameGovernor({ memory: { read: () => 1, write() {} } });
        let at = 0;
        while (probe.pacing.level > 0 && at < 30000) probe.record((at += 16.7), true);
        for (let t = 0; t < calmAfterMs; t += 16.7) probe.record((at += 16.7), true);
        for (let n = 0; n < 2; n++) probe.record((at += 25), true);
        return probe.pacing.level;
      };
      const probe = { atOnce: probed(300), later: probed(2500) };
      const nonsense = ['x', 99, -3, 1.5, null].map((value) => createFrameGovernor({ memory: { read: () => value, write() {} } }).pacing.level);
      const memory = { kept: keptValue, slowLevel: slow.pacing.level, startsAt, afterReset, calmKept, announced: announcedAtStart, nonsense };
      return { paused, warmingUp, afterFirstDraws, atOnce, slowStart: { level: slowStart.pacing.level, ms: now }, slowFirstDraws: slowFirstDraws.pacing.level, allLate: allLate.pacing.level, busy, lateOnce, recovered, stillHeld, givenBack, oneInThree, oneASecond, twoASecond, changes, memory, probe };
    });
    assert.equal(levels.paused, 0, 'late frames while paused are not the training\'s fault');
    assert.equal(levels.warmingUp, 0, 'a few late frames in the warm-up after Play are start-up costs');
    assert.equal(levels.afterFirstDraws, 0, 'frames late after a figure\'s first draw are one-off costs');
    assert.equal(levels.slowStart.level, 1, 'late beyond those from the first frame: the next level within the warm-up');
    assert.ok(levels.slowStart.ms < 300, `within ${levels.slowStart.ms} ms of Play`);
    assert.equal(levels.slowFirstDraws, 1, 'late by more than the first draws explain: the next level too');
    assert.equal(levels.atOnce, 1, 'three late frames after the warm-up take the next level at once');
    assert.equal(levels.busy.level, 2, 'three more, once the frames under way at the level before have come: the next');
    assert.equal(levels.allLate, 4, 'every frame of a second late: a level for every three late frames, the last within the second');
    assert.ok(levels.busy.share < 1 && levels.busy.interval > 0 && levels.busy.stride > 1, 'less training, rarer redraws, fewer points');
    assert.equal(levels.lateOnce, 2, 'a level is given back only after five calm seconds');
    assert.equal(levels.recovered, 0);
    assert.equal(levels.stillHeld, 1, 'a relapse, however late, goes back one level; six calm seconds later it is still held');
    assert.equal(levels.givenBack, 0, 'twelve: given back');
    assert.equal(levels.oneInThree, 0, 'one late frame every three seconds: no change');
    assert.equal(levels.oneASecond, 1, 'a steady late frame a second: the next level');
    assert.ok(levels.twoASecond > 1, `two late frames a second: a higher level still (${levels.twoASecond})`);
    assert.deepEqual(levels.changes.slice(0, 6), [1, 2, 1, 0, 1, 0]);
    assert.deepEqual(levels.probe, { atOnce: 1, later: 0 }, 'a level given back: 2 late frames within 2 s take it again, later they do not');
    const { memory } = levels;
    assert.equal(memory.kept, memory.slowLevel, 'the level reached is kept');
    assert.ok(memory.slowLevel >= 3, `five slow seconds: a high level (${memory.slowLevel})`);
    assert.equal(memory.startsAt, memory.kept, 'the next visit starts at the kept level');
    assert.deepEqual(memory.announced, [memory.kept], 'and says so once');
    assert.equal(memory.afterReset, memory.kept, 'a new stage keeps it');
    assert.deepEqual(memory.calmKept, [memory.kept, memory.kept - 1], 'a kept level: six calm seconds keep it, eleven give one back');
    assert.deepEqual(memory.nonsense, [0, 4, 0, 0, 0], 'nonsense kept values: full speed, or the last level');
    await opened.close();
  });

  test('phone width: each figure of A stacked above the same figure of B, no sideways scrolling', async () => {
    const opened = await openPage(session, COMPARE, { width: 390, height: 844, deviceScaleFactor: 2 });
    const { page } = opened;
    await trainBoth(page, 50);
    const id = PANEL_IDS[0];
    const a = await page.locator(`#panel-${id}`).boundingBox();
    const b = await page.locator(`#panel-${id}-b`).boundingBox();
    assert.ok(Math.abs(a.x - b.x) < 2 && b.y >= a.y + a.height - 1, `stacked: A ${JSON.stringify(a)}, B ${JSON.stringify(b)}`);
    const widths = await page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth }));
    assert.ok(widths.scroll <= widths.inner, `no horizontal scroll (${widths.scroll} > ${widths.inner})`);
    assert.ok(await canvasVariance(page, id) > MIN_VARIANCE);
    await screenshot(page, 'compare-phone', { fullPage: false });
    await page.locator(`#panel-${id}-b`).scrollIntoViewIfNeeded();
    await screenshot(page, 'compare-phone-b', { fullPage: false });
    assertClean(opened);
    await opened.close();
  });
});
