// The failures a student meets through files and imports, seen through the page's own API and controls:
// a model file with huge weights is blamed (not the learning rate), a broken model file names its field,
// a semicolon CSV with decimal commas loads, and a CSV's huge bad cell is quoted short. Each refusal is a
// short sentence ending with a full stop, and the session is unchanged after it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiPageForFile, assertClean } from './helpers.mjs';

const file = apiPageForFile();
const inPage = file.inPage;

describe('messages a student can act on', () => {
  test('an imported model with huge weights is blamed for the divergence, not η', async () => {
    const r = await inPage((m) => {
      const source = m.Playground.fromPreset('undercomplete', 3);
      source.step(50);
      const file = source.exportModel();
      for (const layer of file.layers) layer.weights = layer.weights.map((w) => w * 1e30);
      const p = m.Playground.fromPreset('undercomplete', 3);
      p.importModel(file);
      p.step(20);
      return p.metrics().status;
    });
    assert.equal(r.state, 'diverged');
    assert.match(r.message, /The imported model is the cause, not the learning rate/);
    assert.match(r.message, /Press Reset to start from fresh weights, or import another model file\.$/);
  });

  test('a broken model file names its field, in a short sentence, and changes nothing', async () => {
    const r = await inPage((m) => {
      const p = m.Playground.fromPreset('undercomplete', 3);
      p.step(10);
      const file = p.exportModel();
      const before = JSON.stringify(p.exportModel());
      const attempt = (edit) => {
        const copy = JSON.parse(JSON.stringify(file));
        edit(copy);
        try {
          p.importModel(copy);
          return null;
        } catch (e) {
          return e.message;
        }
      };
      return {
        version: attempt((f) => delete f.version),
        weights: attempt((f) => { f.layers[1].weights = null; }),
        rho: attempt((f) => { f.config.rho = null; }),
        unchanged: JSON.stringify(p.exportModel()) === before,
      };
    });
    assert.equal(r.version, '`version` must be the whole number 1, but it is missing.');
    assert.equal(r.weights, '`layers[1].weights` must be a list of numbers, but it is null.');
    assert.equal(r.rho, '`config.rho` must be a number, but it is null.');
    assert.ok(r.unchanged, 'a refused file changes nothing');
  });

  test('a semicolon CSV with decimal commas and no header loads; a huge bad cell is quoted short', async () => {
    const r = await inPage((m) => {
      const p = m.Playground.fromPreset('undercomplete', 3);
      const rows = Array.from({ length: 40 }, (_, i) => `${i},5;${(i * 0.3).toFixed(2).replace('.', ',')};${i % 7}`);
      const loaded = p.loadCsv(rows.join('\n'));
      const samples = p.metrics().rhoHat.length >= 0 && p.config().dataset;
      const bad = `a,b\n${Array.from({ length: 30 }, (_, i) => `${i},${i === 20 ? 'x'.repeat(1000000) : i}`).join('\n')}`;
      let refusal = null;
      try {
        p.loadCsv(bad);
      } catch (e) {
        refusal = e.message;
      }
      return { loaded, samples, refusal, stillCsv: p.config().dataset };
    });
    assert.equal(r.loaded.reset, true);
    assert.equal(r.samples, 'csv');
    assert.ok(r.refusal.length < 200, `a short sentence (${r.refusal.length} characters)`);
    assert.match(r.refusal, /^CSV line 22: "x{40}…" in column 2 \("b"\) is not a number\.$/);
    assert.equal(r.stillCsv, 'csv', 'the loaded CSV is kept');
    assertClean(file.opened);
  });
});
