// A first guess at how slow this machine's main thread is, for the frame governor's first Play on a
// machine it has never seen: without it, a slow classroom computer found its level by dropping frames
// for the first seconds of every first visit (CPU slowed 4×: 12–27 late frames while the governor climbed
// from level 0). The guess is only a starting point; the frames delivered steer from there, and ten calm
// seconds give a level back.

/** Milliseconds `work(ITERATIONS)` takes on the 2-core development machine where level 0 holds every
 * frame (2026-12-02: 0.9–1.0 ms; with Chromium's CPU throttling at 4×, 3.4–4.2). */
const REFERENCE_MS = 0.95;
const ITERATIONS = 400000;
/** Timed runs; the shortest counts (a busy machine preempts some of them, never makes one faster). */
const RUNS = 8;

/** Slow-downs from which the first Play starts at a level above 0, largest first: [slow-down, level].
 * CPU throttled 4× needed level 3 to hold its frames (level 2 still dropped one or two a second). */
const START_LEVELS = [[2.5, 3], [1.6, 1]];

function work(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.sqrt(i) * 1e-9;
  return sum;
}

/** How many times slower than the reference machine this page's thread runs now (about 1 here, about
 * 4 with the CPU throttled 4×). Takes about 8 ms here. */
export function mainThreadSlowdown(now = () => performance.now()) {
  let sink = work(ITERATIONS / 4); // past the interpreter: the runs time optimised code
  let shortest = Infinity;
  for (let run = 0; run < RUNS; run++) {
    const start = now();
    sink += work(ITERATIONS);
    shortest = Math.min(shortest, now() - start);
  }
  // `sink` keeps the loop's result alive, so no engine drops the loop as dead code.
  return Number.isFinite(sink) ? shortest / REFERENCE_MS : 1;
}

/** The pacing level a machine `slowdown` times slower than the reference starts at. */
export function startingLevel(slowdown) {
  return START_LEVELS.find(([from]) => slowdown >= from)?.[1] ?? 0;
}
