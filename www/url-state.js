// The page's state in the URL hash, so any setup can be shared or embedded:
//   #preset=kl-sparse&rho=0.1&seed=7&speed=20&panels=kl-curve,bars&controls=hide&autoplay=1
// Config keys are the core's; a value the core refuses is dropped with its sentence, never applied.
import { checkConfig } from './playground.js';

/** Keys that are not config settings. */
const PAGE_KEYS = ['preset', 'speed', 'panels', 'controls', 'autoplay', 'host'];

function parseValue(text, like) {
  if (Array.isArray(like)) return text === '' ? [] : text.split(',').map(Number);
  if (typeof like === 'number') return Number(text);
  if (typeof like === 'boolean') return text === 'true' || text === '1';
  return text;
}

function formatValue(value) {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/**
 * Reads the hash. Returns `{ config, preset, page, problems }`: the config to start from (the preset's or
 * the defaults, with every acceptable URL setting applied), page options, and one sentence per setting
 * that was refused.
 */
export function readUrlState(hash, { presets, defaultConfig }) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const problems = [];
  const presetName = params.get('preset');
  const preset = presets.find((p) => p.name === presetName) ?? null;
  if (presetName && !preset) problems.push(`There is no preset called "${presetName}"; started from the defaults.`);
  let config = structuredClone(preset?.config ?? defaultConfig);
  for (const [key, text] of params) {
    if (PAGE_KEYS.includes(key)) continue;
    if (!(key in defaultConfig)) {
      problems.push(`The URL setting "${key}" is not a setting of this playground; it was ignored.`);
      continue;
    }
    const candidate = { ...config, [key]: parseValue(text, defaultConfig[key]) };
    try {
      config = checkConfig(candidate);
    } catch (error) {
      problems.push(`The URL setting ${key}=${text} was ignored: ${error.message}`);
    }
  }
  const page = {
    speed: params.get('speed') ?? null,
    panels: params.get('panels')?.split(',').filter(Boolean) ?? null,
    hideControls: params.get('controls') === 'hide',
    autoplay: params.get('autoplay') === '1' || params.get('autoplay') === 'true',
    host: params.get('host'),
  };
  return { config, preset: preset?.name ?? null, page, problems };
}

/** The hash for a config: the preset's name plus the settings that differ from it. */
export function writeUrlState({ config, preset, page }, { presets, defaultConfig }) {
  const base = presets.find((p) => p.name === preset)?.config ?? defaultConfig;
  const params = new URLSearchParams();
  if (preset) params.set('preset', preset);
  for (const [key, value] of Object.entries(config)) {
    if (formatValue(value) !== formatValue(base[key])) params.set(key, formatValue(value));
  }
  if (page.speed && page.speed !== '20') params.set('speed', page.speed);
  if (page.panels) params.set('panels', page.panels.join(','));
  if (page.hideControls) params.set('controls', 'hide');
  if (page.autoplay) params.set('autoplay', '1');
  if (page.host) params.set('host', page.host);
  return `#${params.toString()}`;
}
