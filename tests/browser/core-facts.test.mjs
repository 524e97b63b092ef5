// Facts the page takes from the core instead of deciding them itself: when PCA's reference error is
// computed (the same timing with the Web Worker and on the main thread) and the gradient check's verdict.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertClean, openPage, pause, startBrowser, until } from './helpers.mjs';

let session;
before(async () => {
  session = await startBrowser();
});
after(() => session?.close());

const lossReadout = (page) => page.locator('#panel-loss .readout').textContent();

describe("PCA's reference error", () => {
  test('small data has it at once; MNIST gets it after some training, the same value in both hosts', async () => {
    const mnistReference = {};
    for (const host of ['worker', 'inline']) {
      const hostPart = host === 'inline' ? '&host=inline' : '';
      const small = await openPage(session, `#preset=undercomplete${hostPart}`);
      await until(small.page, () => /PCA \(k = 2\) \d/.test(document.querySelector('#panel-loss .readout')?.textContent ?? ''));
      assert.equal(await small.page.evaluate(() => window.sae.view.summary().step), 0, `${host}: known before any step`);
      assertClean(small);
      await small.close();

      const opened = await openPage(session, `#preset=ufldl-mnist${hostPart}`);
      const { page } = opened;
      assert.equal(await page.evaluate(() => window.sae.host.kind), host);
      assert.match(await lossReadout(page), /PCA: computing…/, `${host}: not computed before training`);
      assert.equal(await page.evaluate(() => window.sae.view.knownPcaReference()), null);
      await page.evaluate(() => window.sae.setPlaying(true));
      await until(page, () => /PCA \(k = 196\) \d/.test(document.querySelector('#panel-loss .readout').textContent));
      await pause(page);
      mnistReference[host] = await page.evaluate(() => window.sae.view.knownPcaReference());
      assert.ok(mnistReference[host] > 0, `${host}: ${mnistReference[host]}`);
      assertClean(opened);
      await opened.close();
    }
    assert.ok(Math.abs(mnistReference.worker - mnistReference.inline) < 1e-9 * mnistReference.worker, JSON.stringify(mnistReference));
  });
});

describe('gradient check', () => {
  test("the report carries the core's verdict: the worst term against the tolerance", async () => {
    const opened = await openPage(session);
    const report = await opened.page.evaluate(async () => {
      const { Playground } = await import('./www/playground.js');
      const p = Playground.fromPreset('kl-sparse', 3);
      p.step(20);
      const r = p.gradientCheck();
      p.free();
      return r;
    });
    assert.equal(report.worstRelativeError, Math.max(...report.terms.map((t) => t.relativeError)));
    assert.ok(report.tolerance > 0 && report.tolerance < 1e-3, `tolerance ${report.tolerance}`);
    assert.equal(report.passed, report.worstRelativeError < report.tolerance);
    assert.equal(report.passed, true);
    assertClean(opened);
    await opened.close();
  });
});
