//! KL sparsity (the classic exercise's penalty): β Σⱼ KL(ρ ‖ ρ̂ⱼ), ρ̂ⱼ = (1/m) Σᵢ hᵢⱼ.
//!
//! KL(ρ ‖ ρ̂) = ρ log(ρ/ρ̂) + (1 − ρ) log((1 − ρ)/(1 − ρ̂)) compares a unit's firing probability ρ̂ with
//! the target ρ. It is zero at ρ̂ = ρ and rises to infinity as ρ̂ → 0 or 1.

use crate::float::Real;
use ndarray::{s, ArrayView2, ArrayViewMut2};

/// ρ̂ is clamped to [ε, 1 − ε] before the logarithms and divisions, so a saturated sigmoid (f32 rounds
/// σ(z) to exactly 0 or 1 for |z| > 17) still gives a finite penalty and gradient. The gradient is then
/// evaluated at the clamped ρ̂, so a saturated unit keeps being pushed back, not abandoned.
pub const RHO_HAT_EPSILON: f64 = 1e-6;

/// KL(ρ ‖ ρ̂) between Bernoulli(ρ) and Bernoulli(ρ̂).
pub fn kl_divergence<F: Real>(rho: F, rho_hat: F) -> F {
    let one = F::one();
    rho * (rho / rho_hat).ln() + (one - rho) * ((one - rho) / (one - rho_hat)).ln()
}

/// ∂ KL(ρ ‖ ρ̂) / ∂ρ̂ = −ρ/ρ̂ + (1 − ρ)/(1 − ρ̂).
pub fn kl_derivative<F: Real>(rho: F, rho_hat: F) -> F {
    let one = F::one();
    -rho / rho_hat + (one - rho) / (one - rho_hat)
}

/// ρ̂ clamped to [ε, 1 − ε].
#[inline(always)]
pub fn clamp_rho_hat<F: Real>(rho_hat: F) -> F {
    let eps = F::of(RHO_HAT_EPSILON);
    rho_hat.max(eps).min(F::one() - eps)
}

/// Writes each unit's mean activation ρ̂ⱼ = (1/m) Σᵢ hᵢⱼ over the batch `h` (`[m, code]`) into `rho_hat`.
pub fn mean_activation<F: Real>(h: ArrayView2<F>, rho_hat: &mut [F]) {
    rho_hat.iter_mut().for_each(|r| *r = F::zero());
    // Rows as plain slices (borrowed, the code buffer is contiguous): ndarray's row views would not vectorise.
    let h = h.as_standard_layout();
    for row in h.as_slice().expect("standard layout").chunks_exact(h.ncols().max(1)) {
        for (r, &a) in rho_hat.iter_mut().zip(row) {
            *r = *r + a;
        }
    }
    let inv_m = F::one() / F::of(h.nrows() as f64);
    rho_hat.iter_mut().for_each(|r| *r = *r * inv_m);
}

/// β Σⱼ KL(ρ ‖ ρ̂ⱼ).
pub fn kl_penalty<F: Real>(rho_hat: &[F], rho: F, beta: F) -> F {
    beta * rho_hat.iter().fold(F::zero(), |s, &r| s + kl_divergence(rho, clamp_rho_hat(r)))
}

/// Adds ∂/∂hᵢⱼ = (β/m) (−ρ/ρ̂ⱼ + (1 − ρ)/(1 − ρ̂ⱼ)) to `d_h` (`[m, code]`): every sample of the batch
/// shares its unit's term, because ρ̂ⱼ averages over them.
pub fn add_kl_gradient<F: Real>(rho_hat: &[F], rho: F, beta: F, mut d_h: ArrayViewMut2<F>) {
    let scale = beta / F::of(d_h.nrows() as f64);
    // One term per unit, computed once per block of units (on the stack) and added along each row
    // (contiguous, so the adds vectorise; walking down columns would not).
    const BLOCK: usize = 64;
    let mut terms = [F::zero(); BLOCK];
    for (block, rho_hats) in rho_hat.chunks(BLOCK).enumerate() {
        let terms = &mut terms[..rho_hats.len()];
        for (g, &r) in terms.iter_mut().zip(rho_hats) {
            *g = scale * kl_derivative(rho, clamp_rho_hat(r));
        }
        let units = block * BLOCK..block * BLOCK + rho_hats.len();
        let add = |(d, &g): (&mut F, &F)| *d = *d + g;
        for mut row in d_h.rows_mut() {
            match row.as_slice_mut() {
                Some(row) => row[units.clone()].iter_mut().zip(&*terms).for_each(add),
                None => row.slice_mut(s![units.clone()]).iter_mut().zip(&*terms).for_each(add),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn kl_of_rho_with_itself_is_zero() {
        for rho in [0.01f64, 0.05, 0.2, 0.5, 0.9] {
            assert_eq!(kl_divergence(rho, rho), 0.0);
            assert!(kl_derivative(rho, rho).abs() < 1e-15);
        }
    }

    #[test]
    fn kl_known_value() {
        // 0.2 ln(0.4) + 0.8 ln(1.6)
        let expected = 0.2 * 0.4f64.ln() + 0.8 * 1.6f64.ln();
        assert!((kl_divergence(0.2, 0.5) - expected).abs() < 1e-12);
        assert!((kl_divergence(0.2f64, 0.5) - 0.19274475702175753).abs() < 1e-12);
        // −0.2/0.5 + 0.8/0.5 = 1.2
        assert!((kl_derivative(0.2f64, 0.5) - 1.2).abs() < 1e-12);
    }

    #[test]
    fn saturated_units_stay_finite() {
        let rho_hat = [0.0f32, 1.0];
        assert!(kl_penalty(&rho_hat, 0.05, 3.0).is_finite());
        let mut d = array![[0.0f32, 0.0]];
        add_kl_gradient(&rho_hat, 0.05, 3.0, d.view_mut());
        assert!(d.iter().all(|g| g.is_finite()));
        assert!(d[[0, 0]] < 0.0 && d[[0, 1]] > 0.0, "pushes both back towards ρ");
    }

    #[test]
    fn mean_activation_averages_over_the_batch() {
        let h = array![[0.1, 0.9], [0.3, 0.5]];
        let mut rho_hat = [0.0; 2];
        mean_activation(h.view(), &mut rho_hat);
        assert!((rho_hat[0] - 0.2f64).abs() < 1e-15 && (rho_hat[1] - 0.7f64).abs() < 1e-15);
    }
}
