//! How many training steps fit in a frame's time budget, for a host that trains between the page's
//! frames. A step is started only when it is expected to end within the budget plus what earlier frames
//! left unspent (the loop used to start one whenever the deadline had not passed, so every frame overran
//! by up to a step: a 784-wide MNIST step of 6–8 ms on a 2-core machine made 8 ms of training 12–16,
//! every frame), and a step longer than the budget is paid for over several frames from budget saved
//! up. Training takes the budget given, on average; the page draws in what a frame has left.

/// A host's running estimate of one step's cost and its unspent budget, in milliseconds.
#[derive(Clone, Debug, Default)]
pub struct StepBudget {
    /// Running estimate of one step's milliseconds (0 until a step has been timed).
    step_ms: f64,
    /// Budget saved from earlier calls (negative: overspent), at most one step's worth.
    credit_ms: f64,
    timed: bool,
}

impl StepBudget {
    /// Weight of the latest step's time in the running estimate: a few steps follow a change of data
    /// set or machine load, one preempted step does not halve the rate.
    const SMOOTHING: f64 = 0.25;

    /// Takes steps (`step()` returns false when training cannot go on) while they fit in `budget_ms`
    /// plus what earlier calls left unspent, up to `max_steps`; `now()` reads milliseconds. Returns the
    /// steps taken: none when one step costs more than the budget saved so far.
    pub fn run(
        &mut self,
        budget_ms: f64,
        max_steps: u32,
        mut now: impl FnMut() -> f64,
        mut step: impl FnMut() -> bool,
    ) -> u32 {
        let budget_ms = if budget_ms.is_finite() { budget_ms.max(0.0) } else { 0.0 };
        // Saved budget is capped at one step's worth: a long step is paid for over a few frames, and a
        // quiet spell is not hoarded into a burst.
        self.credit_ms = (self.credit_ms + budget_ms).min(budget_ms + self.step_ms);
        if self.credit_ms < self.step_ms || max_steps == 0 || budget_ms == 0.0 {
            return 0;
        }
        let start = now();
        let mut last = start;
        let mut taken = 0;
        while taken < max_steps {
            // The first step runs on the budget saved for it; the others only when they are expected
            // to end within the budget saved (so training takes the budget given on average, and one
            // call takes at most the budget plus one step).
            if taken > 0 && last - start + self.step_ms > self.credit_ms {
                break;
            }
            if !step() {
                break;
            }
            let end = now();
            self.record(end - last);
            last = end;
            taken += 1;
        }
        self.credit_ms -= last - start;
        taken
    }

    /// The running estimate of one step's milliseconds (0 before the first step).
    pub fn step_ms(&self) -> f64 {
        self.step_ms
    }

    fn record(&mut self, took_ms: f64) {
        let took_ms = took_ms.max(0.0);
        if self.timed {
            self.step_ms += Self::SMOOTHING * (took_ms - self.step_ms);
        } else {
            self.step_ms = took_ms;
            self.timed = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::StepBudget;
    use std::cell::Cell;

    /// Runs frames of `budget_ms` against steps of `step_ms` on a fake clock; returns steps per frame
    /// and each frame's training milliseconds.
    fn frames(budget: &mut StepBudget, budget_ms: f64, step_ms: f64, count: usize) -> Vec<(u32, f64)> {
        let clock = Cell::new(0.0);
        (0..count)
            .map(|_| {
                let start = clock.get();
                let taken = budget.run(
                    budget_ms,
                    u32::MAX,
                    || clock.get(),
                    || {
                        clock.set(clock.get() + step_ms);
                        true
                    },
                );
                (taken, clock.get() - start)
            })
            .collect()
    }

    #[test]
    fn short_steps_fill_the_budget_without_passing_it() {
        let mut budget = StepBudget::default();
        let run = frames(&mut budget, 8.0, 0.03, 20);
        for &(taken, ms) in &run[1..] {
            assert!(ms <= 8.03 + 1e-9 && ms > 7.9, "{taken} steps in {ms} ms");
        }
        assert!((budget.step_ms() - 0.03).abs() < 1e-12);
    }

    #[test]
    fn steps_that_do_not_divide_the_budget_use_it_on_average() {
        // 6-ms steps, 8 ms a frame: one step a frame and a second one every few frames from the budget
        // saved (the old loop took two every frame: 12 ms), 8 ms a frame on average.
        let mut budget = StepBudget::default();
        let run = frames(&mut budget, 8.0, 6.0, 30);
        assert!(run.iter().all(|&(taken, ms)| (1..=2).contains(&taken) && ms <= 8.0 + 6.0), "{run:?}");
        let ms: f64 = run.iter().map(|&(_, ms)| ms).sum();
        assert!((30.0 * 8.0 - 6.0..=30.0 * 8.0).contains(&ms), "the budget given, used: {ms} ms of 240");
        // 3-ms steps: two or three a frame (the old loop: three every frame, 9 ms).
        let mut budget = StepBudget::default();
        let run = frames(&mut budget, 8.0, 3.0, 30);
        let steps: u32 = run.iter().map(|&(taken, _)| taken).sum();
        assert!(run.iter().all(|&(taken, _)| (2..=3).contains(&taken)) && (78..=80).contains(&steps), "{run:?}");
    }

    #[test]
    fn a_step_longer_than_the_budget_waits_for_the_budget_saved() {
        // 20-ms steps, 8 ms a frame: a step every two or three frames, 8 ms a frame on average.
        let mut budget = StepBudget::default();
        let run = frames(&mut budget, 8.0, 20.0, 31);
        let steps: u32 = run.iter().map(|&(taken, _)| taken).sum();
        assert!(run.iter().all(|&(taken, _)| taken <= 1));
        assert!((11..=13).contains(&steps), "{steps} steps in 31 frames of 8 ms: about 12.4");
        assert!(run.iter().filter(|&&(taken, _)| taken == 0).count() >= 17);
    }

    #[test]
    fn limits_are_kept() {
        let mut budget = StepBudget::default();
        let clock = Cell::new(0.0);
        let tick = || {
            clock.set(clock.get() + 0.5);
            true
        };
        assert_eq!(budget.run(8.0, 3, || clock.get(), tick), 3, "max_steps");
        assert_eq!(budget.run(0.0, 10, || clock.get(), tick), 0, "no budget, no step");
        assert_eq!(budget.run(f64::NAN, 10, || clock.get(), tick), 0, "a nonsense budget is none");
        let mut stopped = StepBudget::default();
        assert_eq!(stopped.run(8.0, 10, || clock.get(), || false), 0, "training that cannot go on");
    }
}
