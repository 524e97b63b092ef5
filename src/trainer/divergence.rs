//! Divergence: what happened, what to do about it, and the last good weights to go back to.

use crate::config::Config;
use crate::objective::LossTerms;
use serde::{Deserialize, Serialize};

/// Steps between snapshots of the last good weights (a snapshot is only taken while training is healthy).
pub const SNAPSHOT_EVERY: u64 = 20;

/// Weights this many times larger than the largest a fresh model starts with (below 1) were never
/// reached by training here: a model file holding them is broken, whatever the learning rate.
pub const HUGE_WEIGHT: f32 = 1e3;

/// Whether training can continue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum Status {
    /// Every loss and weight is finite.
    Ok,
    /// A loss or weight became NaN or infinite; steps are refused until restore or reset.
    Diverged(Stop),
    /// Training runs without a NaN but has stopped learning (see [`super::collapse`]); steps are refused
    /// until restore or reset, as for a divergence.
    Stuck(Stop),
}

impl Status {
    /// The step whose weights `restore_last_good` brings back, when training has stopped.
    pub fn restorable_step(&self) -> Option<u64> {
        match self {
            Status::Ok => None,
            Status::Diverged(d) => Some(d.restorable_step),
            Status::Stuck(c) => Some(c.restorable_step),
        }
    }
}

/// Why training stopped (a divergence or a collapse), for the banner: both have this shape, so the page
/// treats them alike.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stop {
    /// The step that produced the non-finite value, or at which a collapse was called.
    pub step: u64,
    /// What became non-finite or is stuck, e.g. "the reconstruction loss", "every code unit".
    pub what: String,
    /// What happened and what to do, in sentences for the banner.
    pub message: String,
    /// The step whose weights `restore_last_good` brings back.
    pub restorable_step: u64,
    /// The learning rate the message suggests (one that trained from the restorable weights in a short
    /// trial), or `None` when the message blames something else.
    #[serde(default)]
    pub suggested_learning_rate: Option<f64>,
}

/// What a divergence is blamed on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cause {
    /// The learning rate: `suggested` trained `trial_steps` steps from the last good weights in a short
    /// trial (see [`super::probe`]).
    LearningRate { suggested: f64, trial_steps: usize },
    /// No rate down to a millionth of η trained from the last good weights: the weights themselves are
    /// the problem (`largest` is their largest magnitude).
    Weights { largest: f32 },
    /// The weights came from a model file `steps_since` steps ago and were already huge.
    ImportedWeights { largest: f32, steps_since: u64 },
}

/// Names the first non-finite term, if any.
pub fn non_finite_term(loss: &LossTerms) -> Option<&'static str> {
    if !loss.reconstruction.is_finite() {
        Some("the reconstruction loss")
    } else if !loss.sparsity.is_finite() {
        Some("the sparsity penalty")
    } else if !loss.weight_decay.is_finite() {
        Some("the weight-decay term")
    } else if !loss.total.is_finite() {
        Some("the total loss")
    } else {
        None
    }
}

/// A rate as a student would type it: one significant digit (0.1, 0.05, 2e-4).
pub fn round_rate(rate: f64) -> f64 {
    let magnitude = 10f64.powf(rate.log10().floor());
    let digit = (rate / magnitude).floor().max(1.0);
    // Parsed back from text so 0.1 is 0.1 and not 0.1000000000000000055…
    format!("{:e}", digit * magnitude).parse().unwrap_or(rate)
}

/// The banner's sentences: what happened at `step`, the cause, and a concrete fix.
pub fn explain(step: u64, what: &str, config: &Config, restorable_step: u64, cause: Cause) -> Stop {
    let lr = config.learning_rate;
    let happened = format!(
        "Training diverged at step {step}: {what} became NaN or infinite, so the weights can no longer be trusted."
    );
    let (message, suggested_learning_rate) = match cause {
        Cause::LearningRate { suggested, trial_steps } => (
            format!(
                "{happened} The learning rate is too large for this {optimizer} run (η = {lr}): each step \
                 overshoots and the weights grow without bound. From the weights of step {restorable_step}, \
                 η = {suggested} trained {trial_steps} steps in a quick trial where larger rates failed. Set η \
                 to {suggested} and press Restore to continue from step {restorable_step}, or Reset to start \
                 over.",
                optimizer = config.optimizer.name(),
            ),
            Some(suggested),
        ),
        Cause::Weights { largest } => (
            format!(
                "{happened} Even a learning rate a million times smaller than η = {lr} diverged from the \
                 weights of step {restorable_step}, so the weights themselves are the problem (the largest is \
                 {largest:.1e}). Press Reset to start over from fresh weights."
            ),
            None,
        ),
        Cause::ImportedWeights { largest, steps_since } => (
            format!(
                "{happened} The imported model is the cause, not the learning rate: {steps_since} {steps} \
                 after it was loaded, its weights were already far too large (the largest is {largest:.1e}; a \
                 fresh model's are below 1), so every output overflows. Press Reset to start from fresh \
                 weights, or import another model file.",
                steps = if steps_since == 1 { "step" } else { "steps" },
            ),
            None,
        ),
    };
    Stop { step, what: what.to_string(), message, restorable_step, suggested_learning_rate }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_down_to_one_significant_digit() {
        assert_eq!(round_rate(0.1), 0.1);
        assert_eq!(round_rate(0.199), 0.1);
        assert_eq!(round_rate(0.05), 0.05);
        assert_eq!(round_rate(2.5e-4), 2e-4);
        assert_eq!(round_rate(3.0), 3.0);
    }
}
