//! The float type the core computes in.
//!
//! Training runs in `f32` (what the browser's SIMD kernels are fast at); the gradient check runs the very
//! same code in `f64` so that centred differences can reach the 1e-9 relative error the classic exercise
//! asks for. Everything numeric in the core is generic over [`Real`].

use ndarray::LinalgScalar;
use num_traits::Float;

/// A float the core can train in: `f32` or `f64`.
pub trait Real: Float + LinalgScalar + Default + std::fmt::Debug + std::fmt::Display + Send + Sync + 'static {
    /// Converts an `f64` constant (a hyperparameter, a literal) to this type.
    fn of(value: f64) -> Self;
    /// Converts a stored `f32` sample value to this type.
    fn from_f32(value: f32) -> Self;
    /// Widens to `f64` for reporting.
    fn as_f64(self) -> f64;
    /// Narrows to `f32` for export and drawing.
    fn as_f32(self) -> f32;
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
}
