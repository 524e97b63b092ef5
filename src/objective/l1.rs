//! L1 sparsity on the code activations (the seed's λ Σ|aᵢ|): λ (1/m) Σᵢ Σⱼ |aᵢⱼ|.

use crate::float::Real;
use ndarray::{ArrayView2, ArrayViewMut2, Zip};

/// λ (1/m) Σᵢ Σⱼ |hᵢⱼ| for code activations `h` of shape `[m, code]`.
pub fn l1_penalty<F: Real>(h: ArrayView2<F>, lambda: F) -> F {
    let sum = h.iter().fold(F::zero(), |s, &a| s + a.abs());
    lambda * sum / F::of(h.nrows() as f64)
}

/// The subgradient of |a|: sign(a), and 0 at exactly 0 (so a unit that is off stays untouched).
#[inline(always)]
pub fn l1_derivative<F: Real>(a: F) -> F {
    if a > F::zero() {
        F::one()
    } else if a < F::zero() {
        -F::one()
    } else {
        F::zero()
    }
}

/// Adds ∂/∂hᵢⱼ = (λ/m) sign(hᵢⱼ) to `d_h`.
pub fn add_l1_gradient<F: Real>(h: ArrayView2<F>, lambda: F, d_h: ArrayViewMut2<F>) {
    let scale = lambda / F::of(h.nrows() as f64);
    Zip::from(d_h).and(&h).for_each(|d, &a| *d = *d + scale * l1_derivative(a));
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn known_value_and_subgradient() {
        let h = array![[0.5, -1.0], [0.0, 2.0]];
        assert_eq!(l1_penalty(h.view(), 0.1), 0.1 * 3.5 / 2.0);
        let mut d = array![[0.0, 0.0], [0.0, 0.0]];
        add_l1_gradient(h.view(), 0.1, d.view_mut());
        assert_eq!(d, array![[0.05, -0.05], [0.0, 0.05]]);
        assert_eq!(l1_derivative(0.0), 0.0);
    }
}
