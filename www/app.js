// The page: a shell (header, transport, banners, URL state, keyboard, the embedding API and the animation
// loop) around one stage, which holds the session (or two, comparing) with its controls and figures.
// All numbers and pictures come from the core; this file only routes intent and results.
import { atMostEvery } from './at-most-every.js';
import { createBanners } from './banner.js';
import { createFrameStats } from './frame-stats.js';
import { listenForEmbedder } from './embed-api.js';
import { onDemand } from './on-demand.js';
import { watchSight } from './out-of-sight.js';
import { defaultConfig, loadMnist, loadMnistFile, mnistLoaded, panels as panelTable, presets } from './playground.js';
import { createStage } from './stage.js';
import { readUrlState, writeUrlState } from './url-state.js';

const $ = (id) => document.getElementById(id);
/** Milliseconds between address-bar updates while settings keep changing. */
const URL_WRITE_MS = 250;
const banners = createBanners($('banners'));
const frameStats = createFrameStats();

const initial = readUrlState(location.hash, { presets, defaultConfig });
initial.problems.forEach((text, i) => banners.show({ id: `url-${i}`, kind: 'warning', text }));

const state = {
  page: initial.page,
  mnistBytes: null,
};

/** Why this page cannot load modules or fetch its own files, when boot.js found it so (a file opened from
 * disk, a sandboxed frame, the single-file build); null when it is served normally. Its workers then start
 * from the classic build's own scripts (www/worker-factory.js). */
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

/** Makes the digits available, fetching them (about 1 MB) the first time, and resolves to their bytes (for
 * a training worker). Where they cannot be fetched it offers to load them from a file, then runs `retry`,
 * and throws an error that is already shown. */
async function ensureMnist(retry) {
  if (mnistLoaded()) return state.mnistBytes;
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
  return state.mnistBytes;
}

// ---- the stage: the session(s), their controls and figures ------------------------------------------

/** The pacing last reported and whether training runs: the note is worded again when it starts or stops
 * (declared before the stage, which reports a remembered level as it is created). */
const pacingNote = { pacing: null, playing: false };
const stage = createStage($('stage'), {
  banners,
  ensureMnist,
  hostKind: state.page.host ?? 'worker',
  counters: { step: $('r-step'), epoch: $('r-epoch'), rate: $('r-rate') },
  onPlaying(playing) {
    $('play').textContent = playing ? '❚❚ Pause' : '▶ Play';
    $('play').setAttribute('aria-pressed', String(playing));
    pacingNote.playing = playing;
    if (pacingNote.pacing) showPacing(pacingNote.pacing);
  },
  onPacing: showPacing,
});

/** Says quietly when the stage trades detail, redraws or training speed for smooth frames (a busy or slow
 * computer). Training is said to be slowed only while it runs: a paused page trades only how often a dragged
 * setting's figures redraw. */
function showPacing(pacing) {
  pacingNote.pacing = pacing;
  const note = $('pacing');
  note.hidden = pacing.level === 0;
  if (pacing.level === 0) {
    note.textContent = '';
    note.title = '';
    return;
  }
  if (!pacingNote.playing) {
    // Paused, figures keep their full detail; only a dragged setting's figures redraw less often.
    note.textContent = 'Figures redraw less often while a setting changes, to keep the page smooth.';
    note.title = 'Frames were arriving late, so while a slider moves its figures redraw a few times a second. Every figure shows the last value at once when the slider stops.';
    return;
  }
  const slowed = pacing.trainingShare < 1;
  const ordinal = (n) => (n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`);
  note.textContent = slowed ? 'Training slowed to keep the figures smooth.' : 'Figures simplified to keep them smooth.';
  const fewer = pacing.pointStride > 1 ? `, the code scatter draws every ${ordinal(pacing.pointStride)} sample` : '';
  const softer = (window.devicePixelRatio || 1) > pacing.maxPixelRatio ? ', figures are drawn at standard resolution' : '';
  const rests = slowed ? ', and training rests between chunks' : '';
  note.title = `Frames were arriving late, so the figures redraw less often${fewer}${softer}${rests}. Full speed and detail come back once frames are on time.`;
}
/** Seconds of rest worth a word when the page comes back into sight (a glance at another tab is not). */
const REST_NOTE_AFTER_MS = 2000;
/** How long that word stays. */
const REST_NOTE_MS = 12000;
/** When the playing page went out of sight (null: in sight, or paused when it went). */
let restingSince = null;
let restNoteTimer = 0;
/** Training rests while nobody can see the page (a hidden tab, an embedded figure scrolled away); back in
 * sight, the page says quietly how long it rested, so that a step counter that did not move is explained. */
watchSight((inSight) => {
  stage.inSight = inSight;
  if (!inSight) {
    restingSince = stage.playing ? performance.now() : null;
    return;
  }
  const restedMs = restingSince === null ? 0 : performance.now() - restingSince;
  restingSince = null;
  if (restedMs < REST_NOTE_AFTER_MS || !stage.playing) return;
  const note = $('rest-note');
  note.textContent = `Training rested ${duration(restedMs)} while this page was out of sight.`;
  note.title = 'A page nobody can see (a hidden tab, an embedded figure scrolled away) leaves the computer to the one you look at; it trains on where it stopped.';
  note.hidden = false;
  clearTimeout(restNoteTimer);
  restNoteTimer = setTimeout(() => { note.hidden = true; }, REST_NOTE_MS);
});

/** "45 s", "3 min 5 s", "2 h 10 min". */
function duration(ms) {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

stage.speed = state.page.speed ?? '20';
const view = () => stage.sessions[0].view;
const host = () => stage.sessions[0].host;

if (state.page.hideControls) document.body.classList.add('no-controls');
if (state.page.controls) document.body.classList.add('some-controls');
if (state.page.panels) document.body.classList.add('embedded');

/** Keeps the address bar in step with the stage's settings. */
function writeUrl() {
  if (stage.sessions.length === 0) return;
  history.replaceState(null, '', writeUrlState({
    config: view().config(), preset: stage.preset, page: { ...state.page, speed: stage.speed, compare: stage.compare },
  }, { presets, defaultConfig }));
}
/** The address bar follows a dragged slider four times a second, and always ends on its last value. */
const urlWriter = atMostEvery(URL_WRITE_MS, writeUrl);
stage.onChange(() => {
  document.body.classList.toggle('comparing', stage.compare !== null);
  urlWriter.call();
});
// A reload or a bookmark in the interval keeps the latest settings.
addEventListener('pagehide', urlWriter.flush);

function setPlaying(playing) {
  if (playing) stage.play();
  else stage.pause();
}

// ---- transport ---------------------------------------------------------------------------------------

$('play').addEventListener('click', () => setPlaying(!stage.playing));
$('step').addEventListener('click', () => stage.step(1));
$('reset').addEventListener('click', () => stage.reset());
// The embed builder, the compare picker and the lesson are fetched on first use (on-demand.js); a failure
// is already shown in a banner.
const embedBuilder = onDemand(() => import('./embed-builder.js').then((m) => m.createEmbedBuilder({
  panels: panelTable.filter((p) => !state.page.panels || state.page.panels.includes(p.id)),
  current: () => ({ hash: (urlWriter.flush(), location.hash), shownPanels: [...document.querySelectorAll('#panels .panel')].filter((f) => !f.id.endsWith('-b')).map((f) => f.dataset.panel) }),
})), { banners, id: 'load-embed', what: 'the embed builder' });
$('share').addEventListener('click', () => embedBuilder().then((builder) => builder.open(), () => {}));
/** Rebuilds the stage from the first session's settings: two sessions differing in `compare`, or one. */
const restage = (compare) => stage.show({
  config: view().config(), preset: stage.preset, compare,
  panels: state.page.panels, controls: state.page.controls,
});
const comparePicker = onDemand(() => import('./compare-picker.js').then((m) => m.createComparePicker({
  current: () => ({ config: view().config(), compare: stage.compare }),
  onCompare: restage,
  onSingle: () => restage(null),
})), { banners, id: 'load-compare', what: 'the compare picker' });
$('compare').addEventListener('click', () => comparePicker().then((picker) => picker.open(), () => {}));
$('new-seed').addEventListener('click', () => stage.applySettings({ seed: Math.floor(Math.random() * 1e9) }));
$('speed').value = stage.speed;
$('speed').addEventListener('change', () => {
  stage.speed = $('speed').value;
  writeUrl();
});
document.addEventListener('keydown', (event) => {
  if (event.target.closest('input, select, textarea, button, dialog') || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === ' ') setPlaying(!stage.playing);
  else if (event.key === 's' || event.key === 'S') stage.step(1);
  else if (event.key === 'r') $('reset').click();
  else return;
  event.preventDefault();
});

// ---- the loop ----------------------------------------------------------------------------------

/** Milliseconds from navigation to the page being ready and to the first frame showing a trained step
 * (`npm run bench:startup` reads them). */
const startup = { readyMs: null, firstTrainedFrameMs: null };

function frame(now) {
  if (stage.crashed) return;
  frameStats.record(now);
  stage.frame(now);
  if (startup.firstTrainedFrameMs === null && stage.sessions[0]?.view.summary().step > 0) startup.firstTrainedFrameMs = performance.now();
  requestAnimationFrame(frame);
}

// ---- the lesson: a guided walk around the stage (#lesson, #lesson=<step>) ---------------------------

const loadLesson = onDemand(() => import('./lesson/lesson.js'), { banners, id: 'load-lesson', what: 'the lesson' });
let lesson = null;
/** The lesson while its chunk loads, so that a second #lesson link meanwhile only moves it. */
let lessonStarting = null;
/** Opens the lesson at `stepId` (its first step when empty); resolves to whether it opened (a failed load
 * is shown in a banner and leaves the playground as it was). */
async function startLesson(stepId) {
  state.page.lesson = stepId ?? '';
  let createLesson;
  try {
    ({ createLesson } = await loadLesson());
  } catch {
    state.page.lesson = null;
    return false;
  }
  lesson = createLesson($('walk'), {
    stage, ensureMnist, startId: state.page.lesson || null,
    onStep: (id) => {
      state.page.lesson = id;
      writeUrl();
    },
    onLeave: leaveLesson,
    onProblem: (text) => banners.show({ id: 'lesson', kind: 'warning', text }),
  });
  await lesson.ready;
  return true;
}
function leaveLesson() {
  lesson?.stop();
  lesson = null;
  state.page.lesson = null;
  return stage.show({ config: view().config(), preset: stage.preset });
}
addEventListener('hashchange', () => {
  const wanted = readUrlState(location.hash, { presets, defaultConfig }).page.lesson;
  if (wanted === null) return;
  if (lesson) lesson.go(wanted);
  else if (lessonStarting) state.page.lesson = wanted;
  else lessonStarting = startLesson(wanted).finally(() => { lessonStarting = null; });
});

if (state.page.lesson === null || !await startLesson(state.page.lesson)) {
  await stage.show({
    config: initial.config, preset: initial.preset, compare: state.page.compare,
    panels: state.page.panels, controls: state.page.controls,
  });
}
$('mode').textContent = host().kind === 'worker' ? 'Training in a Web Worker.' : 'Training on the main thread.';
listenForEmbedder({
  view,
  set: (partial) => stage.set(partial),
  play: () => stage.play(),
  pause: () => stage.pause(),
  step: (n) => stage.step(n),
  reset: () => stage.reset(),
});
if (state.page.autoplay) setPlaying(true);
requestAnimationFrame(frame);

// For tests, benchmarks and the curious: the live session (the first, when comparing), the stage and the
// frame statistics.
window.sae = {
  get view() {
    return view();
  },
  get host() {
    return host();
  },
  stage,
  get pacing() {
    return stage.pacing;
  },
  get lesson() {
    return lesson;
  },
  frameStats,
  startup,
  setPlaying,
  applySettings: (partial) => stage.applySettings(partial),
  applyPreset: (name) => stage.applyPreset(name),
  get playing() {
    return stage.playing;
  },
};
startup.readyMs = performance.now();
document.body.dataset.ready = 'true';
