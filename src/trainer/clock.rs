//! Samples per second, measured against a clock the host supplies.
//!
//! `std::time::Instant` panics on wasm32-unknown-unknown, so the core never reads time itself: natively
//! the default clock wraps `Instant`; the browser layer passes `performance.now()`.

/// Seconds since an arbitrary origin.
pub type Clock = fn() -> f64;

/// The default clock: monotonic seconds natively, always 0 on wasm (rates then read 0 until the host
/// installs its clock).
pub fn default_clock() -> f64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::OnceLock;
        use std::time::Instant;
        static ORIGIN: OnceLock<Instant> = OnceLock::new();
        ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64()
    }
    #[cfg(target_arch = "wasm32")]
    {
        0.0
    }
}

/// Samples processed per second over windows of at least [`Throughput::WINDOW`] seconds.
#[derive(Clone, Debug)]
pub struct Throughput {
    window_start: f64,
    last_seen: f64,
    window_samples: u64,
    rate: f64,
}

impl Throughput {
    /// Shortest window a rate is measured over, in seconds.
    pub const WINDOW: f64 = 0.5;
    /// A gap longer than this between steps is a pause, not work.
    pub const IDLE: f64 = 1.0;

    pub fn new(now: f64) -> Throughput {
        Throughput { window_start: now, last_seen: now, window_samples: 0, rate: 0.0 }
    }

    /// Counts `samples` processed by `now`.
    pub fn record(&mut self, samples: u64, now: f64) {
        if now - self.last_seen > Self::IDLE {
            // Training was paused: idle time is not slowness.
            self.restart(now);
        }
        self.last_seen = now;
        self.window_samples += samples;
        let elapsed = now - self.window_start;
        if elapsed >= Self::WINDOW {
            self.rate = self.window_samples as f64 / elapsed;
            self.window_start = now;
            self.window_samples = 0;
        }
    }

    /// Restarts the window (after a pause, so idle time does not count).
    pub fn restart(&mut self, now: f64) {
        self.window_start = now;
        self.last_seen = now;
        self.window_samples = 0;
    }

    /// The last full window's rate, or the current window's until one is complete.
    pub fn samples_per_second(&self) -> f64 {
        let elapsed = self.last_seen - self.window_start;
        if self.rate == 0.0 && elapsed > 0.0 {
            self.window_samples as f64 / elapsed
        } else {
            self.rate
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_over_a_window() {
        let mut t = Throughput::new(10.0);
        t.record(100, 10.2);
        assert!((t.samples_per_second() - 500.0).abs() < 1e-9, "provisional rate");
        t.record(100, 10.5);
        assert_eq!(t.samples_per_second(), 400.0);
    }
}
