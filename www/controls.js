// The settings panel: one labelled control per setting (symbol and current value in the label, the
// formula and an explanation on hover or focus), disabled with the reason shown when it does not apply.
// Live settings apply while dragging; settings that reset training apply when released.
import { fromSlider, formatValue, settings, toSlider } from './settings.js';

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.filter(Boolean));
  return node;
}

/**
 * Builds the controls into `container`. `actions` receives user intent:
 * `set(partial)`, `preset(name)`, `csv(file)`, `importModel(file)`, `exportModel()`, `gradientCheck()`.
 * Returns `{ update(config) }` to show a config's values and what applies.
 */
export function createControls(container, { limits, presets, actions }) {
  const rows = new Map();
  container.replaceChildren();

  const presetSelect = element('select', { id: 's-preset', 'aria-describedby': 'h-preset' },
    element('option', { value: '', text: 'choose a preset…' }),
    ...presets.map((p) => element('option', { value: p.name, text: p.title })));
  presetSelect.addEventListener('change', () => presetSelect.value && actions.preset(presetSelect.value));
  const lesson = element('p', { class: 'lesson', id: 'lesson' });
  container.append(element('div', { class: 'group presets' },
    element('label', { for: 's-preset', class: 'group-title', text: 'Preset' }), presetSelect, lesson,
    element('div', { class: 'help', role: 'tooltip', id: 'h-preset',
      text: 'Each preset sets every control and says what to watch for.' })));

  for (const group of settings(limits)) {
    const box = element('fieldset', { class: 'group' }, element('legend', { class: 'group-title', text: group.group }));
    for (const item of group.items) {
      const row = buildRow(item, actions);
      rows.set(item.key, row);
      box.append(row.node);
    }
    container.append(box);
  }

  // The file inputs are invisible and opened by their buttons: keep them out of the Tab order.
  const csvInput = element('input', { type: 'file', accept: '.csv,text/csv,text/plain', id: 'csv-file', class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true' });
  csvInput.addEventListener('change', () => csvInput.files[0] && actions.csv(csvInput.files[0]));
  const modelInput = element('input', { type: 'file', accept: '.json,application/json', id: 'model-file', class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true' });
  modelInput.addEventListener('change', () => modelInput.files[0] && actions.importModel(modelInput.files[0]));
  const button = (id, text, title, onClick) => {
    const b = element('button', { id, type: 'button', title, text });
    b.addEventListener('click', onClick);
    return b;
  };
  container.append(element('fieldset', { class: 'group tools' }, element('legend', { class: 'group-title', text: 'Tools' }),
    button('load-csv', 'Load CSV…', 'Train on your own numeric CSV (header optional, up to ' +
      `${limits.csv.maxRows} rows and ${limits.csv.maxColumns} columns)`, () => csvInput.click()), csvInput,
    button('export-model', 'Export model', 'Download the config and every weight as JSON', actions.exportModel),
    button('import-model', 'Import model…', 'Load a model file exported from this playground', () => modelInput.click()),
    modelInput,
    button('gradient-check', 'Gradient check', 'Compare the analytic gradient with centred differences (f64), as the classic exercise demands', actions.gradientCheck),
    element('output', { id: 'tool-result', class: 'tool-result', 'aria-live': 'polite' })));

  return {
    update(config, presetName) {
      presetSelect.value = presetName ?? '';
      lesson.textContent = presets.find((p) => p.name === presetName)?.lesson ?? '';
      for (const [key, row] of rows) row.show(config);
    },
  };
}

function buildRow(item, actions) {
  const id = `s-${item.key}`;
  const helpId = `h-${item.key}`;
  const output = element('output', { for: id, class: 'value' });
  const label = element('label', { for: id },
    item.symbol ? element('span', { class: 'symbol', text: item.symbol }) : null,
    ` ${item.label} `, output);
  const reason = element('p', { class: 'why-off', hidden: true });
  const help = element('div', { class: 'help', role: 'tooltip', id: helpId },
    item.formula ? element('code', { class: 'formula', text: item.formula }) : null,
    element('span', { text: item.help }));
  const node = element('div', { class: 'setting', 'data-key': item.key });
  const send = (value) => actions.set({ [item.key]: value });
  let input;
  let exact = null;
  let current = null;

  if (item.kind === 'select') {
    input = element('select', { id, 'aria-describedby': helpId },
      ...item.options.map(([value, text]) => element('option', { value, text })));
    input.addEventListener('change', () => send(input.value));
  } else if (item.kind === 'range') {
    input = element('input', { type: 'range', id, min: 0, max: 1000, step: 1, 'aria-describedby': helpId });
    exact = element('input', { type: 'number', class: 'exact', 'aria-label': `${item.label} exact value`, step: 'any' });
    // Live settings follow the drag; resetting ones wait for the release.
    input.addEventListener(item.reset ? 'change' : 'input', () => send(fromSlider(itemWithMax(item, current), Number(input.value))));
    input.addEventListener('input', () => {
      output.textContent = formatValue(fromSlider(itemWithMax(item, current), Number(input.value)));
    });
    exact.addEventListener('change', () => exact.value !== '' && send(Number(exact.value)));
  } else if (item.kind === 'number') {
    input = element('input', { type: 'number', id, min: item.min, max: item.max, step: 1, 'aria-describedby': helpId });
    input.addEventListener('change', () => send(Number(input.value)));
  } else if (item.kind === 'layers') {
    input = element('input', { type: 'text', id, inputmode: 'numeric', placeholder: 'none', 'aria-describedby': helpId });
    input.addEventListener('change', () => {
      const text = input.value.trim();
      const widths = text === '' ? [] : text.split(/[\s,;]+/).map(Number);
      send(widths);
    });
  }
  node.append(label, element('div', { class: 'inputs' }, input, exact), reason, help);

  return {
    node,
    show(config) {
      current = config;
      const value = config[item.key];
      output.textContent = Array.isArray(value) ? (value.join(', ') || 'none') : formatValue(value);
      if (document.activeElement !== input) {
        if (item.kind === 'range') input.value = String(toSlider(itemWithMax(item, config), value));
        else if (item.kind === 'layers') input.value = value.join(', ');
        else input.value = String(value);
      }
      if (exact && document.activeElement !== exact) exact.value = String(value);
      if (item.kind === 'select' && item.optionEnabled) {
        for (const option of input.options) {
          const why = item.optionEnabled(option.value, config);
          option.disabled = Boolean(why) && option.value !== value;
          option.title = why ?? '';
        }
      }
      const why = item.enabled?.(config) ?? null;
      const optionWhy = item.optionEnabled?.(value, config) ?? null;
      input.disabled = Boolean(why);
      if (exact) exact.disabled = Boolean(why);
      node.classList.toggle('off', Boolean(why));
      reason.hidden = !(why || optionWhy);
      reason.textContent = why ?? optionWhy ?? '';
    },
  };
}

/** A slider whose top follows another setting (k ≤ code size). */
function itemWithMax(item, config) {
  if (!item.maxFrom || !config) return item;
  return { ...item, max: Math.max(item.min + 1, config[item.maxFrom]) };
}
