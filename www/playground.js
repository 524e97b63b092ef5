// The JavaScript API of the Sparse Autoencoder Playground (the page uses it too).
//
//   import { Playground, loadMnist } from './www/playground.js';
//   const p = Playground.fromPreset('kl-sparse', 7);
//   p.step(100);
//   p.set({ rho: 0.1 });            // live: no reset
//   console.log(p.metrics().loss);
//
// Every method throws a JS Error carrying the core's sentence when it refuses something; the session is
// then unchanged. Large buffers (activations, pixels) stay in wasm memory: drawing happens on canvases you
// pass in, and only small JSON results cross the boundary.

import { wasm, wasmVariant } from './core-loader.js';
import { readWithProgress } from './fetch-progress.js';

/** Which build of the core runs here: 'relaxed-simd' (fused multiply-add) or 'simd128'. */
export { wasmVariant };

/** The core's raw wasm-bindgen exports (benchmarks and self-tests use them). */
export const core = wasm;

const parse = (text) => JSON.parse(text);

/** Every preset: `{ name, title, lesson, steps, config }`. */
export const presets = parse(wasm.presets());
/** Every setting: key, group, label, symbol, help, formula, valid range, slider range and scale, whether
 * it is live or what changing it restarts, and its choices. The page's controls are built from it. */
export const settingsSchema = parse(wasm.settingsSchema());
/** Each numeric setting's valid range `{ min, max, open }` and the CSV limits, from the same table. */
export const limits = parse(wasm.limits());

/** Which settings and choices do not apply to `config`, with the sentence why:
 * `{ [key]: { off?: string, choicesOff?: { [choice]: string } } }`. */
export function availability(config) {
  return parse(wasm.availability(JSON.stringify(config)));
}

/** Applies settings typed as text (`[[key, text], …]`, e.g. from a URL) over `base`, one at a time:
 * `{ config, refused: [{ key, message }] }`; a refused setting is left out with its sentence. */
export function applyTextSettings(base, pairs) {
  return parse(wasm.applyTextSettings(JSON.stringify(base), JSON.stringify(pairs)));
}
/** Every panel, in page order: `[{ id, title, caption, height, minIntervalMs, pixelated, draggable,
 * fitHeight, dependsOn: 'session'|'config', animationSteps, replaysOn, toggles: [{ option, label }] }]`. */
export const panels = parse(wasm.panels());
/** The default config. */
export const defaultConfig = parse(wasm.defaultConfig());

/** Checks a (partial) config; returns it complete or throws the sentence saying what is wrong. */
export function checkConfig(partial) {
  return parse(wasm.checkConfig(JSON.stringify(partial)));
}

/** The first panic's message, if the core ever panicked (a bug: please report it). */
export function lastPanic() {
  return wasm.lastPanic() ?? null;
}

export function mnistLoaded() {
  return wasm.mnistLoaded();
}

/** Hands the decompressed MNIST payload to the core; returns the number of digits. */
export function loadMnistBytes(bytes) {
  return wasm.loadMnist(bytes);
}

/** Gunzips `bytes` when they start with gzip's magic number (the packed file, or a host that did not
 * decode it), else returns them as they are. */
async function gunzipIfPacked(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Fetches the packed MNIST digits (about 1 MB, only when asked for) and hands them to the core.
 * `onProgress(fraction)` follows the download. Resolves to the decompressed bytes (to pass to a Worker).
 */
export async function loadMnist({ url = new URL('../data/mnist-6000.bin.gz', import.meta.url), onProgress } = {}) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not fetch the MNIST digits (${response.status} ${response.statusText}).`);
  const body = await readWithProgress(response, (received, total) => {
    if (total && onProgress) onProgress(Math.min(1, received / total));
  });
  const bytes = await gunzipIfPacked(new Uint8Array(await body.arrayBuffer()));
  loadMnistBytes(bytes);
  onProgress?.(1);
  return bytes;
}

/** Loads the digits from a file the user picked (the packed `data/mnist-6000.bin.gz`), where they cannot be
 * fetched (a page opened from disk, a sandboxed frame). Resolves to the decompressed bytes. */
export async function loadMnistFile(file) {
  const bytes = await gunzipIfPacked(new Uint8Array(await file.arrayBuffer()));
  loadMnistBytes(bytes);
  return bytes;
}

/** A count of steps for the core (a u32 there, where -1 would silently become 4294967295 steps). */
function stepCount(n, what) {
  if (n === Infinity) return 0xffffffff;
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a whole number of steps, 0 or more, but it is ${n}.`);
  return Math.min(n, 0xffffffff);
}

function rethrow(error) {
  if (error instanceof Error) throw error;
  throw new Error(String(error));
}

/** A training session: a model, its data and its trainer. */
export class Playground {
  #inner;

  /** The wasm session, or the sentence saying this one was freed. */
  get #live() {
    if (!this.#inner) throw new Error('This playground was freed (free() was called); create a new one to go on.');
    return this.#inner;
  }

  /** A session for a (partial) config; missing keys take their defaults. */
  constructor(config = {}, inner = null) {
    try {
      this.#inner = inner ?? new wasm.WebPlayground(JSON.stringify(config));
    } catch (e) {
      rethrow(e);
    }
  }

  /** A session for a named preset (see `presets`), optionally with another seed. */
  static fromPreset(name, seed) {
    try {
      return new Playground({}, wasm.WebPlayground.fromPreset(name, seed ?? undefined));
    } catch (e) {
      rethrow(e);
    }
  }

  /** Trains `n` minibatch steps; returns the steps taken (fewer once training diverged). */
  step(n = 1) {
    return this.#live.step(stepCount(n, 'step(n): n'));
  }

  /** Trains the steps that fit in `budgetMs` milliseconds, up to `maxSteps`; returns the steps taken.
   * Called once a frame: a step is started only if it should end in time, and a step longer than the
   * budget runs on a later call, from the budget the calls in between saved (those return 0). While
   * PCA's reference error is being computed (784-wide data), a third of the budget goes to it. */
  stepFor(budgetMs, maxSteps = 1e9) {
    if (typeof budgetMs !== 'number' || !(budgetMs >= 0)) {
      throw new Error(`stepFor(budgetMs): budgetMs must be a number of milliseconds, 0 or more, but it is ${budgetMs}.`);
    }
    return this.#live.stepFor(budgetMs, stepCount(maxSteps, 'stepFor(budgetMs, maxSteps): maxSteps'));
  }

  /** Changes settings. Hyperparameters apply to the next step with no reset; a data or architecture
   * change restarts at step 0. Returns `{ reset, message }`. */
  set(partialConfig) {
    try {
      return parse(this.#live.set(JSON.stringify(partialConfig)));
    } catch (e) {
      rethrow(e);
    }
  }

  /** `{ step, epoch, loss: {reconstruction, sparsity, weightDecay, total}, rhoHat, rhoHatRunning,
   * firingDensity, l0, deadUnits, samplesPerSecond, status: {state: 'ok'|'diverged'|'stuck', ...} }` */
  metrics() {
    return parse(this.#live.metrics());
  }

  /** What the page shows every frame (small): step, epoch, loss, l0, deadUnits, codeSize,
   * samplesPerSecond, status, penalty, rho, beta, recovery, `generation`, which changes whenever
   * anything a figure shows changes, `configRevision`, which changes with the settings, and `figures`,
   * each panel's own revision by id (a live setting moves only the figures that draw it). */
  summary() {
    return parse(this.#live.summary());
  }

  /** Whether training can go on (not stopped by a divergence or a collapse); cheaper than `summary()`. */
  canTrain() {
    return this.#live.canTrain();
  }

  /** Each loss term on the whole data set: `{ loss, rhoHat }`. */
  evaluate() {
    return parse(this.#live.evaluate());
  }

  /** Finite differences against the analytic gradient, with the core's verdict: `{ epsilon, terms:
   * [{term, relativeError, parametersChecked}], worstRelativeError, tolerance, passed }`. */
  gradientCheck() {
    return parse(this.#live.gradientCheck());
  }

  /** `gradientCheck()` a few milliseconds at a time, so a page training on its own thread keeps drawing (an
   * MNIST-sized check is 0.7 s in one go on a fast machine): about `sliceMs` per animation frame, on a copy
   * of the current weights. `onProgress(fraction)` follows it; resolves to what `gradientCheck()` returns.
   * `nextSlice(run)` schedules the next slice (a worker passes its own, between its training chunks). */
  gradientCheckInSlices({ sliceMs = 8, onProgress = () => {}, nextSlice = null } = {}) {
    const job = this.#live.gradientCheckJob();
    const nextFrame = nextSlice ?? globalThis.requestAnimationFrame ?? ((run) => setTimeout(run, 0));
    return new Promise((resolve, reject) => {
      const slice = () => {
        try {
          const fraction = job.advance(sliceMs);
          onProgress(fraction);
          if (fraction < 1) {
            nextFrame(slice);
            return;
          }
          const report = parse(job.report());
          job.free();
          resolve(report);
        } catch (e) {
          job.free();
          reject(e);
        }
      };
      nextFrame(slice);
    });
  }

  /** The model file: `{ format: 'sae-playground-model', version: 1, config, inputDim, step, layers }`. */
  exportModel() {
    return parse(this.#live.exportModel());
  }

  /** Loads a model file (object or JSON text); a bad file throws and changes nothing. */
  importModel(model) {
    try {
      return parse(this.#live.importModel(typeof model === 'string' ? model : JSON.stringify(model)));
    } catch (e) {
      rethrow(e);
    }
  }

  /** Trains on your own numeric CSV (header optional); errors name the line. */
  loadCsv(text) {
    try {
      return parse(this.#live.loadCsv(text));
    } catch (e) {
      rethrow(e);
    }
  }

  /** The current config. */
  config() {
    return parse(this.#live.config());
  }

  /** Starts over with the same settings and seed. */
  reset() {
    this.#live.reset();
  }

  /** After divergence: brings back the last good weights. */
  restore() {
    this.#live.restore();
  }

  /** PCA's reconstruction error at the same code size (computed now if it is not known yet: about half a
   * second for MNIST). */
  pcaReference() {
    return this.#live.pcaReference();
  }

  /** PCA's reconstruction error if it is known, else null; never computes. */
  knownPcaReference() {
    return this.#live.knownPcaReference() ?? null;
  }

  /** Lets the core compute PCA's reconstruction error when its timing says it is due (at once for data of
   * at most 64 dimensions, after some training steps for MNIST); returns it if known, else null. Call it
   * after training. */
  updatePcaReference() {
    return this.#live.updatePcaReference() ?? null;
  }

  /** Takes over PCA's reconstruction error computed by another session on the same data and code size
   * (how the page's mirror gets it from the training worker). */
  adoptPcaReference(error) {
    this.#live.adoptPcaReference(error);
  }

  /** sparse-features only: `{ bestCosine, fractionRecovered, threshold }`, else null. */
  recovery() {
    const r = this.#live.recovery();
    return r === undefined ? null : parse(r);
  }

  /** The loss history: `[{ step, loss }]`, at most 1024 points however long training runs. */
  history() {
    return parse(this.#live.history());
  }

  /** Draws a panel onto `canvas` (sized in device pixels); returns the panel's layout for hover. */
  draw(panel, canvas, options = {}) {
    try {
      return parse(this.#live.draw(panel, canvas, JSON.stringify(options)));
    } catch (e) {
      rethrow(e);
    }
  }

  /** The line of text under a panel's figure (loss terms, L0 and dead units, the KL term, recovered
   * features), or null if the panel has none. */
  readout(panel) {
    try {
      return this.#live.readout(panel) ?? null;
    } catch (e) {
      rethrow(e);
    }
  }

  /** A chart panel as an SVG document of `width × height` (vectors, for slides and papers), or null for an
   * image panel. `options` as for `draw`. */
  svg(panel, width, height, options = {}) {
    try {
      return this.#live.svg(panel, width, height, JSON.stringify(options)) ?? null;
    } catch (e) {
      rethrow(e);
    }
  }

  /** The numbers behind a panel's figure as CSV text with a header row: the loss history for `loss`, the
   * probe batch's codes for `heatmap` and `code`, one row per code unit for the others (the panel's
   * `numbers`). */
  numbers(panel) {
    try {
      return this.#live.numbers(panel);
    } catch (e) {
      rethrow(e);
    }
  }

  /** What is under device pixel (x, y) of a drawn panel: `{ text, sample?, unit? }` or null. */
  hover(panel, x, y, scale = 1) {
    const r = this.#live.hover(panel, x, y, scale);
    return r === undefined ? null : parse(r);
  }

  /** Code unit `unit`'s live numbers for the formula card: `{ unit, units, step, penalty, rho, beta, lambda,
   * rhoHat, kl, dKl, klTerm, klPush, meanAbs, l1Term, sparsityPart, sparsityTotal, share, firingDensity, dead,
   * firingRule, deadWindow, weights: { kind: 'tile'|'arrow'|'bars', from, count, norm, values?, caption } }`. */
  unitCard(unit) {
    try {
      return parse(this.#live.unitCard(unit));
    } catch (e) {
      rethrow(e);
    }
  }

  /** Draws code unit `unit`'s incoming weights onto `canvas` (sized in device pixels): a tile for images, an
   * arrow in the data space for 2-D and 3-D data, bars otherwise. `options`: `{ scale, yaw, pitch }`.
   * Returns `{ width, height, kind }`. */
  drawUnitWeights(unit, canvas, options = {}) {
    try {
      return parse(this.#live.drawUnitWeights(unit, canvas, JSON.stringify(options)));
    } catch (e) {
      rethrow(e);
    }
  }

  /** Selects a sample (shown in the network diagram and highlighted everywhere). */
  selectSample(index) {
    this.#live.selectSample(index);
  }

  /** The trainer's state as bytes, and taking it over (how the page mirrors a Worker's trainer). */
  saveState() {
    return this.#live.saveState();
  }

  /** Changes whenever `saveState()` would give another state (it starts again after a restart). */
  weightsRevision() {
    return this.#live.weightsRevision();
  }

  loadState(bytes) {
    try {
      this.#live.loadState(bytes);
    } catch (e) {
      rethrow(e);
    }
  }

  /** Releases the wasm memory of this session. */
  free() {
    this.#inner?.free();
    this.#inner = null;
  }
}
