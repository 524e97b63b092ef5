//! A short trial of smaller learning rates from given weights, on a scratch copy of the model, so the
//! advice after a divergence or a collapse names a rate known to train for this run rather than a guess.
//!
//! Rates η/10, η/100, … are tried in turn, each from the same weights with a fresh optimiser on the
//! batches training would see next; the first that passes, divided by [`SAFETY`] and rounded to one
//! significant digit, is the suggestion.

use super::{collapse, train_on_batch, Trainer};
use crate::model::{BackwardWorkspace, ForwardCache, Parameters};
use ndarray::Array2;

/// Each trial's steps are bounded by this many multiply-adds (one step costs about 3 × parameters ×
/// batch): about a hundred steps for the Swiss roll, the minimum for MNIST, so the whole probe stays
/// under 50 ms natively.
const TRIAL_MULTIPLY_ADDS: f64 = 1.2e8;
/// Fewest steps per trial: a rate that overshoots blows up within a few steps.
const MIN_TRIAL_STEPS: usize = 3;
/// Most steps per trial.
const MAX_TRIAL_STEPS: usize = 100;
/// Rates tried: η/10 down to η/10⁶.
const TRIAL_DIVISIONS: i32 = 6;
/// A trial fails when its loss at the end (mean of the last quarter of steps) is above this multiple of
/// its loss at the start: the loss blew up without (yet) becoming infinite.
const BLOW_UP: f64 = 1.5;
/// The suggestion is the rate that passed divided by this: a short trial can miss a slow blow-up, and a
/// rate at the edge of stability trains badly anyway.
pub const SAFETY: f64 = 2.0;

/// What a trial found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Finding {
    /// The rate to suggest (rounded, with the safety factor), or `None` if no rate passed.
    pub suggested: Option<f64>,
    /// Steps each trial ran.
    pub trial_steps: usize,
}

/// What a trial must avoid besides a non-finite value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Avoid {
    /// The loss blowing up.
    BlowUp,
    /// The loss blowing up or every code unit saturating.
    BlowUpOrSaturation,
}

impl Trainer {
    /// Steps each trial runs for this model and batch size.
    pub fn trial_steps(&self) -> usize {
        let per_step = 3.0 * self.model.params.len() as f64 * self.config.batch_size as f64;
        ((TRIAL_MULTIPLY_ADDS / per_step) as usize).clamp(MIN_TRIAL_STEPS, MAX_TRIAL_STEPS)
    }

    /// Tries η/10, η/100, … from `weights` and returns the first rate that trains (see the module doc).
    pub fn probe_learning_rate(&self, weights: &[f32], avoid: Avoid) -> Finding {
        let trial_steps = self.trial_steps();
        let lr = self.config.learning_rate;
        let suggested = (1..=TRIAL_DIVISIONS)
            .map(|i| lr / 10f64.powi(i))
            .find(|&rate| self.trial(weights, rate, trial_steps, avoid))
            .map(|rate| super::divergence::round_rate(rate / SAFETY));
        Finding { suggested, trial_steps }
    }

    /// For a rate too small to learn: tries 10η, 100η, … (up to [`TRIAL_DIVISIONS`] powers of ten and the
    /// largest rate allowed) from `weights` and returns the largest that passed before one failed, divided
    /// by [`SAFETY`] and rounded, or `None` if even 10η failed.
    pub fn probe_larger_rate(&self, weights: &[f32]) -> Option<f64> {
        let trial_steps = self.trial_steps();
        let lr = self.config.learning_rate;
        let most =
            crate::config::setting("learningRate").and_then(|s| s.valid_range()).map_or(f64::INFINITY, |r| r.max);
        (1..=TRIAL_DIVISIONS)
            .map(|i| lr * 10f64.powi(i))
            .take_while(|&rate| rate <= most && self.trial(weights, rate, trial_steps, Avoid::BlowUpOrSaturation))
            .last()
            .map(|rate| super::divergence::round_rate(rate / SAFETY))
    }

    /// Whether `steps` steps at `rate` from `weights` stay finite and avoid `avoid`.
    fn trial(&self, weights: &[f32], rate: f64, steps: usize, avoid: Avoid) -> bool {
        let m = self.config.batch_size;
        let mut model = self.model.clone();
        model.params.values.copy_from_slice(weights);
        let config = crate::config::Config { learning_rate: rate, ..(*self.config).clone() };
        let mut optimizer = crate::optimizer::Optimizer::new(config.optimizer);
        let mut cache = ForwardCache::new(&model, m);
        let mut workspace = BackwardWorkspace::new(&model, m);
        let mut d_params = Parameters::zeros(&model.sizes);
        let mut rho_hat = vec![0.0f32; model.code_size()];
        let mut x = Array2::<f32>::zeros((m, self.data.dim()));
        let mut indices = vec![0usize; m];
        let mut losses = Vec::with_capacity(steps);
        for s in 0..steps {
            // The batches training would see next, wrapping around the current order.
            for (i, index) in indices.iter_mut().enumerate() {
                *index = self.order[(self.cursor + s * m + i) % self.order.len()];
            }
            self.data.gather(&indices, x.view_mut());
            let (loss, failed) = train_on_batch(
                &mut model,
                &self.objective,
                &mut optimizer,
                &config,
                x.view(),
                (&mut cache, &mut workspace, &mut rho_hat, &mut d_params),
            );
            if failed.is_some() {
                return false;
            }
            losses.push(loss.total);
        }
        let tail = &losses[losses.len() - losses.len().div_ceil(4)..];
        let end = tail.iter().sum::<f64>() / tail.len() as f64;
        if end > BLOW_UP * losses[0] {
            return false;
        }
        match avoid {
            Avoid::BlowUp => true,
            Avoid::BlowUpOrSaturation => !collapse::code_saturated(cache.code(&model), model.hidden),
        }
    }
}
