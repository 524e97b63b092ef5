// A course page on one origin embeds the playground served from another and drives it through postMessage
// (www/embed.js): settings round-trip, metrics arrive, and a malformed message gets an error reply and
// changes nothing, without a console error on either side.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serve } from '../../scripts/serve.mjs';
import { root } from '../../scripts/tools.mjs';
import { WAIT, startBrowser } from './helpers.mjs';

let session;
let second;
before(async () => {
  session = await startBrowser();
  second = await serve(join(root, 'dist'));
});
after(async () => {
  second?.server.close();
  await session?.close();
});

/** The course page on the first origin, embedding the playground from the second. */
async function openCoursePage() {
  const context = await session.browser.newContext({ viewport: { width: 900, height: 1000 } });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  const errors = [];
  const outside = [];
  const allowed = [new URL(session.url).origin, new URL(second.url).origin];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  context.on('request', (r) => {
    const url = r.url();
    if (!allowed.some((o) => url.startsWith(o)) && !/^(data|blob):/.test(url)) outside.push(url);
  });
  const playground = `${second.url}index.html`;
  await page.goto(`${session.url}www/examples/kl-course-page.html?playground=${encodeURIComponent(playground)}`);
  await page.waitForFunction(() => /running/.test(document.getElementById('status').textContent), null, { timeout: WAIT });
  const frame = page.frames().find((f) => f.url().startsWith(second.url));
  assert.ok(frame, 'the playground frame is on the second origin');
  return { page, frame, errors, outside, close: () => context.close() };
}

describe('embedding in a course page on another origin', () => {
  test('the course page shows the KL figure with its ρ slider, sets ρ = 0.2 and follows the metrics', async () => {
    const opened = await openCoursePage();
    const { page, frame } = opened;
    assert.deepEqual(await frame.evaluate(() => [...document.querySelectorAll('#panels .panel')].map((p) => p.dataset.panel)), ['kl-curve']);
    assert.deepEqual(await frame.evaluate(() => [...document.querySelectorAll('#controls .setting')].map((r) => r.dataset.key)), ['rho']);
    // Autoplay: the subscription brings the step counter into the course page.
    await page.waitForFunction(() => Number(document.getElementById('step').textContent) > 50, null, { timeout: WAIT });
    await page.click('#rho-02');
    await page.waitForFunction(() => /ρ is now 0.2/.test(document.getElementById('status').textContent), null, { timeout: WAIT });
    assert.equal(await frame.evaluate(() => window.sae.view.config().rho), 0.2, 'the playground took ρ = 0.2');
    assert.equal(await page.evaluate(async () => (await window.klFigure.config()).rho), 0.2, 'and says so through the API');
    assert.equal(await frame.evaluate(() => document.querySelector('label[for="s-rho"] output').textContent), '0.2', 'its slider shows it');
    const metrics = await page.evaluate(() => window.klFigure.metrics());
    assert.ok(metrics.step > 0 && Number.isFinite(metrics.loss.total) && metrics.rhoHat.length === 32 && Number.isFinite(metrics.l0));
    const stepped = await page.evaluate(async () => {
      await window.klFigure.pause();
      const before = (await window.klFigure.metrics()).step;
      await window.klFigure.step(7);
      return (await window.klFigure.metrics()).step - before;
    });
    assert.equal(stepped, 7, 'step(7) takes seven steps');
    assert.deepEqual(opened.errors, []);
    assert.deepEqual(opened.outside, []);
    await page.screenshot({ path: join(root, 'test-results', 'course-page.png'), fullPage: true });
    await opened.close();
  });

  test('a refused or malformed message gets an error reply and changes nothing', async () => {
    const opened = await openCoursePage();
    const { page, frame } = opened;
    await page.evaluate(() => window.klFigure.pause());
    const before = await frame.evaluate(() => ({ config: window.sae.view.config(), step: window.sae.view.summary().step }));
    const replies = await page.evaluate(async () => {
      const k = window.klFigure;
      const refusal = async (promise) => promise.then((r) => ({ ok: true, r }), (e) => ({ ok: false, message: e.message }));
      const raw = (message) => new Promise((resolve) => {
        const onReply = (event) => {
          if (event.data?.id !== message.id) return;
          window.removeEventListener('message', onReply);
          resolve(event.data);
        };
        window.addEventListener('message', onReply);
        k.iframe.contentWindow.postMessage(message, '*');
      });
      return {
        outOfRange: await refusal(k.set({ rho: 7 })),
        unknownSetting: await refusal(k.set({ lamda: 1 })),
        notAnObject: await raw({ sae: 1, id: 9001, type: 'set', settings: 'rho=0.2' }),
        unknownType: await raw({ sae: 1, id: 9002, type: 'explode' }),
        badSteps: await raw({ sae: 1, id: 9003, type: 'step', steps: -5 }),
      };
    });
    // Messages that are not the protocol's are ignored without a reply or an error.
    await page.evaluate(() => {
      const w = window.klFigure.iframe.contentWindow;
      for (const m of [null, 42, 'hello', { type: 'set' }, { sae: 2, type: 'reset' }, [1, 2]]) w.postMessage(m, '*');
    });
    assert.equal(replies.outOfRange.ok, false);
    assert.match(replies.outOfRange.message, /ρ must be strictly between 0 and 1/);
    assert.match(replies.unknownSetting.message, /"lamda" is not a setting of this playground \(did you mean "lambda"\?\)/);
    assert.equal(replies.notAnObject.ok, false);
    assert.match(replies.notAnObject.error, /needs settings: an object/);
    assert.match(replies.unknownType.error, /"explode" is not a request/);
    assert.match(replies.badSteps.error, /whole number of steps/);
    const after = await frame.evaluate(() => ({ config: window.sae.view.config(), step: window.sae.view.summary().step }));
    assert.deepEqual(after, before, 'nothing changed');
    assert.equal(await frame.locator('.banner.error').count(), 0, 'a refused API call is the caller\'s to show');
    assert.deepEqual(opened.errors, []);
    assert.deepEqual(opened.outside, []);
    await opened.close();
  });

  test('the Share / Embed builder: its snippet, pasted into a fresh page, shows exactly the chosen figures and controls', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    context.setDefaultTimeout(WAIT);
    const page = await context.newPage();
    const errors = [];
    const outside = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    context.on('request', (r) => !r.url().startsWith(session.url) && !/^(data|blob|about):/.test(r.url()) && outside.push(r.url()));
    await page.goto(`${session.url}#preset=kl-sparse&beta=2`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    await page.click('#share');
    // The builder is fetched on first use (its own chunk): the dialog opens once it has arrived.
    await page.locator('#embed-dialog').waitFor({ state: 'visible' });
    assert.match(await page.inputValue('#embed-link'), /preset=kl-sparse&beta=2/);
    // Every panel starts ticked; keep two, and add the ρ and β controls.
    for (const box of await page.locator('input[id^="embed-panel-"]').all()) {
      const id = (await box.getAttribute('id')).replace('embed-panel-', '');
      if (!['kl-curve', 'bars'].includes(id)) await box.uncheck();
    }
    await page.check('#embed-control-rho');
    await page.check('#embed-control-beta');
    await page.fill('#embed-width', '700');
    await page.fill('#embed-height', '640');
    const snippet = await page.inputValue('#embed-snippet');
    assert.match(snippet, /^<iframe src="[^"]+" width="700" height="640"/);
    // The live preview shows the same.
    await page.waitForFunction(() => /panels=bars(%2C|,)kl-curve/.test(document.getElementById('embed-preview').src));
    const preview = page.frameLocator('#embed-preview');
    await preview.locator('#panel-kl-curve').waitFor();
    await page.click('#embed-dialog .close');

    const fresh = await context.newPage();
    fresh.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await fresh.setContent(`<!doctype html><html><head><link rel="icon" href="data:,"></head><body><p>My course</p>${snippet}</body></html>`);
    const frame = await (async () => {
      for (;;) {
        const f = fresh.frames().find((x) => x.url().startsWith(session.url));
        if (f) return f;
        await fresh.waitForTimeout(50);
      }
    })();
    await frame.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: WAIT });
    assert.deepEqual(await frame.evaluate(() => [...document.querySelectorAll('#panels .panel')].map((p) => p.dataset.panel)), ['bars', 'kl-curve']);
    assert.deepEqual(await frame.evaluate(() => [...document.querySelectorAll('#controls .setting')].map((r) => r.dataset.key)), ['rho', 'beta']);
    assert.equal(await frame.evaluate(() => window.sae.view.config().beta), 2, 'the state travels with it');
    await frame.waitForFunction(() => window.sae.view.summary().step > 20, null, { timeout: WAIT }); // autoplay
    assert.deepEqual(errors, []);
    assert.deepEqual(outside, [], 'no request outside the playground\'s own files');
    await context.close();
  });
});
