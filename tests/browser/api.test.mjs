// The JavaScript API for course authors (www/playground.js), exactly as the README shows it: imported in
// the page with `await import('./www/playground.js')`. Every check runs inside the browser on the real wasm.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiPageForFile, assertClean } from './helpers.mjs';

// One page for the whole file: the API is stateless between sessions except for the MNIST digits, whose
// test comes last.
const file = apiPageForFile();
const inPage = file.inPage;

describe('JavaScript API', () => {
  test('exports presets, limits, the default config and checkConfig', async () => {
    const r = await inPage((m) => ({
      names: m.presets.map((p) => p.name),
      presetKeys: Object.keys(m.presets[0]).sort(),
      rhoLimit: m.limits.rho,
      defaults: m.defaultConfig,
      checked: m.checkConfig({ rho: 0.2, penalty: 'kl', activation: 'sigmoid' }),
      refused: (() => {
        try {
          m.checkConfig({ rho: 2 });
          return null;
        } catch (e) {
          return { isError: e instanceof Error, message: e.message };
        }
      })(),
    }));
    for (const name of ['undercomplete', 'l1-sparse', 'kl-sparse', 'topk', 'ufldl-mnist', 'sparse-features', 'diverging']) {
      assert.ok(r.names.includes(name), name);
    }
    assert.deepEqual(r.presetKeys, ['config', 'lesson', 'name', 'steps', 'title']);
    assert.deepEqual(r.rhoLimit, { min: 0, max: 1, open: true });
    assert.equal(r.defaults.dataset, 'swiss-roll');
    assert.equal(r.checked.rho, 0.2);
    assert.equal(r.checked.codeSize, r.defaults.codeSize, 'checkConfig completes a partial config');
    assert.ok(r.refused?.isError);
    assert.match(r.refused.message, /ρ/);
  });

  test('fromPreset, new Playground, step, metrics and config', async () => {
    const r = await inPage((m) => {
      const p = m.Playground.fromPreset('kl-sparse', 7);
      const q = new m.Playground({ codeSize: 3, penalty: 'l1', lambda: 0.02 });
      const taken = p.step(50);
      const metrics = p.metrics();
      const out = {
        taken,
        metrics,
        config: p.config(),
        qConfig: q.config(),
        qStep: q.metrics().step,
        history: p.history().length,
        recovery: p.recovery(),
        summaryKeys: Object.keys(p.summary()),
        pca: p.pcaReference(),
        pca2: (() => {
          const two = new m.Playground({ codeSize: 2 });
          const value = two.pcaReference();
          two.free();
          return value;
        })(),
        defaultStep: p.step(),
      };
      p.free();
      q.free();
      return out;
    });
    assert.equal(r.taken, 50);
    assert.equal(r.metrics.step, 50);
    assert.equal(r.defaultStep, 1, 'step() takes one step');
    assert.equal(r.config.seed, 7);
    assert.equal(r.config.penalty, 'kl');
    assert.equal(r.config.codeSize, 32);
    assert.equal(r.metrics.rhoHat.length, 32, 'ρ̂ per unit');
    for (const key of ['reconstruction', 'sparsity', 'weightDecay', 'total']) assert.ok(Number.isFinite(r.metrics.loss[key]), key);
    assert.equal(r.metrics.status.state, 'ok');
    assert.ok(r.metrics.l0 >= 0 && r.metrics.l0 <= 32);
    assert.equal(r.qConfig.codeSize, 3);
    assert.equal(r.qConfig.lambda, 0.02);
    assert.equal(r.qConfig.dataset, 'swiss-roll', 'missing keys take their defaults');
    assert.equal(r.qStep, 0);
    assert.ok(r.history > 0);
    assert.equal(r.recovery, null, 'recovery is only for sparse features');
    assert.ok(r.summaryKeys.includes('generation'));
    assert.equal(Math.abs(r.pca), 0, 'PCA with 32 components reconstructs 3-D data exactly (the core returns -0)');
    assert.ok(Number.isFinite(r.pca2) && r.pca2 > 0, `PCA with 2 components: ${r.pca2}`);
  });

  test('the same preset and seed train identically; training lowers the loss', async () => {
    const r = await inPage((m) => {
      const a = m.Playground.fromPreset('undercomplete', 3);
      const b = m.Playground.fromPreset('undercomplete', 3);
      const before = a.evaluate().loss.total;
      a.step(400);
      b.step(400);
      const out = { before, a: a.evaluate(), b: b.evaluate() };
      a.free();
      b.free();
      return out;
    });
    assert.deepEqual(r.a, r.b);
    assert.ok(r.a.loss.total < r.before * 0.8, `the loss fell: ${r.before} → ${r.a.loss.total}`);
  });

  test('set: hyperparameters are live, architecture and data restart; refusals throw the sentence and change nothing', async () => {
    const r = await inPage((m) => {
      const p = m.Playground.fromPreset('kl-sparse', 1);
      p.step(100);
      const klBefore = p.evaluate().loss.sparsity;
      const live = p.set({ rho: 0.2, beta: 1, learningRate: 0.02 });
      const afterLive = { step: p.metrics().step, config: p.config(), kl: p.evaluate().loss.sparsity };
      const caught = (fn) => {
        try {
          fn();
          return null;
        } catch (e) {
          return { isError: e instanceof Error, message: e.message };
        }
      };
      const configBefore = JSON.stringify(p.config());
      const evalBefore = JSON.stringify(p.evaluate());
      const errors = {
        rho: caught(() => p.set({ rho: 2 })),
        tanhWithKl: caught(() => p.set({ activation: 'tanh' })),
        unknown: caught(() => p.set({ bogus: 1 })),
        stepMinus: caught(() => p.step(-1)),
        stepFraction: caught(() => p.step(2.5)),
      };
      const unchanged = JSON.stringify(p.config()) === configBefore && JSON.stringify(p.evaluate()) === evalBefore
        && p.metrics().step === 100;
      const reset = p.set({ codeSize: 16 });
      const afterReset = { step: p.metrics().step, codeSize: p.config().codeSize, rhoHat: p.metrics().rhoHat.length };
      const data = p.set({ dataset: 'plane' });
      p.free();
      return { klBefore, live, afterLive, errors, unchanged, reset, afterReset, data };
    });
    assert.deepEqual(r.live, { reset: false, message: '' });
    assert.equal(r.afterLive.step, 100, 'no reset for hyperparameters');
    assert.equal(r.afterLive.config.rho, 0.2);
    assert.equal(r.afterLive.config.beta, 1);
    assert.notEqual(r.afterLive.kl, r.klBefore, 'the KL term follows ρ and β at once');
    for (const [what, e] of Object.entries(r.errors)) {
      assert.ok(e, `${what} throws`);
      assert.ok(e.isError, `${what} throws an Error`);
      assert.ok(e.message.length > 20 && /[.:]/.test(e.message), `${what}: a sentence (${e.message})`);
    }
    assert.match(r.errors.rho.message, /ρ/);
    assert.match(r.errors.rho.message, /2/);
    assert.match(r.errors.tanhWithKl.message, /sigmoid/);
    assert.match(r.errors.unknown.message, /bogus/);
    assert.match(r.errors.stepMinus.message, /-1/);
    assert.ok(r.unchanged, 'refused settings change nothing');
    assert.equal(r.reset.reset, true);
    assert.match(r.reset.message, /restarted training from step 0/);
    assert.deepEqual(r.afterReset, { step: 0, codeSize: 16, rhoHat: 16 });
    assert.equal(r.data.reset, true);
    assert.match(r.data.message, /data set/);
  });

  test('gradientCheck: every term below 1e-6 for kl-sparse (and the other penalties)', async () => {
    const r = await inPage((m) => Object.fromEntries(['kl-sparse', 'l1-sparse', 'undercomplete', 'sparse-features', 'topk'].map((name) => {
      const p = m.Playground.fromPreset(name, 2);
      p.step(30);
      const report = p.gradientCheck();
      p.free();
      return [name, report];
    })));
    const kl = r['kl-sparse'];
    assert.ok(kl.epsilon > 0);
    assert.ok(kl.terms.length >= 2, 'reconstruction and sparsity are checked');
    assert.ok(kl.terms.some((t) => /kl|sparsity/i.test(t.term)), JSON.stringify(kl.terms.map((t) => t.term)));
    for (const [name, report] of Object.entries(r)) {
      for (const t of report.terms) {
        assert.ok(t.parametersChecked > 0, `${name} ${t.term} checks parameters`);
        assert.ok(t.relativeError < 1e-6, `${name}: ${t.term} relative error ${t.relativeError}`);
      }
    }
  });

  test('gradientCheckInSlices gives gradientCheck\'s report, bit for bit, with its progress', async () => {
    const r = await inPage(async (m) => {
      const p = m.Playground.fromPreset('kl-sparse', 2);
      p.step(30);
      const whole = p.gradientCheck();
      const fractions = [];
      const sliced = await p.gradientCheckInSlices({ sliceMs: 1, onProgress: (f) => fractions.push(f) });
      p.free();
      return { whole, sliced, fractions };
    });
    assert.deepEqual(r.sliced, r.whole);
    assert.ok(r.fractions.length >= 5, `${r.fractions.length} slices`);
    assert.equal(r.fractions.at(-1), 1);
    for (let i = 1; i < r.fractions.length; i++) assert.ok(r.fractions[i] >= r.fractions[i - 1], r.fractions.join(', '));
  });

  test('exportModel / importModel round trip gives the same numbers; a bad file throws and changes nothing', async () => {
    const r = await inPage((m) => {
      const p = m.Playground.fromPreset('topk', 4);
      p.step(200);
      const model = p.exportModel();
      const q = new m.Playground({});
      const fromText = q.importModel(JSON.stringify(model));
      const same = { p: p.evaluate(), q: q.evaluate(), pConfig: p.config(), qConfig: q.config(), qStep: q.metrics().step };
      const o = new m.Playground({});
      o.importModel(model); // an object works too
      const objectSame = JSON.stringify(o.evaluate()) === JSON.stringify(same.p);
      // Training on from the import continues identically: the file holds everything that matters.
      const qBefore = JSON.stringify(q.evaluate());
      let error = null;
      try {
        q.importModel('{');
      } catch (e) {
        error = { isError: e instanceof Error, message: e.message };
      }
      let wrongFormat = null;
      try {
        q.importModel({ ...model, format: 'something-else' });
      } catch (e) {
        wrongFormat = e.message;
      }
      const unchanged = JSON.stringify(q.evaluate()) === qBefore;
      const out = { model: { format: model.format, version: model.version, inputDim: model.inputDim, step: model.step }, fromText, same, objectSame, error, wrongFormat, unchanged };
      [p, q, o].forEach((s) => s.free());
      return out;
    });
    assert.equal(r.model.format, 'sae-playground-model');
    assert.equal(r.model.version, 1);
    assert.equal(r.model.inputDim, 3);
    assert.equal(r.model.step, 200);
    assert.equal(r.fromText.reset, true);
    assert.deepEqual(r.same.q, r.same.p, 'same evaluate() numbers after the round trip');
    assert.deepEqual(r.same.qConfig, r.same.pConfig);
    assert.ok(r.objectSame, 'importModel takes an object too');
    assert.ok(r.error?.isError, 'importModel("{") throws an Error');
    assert.match(r.error.message, /model file/);
    assert.ok(r.wrongFormat, 'a file of another format is refused');
    assert.ok(r.unchanged, 'the session is unchanged after a refused file');
  });

  test('loadCsv trains on the text; a malformed CSV throws naming the line and keeps the data', async () => {
    const r = await inPage((m) => {
      const rows = ['a,b,c'];
      for (let i = 0; i < 100; i++) rows.push(`${Math.cos(i / 10)},${Math.sin(i / 10)},${(i % 7) / 7}`);
      const p = new m.Playground({});
      const change = p.loadCsv(rows.join('\n'));
      const config = p.config();
      const before = p.evaluate().loss.total;
      p.step(300);
      const after = p.evaluate().loss.total;
      const evalBefore = JSON.stringify(p.evaluate());
      let error = null;
      try {
        p.loadCsv('x,y\n1,2\n3\n');
      } catch (e) {
        error = { isError: e instanceof Error, message: e.message };
      }
      const unchanged = JSON.stringify(p.evaluate()) === evalBefore && p.metrics().step === 300;
      const inputDim = p.exportModel().inputDim;
      p.free();
      return { change, dataset: config.dataset, before, after, error, unchanged, inputDim };
    });
    assert.equal(r.change.reset, true);
    assert.ok(r.change.message.length > 10);
    assert.equal(r.dataset, 'csv');
    assert.ok(r.after < r.before, `the loss falls on the CSV: ${r.before} → ${r.after}`);
    assert.ok(r.error?.isError);
    assert.match(r.error.message, /line 3/);
    assert.ok(r.unchanged, 'the previous data and model stay');
    assert.equal(r.inputDim, 3);
  });

  test('text starting with a byte-order mark loads through the API as through the page: a model file and a CSV', async () => {
    const r = await inPage((m) => {
      const p = m.Playground.fromPreset('undercomplete', 2);
      p.step(50);
      const model = JSON.stringify(p.exportModel());
      const q = new m.Playground({});
      const imported = q.importModel(`\uFEFF${model}`);
      const sameModel = JSON.stringify(q.evaluate()) === JSON.stringify(p.evaluate());
      const rows = ['x,y,z'];
      for (let i = 0; i < 40; i++) rows.push(`${Math.cos(i / 7)},${Math.sin(i / 7)},${i / 40}`);
      const loaded = q.loadCsv(`\uFEFF${rows.join('\r\n')}`);
      const out = { imported, sameModel, loaded, dataset: q.config().dataset, columns: q.exportModel().inputDim };
      [p, q].forEach((s) => s.free());
      return out;
    });
    assert.equal(r.imported.reset, true);
    assert.ok(r.sameModel, 'the model file with a byte-order mark gives the same numbers');
    assert.equal(r.loaded.reset, true);
    assert.equal(r.dataset, 'csv');
    assert.equal(r.columns, 3, 'the byte-order mark is not part of the first column name');
  });

  test('loadCsv detects semicolons and decimal commas without a header; a refusal quotes a short excerpt', async () => {
    const r = await inPage((m) => {
      const rows = [];
      for (let i = 0; i < 30; i++) rows.push(`${i},5;${(i * 7) % 5},25;${i % 3}`);
      const p = new m.Playground({});
      const loaded = p.loadCsv(rows.join('\n'));
      const shape = { inputDim: p.exportModel().inputDim, dataset: p.config().dataset };
      const caught = (text) => {
        try {
          p.loadCsv(text);
          return null;
        } catch (e) {
          return e.message;
        }
      };
      const huge = caught(`a,b\n${'1,2\n'.repeat(20)}3,${'x'.repeat(1000000)}\n`);
      const binary = caught(`a,b\n${'1,2\n'.repeat(20)}3,\u0000\u0007\u202e\n`);
      p.free();
      return { loaded, shape, huge, binary };
    });
    assert.equal(r.loaded.reset, true);
    assert.deepEqual(r.shape, { inputDim: 3, dataset: 'csv' }, 'three columns, and the first line is data');
    assert.ok(r.huge.length < 300, `a 1 MB cell gives a short message (${r.huge.length} characters)`);
    assert.match(r.huge, /^CSV line 22: "x+…" in column 2 \("b"\) is not a number\.$/);
    assert.equal(r.binary, 'CSV line 22: "\\u{0}\\u{7}\\u{202e}" in column 2 ("b") is not a number.');
  });

  test('free() releases the session; using it afterwards throws a sentence', async () => {
    const r = await inPage((m) => {
      const p = new m.Playground({});
      p.step(5);
      p.free();
      p.free(); // twice is harmless
      try {
        p.step(1);
        return null;
      } catch (e) {
        return { isError: e instanceof Error, name: e.constructor.name, message: e.message };
      }
    });
    assert.ok(r?.isError);
    assert.match(r.message, /freed/);
  });

  test('loadMnist() fetches the digits; then fromPreset("ufldl-mnist") trains', async () => {
    const r = await inPage(async (m) => {
      let early = null;
      if (!m.mnistLoaded()) {
        try {
          m.Playground.fromPreset('ufldl-mnist');
        } catch (e) {
          early = e.message;
        }
      }
      const progress = [];
      const bytes = await m.loadMnist({ onProgress: (f) => progress.push(f) });
      const p = m.Playground.fromPreset('ufldl-mnist', 1);
      const before = p.evaluate().loss.reconstruction;
      p.step(20);
      const out = {
        early,
        loaded: m.mnistLoaded(),
        bytes: bytes.length,
        progress: [progress[0], progress.at(-1)],
        config: p.config(),
        metrics: p.metrics(),
        before,
        after: p.evaluate().loss.reconstruction,
        inputDim: p.exportModel().inputDim,
      };
      p.free();
      return out;
    });
    assert.ok(r.early === null || /MNIST/.test(r.early), `before loading, a sentence about MNIST: ${r.early}`);
    assert.ok(r.loaded);
    assert.equal(r.bytes, 20 + 6000 + 6000 * 784, 'the decompressed payload');
    assert.equal(r.progress.at(-1), 1);
    assert.equal(r.config.dataset, 'mnist');
    assert.equal(r.config.codeSize, 196);
    assert.equal(r.inputDim, 784);
    assert.equal(r.metrics.step, 20);
    assert.equal(r.metrics.status.state, 'ok');
    assert.ok(r.after < r.before, `MNIST reconstruction falls: ${r.before} → ${r.after}`);
    assertClean(file.opened);
  });
});

describe('the two wasm builds', () => {
  test('relaxed SIMD is used where the browser validates it, and its matrix kernel agrees with the generic one', async () => {
    const r = await inPage((m) => ({ variant: m.wasmVariant, features: m.core.wasmFeatures(), selfTest: m.core.matmulSelfTest() }));
    assert.equal(r.variant, 'relaxed-simd');
    assert.deepEqual(r.features, ['simd128', 'relaxed-simd']);
    assert.ok(r.selfTest < 1e-5, `SIMD kernel differs from matrixmultiply by ${r.selfTest}`);
  });

  test('the SIMD128 fallback build (for browsers without relaxed SIMD) trains and its kernel agrees', async () => {
    const r = await file.opened.page.evaluate(async () => {
      const baseline = await import('./pkg/sae_playground.js');
      await baseline.default();
      const p = baseline.WebPlayground.fromPreset('kl-sparse', 3);
      const taken = p.step(200);
      const metrics = JSON.parse(p.metrics());
      p.free();
      return { features: baseline.wasmFeatures(), selfTest: baseline.matmulSelfTest(), taken, loss: metrics.loss.total };
    });
    assert.deepEqual(r.features, ['simd128']);
    assert.ok(r.selfTest < 1e-5, `SIMD kernel differs from matrixmultiply by ${r.selfTest}`);
    assert.equal(r.taken, 200);
    assert.ok(Number.isFinite(r.loss) && r.loss > 0);
  });
});
