//! Update rules over the flat parameter buffer: SGD, SGD with momentum, Adam.
//!
//! Each is one fused loop over every parameter, which also reports whether any parameter stopped being
//! finite (so divergence is caught in the step it appears, at no extra pass).

use crate::config::OptimizerKind;
use crate::float::Real;

/// Adam's β₁, β₂ and ε (the paper's defaults).
pub const ADAM_BETA1: f64 = 0.9;
pub const ADAM_BETA2: f64 = 0.999;
pub const ADAM_EPSILON: f64 = 1e-8;

/// An update rule with its state (velocity or moments), one entry per parameter.
#[derive(Clone, Debug)]
pub struct Optimizer<F> {
    kind: OptimizerKind,
    /// Momentum's velocity v, or Adam's first moment m.
    first: Vec<F>,
    /// Adam's second moment v.
    second: Vec<F>,
    /// Adam's step count t, for bias correction.
    t: u64,
}

impl<F: Real> Optimizer<F> {
    pub fn new(kind: OptimizerKind) -> Optimizer<F> {
        Optimizer { kind, first: Vec::new(), second: Vec::new(), t: 0 }
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

    /// Applies one update θ ← θ − η·(rule) in place. Returns `false` if any updated parameter is not
    /// finite (NaN or ±∞).
    pub fn step(&mut self, params: &mut [F], grads: &[F], learning_rate: f64, momentum: f64) -> bool {
        debug_assert_eq!(params.len(), grads.len());
        let lr = F::of(learning_rate);
        // p · 0 is 0 for every finite p and NaN otherwise: summing it checks finiteness inside the loop.
        let mut probe = F::zero();
        match self.kind {
            OptimizerKind::Sgd => {
                for (p, &g) in params.iter_mut().zip(grads) {
                    *p = *p - lr * g;
                    probe = probe + *p * F::zero();
                }
            }
            OptimizerKind::Momentum => {
                self.first.resize(params.len(), F::zero());
                let mu = F::of(momentum);
                for ((p, &g), v) in params.iter_mut().zip(grads).zip(&mut self.first) {
                    *v = mu * *v - lr * g;
                    *p = *p + *v;
                    probe = probe + *p * F::zero();
                }
            }
            OptimizerKind::Adam => {
                self.first.resize(params.len(), F::zero());
                self.second.resize(params.len(), F::zero());
                self.t += 1;
                let (b1, b2) = (F::of(ADAM_BETA1), F::of(ADAM_BETA2));
                let t = self.t as i32;
                // Bias corrections folded into the step size: η √(1 − β₂ᵗ) / (1 − β₁ᵗ).
                let step = learning_rate * (1.0 - ADAM_BETA2.powi(t)).sqrt() / (1.0 - ADAM_BETA1.powi(t));
                let step = F::of(step);
                let eps = F::of(ADAM_EPSILON);
                let one = F::one();
                for (((p, &g), m), v) in params.iter_mut().zip(grads).zip(&mut self.first).zip(&mut self.second) {
                    *m = b1 * *m + (one - b1) * g;
                    *v = b2 * *v + (one - b2) * g * g;
                    *p = *p - step * *m / (v.sqrt() + eps);
                    probe = probe + *p * F::zero();
                }
            }
        }
        probe == F::zero()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Minimises ½‖p − target‖² and returns the distance left.
    fn descend(kind: OptimizerKind, lr: f64, steps: usize) -> f64 {
        let target = [3.0, -2.0];
        let mut p = [0.0f64, 0.0];
        let mut opt = Optimizer::new(kind);
        for _ in 0..steps {
            let g = [p[0] - target[0], p[1] - target[1]];
            assert!(opt.step(&mut p, &g, lr, 0.9));
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
        Optimizer::new(OptimizerKind::Sgd).step(&mut p, &[0.5, -1.0], 0.1, 0.0);
        assert_eq!(p, [0.95, 2.1]);
    }

    #[test]
    fn adam_first_step_moves_by_the_learning_rate() {
        // With bias correction, Adam's first step is η·sign(g) (up to ε).
        let mut p = [0.0f64, 0.0];
        Optimizer::new(OptimizerKind::Adam).step(&mut p, &[4.0, -0.01], 0.1, 0.0);
        assert!((p[0] + 0.1).abs() < 1e-7 && (p[1] - 0.1).abs() < 1e-5, "{p:?}");
    }

    #[test]
    fn reports_non_finite_parameters() {
        let mut p = [1.0f32, 2.0];
        assert!(!Optimizer::new(OptimizerKind::Sgd).step(&mut p, &[f32::INFINITY, 0.0], 0.1, 0.0));
        let mut p = [1.0f32, 2.0];
        assert!(!Optimizer::new(OptimizerKind::Sgd).step(&mut p, &[f32::NAN, 0.0], 0.1, 0.0));
    }
}
