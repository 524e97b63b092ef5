// Compare mode's one differing setting: reading it from the URL (`compare=penalty:none,l1`), checking its
// two values with the core (each session's whole config must pass, or the page keeps one session), and
// the label that names each session by its value ("Penalty none" vs "Penalty L1: λ Σ|a|, λ = 0.05").
import { applyTextSettings, availability, checkConfig, settingsSchema } from './playground.js';
import { formatValue } from './settings.js';

/** Characters of user text quoted in a message. */
const QUOTED = 40;

const HOW = 'write it as compare=setting:first,second, like compare=penalty:none,l1 (for a list of layer ' +
  'sizes separate the two values with |, like compare=hiddenLayers:64|64,32)';

/** A value as the URL and the core's text reader write it (lists comma-separated). */
const asText = (value) => (Array.isArray(value) ? value.join(',') : String(value));

/** Reads `key:a,b` (or `key:a|b` when the values are lists). Returns `{ key, values: [a, b] }` with the
 * values as text, or throws the sentence saying what is wrong with it. */
export function parseCompare(text) {
  const quoted = `"${text.slice(0, QUOTED)}"`;
  const colon = text.indexOf(':');
  if (colon < 0) throw new Error(`The comparison ${quoted} names no setting and values: ${HOW}.`);
  const key = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  const values = rest.split(rest.includes('|') ? '|' : ',');
  if (values.length !== 2 || values.some((v) => v.trim() === '')) {
    throw new Error(`The comparison ${quoted} needs exactly two values: ${HOW}.`);
  }
  return { key, values };
}

/** The URL text of a comparison: `key:a,b`, or `key:a|b` when a value is a list. */
export function compareText({ key, values }) {
  const texts = values.map(asText);
  return `${key}:${texts.join(texts.some((t) => t.includes(',')) ? '|' : ',')}`;
}

/**
 * Checks a comparison over `config`: `compare` is `{ key, values: [a, b] }` (values as text or as the
 * config holds them). Returns `{ key, values, configs }` (the values as the core stored them and each
 * session's complete config), or throws the sentence saying why these two sessions cannot run.
 */
export function checkCompare(config, compare) {
  const setting = settingsSchema.find((s) => s.key === compare?.key);
  if (!setting) {
    const known = settingsSchema.map((s) => s.key).join(', ');
    throw new Error(`There is no setting called "${String(compare?.key).slice(0, QUOTED)}" to compare; the settings are ${known}.`);
  }
  if (!Array.isArray(compare.values) || compare.values.length !== 2) {
    throw new Error(`A comparison needs exactly two values of ${setting.label.toLowerCase()}.`);
  }
  const configs = compare.values.map((value) => {
    const { config: changed, refused } = applyTextSettings(config, [[setting.key, asText(value)]]);
    if (refused.length > 0) throw new Error(refused[0].message);
    return checkConfig(changed);
  });
  const values = configs.map((c) => c[setting.key]);
  if (formatValue(values[0]) === formatValue(values[1])) {
    throw new Error(`Both values of ${setting.label.toLowerCase()} are ${formatValue(values[0])}: choose two different values to compare.`);
  }
  return { key: setting.key, values, configs };
}

/** How one value of `setting` reads: a choice's label, or the symbol (or name) and the number. */
function valueText(setting, value) {
  if (setting.kind === 'select') {
    return `${setting.label} ${setting.choices.find((c) => c.value === value)?.label ?? value}`;
  }
  return `${setting.symbol || setting.label} = ${formatValue(value)}`;
}

/** The label of each session: its value of the compared setting, plus the numeric settings that apply
 * to it and not to the other (L1's λ when the other has no penalty), so each label says what that
 * session really trains with. */
export function sessionLabels(key, configs) {
  const setting = settingsSchema.find((s) => s.key === key);
  const offs = configs.map((config) => availability(config));
  return configs.map((config, i) => {
    const other = offs[1 - i];
    const extras = settingsSchema
      .filter((s) => s.key !== key && s.kind !== 'select' && !offs[i][s.key]?.off && other[s.key]?.off)
      .map((s) => `${s.symbol || s.label} = ${formatValue(config[s.key])}`);
    return [valueText(setting, config[key]), ...extras].join(', ');
  });
}
