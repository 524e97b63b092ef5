// A step's own figure: a core panel drawn with the student's own draw options, and the sliders that set
// them. For "why L1": the weight-descent panel with λ and the starting weight w₀; its numbers (where L1
// lands, L2's last value) come from the core's weightDescent(), the same function the panel draws.
import { element } from '../dom.js';
import { core, panels as panelTable } from '../playground.js';

/** A labelled slider with its value; `onInput(value)` follows the drag. */
function slider({ id, label, min, max, step, value, onInput }) {
  const input = element('input', { type: 'range', id, min, max, step, value: String(value) });
  const output = element('output', { for: id, class: 'value', text: String(value) });
  input.addEventListener('input', () => {
    output.textContent = input.value;
    onInput(Number(input.value));
  });
  return element('div', { class: 'walk-slider' }, element('label', { for: id, text: `${label} ` }), input, output);
}

/**
 * Builds the figure for `spec` (`{ panel, lambda, start }`) into `container`; `view()` is the session to
 * draw with. Returns `{ reading(), dispose() }`: `reading()` gives `{ lambda, start, startDistance,
 * l1StepsToZero, l2Final }` from the core.
 */
export function createStepFigure(container, { spec, view }) {
  const panel = panelTable.find((p) => p.id === spec.panel);
  const options = { descentLambda: spec.lambda, descentStart: spec.start };
  const canvas = element('canvas', { role: 'img', 'aria-label': panel.title, id: `walk-canvas-${panel.id}` });
  canvas.style.height = `${panel.height}px`;
  const figure = element('figure', { class: 'panel walk-panel', 'data-panel': panel.id },
    element('figcaption', {}, element('h2', { text: panel.title }), element('p', { class: 'caption', text: panel.caption })),
    element('div', { class: 'stage' }, canvas),
    element('div', { class: 'walk-sliders' },
      slider({ id: 'walk-lambda', label: 'λ', min: 0.05, max: 4, step: 0.05, value: spec.lambda, onInput: (v) => update({ descentLambda: v }) }),
      slider({ id: 'walk-start', label: 'w₀', min: -2, max: 2, step: 0.05, value: spec.start, onInput: (v) => update({ descentStart: v }) })));
  container.append(figure);

  let frame = null;
  function draw() {
    frame = null;
    const v = view();
    if (!v) return;
    const scale = Math.min(4, Math.max(1, window.devicePixelRatio || 1));
    const width = Math.max(1, Math.round(canvas.clientWidth * scale));
    const height = Math.max(1, Math.round(panel.height * scale));
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    v.draw(panel.id, canvas, { ...options, scale });
  }
  const redraw = () => {
    if (frame === null) frame = requestAnimationFrame(draw);
  };
  function update(change) {
    Object.assign(options, change);
    redraw();
  }
  const resize = new ResizeObserver(redraw);
  resize.observe(canvas);
  redraw();

  return {
    reading() {
      const d = JSON.parse(core.weightDescent(options.descentStart, options.descentLambda));
      return {
        lambda: d.lambda,
        start: d.start,
        startDistance: Math.abs(d.start),
        l1StepsToZero: d.l1StepsToZero ?? null,
        l2Final: d.l2[d.l2.length - 1],
      };
    },
    dispose() {
      resize.disconnect();
      if (frame !== null) cancelAnimationFrame(frame);
      figure.remove();
    },
  };
}
