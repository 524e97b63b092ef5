// "Compare…": a small dialog to pick the setting two sessions differ in and its two values, checked by the
// core before anything changes (a refused value is explained in the dialog, which stays open).
import { checkCompare } from './compare.js';
import { element } from './dom.js';
import { settingsSchema } from './playground.js';

/** A value as the core's text reader takes it. */
const asText = (value) => (Array.isArray(value) ? value.join(',') : String(value));

/**
 * Builds the dialog. `current()` gives `{ config, compare }` (the first session's config and the running
 * comparison or null); `onCompare({ key, values })` starts comparing (values as text) and `onSingle()`
 * goes back to one session; both may return promises. Returns `{ open() }`.
 */
export function createComparePicker({ current, onCompare, onSingle }) {
  const settingSelect = element('select', { id: 'compare-setting' },
    ...settingsSchema.map((s) => element('option', { value: s.key, text: s.symbol ? `${s.label} (${s.symbol})` : s.label })));
  const valueBoxes = element('div', { class: 'compare-values' });
  const problem = element('p', { class: 'compare-problem', role: 'alert' });
  const startButton = element('button', { type: 'submit', class: 'primary', id: 'compare-start', text: 'Compare' });
  const singleButton = element('button', { type: 'button', id: 'compare-single', text: 'One session' });
  const cancelButton = element('button', { type: 'button', text: 'Cancel' });
  const form = element('form', { method: 'dialog' },
    element('h2', { text: 'Compare two models' }),
    element('p', { class: 'compare-note', text: 'Two models train side by side on the same data and seed, differing in one setting. Both start over from step 0.' }),
    element('label', { for: 'compare-setting', text: 'Setting ' }), settingSelect,
    valueBoxes, problem,
    element('div', { class: 'compare-actions' }, startButton, singleButton, cancelButton));
  const dialog = element('dialog', { id: 'compare-dialog', 'aria-label': 'Compare two models' }, form);
  document.body.append(dialog);

  let inputs = [];
  /** Two inputs for `key`'s values: the setting's choices, or text boxes for numbers and lists. */
  function showValues(key, values) {
    const setting = settingsSchema.find((s) => s.key === key);
    inputs = ['A', 'B'].map((name, i) => {
      const id = `compare-value-${name.toLowerCase()}`;
      const input = setting.kind === 'select'
        ? element('select', { id }, ...setting.choices.map((c) => element('option', { value: c.value, text: c.label })))
        : element('input', { id, type: 'text', inputmode: setting.kind === 'layers' ? 'numeric' : 'decimal', autocomplete: 'off' });
      input.value = values[i] ?? '';
      return { name, input };
    });
    valueBoxes.replaceChildren(...inputs.map(({ name, input }) => element('label', { for: input.id }, `Session ${name} `, input)));
    problem.textContent = '';
  }

  /** Starting values for a setting: the running comparison's, else the current value and another one. */
  function startingValues(key, config, compare) {
    if (compare?.key === key) return compare.values.map(asText);
    const setting = settingsSchema.find((s) => s.key === key);
    const value = config[key];
    if (setting.kind === 'select') return [value, setting.choices.find((c) => c.value !== value)?.value ?? value];
    return [asText(value), ''];
  }

  settingSelect.addEventListener('change', () => {
    const { config, compare } = current();
    showValues(settingSelect.value, startingValues(settingSelect.value, config, compare));
  });
  cancelButton.addEventListener('click', () => dialog.close());
  singleButton.addEventListener('click', async () => {
    dialog.close();
    await onSingle();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const compare = { key: settingSelect.value, values: inputs.map(({ input }) => input.value.trim()) };
    try {
      checkCompare(current().config, compare);
    } catch (error) {
      problem.textContent = error.message;
      return;
    }
    dialog.close();
    await onCompare(compare);
  });

  return {
    open() {
      const { config, compare } = current();
      const key = compare?.key ?? 'penalty';
      settingSelect.value = key;
      showValues(key, startingValues(key, config, compare));
      singleButton.hidden = !compare;
      dialog.showModal();
      (inputs[1]?.input ?? settingSelect).focus();
    },
  };
}
