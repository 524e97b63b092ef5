// A stage: one or two training sessions with their controls, figures and read-outs, built inside `root`.
// With two (compare mode) both train on the same data and seed and differ in one setting: every figure
// shows session A and session B side by side, each labelled with its value; the shared controls change
// both, and each session has its own control for the differing setting. Both sessions train in one Web
// Worker (or share the main thread's budget), so the page keeps the frame budget of one.
//
//   const stage = createStage(root, { banners, ensureMnist });
//   await stage.show({ config, preset, compare: { key: 'penalty', values: ['none', 'l1'] } });
//   requestAnimationFrame(function loop(now) { stage.frame(now); requestAnimationFrame(loop); });
//
// The numbers and pictures all come from the core; this module routes intent to the sessions' hosts.
import { checkCompare, sessionLabels } from './compare.js';
import { createControls } from './controls.js';
import { download, element, setText } from './dom.js';
import { InlineHost } from './hosts/inline-host.js';
import { openLocalStore } from './local-store.js';
import { WorkerHost } from './hosts/worker-host.js';
import { PACING_LEVELS, createFrameGovernor } from './frame-governor.js';
import { onDemand } from './on-demand.js';
import { createPanels } from './panels.js';
import { checkConfig, defaultConfig, lastPanic, limits, presets, settingsSchema } from './playground.js';
import { workersRefused } from './worker-factory.js';

/** Milliseconds of a frame's work the page takes for training on its own thread and drawing together
 * (a 60 Hz frame is 16.7 ms; the browser's own part of it is the rest). */
const FRAME_WORK_MS = 14;
/** Less time than this left after training is none: the frame draws no figure (a frame that draws draws
 * at least one panel, and the cheapest takes about this long on a slow machine). Compared with what
 * training left, not with the level's drawing budget, which is this small at the last levels. */
const MIN_DRAW_MS = 2;
/** Milliseconds after a settings change during which a paused page counts as busy: a slider being dragged
 * changes the settings every frame or two, and its figures redraw each time. */
const INTERACTION_MS = 500;
/** A dragged setting's figures redraw at least this often on a paused page, whatever the pacing level: a
 * KL curve that follows ρ once a second looks broken. The late frames of a drag on a slow machine come
 * mostly from the browser's own work for each step (the input, the slider, the read-outs' layout and
 * paint): on a CPU slowed 4× they stayed at 3–8 a second at level 4, where the two figures redrew once a
 * second; redrawing them 4 times a second added 1–2. */
const DRAG_REDRAW_MS = 250;

/** Letters naming the sessions on the page. */
const NAMES = ['A', 'B'];
/** Samples a second to three figures ("3.55M"): the rate is noisy beyond that, and a short number keeps
 * the header's counters from growing into a second line. */
const RATE_FORMAT = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 3 });

/**
 * Builds a stage in `root`. Options:
 * - `banners`: the page's banners (`createBanners`); every message of the stage goes there.
 * - `ensureMnist(retry)`: resolves to the decompressed MNIST bytes once the page's core has them; where
 *   they cannot be fetched it offers a file, runs `retry` once loaded, and rejects with an error marked
 *   `shown` (its sentence is already on the page).
 * - `hostKind`: 'worker' (default) or 'inline' (the URL's `host=inline`).
 * - `counters`: `{ step, epoch, rate }` elements showing the first session's counters (the page's header).
 * - `onPlaying(playing)`: called when playing starts or stops (a button's label follows it).
 * - `fileStem(panelId, session)`: names a downloaded figure.
 * - `onPacing(pacing)`: called when the stage trades training speed for smooth frames on a busy machine
 *   (`frame-governor.js`: `pacing.level` 0 is full speed), so the page can say so.
 */
export function createStage(root, {
  banners, ensureMnist, hostKind = 'worker', counters = null, onPlaying = () => {},
  fileStem = null, onPacing = () => {},
} = {}) {
  const state = {
    /** `[{ label, name, suffix, host, view, panels, head, control, stopBanner, countersAt }]` */
    sessions: [],
    preset: null,
    /** `{ key, values }` (values as the core stores them) while comparing, else null. */
    compare: null,
    panelsShown: null,
    controlsShown: null,
    playing: false,
    /** Whether anyone can see the page (`out-of-sight.js`): out of sight, a playing stage rests (it keeps
     * showing Pause) and trains on once it is back. */
    inSight: true,
    /** Steps per frame ('max': as fast as possible). */
    speed: '20',
    crashed: false,
    /** Frames drawn, for the sessions' turns. */
    frames: 0,
    /** Milliseconds the last frame spent drawing figures for the first time: a one-off cost, not held
     * against the machine when the next frame comes late. */
    firstDrawMsLastFrame: 0,
    shared: null,
    /** The last `show` call's promise: actions wait for a rebuild to finish. */
    building: Promise.resolve(),
    /** When the settings last changed (performance.now()). */
    settingsChangedAt: -Infinity,
  };
  // The level a machine needed is kept for its next visit.
  const governor = createFrameGovernor({ onChange: onPacing, memory: openLocalStore('sae-pacing-level') });
  const listeners = new Set();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const comparing = () => state.sessions.length > 1;

  // ---- messages ---------------------------------------------------------------------------------

  /** A banner id and sentence for session `s`: unchanged with one session; with two, the id gets the
   * session's letter and the sentence says which session it is about. */
  const about = (s, id, text) => (comparing()
    ? { id: `${id}-${s.suffix}`, text: `Session ${s.name} (${s.label}): ${text}` }
    : { id, text });

  function showError(id, error) {
    if (error?.shown) return;
    banners.show({ id, kind: 'error', text: error?.message ?? String(error) });
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

  /** Says in one quiet line that training shares the page's thread, and why. */
  function noteMainThread(why) {
    banners.show({ id: 'host', kind: 'info', text: `Training on the main thread: ${why}, so a Web Worker cannot train here. The figures may move less smoothly.` });
  }

  // ---- sessions and their hosts -------------------------------------------------------------------

  /** The MNIST digits for the hosts, when any config needs them (fetched the first time). */
  async function mnistFor(configs, retry) {
    if (!configs.some((c) => c.dataset === 'mnist')) return null;
    return ensureMnist(retry);
  }

  /** Hosts for `configs`: one Web Worker training them all, unless this page cannot have one (or it does
   * not start: then the page trains them itself, and says why). */
  async function createHosts(configs, mnistBytes) {
    const share = 1 / configs.length;
    const inline = () => Promise.all(configs.map((config) => InlineHost.create(config, { share })));
    if (hostKind !== 'worker') return inline();
    const refused = workersRefused();
    if (refused) {
      noteMainThread(refused);
    } else {
      try {
        return await WorkerHost.createMany(configs, { mnistBytes });
      } catch (error) {
        noteMainThread(`the training worker did not start (${error.why ?? error.message})`);
      }
    }
    return inline();
  }

  function disposeSessions() {
    // The card reads a session's model: it closes before the model goes.
    card?.close();
    for (const s of state.sessions) {
      s.host.dispose();
      if (s.stopBanner) banners.clear(about(s, s.stopBanner).id);
    }
    state.sessions = [];
  }

  // ---- building the page --------------------------------------------------------------------------

  const controlsBox = element('aside', { id: 'controls', class: 'controls', 'aria-label': 'Settings' });
  const panelsBox = element('section', { id: 'panels', class: 'panels', 'aria-label': 'Figures' });
  root.replaceChildren(controlsBox, panelsBox);

  function stemFor(s) {
    return (id) => (fileStem
      ? fileStem(id, s)
      : `sae-${state.preset ?? 'custom'}-${id}${comparing() ? `-${s.suffix}` : ''}-step${s.view.summary().step}`);
  }

  /** The formula card, fetched and made on the first unit click; it reads the session whose figure was
   * clicked. */
  let card = null;
  let cardSession = null;
  const formulaCard = onDemand(() => import('./formula-card.js').then((m) => m.createFormulaCard({ view: () => cardSession.view })),
    { banners, id: 'load-card', what: 'the formula card' });
  async function openFormulaCard(s, unit, canvas) {
    card = await formulaCard().catch(() => null);
    // The stage may have been rebuilt while the card's chunk loaded.
    if (!card || !state.sessions.includes(s)) return;
    cardSession = s;
    card.open(unit, canvas);
  }

  function buildPanels(s, container) {
    return createPanels(container, {
      only: state.panelsShown,
      idSuffix: s.suffix === 'a' ? '' : `-${s.suffix}`,
      onSelect: (sample) => s.view.selectSample(sample),
      onUnit: (unit, canvas) => openFormulaCard(s, unit, canvas),
      onError: (spec, error) => crashOr(() => console.error(`drawing ${spec.id}:`, error), error),
      fileStem: stemFor(s),
    });
  }

  /** One session's head in compare mode: its name and value, its counters and its own control for the
   * differing setting. */
  function buildHead(s, index) {
    const title = element('h2', { class: 'session-title' });
    const line = element('p', { class: 'session-counters', 'aria-live': 'off' });
    const controlBox = element('div', { class: 'session-control' });
    s.control = createControls(controlBox, {
      limits, presets, only: [state.compare.key], idSuffix: `-${s.suffix}`,
      actions: { set: (partial) => applySessionSettings(index, partial) },
    });
    s.head = { node: element('div', { class: `session-head session-${s.suffix}` }, title, line, controlBox), title, line };
    return s.head.node;
  }

  /** Lays the figures out: one column set per session, or pairs (A beside B) for each figure. */
  function buildLayout() {
    panelsBox.classList.toggle('compare', comparing());
    root.classList.toggle('comparing', comparing());
    if (!comparing()) {
      state.sessions[0].panels = buildPanels(state.sessions[0], panelsBox);
      return;
    }
    const holders = state.sessions.map((s) => {
      const holder = element('div');
      s.panels = buildPanels(s, holder);
      return holder;
    });
    panelsBox.replaceChildren(element('div', { class: 'pair session-heads' }, ...state.sessions.map(buildHead)));
    state.sessions[0].panels.panels.forEach((panelA, i) => {
      const figures = state.sessions.map((s) => {
        const figure = s.panels.panels[i].figure;
        figure.classList.add(`session-${s.suffix}`);
        figure.prepend(element('p', { class: 'session-tag' }));
        return figure;
      });
      panelsBox.append(element('div', { class: 'pair', 'data-panel': panelA.spec.id }, ...figures));
    });
    holders.forEach((holder) => holder.remove());
  }

  function buildControls() {
    state.shared = createControls(controlsBox, {
      limits, presets,
      only: state.controlsShown,
      except: state.compare ? [state.compare.key] : [],
      actions: { set: applySettings, preset: applyPreset, csv: loadCsvFile, importModel: importModelFile, exportModel, gradientCheck },
    });
  }

  /** Names the sessions after their values (after any change of settings: a label quotes λ). */
  function relabel() {
    if (!comparing()) {
      state.sessions[0].label = '';
      return;
    }
    const labels = sessionLabels(state.compare.key, state.sessions.map((s) => s.view.config()));
    state.sessions.forEach((s, i) => {
      s.label = labels[i];
      state.compare.values[i] = s.view.config()[state.compare.key];
      setText(s.head.title, `${s.name}: ${s.label}`);
      for (const figure of s.panels.panels) setText(figure.figure.querySelector('.session-tag'), `${s.name} · ${s.label}`);
    });
  }

  /** Shows every session's settings in the controls and tells the listeners. */
  function refresh() {
    const first = state.sessions[0];
    if (!first) return;
    state.shared?.update(first.view.config(), state.preset, state.sessions.slice(1).map((s) => s.view.config()));
    for (const s of state.sessions) s.control?.update(s.view.config());
    relabel();
    changed();
  }

  /**
   * (Re)builds the stage: `config` for every session (the preset's name, when it came from one, for the
   * preset chooser); with `compare: { key, values: [a, b] }` two sessions differing in that setting (a
   * value the core refuses gives a banner and one session); `panels` and `controls` limit what is shown
   * (null: all; `controls: []`: none). Resolves once the sessions can train.
   */
  function showStage({ config, preset = null, compare = null, panels = null, controls = null }) {
    const run = async () => {
      banners.clear('compare');
      setPlaying(false);
      disposeSessions();
      state.preset = preset;
      state.panelsShown = panels;
      state.controlsShown = controls;
      state.compare = null;
      let configs = [config];
      if (compare) {
        try {
          const checked = checkCompare(config, compare);
          state.compare = { key: checked.key, values: checked.values };
          configs = checked.configs;
        } catch (error) {
          banners.show({ id: 'compare', kind: 'warning', text: `${error.message} Showing one session.` });
        }
      }
      let hosts;
      try {
        hosts = await createHosts(configs, await mnistFor(configs, () => showStage({ config, preset, compare, panels, controls })));
      } catch (error) {
        showError('start', error);
        state.compare = null;
        state.preset = null;
        hosts = [await InlineHost.create(defaultConfig)];
      }
      state.sessions = hosts.map((host, i) => ({
        name: NAMES[i], suffix: NAMES[i].toLowerCase(), label: '', host, view: host.view,
        panels: null, head: null, control: null, stopBanner: null, countersAt: -Infinity,
      }));
      governor.reset();
      buildControls();
      buildLayout();
      refresh();
    };
    state.building = state.building.then(run, run);
    return state.building;
  }

  // ---- user intent ---------------------------------------------------------------------------------

  /** Applies `partial` to each of `sessions`, checked first against every one of them, so a setting one
   * session refuses changes none. Resolves to the first session's `{ reset, message }`. */
  async function setEach(sessions, partial) {
    if (partial.dataset === 'mnist') {
      const bytes = await ensureMnist(() => setEach(sessions, partial));
      await Promise.all(sessions.map((s) => s.host.loadMnist(bytes)));
    }
    if (sessions.length > 1) {
      for (const s of sessions) {
        try {
          checkConfig({ ...s.view.config(), ...partial });
        } catch (error) {
          throw new Error(about(s, '', error.message).text);
        }
      }
    }
    try {
      state.settingsChangedAt = performance.now();
      const changes = [];
      for (const s of sessions) changes.push(await s.host.set(partial));
      for (const s of sessions) {
        for (const panel of s.panels.panels) if (panel.spec.replaysOn.some((key) => key in partial)) panel.restart();
      }
      return changes[0];
    } finally {
      refresh();
    }
  }

  /** The sentence refusing the compared setting as a shared one. */
  function comparedSetting(partial) {
    if (!state.compare || !(state.compare.key in partial)) return null;
    const setting = settingsSchema.find((s) => s.key === state.compare.key);
    return new Error(`${setting.label} is the setting being compared: change it for one session at a time (setSession).`);
  }

  /** Settings for every session; resolves to `{ reset, message }` or rejects with the core's sentence,
   * changing nothing. */
  async function set(partial) {
    await state.building;
    const refusal = comparedSetting(partial);
    if (refusal) throw refusal;
    return setEach(state.sessions, partial);
  }

  /** Settings for session `index` only (the differing setting). */
  async function setSession(index, partial) {
    await state.building;
    const s = state.sessions[index];
    if (!s) throw new Error(`There is no session ${index}: this stage has ${state.sessions.length}.`);
    return setEach([s], partial);
  }

  /** Settings from the controls: a refusal becomes a banner, a restart a short notice. */
  async function applySettings(partial) {
    banners.clear('setting');
    if (partial.dataset === 'csv' && state.sessions[0].view.config().dataset !== 'csv') {
      // A CSV must be chosen first; the data set switches once it loads.
      document.getElementById('csv-file')?.click();
      refresh();
      return;
    }
    try {
      const change = await set(partial);
      if (change.reset) banners.show({ id: 'reset', kind: 'info', text: change.message, timeoutMs: 4000 });
    } catch (error) {
      showError('setting', error);
    }
  }

  /** The differing setting from a session's own control. */
  async function applySessionSettings(index, partial) {
    banners.clear('setting');
    try {
      const change = await setSession(index, partial);
      if (change.reset) banners.show({ id: 'reset', kind: 'info', text: about(state.sessions[index], 'reset', change.message).text, timeoutMs: 4000 });
    } catch (error) {
      showError('setting', error);
    }
  }

  async function applyPreset(name) {
    const preset = presets.find((p) => p.name === name);
    if (!preset) return;
    try {
      if (preset.config.dataset === 'mnist') {
        const bytes = await ensureMnist(() => applyPreset(name));
        await Promise.all(state.sessions.map((s) => s.host.loadMnist(bytes)));
      }
      // Each session keeps its value of the compared setting.
      const configs = state.sessions.map((s, i) => (state.compare ? { ...preset.config, [state.compare.key]: state.compare.values[i] } : preset.config));
      if (state.compare) configs.forEach((config) => checkConfig(config));
      await Promise.all(state.sessions.map((s, i) => s.host.applyPreset(configs[i])));
      state.preset = name;
      banners.show({ id: 'reset', kind: 'info', text: `Preset "${preset.title}" loaded.`, timeoutMs: 4000 });
    } catch (error) {
      showError('setting', error);
    }
    refresh();
  }

  async function loadCsvFile(file) {
    try {
      const text = await file.text();
      let change;
      for (const s of state.sessions) change = await s.host.loadCsv(text);
      state.preset = null;
      banners.show({ id: 'reset', kind: 'info', text: `${file.name}: ${change.message}`, timeoutMs: 5000 });
    } catch (error) {
      showError('csv', error);
    }
    refresh();
  }

  async function importModelFile(file) {
    try {
      if (comparing()) {
        throw new Error('A model file holds one model: stop comparing (Compare…, then One session) to import it.');
      }
      const text = await file.text();
      const dataset = JSON.parse(text)?.config?.dataset;
      if (dataset === 'mnist') {
        const bytes = await ensureMnist(() => importModelFile(file));
        await state.sessions[0].host.loadMnist(bytes);
      }
      const change = await state.sessions[0].host.importModel(text);
      state.preset = null;
      banners.show({ id: 'reset', kind: 'info', text: change.message, timeoutMs: 5000 });
    } catch (error) {
      showError('model', error instanceof SyntaxError ? new Error(`${file.name} is not JSON: ${error.message}`) : error);
    }
    refresh();
  }

  /** Downloads each session's model file (two files when comparing, named a and b). */
  function exportModel() {
    for (const s of state.sessions) {
      const text = JSON.stringify(s.view.exportModel());
      const which = comparing() ? `-${s.suffix}` : '';
      download(new Blob([text], { type: 'application/json' }), `sae-model${which}-step-${s.view.metrics().step}.json`);
    }
  }

  /** Whether a gradient check is under way (a second click waits for it, not a second check). */
  let checkingGradient = false;

  async function gradientCheck() {
    const out = document.getElementById('tool-result');
    if (!out || checkingGradient) return;
    checkingGradient = true;
    out.textContent = 'Checking the gradient…';
    const lines = [];
    for (const s of state.sessions) {
      const prefix = comparing() ? `${s.name}: ` : '';
      try {
        // In slices (on the page's thread or between the worker's training chunks), saying how far it is.
        const report = await s.host.gradientCheck((fraction) => {
          out.textContent = [...lines, `${prefix}Checking the gradient… ${Math.round(fraction * 100)} %`].join('\n');
        });
        lines.push(prefix + report.terms.map((t) => `${t.term}: ${t.relativeError.toExponential(1)}`).join(' · ') +
          ` (ε = ${report.epsilon}, ${report.terms[0].parametersChecked} parameters) ${report.passed ? '✓ the gradient is right' : '✗ check failed'}`);
      } catch (error) {
        lines.push(prefix + error.message);
      }
    }
    out.textContent = lines.join('\n');
    checkingGradient = false;
  }

  // ---- transport ---------------------------------------------------------------------------------

  function setPlaying(playing) {
    if (state.playing === playing) return;
    state.playing = playing;
    onPlaying(playing);
  }

  /** Stops training and resolves once the last trained states have reached the page (a Worker may still
   * be sending one): each host takes the stop, then answers a zero-step request behind it. */
  async function pause() {
    setPlaying(false);
    await state.building;
    await Promise.all(state.sessions.map(async (s) => {
      s.host.run(false, 0);
      await s.host.step(0);
    }));
  }

  async function step(n = 1) {
    await state.building;
    const taken = await Promise.all(state.sessions.map((s) => s.host.step(n)));
    return taken[0];
  }

  async function reset() {
    await state.building;
    await Promise.all(state.sessions.map((s) => s.host.reset()));
    refresh();
  }

  // ---- status and read-outs ----------------------------------------------------------------------

  /** A stopped run, whatever the reason: the core's sentences and Restore, shown once per stop, naming
   * the session when there are two. Training stops for both, so they stay comparable. */
  function showStatus(s, summary) {
    const status = summary.status;
    const stopped = status.state === 'ok' ? null : status.state;
    if (s.stopBanner && s.stopBanner !== stopped) banners.clear(about(s, s.stopBanner, '').id);
    s.stopBanner = stopped;
    if (!stopped) return;
    const { id, text } = about(s, stopped, status.message);
    if (banners.has(id)) return;
    setPlaying(false);
    banners.show({
      id, kind: stopped, text,
      actions: [{ label: `Restore step ${status.restorableStep}`, primary: true, onClick: async () => {
        await s.host.restore();
        banners.clear(id);
      } }],
    });
  }

  /** The counters, at most every `minIntervalMs` while training (a busy machine's pacing). */
  function showCounters(s, summary, now, minIntervalMs) {
    if (state.playing && now - s.countersAt < minIntervalMs) return;
    s.countersAt = now;
    const rate = RATE_FORMAT.format(summary.samplesPerSecond);
    if (s.head) setText(s.head.line, `step ${summary.step} · epoch ${summary.epoch} · ${rate} samples/s`);
    if (s === state.sessions[0] && counters) {
      setText(counters.step, String(summary.step));
      setText(counters.epoch, String(summary.epoch));
      setText(counters.rate, rate);
    }
  }

  /** One animation frame: lets the hosts train, then shows each session's status, figures and read-outs.
   * Two sessions share the frame's drawing budget; the pacing (from the frames delivered while
   * training) sets the training share, the budget and how often figures and read-outs change. */
  function frame(now) {
    if (state.crashed || state.sessions.length === 0) return;
    try {
      // The governor measures frames while training runs, and on a paused page while a setting is being
      // changed (a slider dragged: its figures redraw at every step of the drag); then the figures keep to
      // the level's redraw interval (at most DRAG_REDRAW_MS) and drawing budget, at full detail (a change
      // of detail would redraw every figure, twice). Otherwise paused, drawing has the whole budget (a
      // figure dragged or re-shown answers at once).
      const training = state.playing && state.inSight;
      const interacting = !state.playing && now - state.settingsChangedAt < INTERACTION_MS;
      const measured = governor.record(now, training || interacting, state.firstDrawMsLastFrame);
      state.firstDrawMsLastFrame = 0;
      const pacing = state.playing ? measured
        : interacting ? { ...PACING_LEVELS[0], panelIntervalMs: Math.min(measured.panelIntervalMs, DRAG_REDRAW_MS), drawBudgetMs: measured.drawBudgetMs }
          : PACING_LEVELS[0];
      // Past the first levels, a frame that follows a late one draws no figure: the browser catches up
      // instead of falling further behind.
      const catchUp = pacing.level >= 2 && governor.lastFrameLate;
      // Paused, a step or a dragged slider shows its numbers at once.
      const readoutIntervalMs = state.playing ? pacing.readoutIntervalMs : 0;
      const stepsPerFrame = state.speed === 'max' ? Infinity : Number(state.speed);
      const trainingStart = performance.now();
      for (const s of state.sessions) s.host.run(training, stepsPerFrame, pacing.trainingShare, pacing.panelIntervalMs);
      // Training on this thread (the inline host) takes its part of the frame first: drawing gets what
      // is left, and nothing when one long step (a 784-wide MNIST step on a slow machine) took it all.
      const leftMs = FRAME_WORK_MS - (performance.now() - trainingStart);
      const drawBudgetMs = Math.min(pacing.drawBudgetMs, leftMs);
      const drawFigures = !catchUp && leftMs > MIN_DRAW_MS;
      const summaries = state.sessions.map((s) => s.view.summary());
      // The status first: divergence must be explained even if something after it fails.
      state.sessions.forEach((s, i) => showStatus(s, summaries[i]));
      // Two sessions take turns to draw first; the second draws only in what is left of the budget, so
      // comparing costs a frame no more drawing than one session does.
      const drawStart = performance.now();
      const first = state.frames++ % state.sessions.length;
      state.sessions.forEach((_, turn) => {
        const i = (first + turn) % state.sessions.length;
        const s = state.sessions[i];
        const revisions = { draw: summaries[i].generation, figures: summaries[i].figures };
        const left = drawBudgetMs - (performance.now() - drawStart);
        if (drawFigures && (turn === 0 || left > 0)) state.firstDrawMsLastFrame += s.panels.draw(s.view, revisions, now, left, pacing);
        showCounters(s, summaries[i], now, readoutIntervalMs);
        s.panels.showReadouts(s.view, revisions, now, readoutIntervalMs);
      });
    } catch (error) {
      crashOr(() => showError('frame', error), error);
    }
  }

  return {
    show: showStage,
    /** `[{ label, view, host }]`: one session, or two when comparing (A first). */
    get sessions() {
      return state.sessions.map(({ label, view, host }) => ({ label, view, host }));
    },
    play: async () => setPlaying(true),
    pause,
    step,
    reset,
    set,
    setSession,
    get playing() {
      return state.playing;
    },
    /** Whether anyone can see the page. Set false, training rests at once (a hidden tab draws no frame to
     * say so); set true, the next frame trains on. */
    get inSight() {
      return state.inSight;
    },
    set inSight(inSight) {
      state.inSight = inSight;
      if (!inSight) for (const s of state.sessions) s.host.run(false, 0);
    },
    onChange(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    frame,
    dispose() {
      setPlaying(false);
      disposeSessions();
      listeners.clear();
      root.replaceChildren();
    },
    // For the page that holds the stage: the controls' own actions (a refusal becomes a banner), the
    // speed, and what the URL records.
    applySettings,
    applyPreset,
    get speed() {
      return state.speed;
    },
    set speed(value) {
      state.speed = String(value);
    },
    /** The preset the settings started from (the URL records the settings that differ from it), or null
     * (defaults, a CSV, a model file). */
    get preset() {
      return state.preset;
    },
    /** `{ key, values: [a, b] }` while comparing, else null. */
    get compare() {
      return state.compare ? { key: state.compare.key, values: [...state.compare.values] } : null;
    },
    get crashed() {
      return state.crashed;
    },
    /** How the stage paces itself now (`frame-governor.js`): level 0 is full speed. */
    get pacing() {
      return governor.pacing;
    },
  };
}
