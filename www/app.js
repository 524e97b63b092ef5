// The page: wires the controls, the panels, the training host and the URL state together, and runs the
// animation loop. All numbers and pictures come from the core; this file only routes intent and results.
import { createBanners } from './banner.js';
import { createControls } from './controls.js';
import { download } from './dom.js';
import { createFormulaCard } from './formula-card.js';
import { createFrameStats } from './frame-stats.js';
import { InlineHost } from './hosts/inline-host.js';
import { WorkerHost } from './hosts/worker-host.js';
import { listenForEmbedder } from './embed-api.js';
import { createEmbedBuilder } from './embed-builder.js';
import { createPanels } from './panels.js';
import { defaultConfig, lastPanic, limits, loadMnist, loadMnistFile, mnistLoaded, presets } from './playground.js';
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

/** Why this page cannot start workers or fetch its own files, when boot.js found it so (a file opened
 * from disk, a sandboxed frame, the single-file build); null when it is served normally. */
const restricted = window.saeRestricted ?? null;

// ---- MNIST, fetched only when chosen -------------------------------------------------------------

/** An error whose sentence is already on the page (in its own banner, with what to do). */
function alreadyShown(message) {
  return Object.assign(new Error(message), { shown: true });
}

/** Offers to load the digits from a file when they cannot be fetched; `retry` runs once they are in. */
function offerMnistFile(why, retry) {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.gz,application/gzip,application/octet-stream';
  input.addEventListener('change', async () => {
    if (!input.files[0]) return;
    try {
      state.mnistBytes = await loadMnistFile(input.files[0]);
      await state.host?.loadMnist(state.mnistBytes);
      banners.clear('mnist-file');
      await retry?.();
    } catch (error) {
      banners.show({ id: 'mnist-file', kind: 'error', text: `${input.files[0].name}: ${error.message}` });
    }
  });
  banners.show({
    id: 'mnist-file', kind: 'warning',
    text: `The MNIST digits cannot be downloaded here: ${why}. Choose the file data/mnist-6000.bin.gz from the ` +
      'playground\'s folder to use them; the other data sets work without it.',
    actions: [{ label: 'Choose the MNIST file…', primary: true, onClick: () => input.click() }],
  });
}

/** Makes the digits available, fetching them (about 1 MB) the first time. Where they cannot be fetched it
 * offers to load them from a file, then runs `retry`, and throws an error that is already shown. */
async function ensureMnist(retry) {
  if (mnistLoaded()) return;
  if (restricted) {
    // A fetch of the page's own file would be refused (and logged) here: ask for the file at once.
    offerMnistFile(restricted, retry);
    throw alreadyShown('The MNIST digits are not loaded.');
  }
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
  } catch (error) {
    offerMnistFile(restricted ?? error.message.replace(/\.$/, ''), retry);
    throw alreadyShown('The MNIST digits are not loaded.');
  } finally {
    banners.clear('mnist');
  }
  await state.host?.loadMnist(state.mnistBytes);
}

// ---- the training host: a Web Worker unless asked otherwise --------------------------------------

/** Says in one quiet line that training shares the page's thread, and why. */
function noteMainThread(why) {
  banners.show({ id: 'host', kind: 'info', text: `Training on the main thread: ${why}, so a Web Worker cannot train here. The figures may move less smoothly.` });
}

async function createHost(config) {
  if (config.dataset === 'mnist') await ensureMnist(() => changeSettings(config));
  const wanted = state.page.host ?? 'worker';
  if (wanted === 'worker' && restricted) {
    noteMainThread(restricted);
  } else if (wanted === 'worker' && typeof Worker === 'undefined') {
    noteMainThread('this browser has no Web Workers');
  } else if (wanted === 'worker') {
    try {
      return await WorkerHost.create(config, { mnistBytes: state.mnistBytes });
    } catch (error) {
      noteMainThread(`the training worker did not start (${error.message})`);
    }
  }
  return InlineHost.create(config);
}

const view = () => state.host.view;

// ---- user intent ---------------------------------------------------------------------------------

function showError(id, error) {
  if (error.shown) return;
  banners.show({ id, kind: 'error', text: error.message ?? String(error) });
}

/** Applies settings (fetching the digits first when MNIST is chosen); resolves to `{ reset, message }`
 * or rejects with the core's sentence, changing nothing. */
async function changeSettings(partial) {
  try {
    if (partial.dataset === 'mnist') await ensureMnist(() => changeSettings(partial));
    const change = await state.host.set(partial);
    for (const panel of panels.panels) if (panel.spec.replaysOn.some((key) => key in partial)) panel.restart();
    return change;
  } finally {
    refreshControls();
  }
}

/** Settings from the controls: a refusal becomes a banner. */
async function applySettings(partial) {
  banners.clear('setting');
  if (partial.dataset === 'csv' && view().config().dataset !== 'csv') {
    // A CSV must be chosen first; the data set switches once it loads.
    $('csv-file').click();
    refreshControls();
    return;
  }
  try {
    const change = await changeSettings(partial);
    if (change.reset) banners.show({ id: 'reset', kind: 'info', text: change.message, timeoutMs: 4000 });
  } catch (error) {
    showError('setting', error);
  }
}

async function applyPreset(name) {
  const preset = presets.find((p) => p.name === name);
  if (!preset) return;
  try {
    if (preset.config.dataset === 'mnist') await ensureMnist(() => applyPreset(name));
    await state.host.applyPreset(preset.config);
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
    if (dataset === 'mnist') await ensureMnist(() => importModelFile(file));
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
  download(new Blob([text], { type: 'application/json' }), `sae-model-step-${view().metrics().step}.json`);
}

async function gradientCheck() {
  const out = $('tool-result');
  out.textContent = 'Checking the gradient…';
  try {
    const report = await state.host.gradientCheck();
    out.textContent = report.terms.map((t) => `${t.term}: ${t.relativeError.toExponential(1)}`).join(' · ') +
      ` (ε = ${report.epsilon}, ${report.terms[0].parametersChecked} parameters) ${report.passed ? '✓ the gradient is right' : '✗ check failed'}`;
  } catch (error) {
    out.textContent = error.message;
  }
}

// ---- controls, panels, transport ----------------------------------------------------------------

const controls = createControls($('controls'), {
  limits,
  presets,
  only: state.page.controls,
  actions: { set: applySettings, preset: applyPreset, csv: loadCsvFile, importModel: importModelFile, exportModel, gradientCheck },
});

const panels = createPanels($('panels'), {
  only: state.page.panels,
  onSelect: (sample) => view().selectSample(sample),
  onUnit: createFormulaCard({ view }).open,
  onError: (spec, error) => crashOr(() => console.error(`drawing ${spec.id}:`, error), error),
  fileStem: (id) => `sae-${state.preset ?? 'custom'}-${id}-step${view().summary().step}`,
});

if (state.page.hideControls) document.body.classList.add('no-controls');
if (state.page.controls) document.body.classList.add('some-controls');
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

/** Stops training and resolves once the last trained state has reached the page (a Worker may still be
 * sending one): the host takes the stop, then answers a zero-step request behind it. */
async function pauseSettled() {
  setPlaying(false);
  state.host.run(false, 0);
  await state.host.step(0);
}

$('play').addEventListener('click', () => setPlaying(!state.playing));
$('step').addEventListener('click', () => state.host.step(1));
$('reset').addEventListener('click', async () => {
  await state.host.reset();
  refreshControls();
});
const embedBuilder = createEmbedBuilder({
  panels: panels.panels.map((p) => p.spec),
  current: () => ({ hash: location.hash, shownPanels: panels.panels.map((p) => p.spec.id) }),
});
$('share').addEventListener('click', () => embedBuilder.open());
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

/** Sets a read-out's text only when it changed: an unchanged write still costs a page layout. */
function show(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** The transport's counters; each panel's own line comes from the core (`panels.showReadouts`). */
function showCounters(summary) {
  show($('r-step'), String(summary.step));
  show($('r-epoch'), String(summary.epoch));
  show($('r-rate'), Math.round(summary.samplesPerSecond).toLocaleString('en'));
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
    const revisions = { draw: summary.generation, config: summary.configRevision };
    panels.draw(view(), revisions, now);
    showCounters(summary);
    panels.showReadouts(view(), revisions);
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
listenForEmbedder({
  view,
  set: changeSettings,
  play: () => setPlaying(true),
  pause: pauseSettled,
  step: (n) => state.host.step(n),
  reset: async () => {
    await state.host.reset();
    refreshControls();
  },
});
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
