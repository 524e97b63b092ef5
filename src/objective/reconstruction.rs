//! Reconstruction error: (1/m) Σᵢ ½‖x̂ᵢ − xᵢ‖².

use crate::float::Real;
use ndarray::{ArrayView2, ArrayViewMut2, Zip};

/// (1/m) Σᵢ ½‖x̂ᵢ − xᵢ‖² for `x_hat`, `x` of shape `[m, d]`.
pub fn reconstruction_loss<F: Real>(x_hat: ArrayView2<F>, x: ArrayView2<F>) -> F {
    let m = F::of(x.nrows() as f64);
    let mut sum = F::zero();
    Zip::from(&x_hat).and(&x).for_each(|&y, &t| sum = sum + (y - t) * (y - t));
    sum / (m + m)
}

/// Writes ∂/∂x̂ = (x̂ − x)/m into `d_x_hat` (shape `[m, d]`) and returns the loss, in one pass.
pub fn reconstruction_gradient<F: Real>(x_hat: ArrayView2<F>, x: ArrayView2<F>, mut d_x_hat: ArrayViewMut2<F>) -> F {
    let m = F::of(x.nrows() as f64);
    let inv_m = F::one() / m;
    if let (Some(y), Some(t), Some(d)) = (x_hat.as_slice(), x.as_slice(), d_x_hat.as_slice_mut()) {
        // Contiguous (the training step): eight independent partial sums, so the loop vectorises.
        const LANES: usize = 8;
        let mut sums = [F::zero(); LANES];
        let full = y.len() / LANES * LANES;
        for ((yc, tc), dc) in
            y[..full].chunks_exact(LANES).zip(t[..full].chunks_exact(LANES)).zip(d[..full].chunks_exact_mut(LANES))
        {
            for lane in 0..LANES {
                let r = yc[lane] - tc[lane];
                sums[lane] = sums[lane] + r * r;
                dc[lane] = r * inv_m;
            }
        }
        for i in full..y.len() {
            let r = y[i] - t[i];
            sums[0] = sums[0] + r * r;
            d[i] = r * inv_m;
        }
        let sum = sums.iter().fold(F::zero(), |s, &v| s + v);
        return sum / (m + m);
    }
    let mut sum = F::zero();
    Zip::from(&mut d_x_hat).and(&x_hat).and(&x).for_each(|d, &y, &t| {
        let r = y - t;
        sum = sum + r * r;
        *d = r * inv_m;
    });
    sum / (m + m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn known_value_and_gradient() {
        let x = array![[0.0, 1.0], [1.0, 1.0]];
        let x_hat = array![[1.0, 1.0], [1.0, 3.0]];
        // (1/2)·½·(1 + 4) = 1.25
        assert_eq!(reconstruction_loss(x_hat.view(), x.view()), 1.25);
        let mut d = array![[9.0, 9.0], [9.0, 9.0]];
        assert_eq!(reconstruction_gradient(x_hat.view(), x.view(), d.view_mut()), 1.25);
        assert_eq!(d, array![[0.5, 0.0], [0.0, 1.0]]);
    }
}
