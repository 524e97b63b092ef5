// The lesson, walked as a student would: every step's figures drawn (pixels), every checkpoint reached by
// driving the page (Play, the step's sliders and boxes), feedback shown; deep links; keyboard-only
// navigation; progress kept across a reload; phone width. Screenshots of every step go to test-results/.
//
// LESSON_SPEED=20 runs the walk at the page's default speed and prints how long each checkpoint took
// (the numbers in the README); the default here is the fastest speed, to keep the file quick.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { MIN_VARIANCE, WAIT, artifacts, frames, openPage, startBrowser, until } from './helpers.mjs';
import { serve } from '../../scripts/serve.mjs';
import { root } from '../../scripts/tools.mjs';

let session;
before(async () => {
  session = await startBrowser();
});
after(() => session?.close());

const SPEED = process.env.LESSON_SPEED ?? 'max';

/** Variance of a canvas's grey levels (0 for a blank canvas). */
function variance(page, selector) {
  return page.evaluate((sel) => {
    const canvas = document.querySelector(sel);
    if (!canvas || canvas.width === 0) return 0;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < data.length; i += 4) {
      const v = (data[i] + data[i + 1] + data[i + 2]) / 3;
      sum += v;
      sum2 += v * v;
    }
    const n = data.length / 4;
    return sum2 / n - (sum / n) ** 2;
  }, selector);
}

/** Every figure the current step shows (both sessions when comparing, and its own figure) has pixels. */
async function assertFiguresDrawn(page, id) {
  const canvases = await page.evaluate(() => [...document.querySelectorAll('#panels canvas, #walk canvas')]
    .map((c) => (c.closest('figure').id ? `#${c.closest('figure').id} canvas` : `#${c.id}`)));
  for (const selector of canvases) {
    await page.locator(selector).scrollIntoViewIfNeeded();
    // Drawing may take a few frames (a panel waits for its turn in the frame's budget).
    const deadline = Date.now() + 20000;
    let drawn = await variance(page, selector);
    while (drawn <= MIN_VARIANCE && Date.now() < deadline) {
      await frames(page, 2);
      drawn = await variance(page, selector);
    }
    assert.ok(drawn > MIN_VARIANCE, `${id}: ${selector} looks blank (variance ${drawn.toFixed(1)})`);
  }
  return canvases.length;
}

const status = (page) => page.evaluate(() => window.sae.lesson.status);

/** Types `value` into a setting's exact box (what a student does for a precise number). */
async function setExact(page, key, value) {
  const box = page.locator(`.setting[data-key="${key}"] input.exact`).first();
  await box.fill(String(value));
  await box.press('Enter');
}

/** Drags a range input to `value` by keyboard-free means: fill, which fires input and change. */
async function slide(page, selector, value) {
  await page.locator(selector).fill(String(value));
}

/** What the student does in each step to reach its checkpoint. */
const DRIVE = {
  autoencoder: (page) => page.click('#play'),
  'linear-pca': (page) => page.click('#play'),
  nonlinear: (page) => page.click('#play'),
  'no-bottleneck': async (page) => {
    await page.click('#play');
    await setExact(page, 'lambda', 0.02);
  },
  'why-l1': async (page) => {
    await slide(page, '#walk-start', 1);
    await slide(page, '#walk-lambda', 1.5);
  },
  objective: async (page) => {
    await page.click('#play');
    await until(page, () => window.sae.stage.sessions[0].view.summary().step > 300);
    await setExact(page, 'lambda', 0.01);
  },
  kl: async (page) => {
    await setExact(page, 'rho', 0.2);
    await page.click('#play');
  },
  measured: async (page) => {
    await page.click('#play');
    // The live recovery first; then the study (its quick, test-only size).
    await until(page, () => window.sae.lesson.status.task === 1, null, 120000);
    await page.evaluate(() => {
      window.sae.lesson.studyOptions = { quick: true };
    });
    await page.click('.walk-study-run');
  },
};

describe('the lesson', () => {
  test('a student walks every step: figures drawn, every checkpoint reached, feedback shown', async () => {
    const opened = await openPage(session, `#lesson=autoencoder&speed=${SPEED}`, { width: 1280, height: 1600 });
    const { page } = opened;
    const ids = await page.evaluate(async () => (await import('./www/lesson/steps.js')).steps.map((s) => s.id));
    const timings = [];
    for (const [i, id] of ids.entries()) {
      await until(page, (want) => window.sae.lesson.status.step === want && window.sae.stage.sessions.length > 0, id);
      assert.match(page.url(), new RegExp(`#lesson=${id}`), 'the URL names the step');
      assert.equal(await page.locator('.walk-steps [aria-current="step"]').getAttribute('data-step'), id);
      const drawn = await assertFiguresDrawn(page, id);
      assert.ok(drawn >= 1 || id === 'measured', `${id}: at least one figure`);
      await page.evaluate(() => window.scrollTo(0, 0));
      const started = Date.now();
      await DRIVE[id](page);
      await until(page, () => window.sae.lesson.status.met, null, 120000).catch(async () => {
        const progress = await page.locator('.walk-progress').textContent();
        assert.fail(`${id}: checkpoint not reached (${progress})`);
      });
      timings.push({ id, seconds: (Date.now() - started) / 1000 });
      assert.match(await page.locator('.walk-feedback').textContent(), /^✓ /, `${id}: feedback shown`);
      assert.ok(await page.locator(`.walk-steps [data-step="${id}"]`).evaluate((a) => a.parentElement.classList.contains('done')), `${id}: marked done in the step list`);
      if (id === 'measured') {
        // The study's table and its reading, from the core's numbers.
        assert.equal(await page.locator('.walk-study-results table').count(), 2, 'the probe table and the recovery table');
        assert.ok((await page.locator('.walk-verdict').count()) >= 2, 'a verdict is written');
      }
      await page.evaluate(() => window.sae.stage.pause());
      await frames(page, 3);
      await page.screenshot({ path: join(artifacts, `lesson-${i + 1}-${id}.png`) });
      if (i + 1 < ids.length) {
        // Keyboard: → from the page body moves on.
        await page.evaluate(() => document.activeElement?.blur());
        await page.keyboard.press('ArrowRight');
      }
    }
    console.log(`checkpoint times at speed ${SPEED}: ${timings.map((t) => `${t.id} ${t.seconds.toFixed(1)} s`).join(', ')}`);
    assert.deepEqual(opened.errors, [], `console errors: ${opened.errors.join('\n')}`);
    assert.deepEqual(opened.foreign, []);
    await opened.close();
  });

  test('deep links open their step; the header link and the step list navigate; progress survives a reload', async () => {
    const opened = await openPage(session, '#lesson=why-l1', { width: 1280, height: 1200 });
    const { page } = opened;
    await until(page, () => window.sae.lesson?.status.step === 'why-l1');
    assert.equal(await page.locator('.walk-title').textContent(), 'Why L1 gives exact zeros and L2 does not');
    assert.ok(await page.locator('#walk math').count() >= 2, 'formulas are MathML');
    // A student who is stuck can ask for the hint at once.
    await page.click('.walk-hint-button');
    assert.match(await page.locator('.walk-hint').textContent(), /⌈\|w₀\| \/ \(ηλ\)⌉/);
    // The figure answers its sliders: L1's landing step comes from the core.
    await slide(page, '#walk-lambda', 2);
    await slide(page, '#walk-start', 1);
    await until(page, () => /L1 lands at step 5\b/.test(document.querySelector('.walk-progress').textContent));
    // The step list.
    await page.click('.walk-steps [data-step="kl"]');
    await until(page, () => window.sae.lesson.status.step === 'kl' && window.sae.stage.sessions.length === 2);
    assert.match(page.url(), /#lesson=kl/);
    assert.equal(await page.evaluate(() => window.sae.stage.sessions[0].view.config().penalty), 'kl');
    // Only the step's controls.
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#controls .setting')].map((s) => s.dataset.key)), ['rho', 'beta']);
    // Reload at #lesson: back where the student was.
    await page.goto(page.url().replace(/#.*/, '#lesson'));
    await page.reload();
    await until(page, () => window.sae?.lesson?.status.step === 'kl');
    // Leave, then come back through the header link.
    await page.click('.walk-leave');
    await until(page, () => !document.body.classList.contains('lesson-mode') && window.sae.lesson === null);
    await until(page, () => !location.hash.includes('lesson') && document.querySelectorAll('#panels .panel').length > 5);
    await page.click('#lesson-link');
    await until(page, () => window.sae?.lesson?.status.step === 'kl');
    assert.deepEqual(opened.errors, []);
    await opened.close();
  });

  test('keyboard only: Tab to the step list and the buttons, arrows between steps, Space still plays', async () => {
    const opened = await openPage(session, '#lesson=autoencoder', { width: 1280, height: 1200 });
    const { page } = opened;
    await until(page, () => window.sae.lesson?.status.step === 'autoencoder' && window.sae.stage.sessions.length > 0);
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('ArrowRight');
    await until(page, () => window.sae.lesson.status.step === 'linear-pca');
    await page.keyboard.press('n');
    await until(page, () => window.sae.lesson.status.step === 'nonlinear');
    await page.keyboard.press('ArrowLeft');
    await until(page, () => window.sae.lesson.status.step === 'linear-pca' && window.sae.stage.sessions.length === 1);
    // Space plays and pauses the step's model, as everywhere on the page.
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press(' ');
    await until(page, () => window.sae.stage.playing);
    await page.keyboard.press(' ');
    await until(page, () => !window.sae.stage.playing);
    // Tab reaches the Next button and Enter presses it.
    let found = false;
    for (let i = 0; i < 40 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => document.activeElement?.classList.contains('walk-next'));
    }
    assert.ok(found, 'Next is reachable with Tab');
    await page.keyboard.press('Enter');
    await until(page, () => window.sae.lesson.status.step === 'nonlinear');
    // A slider keeps its arrows: on the why-l1 figure, → moves w₀, not the step.
    await page.evaluate(() => window.sae.lesson.go('why-l1'));
    await until(page, () => window.sae.lesson.status.step === 'why-l1' && document.querySelector('#walk-start'));
    await page.focus('#walk-start');
    const before = await page.inputValue('#walk-start');
    await page.keyboard.press('ArrowRight');
    assert.notEqual(await page.inputValue('#walk-start'), before);
    assert.equal((await status(page)).step, 'why-l1');
    assert.deepEqual(opened.errors, []);
    await opened.close();
  });

  test('phone width: the step, its task and its figures fit 390 px', async () => {
    const opened = await openPage(session, '#lesson=no-bottleneck', { width: 390, height: 844, deviceScaleFactor: 2 });
    const { page } = opened;
    await until(page, () => window.sae.lesson?.status.step === 'no-bottleneck' && window.sae.stage.sessions.length === 2);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
    await assertFiguresDrawn(page, 'no-bottleneck (phone)');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifacts, 'lesson-phone-no-bottleneck.png') });
    await page.evaluate(() => window.sae.lesson.go('why-l1'));
    await until(page, () => window.sae.lesson.status.step === 'why-l1' && document.querySelector('#walk-canvas-weight-descent')?.width > 0);
    await assertFiguresDrawn(page, 'why-l1 (phone)');
    await page.locator('.walk-figure').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'lesson-phone-why-l1.png') });
    assert.deepEqual(opened.errors, []);
    await opened.close();
  });

  test('where storage is refused (a sandboxed frame) and from disk (the single file), the lesson still walks', async () => {
    const dist = join(root, 'dist');
    const host = await serve(dist);
    const course = await serve(join(root, 'tests', 'browser'));
    const context = await session.browser.newContext({ viewport: { width: 1000, height: 1000 } });
    context.setDefaultTimeout(WAIT);
    const errors = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      const src = `${host.url}index.html#lesson=why-l1`;
      await page.goto(`${course.url}course-frame.html#${encodeURIComponent(src)}`);
      let frame = null;
      while (!frame) {
        frame = page.frames().find((f) => f.url().startsWith(host.url)) ?? null;
        if (!frame) await page.waitForTimeout(50);
      }
      await frame.waitForFunction(() => window.sae?.lesson?.status.step === 'why-l1');
      assert.equal(await frame.evaluate(() => { try { localStorage.length; return 'allowed'; } catch { return 'refused'; } }), 'refused');
      await frame.locator('#walk-lambda').fill('2');
      await frame.waitForFunction(() => window.sae.lesson.status.met);
      await frame.evaluate(() => window.sae.lesson.next());
      await frame.waitForFunction(() => window.sae.lesson.status.step === 'objective');

      const file = await context.newPage();
      file.on('pageerror', (e) => errors.push(e.message));
      await file.goto(`${pathToFileURL(join(dist, 'sae-playground.html'))}#lesson=why-l1`);
      await file.waitForFunction(() => window.sae?.lesson?.status.step === 'why-l1');
      await file.waitForFunction((min) => {
        const canvas = document.querySelector('#walk-canvas-weight-descent');
        if (!canvas?.width) return false;
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let sum = 0;
        let sum2 = 0;
        for (let i = 0; i < data.length; i += 4) {
          sum += data[i];
          sum2 += data[i] * data[i];
        }
        const n = data.length / 4;
        return sum2 / n - (sum / n) ** 2 > min;
      }, MIN_VARIANCE);
      assert.ok(await file.locator('#walk-lambda').isVisible(), 'the single file carries the lesson and its styles');
      assert.equal(await file.locator('.walk-task').evaluate((n) => getComputedStyle(n).borderLeftStyle), 'solid');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      host.server.close();
      course.server.close();
    }
  });
});
