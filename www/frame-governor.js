// Holds the page near 60 frames a second on a slow or busy machine (a 2-core classroom computer, two
// models at once): it watches the frames actually delivered while training runs and, when too many come
// late (3 in five seconds, so a steady one a second counts too), trades training speed and redraw rate for
// smoothness, one level at a time, at once (and one more for every further 3); when frames have been
// on time for a while (five seconds with at most one late frame, longer when the machine relapsed soon
// after the last time) it gives them back. The level is remembered for the next visit. The stage applies
// the pacing to its hosts (the share of time spent training) and panels (drawing budget, how often each
// redraws, how often read-outs change).

/** Milliseconds of frames per verdict (by time, not by count: at 10 frames a second a verdict must not
 * take six seconds). */
const WINDOW_MS = 1000;
/** A frame later than this missed its display slot (a 60 Hz frame is 16.7 ms). */
export const LATE_MS = 20;
/** One display frame at 60 Hz. */
const DISPLAY_FRAME_MS = 1000 / 60;
/** Windows a verdict looks back over (this one included). */
const HORIZON_WINDOWS = 5;
/** Late frames over the horizon that call for the next level: 3 in one second (5 % of its 60 frames), or
 * a steady one a second, as a CPU slowed 4× drops at training share 0.7 when nothing else is wrong (a rule
 * over two seconds let that be, and the page sat there dropping a frame a second). The level is taken at
 * the frame that makes the count, not at the end of its second: waiting for the verdict let a CPU slowed
 * 4× drop 5–7 frames in the second after every warm-up and every level given back too soon. */
const TOO_MANY_LATE = 3;
/** Milliseconds after a level changes whose late frames are not judged: the frame or two already under
 * way (a figure's redraw, the worker's chunk) were planned at the level before. */
const SETTLE_MS = 100;
/** Late frames the horizon may have and still count as calm (a busy machine drops one now and then even
 * while the page is paused). */
const CALM_LATE = 1;
/** Calm windows in a row before a level is given back... */
const CALM_WINDOWS = 5;
/** ...doubled, up to this many, each time late frames return soon after a level was given back (within
 * `RELAPSE_MS`): a machine that cannot hold a level is not asked again every five seconds (on a CPU slowed
 * 4× the page went 0 → 1 → 0 → 1 every few seconds, late each time it tried). */
const MAX_CALM_WINDOWS = 40;
const RELAPSE_MS = 10000;
/** Giving a level back tries whether the machine now keeps up; for this long after, 2 late frames (not
 * `TOO_MANY_LATE`) say it does not. On a CPU slowed 4× (two models, level 1 given back after ten calm
 * seconds) the try cost 4 late frames within half a second, the third taking the level again and a
 * fourth already under way; a machine that keeps up drops none there. */
const PROBE_MS = 2000;
const PROBE_TOO_MANY_LATE = 2;
/** A gap longer than this is a pause, a hidden tab or a rebuild, not the machine's pace (a throttled
 * machine's frames can be late by a quarter of a second, and that still counts). */
const GAP_MS = 1000;
/** Milliseconds after training starts (Play, a new stage, frames resuming after a gap) in which the first
 * `WARM_UP_EXCUSED` late frames are not held against the machine: the first draw of every figure, PCA's
 * reference and the compiler's tier-up are one-off costs (on this 2-core machine 0–2 late frames, all in
 * the first 1.2 s after Play), and judging them put "Figures simplified" on every Play of a machine that
 * keeps up. Late frames beyond those count at once: ignoring the whole warm-up let a CPU slowed 4× drop
 * every frame of it, 10–18 on a 2× screen, before the first level was even considered. */
export const WARM_UP_MS = 1500;
export const WARM_UP_EXCUSED = 5;

/**
 * From smooth and fast (level 0) to less detail, rarer redraws and, only then, slower training. `trainingShare`: the
 * part of the time the trainer works (it rests in between); `drawBudgetMs`: milliseconds of drawing per
 * frame; `panelIntervalMs`: the least time between two redraws of one panel; `readoutIntervalMs`: the
 * same for the read-out lines; `pointStride`: scatter figures draw every n-th sample (the code scatter's
 * 500 points were the costliest single draw on a slowed CPU); `maxPixelRatio`: canvas pixels per CSS
 * pixel at most (a screen with 2 device pixels per CSS pixel rasterises and hands over 4 times the pixels:
 * on a CPU slowed 4× it dropped half as many frames again as the same page at 1).
 */
export const PACING_LEVELS = [
  { level: 0, trainingShare: 1, drawBudgetMs: 6, panelIntervalMs: 0, readoutIntervalMs: 100, pointStride: 1, maxPixelRatio: 4 },
  // Drawing less comes first: it costs the student nothing but detail and redraw rate.
  { level: 1, trainingShare: 1, drawBudgetMs: 4, panelIntervalMs: 50, readoutIntervalMs: 200, pointStride: 2, maxPixelRatio: 4 },
  // From level 2 figures are drawn at one canvas pixel per CSS pixel, as training slows from there on: a
  // high-density screen's softer figures cost the student less than training at 0.45 instead of 0.7 (CPU
  // ÷4, a 2× screen, a next visit from level 2: it held level 3 at 36,000–42,000 steps a second, 4–6 late
  // frames, where drawing at 2× took it to level 4 at 16,000, 10–15 late).
  { level: 2, trainingShare: 0.7, drawBudgetMs: 3, panelIntervalMs: 100, readoutIntervalMs: 250, pointStride: 4, maxPixelRatio: 1 },
  // A slow machine's canvases cost as much to hand to the compositor as to draw (profiled on a CPU slowed
  // 4×: a third of the main thread), so the last levels redraw each figure at most 2 and 1 times a second.
  { level: 3, trainingShare: 0.45, drawBudgetMs: 2, panelIntervalMs: 500, readoutIntervalMs: 500, pointStride: 4, maxPixelRatio: 1 },
  { level: 4, trainingShare: 0.25, drawBudgetMs: 2, panelIntervalMs: 1000, readoutIntervalMs: 1000, pointStride: 4, maxPixelRatio: 1 },
];

/**
 * A governor; `onChange(pacing)` is called when the level changes. `memory` (`{ read(), write(level) }`,
 * e.g. `openLocalStore`) keeps the level across visits: a classroom machine that needed level 3 starts
 * there next time instead of dropping frames for seconds after every Play to find it again, and calm
 * seconds give the levels back as usual. Returns `{ record(now, active), pacing, lastFrameLate, reset() }`.
 */
export function createFrameGovernor({ onChange = () => {}, memory = null } = {}) {
  const remembered = Number(memory?.read());
  let level = Number.isInteger(remembered) ? Math.min(Math.max(remembered, 0), PACING_LEVELS.length - 1) : 0;
  if (level > 0) onChange(PACING_LEVELS[level]);
  let last = null;
  /** Whether the frame last recorded came later than `LATE_MS` after the one before it. */
  let lastLate = false;
  let windowStart = 0;
  /** Until when late frames may still be excused as start-up costs, and how many have been. */
  let warmUpUntil = 0;
  let excused = 0;
  let late = 0;
  /** Late frames in the windows before this one, newest last (emptied once they have been acted on). */
  let lateBefore = [];
  let calm = 0;
  // A level kept from an earlier visit (or an earlier stage) is known to be needed: it is given back
  // after ten calm seconds.
  const calmToStart = () => (level > 0 ? 2 * CALM_WINDOWS : CALM_WINDOWS);
  let calmNeeded = calmToStart();
  /** When a level was last given back (-Infinity: never). */
  let gaveBackAt = -Infinity;

  const change = (next) => {
    if (next === level) return;
    level = next;
    memory?.write(level);
    onChange(PACING_LEVELS[level]);
  };

  return {
    /** Counts the frame drawn at `now` (only while `active`: training runs) and returns the pacing.
     * `oneOffMs`: what the frame before spent on one-off work (a figure's first draw compiles its code:
     * 5–35 ms on this machine, 1–3 ms after); lateness that it explains (give or take the display frame
     * it made the next one wait for) says nothing of the machine's pace. Pressing Play as the page opened
     * drew every figure for the first time while training and took level 1 for five seconds on a machine
     * that keeps up (so would scrolling to figures not yet drawn); excusing those frames whatever their
     * lateness let a CPU slowed 4× drop frames for a second more. */
    record(now, active, oneOffMs = 0) {
      const interval = last === null ? Infinity : now - last;
      last = now;
      lastLate = interval > LATE_MS;
      // A frame the one-off pushed past its display slot waits for the next one: a display frame more.
      const lateOwn = oneOffMs > 0 ? interval - oneOffMs > LATE_MS + DISPLAY_FRAME_MS : lastLate;
      if (!active || interval > GAP_MS) {
        windowStart = now;
        warmUpUntil = now + WARM_UP_MS;
        excused = 0;
        late = 0;
        lateBefore = [];
        return PACING_LEVELS[level];
      }
      if (now < windowStart) return PACING_LEVELS[level];
      if (lateOwn) {
        if (now < warmUpUntil && excused < WARM_UP_EXCUSED) excused += 1;
        else late += 1;
      }
      const recent = late + lateBefore.reduce((sum, n) => sum + n, 0);
      if (recent >= (now - gaveBackAt < PROBE_MS ? PROBE_TOO_MANY_LATE : TOO_MANY_LATE)) {
        calm = 0;
        const relapse = now - gaveBackAt < RELAPSE_MS;
        if (relapse) {
          calmNeeded = Math.min(2 * calmNeeded, MAX_CALM_WINDOWS);
          gaveBackAt = -Infinity; // one relapse, one doubling
        }
        change(Math.min(level + 1, PACING_LEVELS.length - 1));
        // The next level is judged on its own frames, once the ones under way have come; after a relapse
        // a second later, as the level it goes back to held before.
        lateBefore = [];
        late = 0;
        windowStart = now + (relapse ? WINDOW_MS : SETTLE_MS);
        return PACING_LEVELS[level];
      }
      if (now - windowStart >= WINDOW_MS) {
        lateBefore.push(late);
        if (lateBefore.length >= HORIZON_WINDOWS) lateBefore.shift();
        if (recent <= CALM_LATE && ++calm >= calmNeeded) {
          calm = 0;
          if (level > 0) gaveBackAt = now;
          change(Math.max(level - 1, 0));
          lateBefore = [];
        } else if (recent > CALM_LATE) {
          calm = 0;
        }
        windowStart = now;
        late = 0;
      }
      return PACING_LEVELS[level];
    },
    get pacing() {
      return PACING_LEVELS[level];
    },
    /** Whether the frame last recorded was late (the stage lets the browser catch up after one). */
    get lastFrameLate() {
      return lastLate;
    },
    /** A new stage: its own measure, from the level the machine needed so far (calm seconds give it
     * back; without a memory, from full speed). */
    reset() {
      last = null;
      late = 0;
      lateBefore = [];
      calm = 0;
      gaveBackAt = -Infinity;
      if (!memory) change(0);
      calmNeeded = calmToStart();
    },
  };
}
