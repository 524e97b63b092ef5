// One source of truth for the settings: the page's controls, the URL state and validation all follow the
// core's settings schema, one for one, by the generic path a new setting would take too. Nothing here
// names a particular setting's range: every expectation is read from the schema itself.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertClean, config, openPage, startBrowser, until, untilHash } from './helpers.mjs';

let session;
before(async () => {
  session = await startBrowser();
});
after(() => session?.close());

/** The settings schema, as the page module sees it. */
function schemaIn(page) {
  return page.evaluate(async () => {
    const m = await import('./www/playground.js');
    return m.settingsSchema;
  });
}

/** A value for `setting` that differs from `current` and is valid on its own: the slider's far end, or
 * another choice. */
function otherValue(setting, current) {
  if (setting.kind === 'select') return setting.choices.map((c) => c.value).find((v) => v !== current && v !== 'csv' && v !== 'mnist' && v !== 'kl');
  if (setting.kind === 'layers') return current.length ? [] : [8];
  if (setting.key === 'batchSize') return current === 64 ? 16 : 64; // at most the samples
  const top = setting.slider ? setting.slider.max : 12345;
  const value = setting.whole ? Math.round(top) : top;
  return value === current ? (setting.slider?.min ?? 1) : value;
}

describe('settings schema', () => {
  test('every schema setting has one control with its label, help, symbol, slider scale and range', async () => {
    const opened = await openPage(session);
    const { page } = opened;
    const schema = await schemaIn(page);
    assert.ok(schema.length >= 20, `${schema.length} settings`);
    const rows = await page.evaluate(() => [...document.querySelectorAll('#controls .setting')].map((row) => row.dataset.key));
    assert.deepEqual(rows, schema.map((s) => s.key), 'one control per setting, in schema order');
    for (const setting of schema) {
      const shown = await page.evaluate((key) => {
        const input = document.getElementById(`s-${key}`);
        return {
          tag: input.tagName.toLowerCase(),
          type: input.type,
          label: document.querySelector(`label[for="s-${key}"]`).textContent,
          help: document.getElementById(`h-${key}`).textContent,
          options: input.tagName === 'SELECT' ? [...input.options].map((o) => o.value) : null,
          group: input.closest('fieldset').querySelector('legend').textContent,
        };
      }, setting.key);
      assert.ok(shown.label.includes(setting.label), `${setting.key}: label`);
      if (setting.symbol) assert.ok(shown.label.includes(setting.symbol), `${setting.key}: symbol`);
      assert.ok(shown.help.includes(setting.help), `${setting.key}: help`);
      if (setting.formula) assert.ok(shown.help.includes(setting.formula), `${setting.key}: formula`);
      assert.equal(shown.group, setting.group, `${setting.key}: group`);
      const kind = { select: 'select', range: 'range', number: 'number', layers: 'text' }[setting.kind];
      assert.equal(shown.tag === 'select' ? 'select' : shown.type, kind, `${setting.key}: control kind`);
      if (setting.kind === 'select') assert.deepEqual(shown.options, setting.choices.map((c) => c.value), `${setting.key}: choices`);
    }

    // The sliders span the schema's slider range with its scale: the far ends give the schema's ends.
    const ends = await page.evaluate(async () => {
      const { settingsSchema } = await import('./www/playground.js');
      const { fromSlider, sliderOf } = await import('./www/settings.js');
      const c = window.sae.view.config();
      return settingsSchema.filter((s) => s.kind === 'range').map((s) => {
        const slider = sliderOf(s, c);
        return { key: s.key, scale: slider.scale, low: fromSlider(slider, 0), lowest: fromSlider(slider, 1), high: fromSlider(slider, 1000), slider };
      });
    });
    for (const e of ends) {
      const low = e.scale === 'logWithZero' ? e.lowest : e.low;
      assert.ok(Math.abs(low - e.slider.min) <= 1e-9 + 0.01 * Math.abs(e.slider.min), `${e.key}: slider starts at ${e.slider.min}, got ${low}`);
      assert.ok(Math.abs(e.high - e.slider.max) <= 0.01 * Math.abs(e.slider.max), `${e.key}: slider ends at ${e.slider.max}, got ${e.high}`);
      if (e.scale === 'logWithZero') assert.equal(e.low, 0, `${e.key}: the far left is exactly 0`);
    }
    assertClean(opened);
    await opened.close();
  });

  test('the disabled sentence of every control is the core\'s, for several configs', async () => {
    const opened = await openPage(session);
    const { page } = opened;
    for (const partial of [{}, { activation: 'sigmoid', penalty: 'kl' }, { penalty: 'topk' }, { optimizer: 'momentum', dataset: 'sparse-features' }]) {
      await page.evaluate((p) => window.sae.applySettings(p), partial);
      const mismatch = await page.evaluate(async () => {
        const { availability, settingsSchema } = await import('./www/playground.js');
        const off = availability(window.sae.view.config());
        const wrong = [];
        for (const { key } of settingsSchema) {
          const input = document.getElementById(`s-${key}`);
          const why = document.querySelector(`.setting[data-key="${key}"] .why-off`);
          const expected = off[key]?.off ?? null;
          if (input.disabled !== Boolean(expected)) wrong.push(`${key}: disabled ${input.disabled}, core says ${expected}`);
          if (expected && why.textContent !== expected) wrong.push(`${key}: shows "${why.textContent}", core says "${expected}"`);
          for (const [choice, sentence] of Object.entries(off[key]?.choicesOff ?? {})) {
            const option = input.querySelector(`option[value="${choice}"]`);
            if (option.title !== sentence) wrong.push(`${key}=${choice}: title "${option.title}"`);
          }
        }
        return wrong;
      });
      assert.deepEqual(mismatch, [], JSON.stringify(partial));
    }
    assertClean(opened);
    await opened.close();
  });

  test('live settings change without a restart and restarting ones restart, as the schema says', async () => {
    const opened = await openPage(session);
    const { page } = opened;
    const schema = await schemaIn(page);
    for (const setting of schema) {
      if (setting.key === 'dataset' || setting.key === 'seed' || setting.key === 'dataSeed') continue; // exercised below
      const before = await config(page);
      const value = otherValue(setting, before[setting.key]);
      const change = await page.evaluate(([key, v]) => window.sae.host.set({ [key]: v }), [setting.key, value]);
      assert.equal(change.reset, !setting.live, `${setting.key} → ${JSON.stringify(value)}: reset ${change.reset}, schema live ${setting.live}`);
      if (!setting.live) assert.match(change.message, new RegExp(setting.restarts), `${setting.key}: says what restarted`);
      await page.evaluate(([key, v]) => window.sae.host.set({ [key]: v }), [setting.key, before[setting.key]]);
    }
    assertClean(opened);
    await opened.close();
  });

  test('every setting travels through the URL, and each refused value is named with a short sentence', async () => {
    const opened = await openPage(session);
    const schema = await schemaIn(opened.page);
    const defaults = await config(opened.page);
    await opened.close();
    const params = new URLSearchParams();
    const wanted = {};
    for (const setting of schema) {
      if (setting.key === 'dataset') continue; // other data sets need a file or a download
      const value = otherValue(setting, defaults[setting.key]);
      if (setting.key === 'batchSize' || setting.key === 'samples') continue; // tied to each other below
      wanted[setting.key] = value;
      params.set(setting.key, Array.isArray(value) ? value.join(',') : String(value));
    }
    // Settings that depend on one another, set together so each is valid with the rest.
    Object.assign(wanted, { samples: 400, batchSize: 16, k: 3, codeSize: 6, activeFeatures: 3, trueFeatures: 20 });
    for (const key of ['samples', 'batchSize', 'k', 'codeSize', 'activeFeatures', 'trueFeatures']) params.set(key, String(wanted[key]));
    const again = await openPage(session, `#${params}`);
    const c = await config(again.page);
    for (const [key, value] of Object.entries(wanted)) assert.deepEqual(c[key], value, `${key} read from the URL`);
    assert.equal(await again.page.locator('.banner').count(), 0, 'no warnings for valid values');
    assertClean(again);
    await again.close();

    // Every kind of bad value, for every setting: refused with a short sentence, defaults kept.
    const bad = new URLSearchParams();
    for (const setting of schema) bad.append(setting.key, setting.kind === 'select' ? 'nonsense' : 'abc');
    for (const text of ['', ' ', '+', '\u00a0', '0x10', 'Infinity', 'x'.repeat(5000)]) bad.append('rho', text);
    bad.append('__proto__', '1');
    bad.append('constructor', '1');
    const refused = await openPage(session, `#${bad}`);
    const warnings = await refused.page.locator('.banner.warning p').allTextContents();
    assert.equal(warnings.length, schema.length + 7 + 2, warnings.join('\n'));
    for (const w of warnings) {
      assert.ok(w.length <= 400, `a short sentence: ${w.length} characters`);
      assert.match(w, /\.$/, `ends with a full stop: ${w}`);
      assert.doesNotMatch(w, /invalid type|expected f64|unknown field/, `no serde wording: ${w}`);
    }
    assert.ok(warnings.some((w) => /"__proto__" is not a setting/.test(w)));
    assert.ok(warnings.some((w) => /rho= was ignored: .*but it is blank/.test(w)), 'a blank value is named, not read as 0');
    assert.ok(warnings.some((w) => /rho=0x10 was ignored/.test(w)), 'hex is not read as 16');
    assert.deepEqual(await config(refused.page), defaults, 'nothing bad was applied');
    assertClean(refused);
    await refused.close();
  });

  test('an embed can show just the controls it names (controls=rho,beta) next to its figure', async () => {
    const opened = await openPage(session, '#preset=kl-sparse&panels=kl-curve&controls=rho,beta&autoplay=1', { width: 640, height: 600 });
    const { page } = opened;
    const keys = await page.evaluate(() => [...document.querySelectorAll('#controls .setting')].map((r) => r.dataset.key));
    assert.deepEqual(keys, ['rho', 'beta']);
    assert.equal(await page.locator('#s-preset').count(), 0, 'no preset chooser');
    assert.equal(await page.locator('#gradient-check').count(), 0, 'no tools');
    assert.ok(await page.locator('#s-rho').isVisible());
    await page.locator('#s-rho').focus();
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
    await until(page, () => window.sae.view.config().rho > 0.05);
    await untilHash(page, /controls=rho,beta/);
    const { scroll, inner } = await page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, inner: innerWidth }));
    assert.ok(scroll <= inner, 'no sideways scrolling');
    assertClean(opened);
    await opened.close();

    const typo = await openPage(session, '#panels=kl-curve&controls=rho,betta');
    const warnings = await typo.page.locator('.banner.warning p').allTextContents();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /"betta", which is not a setting/);
    await typo.close();
  });
});
