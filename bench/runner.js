// Runs in headless Chromium (scripts/bench.mjs): our training step in wasm against TensorFlow.js on the
// same work, the peak f32x4 multiply-add rate, and the loss-parity check. Results land in
// window.benchResults.
import { core as ours, wasmVariant } from '../www/playground.js';
import { idiomaticStep, manualStep } from './tfjs-steps.js';

const log = (line) => {
  document.getElementById('log').textContent += `\n${line}`;
  console.log(line);
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median µs per step of `step` over `runs` runs of `steps` steps, after a warm-up. */
function time(step, steps, runs) {
  for (let i = 0; i < Math.max(3, steps / 10); i++) step();
  const perRun = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    for (let i = 0; i < steps; i++) step();
    perRun.push(((performance.now() - start) * 1000) / steps);
  }
  return median(perRun);
}

/** The loss reported by step `n` (the same convention as ours: at the weights before that update). */
function lossAfter(step, n) {
  let value = NaN;
  for (let i = 0; i < n; i++) value = step();
  return value;
}

const PARITY_STEPS = 20;
const PLAN = {
  mnist: { ours: [100, 7], tfjsWasm: [30, 7], tfjsCpu: [4, 3] },
  swiss: { ours: [5000, 7], tfjsWasm: [300, 7], tfjsCpu: [100, 5] },
};

async function run() {
  const tf = window.tf;
  tf.wasm.setWasmPaths(new URL('./vendor/', location.href).href);
  tf.wasm.setThreadsCount?.(1);
  const results = {
    browser: navigator.userAgent,
    wasmVariant,
    wasmFeatures: ours.wasmFeatures(),
    matmulSelfTest: ours.matmulSelfTest(),
  };
  // Short calls first so the engine tiers the kernel up to optimised code (a running call never tiers up).
  for (let i = 0; i < 40; i++) ours.peakGflops(0.005);
  results.peak_gflops = Math.max(ours.peakGflops(0.3), ours.peakGflops(0.3), ours.peakGflops(0.3));
  log(`peak f32x4 multiply-add: ${results.peak_gflops.toFixed(1)} GFLOP/s`);
  for (const name of ['mnist', 'swiss']) {
    const plan = PLAN[name];
    const setup = JSON.parse(ours.benchParity(name, PARITY_STEPS));
    const ourLoss = setup.losses[PARITY_STEPS - 1];
    const r = JSON.parse(ours.benchRun(name, plan.ours[0], plan.ours[1]));
    const entry = { ours_us: r.microsecondsPerStep, ours_loss20: ourLoss, flops: ours.benchFlops(name) };
    log(`${name}: ours ${entry.ours_us.toFixed(1)} µs`);

    await tf.setBackend('wasm');
    await tf.ready();
    entry.tfjs_wasm_backend = tf.getBackend();
    entry.tfjs_wasm_minimize_us = time(idiomaticStep(tf, setup), ...plan.tfjsWasm);
    entry.tfjs_wasm_manual_us = time(manualStep(tf, setup), ...plan.tfjsWasm);
    const lossMinimize = lossAfter(idiomaticStep(tf, setup), PARITY_STEPS);
    const lossManual = lossAfter(manualStep(tf, setup), PARITY_STEPS);
    tf.disposeVariables();
    log(`${name}: tfjs-wasm minimize ${entry.tfjs_wasm_minimize_us.toFixed(1)} µs, manual ${entry.tfjs_wasm_manual_us.toFixed(1)} µs`);

    await tf.setBackend('cpu');
    await tf.ready();
    entry.tfjs_cpu_us = time(idiomaticStep(tf, setup), ...plan.tfjsCpu);
    const lossCpu = lossAfter(idiomaticStep(tf, setup), PARITY_STEPS);
    tf.disposeVariables();
    log(`${name}: tfjs-cpu ${entry.tfjs_cpu_us.toFixed(1)} µs`);

    const rel = (theirs) => Math.abs(ourLoss - theirs) / Math.abs(theirs);
    entry.parity = { steps: PARITY_STEPS, ours: ourLoss, tfjs_wasm_minimize: lossMinimize, tfjs_wasm_manual: lossManual, tfjs_cpu: lossCpu };
    entry.parity_rel = Math.max(rel(lossMinimize), rel(lossManual), rel(lossCpu));
    entry.efficiency = entry.flops / (entry.ours_us * 1e-6) / 1e9 / results.peak_gflops;
    log(`${name}: parity ${entry.parity_rel.toExponential(2)}, efficiency ${entry.efficiency.toFixed(2)}`);
    results[name] = entry;
  }
  return results;
}

window.benchResults = run().catch((error) => ({ error: error.message ?? String(error) }));
