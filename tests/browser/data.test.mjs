// Data and training outcomes in the page: every data set trains (chosen from the Data set menu), MNIST is
// fetched from the page's own origin with a progress banner, a CSV trains through the file input and a
// malformed one is refused with the line named, divergence is explained and undone by Restore, and model
// files go out and back in.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertClean, assertPanelsDrawn, config, frames, openPage, pause, recordBanners, recordedBanners,
  screenshot, startBrowser, summary, trainUntil, until, untilBanner,
} from './helpers.mjs';

let session;
before(async () => {
  session = await startBrowser();
});
after(() => session?.close());

/** Mean total loss of the first and the last `n` points of the loss history. */
function lossTrend(page, n = 10) {
  return page.evaluate((count) => {
    const points = window.sae.view.history();
    const mean = (ps) => ps.reduce((s, p) => s + p.loss.total, 0) / ps.length;
    return { first: mean(points.slice(0, count)), last: mean(points.slice(-count)), points: points.length };
  }, n);
}

/** A CSV of a noisy helix in 4-D with a header and a label column: easy to learn, clearly structured. */
function helixCsv(rows = 300) {
  const lines = ['x,y,z,w,label'];
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return (seed / 2147483648 - 0.5) * 0.05;
  };
  for (let i = 0; i < rows; i++) {
    const t = (i / rows) * 4 * Math.PI;
    const values = [Math.cos(t), Math.sin(t), t / 10, Math.cos(t) * Math.sin(t)].map((v) => (v + noise()).toFixed(4));
    lines.push(`${values.join(',')},${i % 3}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('data sets', () => {
  test('swiss-roll, plane and sparse-features each train after being chosen from the menu', async () => {
    const opened = await openPage(session);
    const { page } = opened;
    for (const dataset of ['plane', 'sparse-features', 'swiss-roll']) {
      await page.selectOption('#s-dataset', dataset);
      await until(page, (d) => window.sae.view.config().dataset === d && window.sae.view.summary().step === 0, dataset);
      await trainUntil(page, 400);
      const s = await summary(page);
      assert.equal(s.status.state, 'ok', dataset);
      assert.ok(Number.isFinite(s.loss.total), `${dataset}: loss ${s.loss.total}`);
      const trend = await lossTrend(page);
      assert.ok(trend.last < trend.first, `${dataset}: the loss falls (${trend.first} → ${trend.last})`);
      await assertPanelsDrawn(page, dataset);
    }
    assertClean(opened);
    await opened.close();
  });

  test('choosing MNIST fetches the digits from the same origin with a progress banner, then trains', async () => {
    const opened = await openPage(session);
    const { page, context } = opened;
    await recordBanners(page);
    // A slow connection, so the download's progress is visible (about a second for 1 MB).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: 800 * 1024, uploadThroughput: 800 * 1024 });
    await page.selectOption('#s-dataset', 'mnist');
    await until(page, () => window.sae.view.config().dataset === 'mnist', null, 120000);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    const mnist = opened.requests.filter((url) => url.includes('mnist'));
    assert.deepEqual(mnist.map((url) => new URL(url).pathname), ['/data/mnist-6000.bin.gz'], 'one fetch of the digits');
    assert.equal(new URL(mnist[0]).origin, new URL(session.url).origin);
    const progress = (await recordedBanners(page)).filter((b) => b.id === 'mnist').map((b) => b.text);
    assert.ok(progress.length >= 2, `progress was shown: ${progress.join(' | ')}`);
    assert.match(progress[0], /Loading the MNIST digits/);
    const percents = progress.map((t) => Number(t.match(/(\d+)%/)?.[1]));
    assert.ok(percents.some((p) => p > 0 && p < 100), `an intermediate percentage was shown: ${percents}`);
    assert.ok(percents.every((p, i) => i === 0 || p >= percents[i - 1]), `progress only grows: ${percents}`);
    await until(page, () => !document.querySelector('.banner[data-id="mnist"]'));
    await untilBanner(page, 'reset', /data set restarted training/);

    await trainUntil(page, 300);
    const trend = await lossTrend(page);
    assert.ok(trend.last < trend.first, `MNIST: the loss falls (${trend.first} → ${trend.last})`);
    await assertPanelsDrawn(page, 'MNIST');

    // Choosing it again does not download again.
    await page.selectOption('#s-dataset', 'plane');
    await until(page, () => window.sae.view.config().dataset === 'plane');
    await page.selectOption('#s-dataset', 'mnist');
    await until(page, () => window.sae.view.config().dataset === 'mnist');
    assert.equal(opened.requests.filter((url) => url.includes('mnist')).length, 1);
    assertClean(opened);
    await opened.close();
  });

  test('a CSV chosen through the menu trains; a malformed one names the line and changes nothing', async () => {
    const opened = await openPage(session);
    const { page } = opened;
    await recordBanners(page);
    // Choosing "Your CSV…" opens the file chooser; the data set switches once a file loads.
    const chooser = page.waitForEvent('filechooser');
    await page.selectOption('#s-dataset', 'csv');
    await (await chooser).setFiles({ name: 'helix.csv', mimeType: 'text/csv', buffer: Buffer.from(helixCsv()) });
    await until(page, () => window.sae.view.config().dataset === 'csv');
    // The menu follows once the worker has the data too (the page refreshes its controls then).
    await until(page, () => document.querySelector('#s-dataset').value === 'csv');
    await untilBanner(page, 'reset', /helix\.csv/);
    assert.ok(await page.locator('#s-samples').isDisabled(), 'the CSV decides the number of samples');
    assert.match(await page.locator('.setting[data-key="samples"] .why-off').textContent(), /CSV/);
    assert.equal((await page.evaluate(() => window.sae.view.exportModel())).inputDim, 4, 'the label column is not trained on');

    await trainUntil(page, 400);
    const trend = await lossTrend(page);
    assert.ok(trend.last < trend.first, `CSV: the loss falls (${trend.first} → ${trend.last})`);
    await assertPanelsDrawn(page, 'CSV');
    const stepBefore = (await summary(page)).step;
    const evaluated = await page.evaluate(() => window.sae.view.evaluate());

    // Line 5 has a word where a number belongs.
    const bad = 'a,b,c\n1,2,3\n4,5,6\n\n7,eight,9\n' + '1,2,3\n'.repeat(20);
    await page.setInputFiles('#csv-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await until(page, () => document.querySelector('.banner.error[data-id="csv"]'));
    const message = await page.locator('.banner.error[data-id="csv"] p').textContent();
    assert.match(message, /line 5/);
    assert.match(message, /"eight"/);
    assert.equal((await config(page)).dataset, 'csv');
    assert.equal((await summary(page)).step, stepBefore, 'the refused file did not reset training');
    assert.deepEqual(await page.evaluate(() => window.sae.view.evaluate()), evaluated, 'same data, same model');

    // Training continues on the previous data.
    await page.click('#play');
    await until(page, (n) => window.sae.view.summary().step >= n + 100, stepBefore);
    await page.click('#play');
    await pause(page);
    assert.equal((await page.evaluate(() => window.sae.view.exportModel())).inputDim, 4);
    assert.equal((await summary(page)).status.state, 'ok');

    // A file with too few rows is refused with a sentence too (not tied to a line).
    await page.setInputFiles('#csv-file', { name: 'tiny.csv', mimeType: 'text/csv', buffer: Buffer.from('1,2\n3,4\n') });
    await until(page, () => /tiny|rows/.test(document.querySelector('.banner.error[data-id="csv"] p')?.textContent ?? ''));
    assertClean(opened);
    await opened.close();
  });
});

describe('divergence', () => {
  test('the diverging preset stops with an explanation; Restore brings back finite weights; a lower η trains on', async () => {
    const opened = await openPage(session, '#preset=diverging');
    const { page } = opened;
    await page.click('#play');
    await until(page, () => document.querySelector('.banner.diverged'));
    const banner = page.locator('.banner.diverged');
    const text = await banner.locator('p').textContent();
    assert.match(text, /Training diverged at step \d+/);
    assert.match(text, /NaN or infinite/);
    assert.match(text, /learning rate/);
    assert.match(text, /η = 20/);
    assert.match(text, /Restore/);
    assert.equal(await banner.getAttribute('role'), 'alert');
    await until(page, () => window.sae.playing === false);
    await pause(page);
    const s = await summary(page);
    assert.equal(s.status.state, 'diverged');
    const restore = banner.getByRole('button', { name: /Restore step \d+/ });
    assert.ok(await restore.isVisible());
    assert.equal(await restore.textContent(), `Restore step ${s.status.restorableStep}`);
    await screenshot(page, 'divergence', { fullPage: false });

    // Play does not run a diverged model.
    await page.click('#play');
    await frames(page, 10);
    assert.equal((await summary(page)).step, s.step, 'no steps after divergence');
    await page.click('#play');

    await restore.click();
    await until(page, () => window.sae.view.summary().status.state === 'ok');
    await until(page, () => !document.querySelector('.banner.diverged'));
    const weightsFinite = await page.evaluate(() => {
      const model = window.sae.view.exportModel();
      const numbers = JSON.stringify(model.layers).match(/-?\d+(\.\d+)?(e[+-]?\d+)?|null|NaN|Infinity/g);
      return numbers.every((v) => v !== 'null' && v !== 'NaN' && v !== 'Infinity');
    });
    assert.ok(weightsFinite, 'the restored weights are finite');
    assert.ok(Object.values(await page.evaluate(() => window.sae.view.evaluate().loss)).every(Number.isFinite));

    // Lower η (typed into the exact field) and train on.
    const eta = page.locator('.setting[data-key="learningRate"] input.exact');
    await eta.fill('0.01');
    await eta.press('Enter');
    await until(page, () => window.sae.view.config().learningRate === 0.01);
    const from = (await summary(page)).step;
    assert.equal(from, s.status.restorableStep, 'Restore went back to the step it named');
    await page.click('#play');
    await until(page, (n) => window.sae.view.summary().step >= n + 300, from);
    await page.click('#play');
    await pause(page);
    assert.equal((await summary(page)).status.state, 'ok');
    assert.equal(await page.locator('.banner.diverged').count(), 0);
    assertClean(opened);
    await opened.close();
  });

  test('η = 100 with SGD set from the controls diverges too, and Reset starts over', async () => {
    const opened = await openPage(session);
    const { page } = opened;
    await page.selectOption('#s-optimizer', 'sgd');
    const eta = page.locator('.setting[data-key="learningRate"] input.exact');
    await eta.fill('100');
    await eta.press('Enter');
    await until(page, () => window.sae.view.config().learningRate === 100 && window.sae.view.config().optimizer === 'sgd');
    await page.click('#play');
    await until(page, () => document.querySelector('.banner.diverged'));
    assert.match(await page.locator('.banner.diverged p').textContent(), /η = 100/);
    await page.click('#reset');
    await until(page, () => window.sae.view.summary().step === 0 && window.sae.view.summary().status.state === 'ok');
    await until(page, () => !document.querySelector('.banner.diverged'));
    assertClean(opened);
    await opened.close();
  });
});

describe('model files', () => {
  test('Export model downloads the model; Import model loads it into another page with the same numbers', async () => {
    const opened = await openPage(session, '#preset=kl-sparse');
    const { page } = opened;
    await trainUntil(page, 300);
    const download = page.waitForEvent('download');
    await page.click('#export-model');
    const file = await download;
    assert.match(file.suggestedFilename(), /^sae-model-step-\d+\.json$/);
    const chunks = [];
    for await (const chunk of await file.createReadStream()) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    const model = JSON.parse(text);
    assert.equal(model.format, 'sae-playground-model');
    const evaluated = await page.evaluate(() => window.sae.view.evaluate());
    await opened.close();

    const other = await openPage(session);
    await recordBanners(other.page);
    await other.page.setInputFiles('#model-file', { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await until(other.page, () => window.sae.view.config().penalty === 'kl');
    assert.deepEqual(await config(other.page), model.config);
    assert.deepEqual(await other.page.evaluate(() => window.sae.view.evaluate()), evaluated);
    // The worker got the same model: training on continues from the imported weights.
    await trainUntil(other.page, model.step + 20);
    assert.equal((await summary(other.page)).status.state, 'ok');

    // A file that is not JSON is refused with a sentence.
    await other.page.setInputFiles('#model-file', { name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"format": ') });
    await until(other.page, () => document.querySelector('.banner.error[data-id="model"]'));
    assert.match(await other.page.locator('.banner.error[data-id="model"] p').textContent(), /notes\.json is not JSON/);
    assertClean(other);
    await other.close();
  });
});
