//! Collapse: training that runs on without a NaN but has stopped learning, told apart from healthy
//! training and explained like a divergence.
//!
//! Three states a student can get stuck in, each checked every [`super::divergence::SNAPSHOT_EVERY`]
//! steps on the last batch:
//! - every code unit is a ReLU that never fires while the loss no longer falls: the code carries nothing
//!   and the gradient that could revive the units is exactly zero, so they stay dead. (Sigmoid and tanh
//!   units stuck at their ends still pass a tiny gradient, which Adam scales up: two tanh units on MNIST
//!   sit at ±1 for hundreds of steps, then recover and beat PCA. Their collapse is caught by the loss.);
//! - the smoothed loss far above what the untrained weights score, for many steps;
//! - the smoothed loss no lower than the untrained weights' for a long time: nothing is being learned.
//!
//! The first two also stop the snapshot of the last good weights, so Restore goes back to before them.

use super::divergence::Stop;
use crate::activation::Activation;
use crate::config::Config;
use ndarray::ArrayView2;

/// A sigmoid or tanh output this close to its asymptote has a slope below this too (σ' = σ(1 − σ)): the
/// gradient through it is a thousandth of a healthy unit's or less.
pub const SATURATION_MARGIN: f32 = 1e-3;

/// Consecutive checks (one per snapshot interval, so 100 steps) a dead code or a loss far above
/// the untrained one must last before training is called stuck: long enough to ride out a bad batch or a
/// transient spike, short enough that the student is told within seconds.
pub const STUCK_CHECKS: u32 = 5;

/// A dead code counts as stuck only while the smoothed loss falls by less than this fraction over the run
/// of dead checks: the decoder may still be learning the data's mean.
pub const DEAD_LOSS_FALL: f64 = 0.01;

/// A smoothed loss above this multiple of the untrained weights' loss is "far above" it. Training that
/// works lowers the loss below the untrained value within tens of steps; the collapsed MNIST exercise
/// (η = 10, SGD) sits at 2.6× its untrained value.
pub const FAR_ABOVE_UNTRAINED: f64 = 2.0;

/// Steps after which a loss still at or above [`NO_PROGRESS_FRACTION`] of the untrained one means nothing
/// is being learned. Every preset is below half its untrained loss long before this.
pub const NO_PROGRESS_STEPS: u64 = 3_000;

/// "At the untrained loss": within 1 % of it.
pub const NO_PROGRESS_FRACTION: f64 = 0.99;

/// Healthy checks under the current learning rate and optimiser (200 steps) after which the rate is
/// proven for this run: a collapse after that is blamed on what changed since, the penalty, not on η.
pub const RATE_PROVEN_CHECKS: u32 = 10;

/// A check only proves the rate if the smoothed loss is at most this fraction of the untrained one: the
/// rate is learning, not merely failing slowly (Adam at η = 1 on MNIST hovers near the untrained loss for a
/// thousand steps before it collapses).
pub const PROVEN_LOSS_FRACTION: f64 = 0.5;

/// Weight of the newest step in the smoothed loss (an exponential moving average over ≈ 20 steps).
const LOSS_SMOOTHING: f64 = 0.05;

/// Why training is stuck.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reason {
    /// Every code unit dead (see [`code_dead`]), and the loss not falling, for [`STUCK_CHECKS`] checks.
    CodeDead,
    /// The smoothed loss stayed above [`FAR_ABOVE_UNTRAINED`] × the untrained loss.
    LossFarAbove,
    /// The smoothed loss stayed at the untrained loss for [`NO_PROGRESS_STEPS`].
    NoProgress,
}

/// One check's verdict.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Health {
    /// Nothing wrong: the weights may be kept as the last good ones.
    Good,
    /// Something looks wrong but has not lasted yet: keep the older snapshot.
    Suspect,
    Stuck(Reason),
}

/// The detector's running state, fed every step ([`Watch::record_loss`]) and asked every snapshot
/// interval ([`Watch::check`]).
#[derive(Clone, Debug, Default)]
pub struct Watch {
    smoothed_loss: Option<f64>,
    dead_checks: u32,
    /// The smoothed loss when the current run of dead checks began.
    dead_since_loss: f64,
    far_above_checks: u32,
    /// Steps the smoothed loss has been at the untrained value, counted at checks.
    steps_without_progress: u64,
    /// The untrained weights' loss under the current objective, once computed (forgotten when it changes).
    untrained_loss: Option<f64>,
    /// Healthy checks, with the loss well below the untrained one, since the learning rate or optimiser last
    /// changed.
    good_checks_at_this_rate: u32,
}

impl Watch {
    /// Adds one step's total loss to the smoothed loss.
    pub fn record_loss(&mut self, loss: f64) {
        let smoothed = self.smoothed_loss.get_or_insert(loss);
        *smoothed += LOSS_SMOOTHING * (loss - *smoothed);
    }

    pub fn smoothed_loss(&self) -> Option<f64> {
        self.smoothed_loss
    }

    /// Starts over (new weights: restored or imported); the untrained reference and what is known about
    /// the learning rate are kept.
    pub fn restart(&mut self) {
        *self = Watch {
            untrained_loss: self.untrained_loss,
            good_checks_at_this_rate: self.good_checks_at_this_rate,
            ..Watch::default()
        };
    }

    /// The learning rate or the optimiser changed: it has not proven itself yet.
    pub fn forget_rate(&mut self) {
        self.good_checks_at_this_rate = 0;
    }

    /// Steps the current learning rate trained healthily, if enough to trust it (see [`RATE_PROVEN_CHECKS`]).
    pub fn proven_rate_steps(&self) -> Option<u64> {
        (self.good_checks_at_this_rate >= RATE_PROVEN_CHECKS)
            .then_some(self.good_checks_at_this_rate as u64 * super::divergence::SNAPSHOT_EVERY)
    }

    /// The objective changed: the untrained reference must be computed again.
    pub fn forget_untrained_loss(&mut self) {
        self.untrained_loss = None;
    }

    pub fn untrained_loss(&self) -> Option<f64> {
        self.untrained_loss
    }

    pub fn set_untrained_loss(&mut self, loss: f64) {
        self.untrained_loss = Some(loss);
    }

    /// The verdict after `steps` more steps, given whether the whole code is dead on the last batch.
    pub fn check(&mut self, code_dead: bool, steps: u64) -> Health {
        let (Some(smoothed), Some(untrained)) = (self.smoothed_loss, self.untrained_loss) else {
            return Health::Good;
        };
        let ratio = smoothed / untrained.max(f64::MIN_POSITIVE);
        let far_above = ratio > FAR_ABOVE_UNTRAINED;
        // A dead code whose loss still falls (the decoder still learning the mean, say) is not stuck
        // yet: the count starts over from the lower loss.
        let falling = smoothed < (1.0 - DEAD_LOSS_FALL) * self.dead_since_loss;
        self.dead_checks = match (code_dead, self.dead_checks) {
            (false, _) => 0,
            (true, 0) => 1,
            (true, n) if !falling => n + 1,
            (true, _) => 1,
        };
        if self.dead_checks == 1 {
            self.dead_since_loss = smoothed;
        }
        self.far_above_checks = if far_above { self.far_above_checks + 1 } else { 0 };
        self.steps_without_progress =
            if ratio >= NO_PROGRESS_FRACTION { self.steps_without_progress + steps } else { 0 };
        if self.dead_checks >= STUCK_CHECKS {
            Health::Stuck(Reason::CodeDead)
        } else if self.far_above_checks >= STUCK_CHECKS {
            Health::Stuck(Reason::LossFarAbove)
        } else if self.steps_without_progress >= NO_PROGRESS_STEPS {
            Health::Stuck(Reason::NoProgress)
        } else if code_dead || far_above {
            Health::Suspect
        } else {
            if ratio <= PROVEN_LOSS_FRACTION {
                self.good_checks_at_this_rate += 1;
            }
            Health::Good
        }
    }
}

/// Whether a code unit's outputs (one column of `code`) are all pinned to the same end of `activation`.
fn unit_saturated(outputs: impl Iterator<Item = f32> + Clone, activation: Activation) -> bool {
    let all = |f: &dyn Fn(f32) -> bool| outputs.clone().all(f);
    match activation {
        Activation::Relu => all(&|a| a <= 0.0),
        Activation::Sigmoid => all(&|a| a < SATURATION_MARGIN) || all(&|a| a > 1.0 - SATURATION_MARGIN),
        Activation::Tanh => all(&|a| a < -1.0 + SATURATION_MARGIN) || all(&|a| a > 1.0 - SATURATION_MARGIN),
        // A linear unit has the same slope everywhere: it cannot saturate.
        Activation::Linear => false,
    }
}

/// Whether every code unit is a ReLU that fired on no sample of `code`: no gradient reaches the encoder.
pub fn code_dead(code: ArrayView2<f32>, activation: Activation) -> bool {
    activation == Activation::Relu && code_saturated(code, activation)
}

/// Whether every code unit is saturated on every sample of `code` (`[m, code units]`).
pub fn code_saturated(code: ArrayView2<f32>, activation: Activation) -> bool {
    activation != Activation::Linear
        && code.columns().into_iter().all(|c| unit_saturated(c.iter().copied(), activation))
}

/// How many code units are saturated on every sample of `code`.
pub fn saturated_units(code: ArrayView2<f32>, activation: Activation) -> usize {
    code.columns().into_iter().filter(|c| unit_saturated(c.iter().copied(), activation)).count()
}

/// How the units are stuck, in words: "stuck at 0 (never firing)".
fn saturation_words(activation: Activation) -> &'static str {
    match activation {
        Activation::Relu => "ReLU units that never fire (their input is negative for every sample)",
        Activation::Sigmoid => "sigmoid units stuck at 0 or 1",
        Activation::Tanh => "tanh units stuck at −1 or 1",
        Activation::Linear => "linear units",
    }
}

/// What the student should change, as found by the caller's trial of smaller rates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Remedy {
    /// Lower η to `rate` (it trained from the restorable weights in a short trial).
    LowerRate(f64),
    /// Raise η (the loss does not move).
    RaiseRate(f64),
    /// The penalty is the likely cause: the current rate trained healthily for `rate_proven_steps` steps
    /// before, or (`None`) no smaller rate helped in a trial.
    Penalty { rate_proven_steps: Option<u64> },
}

/// What the caller saw when training was stopped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Observed {
    pub step: u64,
    pub reason: Reason,
    /// The smoothed loss and the untrained weights' loss.
    pub smoothed_loss: f64,
    pub untrained_loss: f64,
    /// Code units saturated on every sample of the last batch.
    pub saturated_units: usize,
}

/// The banner's sentences for a collapse found at `step`.
pub fn explain(observed: Observed, config: &Config, restorable_step: u64, remedy: Remedy) -> Stop {
    let Observed { step, reason, smoothed_loss: smoothed, untrained_loss: untrained, saturated_units } = observed;
    // Most units stuck is worth saying even when the loss is what gave the collapse away.
    let and_units = if saturated_units * 2 > config.code_size {
        format!(
            ", and {saturated_units} of the {} code units are {}",
            config.code_size,
            saturation_words(config.activation)
        )
    } else {
        String::new()
    };
    let lr = config.learning_rate;
    let units = config.code_size;
    let (what, happened) = match reason {
        Reason::CodeDead => (
            "every code unit",
            format!(
                "Training is stuck at step {step}: all {units} code units are {}. The code carries nothing \
                 about the input, and the units' slope there is (almost) zero, so no gradient moves them back \
                 (loss {smoothed:.4}; the untrained weights score {untrained:.4}).",
                saturation_words(config.activation),
            ),
        ),
        Reason::LossFarAbove => (
            "the loss",
            format!(
                "Training is stuck at step {step}: the loss has stayed at {smoothed:.4}, {:.1} times what the \
                 untrained weights score ({untrained:.4}), for over {} steps{and_units}.",
                smoothed / untrained,
                STUCK_CHECKS as u64 * super::divergence::SNAPSHOT_EVERY,
            ),
        ),
        Reason::NoProgress => (
            "the loss",
            format!(
                "Training is stuck at step {step}: in {NO_PROGRESS_STEPS} steps the loss ({smoothed:.4}) has \
                 not fallen below what the untrained weights score ({untrained:.4}): nothing is being learned."
            ),
        ),
    };
    let optimizer = config.optimizer.name();
    let (advice, suggested_learning_rate) = match remedy {
        Remedy::LowerRate(rate) => (
            format!(
                "The usual cause is a learning rate too large for this {optimizer} run (η = {lr}): its steps \
                 threw the weights far off. From the weights of step {restorable_step}, η = {rate} trained \
                 without collapsing in a quick trial. Set η to {rate} and press Restore to go back to step \
                 {restorable_step}, from before the collapse, or Reset to start over."
            ),
            Some(rate),
        ),
        Remedy::RaiseRate(rate) => (
            format!(
                "The learning rate (η = {lr}) is too small for this {optimizer} run to move the weights: set η \
                 to {rate} and press Restore to continue from step {restorable_step}, or Reset to start over."
            ),
            Some(rate),
        ),
        Remedy::Penalty { rate_proven_steps } => (
            format!(
                "{}, so the likely cause is a {} too strong for this data: lower it and press Restore to go \
                 back to step {restorable_step}, from before the collapse, or Reset to start over.",
                match rate_proven_steps {
                    Some(n) => format!("The learning rate (η = {lr}) trained this run well for {n} steps before"),
                    None => "A smaller learning rate did not help in a quick trial".to_string(),
                },
                penalty_words(config),
            ),
            None,
        ),
    };
    Stop { step, what: what.into(), message: format!("{happened} {advice}"), restorable_step, suggested_learning_rate }
}

/// The setting that pushes the units towards silence, named with its value.
fn penalty_words(config: &Config) -> String {
    use crate::config::Penalty;
    match config.objective.penalty {
        Penalty::L1 => format!("sparsity penalty (λ = {})", config.objective.lambda),
        Penalty::Kl => format!("sparsity penalty (β = {}, ρ = {})", config.objective.beta, config.objective.rho),
        Penalty::TopK => {
            format!("TopK rule (k = {}) or weight decay (λ_w = {})", config.objective.k, config.objective.weight_decay)
        }
        Penalty::None => format!("weight decay (λ_w = {})", config.objective.weight_decay),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn saturation_needs_every_unit_pinned_on_every_sample() {
        let stuck = array![[1e-5f32, 0.99995], [2e-4, 0.9999]];
        assert!(code_saturated(stuck.view(), Activation::Sigmoid));
        let one_alive = array![[1e-5f32, 0.3], [2e-4, 0.9999]];
        assert!(!code_saturated(one_alive.view(), Activation::Sigmoid));
        // A unit at 0 for one sample and 1 for another is a binary code, not a stuck one.
        let binary = array![[1e-5f32, 1e-5], [0.9999, 1e-5]];
        assert!(!code_saturated(binary.view(), Activation::Sigmoid));
        assert!(code_saturated(array![[0.0f32, 0.0], [0.0, 0.0]].view(), Activation::Relu));
        assert!(!code_saturated(array![[0.0f32, 0.0], [0.0, 0.1]].view(), Activation::Relu));
        assert!(!code_saturated(array![[0.0f32, 0.0]].view(), Activation::Linear));
        // Only dead ReLUs pass no gradient at all: saturated sigmoids are counted, not called dead.
        assert!(code_dead(array![[0.0f32, 0.0], [0.0, 0.0]].view(), Activation::Relu));
        assert!(!code_dead(stuck.view(), Activation::Sigmoid));
    }

    #[test]
    fn stuck_only_after_the_state_lasts() {
        let mut watch = Watch::default();
        watch.set_untrained_loss(10.0);
        watch.record_loss(30.0);
        for _ in 1..STUCK_CHECKS {
            assert_eq!(watch.check(false, 20), Health::Suspect);
        }
        assert_eq!(watch.check(false, 20), Health::Stuck(Reason::LossFarAbove));
        watch.restart();
        watch.record_loss(5.0);
        assert_eq!(watch.check(true, 20), Health::Suspect);
        assert_eq!(watch.check(false, 20), Health::Good, "one healthy check clears the suspicion");
    }

    #[test]
    fn a_rate_is_proven_only_by_checks_that_learn() {
        let mut watch = Watch::default();
        watch.set_untrained_loss(10.0);
        watch.record_loss(9.0);
        (0..RATE_PROVEN_CHECKS).for_each(|_| assert_eq!(watch.check(false, 20), Health::Good));
        assert_eq!(watch.proven_rate_steps(), None, "healthy but not learning");
        watch.restart();
        watch.record_loss(1.0);
        (0..RATE_PROVEN_CHECKS).for_each(|_| assert_eq!(watch.check(false, 20), Health::Good));
        assert_eq!(watch.proven_rate_steps(), Some(RATE_PROVEN_CHECKS as u64 * 20));
        watch.forget_rate();
        assert_eq!(watch.proven_rate_steps(), None);
    }

    #[test]
    fn no_progress_after_long_at_the_untrained_loss() {
        let mut watch = Watch::default();
        watch.set_untrained_loss(10.0);
        watch.record_loss(10.0);
        let checks = NO_PROGRESS_STEPS / 20;
        for _ in 1..checks {
            assert_eq!(watch.check(false, 20), Health::Good);
        }
        assert_eq!(watch.check(false, 20), Health::Stuck(Reason::NoProgress));
    }
}
