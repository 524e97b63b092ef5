// The page's state in the URL hash, so any setup can be shared or embedded:
//   #preset=kl-sparse&rho=0.1&seed=7&speed=20&panels=kl-curve,bars&controls=rho,beta&autoplay=1
//   #preset=l1-sparse&compare=penalty:none,l1      two sessions differing in one setting (compare mode)
//   #lesson  #lesson=why-l1                         the lesson, at a step (it sets the stage itself)
// Setting keys are the core's schema keys, and the core reads their values: one it refuses is dropped
// with its sentence, never applied.
import { compareText, parseCompare } from './compare.js';
import { applyTextSettings, settingsSchema } from './playground.js';

/** Keys that are page options, not settings. */
const PAGE_KEYS = ['preset', 'speed', 'panels', 'controls', 'autoplay', 'host', 'compare', 'lesson'];

/** Characters of a preset name quoted in a message. */
const QUOTED = 40;

function formatValue(value) {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** `controls=`: 'hide', or the setting keys to show (an embed with only some controls), or null for all. */
function readControls(text, problems) {
  if (text === null || text === '' || text === 'show') return null;
  if (text === 'hide') return [];
  const keys = text.split(',').filter(Boolean);
  const known = keys.filter((key) => settingsSchema.some((s) => s.key === key));
  for (const key of keys.filter((k) => !known.includes(k))) {
    problems.push(`The URL asks for a control "${key.slice(0, QUOTED)}", which is not a setting of this playground; it was left out.`);
  }
  return known;
}

/** `compare=key:a,b`: `{ key, values }` with the values as text (the stage has the core check them), or
 * null. */
function readCompare(text, problems) {
  if (text === null || text === '') return null;
  try {
    return parseCompare(text);
  } catch (error) {
    problems.push(`${error.message.replace(/\.$/, '')}; showing one session.`);
    return null;
  }
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
  if (presetName && !preset) problems.push(`There is no preset called "${presetName.slice(0, QUOTED)}"; started from the defaults.`);
  const pairs = [...params].filter(([key]) => !PAGE_KEYS.includes(key));
  const { config, refused } = applyTextSettings(preset?.config ?? defaultConfig, pairs);
  problems.push(...refused.map((r) => r.message));
  const controls = readControls(params.get('controls'), problems);
  const page = {
    speed: params.get('speed') ?? null,
    panels: params.get('panels')?.split(',').filter(Boolean) ?? null,
    hideControls: controls !== null && controls.length === 0,
    controls: controls?.length ? controls : null,
    autoplay: params.get('autoplay') === '1' || params.get('autoplay') === 'true',
    host: params.get('host'),
    compare: readCompare(params.get('compare'), problems),
    /** The lesson's step id ('' for where the student left off), or null outside the lesson. */
    lesson: params.has('lesson') ? params.get('lesson') : null,
  };
  return { config, preset: preset?.name ?? null, page, problems };
}

/** The hash for a config: the preset's name plus the settings that differ from it. */
export function writeUrlState({ config, preset, page }, { presets, defaultConfig }) {
  // The lesson sets every step's stage itself: its step is all the link needs (speed and host kept).
  if (page.lesson !== null && page.lesson !== undefined) {
    const lesson = new URLSearchParams();
    if (page.speed && page.speed !== '20') lesson.set('speed', page.speed);
    if (page.host) lesson.set('host', page.host);
    const rest = lesson.toString();
    return `#lesson${page.lesson ? `=${encodeURIComponent(page.lesson)}` : ''}${rest ? `&${rest}` : ''}`;
  }
  const base = presets.find((p) => p.name === preset)?.config ?? defaultConfig;
  const params = new URLSearchParams();
  if (preset) params.set('preset', preset);
  for (const { key } of settingsSchema) {
    if (formatValue(config[key]) !== formatValue(base[key])) params.set(key, formatValue(config[key]));
  }
  if (page.speed && page.speed !== '20') params.set('speed', page.speed);
  if (page.panels) params.set('panels', page.panels.join(','));
  if (page.hideControls) params.set('controls', 'hide');
  else if (page.controls) params.set('controls', page.controls.join(','));
  if (page.autoplay) params.set('autoplay', '1');
  if (page.host) params.set('host', page.host);
  if (page.compare) params.set('compare', compareText(page.compare));
  return `#${params.toString()}`;
}
