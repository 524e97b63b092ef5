// A call made at most once per interval, the latest always made in the end: for work that a dragged
// slider asks for at every frame but that only needs the settings as they end up (the address bar:
// each `history.replaceState` costs about 1 ms of the frame here, 4 on a CPU slowed 4×, and Chromium
// starts refusing them past a hundred or so in a few seconds).

/** Wraps `fn`: `call()` runs it at once if it has not run for `intervalMs`, else once when the interval
 * is up; `flush()` runs a call still waiting now (before something reads what `fn` writes). */
export function atMostEvery(intervalMs, fn) {
  let lastRunAt = -Infinity;
  let timer = null;
  const run = () => {
    clearTimeout(timer);
    timer = null;
    lastRunAt = performance.now();
    fn();
  };
  return {
    call() {
      if (timer !== null) return;
      const wait = lastRunAt + intervalMs - performance.now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    flush() {
      if (timer !== null) run();
    },
  };
}
