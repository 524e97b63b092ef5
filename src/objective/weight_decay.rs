//! Weight decay (the seed's "regularization"): (λ_w / 2) Σ W², over weights only, never biases.

use crate::float::Real;

/// (λ_w / 2) Σ W² over `weights`.
pub fn weight_decay_penalty<F: Real>(weights: &[F], lambda_w: F) -> F {
    let sum = weights.iter().fold(F::zero(), |s, &w| s + w * w);
    lambda_w * sum / F::of(2.0)
}

/// Adds ∂/∂W = λ_w W to `d_weights`.
pub fn add_weight_decay_gradient<F: Real>(weights: &[F], lambda_w: F, d_weights: &mut [F]) {
    for (d, &w) in d_weights.iter_mut().zip(weights) {
        *d = *d + lambda_w * w;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_value_and_gradient() {
        let w = [1.0, -2.0, 3.0];
        assert_eq!(weight_decay_penalty(&w, 0.1), 0.1 * 14.0 / 2.0);
        let mut d = [1.0, 1.0, 1.0];
        add_weight_decay_gradient(&w, 0.5, &mut d);
        assert_eq!(d, [1.5, 0.0, 2.5]);
    }
}
