// The page: wires the controls, the panels, the training host and the URL state together, and runs the
// animation loop. All numbers and pictures come from the core; this file only routes intent and results.
import { createBanners } from './banner.js';
import { createControls } from './controls.js';
import { createFrameStats } from './frame-stats.js';
import { InlineHost } from './hosts/inline-host.js';
import { WorkerHost } from './hosts/worker-host.js';
import { createPanels } from './panels.js';
import { defaultConfig, lastPanic, limits, loadMnist, mnistLoaded, presets } from './playground.js';
import { readUrlState, writeUrlState } from './url-state.js';

const $ = (id) => document.getElementById(id);
const banners = createBanners($('banners'));
const frameStats = createFrameStats();

const initial = readUrlState(location.hash, { presets, defaultConfig });
initial.problems.forEach((text, i) => banners.show({ id: `url-${i}`, kind: 'warning', text }));

const state = {
  preset: initial.preset,
  page: initial.page,
  playing: false,
  speed: initial.page.speed ?? '20',
  host: null,
  mnistBytes: null,
  crashed: false,
};

// ---- MNIST, fetched only when chosen -------------------------------------------------------------

async function ensureMnist() {
  if (mnistLoaded()) return;
  banners.show({ id: 'mnist', kind: 'info', text: 'Loading the MNIST digits (about 1 MB)… 0%', progress: 0 });
  try {
    state.mnistBytes = await loadMnist({
      onProgress: (f) => {
        const node = document.querySelector('[data-id="mnist"] p');
        if (node) node.textContent = `Loading the MNIST digits (about 1 MB)… ${Math.round(f * 100)}%`;
        const bar = document.querySelector('[data-id="mnist"] progress');
        if (bar) bar.value = f;
      },
    });
    await state.host?.loadMnist(state.mnistBytes);
  } finally {
    banners.clear('mnist');
  }
}

// ---- the training host: a Web Worker unless asked otherwise --------------------------------------

async function createHost(config) {
  if (config.dataset === 'mnist') await ensureMnist();
  const wanted = state.page.host ?? 'worker';
  if (wanted === 'worker' && typeof Worker !== 'undefined') {
    try {
      return await WorkerHost.create(config, { mnistBytes: state.mnistBytes });
    } catch (error) {
      console.warn('Training on the main thread:', error);
    }
  }
  return InlineHost.create(config);
}

const view = () => state.host.view;

// ---- user intent ---------------------------------------------------------------------------------

function showError(id, error) {
  banners.show({ id, kind: 'error', text: error.message ?? String(error) });
}

async function applySettings(partial) {
  banners.clear('setting');
  try {
    if (partial.dataset === 'mnist') await ensureMnist();
    if (partial.dataset === 'csv' && view().config().dataset !== 'csv') {
      // A CSV must be chosen first; the data set switches once it loads.
      $('csv-file').click();
      refreshControls();
      return;
    }
    const change = await state.host.set(partial);
    if ('lambda' in partial) panels.panels.find((p) => p.spec.id === 'l1-l2')?.restart();
    if (change.reset) banners.show({ id: 'reset', kind: 'info', text: change.message, timeoutMs: 4000 });
  } catch (error) {
    showError('setting', error);
  }
  refreshControls();
}

async function applyPreset(name) {
  const preset = presets.find((p) => p.name === name);
  if (!preset) return;
  try {
    if (preset.config.dataset === 'mnist') await ensureMnist();
    await state.host.set(preset.config);
    await state.host.reset();
    state.preset = name;
    banners.show({ id: 'reset', kind: 'info', text: `Preset "${preset.title}" loaded.`, timeoutMs: 4000 });
  } catch (error) {
    showError('setting', error);
  }
  refreshControls();
}

async function loadCsvFile(file) {
  try {
    const change = await state.host.loadCsv(await file.text());
    state.preset = null;
    banners.show({ id: 'reset', kind: 'info', text: `${file.name}: ${change.message}`, timeoutMs: 5000 });
  } catch (error) {
    showError('csv', error);
  }
  refreshControls();
}

async function importModelFile(file) {
  try {
    const text = await file.text();
    const dataset = JSON.parse(text)?.config?.dataset;
    if (dataset === 'mnist') await ensureMnist();
    const change = await state.host.importModel(text);
    state.preset = null;
    banners.show({ id: 'reset', kind: 'info', text: change.message, timeoutMs: 5000 });
  } catch (error) {
    showError('model', error instanceof SyntaxError ? new Error(`${file.name} is not JSON: ${error.message}`) : error);
  }
  refreshControls();
}

function exportModel() {
  const text = JSON.stringify(view().exportModel());
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = `sae-model-step-${view().metrics().step}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

async function gradientCheck() {
  const out = $('tool-result');
  out.textContent = 'Checking the gradient…';
  try {
    const report = await state.host.gradientCheck();
    const worst = Math.max(...report.terms.map((t) => t.relativeError));
    out.textContent = report.terms.map((t) => `${t.term}: ${t.relativeError.toExponential(1)}`).join(' · ') +
      ` (ε = ${report.epsilon}, ${report.terms[0].parametersChecked} parameters) ${worst < 1e-6 ? '✓ the gradient is right' : '✗ check failed'}`;
  } catch (error) {
    out.textContent = error.message;
  }
}

// ---- controls, panels, transport ----------------------------------------------------------------

const controls = createControls($('controls'), {
  limits,
  presets,
  actions: { set: applySettings, preset: applyPreset, csv: loadCsvFile, importModel: importModelFile, exportModel, gradientCheck },
});

const panels = createPanels($('panels'), {
  only: state.page.panels,
  onSelect: (sample) => view().selectSample(sample),
  onError: (spec, error) => crashOr(() => console.error(`drawing ${spec.id}:`, error), error),
});

if (state.page.hideControls) document.body.classList.add('no-controls');
if (state.page.panels) document.body.classList.add('embedded');

function refreshControls() {
  controls.update(view().config(), state.preset);
  history.replaceState(null, '', writeUrlState({ config: view().config(), preset: state.preset, page: { ...state.page, speed: state.speed } }, { presets, defaultConfig }));
}

function setPlaying(playing) {
  state.playing = playing;
  $('play').textContent = playing ? '❚❚ Pause' : '▶ Play';
  $('play').setAttribute('aria-pressed', String(playing));
}

$('play').addEventListener('click', () => setPlaying(!state.playing));
$('step').addEventListener('click', () => state.host.step(1));
$('reset').addEventListener('click', async () => {
  await state.host.reset();
  refreshControls();
});
$('new-seed').addEventListener('click', () => applySettings({ seed: Math.floor(Math.random() * 1e9) }));
$('speed').value = state.speed;
$('speed').addEventListener('change', () => {
  state.speed = $('speed').value;
  refreshControls();
});
document.addEventListener('keydown', (event) => {
  if (event.target.closest('input, select, textarea, button') || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === ' ') setPlaying(!state.playing);
  else if (event.key === 's' || event.key === 'S') state.host.step(1);
  else if (event.key === 'r') $('reset').click();
  else return;
  event.preventDefault();
});

// ---- read-outs and status -----------------------------------------------------------------------

// JSON has no NaN or infinity: the core's non-finite numbers (after divergence) arrive as null.
const fmt = (v) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'not finite';
  return v === 0 ? '0' : Math.abs(v) >= 0.01 && Math.abs(v) < 1e4 ? v.toPrecision(4) : v.toExponential(2);
};

/** Sets a read-out's text only when it changed: an unchanged write still costs a page layout. */
function show(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function showReadouts(summary, pca) {
  show($('r-step'), String(summary.step));
  show($('r-epoch'), String(summary.epoch));
  show($('r-rate'), Math.round(summary.samplesPerSecond).toLocaleString('en'));
  const loss = panels.readout('loss');
  if (loss) {
    const l = summary.loss;
    show(loss, `reconstruction ${fmt(l.reconstruction)} · sparsity ${fmt(l.sparsity)} · weight decay ${fmt(l.weightDecay)} · total ${fmt(l.total)}` +
      (pca === null ? ' · PCA: computing…' : ` · PCA (k = ${summary.codeSize}) ${fmt(pca)}`));
  }
  const health = panels.readout('health');
  if (health) {
    show(health, `L0 = ${Number.isFinite(summary.l0) ? summary.l0.toFixed(2) : 'not finite'} of ${summary.codeSize} units active per sample (${summary.activityRule}) · ` +
      `dead: ${summary.deadUnits} (inactive for the last 5,000 samples)`);
  }
  const features = panels.readout('features');
  if (features) {
    const r = summary.recovery;
    show(features, r
      ? `Recovered ${Math.round(r.fractionRecovered * r.bestCosine.length)} of ${r.bestCosine.length} true features ` +
        `(best cosine above ${r.threshold}). Rows: the true features; columns: the code units, each feature's best ` +
        'match on the diagonal. Orange: cosine +1, purple: −1; outlined cells are above the threshold.'
      : '');
  }
  const kl = panels.readout('kl-curve');
  if (kl) {
    show(kl, summary.penalty === 'kl'
      ? `ρ = ${summary.rho}, β = ${summary.beta}: KL term ${fmt(summary.loss.sparsity)}`
      : `KL is not the penalty now (${summary.penalty}): the dots show each unit's mean activation against the curve for ρ = ${summary.rho}.`);
  }
}

/** The id of the banner explaining why training stopped ('diverged', 'stuck'), or null. */
let stopBanner = null;

/** A stopped run, whatever the reason: the core's sentences and Restore, shown once per stop. */
function showStatus(summary) {
  const status = summary.status;
  const stopped = status.state === 'ok' ? null : status.state;
  if (stopBanner && stopBanner !== stopped) banners.clear(stopBanner);
  stopBanner = stopped;
  if (!stopped || banners.has(stopped)) return;
  setPlaying(false);
  banners.show({
    id: stopped, kind: stopped, text: status.message,
    actions: [{ label: `Restore step ${status.restorableStep}`, primary: true, onClick: async () => {
      await state.host.restore();
      banners.clear(stopped);
    } }],
  });
}

function crashOr(otherwise, error) {
  const panic = lastPanic();
  if (!panic) return otherwise();
  state.crashed = true;
  setPlaying(false);
  banners.show({
    id: 'crash', kind: 'crash',
    text: `The playground hit a bug and stopped: ${panic}. Your settings are in the address bar; reload to continue.`,
    actions: [{ label: 'Reload', primary: true, onClick: () => location.reload() }],
  });
  console.error(error);
}

// ---- the loop ----------------------------------------------------------------------------------

/** Milliseconds from navigation to the page being ready and to the first frame showing a trained step
 * (`npm run bench:startup` reads them). */
const startup = { readyMs: null, firstTrainedFrameMs: null };

function frame(now) {
  if (state.crashed) return;
  frameStats.record(now);
  try {
    state.host.run(state.playing, state.speed === 'max' ? Infinity : Number(state.speed));
    const summary = view().summary();
    // The status first: divergence must be explained even if something after it fails.
    showStatus(summary);
    const pcaReference = state.host.pcaReference();
    panels.draw(view(), { generation: summary.generation, config: summary.configRevision }, now, { pcaReference });
    showReadouts(summary, pcaReference);
    if (startup.firstTrainedFrameMs === null && summary.step > 0) startup.firstTrainedFrameMs = performance.now();
  } catch (error) {
    crashOr(() => showError('frame', error), error);
  }
  requestAnimationFrame(frame);
}

try {
  state.host = await createHost(initial.config);
} catch (error) {
  showError('start', error);
  state.host = await InlineHost.create(defaultConfig);
}
$('mode').textContent = state.host.kind === 'worker' ? 'Training in a Web Worker.' : 'Training on the main thread.';
refreshControls();
if (state.page.autoplay) setPlaying(true);
requestAnimationFrame(frame);

// For tests, benchmarks and the curious: the live session and the frame statistics.
window.sae = {
  get view() {
    return view();
  },
  get host() {
    return state.host;
  },
  frameStats,
  startup,
  setPlaying,
  applySettings,
  applyPreset,
  get playing() {
    return state.playing;
  },
};
startup.readyMs = performance.now();
document.body.dataset.ready = 'true';
