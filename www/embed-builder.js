// "Share / Embed": the link to the current state, and an iframe snippet for a course page with the figures,
// controls, size, autoplay and speed the author picks, previewed live. Panels come from the core's panel
// table and controls from its settings schema, so a new panel or setting appears here by itself.
import { element } from './dom.js';
import { settingsSchema } from './playground.js';

/** Copies `text`; where the clipboard is refused (an insecure or sandboxed page) it selects `field` so the
 * reader can press Ctrl+C, and says so in `status`. */
async function copy(text, field, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = 'Copied.';
  } catch {
    field.focus();
    field.select();
    status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
  }
}

/** A group of checkboxes, one per `[value, label]`; `checked` are ticked. Returns `{ node, values() }`. */
function checkboxes(name, items, checked, onChange) {
  const boxes = items.map(([value, label]) => {
    const box = element('input', { type: 'checkbox', value, id: `embed-${name}-${value}`, checked: checked.includes(value) });
    box.addEventListener('change', onChange);
    return [box, element('label', { for: box.id }, box, ` ${label}`)];
  });
  return { node: element('div', { class: 'embed-choices' }, ...boxes.map(([, label]) => label)), values: () => boxes.filter(([b]) => b.checked).map(([b]) => b.value) };
}

/**
 * Builds the dialog. `panels` is the core's panel table (`{ id, title }`); `current()` returns
 * `{ hash, shownPanels }`: the page's URL hash and the panels it shows. Returns `{ open() }`.
 */
export function createEmbedBuilder({ panels, current }) {
  const status = element('p', { class: 'embed-status', role: 'status' });
  const link = element('input', { type: 'text', id: 'embed-link', readonly: true, 'aria-label': 'Link to this state' });
  const snippet = element('textarea', { id: 'embed-snippet', rows: 4, readonly: true, 'aria-label': 'iframe snippet' });
  const preview = element('iframe', { id: 'embed-preview', title: 'Preview of the embedded figure', loading: 'lazy' });
  const width = element('input', { type: 'number', id: 'embed-width', min: 240, max: 2000, value: 720 });
  const height = element('input', { type: 'number', id: 'embed-height', min: 200, max: 2000, value: 520 });
  const autoplay = element('input', { type: 'checkbox', id: 'embed-autoplay', checked: true });
  const speed = element('select', { id: 'embed-speed' },
    ...[['1', '1 step/frame'], ['5', '5 steps/frame'], ['20', '20 steps/frame'], ['100', '100 steps/frame'], ['max', 'as fast as possible']]
      .map(([value, text]) => element('option', { value, text, selected: value === '20' })));
  let panelChoice;
  let controlChoice;
  let refreshTimer = null;

  /** The embed's URL: the page's state with the author's choices in place of its page options. */
  const embedUrl = () => {
    const params = new URLSearchParams(current().hash.replace(/^#/, ''));
    for (const key of ['panels', 'controls', 'autoplay', 'speed']) params.delete(key);
    // Always named, so the embed is a figure without the page's title (none chosen: all of them).
    const chosenPanels = panelChoice.values();
    params.set('panels', (chosenPanels.length ? chosenPanels : panels.map((p) => p.id)).join(','));
    const chosenControls = controlChoice.values();
    params.set('controls', chosenControls.length ? chosenControls.join(',') : 'hide');
    if (autoplay.checked) params.set('autoplay', '1');
    if (speed.value !== '20') params.set('speed', speed.value);
    return `${location.href.split('#')[0]}#${params}`;
  };

  const refresh = () => {
    const url = embedUrl();
    const w = Math.max(240, Number(width.value) || 720);
    const h = Math.max(200, Number(height.value) || 520);
    snippet.value = `<iframe src="${url.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}" width="${w}" height="${h}" ` +
      'style="border:0; max-width:100%" title="Sparse Autoencoder Playground" loading="lazy"></iframe>';
    // The preview follows the last change after a pause, so typing a size does not reload it per key.
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      preview.style.width = `${w}px`;
      preview.style.height = `${h}px`;
      if (preview.src !== url) preview.src = url;
    }, 300);
  };

  for (const input of [width, height, autoplay, speed]) input.addEventListener('input', refresh);

  const closeButton = element('button', { type: 'button', class: 'close', 'aria-label': 'Close', text: '×' });
  const copyLink = element('button', { type: 'button', id: 'embed-copy-link', text: 'Copy link' });
  const copySnippet = element('button', { type: 'button', id: 'embed-copy-snippet', class: 'primary', text: 'Copy snippet' });
  const panelsBox = element('fieldset', {}, element('legend', { text: 'Figures' }));
  const controlsBox = element('fieldset', {}, element('legend', { text: 'Controls' }));
  const dialog = element('dialog', { id: 'embed-dialog', 'aria-labelledby': 'embed-title' },
    element('div', { class: 'embed-head' }, element('h2', { id: 'embed-title', text: 'Share / Embed' }), closeButton),
    element('label', { for: 'embed-link', text: 'Link to this state' }),
    element('div', { class: 'embed-row' }, link, copyLink),
    element('div', { class: 'embed-grid' },
      element('div', {},
        panelsBox, controlsBox,
        element('fieldset', {}, element('legend', { text: 'Frame' }),
          element('label', { for: 'embed-width', text: 'Width ' }), width,
          element('label', { for: 'embed-height', text: ' Height ' }), height,
          element('div', {}, element('label', { for: 'embed-autoplay' }, autoplay, ' play at once')),
          element('div', {}, element('label', { for: 'embed-speed', text: 'Speed ' }), speed))),
      element('div', { class: 'embed-preview' }, preview)),
    element('label', { for: 'embed-snippet', text: 'Paste into your course page' }),
    snippet,
    element('div', { class: 'embed-row' }, copySnippet, status));
  closeButton.addEventListener('click', () => dialog.close());
  // A closed dialog keeps no second playground running.
  dialog.addEventListener('close', () => {
    clearTimeout(refreshTimer);
    preview.removeAttribute('src');
  });
  copyLink.addEventListener('click', () => copy(link.value, link, status));
  copySnippet.addEventListener('click', () => copy(snippet.value, snippet, status));
  document.body.append(dialog);

  return {
    open() {
      const { hash, shownPanels } = current();
      link.value = `${location.href.split('#')[0]}${hash}`;
      panelChoice = checkboxes('panel', panels.map((p) => [p.id, p.title]), shownPanels, refresh);
      controlChoice = checkboxes('control', settingsSchema.map((s) => [s.key, s.symbol ? `${s.symbol} ${s.label}` : s.label]), [], refresh);
      panelsBox.replaceChildren(element('legend', { text: 'Figures' }), panelChoice.node);
      controlsBox.replaceChildren(element('legend', { text: 'Controls (none: figures only)' }), controlChoice.node);
      status.textContent = '';
      refresh();
      dialog.showModal();
    },
  };
}
