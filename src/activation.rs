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

    /// The level above which a unit counts as *active* for L0, dead units and activation counts.
    ///
    /// ReLU gives exact zeros, so any positive value fires. A sigmoid unit never outputs exactly 0; it
    /// fires when it is more on than off (a > 0.5, the Bernoulli reading of the KL penalty). Tanh and
    /// linear units fire when |a| exceeds 0.05, a twentieth of tanh's range.
    pub fn is_active<F: Real>(self, a: F) -> bool {
        match self {
            Activation::Relu => a > F::zero(),
            Activation::Sigmoid => a > F::of(0.5),
            Activation::Tanh | Activation::Linear => a.abs() > F::of(0.05),
        }
    }

    /// A sentence for the activity threshold, shown beside the L0 figure.
    pub fn activity_rule(self) -> &'static str {
        match self {
            Activation::Relu => "a unit is active when its output is above 0",
            Activation::Sigmoid => "a sigmoid unit is active when its output is above 0.5",
            Activation::Tanh | Activation::Linear => "a unit is active when |a| is above 0.05",
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
    fn names_round_trip() {
        for act in Activation::ALL {
            assert_eq!(Activation::from_name(act.name()), Some(act));
        }
        assert_eq!(Activation::from_name("softmax"), None);
    }
}
