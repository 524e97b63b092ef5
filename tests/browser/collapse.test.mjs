// Failures a student meets doing ordinary things: the MNIST exercise collapsing without a NaN (η = 10 with
// SGD) is shown with a banner and Restore like a divergence; the divergence banner's suggested η works
// when followed once; right after Restore the loss read-out shows numbers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertClean, frames, openPage, pause, screenshot, startBrowser, summary, until, WAIT } from './helpers.mjs';

let session;
before(async () => {
  session = await startBrowser();
});
after(() => session?.close());

/** The loss read-out under the Loss figure, once a few frames have drawn it. */
async function lossReadout(page) {
  await frames(page, 5);
  return page.locator('#panel-loss .readout').textContent();
}

/** Asserts the loss read-out shows a number for every term. */
function assertNumbers(text, label) {
  assert.doesNotMatch(text, /not finite/, `${label}: ${text}`);
  assert.match(text, /reconstruction \d[\d.e+-]* · sparsity \d[\d.e+-]* · weight decay \d[\d.e+-]* · total \d[\d.e+-]*/, `${label}: ${text}`);
}

describe('a collapse that is not a divergence', () => {
  test('ufldl-mnist with η = 10 (SGD) stops with a stuck banner and Restore; after Restore the read-out shows numbers', async () => {
    const opened = await openPage(session, '#preset=ufldl-mnist&optimizer=sgd&learningRate=10&autoplay=1&speed=max');
    const { page } = opened;
    await until(page, () => document.querySelector('.banner.stuck'), undefined, WAIT * 2);
    const banner = page.locator('.banner.stuck');
    const text = await banner.locator('p').textContent();
    assert.match(text, /Training is stuck at step \d+/);
    assert.match(text, /196 code units are sigmoid units stuck at 0 or 1/);
    assert.match(text, /learning rate too large for this sgd run \(η = 10\)/);
    assert.match(text, /Set η to [\d.e-]+ and press Restore/);
    assert.equal(await banner.getAttribute('role'), 'alert');
    await until(page, () => window.sae.playing === false);
    await pause(page);
    const s = await summary(page);
    assert.equal(s.status.state, 'stuck');
    assert.ok(s.status.step <= 200, `detected at step ${s.status.step}`);
    assert.ok(s.status.restorableStep < s.status.step);
    await screenshot(page, 'collapse', { fullPage: false });

    const restore = banner.getByRole('button', { name: /Restore step \d+/ });
    assert.equal(await restore.textContent(), `Restore step ${s.status.restorableStep}`);
    await restore.click();
    await until(page, () => window.sae.view.summary().status.state === 'ok');
    await until(page, () => !document.querySelector('.banner.stuck'));
    assert.equal((await summary(page)).step, s.status.restorableStep);
    const readout = await lossReadout(page);
    assertNumbers(readout, 'after Restore');
    assert.ok((await summary(page)).loss.total < s.loss.total / 2, 'the read-out describes the weights from before the collapse');
    assertClean(opened);
    await opened.close();
  });
});

describe('advice that works', () => {
  test('diverging: the banner names η; set once after Restore it trains 1,000+ steps; the read-out shows numbers after Restore', async () => {
    const opened = await openPage(session, '#preset=diverging&speed=max');
    const { page } = opened;
    await page.click('#play');
    await until(page, () => document.querySelector('.banner.diverged'));
    await until(page, () => window.sae.playing === false);
    await pause(page);
    const s = await summary(page);
    assert.equal(s.status.state, 'diverged');
    const suggested = s.status.suggestedLearningRate;
    assert.ok(suggested > 0 && suggested < 20, `suggested ${suggested}`);
    const text = await page.locator('.banner.diverged p').textContent();
    assert.ok(text.includes(`Set η to ${suggested} and press Restore`), text);
    assert.match(await lossReadout(page), /not finite/, 'the diverged step itself is not finite');

    await page.locator('.banner.diverged').getByRole('button', { name: /Restore step \d+/ }).click();
    await until(page, () => window.sae.view.summary().status.state === 'ok');
    assertNumbers(await lossReadout(page), 'right after Restore');

    await page.evaluate((x) => window.sae.applySettings({ learningRate: x }), suggested);
    await until(page, (x) => window.sae.view.config().learningRate === x, suggested);
    const from = (await summary(page)).step;
    await page.click('#play');
    await until(page, (n) => window.sae.view.summary().step >= n + 1000 || window.sae.view.summary().status.state !== 'ok', from);
    await pause(page);
    const after = await summary(page);
    assert.equal(after.status.state, 'ok', `η = ${suggested} stopped again: ${after.status.message}`);
    assert.ok(after.step >= from + 1000);
    assert.equal(await page.locator('.banner.diverged').count(), 0);
    assertNumbers(await lossReadout(page), 'after training on');
    assertClean(opened);
    await opened.close();
  });
});
