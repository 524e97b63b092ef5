//! The float type the core computes in.
//!
//! Training runs in `f32` (what the browser's SIMD kernels are fast at); the gradient check runs the very
//! same code in `f64` so that centred differences can reach the 1e-9 relative error the classic exercise
//! asks for. Everything numeric in the core is generic over [`Real`]. How a float multiplies matrices
//! (the SIMD kernel for f32 in wasm) is the matrix code's business: [`ProductKernel`], a supertrait.

use crate::model::matmul::ProductKernel;
use num_traits::Float;

/// A float the core can train in: `f32` or `f64`.
pub trait Real: Float + ProductKernel + Default + std::fmt::Debug + std::fmt::Display + Send + Sync + 'static {
    /// Converts an `f64` constant (a hyperparameter, a literal) to this type.
    fn of(value: f64) -> Self;
    /// Converts a stored `f32` sample value to this type.
    fn from_f32(value: f32) -> Self;
    /// Widens to `f64` for reporting.
    fn as_f64(self) -> f64;
    /// Narrows to `f32` for export and drawing.
    fn as_f32(self) -> f32;
    /// σ(z) = 1 / (1 + e^(−z)).
    fn sigmoid(self) -> Self;
}

impl Real for f32 {
    #[inline(always)]
    fn of(value: f64) -> Self {
        value as f32
    }
    #[inline(always)]
    fn from_f32(value: f32) -> Self {
        value
    }
    #[inline(always)]
    fn as_f64(self) -> f64 {
        self as f64
    }
    #[inline(always)]
    fn as_f32(self) -> f32 {
        self
    }
    /// Through [`exp_f32`], which the compiler can vectorise (libm's `expf` is a call per element, the
    /// largest cost of the training step after the matrix products in wasm).
    #[inline(always)]
    fn sigmoid(self) -> f32 {
        1.0 / (1.0 + exp_f32(-self))
    }
}

impl Real for f64 {
    #[inline(always)]
    fn of(value: f64) -> Self {
        value
    }
    #[inline(always)]
    fn from_f32(value: f32) -> Self {
        value as f64
    }
    #[inline(always)]
    fn as_f64(self) -> f64 {
        self
    }
    #[inline(always)]
    fn as_f32(self) -> f32 {
        self as f32
    }
    /// The exact form, for the gradient check.
    #[inline(always)]
    fn sigmoid(self) -> f64 {
        1.0 / (1.0 + (-self).exp())
    }
}

/// e^x in f32 without branches or calls, so loops over it vectorise (Cephes' `expf`): n = round(x·log₂e),
/// r = x − n·ln 2 in two parts (Cody–Waite, so r keeps full precision), e^r from a degree-7 polynomial,
/// 2^n from the exponent bits. About one f32 rounding of error for |x| ≤ 87; larger |x| saturate to
/// e^±87.3 instead of overflowing; NaN stays NaN.
#[inline(always)]
pub fn exp_f32(x: f32) -> f32 {
    const LIMIT: f32 = 87.3;
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // Comparisons (not max/min) so that NaN passes through.
    let x = if x > LIMIT { LIMIT } else { x };
    let x = if x < -LIMIT { -LIMIT } else { x };
    let n = (x * std::f32::consts::LOG2_E).round_ties_even();
    let r = x - n * LN2_HI - n * LN2_LO;
    let p = 1.987_569_1e-4f32;
    let p = p * r + 1.398_199_9e-3;
    let p = p * r + 8.333_452e-3;
    let p = p * r + 4.166_579_6e-2;
    let p = p * r + 1.666_666_5e-1;
    let p = p * r + 0.5;
    let p = p * r * r + r + 1.0;
    let scale = f32::from_bits((((n as i32) + 127) as u32) << 23);
    p * scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_f32_is_within_two_roundings() {
        let mut worst = 0.0f64;
        let mut x = -87.0f32;
        while x < 87.0 {
            let exact = (x as f64).exp();
            let err = ((exp_f32(x) as f64 - exact) / exact).abs();
            worst = worst.max(err);
            x += 0.0137;
        }
        assert!(worst < 2.5e-7, "worst relative error {worst:e}");
        assert!(exp_f32(f32::NAN).is_nan());
        assert!(exp_f32(1000.0).is_finite() && exp_f32(-1000.0) > 0.0);
    }

    #[test]
    fn fast_sigmoid_matches_the_exact_one() {
        let mut worst = 0.0f64;
        for i in -4000..4000 {
            let z = i as f32 * 0.01;
            worst = worst.max((z.sigmoid() as f64 - (z as f64).sigmoid()).abs());
        }
        assert!(worst < 1e-7, "{worst:e}");
        assert!(f32::NAN.sigmoid().is_nan());
        assert!((-200.0f32).sigmoid() > 0.0);
    }
}
