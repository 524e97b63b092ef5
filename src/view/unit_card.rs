//! The formula card: one code unit's live numbers in the report's notation, for the card the page opens
//! when a unit is clicked in any figure.
//!
//! Every number is the one the figures show, worked out by the objective's own functions
//! ([`crate::objective::kl`], [`crate::objective::l1`]), never by a formula of its own:
//! - ρ̂ⱼ is the trainer's running mean activation (the ρ̂ bars and the KL curve's dots);
//! - KL(ρ‖ρ̂ⱼ) and dKL/dρ̂ⱼ are [`kl::kl_divergence`] and [`kl::kl_derivative`] at the clamped ρ̂ⱼ, the
//!   unit's part of the KL term is β·KL(ρ‖ρ̂ⱼ) (summed over the units: [`kl::kl_penalty`] of the same ρ̂);
//! - mean |aⱼ| is over the fixed cloud samples (the L1 bars), its L1 term λ·mean |aⱼ| is [`l1::l1_penalty`]
//!   of unit j's column (summed over the units: the L1 penalty of those samples);
//! - the firing density and the dead flag are the trainer's (see [`crate::activation::FiringRule`]).

use super::ViewState;
use crate::config::Penalty;
use crate::objective::{kl, l1};
use crate::playground::Playground;
use crate::render::unit_weights::WeightsPicture;
use crate::trainer::sparsity_stats::DEAD_WINDOW_SAMPLES;
use ndarray::{ArrayView1, Axis};
use serde::Serialize;

/// Incoming weights are listed in the card's JSON when a unit has at most this many (3-D data, the
/// sparse features); an MNIST unit's 784 are drawn as a tile instead.
pub const MAX_LISTED_WEIGHTS: usize = 16;

/// One code unit's numbers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitCard {
    /// The unit j (0-based) and the code size.
    pub unit: usize,
    pub units: usize,
    pub step: u64,
    /// The penalty in force ("kl", "l1", "topk", "none") and the hyperparameters of both penalties.
    pub penalty: &'static str,
    pub rho: f64,
    pub beta: f64,
    pub lambda: f64,
    /// ρ̂ⱼ, the running mean activation.
    pub rho_hat: f64,
    /// KL(ρ‖ρ̂ⱼ), its derivative dKL/dρ̂ⱼ, and β times each (the unit's part of the KL term and the push on
    /// ρ̂ⱼ): whatever the penalty, so the card can show what KL would say.
    pub kl: f64,
    pub d_kl: f64,
    pub kl_term: f64,
    pub kl_push: f64,
    /// mean |aⱼ| over the cloud samples and λ·mean |aⱼ|.
    pub mean_abs: f64,
    pub l1_term: f64,
    /// The unit's part of the sparsity term in force (β·KL or λ·mean |a|), the term summed over every
    /// unit, and the unit's share of it; `None` under TopK or no penalty (no term), or a zero total.
    pub sparsity_part: Option<f64>,
    pub sparsity_total: Option<f64>,
    pub share: Option<f64>,
    /// Fraction of recent samples the unit fired on, whether it is dead, and the firing rule in words.
    pub firing_density: f64,
    pub dead: bool,
    pub firing_rule: String,
    pub dead_window: u64,
    /// What the weights picture shows.
    pub weights: WeightsInfo,
}

/// The unit's incoming weights: what the picture shows, in a sentence, and the numbers behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WeightsInfo {
    /// "tile" (an image), "arrow" (a vector in the 2-D or 3-D data space) or "bars".
    pub kind: &'static str,
    /// What feeds the unit: "the input" or "hidden layer 1" (a code behind encoder layers).
    pub from: String,
    pub count: usize,
    /// ‖Wⱼ‖.
    pub norm: f64,
    /// The weights themselves when there are at most [`MAX_LISTED_WEIGHTS`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<f32>>,
    /// The picture in a sentence, for the caption and screen readers.
    pub caption: String,
}

/// Unit `unit`'s incoming weights Wⱼ (column j of the layer feeding the code), or `None` past the code.
pub fn incoming_weights(playground: &Playground, unit: usize) -> Option<ArrayView1<'_, f32>> {
    let model = playground.trainer().model();
    let weights = model.params.weights(model.code_layer - 1);
    (unit < weights.ncols()).then(move || weights.index_axis_move(Axis(1), unit))
}

/// How unit `unit`'s incoming weights are drawn (yaw and pitch: the 3-D figures' rotation).
pub fn weights_picture(playground: &Playground, unit: usize, yaw: f64, pitch: f64) -> Option<WeightsPicture<'_>> {
    let weights = incoming_weights(playground, unit)?;
    let from_input = playground.trainer().model().code_layer == 1;
    let image = playground.trainer().data().image_shape.filter(|(h, w)| from_input && h * w == weights.len());
    Some(match image {
        Some(shape) => WeightsPicture::Tile { weights, shape },
        None if from_input && (2..=3).contains(&weights.len()) => WeightsPicture::Arrow { weights, yaw, pitch },
        None => WeightsPicture::Bars { weights },
    })
}

/// The card of code unit `unit`, or `None` if there is no such unit.
pub fn unit_card(playground: &Playground, view: &mut ViewState, unit: usize) -> Option<UnitCard> {
    let trainer = playground.trainer();
    let stats = trainer.stats();
    let units = stats.rho_hat_running.len();
    if unit >= units {
        return None;
    }
    let settings = &playground.config().objective;
    let (rho, beta, lambda) = (settings.rho, settings.beta, settings.lambda);

    let rho_hat_all: Vec<f64> = stats.rho_hat_running.iter().map(|&r| r as f64).collect();
    let rho_hat = rho_hat_all[unit];
    let clamped = kl::clamp_rho_hat(rho_hat);
    let kl_value = kl::kl_divergence(rho, clamped);
    let d_kl = kl::kl_derivative(rho, clamped);

    // L1 per unit: the objective's L1 penalty of the unit's own column of the cloud's codes (the penalty
    // is a sum over units, so the columns' penalties add up to the whole).
    let l1_terms: Vec<f64> = view
        .cloud(playground)
        .code(trainer.model())
        .map(|codes| {
            codes.axis_iter(Axis(1)).map(|c| l1::l1_penalty(c.insert_axis(Axis(1)), lambda as f32) as f64).collect()
        })
        .unwrap_or_else(|| vec![0.0; units]);
    let mean_abs_all = view.mean_abs_code(playground);
    let mean_abs = mean_abs_all.get(unit).copied().unwrap_or(0.0) as f64;

    let (part, total) = match settings.penalty {
        Penalty::Kl => (Some(beta * kl_value), Some(kl::kl_penalty(&rho_hat_all, rho, beta))),
        Penalty::L1 => (l1_terms.get(unit).copied(), Some(l1_terms.iter().sum())),
        Penalty::TopK | Penalty::None => (None, None),
    };
    let share = match (part, total) {
        (Some(p), Some(t)) if t > 0.0 && t.is_finite() => Some(p / t),
        _ => None,
    };

    let weights = incoming_weights(playground, unit)?;
    let norm = weights.iter().map(|&w| (w as f64).powi(2)).sum::<f64>().sqrt();
    let code_layer = trainer.model().code_layer;
    let from = if code_layer == 1 { "the input".to_string() } else { format!("hidden layer {}", code_layer - 1) };
    let picture = weights_picture(playground, unit, 0.0, 0.0)?;
    let (kind, caption) = match picture {
        WeightsPicture::Tile { shape, .. } => (
            "tile",
            format!(
                "W_{unit}/‖W_{unit}‖ as a {}×{} picture, like the learned-features tiles: dark where ink excites the \
                 unit, light where it inhibits it.",
                shape.0, shape.1
            ),
        ),
        WeightsPicture::Arrow { .. } => (
            "arrow",
            format!(
                "W_{unit}, the unit's {} incoming weights, as an arrow from the origin in the data space (axes x blue, \
                 y red{}) seen from the 3-D figures' starting angle: the unit answers most to inputs in that direction.",
                weights.len(),
                if weights.len() == 3 { ", z green" } else { "" }
            ),
        ),
        WeightsPicture::Bars { .. } => (
            "bars",
            format!(
                "W_{unit}, the unit's {} incoming weights from {from}, one bar each (orange positive, purple negative, \
                 scaled to the largest).",
                weights.len()
            ),
        ),
    };
    let values = (weights.len() <= MAX_LISTED_WEIGHTS).then(|| weights.to_vec());

    Some(UnitCard {
        unit,
        units,
        step: trainer.step_count(),
        penalty: settings.penalty.name(),
        rho,
        beta,
        lambda,
        rho_hat,
        kl: kl_value,
        d_kl,
        kl_term: beta * kl_value,
        kl_push: beta * d_kl,
        mean_abs,
        l1_term: l1_terms.get(unit).copied().unwrap_or(0.0),
        sparsity_part: part,
        sparsity_total: total,
        share,
        firing_density: stats.firing_density[unit] as f64,
        dead: stats.is_dead(unit),
        firing_rule: trainer.firing_rule().sentence(),
        dead_window: DEAD_WINDOW_SAMPLES,
        weights: WeightsInfo { kind, from, count: weights.len(), norm, values, caption },
    })
}
