//! Element-wise activation functions and their derivatives.
//!
//! Every derivative is written in terms of the activation's *output* a = f(z), so the forward pass only
//! keeps the activations (the pre-activations are overwritten in place).

use crate::float::Real;
use serde::{Deserialize, Serialize};

/// An element-wise nonlinearity for hidden layers or the output layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// σ(z) = 1 / (1 + e^(−z)), in (0, 1): the only one the KL penalty accepts.
    Sigmoid,
    /// tanh(z), in (−1, 1).
    Tanh,
    /// max(0, z): exact zeros, so L0 sparsity is literal.
    Relu,
    /// z.
    Linear,
}

impl Activation {
    pub const ALL: [Activation; 4] = [Activation::Sigmoid, Activation::Tanh, Activation::Relu, Activation::Linear];

    /// The name used in configs, URLs and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::Linear => "linear",
        }
    }

    pub fn from_name(name: &str) -> Option<Activation> {
        Activation::ALL.into_iter().find(|a| a.name() == name)
    }

    /// f(z).
    #[inline(always)]
    pub fn apply<F: Real>(self, z: F) -> F {
        match self {
            Activation::Sigmoid => z.sigmoid(),
            Activation::Tanh => z.tanh(),
            Activation::Relu => z.max(F::zero()),
            Activation::Linear => z,
        }
    }

    /// Replaces every pre-activation z in `values` by f(z).
    pub fn apply_in_place<F: Real>(self, values: &mut [F]) {
        match self {
            Activation::Linear => {}
            _ => values.iter_mut().for_each(|v| *v = self.apply(*v)),
        }
    }

    /// Replaces every row z of `rows` (row-major, `biases.len()` columns) by f(z + b): the bias and the
    /// nonlinearity in one pass over the layer's output.
    pub fn apply_with_bias<F: Real>(self, rows: &mut [F], biases: &[F]) {
        if biases.is_empty() {
            return;
        }
        for row in rows.chunks_exact_mut(biases.len()) {
            match self {
                Activation::Sigmoid => row.iter_mut().zip(biases).for_each(|(v, &b)| *v = (*v + b).sigmoid()),
                Activation::Tanh => row.iter_mut().zip(biases).for_each(|(v, &b)| *v = (*v + b).tanh()),
                Activation::Relu => row.iter_mut().zip(biases).for_each(|(v, &b)| *v = (*v + b).max(F::zero())),
                Activation::Linear => row.iter_mut().zip(biases).for_each(|(v, &b)| *v = *v + b),
            }
        }
    }

    /// f'(z) expressed through the output a = f(z).
    #[inline(always)]
    pub fn derivative_from_output<F: Real>(self, a: F) -> F {
        match self {
            Activation::Sigmoid => a * (F::one() - a),
            Activation::Tanh => F::one() - a * a,
            Activation::Relu => {
                if a > F::zero() {
                    F::one()
                } else {
                    F::zero()
                }
            }
            Activation::Linear => F::one(),
        }
    }

    /// Whether every output lies strictly inside (0, 1), so a mean activation is a firing probability
    /// (what KL(ρ ‖ ρ̂) needs).
    pub fn outputs_probability(self) -> bool {
        self == Activation::Sigmoid
    }
}

/// When a code unit counts as *firing* on a sample: the rule behind L0, the firing densities and the dead
/// units (see [`crate::trainer::SparsityStats`]).
///
/// ReLU gives exact zeros, so any positive output fires. Tanh and linear units fire when |a| exceeds
/// 0.05, a twentieth of tanh's range. A sigmoid unit never outputs exactly 0, so it needs a level:
/// - with the KL penalty, twice the target ρ (at most 0.5). KL fixes a unit's *average* at ρ; it can get
///   there by resting near 0 and jumping up on a few samples (a selective unit) or by answering every
///   sample with about ρ (a dense, weak code). Above 2ρ separates the two: the selective unit fires on the
///   samples it answers, the weak one never does. A fixed 0.5 would call a unit that sits exactly on its
///   target on every sample (the KL minimum) dead, and a unit firing at 0.3 on its digits silent.
/// - without a target, 0.5: more on than off.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FiringRule {
    pub activation: Activation,
    /// Sigmoid: the output above which the unit fires.
    pub level: f32,
}

/// The sigmoid firing level when there is no KL target, and the cap of 2ρ.
pub const SIGMOID_FIRING_CAP: f32 = 0.5;

impl FiringRule {
    /// The rule for a code layer of `activation` units; `kl_target` is ρ when the KL penalty is on.
    pub fn new(activation: Activation, kl_target: Option<f64>) -> FiringRule {
        let level = match (activation, kl_target) {
            (Activation::Sigmoid, Some(rho)) if rho.is_finite() && rho > 0.0 => {
                ((2.0 * rho) as f32).min(SIGMOID_FIRING_CAP)
            }
            (Activation::Sigmoid, _) => SIGMOID_FIRING_CAP,
            (Activation::Relu, _) => 0.0,
            (Activation::Tanh | Activation::Linear, _) => 0.05,
        };
        FiringRule { activation, level }
    }

    /// Whether output `a` fires.
    #[inline(always)]
    pub fn fires<F: Real>(self, a: F) -> bool {
        match self.activation {
            Activation::Relu => a > F::zero(),
            Activation::Sigmoid => a > F::of(self.level as f64),
            Activation::Tanh | Activation::Linear => a.abs() > F::of(self.level as f64),
        }
    }

    /// The rule in a student's words, shown beside L0 and the dead count.
    pub fn sentence(self) -> String {
        match self.activation {
            Activation::Relu => "a unit fires when its output is above 0".to_string(),
            Activation::Tanh | Activation::Linear => "a unit fires when |a| is above 0.05".to_string(),
            Activation::Sigmoid if self.level < SIGMOID_FIRING_CAP => format!(
                "a sigmoid unit fires when its output is above 2ρ = {}: twice the average KL asks for, so a unit \
                 that answers every sample with about ρ never fires",
                self.level
            ),
            Activation::Sigmoid => "a sigmoid unit fires when its output is above 0.5 (more on than off)".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_centred_differences() {
        for act in Activation::ALL {
            for &z in &[-2.3f64, -0.4, 0.3, 1.7] {
                let h = 1e-6;
                let numeric = (act.apply(z + h) - act.apply(z - h)) / (2.0 * h);
                let analytic = act.derivative_from_output(act.apply(z));
                assert!((numeric - analytic).abs() < 1e-8, "{act:?} at {z}: {numeric} vs {analytic}");
            }
        }
    }

    #[test]
    fn bias_and_activation_in_one_pass() {
        let mut rows = [0.5f64, -1.0, 2.0, 0.0];
        Activation::Relu.apply_with_bias(&mut rows, &[-1.0, 1.5]);
        assert_eq!(rows, [0.0, 0.5, 1.0, 1.5]);
    }

    #[test]
    fn sigmoid_fires_above_twice_the_kl_target() {
        let kl = FiringRule::new(Activation::Sigmoid, Some(0.05));
        assert_eq!(kl.level, 0.1);
        assert!(!kl.fires(0.05f32) && !kl.fires(0.1f32) && kl.fires(0.3f32));
        assert!(kl.sentence().contains("2ρ = 0.1"), "{}", kl.sentence());
        // 2ρ is capped at "more on than off", which is also the rule without a target.
        assert_eq!(FiringRule::new(Activation::Sigmoid, Some(0.4)).level, 0.5);
        let plain = FiringRule::new(Activation::Sigmoid, None);
        assert!(!plain.fires(0.3f64) && plain.fires(0.6f64));
        // ReLU, tanh and linear ignore the target.
        let relu = FiringRule::new(Activation::Relu, Some(0.05));
        assert!(relu.fires(1e-6f32) && !relu.fires(0.0f32));
        assert!(FiringRule::new(Activation::Tanh, Some(0.05)).fires(-0.2f32));
        assert!(!FiringRule::new(Activation::Linear, None).fires(0.01f32));
    }

    #[test]
    fn names_round_trip() {
        for act in Activation::ALL {
            assert_eq!(Activation::from_name(act.name()), Some(act));
        }
        assert_eq!(Activation::from_name("softmax"), None);
    }
}
