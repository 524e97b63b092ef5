//! The biased covariance of a data set, accumulated a slice of rows at a time: shared by the reference
//! error's [`super::VarianceJob`] and the linear probe's sliced PCA, which must never block a page.

use super::mean_of;
use ndarray::linalg::general_mat_mul;
use ndarray::{s, Array2, ArrayView1, ArrayView2, Zip};

/// C = (1/n) Σ (x − μ)(x − μ)ᵀ in progress. Each slice's product runs in f32 (the SIMD sgemm) and is
/// summed into an f64 matrix, so the result is at least as accurate as one f32 product of all rows.
pub struct CovarianceJob {
    /// μ, length d, summed in f64.
    mean: Vec<f64>,
    /// Σ (x − μ)(x − μ)ᵀ over the rows done so far, shape `[d, d]`.
    sum: Array2<f64>,
    /// The current slice, centred, shape `[rows, d]`.
    slice: Array2<f32>,
    /// The current slice's product, shape `[d, d]`.
    product: Array2<f32>,
    rows_done: usize,
    rows: usize,
}

impl CovarianceJob {
    /// Starts on `x` (shape `[n, d]`, n ≥ 1): only the mean is computed here (n·d additions).
    pub fn new(x: ArrayView2<f32>) -> CovarianceJob {
        let (n, d) = x.dim();
        assert!(n >= 1, "a covariance needs at least one sample");
        CovarianceJob {
            mean: mean_of(x),
            sum: Array2::zeros((d, d)),
            slice: Array2::zeros((0, d)),
            product: Array2::zeros((d, d)),
            rows_done: 0,
            rows: n,
        }
    }

    /// The mean μ, length d.
    pub fn mean(&self) -> &[f64] {
        &self.mean
    }

    /// The fraction of rows done, in [0, 1].
    pub fn progress(&self) -> f64 {
        self.rows_done as f64 / self.rows as f64
    }

    pub fn is_done(&self) -> bool {
        self.rows_done == self.rows
    }

    /// Adds the next `rows` rows (at least one) of `x`, the data the job started on.
    pub fn advance(&mut self, x: ArrayView2<f32>, rows: usize) {
        assert_eq!(x.dim(), (self.rows, self.mean.len()), "a covariance job continues on the data it started on");
        let end = (self.rows_done + rows.max(1)).min(self.rows);
        let rows = x.slice(s![self.rows_done..end, ..]);
        if self.slice.nrows() != rows.nrows() {
            self.slice = Array2::zeros(rows.raw_dim());
        }
        let mean = ArrayView1::from(&self.mean[..]);
        Zip::from(&mut self.slice).and(&rows).and_broadcast(&mean).for_each(|o, &v, &m| *o = (v as f64 - m) as f32);
        general_mat_mul(1.0, &self.slice.t(), &self.slice, 0.0, &mut self.product);
        Zip::from(&mut self.sum).and(&self.product).for_each(|s, &p| *s += p as f64);
        self.rows_done = end;
    }

    /// The covariance (shape `[d, d]`), once every row is in.
    pub fn into_covariance(self) -> Array2<f64> {
        assert!(self.is_done(), "the covariance is complete only after every row");
        let scale = 1.0 / self.rows as f64;
        self.sum.mapv_into(|v| v * scale)
    }
}
