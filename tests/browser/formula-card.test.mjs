// The formula card: clicking a code unit in a figure opens a card with that unit's numbers, equal to the
// core's `unitCard(j)`, kept current while training runs; Escape closes it and gives the focus back. It is
// screenshotted at desktop and phone width (test-results/formula-card-*.png).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { artifacts, assertClean, frames, openPage, pause, startBrowser, trainUntil, WAIT } from './helpers.mjs';

let session;
before(async () => {
  session = await startBrowser();
});
after(() => session?.close());

/** Clicks a unit of panel `id` (the first the core's hover reports, in the middle of where it does); returns
 * that unit. A figure
 * redrawn between finding the point and clicking it (the network follows the selected sample) is tried again. */
async function clickUnit(page, id) {
  await page.locator(`#panel-${id}`).scrollIntoViewIfNeeded();
  for (let attempt = 0; attempt < 5; attempt++) {
    await frames(page, 10);
    const hit = await page.evaluate((panel) => {
      document.activeElement?.blur?.();
      const canvas = document.querySelector(`#panel-${panel} canvas`);
      const rect = canvas.getBoundingClientRect();
      const [sx, sy] = [canvas.width / rect.width, canvas.height / rect.height];
      const scale = Math.min(4, Math.max(1, window.devicePixelRatio || 1));
      // Every point over the first unit found; the click goes to their middle, not to an edge of its mark.
      let unit = null;
      const points = [];
      for (let y = 2; y < rect.height; y += 3) {
        for (let x = 2; x < rect.width; x += 3) {
          const info = window.sae.view.hover(panel, x * sx, y * sy, scale);
          if (!info || !Number.isInteger(info.unit) || (unit !== null && info.unit !== unit)) continue;
          unit = info.unit;
          points.push([x, y]);
        }
      }
      if (unit === null) return null;
      const mean = (k) => points.reduce((sum, p) => sum + p[k], 0) / points.length;
      return { x: rect.left + mean(0), y: rect.top + mean(1), unit };
    }, id);
    assert.ok(hit, `${id}: no unit under any point`);
    await page.mouse.click(hit.x, hit.y);
    // The card takes the focus (its close button) when a click opens it.
    const opened = await page.waitForFunction(() => document.activeElement?.classList.contains('close'), null, { timeout: 2000 })
      .then(() => true, () => false);
    if (opened) return hit.unit;
  }
  assert.fail(`${id}: clicking a unit did not open the card`);
}

/** The card's unit and every shown value (raw, from `data-value`), and the core's card for that unit. */
function cardAndCore(page) {
  return page.evaluate(() => {
    const card = document.querySelector('.formula-card');
    const shown = Object.fromEntries([...card.querySelectorAll('.value[data-key]')].map((v) => [v.dataset.key, Number(v.dataset.value)]));
    const unit = Number(card.dataset.unit);
    return { hidden: card.hidden, unit, shown, core: window.sae.view.unitCard(unit) };
  });
}

function assertShowsCore({ shown, core }, label) {
  for (const key of ['rhoHat', 'kl', 'klTerm', 'dKl', 'meanAbs', 'l1Term', 'share', 'firingDensity']) {
    assert.equal(shown[key], core[key], `${label}: ${key}`);
  }
}

describe('formula card', () => {
  test('opens from the bars, the KL curve, the heatmap, the network and the unit maps with the core\'s numbers, updates while training, closes on Escape', async () => {
    const opened = await openPage(session, '#preset=kl-sparse');
    const { page } = opened;
    await trainUntil(page, 300);
    for (const id of ['bars', 'kl-curve', 'heatmap', 'network', 'features']) {
      const unit = await clickUnit(page, id);
      await page.waitForFunction((u) => document.querySelector('.formula-card')?.dataset.unit === String(u), unit);
      const state = await cardAndCore(page);
      assert.equal(state.hidden, false, id);
      assert.equal(state.unit, unit, id);
      assertShowsCore(state, id);
      assert.match(await page.locator('#formula-card-title').textContent(), new RegExp(`^Unit ${unit} of 32`));
      // MathML, rendered by the browser itself.
      assert.ok(await page.locator('.formula-card math').count() >= 6, `${id}: formulas`);
    }
    // The arrow of a 3-D unit's weights is drawn.
    const variance = await page.evaluate(() => {
      const canvas = document.querySelector('.formula-card canvas');
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) dark += data[i] < 100 ? 1 : 0;
      return dark;
    });
    assert.ok(variance > 50, `the weights picture has an arrow (${variance} dark pixels)`);

    // Next unit, then live updates while training.
    const before = await cardAndCore(page);
    await page.locator('.formula-card button[aria-label="Next unit"]').click();
    await page.waitForFunction((u) => document.querySelector('.formula-card').dataset.unit === String((u + 1) % 32), before.unit);
    const shownBefore = (await cardAndCore(page)).shown.rhoHat;
    await page.evaluate(() => window.sae.setPlaying(true));
    await page.waitForFunction((value) => Number(document.querySelector('.formula-card [data-key="rhoHat"]').dataset.value) !== value, shownBefore, { timeout: WAIT });
    await pause(page);
    await page.waitForFunction(() => {
      const card = document.querySelector('.formula-card');
      const core = window.sae.view.unitCard(Number(card.dataset.unit));
      return Number(card.querySelector('[data-key="rhoHat"]').dataset.value) === core.rhoHat;
    });
    assertShowsCore(await cardAndCore(page), 'after training');

    // Escape closes it and the unit maps' canvas (the last one clicked) has the focus back.
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.formula-card').isHidden(), true);
    assert.equal(await page.evaluate(() => document.activeElement?.closest?.('.panel')?.id ?? document.activeElement?.tagName), 'panel-features');
    assertClean(opened);
    await opened.close();
  });

  test('screenshots at desktop and phone width: the card fits and its formulas render', async () => {
    for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 390, 844]]) {
      const opened = await openPage(session, '#preset=kl-sparse', { width, height, deviceScaleFactor: 2 });
      const { page } = opened;
      await trainUntil(page, 1200);
      await clickUnit(page, 'bars');
      await page.locator('.formula-card').waitFor();
      await frames(page, 3);
      const box = await page.locator('.formula-card').boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= width + 0.5, `${name}: the card fits the width (${JSON.stringify(box)})`);
      assert.ok(box.height <= height, `${name}: the card fits the height`);
      // Each formula is laid out as MathML (a rendered math box has a size).
      const mathWidths = await page.$$eval('.formula-card math', (nodes) => nodes.map((n) => n.getBoundingClientRect().width));
      assert.ok(mathWidths.every((w) => w > 20), `${name}: every formula renders (${mathWidths})`);
      await page.locator('.formula-card').screenshot({ path: join(artifacts, `formula-card-${name}.png`) });
      assertClean(opened);
      await opened.close();
    }
  });
});
