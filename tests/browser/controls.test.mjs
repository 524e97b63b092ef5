// The settings panel and the URL: live hyperparameters (λ, ρ) change the numbers and the figures while
// training continues; data and architecture changes restart with a notice; controls that do not apply are
// disabled with the reason; every control is labelled, explained and reachable by keyboard; the URL holds
// the state and embeds single figures.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertClean, canvasVariance, config, frames, openPage, pause, recordBanners, rememberCanvas, screenshot, startBrowser, summary, trainUntil, until, untilBanner, waitForCanvasChange, waitForCanvasStill, untilHash } from './helpers.mjs';

let session;
before(async () => {
  session = await startBrowser();
});
after(() => session?.close());

/** The value shown in a setting's label. */
function shownValue(page, key) {
  return page.locator(`label[for="s-${key}"] output`).textContent();
}

/** The sparsity term of the loss on the whole data set (deterministic, unlike the minibatch's). */
function fullSparsity(page) {
  return page.evaluate(() => window.sae.view.evaluate().loss.sparsity);
}

describe('live settings', () => {
  test('moving the ρ slider by keyboard changes ρ, the KL term and the KL curve without a reset', async () => {
    const opened = await openPage(session, '#preset=kl-sparse');
    const { page } = opened;
    await trainUntil(page, 200);
    const before = { step: (await summary(page)).step, rho: (await config(page)).rho, kl: await fullSparsity(page) };
    assert.equal(before.rho, 0.05);
    assert.equal(await shownValue(page, 'rho'), '0.05');
    await frames(page, 6);
    await rememberCanvas(page, 'kl-curve');

    // A keyboard user moves the slider: each key press is a real input event on the range input.
    await page.focus('#s-rho');
    await page.keyboard.press('PageUp');
    await page.keyboard.press('ArrowRight');
    await until(page, (rho) => window.sae.view.config().rho !== rho, before.rho);
    const rho = (await config(page)).rho;
    assert.ok(rho > 0.09 && rho < 0.11, `ρ after PageUp and → is ${rho}`);
    assert.equal(await shownValue(page, 'rho'), String(rho), 'the label shows the new ρ');
    assert.equal((await summary(page)).rho, rho);
    await waitForCanvasChange(page, 'kl-curve', { minPixels: 100 });
    const kl = await fullSparsity(page);
    assert.notEqual(kl, before.kl, 'the KL term changes with ρ');
    assert.equal((await summary(page)).step, before.step, 'a live setting does not reset training');
    assert.match(await page.locator('#panel-kl-curve .readout').textContent(), new RegExp(`ρ = ${rho}`));

    // Training goes on from where it was, with the new ρ, and the hash follows.
    await page.click('#play');
    await until(page, (n) => window.sae.view.summary().step >= n + 100, before.step);
    await page.click('#play');
    assert.ok((await summary(page)).step > before.step);
    await untilHash(page, new RegExp(`rho=${rho}`));
    assert.equal(await page.locator('.banner[data-id="reset"]').count(), 0, 'no reset notice for a live setting');
    assertClean(opened);
    await opened.close();
  });

  test('dragging the λ slider with the mouse changes λ, the L1 term and the L1/L2 figure while training', async () => {
    const opened = await openPage(session, '#preset=l1-sparse');
    const { page } = opened;
    await trainUntil(page, 200);
    const before = { step: (await summary(page)).step, lambda: (await config(page)).lambda, l1: await fullSparsity(page) };
    await waitForCanvasStill(page, 'l1-l2'); // the L1/L2 descent animation has finished
    await rememberCanvas(page, 'l1-l2');
    await page.click('#play');

    const slider = page.locator('#s-lambda');
    await slider.scrollIntoViewIfNeeded();
    const box = await slider.boundingBox();
    const from = Number(await slider.inputValue()) / 1000;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + 8 + from * (box.width - 16), y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 8 + Math.min(0.98, from + i * 0.03) * (box.width - 16), y);
    await page.mouse.up();

    await until(page, (lambda) => window.sae.view.config().lambda > lambda * 1.5, before.lambda);
    const lambda = (await config(page)).lambda;
    assert.equal(await shownValue(page, 'lambda'), String(lambda));
    await waitForCanvasChange(page, 'l1-l2', { minPixels: 100 });
    await page.click('#play');
    await pause(page);
    const s = await summary(page);
    assert.ok(s.step > before.step, `training continued (step ${s.step}, was ${before.step})`);
    assert.notEqual(await fullSparsity(page), before.l1, 'the L1 term changes with λ');
    assert.equal(await page.locator('.banner[data-id="reset"]').count(), 0, 'no reset notice for a live setting');
    assertClean(opened);
    await opened.close();
  });

  test('changing the code size or the data set restarts training and says so', async () => {
    const opened = await openPage(session);
    const { page } = opened;
    await recordBanners(page);
    await trainUntil(page, 200);

    // A slider that resets applies on release (change), not while dragging.
    await page.locator('#s-codeSize').fill('30'); // position 30 of 1000: code size 9
    await until(page, () => window.sae.view.config().codeSize === 9);
    await until(page, () => window.sae.view.summary().step === 0);
    assert.equal(await shownValue(page, 'codeSize'), '9');
    assert.match(await untilBanner(page, 'reset', /architecture/), /restarted training from step 0/);

    await trainUntil(page, 100);
    await page.selectOption('#s-dataset', 'plane');
    await until(page, () => window.sae.view.config().dataset === 'plane' && window.sae.view.summary().step === 0);
    assert.match(await untilBanner(page, 'reset', /data set/), /Changing the data set restarted training from step 0/);
    await untilHash(page, /dataset=plane/);
    await trainUntil(page, 50);
    assertClean(opened);
    await opened.close();
  });
});

describe('presets and seeds', () => {
  test('choosing a preset loads its settings, shows its lesson and names it in the URL; New seed restarts', async () => {
    const opened = await openPage(session);
    const { page } = opened;
    await recordBanners(page);
    await trainUntil(page, 100);
    const topk = await page.evaluate(async () => (await import('./www/playground.js')).presets.find((p) => p.name === 'topk'));
    await page.selectOption('#s-preset', 'topk');
    await untilBanner(page, 'reset', /Preset "TopK/);
    assert.deepEqual(await config(page), topk.config);
    assert.equal((await summary(page)).step, 0);
    assert.equal(await page.locator('#preset-lesson').textContent(), topk.lesson);
    await untilHash(page, /^#preset=topk$/);
    assert.ok(await page.locator('#s-k').isEnabled(), 'k applies to TopK');
    assert.equal(await shownValue(page, 'k'), String(topk.config.k));
    await trainUntil(page, 100);
    assert.equal((await summary(page)).l0, topk.config.k, 'TopK keeps exactly k units per sample');

    await page.click('#new-seed');
    await until(page, (seed) => window.sae.view.config().seed !== seed && window.sae.view.summary().step === 0, topk.config.seed);
    await until(page, () => /seed=\d+/.test(location.hash));
    assertClean(opened);
    await opened.close();
  });
});

describe('controls', () => {
  test('ρ and β are disabled with the reason unless the penalty is KL; KL needs sigmoid', async () => {
    const opened = await openPage(session);
    const { page } = opened;
    const why = (key) => page.locator(`.setting[data-key="${key}"] .why-off`);
    const c = await config(page);
    assert.equal(c.penalty, 'none');
    assert.equal(c.activation, 'tanh');
    for (const key of ['rho', 'beta', 'lambda', 'k']) {
      assert.ok(await page.locator(`#s-${key}`).isDisabled(), `${key} is disabled`);
      assert.ok(await why(key).isVisible(), `${key} shows why it is off`);
    }
    assert.match(await why('rho').textContent(), /KL/);
    assert.match(await why('beta').textContent(), /KL/);
    assert.ok(await page.locator('#s-penalty option[value="kl"]').isDisabled(), 'KL cannot be chosen with tanh');
    assert.match(await page.getAttribute('#s-penalty option[value="kl"]', 'title'), /sigmoid/);

    // Sigmoid units make KL available; choosing KL enables ρ and β and hides the reasons.
    await page.selectOption('#s-activation', 'sigmoid');
    await until(page, () => window.sae.view.config().activation === 'sigmoid');
    await until(page, () => !document.querySelector('#s-penalty option[value="kl"]').disabled);
    await page.selectOption('#s-penalty', 'kl');
    await until(page, () => window.sae.view.config().penalty === 'kl');
    for (const key of ['rho', 'beta']) {
      assert.ok(await page.locator(`#s-${key}`).isEnabled(), `${key} is enabled with KL`);
      assert.ok(!(await why(key).isVisible()), `${key} has no reason shown`);
    }
    assert.ok(await page.locator('#s-lambda').isDisabled(), 'λ is off with KL');
    // While KL is chosen, the activation list says why tanh would not fit... and the core refuses it.
    await page.selectOption('#s-activation', 'tanh');
    await until(page, () => document.querySelector('.banner[data-id="setting"]'));
    assert.match(await page.locator('.banner[data-id="setting"]').textContent(), /KL penalty needs sigmoid/);
    assert.equal((await config(page)).activation, 'sigmoid', 'a refused setting changes nothing');
    assert.equal(await page.inputValue('#s-activation'), 'sigmoid', 'the control shows the value in use');
    // Expected: the refusal is shown as a banner, not as a console error.
    assertClean(opened);
    await opened.close();
  });

  test('every control has a label with its current value and a help tooltip shown on focus', async () => {
    const opened = await openPage(session, '#preset=kl-sparse');
    const { page } = opened;
    const c = await config(page);
    const rows = await page.evaluate(() => [...document.querySelectorAll('#controls .setting')].map((row) => {
      const key = row.dataset.key;
      const input = document.getElementById(`s-${key}`);
      return {
        key,
        label: document.querySelector(`label[for="s-${key}"]`)?.textContent ?? null,
        value: document.querySelector(`label[for="s-${key}"] output`)?.textContent ?? null,
        describedBy: input?.getAttribute('aria-describedby'),
        tooltipRole: document.getElementById(`h-${key}`)?.getAttribute('role'),
        tooltipText: document.getElementById(`h-${key}`)?.textContent ?? '',
        disabled: input?.disabled,
      };
    }));
    assert.ok(rows.length >= 20, `${rows.length} settings`);
    for (const row of rows) {
      assert.ok(row.label, `${row.key} has a label`);
      assert.ok(row.value !== null && row.value !== '', `${row.key} shows its value`);
      const value = c[row.key];
      if (typeof value === 'number') {
        const shown = Number(row.value.replace('−', '-'));
        assert.ok(Math.abs(shown - value) <= 0.01 * Math.abs(value), `${row.key}: label shows ${row.value}, config has ${value}`);
      } else {
        const expected = Array.isArray(value) ? (value.join(', ') || 'none') : String(value);
        assert.equal(row.value, expected, `${row.key}: label shows ${row.value}, config has ${expected}`);
      }
      assert.equal(row.describedBy, `h-${row.key}`, `${row.key} is described by its help`);
      assert.equal(row.tooltipRole, 'tooltip', `${row.key} help has role=tooltip`);
      assert.ok(row.tooltipText.length > 20, `${row.key} help explains it`);
    }
    // Hidden until focused (or hovered); focus shows it.
    for (const row of rows.filter((r) => !r.disabled)) {
      const tip = page.locator(`#h-${row.key}`);
      await page.evaluate(() => document.activeElement?.blur());
      await page.mouse.move(1200, 5);
      assert.ok(!(await tip.isVisible()), `${row.key} help is hidden at rest`);
      await page.focus(`#s-${row.key}`);
      assert.ok(await tip.isVisible(), `${row.key} help is visible on focus`);
    }
    // The preset chooser's help too.
    await page.evaluate(() => document.activeElement?.blur());
    assert.ok(!(await page.locator('#h-preset').isVisible()));
    await page.focus('#s-preset');
    assert.ok(await page.locator('#h-preset').isVisible(), 'the preset help is visible on focus');
    assertClean(opened);
    await opened.close();
  });

  test('everything is reachable by keyboard, and focus never lands on something invisible', async () => {
    const opened = await openPage(session);
    const { page } = opened;
    await page.evaluate(() => document.activeElement?.blur());
    const visited = [];
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      const at = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return {
          key: el.id || `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.textContent.trim().slice(0, 20)}`,
          visible: r.width > 2 && r.height > 2 && style.visibility !== 'hidden' && style.clip !== 'rect(0px, 0px, 0px, 0px)',
        };
      });
      if (!at) break;
      if (visited.some((v) => v.key === at.key)) break;
      visited.push(at);
    }
    const invisible = visited.filter((v) => !v.visible).map((v) => v.key);
    assert.deepEqual(invisible, [], 'keyboard focus lands on invisible elements');
    const reached = new Set(visited.map((v) => v.key));
    const wanted = await page.evaluate(() => [...document.querySelectorAll('button, select, input, canvas[tabindex], [tabindex="0"]')]
      .filter((el) => !el.disabled && el.type !== 'file' && !el.closest('[hidden]') && el.getClientRects().length > 0)
      .map((el) => el.id || `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.textContent.trim().slice(0, 20)}`));
    const missed = wanted.filter((k) => !reached.has(k));
    assert.deepEqual(missed, [], 'controls that Tab never reaches');
    for (const id of ['play', 'step', 'reset', 'speed', 's-preset', 's-dataset', 's-codeSize', 'load-csv', 'gradient-check']) {
      assert.ok(reached.has(id), `${id} is reachable`);
    }

    // The 3-D figure turns with the arrow keys.
    await page.locator('#panel-reconstruction canvas').focus();
    await frames(page, 6);
    await rememberCanvas(page, 'reconstruction');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await waitForCanvasChange(page, 'reconstruction', { minPixels: 100 });

    // The gradient check from the keyboard reports in its output.
    await page.focus('#gradient-check');
    await page.keyboard.press('Enter');
    await until(page, () => /gradient is right|check failed/.test(document.getElementById('tool-result').textContent));
    assert.match(await page.locator('#tool-result').textContent(), /the gradient is right/);
    assertClean(opened);
    await opened.close();
  });
});

describe('URL state', () => {
  test('#preset=kl-sparse&rho=0.2 starts with ρ = 0.2 and no warning', async () => {
    const opened = await openPage(session, '#preset=kl-sparse&rho=0.2');
    const { page } = opened;
    const c = await config(page);
    assert.equal(c.rho, 0.2);
    assert.equal(c.penalty, 'kl');
    assert.equal(c.codeSize, 32);
    assert.equal(await page.inputValue('#s-preset'), 'kl-sparse');
    assert.equal(await shownValue(page, 'rho'), '0.2');
    assert.equal(await page.locator('.banner').count(), 0);
    assert.match(await page.locator('#panel-kl-curve .readout').textContent(), /ρ = 0\.2/);
    assertClean(opened);
    await opened.close();
  });

  test('#rho=7 shows a warning with the sentence and keeps the default', async () => {
    const opened = await openPage(session, '#rho=7&codeSize=5&nonsense=1');
    const { page } = opened;
    const c = await config(page);
    assert.equal(c.rho, 0.05);
    assert.equal(c.codeSize, 5, 'the acceptable settings still apply');
    const warnings = await page.locator('.banner.warning p').allTextContents();
    assert.equal(warnings.length, 2, warnings.join('\n'));
    assert.match(warnings[0], /rho=7 was ignored/);
    assert.match(warnings[0], /ρ must be strictly between 0 and 1/);
    assert.match(warnings[1], /"nonsense" is not a setting/);
    // The banner can be dismissed.
    await page.locator('.banner.warning .close').first().click();
    assert.equal(await page.locator('.banner.warning').count(), 1);
    assertClean(opened);
    await opened.close();
  });

  test('the URL follows the settings, and opening it again restores them', async () => {
    const opened = await openPage(session, '#preset=kl-sparse');
    const { page } = opened;
    await page.locator('#s-beta').fill('800');
    await until(page, () => window.sae.view.config().beta !== 3);
    await page.selectOption('#speed', '5');
    await page.locator('.setting[data-key="seed"] input').fill('42');
    await page.locator('.setting[data-key="seed"] input').press('Enter');
    await until(page, () => window.sae.view.config().seed === 42 && location.hash.includes('seed=42'));
    const hash = await page.evaluate(() => location.hash);
    const c = await config(page);
    assert.match(hash, /preset=kl-sparse/);
    assert.match(hash, new RegExp(`beta=${c.beta}`));
    assert.match(hash, /seed=42/);
    assert.match(hash, /speed=5/);
    assert.doesNotMatch(hash, /rho=/, 'only settings that differ from the preset are written');
    await opened.close();

    const again = await openPage(session, hash);
    assert.deepEqual(await config(again.page), c);
    assert.equal(await again.page.inputValue('#speed'), '5');
    assertClean(again);
    await again.close();
  });

  test('embed mode #panels=kl-curve&controls=hide shows only that figure', async () => {
    const opened = await openPage(session, '#preset=kl-sparse&panels=kl-curve&controls=hide&autoplay=1', { width: 640, height: 480 });
    const { page } = opened;
    assert.equal(await page.locator('#panels .panel').count(), 1);
    assert.ok(await page.locator('#panel-kl-curve').isVisible());
    assert.ok(!(await page.locator('#controls').isVisible()), 'no controls');
    assert.equal(await page.locator('#controls input:visible, #controls select:visible').count(), 0);
    assert.ok(!(await page.locator('.top .brand').isVisible()), 'no title in embed mode');
    await until(page, () => window.sae.view.summary().step >= 100); // autoplay
    await frames(page, 4);
    assert.ok(await canvasVariance(page, 'kl-curve') > 100, 'the figure is drawn');
    const { scroll, inner } = await page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, inner: innerWidth }));
    assert.ok(scroll <= inner, `embed scrolls sideways: ${scroll} > ${inner}`);
    await page.evaluate(() => window.sae.setPlaying(false));
    await screenshot(page, 'embed');
    assertClean(opened);
    await opened.close();
  });
});
