// A step's checkpoint against the model's numbers: reads each session's metrics from the core (summary,
// metrics, the whole-data evaluation, PCA's reference error) and tells whether a task's conditions hold.
// Nothing is recomputed here: the conditions only compare the core's numbers with thresholds.

/** Milliseconds between two whole-data evaluations of a session (they cost a pass over the data). */
const EVALUATE_EVERY_MS = 400;

/**
 * The metrics a condition can name, per session:
 * step, reconstruction / sparsity / weightDecay / total (last batch), startReconstruction (the loss
 * history's first point), wholeReconstruction (whole data set), pca (PCA's error at the same code size,
 * once known), l0, deadUnits, lambda, rho, beta, rhoHatWorst (the core's rhoHatLargestGap: the largest |ρ̂ⱼ − ρ|, from
 * the running ρ̂ the figures show), recovered (sparse-features: fraction of true features recovered).
 */
export function createSessionReader() {
  const cache = new WeakMap();
  return function read(view, now = performance.now()) {
    const summary = view.summary();
    let entry = cache.get(view);
    if (!entry || entry.step > summary.step || entry.generation !== summary.configRevision) {
      entry = { evaluatedAt: -Infinity, whole: null, step: summary.step, generation: summary.configRevision, start: null };
      cache.set(view, entry);
    }
    entry.step = summary.step;
    if (now - entry.evaluatedAt >= EVALUATE_EVERY_MS && summary.step > 0) {
      entry.evaluatedAt = now;
      entry.whole = view.evaluate().loss.reconstruction;
    }
    if (entry.start === null || summary.step === 0) {
      const first = view.history()[0];
      entry.start = first ? first.loss.reconstruction : null;
    }
    const config = view.config();
    const metrics = view.metrics();
    return {
      step: summary.step,
      reconstruction: summary.loss.reconstruction,
      sparsity: summary.loss.sparsity,
      weightDecay: summary.loss.weightDecay,
      total: summary.loss.total,
      startReconstruction: entry.start,
      wholeReconstruction: summary.step > 0 ? entry.whole : null,
      pca: view.knownPcaReference() ?? null,
      l0: summary.l0,
      deadUnits: summary.deadUnits,
      lambda: config.lambda,
      rho: config.rho,
      beta: config.beta,
      rhoHatWorst: metrics.rhoHatLargestGap ?? null,
      recovered: summary.recovery?.fractionRecovered ?? null,
    };
  };
}

/** The value a condition's metric names in `reading` (`{ sessions: [metrics…], figure, study }`), or
 * null when it is not known yet. */
export function valueOf({ source = 'session', session = 0, metric }, reading) {
  const values = source === 'session' ? reading.sessions?.[session] : reading[source];
  const value = values?.[metric];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The number a bound stands for: a constant, or another metric times a factor. */
function bound(limit, reading) {
  if (typeof limit === 'number') return limit;
  const value = valueOf(limit, reading);
  return value === null ? null : value * (limit.times ?? 1);
}

/** Whether one condition holds for `reading`. */
export function holds(condition, reading) {
  const value = valueOf(condition, reading);
  if (value === null) return false;
  if (condition.below !== undefined) {
    const limit = bound(condition.below, reading);
    if (limit === null || !(value < limit)) return false;
  }
  if (condition.above !== undefined) {
    const limit = bound(condition.above, reading);
    if (limit === null || !(value > limit)) return false;
  }
  if (condition.within !== undefined) {
    const target = bound(condition.within.value, reading);
    if (target === null || !(Math.abs(value - target) <= condition.within.by)) return false;
  }
  return true;
}

/** Whether every condition of `task` holds. */
export function taskMet(task, reading) {
  return task.conditions.every((condition) => holds(condition, reading));
}

/** A short number for the progress line: four significant digits, exponent form when tiny or huge. */
export function formatMetric(value) {
  if (value === null) return '…';
  if (Number.isInteger(value)) return String(value);
  const a = Math.abs(value);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** The task's progress line: each watched metric with its current value. */
export function progressLine(task, reading) {
  return task.watch.map((w) => `${w.label} ${formatMetric(valueOf(w, reading))}`).join(' · ');
}
