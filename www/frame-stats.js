// Frame intervals, for the frame-budget benchmark and the footer: p50, p95, max and frames over 20 ms.

export function createFrameStats(capacity = 2000) {
  const intervals = [];
  let last = null;
  return {
    record(now) {
      if (last !== null) {
        intervals.push(now - last);
        if (intervals.length > capacity) intervals.shift();
      }
      last = now;
    },
    reset() {
      intervals.length = 0;
      last = null;
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
      };
    },
  };
}
