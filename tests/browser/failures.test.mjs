// Failures a student meets by doing ordinary things, reproduced in the page: a divergence that happens
// while a preset is being applied must be shown, and the page and its training host must never disagree
// on whether training runs. Each case runs with the Web Worker and with training on the main thread.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertClean, frames, openPage, startBrowser, summary, until } from './helpers.mjs';

let session;
before(async () => {
  session = await startBrowser();
});
after(() => session?.close());

/** How long a state the fixed page reaches within a second or two may take before the test fails. */
const SOON = 20000;

for (const host of ['worker', 'inline']) {
  describe(`a divergence during a preset change (${host} host)`, () => {
    test('picking "diverging" while training at full speed shows the banner and pauses; another preset then trains after Play', async () => {
      const hostPart = host === 'inline' ? '&host=inline' : '';
      const opened = await openPage(session, `#preset=l1-sparse&speed=max&autoplay=1${hostPart}`);
      const { page } = opened;
      assert.equal(await page.evaluate(() => window.sae.host.kind), host);
      for (let round = 1; round <= 3; round++) {
        await until(page, () => window.sae.playing && window.sae.view.summary().step > 100, undefined, SOON);

        await page.selectOption('#s-preset', 'diverging');
        await until(page, () => document.querySelector('.banner.diverged'), undefined, SOON)
          .catch(async (error) => {
            const s = await summary(page);
            const button = await page.locator('#play').textContent();
            throw new Error(`round ${round}: no divergence banner (step ${s.step}, status ${s.status.state}, button "${button}"): ${error.message}`);
          });
        assert.match(await page.locator('.banner.diverged p').textContent(), /Training diverged at step \d+/);
        await until(page, () => window.sae.playing === false, undefined, SOON);
        assert.match(await page.locator('#play').textContent(), /Play/, `round ${round}: the button offers Play`);
        assert.equal((await summary(page)).status.state, 'diverged');

        await frames(page, 3);
        await page.selectOption('#s-preset', 'l1-sparse');
        await until(page, () => !document.querySelector('.banner.diverged') && window.sae.view.summary().step === 0, undefined, SOON);
        // Paused: neither the page nor the worker trains.
        await frames(page, 10);
        assert.equal((await summary(page)).step, 0, `round ${round}: nothing trains while the page shows Play`);

        await page.click('#play');
        await until(page, () => window.sae.view.summary().step > 100, undefined, SOON)
          .catch(async (error) => {
            throw new Error(`round ${round}: Play did not train (step ${(await summary(page)).step}): ${error.message}`);
          });
        assert.equal((await summary(page)).status.state, 'ok');
      }
      assertClean(opened);
      await opened.close();
    });

    test('a divergence just before a Reset: training goes on from step 0 and the divergence is shown', async () => {
      const hostPart = host === 'inline' ? '&host=inline' : '';
      const opened = await openPage(session, `#preset=l1-sparse&speed=max&autoplay=1${hostPart}`);
      const { page } = opened;
      for (let round = 1; round <= 3; round++) {
        await until(page, () => window.sae.playing && window.sae.view.summary().step > 100, undefined, SOON);
        // η = 100 with SGD diverges within a few steps, quite likely before the Reset reaches the worker.
        await page.evaluate(async () => {
          await window.sae.applySettings({ optimizer: 'sgd', learningRate: 100 });
          document.getElementById('reset').click();
        });
        await until(page, () => document.querySelector('.banner.diverged') && window.sae.playing === false, undefined, SOON)
          .catch(async (error) => {
            const s = await summary(page);
            throw new Error(`round ${round}: no divergence banner (step ${s.step}, status ${s.status.state}): ${error.message}`);
          });
        await frames(page, 3);
        await page.evaluate(() => window.sae.applySettings({ optimizer: 'adam', learningRate: 0.01 }));
        await page.click('#reset');
        await until(page, () => !document.querySelector('.banner.diverged') && window.sae.view.summary().step === 0, undefined, SOON);
        await page.click('#play');
      }
      assertClean(opened);
      await opened.close();
    });
  });
}
