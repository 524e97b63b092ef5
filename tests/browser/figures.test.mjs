// Figures out: every panel downloads as a PNG the size of its canvas (device pixels), every chart also as
// an SVG that parses, and the numbers behind each figure as a CSV with the stated columns; file names say
// the preset, the panel and the step.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { PANEL_IDS, assertClean, openPage, pause, startBrowser, trainUntil, until } from './helpers.mjs';

let session;
before(async () => {
  session = await startBrowser();
});
after(() => session?.close());

/** Clicks a panel's download item and returns `{ name, bytes }` of the file. */
async function download(page, panel, kind) {
  await page.locator(`#panel-${panel} .download-toggle`).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`#panel-${panel} .downloads button[data-download="${kind}"]`).click(),
  ]);
  const bytes = readFileSync(await file.path());
  // A person pauses between downloads; Chromium 148 silently drops one started straight after ten others
  // (measured: the 11th of back-to-back downloads never begins; none is lost with 100 ms between them).
  await page.waitForTimeout(300);
  return { name: file.suggestedFilename(), bytes };
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG signature');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('figures out', () => {
  test('every panel as PNG at the device pixel ratio, charts as SVG, numbers as CSV', async () => {
    const opened = await openPage(session, '#preset=kl-sparse', { deviceScaleFactor: 2 });
    const { page } = opened;
    await trainUntil(page, 200);
    const step = await page.evaluate(() => window.sae.view.summary().step);
    const specs = await page.evaluate(async () => (await import('./www/playground.js')).panels);
    for (const id of PANEL_IDS) {
      const spec = specs.find((s) => s.id === id);
      await page.locator(`#panel-${id}`).scrollIntoViewIfNeeded();
      const png = await download(page, id, 'png');
      assert.equal(png.name, `sae-kl-sparse-${id}-step${step}.png`);
      const canvas = await page.evaluate((p) => {
        const c = document.querySelector(`#panel-${p} canvas`);
        return { width: c.width, height: c.height, cssWidth: c.clientWidth };
      }, id);
      assert.deepEqual(pngSize(png.bytes), { width: canvas.width, height: canvas.height }, `${id}: PNG size`);
      assert.equal(canvas.width, 2 * canvas.cssWidth, `${id}: device pixels at ratio 2`);

      const svgItem = page.locator(`#panel-${id} .downloads button[data-download="svg"]`);
      if (spec.figure === 'chart') {
        const svg = await download(page, id, 'svg');
        assert.equal(svg.name, `sae-kl-sparse-${id}-step${step}.svg`);
        const parsed = await page.evaluate((text) => {
          const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
          return { error: doc.querySelector('parsererror')?.textContent ?? null, root: doc.documentElement.nodeName, shapes: doc.querySelectorAll('path, line, polyline, rect, circle, text').length };
        }, svg.bytes.toString('utf8'));
        assert.equal(parsed.error, null, `${id}: the SVG parses`);
        assert.equal(parsed.root, 'svg');
        assert.ok(parsed.shapes > 10, `${id}: the SVG has the chart in it (${parsed.shapes} shapes)`);
      } else {
        assert.equal(await svgItem.count(), 0, `${id}: an image panel offers no SVG`);
      }

      const csv = await download(page, id, 'csv');
      assert.equal(csv.name, `sae-kl-sparse-${id}-step${step}.csv`);
      const rows = csv.bytes.toString('utf8').trim().split('\n').map((line) => line.split(','));
      const expected = { history: ['step', 'reconstruction', 'sparsity', 'weight_decay', 'total'], units: ['unit', 'rho_hat', 'mean_abs_activation', 'firing_density', 'dead'], probeCodes: ['sample', 'label'] }[spec.numbers];
      assert.deepEqual(rows[0].slice(0, expected.length), expected, `${id}: CSV columns`);
      assert.ok(rows.slice(1).every((r) => r.length === rows[0].length), `${id}: every row has every column`);
      const count = await page.evaluate((kind) => {
        const v = window.sae.view;
        if (kind === 'history') return v.history().length;
        if (kind === 'units') return v.config().codeSize;
        return 64; // the probe batch
      }, spec.numbers);
      assert.equal(rows.length - 1, count, `${id}: one row per ${spec.numbers === 'history' ? 'history point' : spec.numbers === 'units' ? 'code unit' : 'probe sample'}`);
      if (spec.numbers === 'probeCodes') assert.equal(rows[0].length, 2 + 32, `${id}: one column per code unit`);
    }
    assertClean(opened);
    await opened.close();
  });

  test('a figure draws the same pixels whatever state its canvas was left in (the canvas backend sets what it needs)', async () => {
    // src/web/canvas.rs sets the canvas's colour, font and alignment only when they change: it must never
    // take for granted what another draw, a turned label or a script left in the context.
    const opened = await openPage(session, '#preset=kl-sparse');
    const { page } = opened;
    await trainUntil(page, 50);
    await pause(page);
    /** Panel id → bytes that differ between a draw on a fresh canvas and one on a canvas left dirty. */
    const differing = await page.evaluate(() => {
      const view = window.sae.view;
      const result = {};
      for (const panel of document.querySelectorAll('.panel')) {
        const id = panel.dataset.panel;
        const shown = panel.querySelector('canvas');
        const draw = (dirty) => {
          const canvas = document.createElement('canvas');
          canvas.width = shown.width;
          canvas.height = shown.height;
          const context = canvas.getContext('2d');
          if (dirty) {
            Object.assign(context, { font: 'italic 31px serif', fillStyle: '#ff00ff', strokeStyle: '#00ff00', lineWidth: 7, textAlign: 'right', textBaseline: 'alphabetic' });
          }
          view.draw(id, canvas, {});
          return context.getImageData(0, 0, canvas.width, canvas.height).data;
        };
        const differ = (a, b) => a.reduce((n, value, i) => n + (value !== b[i]), 0);
        const clean = draw(false);
        // A figure that moves between two draws of one state cannot be compared (the code scatter refines
        // its principal axes by a few power iterations a draw, from where the last draw left them).
        if (differ(clean, draw(false)) > 0) continue;
        result[id] = differ(clean, draw(true));
      }
      return result;
    });
    assert.ok(Object.keys(differing).length >= PANEL_IDS.length - 2, `comparable panels: ${Object.keys(differing)}`);
    for (const [id, count] of Object.entries(differing)) assert.equal(count, 0, `${id}: ${count} bytes differ after a dirty context`);
    assertClean(opened);
    await opened.close();
  });

  test('every panel draws on a desynchronized canvas, so its redraw is not copied during the page\'s frame commit', async () => {
    const opened = await openPage(session, '#preset=l1-sparse');
    const { page } = opened;
    await trainUntil(page, 10);
    // Every figure drawn once (a busy machine may not have reached the last yet): asking a canvas that the
    // core has not drawn for its context would create one here, with the default attributes.
    await until(page, () => [...document.querySelectorAll('.panel')].every((panel) => panel.dataset.drawn === 'true'), undefined, 15000);
    const attributes = await page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('.panel')].map((panel) => [panel.dataset.panel, panel.querySelector('canvas').getContext('2d').getContextAttributes()])),
    );
    assert.equal(Object.keys(attributes).length, PANEL_IDS.length);
    for (const [id, { desynchronized, alpha }] of Object.entries(attributes)) {
      assert.equal(desynchronized, true, `${id} is not desynchronized`);
      assert.equal(alpha, true, `${id} lost its transparency`);
    }
    assertClean(opened);
    await opened.close();
  });

  test('an animated figure downloads while its descent is still playing', async () => {
    // The L1/L2 descent plays a step every four frames (quarter steps on the page, whole ones in the core).
    const opened = await openPage(session, '#preset=l1-sparse&panels=l1-l2');
    const { page } = opened;
    for (let i = 0; i < 3; i++) {
      const svg = await download(page, 'l1-l2', 'svg');
      assert.match(svg.bytes.toString('utf8'), /^<svg/);
      await page.waitForTimeout(70);
    }
    assertClean(opened);
    await opened.close();
  });
});
