//! PCA's variances alone, computed in slices: what the loss chart's reference error needs.

use super::{mean_of, EigenvaluesJob};
use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayView1, ArrayView2, Zip};

/// PCA's variances (eigenvalues of the biased covariance, descending) computed a slice of rows at a time,
/// so that a host on the page's own thread never blocks on the whole job: MNIST's 6,000 × 784 covariance
/// alone is 3.7 G multiply-adds, over a second in the browser at once. Each [`VarianceJob::advance`] adds
/// about [`VarianceJob::WORK_PER_ADVANCE`] multiply-adds of centred outer products, then the eigenvalues
/// are found in slices of [`VarianceJob::EIGEN_WORK_PER_ADVANCE`] operations ([`EigenvaluesJob`]).
///
/// Each slice's product runs in f32 (the SIMD sgemm) and is summed into an f64 matrix, so the result is
/// at least as accurate as [`Pca::variances_of`]'s single product.
pub struct VarianceJob {
    /// μ, length d.
    mean: Vec<f64>,
    /// Σ (x − μ)(x − μ)ᵀ over the rows done so far, shape `[d, d]`.
    sum: Array2<f64>,
    /// The current slice, centred, shape `[rows, d]`.
    slice: Array2<f32>,
    /// The current slice's product, shape `[d, d]`.
    product: Array2<f32>,
    rows_done: usize,
    rows: usize,
    /// The eigenvalue phase, once every row is in.
    eigenvalues: Option<EigenvaluesJob>,
    /// Its operations in all, for the progress fraction.
    eigen_work: f64,
}

impl VarianceJob {
    /// Multiply-adds per [`VarianceJob::advance`]: a few milliseconds of the page's frame in wasm.
    pub const WORK_PER_ADVANCE: usize = 16_000_000;
    /// Floating-point operations of the eigenvalue phase per advance (scalar f64, so fewer than above
    /// for about the same time).
    pub const EIGEN_WORK_PER_ADVANCE: f64 = 8_000_000.0;

    /// Starts on `x` (shape `[n, d]`, n ≥ 1): only the mean is computed here (n·d additions).
    pub fn new(x: ArrayView2<f32>) -> VarianceJob {
        let (n, d) = x.dim();
        assert!(n >= 1, "PCA needs at least one sample");
        VarianceJob {
            mean: mean_of(x),
            sum: Array2::zeros((d, d)),
            slice: Array2::zeros((0, d)),
            product: Array2::zeros((d, d)),
            rows_done: 0,
            rows: n,
            eigenvalues: None,
            eigen_work: 0.0,
        }
    }

    /// Rows per advance for data of `d` dimensions (at least one).
    pub fn rows_per_advance(d: usize) -> usize {
        (Self::WORK_PER_ADVANCE / (d * d).max(1)).max(1)
    }

    /// The fraction done, in [0, 1): the covariance counts as the first half, the eigenvalues the second.
    pub fn progress(&self) -> f64 {
        match &self.eigenvalues {
            None => 0.5 * self.rows_done as f64 / self.rows as f64,
            Some(job) => 0.5 + 0.5 * (1.0 - job.work_left() / self.eigen_work.max(1.0)),
        }
    }

    /// Does the next slice of work on `x` (the same data the job started on): rows of the covariance,
    /// or columns of the eigenvalue phase. Returns the variances, descending, once done.
    pub fn advance(&mut self, x: ArrayView2<f32>) -> Option<Vec<f64>> {
        let (n, d) = x.dim();
        assert_eq!((n, d), (self.rows, self.mean.len()), "a variance job continues on the data it started on");
        if self.eigenvalues.is_some() {
            return self.advance_eigenvalues();
        }
        let end = (self.rows_done + Self::rows_per_advance(d)).min(n);
        let rows = x.slice(ndarray::s![self.rows_done..end, ..]);
        if self.slice.nrows() != rows.nrows() {
            self.slice = Array2::zeros(rows.raw_dim());
        }
        let mean = ArrayView1::from(&self.mean[..]);
        Zip::from(&mut self.slice).and(&rows).and_broadcast(&mean).for_each(|o, &v, &m| *o = (v as f64 - m) as f32);
        general_mat_mul(1.0, &self.slice.t(), &self.slice, 0.0, &mut self.product);
        Zip::from(&mut self.sum).and(&self.product).for_each(|s, &p| *s += p as f64);
        self.rows_done = end;
        if end == n {
            let scale = 1.0 / n as f64;
            let covariance = std::mem::take(&mut self.sum).into_raw_vec_and_offset().0.into_iter().map(|v| v * scale);
            let job = EigenvaluesJob::new(covariance.collect(), d);
            self.eigen_work = job.work_left();
            self.eigenvalues = Some(job);
            self.product = Array2::zeros((0, 0));
            self.slice = Array2::zeros((0, 0));
        }
        // Small data goes on to the eigenvalues in the same call.
        self.advance_eigenvalues()
    }

    /// One slice of the eigenvalue phase, if it has begun; the variances, descending, once done.
    fn advance_eigenvalues(&mut self) -> Option<Vec<f64>> {
        let job = self.eigenvalues.as_mut()?;
        let mut values = job.advance(Self::EIGEN_WORK_PER_ADVANCE)?;
        for v in values.iter_mut() {
            // The covariance is positive semi-definite: a negative eigenvalue is round-off. (NaN stays.)
            if *v < 0.0 {
                *v = 0.0;
            }
        }
        values.sort_by(|a, b| b.total_cmp(a));
        Some(values)
    }
}
