//! Divergence: what happened, what to do about it, and the last good weights to go back to.

use crate::config::{Config, OptimizerKind};
use crate::objective::LossTerms;
use serde::{Deserialize, Serialize};

/// Steps between snapshots of the last good weights.
pub const SNAPSHOT_EVERY: u64 = 20;

/// Whether training can continue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum Status {
    /// Every loss and weight is finite.
    Ok,
    /// A loss or weight became NaN or infinite; steps are refused until restore or reset.
    Diverged(Divergence),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Divergence {
    /// The step that produced the non-finite value.
    pub step: u64,
    /// What became non-finite, e.g. "the reconstruction loss".
    pub what: String,
    /// What happened and what to do, in sentences for the banner.
    pub message: String,
    /// The step whose weights `restore_last_good` brings back.
    pub restorable_step: u64,
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

/// The banner's sentences: what happened at `step`, the likely cause, and a concrete fix.
pub fn explain(step: u64, what: &str, config: &Config, restorable_step: u64) -> Divergence {
    let lr = config.learning_rate;
    let suggested = match config.optimizer {
        OptimizerKind::Adam => (lr / 10.0).min(0.01),
        _ => lr / 10.0,
    };
    let message = format!(
        "Training diverged at step {step}: {what} became NaN or infinite, so the weights can no longer be \
         trusted. The usual cause is a learning rate too large for this {optimizer} run (η = {lr}): each \
         step overshoots and the weights grow without bound. Lower η to about {suggested} and press \
         Restore to continue from the last good weights (step {restorable_step}), or Reset to start over.",
        optimizer = config.optimizer.name(),
    );
    Divergence { step, what: what.to_string(), message, restorable_step }
}
