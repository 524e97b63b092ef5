// Figures out of the page: each panel's figure as PNG (the canvas, at the device's pixel ratio), a chart
// also as SVG (drawn again by the core as vectors), and the numbers behind it as CSV (from the core).
// File names say the preset, the panel and the step.

import { download } from './dom.js';

/**
 * Adds a download menu to a panel's caption: a ⤓ button that opens a short list. `spec` is the core's
 * panel spec; `current()` returns `{ view, canvas, options, cssWidth, cssHeight }` as last drawn (view null
 * until the first draw); `fileStem(panelId)` the name without extension, e.g.
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
  item('PNG image', 'png', ({ canvas }) => new Promise((resolve) => canvas.toBlob(resolve, 'image/png')));
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
