// The lesson's last step: the linear-probe study (www/probe-study.js, which runs the core's study in a
// worker or between frames) with a progress bar, then its table and an honest reading of it: which code
// the probe reads best, whether a sparse one wins, and the sparse-features recovery score.
import { element } from '../dom.js';

/** Codes the report calls sparse. */
const SPARSE = ['l1', 'kl', 'topk'];

const percent = (fraction) => `${(100 * fraction).toFixed(1)}%`;

/** A row's label inside a sentence: "Raw pixels …" → "raw pixels …"; "PCA …", "L1-sparse …" stay. */
const inSentence = (label) => (/^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label);

/** A list in a sentence: "a", "a and b", "a, b and c". */
const listed = (items) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** Sentences saying which representation wins, which sparse codes beat the dense one and which do not,
 * and why not where not: the lesson never claims more than the numbers show. */
export function verdict(rows) {
  const byAccuracy = [...rows].sort((a, b) => b.heldOutAccuracy - a.heldOutAccuracy);
  const best = byAccuracy[0];
  const dense = rows.find((r) => r.name === 'dense');
  const sparse = byAccuracy.filter((r) => SPARSE.includes(r.name));
  const named = (r) => `the ${inSentence(r.label)} (${percent(r.heldOutAccuracy)}, ${r.meanActive.toFixed(1)} units active per digit)`;
  const lines = [`The probe reads ${inSentence(best.label)} best: ${percent(best.heldOutAccuracy)} of the held-out digits named right.`];
  if (!dense || sparse.length === 0) return lines;
  const ahead = sparse.filter((r) => r.heldOutAccuracy > dense.heldOutAccuracy);
  const behind = sparse.filter((r) => r.heldOutAccuracy <= dense.heldOutAccuracy);
  const denseText = `the dense autoencoder's ${percent(dense.heldOutAccuracy)} (${dense.meanActive.toFixed(1)} units active per digit)`;
  if (ahead.length) lines.push(`Ahead of ${denseText}: ${listed(ahead.map(named))}.`);
  if (behind.length) {
    lines.push(`${ahead.length ? 'Not' : 'No sparse code is'} ahead of ${denseText}${ahead.length ? `: ${listed(behind.map(named))}` : ''}. ` +
      'A sparse code helps a linear probe when its few active units line up with what tells the digits apart; a penalty that leaves only a handful of units on per digit also throws away detail the probe needs, and with trainings this short that can cost more than it gains.');
  }
  if (!ahead.length) lines.push('So on this data, with these settings, the report\'s claim does not hold for a linear probe.');
  else if (SPARSE.includes(best.name)) lines.push('So the report\'s claim holds here for some sparse codes, not for every penalty: how much sparsity, and of which kind, matters.');
  else lines.push(`So sparsity helped some autoencoders against the dense one, but no autoencoder beat ${inSentence(best.label)}: here the claim holds only among the autoencoders.`);
  return lines;
}

/** Builds the study box into `container`; `ensureMnist(retry)` resolves to the digits' bytes; `options()`
 * gives extra options for `startProbeStudy` (tests ask for its quick mode). Returns `{ reading(),
 * dispose() }`, `reading()` being `{ fraction, done }` (done 1 once the results are in). */
export function createStudy(container, { ensureMnist, options = () => ({}) }) {
  const run = element('button', { type: 'button', class: 'primary walk-study-run', text: 'Run the study' });
  const bar = element('progress', { max: '1', value: '0', class: 'walk-study-bar' });
  const label = element('p', { class: 'walk-study-label', 'aria-live': 'polite' });
  const results = element('div', { class: 'walk-study-results' });
  const box = element('section', { class: 'walk-study', 'aria-label': 'The probe study' }, run, bar, label, results);
  bar.hidden = true;
  container.append(box);
  const state = { fraction: 0, done: 0, running: null };

  function table(rows, head, cells) {
    return element('table', { class: 'walk-table' },
      element('thead', {}, element('tr', {}, ...head.map((h) => element('th', { scope: 'col', text: h })))),
      element('tbody', {}, ...rows.map((row) => element('tr', { class: row.best ? 'best' : null }, ...cells(row).map((c) => element('td', { text: c }))))));
  }

  function showResults(r) {
    const best = Math.max(...r.rows.map((row) => row.heldOutAccuracy));
    const rows = r.rows.map((row) => ({ ...row, best: row.heldOutAccuracy === best }));
    const bestRecovery = Math.max(...r.recovery.map((row) => row.fractionRecovered));
    const recovery = r.recovery.map((row) => ({ ...row, best: row.fractionRecovered === bestRecovery }));
    results.replaceChildren(
      element('h3', { text: `Linear probe on MNIST codes (${r.trainDigits} training digits, ${r.heldOutDigits} held out)` }),
      table(rows, ['code', 'size', 'held-out accuracy', 'active per digit'],
        (row) => [row.label, String(row.codeDims), percent(row.heldOutAccuracy), row.meanActive.toFixed(1)]),
      ...verdict(r.rows).map((line) => element('p', { class: 'walk-verdict', text: line })),
      element('h3', { text: 'Recovering known sparse features' }),
      table(recovery, ['network', 'features recovered', 'mean best cosine', 'active per sample'],
        (row) => [row.label, `${row.featuresRecovered} of ${row.trueFeatures}`, row.meanBestCosine.toFixed(3), row.meanActive.toFixed(1)]),
      element('p', { class: 'walk-verdict', text: `A true feature counts as recovered when some unit's direction has cosine above ${recovery[0]?.threshold ?? ''} with it.` }));
  }

  run.addEventListener('click', async () => {
    if (state.running) return;
    run.disabled = true;
    bar.hidden = false;
    label.textContent = 'Loading the MNIST digits…';
    try {
      const mnistBytes = await ensureMnist(() => run.click());
      // The study's code is a chunk of its own, fetched here: most visitors never run it.
      label.textContent = 'Loading the study…';
      const { startProbeStudy } = await import('../probe-study.js').catch((error) => {
        throw new Error(`The study could not be loaded (${String(error?.message ?? error).replace(/\.$/, '')}). Reload the page to try again.`);
      });
      state.running = startProbeStudy({
        ...options(), mnistBytes, seed: 1,
        onProgress: ({ fraction, label: what }) => {
          state.fraction = fraction;
          bar.value = fraction;
          // The download of the probe's core comes first, its own percentage in its label.
          label.textContent = fraction > 0 ? `${what} (${Math.round(100 * fraction)}%)` : what;
        },
      });
      const r = await state.running.done;
      state.fraction = 1;
      bar.value = 1;
      label.textContent = `Done in ${r.seconds.toFixed(0)} s on this machine.`;
      showResults(r);
      state.done = 1;
    } catch (error) {
      if (!error.cancelled) label.textContent = error.shown ? 'The study needs the MNIST digits: see the message above.' : error.message;
      run.disabled = false;
    } finally {
      state.running = null;
    }
  });

  return {
    reading: () => ({ fraction: state.fraction, done: state.done }),
    dispose() {
      state.running?.cancel();
      box.remove();
    },
  };
}
