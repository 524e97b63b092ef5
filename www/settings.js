// How a slider position maps to a setting's value and back, and how a value is shown. Everything about
// the settings themselves (ranges, scales, labels, rules) comes from the core's schema (`settingsSchema`).

/** Slider positions run from 0 to this. */
export const SLIDER_STEPS = 1000;

/** The slider of a schema entry, its top following another setting where the schema says so (k ≤ code size). */
export function sliderOf(setting, config) {
  const slider = setting.slider;
  if (!setting.sliderMaxFrom || !config) return slider;
  return { ...slider, max: Math.max(slider.min + 1, config[setting.sliderMaxFrom]) };
}

/** Slider position (0..SLIDER_STEPS) → value. */
export function fromSlider(slider, position) {
  const t = position / SLIDER_STEPS;
  switch (slider.scale) {
    case 'logWithZero':
      if (position <= 0) return 0;
      return roundSignificant(slider.min * (slider.max / slider.min) ** ((position - 1) / (SLIDER_STEPS - 1)));
    case 'log':
      return roundSignificant(slider.min * (slider.max / slider.min) ** t);
    case 'pow2':
      return 2 ** Math.round(Math.log2(slider.min) + t * (Math.log2(slider.max) - Math.log2(slider.min)));
    default: {
      const step = slider.step ?? 0;
      const value = slider.min + t * (slider.max - slider.min);
      return step > 0 ? roundSignificant(Math.min(slider.max, slider.min + Math.round((value - slider.min) / step) * step)) : roundSignificant(value);
    }
  }
}

/** Value → slider position (0..SLIDER_STEPS). */
export function toSlider(slider, value) {
  const clamp = (p) => Math.max(0, Math.min(SLIDER_STEPS, Math.round(p)));
  switch (slider.scale) {
    case 'logWithZero':
      if (!(value > 0)) return 0;
      return clamp(1 + (SLIDER_STEPS - 1) * Math.log(value / slider.min) / Math.log(slider.max / slider.min));
    case 'log':
      return clamp(SLIDER_STEPS * Math.log(value / slider.min) / Math.log(slider.max / slider.min));
    case 'pow2':
      return clamp(SLIDER_STEPS * (Math.log2(value) - Math.log2(slider.min)) / (Math.log2(slider.max) - Math.log2(slider.min)));
    default:
      return clamp(SLIDER_STEPS * (value - slider.min) / (slider.max - slider.min));
  }
}

function roundSignificant(v) {
  return Number(v.toPrecision(3));
}

/** How a value is shown beside its label. */
export function formatValue(value) {
  if (Array.isArray(value)) return value.join(', ') || 'none';
  if (typeof value !== 'number') return String(value);
  if (value === 0) return '0';
  if (Number.isInteger(value)) return String(value);
  const a = Math.abs(value);
  if (a >= 0.01 && a < 1000) return String(Number(value.toPrecision(3)));
  return value.toExponential(1).replace('e-', 'e−');
}
