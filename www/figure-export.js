// Figures out of the page: each panel's figure as PNG (at the device's pixel ratio), a chart
// also as SVG (drawn again by the core as vectors), and the numbers behind it as CSV (from the core).
// File names say the preset, the panel and the step.

import { download } from './dom.js';

/**
 * Adds a download menu to a panel's caption: a ⤓ button that opens a short list. `spec` is the core's
 * panel spec; `current()` returns `{ view, canvas, options, cssWidth, cssHeight, fullScale }` as last drawn
 * (view null until the first draw; `fullScale`: the screen's canvas pixels per CSS pixel); `fileStem(panelId)` the name without extension, e.g.
 * `sae-kl-sparse-kl-curve-step1200`.
 */
export function addDownloads(caption, spec, { current, fileStem }) {
  const box = document.createElement('div');
  box.className = 'downloads';
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'download-toggle';
  toggle.textContent = '⤓';
  toggle.title = `Download this figure (${spec.figure === 'chart' ? 'PNG, SVG' : 'PNG'}) or its numbers (CSV)`;
  toggle.setAttribute('aria-label', `Download ${spec.title}`);
  toggle.setAttribute('aria-expanded', 'false');
  const menu = document.createElement('div');
  menu.className = 'download-menu';
  menu.hidden = true;
  menu.id = `downloads-${spec.id}`;
  toggle.setAttribute('aria-controls', menu.id);
  const show = (open) => {
    menu.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
  };
  toggle.addEventListener('click', () => show(menu.hidden));
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !menu.hidden) {
      show(false);
      toggle.focus();
    }
  });
  document.addEventListener('pointerdown', (event) => !box.contains(event.target) && show(false));

  const item = (label, kind, make) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.dataset.download = kind;
    button.addEventListener('click', async () => {
      const { view } = current();
      if (!view) return;
      download(await make(current()), `${fileStem(spec.id)}.${kind}`);
      show(false);
    });
    menu.append(button);
  };
  item('PNG image', 'png', (figure) => new Promise((resolve) => fullDensity(spec, figure).toBlob(resolve, 'image/png')));
  if (spec.figure === 'chart') {
    item('SVG vector', 'svg', ({ view, options, cssWidth, cssHeight }) => {
      const svg = view.svg(spec.id, cssWidth, cssHeight, { ...options, scale: 1 });
      return new Blob([svg], { type: 'image/svg+xml' });
    });
  }
  item('Numbers (CSV)', 'csv', ({ view }) => new Blob([view.numbers(spec.id)], { type: 'text/csv' }));
  box.append(toggle, menu);
  caption.append(box);
}

/** The canvas to save: the panel's own, or, when a busy machine's pacing drew it at fewer pixels than the
 * screen has, the figure drawn again at the screen's density (a saved figure is never the softer one). */
function fullDensity(spec, { view, canvas, options, cssWidth, cssHeight, fullScale }) {
  const width = Math.max(1, Math.round(cssWidth * fullScale));
  if (canvas.width >= width) return canvas;
  const sharp = document.createElement('canvas');
  sharp.width = width;
  sharp.height = Math.max(1, Math.round(cssHeight * fullScale));
  view.draw(spec.id, sharp, { ...options, scale: fullScale });
  return sharp;
}
