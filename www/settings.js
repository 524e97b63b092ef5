// Every setting the page shows: label, symbol, formula and explanation, how its slider maps to values, and
// when it does not apply (and why). Limits come from the core's own table, so the page and the checks can
// never disagree. This is also the URL state's schema: keys are the core's config keys.

/** Slider scales. */
export const Scale = {
  linear: 'linear',
  /** Logarithmic, with the far left meaning exactly 0. */
  logWithZero: 'logWithZero',
  log: 'log',
  /** Whole numbers. */
  integer: 'integer',
  /** Powers of two. */
  pow2: 'pow2',
};

const penaltyIs = (name, reason) => (c) => (c.penalty === name ? null : reason);

/** The settings, grouped as the panel shows them. `enabled(config)` returns null or the reason it is off. */
export function settings(limits) {
  return [
    {
      group: 'Data',
      items: [
        {
          key: 'dataset', label: 'Data set', kind: 'select',
          options: [
            ['swiss-roll', 'Swiss roll (3-D)'], ['plane', 'Plane in 3-D'], ['mnist', 'MNIST digits'],
            ['sparse-features', 'Sparse features (known truth)'], ['csv', 'Your CSV…'],
          ],
          help: 'What the autoencoder learns to reconstruct. The Swiss roll is a curled 2-D sheet (seed Fig 05); the plane is flat (Fig 06), so PCA is already optimal there; sparse features are mixtures of known directions, so recovery can be scored.',
          reset: true,
        },
        {
          key: 'samples', label: 'Samples', symbol: 'n', kind: 'range', scale: Scale.integer,
          min: limits.samples.min, max: 4000, step: 16,
          help: 'How many samples the data set has (MNIST: at most 6000 digits, 600 per class).',
          enabled: (c) => (c.dataset === 'csv' ? "The CSV's rows are the samples." : null),
          reset: true,
        },
        {
          key: 'noise', label: 'Noise', symbol: 'σ', kind: 'range', scale: Scale.linear,
          min: limits.noise.min, max: 0.5, step: 0.01,
          help: 'Standard deviation of the Gaussian noise added to generated data, in units of each coordinate\'s spread.',
          enabled: (c) => (c.dataset === 'mnist' || c.dataset === 'csv' ? 'Only generated data sets have noise.' : null),
          reset: true,
        },
        {
          key: 'dataSeed', label: 'Data seed', kind: 'number', min: 0, max: 1e9,
          help: 'The data generator\'s seed: the same seed gives the same samples.',
          enabled: (c) => (c.dataset === 'csv' ? 'A CSV is not generated.' : null),
          reset: true,
        },
        {
          key: 'trueFeatures', label: 'True features', symbol: 'n_f', kind: 'range', scale: Scale.integer,
          min: 2, max: 64, step: 1,
          help: 'How many true unit-norm feature directions generate the data (more than the dimension d is allowed: superposition).',
          enabled: (c) => (c.dataset === 'sparse-features' ? null : 'Only for the sparse-features data set.'),
          reset: true,
        },
        {
          key: 'featureDim', label: 'Dimension', symbol: 'd', kind: 'range', scale: Scale.integer,
          min: limits.featureDim.min, max: 64, step: 1,
          help: 'Dimension of the sparse-features data.',
          enabled: (c) => (c.dataset === 'sparse-features' ? null : 'Only for the sparse-features data set.'),
          reset: true,
        },
        {
          key: 'activeFeatures', label: 'Active per sample', kind: 'range', scale: Scale.integer,
          min: 1, max: 8, step: 1,
          help: 'How many true features each sample mixes (non-negative coefficients in [0.5, 1.5]).',
          enabled: (c) => (c.dataset === 'sparse-features' ? null : 'Only for the sparse-features data set.'),
          reset: true,
        },
      ],
    },
    {
      group: 'Architecture',
      items: [
        {
          key: 'encoderLayers', label: 'Encoder layers', kind: 'layers', maxDepth: limits.encoderDepth,
          max: limits.layerWidth.max,
          help: 'Widths of the hidden layers before the code, e.g. "32, 16" (up to three). The decoder mirrors them.',
          reset: true,
        },
        {
          key: 'codeSize', label: 'Code size', symbol: 'h', kind: 'range', scale: Scale.integer,
          min: 1, max: 256, step: 1,
          help: 'Units in the code layer. Fewer than the input is an undercomplete bottleneck; more is overcomplete, which only a sparsity penalty keeps from copying the input.',
          reset: true,
        },
        {
          key: 'activation', label: 'Activation', kind: 'select',
          options: [['sigmoid', 'sigmoid σ(z)'], ['tanh', 'tanh'], ['relu', 'ReLU max(0, z)'], ['linear', 'linear']],
          help: 'Nonlinearity of every hidden layer including the code. The KL penalty needs sigmoid (its ρ̂ is a firing probability).',
          reset: true,
        },
        {
          key: 'outputActivation', label: 'Output', kind: 'select',
          options: [['auto', 'auto (by data set)'], ['sigmoid', 'sigmoid'], ['linear', 'linear']],
          help: 'Activation of the output layer: sigmoid for pixels in [0, 1], linear for standardized coordinates.',
          reset: true,
        },
      ],
    },
    {
      group: 'Sparsity',
      items: [
        {
          key: 'penalty', label: 'Penalty', kind: 'select',
          options: [['none', 'none'], ['l1', 'L1: λ Σ|a|'], ['kl', 'KL: β Σ KL(ρ‖ρ̂)'], ['topk', 'TopK: keep k']],
          optionEnabled: (value, c) => (value === 'kl' && c.activation !== 'sigmoid'
            ? 'KL needs sigmoid code units: it compares firing probabilities, so activations must lie in (0, 1).'
            : null),
          help: 'How the code is made sparse. L1 penalizes every activation; KL pulls each unit\'s mean activation ρ̂ to ρ; TopK keeps only the k largest per sample.',
        },
        {
          key: 'lambda', label: 'L1 strength', symbol: 'λ', kind: 'range', scale: Scale.logWithZero,
          min: 1e-4, max: 10,
          formula: 'J += λ (1/m) Σᵢ Σⱼ |aᵢⱼ|',
          help: 'Each active unit costs λ per unit of activation, so units that do not help reconstruction are pushed to exactly zero.',
          enabled: penaltyIs('l1', 'λ applies to the L1 penalty: choose L1.'),
        },
        {
          key: 'rho', label: 'Target activation', symbol: 'ρ', kind: 'range', scale: Scale.log,
          min: 0.001, max: 0.95,
          formula: 'J += β Σⱼ KL(ρ ‖ ρ̂ⱼ),  ρ̂ⱼ = (1/m) Σᵢ aᵢⱼ',
          help: 'The mean activation each code unit should have: KL(ρ‖ρ̂) = ρ log(ρ/ρ̂) + (1−ρ) log((1−ρ)/(1−ρ̂)) is zero at ρ̂ = ρ.',
          enabled: penaltyIs('kl', 'ρ applies to the KL penalty: choose KL (with sigmoid units).'),
        },
        {
          key: 'beta', label: 'KL strength', symbol: 'β', kind: 'range', scale: Scale.logWithZero,
          min: 0.01, max: 100,
          formula: '∂J/∂aᵢⱼ += (β/m) (−ρ/ρ̂ⱼ + (1−ρ)/(1−ρ̂ⱼ))',
          help: 'How hard the KL term pulls each ρ̂ towards ρ.',
          enabled: penaltyIs('kl', 'β applies to the KL penalty: choose KL (with sigmoid units).'),
        },
        {
          key: 'k', label: 'Active units', symbol: 'k', kind: 'range', scale: Scale.integer,
          min: 1, max: 64, step: 1, maxFrom: 'codeSize',
          help: 'TopK keeps the k largest code activations of each sample and zeroes the rest: L0 = k exactly.',
          enabled: penaltyIs('topk', 'k applies to TopK: choose TopK.'),
        },
      ],
    },
    {
      group: 'Training',
      items: [
        {
          key: 'weightDecay', label: 'Weight decay', symbol: 'λ_w', kind: 'range', scale: Scale.logWithZero,
          min: 1e-5, max: 1,
          formula: 'J += (λ_w / 2) Σ W²  (weights only)',
          help: 'The seed\'s "regularization" on the weights (L2): shrinks every weight in proportion to its size, never to exactly zero.',
        },
        {
          key: 'optimizer', label: 'Optimizer', kind: 'select',
          options: [['sgd', 'SGD'], ['momentum', 'SGD + momentum'], ['adam', 'Adam']],
          help: 'SGD: θ ← θ − η g. Momentum: v ← μv − ηg, θ ← θ + v. Adam scales each step by running gradient statistics.',
        },
        {
          key: 'learningRate', label: 'Learning rate', symbol: 'η', kind: 'range', scale: Scale.log,
          min: 1e-5, max: 100,
          formula: 'θ ← θ − η ∂J/∂θ',
          help: 'Step size. Too large and training diverges: the page stops, explains, and offers the last good weights back.',
        },
        {
          key: 'momentum', label: 'Momentum', symbol: 'μ', kind: 'range', scale: Scale.linear,
          min: 0, max: 0.99, step: 0.01,
          help: 'Fraction of the previous update kept in each step.',
          enabled: (c) => (c.optimizer === 'momentum' ? null : 'μ applies to SGD + momentum.'),
        },
        {
          key: 'batchSize', label: 'Batch size', symbol: 'm', kind: 'range', scale: Scale.pow2,
          min: 1, max: 1024,
          help: 'Samples per step. ρ̂ is averaged over the batch, so tiny batches make the KL estimate noisy.',
        },
        {
          key: 'seed', label: 'Seed', kind: 'number', min: 0, max: 1e9,
          help: 'Seed of the initial weights and the minibatch order: the same seed trains identically.',
          reset: true,
        },
      ],
    },
  ];
}

/** Slider position (0..1000) → value. */
export function fromSlider(item, position) {
  const t = position / 1000;
  switch (item.scale) {
    case Scale.logWithZero:
      if (position <= 0) return 0;
      return roundSignificant(item.min * (item.max / item.min) ** ((position - 1) / 999));
    case Scale.log:
      return roundSignificant(item.min * (item.max / item.min) ** t);
    case Scale.pow2:
      return 2 ** Math.round(Math.log2(item.min) + t * (Math.log2(item.max) - Math.log2(item.min)));
    case Scale.integer:
      return Math.round(item.min + t * (item.max - item.min));
    default:
      return roundSignificant(item.min + t * (item.max - item.min));
  }
}

/** Value → slider position (0..1000). */
export function toSlider(item, value) {
  const clamp = (p) => Math.max(0, Math.min(1000, Math.round(p)));
  switch (item.scale) {
    case Scale.logWithZero:
      if (!(value > 0)) return 0;
      return clamp(1 + 999 * Math.log(value / item.min) / Math.log(item.max / item.min));
    case Scale.log:
      return clamp(1000 * Math.log(value / item.min) / Math.log(item.max / item.min));
    case Scale.pow2:
      return clamp(1000 * (Math.log2(value) - Math.log2(item.min)) / (Math.log2(item.max) - Math.log2(item.min)));
    default:
      return clamp(1000 * (value - item.min) / (item.max - item.min));
  }
}

function roundSignificant(v) {
  return Number(v.toPrecision(3));
}

/** How a value is shown beside its label. */
export function formatValue(value) {
  if (typeof value !== 'number') return String(value);
  if (value === 0) return '0';
  if (Number.isInteger(value)) return String(value);
  const a = Math.abs(value);
  if (a >= 0.01 && a < 1000) return String(Number(value.toPrecision(3)));
  return value.toExponential(1).replace('e-', 'e−');
}
