// Frame intervals, for the frame-budget benchmark and the footer: p50, p95, max, frames over 20 ms and
// the late frames second by second (whether they come while the pacing finds its level or all along).

export function createFrameStats(capacity = 2000) {
  const intervals = [];
  /** When each interval ended (ms since the last reset), beside `intervals`. */
  const ends = [];
  let last = null;
  let start = null;
  return {
    record(now) {
      if (start === null) start = now;
      if (last !== null) {
        intervals.push(now - last);
        ends.push(now - start);
        if (intervals.length > capacity) {
          intervals.shift();
          ends.shift();
        }
      }
      last = now;
    },
    reset() {
      intervals.length = 0;
      ends.length = 0;
      last = null;
      start = null;
    },
    summary() {
      const sorted = [...intervals].sort((a, b) => a - b);
      const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);
      return {
        frames: sorted.length,
        p50: at(0.5),
        p95: at(0.95),
        max: sorted.length ? sorted[sorted.length - 1] : 0,
        over20ms: sorted.filter((v) => v > 20).length,
        lateBySecond: intervals.reduce((seconds, v, i) => {
          const second = Math.floor(ends[i] / 1000);
          while (seconds.length <= second) seconds.push(0);
          if (v > 20) seconds[second] += 1;
          return seconds;
        }, []),
      };
    },
  };
}
