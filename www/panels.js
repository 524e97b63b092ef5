// The figures. Each panel is a self-contained component built from the core's panel table (id, title,
// caption, height, cadence, toggles): a canvas sized in device pixels (sharp on HiDPI screens), drawn by
// the core, with hover read-outs, click-to-select and (3-D) drag-to-rotate. Panels redraw only when what
// they show changed, and only while visible.
import { setText } from './dom.js';
import { addDownloads } from './figure-export.js';
import { PACING_LEVELS } from './frame-governor.js';
import { panels as panelTable } from './playground.js';

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** Milliseconds of drawing per frame: a panel whose usual cost would take the frame past it waits for
 * the next frame (panels take turns), so the frame stays well inside 16.7 ms whatever is on screen. */
export const DRAW_BUDGET_MS = 6;
/** Full detail: every sample, the screen's own pixel density, no spacing between redraws. */
const FULL_DETAIL = PACING_LEVELS[0];
/** Weight of the latest draw in a panel's running cost estimate. */
const COST_SMOOTHING = 0.2;

/**
 * Builds the panels into `container`. `onSelect(sample)` is called when a sample is clicked, `onUnit(unit,
 * canvas)` when a code unit is; `only` limits the page to some panels (embedding); `fileStem(panelId)`
 * names downloaded figures; `idSuffix` keeps element ids unique when a second session's panels share the
 * page (compare mode). Returns `{ panels, draw(view, revisions, now), showReadouts(view, revisions) }`.
 */
export function createPanels(container, { only = null, onSelect, onUnit, onError, fileStem = (id) => `sae-${id}`, idSuffix = '' } = {}) {
  const chosen = only ? panelTable.filter((p) => only.includes(p.id)) : panelTable;
  container.replaceChildren();
  const panels = chosen.map((spec) => buildPanel(spec, container, { onSelect, onUnit, fileStem, idSuffix }));
  let next = 0;
  let drawnStride = 1;
  let readoutRevision = null;
  let readoutAt = -Infinity;
  return {
    panels,
    /** Draws the visible panels whose content or view options changed, in turn, within the frame's
     * drawing budget (`budgetMs`: a page of two sessions gives each half; a busy machine less), none
     * more often than every `minIntervalMs` (a busy machine's pacing) unless its view options changed.
     * `revisions` is `{ draw, figures }` (the summary's `generation`, which moves with anything in the
     * session, and `figures`, each panel's own revision: a live setting moves only the figures that draw
     * it, so a slider dragged on a paused model redraws one or two figures, not all). `pacing` (a busy
     * machine's pacing level, frame-governor.js) gives `panelIntervalMs` and the lower detail:
     * `pointStride` (scatters draw every n-th sample) and `maxPixelRatio` (canvas pixels per CSS pixel at
     * most). A change of `pointStride` redraws every panel; `maxPixelRatio` applies at each panel's next
     * redraw (resizing every canvas at once was a burst of late frames).
     * Returns the milliseconds spent on panels drawn for the first time: a one-off cost (their code
     * compiled on first use: 5–35 ms each on this machine against 1–3 ms after), not the machine's pace. */
    draw(view, revisions, now, budgetMs = DRAW_BUDGET_MS, pacing = FULL_DETAIL) {
      const { panelIntervalMs: minIntervalMs, pointStride, maxPixelRatio } = pacing;
      if (pointStride !== drawnStride) {
        drawnStride = pointStride;
        for (const panel of panels) panel.markDirty();
      }
      const start = performance.now();
      let drawnAny = false;
      let firstDrawMs = 0;
      for (let i = 0; i < panels.length; i++) {
        const index = (next + i) % panels.length;
        const panel = panels[index];
        if (!panel.wants(revisions, now, minIntervalMs)) continue;
        // At least one panel per frame, so an expensive panel is never starved.
        const before = performance.now();
        if (drawnAny && before - start + panel.cost > budgetMs) {
          next = index;
          return firstDrawMs;
        }
        try {
          panel.drawNow(view, revisions, now, pointStride, maxPixelRatio);
        } catch (error) {
          onError?.(panel.spec, error);
        }
        const tookMs = performance.now() - before;
        panel.cost += COST_SMOOTHING * (tookMs - panel.cost);
        drawnAny = true;
        if (!panel.drawnBefore) {
          firstDrawMs += tookMs;
          // Marks the figure as drawn (`data-drawn`), for whoever waits for it: a test, a course page.
          panel.figure.dataset.drawn = 'true';
        }
        panel.drawnBefore = true;
      }
      next = (next + 1) % panels.length;
      return firstDrawMs;
    },
    /** Writes each panel's read-out line (worded by the core) when the session changed, at most every
     * `minIntervalMs` (a change held back is written by a later frame). */
    showReadouts(view, revisions, now = 0, minIntervalMs = 0) {
      if (revisions.draw === readoutRevision || now - readoutAt < minIntervalMs) return;
      readoutRevision = revisions.draw;
      readoutAt = now;
      for (const panel of panels) {
        setText(panel.readout, view.readout(panel.spec.id) ?? '');
      }
    },
  };
}

/** Where a tooltip of `size` pixels starts along one side of a figure `room` pixels long, for a pointer at
 * `at`: just after the pointer, or just before it where it would run past the figure, and never outside it
 * (a panel clips what overflows it: `contain: paint` in style.css). */
function beside(at, size, room) {
  const GAP = 12;
  const start = at + GAP + size <= room ? at + GAP : at - GAP - size;
  return Math.max(0, Math.min(start, room - size));
}

function buildPanel(spec, container, { onSelect, onUnit, fileStem, idSuffix }) {
  const figure = element('figure', 'panel');
  figure.id = `panel-${spec.id}${idSuffix}`;
  figure.dataset.panel = spec.id;
  const caption = element('figcaption');
  caption.append(element('h2', null, spec.title), element('p', 'caption', spec.caption));
  const stage = element('div', 'stage');
  const canvas = element('canvas');
  let cssHeight = spec.height;
  canvas.style.height = `${cssHeight}px`;
  if (spec.pixelated) canvas.style.imageRendering = 'pixelated';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', spec.title);
  if (spec.draggable) canvas.tabIndex = 0;
  const tooltip = element('div', 'tooltip');
  tooltip.hidden = true;
  stage.append(canvas, tooltip);
  const readout = element('p', 'readout');
  readout.setAttribute('aria-live', 'off');
  figure.append(caption, stage, readout);

  const options = { yaw: 0.5, pitch: 1.05, sortUnits: false, descentSteps: 0, highlighted: null };
  const toggles = element('div', 'toggles');
  for (const { option, label } of spec.toggles) {
    const box = element('input');
    box.type = 'checkbox';
    box.id = `${spec.id}-${option}${idSuffix}`;
    const text = element('label', null, ` ${label}`);
    text.htmlFor = box.id;
    box.addEventListener('change', () => {
      options[option] = box.checked;
      dirty = true;
    });
    toggles.append(box, text);
  }
  if (spec.toggles.length > 0) figure.append(toggles);
  container.append(figure);

  let dirty = true;
  let drawnRevision = -1;
  /** An animated figure (the L1/L2 descent) plays its steps after a change. */
  const animating = () => options.descentSteps < spec.animationSteps;
  /** The revision this panel's content follows: training moves it (unless the figure is of the objective
   * alone), a live setting only when the figure draws that setting (`showsSettings`). */
  const revisionOf = (revisions) => revisions.figures[spec.id];
  let lastDraw = -Infinity;
  let visible = true;
  let view = null;
  /** The view options as the core takes them: the descent animation counts quarter steps, the core whole
   * ones (a fraction is refused). */
  const drawOptions = () => ({ ...options, descentSteps: Math.floor(options.descentSteps) });
  addDownloads(caption, spec, {
    current: () => ({ view, canvas, options: drawOptions(), cssWidth: Math.round(canvas.clientWidth), cssHeight, fullScale: scale() }),
    fileStem,
  });
  new IntersectionObserver(([entry]) => {
    visible = entry.isIntersecting;
  }).observe(canvas);
  new ResizeObserver(() => {
    dirty = true;
  }).observe(canvas);

  /** Canvas pixels per CSS pixel: the screen's, up to `maxPixelRatio` (a busy machine's lower detail). */
  const scale = (maxPixelRatio = FULL_DETAIL.maxPixelRatio) => Math.min(maxPixelRatio, Math.max(1, window.devicePixelRatio || 1));
  /** The scale the canvas was last drawn at: what a pointer's position is read against. */
  let drawnScale = scale();
  const devicePoint = (event) => {
    const rect = canvas.getBoundingClientRect();
    return [(event.clientX - rect.left) * (canvas.width / rect.width), (event.clientY - rect.top) * (canvas.height / rect.height)];
  };

  canvas.addEventListener('pointermove', (event) => {
    if (!view) return;
    if (dragging) {
      options.yaw += (event.clientX - dragging.x) * 0.01;
      options.pitch = Math.max(-1.5, Math.min(1.5, options.pitch + (event.clientY - dragging.y) * 0.01));
      dragging = { x: event.clientX, y: event.clientY };
      dirty = true;
      return;
    }
    const info = view.hover(spec.id, ...devicePoint(event), drawnScale);
    const highlighted = info?.index ?? null;
    if (highlighted !== options.highlighted) {
      options.highlighted = highlighted;
      dirty = true;
    }
    if (info?.text) {
      tooltip.textContent = info.text;
      tooltip.hidden = false;
      const rect = canvas.getBoundingClientRect();
      tooltip.style.left = `${beside(event.clientX - rect.left, tooltip.offsetWidth, rect.width)}px`;
      tooltip.style.top = `${beside(event.clientY - rect.top, tooltip.offsetHeight, rect.height)}px`;
    } else {
      tooltip.hidden = true;
    }
  });
  canvas.addEventListener('pointerleave', () => {
    tooltip.hidden = true;
    if (options.highlighted !== null) {
      options.highlighted = null;
      dirty = true;
    }
  });
  let dragging = null;
  let moved = false;
  canvas.addEventListener('pointerdown', (event) => {
    moved = false;
    if (spec.draggable) {
      dragging = { x: event.clientX, y: event.clientY };
      canvas.setPointerCapture(event.pointerId);
    }
  });
  canvas.addEventListener('pointerup', (event) => {
    if (dragging) {
      moved = Math.abs(event.clientX - dragging.x) > 0 || Math.abs(event.clientY - dragging.y) > 0;
      dragging = null;
    }
  });
  canvas.addEventListener('click', (event) => {
    if (!view || moved) return;
    const info = view.hover(spec.id, ...devicePoint(event), drawnScale);
    if (info && Number.isInteger(info.sample)) onSelect?.(info.sample);
    if (info && Number.isInteger(info.unit)) onUnit?.(info.unit, canvas);
  });
  canvas.addEventListener('keydown', (event) => {
    const turns = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, -0.1], ArrowDown: [0, 0.1] }[event.key];
    if (!turns) return;
    options.yaw += turns[0];
    options.pitch = Math.max(-1.5, Math.min(1.5, options.pitch + turns[1]));
    dirty = true;
    event.preventDefault();
  });

  return {
    spec,
    figure,
    readout,
    canvas,
    options,
    markDirty() {
      dirty = true;
    },
    /** Replays an animated panel from its start (after a setting in its `replaysOn` changed). Not marked
     * dirty: the animation's frames keep to the page's pacing, as the setting's own redraws do (a slider
     * dragged on a slow machine restarted it at every step of the drag and drew it every frame). */
    restart() {
      options.descentSteps = 0;
    },
    /** Running estimate of one draw's milliseconds, for the frame's drawing budget. */
    cost: 0,
    /** Whether the panel has been drawn (its first draw is a one-off cost). */
    drawnBefore: false,
    /** Whether the panel needs drawing now: visible, and its content changed (for most panels any
     * training step; for the L1/L2 figure only the settings) or it is animating, and not drawn too
     * recently (`floorMs`: the page's pacing may space redraws further than the panel's own cadence). */
    wants(revisions, now, floorMs = 0) {
      if (!visible) return false;
      if (!(dirty || revisionOf(revisions) !== drawnRevision || animating())) return false;
      return dirty || now - lastDraw >= Math.max(spec.minIntervalMs, floorMs);
    },
    drawNow(currentView, revisions, now, pointStride = 1, maxPixelRatio = FULL_DETAIL.maxPixelRatio) {
      view = currentView;
      const s = scale(maxPixelRatio);
      drawnScale = s;
      const width = Math.max(1, Math.round(canvas.clientWidth * s));
      const height = Math.max(1, Math.round(cssHeight * s));
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      if (animating()) options.descentSteps += 0.25; // one descent step every four frames
      const drawn = view.draw(spec.id, canvas, { ...drawOptions(), scale: s, pointStride });
      dirty = false;
      if (spec.fitHeight) {
        // Tiles and digit grids are as tall as their width makes them: grow the canvas to show them all.
        const wanted = Math.max(spec.height, Math.ceil(drawn.height / s));
        if (Math.abs(wanted - cssHeight) > 1) {
          cssHeight = wanted;
          canvas.style.height = `${cssHeight}px`;
          dirty = true;
        }
      }
      drawnRevision = revisionOf(revisions);
      lastDraw = now;
    },
  };
}
