// The settings panel: one labelled control per setting of the core's schema (symbol and current value in
// the label, the formula and an explanation on hover or focus), disabled with the core's reason when it
// does not apply. Live settings apply while dragging; settings that restart training apply when released.
import { element, setProperty, setText } from './dom.js';
import { availability, settingsSchema } from './playground.js';
import { SLIDER_STEPS, formatValue, fromSlider, sliderOf, toSlider } from './settings.js';

/** The schema's settings under their group headings, in schema order. */
function groups(settings) {
  const byGroup = new Map();
  for (const setting of settings) {
    if (!byGroup.has(setting.group)) byGroup.set(setting.group, []);
    byGroup.get(setting.group).push(setting);
  }
  return byGroup;
}

/**
 * Builds the controls into `container`. `actions` receives user intent:
 * `set(partial)`, `preset(name)`, `csv(file)`, `importModel(file)`, `exportModel()`, `gradientCheck()`.
 * `only` (setting keys) shows just those settings, without the preset chooser and the tools (an embed's
 * `controls=rho,beta`); `except` (setting keys) leaves those out and keeps the rest (compare mode, where the
 * compared setting has a control per session); `idSuffix` keeps element ids unique when a page holds two
 * sets. Returns `{ update(config, presetName, others) }` to show a config's values and what applies.
 */
export function createControls(container, { limits, presets, actions, only = null, except = [], idSuffix = '' }) {
  const rows = new Map();
  container.replaceChildren();
  const shown = (only ? settingsSchema.filter((s) => only.includes(s.key)) : settingsSchema).filter((s) => !except.includes(s.key));
  for (const [group, settings] of groups(shown)) {
    const box = element('fieldset', { class: 'group' }, element('legend', { class: 'group-title', text: group }));
    for (const setting of settings) {
      const row = buildRow(setting, actions, idSuffix);
      rows.set(setting.key, row);
      box.append(row.node);
    }
    container.append(box);
  }
  /** `others`: the configs of further sessions these controls also set (compare mode): a setting is
   * off only when it applies to none of them. */
  const update = (config, others = []) => {
    const off = availability(config);
    const offElsewhere = others.map((other) => availability(other));
    for (const row of rows.values()) {
      const here = off[row.key] ?? {};
      const appliesElsewhere = offElsewhere.some((o) => !o[row.key]?.off);
      row.show(config, appliesElsewhere ? { choicesOff: here.choicesOff } : here);
    }
  };
  if (only) return { update: (config, presetName, others) => update(config, others) };

  const presetSelect = element('select', { id: 's-preset', 'aria-describedby': 'h-preset' },
    element('option', { value: '', text: 'choose a preset…' }),
    ...presets.map((p) => element('option', { value: p.name, text: p.title })));
  presetSelect.addEventListener('change', () => presetSelect.value && actions.preset(presetSelect.value));
  // Not id 'lesson': the header's #lesson link would scroll to it.
  const lesson = element('p', { class: 'lesson', id: 'preset-lesson' });
  container.prepend(element('div', { class: 'group presets' },
    element('label', { for: 's-preset', class: 'group-title', text: 'Preset' }), presetSelect, lesson,
    element('div', { class: 'help', role: 'tooltip', id: 'h-preset',
      text: 'Each preset sets every control and says what to watch for.' })));

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
    update(config, presetName, others = []) {
      setProperty(presetSelect, 'value', presetName ?? '');
      setText(lesson, presets.find((p) => p.name === presetName)?.lesson ?? '');
      update(config, others);
    },
  };
}

function buildRow(setting, actions, idSuffix) {
  const id = `s-${setting.key}${idSuffix}`;
  const helpId = `h-${setting.key}${idSuffix}`;
  const output = element('output', { for: id, class: 'value' });
  const label = element('label', { for: id },
    setting.symbol ? element('span', { class: 'symbol', text: setting.symbol }) : null,
    ` ${setting.label} `, output);
  const reason = element('p', { class: 'why-off', hidden: true });
  const help = element('div', { class: 'help', role: 'tooltip', id: helpId },
    setting.formula ? element('code', { class: 'formula', text: setting.formula }) : null,
    element('span', { text: setting.help }));
  const node = element('div', { class: 'setting', 'data-key': setting.key });
  const send = (value) => actions.set({ [setting.key]: value });
  let input;
  let exact = null;
  let current = null;
  const slider = () => sliderOf(setting, current);

  if (setting.kind === 'select') {
    input = element('select', { id, 'aria-describedby': helpId },
      ...setting.choices.map(({ value, label: text }) => element('option', { value, text })));
    input.addEventListener('change', () => send(input.value));
  } else if (setting.kind === 'range') {
    input = element('input', { type: 'range', id, min: 0, max: SLIDER_STEPS, step: 1, 'aria-describedby': helpId });
    exact = element('input', { type: 'number', class: 'exact', 'aria-label': `${setting.label} exact value`, step: 'any' });
    // Live settings follow the drag; restarting ones wait for the release.
    input.addEventListener(setting.live ? 'input' : 'change', () => send(fromSlider(slider(), Number(input.value))));
    input.addEventListener('input', () => {
      output.textContent = formatValue(fromSlider(slider(), Number(input.value)));
    });
    exact.addEventListener('change', () => exact.value !== '' && send(Number(exact.value)));
  } else if (setting.kind === 'number') {
    input = element('input', { type: 'number', id, min: setting.valid.min, step: 1, 'aria-describedby': helpId });
    input.addEventListener('change', () => send(Number(input.value)));
  } else if (setting.kind === 'layers') {
    input = element('input', { type: 'text', id, inputmode: 'numeric', placeholder: 'none', 'aria-describedby': helpId });
    input.addEventListener('change', () => {
      const text = input.value.trim();
      send(text === '' ? [] : text.split(/[\s,;]+/).map(Number));
    });
  }
  node.append(label, element('div', { class: 'inputs' }, input, exact), reason, help);

  return {
    key: setting.key,
    node,
    /** Shows `config`'s value; `off` is the core's `{ off?, choicesOff? }` for this setting. */
    show(config, off) {
      // Only what changed is written: a dragged slider shows every setting again at each step of the drag.
      current = config;
      const value = config[setting.key];
      setText(output, formatValue(value));
      if (document.activeElement !== input) {
        if (setting.kind === 'range') setProperty(input, 'value', String(toSlider(slider(), value)));
        else if (setting.kind === 'layers') setProperty(input, 'value', value.join(', '));
        else setProperty(input, 'value', String(value));
      }
      if (exact && document.activeElement !== exact) setProperty(exact, 'value', String(value));
      const choicesOff = off.choicesOff ?? {};
      if (setting.kind === 'select') {
        for (const option of input.options) {
          const why = choicesOff[option.value] ?? null;
          setProperty(option, 'disabled', Boolean(why) && option.value !== value);
          setProperty(option, 'title', why ?? '');
        }
      }
      const why = off.off ?? null;
      const choiceWhy = choicesOff[value] ?? null;
      setProperty(input, 'disabled', Boolean(why));
      if (exact) setProperty(exact, 'disabled', Boolean(why));
      node.classList.toggle('off', Boolean(why));
      setProperty(reason, 'hidden', !(why || choiceWhy));
      setText(reason, why ?? choiceWhy ?? '');
    },
  };
}
