//! The objective J = reconstruction + weight decay + sparsity, one named function per term.
//!
//! | term | value | file |
//! |---|---|---|
//! | reconstruction | (1/m) Σᵢ ½‖x̂ᵢ − xᵢ‖² | [`reconstruction`] |
//! | weight decay | (λ_w/2) Σ W² | [`weight_decay`] |
//! | L1 sparsity | λ (1/m) Σᵢ Σⱼ \|hᵢⱼ\| | [`l1`] |
//! | KL sparsity | β Σⱼ KL(ρ ‖ ρ̂ⱼ) | [`kl`] |
//! | TopK | (a constraint, no term) | [`topk`] |

pub mod kl;
pub mod l1;
pub mod l1_vs_l2;
pub mod reconstruction;
pub mod topk;
pub mod weight_decay;

use crate::config::{ObjectiveSettings, Penalty};
use crate::float::Real;
use crate::model::{BackwardWorkspace, ForwardCache, Model, Parameters};
use ndarray::ArrayView2;
use serde::Serialize;

/// Which terms to include: all of them for training; one at a time for the gradient check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Terms {
    pub reconstruction: bool,
    pub sparsity: bool,
    pub weight_decay: bool,
}

impl Terms {
    pub const ALL: Terms = Terms { reconstruction: true, sparsity: true, weight_decay: true };
}

/// J with its live hyperparameters (the config's objective part) and the terms it includes.
#[derive(Clone, Debug, PartialEq)]
pub struct Objective {
    pub settings: ObjectiveSettings,
    pub terms: Terms,
}

/// Each term of J for one batch, and their sum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LossTerms {
    pub reconstruction: f64,
    pub sparsity: f64,
    pub weight_decay: f64,
    pub total: f64,
}

impl LossTerms {
    pub fn is_finite(&self) -> bool {
        self.reconstruction.is_finite()
            && self.sparsity.is_finite()
            && self.weight_decay.is_finite()
            && self.total.is_finite()
    }
}

impl Objective {
    /// Every term, with `settings`.
    pub fn new(settings: ObjectiveSettings) -> Objective {
        Objective { settings, terms: Terms::ALL }
    }

    /// TopK's k when TopK is the penalty.
    pub fn topk(&self) -> Option<usize> {
        (self.settings.penalty == Penalty::TopK).then_some(self.settings.k)
    }

    /// Runs the forward pass of `x` (`[m, input]`) and returns every term; `rho_hat` (length code)
    /// receives each code unit's batch-mean activation ρ̂ⱼ whatever the penalty.
    pub fn loss<F: Real>(
        &self,
        model: &Model<F>,
        x: ArrayView2<F>,
        cache: &mut ForwardCache<F>,
        rho_hat: &mut [F],
    ) -> LossTerms {
        model.forward(x, self.topk(), cache);
        let reconstruction = if self.terms.reconstruction {
            reconstruction::reconstruction_loss(cache.output(), x).as_f64()
        } else {
            0.0
        };
        self.finish(model, cache, rho_hat, reconstruction)
    }

    /// [`Objective::loss`] plus the backward pass: `d_params` receives ∂J/∂θ for every parameter.
    pub fn loss_and_gradient<F: Real>(
        &self,
        model: &Model<F>,
        x: ArrayView2<F>,
        cache: &mut ForwardCache<F>,
        ws: &mut BackwardWorkspace<F>,
        rho_hat: &mut [F],
        d_params: &mut Parameters<F>,
    ) -> LossTerms {
        model.forward(x, self.topk(), cache);
        let reconstruction = if self.terms.reconstruction {
            reconstruction::reconstruction_gradient(cache.output(), x, ws.d_output()).as_f64()
        } else {
            ws.d_output().fill(F::zero());
            0.0
        };
        let terms = self.finish(model, cache, rho_hat, reconstruction);
        let sparsity_on = self.terms.sparsity;
        model.backward(x, cache, ws, d_params, |h, d_h| {
            if !sparsity_on {
                return;
            }
            match self.settings.penalty {
                Penalty::L1 => l1::add_l1_gradient(h, F::of(self.settings.lambda), d_h),
                Penalty::Kl => kl::add_kl_gradient(rho_hat, F::of(self.settings.rho), F::of(self.settings.beta), d_h),
                Penalty::None | Penalty::TopK => {}
            }
        });
        if self.terms.weight_decay && self.settings.weight_decay > 0.0 {
            let (weights, d_weights) = (model.params.all_weights(), &mut d_params.values[..model.params.weight_count]);
            weight_decay::add_weight_decay_gradient(weights, F::of(self.settings.weight_decay), d_weights);
        }
        terms
    }

    /// The sparsity and weight-decay terms, given the forward pass in `cache`.
    fn finish<F: Real>(
        &self,
        model: &Model<F>,
        cache: &ForwardCache<F>,
        rho_hat: &mut [F],
        reconstruction: f64,
    ) -> LossTerms {
        let h = cache.code(model);
        kl::mean_activation(h, rho_hat);
        let sparsity = if !self.terms.sparsity {
            0.0
        } else {
            match self.settings.penalty {
                Penalty::L1 => l1::l1_penalty(h, F::of(self.settings.lambda)).as_f64(),
                Penalty::Kl => kl::kl_penalty(rho_hat, F::of(self.settings.rho), F::of(self.settings.beta)).as_f64(),
                Penalty::None | Penalty::TopK => 0.0,
            }
        };
        let weight_decay = if self.terms.weight_decay {
            weight_decay::weight_decay_penalty(model.params.all_weights(), F::of(self.settings.weight_decay)).as_f64()
        } else {
            0.0
        };
        LossTerms { reconstruction, sparsity, weight_decay, total: reconstruction + sparsity + weight_decay }
    }
}
