// The lesson: the seed report's argument as a guided walk around the page's stage. Navigation (next,
// previous, a step list, ← → or N / P keys), the step's text and task, its checkpoint checked from the
// core's numbers every few hundred milliseconds, feedback when met, a hint when stuck, progress kept in
// localStorage (where the browser allows it) and the step in the URL (#lesson=<id>).
import { element } from '../dom.js';
import { openLocalStore } from '../local-store.js';
import { presets } from '../playground.js';
import { createSessionReader, progressLine, taskMet } from './checkpoints.js';
import { createStepFigure } from './step-figure.js';
import { createStudy } from './study.js';
import { HINT_AFTER_MS, stepById, steps } from './steps.js';

/** Milliseconds between two checks of the current task. */
const CHECK_EVERY_MS = 300;
/** Where progress is kept. */
const STORAGE_KEY = 'sae-lesson-progress';

/** Progress in localStorage, or in memory where storage is refused: `{ current, done: [ids] }`. */
function createProgressStore() {
  const store = openLocalStore(STORAGE_KEY);
  const saved = store.read();
  let memory = saved && Array.isArray(saved.done)
    ? { current: saved.current ?? null, done: saved.done.filter((id) => stepById(id)) }
    : { current: null, done: [] };
  return {
    get current() {
      return memory.current;
    },
    isDone: (id) => memory.done.includes(id),
    save(change) {
      memory = { ...memory, ...change };
      store.write(memory);
    },
    markDone(id) {
      if (!memory.done.includes(id)) this.save({ done: [...memory.done, id] });
    },
  };
}

/** A step's stage: its preset's config with the step's settings on top. */
function stageOptions(spec) {
  const preset = presets.find((p) => p.name === spec.preset);
  const config = { ...(preset?.config ?? {}), ...(spec.settings ?? {}) };
  return {
    config,
    preset: spec.settings ? null : spec.preset,
    compare: spec.compare ?? null,
    panels: spec.panels,
    controls: spec.controls,
  };
}

/**
 * Starts the lesson in `root` (a section above the stage) around `stage` (stage.js). `startId`: the step to
 * open (a deep link), or null for where the student left off. `onStep(id)` is called when the step changes
 * (the page writes the URL), `onLeave()` when the student leaves the lesson, `ensureMnist(retry)` is the
 * page's way to get the digits (the study step), `onProblem(sentence)` shows a sentence (a deep link to
 * no step). Returns `{ go(id), next(), previous(), current, stop() }`.
 */
export function createLesson(root, {
  stage, startId = null, onStep = () => {}, onLeave = () => {}, onProblem = () => {}, ensureMnist,
}) {
  const progress = createProgressStore();
  const readSession = createSessionReader();
  const state = {
    index: 0, taskIndex: 0, taskStartedAt: 0, taskStartStep: 0, met: false, figure: null, study: null, timer: null,
    studyOptions: {},
    /** False while a step's stage is being built: the old sessions must not meet the new task. */
    ready: false,
  };

  const list = element('ol', { class: 'walk-steps' });
  const nav = element('nav', { class: 'walk-nav', 'aria-label': 'Lesson steps' }, list);
  const counter = element('p', { class: 'walk-counter' });
  const title = element('h2', { class: 'walk-title', tabindex: '-1' });
  const text = element('div', { class: 'walk-text' });
  const figureBox = element('div', { class: 'walk-figure' });
  const taskText = element('p', { class: 'walk-task-text' });
  const taskProgress = element('p', { class: 'walk-progress', 'aria-live': 'off' });
  const feedback = element('p', { class: 'walk-feedback', role: 'status', 'aria-live': 'polite' });
  const hintButton = element('button', { type: 'button', class: 'walk-hint-button', text: 'Show a hint' });
  const hint = element('p', { class: 'walk-hint', hidden: true });
  const task = element('section', { class: 'walk-task', 'aria-label': 'Try this' },
    element('h3', { text: 'Try this' }), taskText, taskProgress, feedback, hint, hintButton);
  const previousButton = element('button', { type: 'button', class: 'walk-previous', text: '← Previous', 'aria-keyshortcuts': 'ArrowLeft P' });
  const nextButton = element('button', { type: 'button', class: 'walk-next primary', text: 'Next →', 'aria-keyshortcuts': 'ArrowRight N' });
  const leaveButton = element('button', { type: 'button', class: 'walk-leave', text: 'Leave the lesson' });
  const keys = element('p', { class: 'walk-keys', text: 'Keys: ← / → (or P / N) previous and next step · Space play or pause · S one step · R reset.' });
  const buttons = element('div', { class: 'walk-buttons' }, previousButton, nextButton, leaveButton);
  const article = element('article', { class: 'walk-step' }, counter, title, text, figureBox, task, buttons, keys);
  root.replaceChildren(nav, article);
  root.hidden = false;
  document.body.classList.add('lesson-mode');

  const items = steps.map((step, i) => {
    const link = element('a', { href: `#lesson=${step.id}`, 'data-step': step.id },
      element('span', { class: 'walk-number', text: String(i + 1) }), element('span', { class: 'walk-name', text: step.title }));
    link.addEventListener('click', (event) => {
      event.preventDefault();
      go(step.id);
    });
    const item = element('li', {}, link);
    list.append(item);
    return { step, item, link };
  });

  function markList() {
    items.forEach(({ step, item, link }, i) => {
      item.classList.toggle('done', progress.isDone(step.id));
      item.classList.toggle('current', i === state.index);
      if (i === state.index) link.setAttribute('aria-current', 'step');
      else link.removeAttribute('aria-current');
      link.title = progress.isDone(step.id) ? `${step.title} (done)` : step.title;
    });
    // Keep the current step in view when the list is wider than the screen.
    const current = items[state.index].item;
    nav.scrollLeft = Math.max(0, current.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2);
  }

  const currentStep = () => steps[state.index];
  const currentTask = () => currentStep().tasks[state.taskIndex];

  function showTask() {
    const t = currentTask();
    taskText.textContent = t.text;
    feedback.textContent = '';
    feedback.classList.remove('met');
    hint.textContent = t.hint;
    hint.hidden = true;
    hintButton.hidden = false;
    state.met = false;
    state.ready = true;
    state.taskStartedAt = performance.now();
    state.taskStartStep = stage.sessions[0]?.view.summary().step ?? 0;
  }

  function showHint() {
    hint.hidden = false;
    hintButton.hidden = true;
  }
  hintButton.addEventListener('click', showHint);

  /** Everything the step's conditions can name, read from the core now. */
  function reading() {
    const now = performance.now();
    return {
      sessions: stage.sessions.map((s) => readSession(s.view, now)),
      figure: state.figure?.reading() ?? null,
      study: state.study?.reading() ?? null,
    };
  }

  function check() {
    if (!state.ready || !stage.sessions.length) return;
    const t = currentTask();
    let r;
    try {
      r = reading();
    } catch (error) {
      taskProgress.textContent = error.message;
      return;
    }
    taskProgress.textContent = progressLine(t, r);
    if (state.met) return;
    if (taskMet(t, r)) {
      state.met = true;
      feedback.textContent = `✓ ${t.done}`;
      feedback.classList.add('met');
      hint.hidden = true;
      hintButton.hidden = true;
      const step = currentStep();
      if (state.taskIndex + 1 < step.tasks.length) {
        setTimeout(() => {
          state.taskIndex += 1;
          showTask();
        }, 1500);
      } else {
        progress.markDone(step.id);
        markList();
        nextButton.textContent = state.index + 1 < steps.length ? 'Next step →' : 'Done';
      }
      return;
    }
    const trained = (r.sessions[0]?.step ?? 0) - state.taskStartStep;
    const stuck = performance.now() - state.taskStartedAt > HINT_AFTER_MS || (t.stuckSteps && trained > t.stuckSteps);
    if (stuck && hint.hidden) showHint();
  }

  async function show(index, { focus = true } = {}) {
    state.ready = false;
    state.index = index;
    state.taskIndex = 0;
    const step = currentStep();
    progress.save({ current: step.id });
    onStep(step.id);
    counter.textContent = `Step ${index + 1} of ${steps.length}`;
    title.textContent = step.title;
    text.innerHTML = step.text;
    previousButton.disabled = index === 0;
    nextButton.disabled = index === steps.length - 1;
    nextButton.textContent = 'Next →';
    markList();
    state.figure?.dispose();
    state.figure = null;
    state.study?.dispose();
    state.study = null;
    figureBox.replaceChildren();
    figureBox.hidden = !(step.figure || step.study);
    root.dataset.step = step.id;
    document.body.classList.toggle('walk-no-controls', step.stage.controls.length === 0);
    document.body.classList.toggle('walk-no-panels', step.stage.panels.length === 0);
    taskProgress.textContent = '';
    await stage.show(stageOptions(step.stage));
    if (steps[state.index] !== step) return; // the student moved on while it was building
    if (step.figure) state.figure = createStepFigure(figureBox, { spec: step.figure, view: () => stage.sessions[0]?.view });
    if (step.study) state.study = createStudy(figureBox, { ensureMnist, options: () => state.studyOptions });
    if (progress.isDone(step.id)) nextButton.textContent = index + 1 < steps.length ? 'Next step →' : 'Done';
    showTask();
    if (focus) title.focus({ preventScroll: false });
  }

  function go(id) {
    const index = steps.findIndex((s) => s.id === id);
    if (index >= 0) return show(index);
    return Promise.resolve();
  }
  const next = () => (state.index + 1 < steps.length ? show(state.index + 1) : Promise.resolve());
  const previous = () => (state.index > 0 ? show(state.index - 1) : Promise.resolve());
  previousButton.addEventListener('click', previous);
  nextButton.addEventListener('click', next);
  leaveButton.addEventListener('click', () => onLeave());

  /** ← → and P / N move between steps, except where those keys already mean something: in a text box,
   * a slider or a select, on a figure that rotates, or with a modifier (Alt+← is the browser's Back). */
  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest?.('input, select, textarea, dialog, canvas, [contenteditable]')) return;
    if (event.key === 'ArrowRight' || event.key === 'n' || event.key === 'N') next();
    else if (event.key === 'ArrowLeft' || event.key === 'p' || event.key === 'P') previous();
    else return;
    event.preventDefault();
  }
  document.addEventListener('keydown', onKey);

  state.timer = setInterval(check, CHECK_EVERY_MS);
  const first = stepById(startId) ? startId : stepById(progress.current) ? progress.current : steps[0].id;
  if (startId && !stepById(startId)) {
    onProblem(`There is no lesson step called "${startId.slice(0, 40)}"; the lesson opened at "${stepById(first).title}".`);
  }
  const ready = go(first);

  return {
    ready,
    go,
    next,
    previous,
    get current() {
      return currentStep().id;
    },
    /** Extra options for the probe study (tests ask for `{ quick: true }`, a smaller study). */
    set studyOptions(options) {
      state.studyOptions = { ...options };
    },
    /** The current task's state, for tests: `{ step, task, met }`. */
    get status() {
      return { step: currentStep().id, task: state.taskIndex, met: state.met };
    },
    stop() {
      clearInterval(state.timer);
      document.removeEventListener('keydown', onKey);
      state.figure?.dispose();
      state.study?.dispose();
      root.replaceChildren();
      root.hidden = true;
      document.body.classList.remove('lesson-mode', 'walk-no-controls', 'walk-no-panels');
    },
  };
}
