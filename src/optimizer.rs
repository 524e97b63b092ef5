//! Update rules over the flat parameter buffer: SGD, SGD with momentum, Adam.
//!
//! Each is one fused pass over every parameter that also adds weight decay's gradient λ_w·W (weights
//! only), sums W² for the weight-decay term of the loss, and checks that every updated parameter is
//! finite, so divergence is caught in the step it appears at no extra pass. The pass works on lanes of
//! eight independent accumulators so the compiler can vectorise it (a single running sum could not be
//! reordered).

use crate::config::OptimizerKind;
use crate::float::Real;

/// Adam's β₁, β₂ and ε (the paper's defaults).
pub const ADAM_BETA1: f64 = 0.9;
pub const ADAM_BETA2: f64 = 0.999;
pub const ADAM_EPSILON: f64 = 1e-8;

const LANES: usize = 8;

/// The settings of one update.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Update {
    pub learning_rate: f64,
    /// μ, for the momentum rule.
    pub momentum: f64,
    /// λ_w: its gradient λ_w·W is added to the first `weight_count` parameters.
    pub weight_decay: f64,
    /// How many leading parameters are weights (the rest are biases, never decayed).
    pub weight_count: usize,
}

/// What the pass found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UpdateOutcome {
    /// Every updated parameter is finite.
    pub finite: bool,
    /// Σ W² of the weights before the update (the weight-decay term is λ_w/2 times this).
    pub weight_sum_squares: f64,
}

/// An update rule with its state (velocity or moments), one entry per parameter.
#[derive(Clone, Debug)]
pub struct Optimizer<F> {
    kind: OptimizerKind,
    /// Momentum's velocity v, one per parameter.
    velocity: Vec<F>,
    /// Adam's first and second moments m and v, one each per parameter.
    first_moment: Vec<F>,
    second_moment: Vec<F>,
    /// Adam's step count t, for bias correction.
    t: u64,
}

/// Per-lane sums of W² and of θ·0 (NaN as soon as one θ is not finite).
struct Sums<F> {
    squares: [F; LANES],
    probe: [F; LANES],
}

impl<F: Real> Sums<F> {
    fn new() -> Sums<F> {
        Sums { squares: [F::zero(); LANES], probe: [F::zero(); LANES] }
    }

    #[inline(always)]
    fn add(&mut self, lane: usize, old: F, new: F, decayed: bool) {
        if decayed {
            self.squares[lane] = self.squares[lane] + old * old;
        }
        self.probe[lane] = self.probe[lane] + new * F::zero();
    }
}

/// Runs `rule(θ, g, a, b) -> θ'` over `params` in lanes, `g` already including decay for weights.
/// `a` and `b` hold the rule's state, one entry per parameter (velocity, Adam's moments; `()` where a rule
/// has none), and are walked in step with the parameters, so no access needs a bounds check and the loop
/// vectorises.
#[inline(always)]
fn pass<F: Real, A, B>(
    params: &mut [F],
    grads: &[F],
    (a, b): (&mut [A], &mut [B]),
    update: &Update,
    mut rule: impl FnMut(F, F, &mut A, &mut B) -> F,
) -> UpdateOutcome {
    let mut sums = Sums::<F>::new();
    let decay = F::of(update.weight_decay);
    let split = update.weight_count.min(params.len());
    let (weights, biases) = params.split_at_mut(split);
    let (weight_grads, bias_grads) = grads.split_at(split);
    let (weight_a, bias_a) = a.split_at_mut(split);
    let (weight_b, bias_b) = b.split_at_mut(split);
    let parts = [(weights, weight_grads, weight_a, weight_b, true), (biases, bias_grads, bias_a, bias_b, false)];
    for (p, g, a, b, decayed) in parts {
        let full = p.len() / LANES * LANES;
        let (p_lanes, p_rest) = p.split_at_mut(full);
        let (a_lanes, a_rest) = a.split_at_mut(full);
        let (b_lanes, b_rest) = b.split_at_mut(full);
        let chunks = p_lanes
            .chunks_exact_mut(LANES)
            .zip(g[..full].chunks_exact(LANES))
            .zip(a_lanes.chunks_exact_mut(LANES).zip(b_lanes.chunks_exact_mut(LANES)));
        for ((pc, gc), (ac, bc)) in chunks {
            for lane in 0..LANES {
                let old = pc[lane];
                let grad = if decayed { gc[lane] + decay * old } else { gc[lane] };
                let new = rule(old, grad, &mut ac[lane], &mut bc[lane]);
                pc[lane] = new;
                sums.add(lane, old, new, decayed);
            }
        }
        let rest = p_rest.iter_mut().zip(&g[full..]).zip(a_rest.iter_mut().zip(b_rest));
        for (i, ((p, &g), (a, b))) in rest.enumerate() {
            let old = *p;
            let grad = if decayed { g + decay * old } else { g };
            let new = rule(old, grad, a, b);
            *p = new;
            sums.add(i % LANES, old, new, decayed);
        }
    }
    let squares = sums.squares.iter().fold(0.0, |s, v| s + v.as_f64());
    let probe = sums.probe.iter().fold(F::zero(), |s, &v| s + v);
    UpdateOutcome { finite: probe == F::zero(), weight_sum_squares: squares }
}

impl<F: Real> Optimizer<F> {
    pub fn new(kind: OptimizerKind) -> Optimizer<F> {
        Optimizer { kind, velocity: Vec::new(), first_moment: Vec::new(), second_moment: Vec::new(), t: 0 }
    }

    pub fn kind(&self) -> OptimizerKind {
        self.kind
    }

    /// Switches the rule; a different rule starts from fresh state (a velocity is meaningless to Adam).
    pub fn set_kind(&mut self, kind: OptimizerKind) {
        if kind != self.kind {
            *self = Optimizer::new(kind);
        }
    }

    /// Forgets velocity and moments (after restoring weights, the old state would push them off again).
    pub fn reset_state(&mut self) {
        *self = Optimizer::new(self.kind);
    }

    /// Applies one update to `params` in place, with weight decay folded into the gradient.
    pub fn step(&mut self, params: &mut [F], grads: &[F], update: &Update) -> UpdateOutcome {
        debug_assert_eq!(params.len(), grads.len());
        let lr = F::of(update.learning_rate);
        match self.kind {
            // θ ← θ − η g. Slices of `()` cost no memory.
            OptimizerKind::Sgd => {
                let none = || vec![(); params.len()];
                pass(params, grads, (&mut none(), &mut none()), update, |p, g, _, _| p - lr * g)
            }
            // v ← μ v − η g; θ ← θ + v
            OptimizerKind::Momentum => {
                self.velocity.resize(params.len(), F::zero());
                let mu = F::of(update.momentum);
                let none = &mut vec![(); params.len()];
                pass(params, grads, (&mut self.velocity, none), update, |p, g, velocity, _| {
                    let v = mu * *velocity - lr * g;
                    *velocity = v;
                    p + v
                })
            }
            OptimizerKind::Adam => {
                self.first_moment.resize(params.len(), F::zero());
                self.second_moment.resize(params.len(), F::zero());
                self.t += 1;
                let (b1, b2) = (F::of(ADAM_BETA1), F::of(ADAM_BETA2));
                let t = self.t.min(i32::MAX as u64) as i32;
                // Bias corrections folded into the step size: η √(1 − β₂ᵗ) / (1 − β₁ᵗ).
                let step = F::of(update.learning_rate * (1.0 - ADAM_BETA2.powi(t)).sqrt() / (1.0 - ADAM_BETA1.powi(t)));
                let eps = F::of(ADAM_EPSILON);
                let one = F::one();
                let moments = (&mut self.first_moment[..], &mut self.second_moment[..]);
                pass(params, grads, moments, update, |p, g, m, v| {
                    *m = b1 * *m + (one - b1) * g;
                    *v = b2 * *v + (one - b2) * g * g;
                    p - step * *m / (v.sqrt() + eps)
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lr: f64) -> Update {
        Update { learning_rate: lr, momentum: 0.9, weight_decay: 0.0, weight_count: 0 }
    }

    /// Minimises ½‖p − target‖² and returns the distance left.
    fn descend(kind: OptimizerKind, lr: f64, steps: usize) -> f64 {
        let target = [3.0, -2.0];
        let mut p = [0.0f64, 0.0];
        let mut opt = Optimizer::new(kind);
        for _ in 0..steps {
            let g = [p[0] - target[0], p[1] - target[1]];
            assert!(opt.step(&mut p, &g, &plain(lr)).finite);
        }
        ((p[0] - target[0]).powi(2) + (p[1] - target[1]).powi(2)).sqrt()
    }

    #[test]
    fn every_rule_converges_on_a_quadratic() {
        assert!(descend(OptimizerKind::Sgd, 0.1, 300) < 1e-9);
        assert!(descend(OptimizerKind::Momentum, 0.05, 500) < 1e-6);
        assert!(descend(OptimizerKind::Adam, 0.1, 2000) < 1e-3);
    }

    #[test]
    fn sgd_is_exactly_the_textbook_step() {
        let mut p = [1.0f64, 2.0];
        Optimizer::new(OptimizerKind::Sgd).step(&mut p, &[0.5, -1.0], &plain(0.1));
        assert_eq!(p, [0.95, 2.1]);
    }

    #[test]
    fn weight_decay_is_folded_in_for_weights_only() {
        // 19 parameters so both the lanes and the remainder are exercised; the first 11 are weights.
        let mut p: Vec<f64> = (0..19).map(|i| i as f64 - 9.0).collect();
        let g: Vec<f64> = (0..19).map(|i| 0.1 * i as f64).collect();
        let update = Update { learning_rate: 0.5, momentum: 0.0, weight_decay: 0.2, weight_count: 11 };
        let before = p.clone();
        let out = Optimizer::new(OptimizerKind::Sgd).step(&mut p, &g, &update);
        for i in 0..19 {
            let decay = if i < 11 { 0.2 * before[i] } else { 0.0 };
            assert!((p[i] - (before[i] - 0.5 * (g[i] + decay))).abs() < 1e-12, "{i}");
        }
        let squares: f64 = before[..11].iter().map(|w| w * w).sum();
        assert!((out.weight_sum_squares - squares).abs() < 1e-9);
    }

    #[test]
    fn adam_first_step_moves_by_the_learning_rate() {
        // With bias correction, Adam's first step is η·sign(g) (up to ε).
        let mut p = [0.0f64, 0.0];
        Optimizer::new(OptimizerKind::Adam).step(&mut p, &[4.0, -0.01], &plain(0.1));
        assert!((p[0] + 0.1).abs() < 1e-7 && (p[1] - 0.1).abs() < 1e-5, "{p:?}");
    }

    #[test]
    fn reports_non_finite_parameters() {
        for bad in [f32::INFINITY, f32::NAN] {
            let mut p = vec![1.0f32; 20];
            let mut g = vec![0.0f32; 20];
            g[13] = bad;
            assert!(!Optimizer::new(OptimizerKind::Sgd).step(&mut p, &g, &plain(0.1)).finite);
        }
    }
}
