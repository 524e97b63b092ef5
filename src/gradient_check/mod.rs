//! Gradient checking, as the classic exercise demands: centred differences against the analytic
//! gradient, relative error ‖num − ana‖ / ‖num + ana‖, in f64. `job.rs` runs a check in small units.

mod job;

pub use job::{CheckProgress, GradientCheckJob};

use crate::activation::Activation;
use crate::config::Penalty;
use crate::float::Real;
use crate::model::Model;
use crate::objective::Objective;
use ndarray::ArrayView2;
use serde::Serialize;

/// Step of the centred difference for smooth objectives (sigmoid, tanh, no TopK).
///
/// The exercise's two-point formula (J(θ+ε) − J(θ−ε)) / 2ε with ε = 1e-4 has a truncation error
/// ε² J'''/6 of about 1e-9 relative on small models, and on MNIST-sized objectives (J ≈ 75, gradients
/// ≈ 1e-3) round-off (machine ε · J / ε) costs 1e-8. The five-point centred formula below cancels the ε²
/// term, so a larger step keeps both small: truncation O(ε⁴) ≈ 1e-12, round-off ≈ 1e-13 · J.
pub const EPSILON: f64 = 1e-3;

/// Step for objectives with kinks (ReLU, TopK, L1 through signed units). They are piecewise smooth, so
/// truncation is no concern, but a step that crosses a kink measures a slope that is not there: a
/// smaller step crosses far fewer.
pub const EPSILON_KINKED: f64 = 1e-5;

/// The verdict's threshold on the worst relative error: below it the analytic gradient is right. A correct
/// gradient reaches 1e-9 on small models (tests/gradient_checks.rs) and stays far below 1e-6 on the
/// presets' live models, where a step may cross a kink (ReLU, TopK, L1) and MNIST-sized objectives add
/// round-off; a wrong one (a missing term, a factor or sign off) is off by 1e-3 or more.
pub const TOLERANCE: f64 = 1e-6;

/// The step used for `model` under `objective`.
pub fn step_for<F: Real>(model: &Model<F>, objective: &Objective) -> f64 {
    let hidden = model.hidden;
    let kinked = hidden == Activation::Relu
        || objective.settings.penalty == Penalty::TopK
        || (objective.settings.penalty == Penalty::L1 && hidden != Activation::Sigmoid);
    if kinked {
        EPSILON_KINKED
    } else {
        EPSILON
    }
}

/// Relative error ‖a − b‖ / ‖a + b‖ (0 when both are zero).
pub fn relative_error(a: &[f64], b: &[f64]) -> f64 {
    let diff: f64 = a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>().sqrt();
    let sum: f64 = a.iter().zip(b).map(|(x, y)| (x + y) * (x + y)).sum::<f64>().sqrt();
    if sum == 0.0 {
        diff
    } else {
        diff / sum
    }
}

/// Centred-difference gradient of `f` at `x`, one coordinate at a time, with the five-point stencil
/// (f(x−2ε) − 8 f(x−ε) + 8 f(x+ε) − f(x+2ε)) / 12ε.
pub fn numerical_gradient(mut f: impl FnMut(&[f64]) -> f64, x: &[f64], epsilon: f64) -> Vec<f64> {
    let mut probe = x.to_vec();
    let mut at = |probe: &mut Vec<f64>, i: usize, offset: f64| {
        probe[i] = x[i] + offset;
        let value = f(probe);
        probe[i] = x[i];
        value
    };
    (0..x.len())
        .map(|i| {
            let (down2, down1) = (at(&mut probe, i, -2.0 * epsilon), at(&mut probe, i, -epsilon));
            let (up1, up2) = (at(&mut probe, i, epsilon), at(&mut probe, i, 2.0 * epsilon));
            five_point([down2, down1, up1, up2], epsilon)
        })
        .collect()
}

/// The five-point centred difference from f at x − 2ε, x − ε, x + ε, x + 2ε.
fn five_point([down2, down1, up1, up2]: [f64; 4], epsilon: f64) -> f64 {
    (down2 - 8.0 * down1 + 8.0 * up1 - up2) / (12.0 * epsilon)
}

/// The outcome for one term (or the total).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TermCheck {
    /// "reconstruction", "weight decay", "sparsity (kl)", "total".
    pub term: String,
    pub relative_error: f64,
    /// Parameters compared (all of them, or a seeded sample for large models).
    pub parameters_checked: usize,
}

/// All terms of one check and its verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GradientCheckReport {
    pub terms: Vec<TermCheck>,
    pub epsilon: f64,
    /// The largest relative error of any term.
    pub worst_relative_error: f64,
    /// [`TOLERANCE`], which the verdict compares against.
    pub tolerance: f64,
    /// Whether every term is below the tolerance (a NaN error fails).
    pub passed: bool,
}

impl GradientCheckReport {
    /// The report for these terms, with its verdict.
    pub fn new(terms: Vec<TermCheck>, epsilon: f64) -> GradientCheckReport {
        // A NaN error makes the worst NaN (f64::max would skip it), and then the check fails.
        let worst = terms.iter().map(|t| t.relative_error).fold(0.0, |w, e| if e.is_nan() || e > w { e } else { w });
        GradientCheckReport {
            terms,
            epsilon,
            worst_relative_error: worst,
            tolerance: TOLERANCE,
            passed: worst < TOLERANCE,
        }
    }
}

/// Checks each active term alone and then the total, on `model` (converted to f64) and batch `x`.
/// At most `max_parameters` coordinates are compared: all of them for small models, else a seeded sample.
pub fn check_model<F: Real>(
    model: &Model<F>,
    x: ArrayView2<F>,
    objective: &Objective,
    max_parameters: usize,
    seed: u64,
) -> GradientCheckReport {
    let mut job = GradientCheckJob::new(model, x, objective, max_parameters, seed);
    while !job.is_done() {
        job.work_unit();
    }
    job.report().expect("a finished job has its report")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_test_matches_the_exercise() {
        // h(x) = x₁² + 3x₁x₂ at (4, 10): gradient (2x₁ + 3x₂, 3x₁) = (38, 12).
        let numeric = numerical_gradient(|x| x[0] * x[0] + 3.0 * x[0] * x[1], &[4.0, 10.0], EPSILON);
        let err = relative_error(&numeric, &[38.0, 12.0]);
        assert!(err < 1e-10, "{err}");
    }

    #[test]
    fn the_verdict_is_the_worst_term_against_the_tolerance() {
        let term = |relative_error| TermCheck { term: "t".into(), relative_error, parameters_checked: 3 };
        let good = GradientCheckReport::new(vec![term(1e-11), term(3e-9)], EPSILON);
        assert_eq!((good.worst_relative_error, good.passed, good.tolerance), (3e-9, true, TOLERANCE));
        let bad = GradientCheckReport::new(vec![term(1e-11), term(2e-3)], EPSILON);
        assert_eq!((bad.worst_relative_error, bad.passed), (2e-3, false));
        let at_the_line = GradientCheckReport::new(vec![term(TOLERANCE)], EPSILON);
        assert!(!at_the_line.passed);
        let nan = GradientCheckReport::new(vec![term(f64::NAN), term(1e-12)], EPSILON);
        assert!(nan.worst_relative_error.is_nan() && !nan.passed);
        let json = serde_json::to_value(&good).unwrap();
        for key in ["worstRelativeError", "tolerance", "passed", "epsilon", "terms"] {
            assert!(json.get(key).is_some(), "{key} in {json}");
        }
    }
}
