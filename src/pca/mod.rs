//! PCA: the linear baseline shown beside the autoencoder at the same code size k.
//!
//! What the page uses it for:
//! - the reference line on the loss chart: [`Pca::reconstruction_error`] uses the same measure as the
//!   autoencoder's reconstruction term, (1/n) Σᵢ ½‖x̂ᵢ − xᵢ‖²;
//! - the PCA plane of 3-D data, and points projected on it ([`Pca::project`], [`Pca::reconstruct`]);
//! - the first two principal directions of the code layer, for the code scatter;
//! - the explained variance ([`Pca::explained_variance_ratio`]).
//!
//! How: the biased covariance C = (1/n) Σ (x − μ)(x − μ)ᵀ is one matrix product of the centred data
//! (ndarray's `general_mat_mul`, i.e. matrixmultiply, SIMD on native and wasm32), then nalgebra's
//! [`SymmetricEigen`] (Householder tridiagonalisation + implicit QR, pure Rust) gives every eigenpair.
//! Because the best rank-k linear reconstruction keeps the top k eigen-directions, the error left at k is
//! exactly ½ Σ_{i≥k} λᵢ.
//!
//! Precision and speed: the mean is summed in f64, each entry is centred in f64 and rounded once to the
//! input's float, and the covariance product runs in that float: an sgemm for `f32` data ([`Pca::fit`]),
//! a dgemm for `f64` ([`Pca::fit_f64`]). Everything after the product (eigen-decomposition, projections)
//! is f64. The sgemm was chosen because, on the 6000 MNIST digits (784 pixels), it changes the
//! eigenvalues by at most 1.4e-8 of λ₀ (8.6e-8 on sparse random data) and [`Pca::reconstruction_error`]
//! by at most 9e-7 relative (every k whose error is above 1e-6 of the k = 0 error), while it takes 0.23 s
//! against the dgemm's 0.69 s natively, and on wasm32 (built with simd128) matrixmultiply has a SIMD
//! kernel for sgemm only. The cost is absolute: tiny variances sit at ~1e-8 of λ₀ instead of ~1e-16 (an
//! exact plane in 3-D gets a third variance of ~1e-7 of the first), invisible on the page. For the whole
//! 6000 × 784 fit natively: covariance 0.23 s + eigen-decomposition 0.5–0.65 s (`fit_timing_mnist` in
//! `tests/pca.rs`).

mod covariance_job;
mod eigenvalues;
mod variance_job;

pub use covariance_job::CovarianceJob;
pub use eigenvalues::EigenvaluesJob;
pub use variance_job::VarianceJob;

use crate::float::Real;
use nalgebra::{DMatrix, SymmetricEigen};
use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayView1, ArrayView2, Zip};

/// A fitted PCA: mean, principal directions and their variances, all in f64.
#[derive(Clone, Debug, PartialEq)]
pub struct Pca {
    /// The sample mean μ, length `d`.
    pub mean: Vec<f64>,
    /// Shape `[d, d]`: row i is the i-th principal direction, unit norm, sorted by variance descending.
    /// Each row's sign is fixed (its largest-|value| entry is positive) so pictures do not flip.
    pub components: Array2<f64>,
    /// Length `d`: eigenvalues of the biased covariance, descending; round-off negatives clamped to 0.
    pub variances: Vec<f64>,
    /// Number n of samples the fit saw.
    pub samples: usize,
}

/// Timings of one fit, for the speed report.
#[derive(Clone, Copy, Debug, Default)]
pub struct FitTimings {
    /// Mean, centring and the covariance product, in seconds.
    pub covariance: f64,
    /// Eigen-decomposition, sorting and sign fixing, in seconds.
    pub eigen: f64,
}

impl Pca {
    /// Fits on `x`, shape `[n, d]` with n ≥ 1 (samples as rows). The covariance product runs in f32.
    pub fn fit(x: ArrayView2<f32>) -> Pca {
        Self::fit_real(x)
    }

    /// Fits on f64 data, shape `[n, d]` with n ≥ 1; the covariance product runs in f64.
    pub fn fit_f64(x: ArrayView2<f64>) -> Pca {
        Self::fit_real(x)
    }

    /// Fits on `x` (shape `[n, d]`, n ≥ 1) in either float; the covariance product runs in `F`.
    pub fn fit_real<F: Real>(x: ArrayView2<F>) -> Pca {
        let covariance = covariance(x);
        Self::from_covariance(covariance.mean, covariance.matrix, x.nrows())
    }

    /// Only the variances (eigenvalues, descending), which is all the reconstruction-error reference
    /// needs: skipping the eigenvectors makes MNIST's 784-wide decomposition about 2.5× faster. The same
    /// [`VarianceJob`] the page runs in slices, run to the end.
    pub fn variances_of(x: ArrayView2<f32>) -> Vec<f64> {
        let mut job = VarianceJob::new(x);
        loop {
            if let Some(variances) = job.advance(x) {
                return variances;
            }
        }
    }

    /// Like [`Pca::fit_real`], also returning how long each half took (native only: wasm32 has no clock
    /// in `std`).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn fit_timed<F: Real>(x: ArrayView2<F>) -> (Pca, FitTimings) {
        let start = std::time::Instant::now();
        let covariance = covariance(x);
        let split = std::time::Instant::now();
        let pca = Self::from_covariance(covariance.mean, covariance.matrix, x.nrows());
        let timings = FitTimings { covariance: (split - start).as_secs_f64(), eigen: split.elapsed().as_secs_f64() };
        (pca, timings)
    }

    /// Eigen-decomposes the symmetric covariance `c` (shape `[d, d]`) of `samples` samples with mean
    /// `mean` (length `d`); the eigenpairs are sorted by variance and their signs fixed.
    fn from_covariance(mean: Vec<f64>, c: Array2<f64>, samples: usize) -> Pca {
        let d = mean.len();
        assert_eq!(c.dim(), (d, d), "covariance must be [d, d] with d = mean.len()");
        if d == 0 {
            return Pca { mean, components: Array2::zeros((0, 0)), variances: Vec::new(), samples };
        }
        // nalgebra is column-major; C is symmetric so its row-major buffer is the same matrix.
        let c = DMatrix::from_vec(d, d, c.into_raw_vec_and_offset().0);
        let eigen = SymmetricEigen::new(c);
        let mut order: Vec<usize> = (0..d).collect();
        // Descending; total_cmp gives a fixed order even for ties, and sorts a NaN (from NaN input) first.
        crate::sort::indices_descending_by(&mut order, &|i| eigen.eigenvalues[i]);
        let mut components = Array2::zeros((d, d));
        let mut variances = Vec::with_capacity(d);
        for (i, &j) in order.iter().enumerate() {
            // The covariance is positive semi-definite: a negative eigenvalue is round-off. (Written so
            // that a NaN, from non-finite input, stays visible instead of becoming 0.)
            let value = eigen.eigenvalues[j];
            variances.push(if value < 0.0 { 0.0 } else { value });
            let column = eigen.eigenvectors.column(j);
            // Sign convention: the entry of largest magnitude is positive. Near-ties (within 1e-9, as in
            // (1, −1)/√2 where round-off decides) go to the first such entry, so symmetric toy data is stable.
            let largest = column.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            let pivot = column.iter().find(|v| v.abs() >= largest * (1.0 - 1e-9)).copied().unwrap_or(0.0);
            let sign = if pivot < 0.0 { -1.0 } else { 1.0 };
            for (out, &v) in components.row_mut(i).iter_mut().zip(column.iter()) {
                *out = sign * v;
            }
        }
        Pca { mean, components, variances, samples }
    }

    /// The data dimension d.
    pub fn dim(&self) -> usize {
        self.mean.len()
    }

    /// (1/n) Σᵢ ½‖xᵢ − x̂ᵢ‖² of the best rank-k reconstruction of the fitted data, = ½ Σ_{i≥k} λᵢ.
    /// The same measure as the autoencoder's reconstruction term; 0 for k ≥ d.
    pub fn reconstruction_error(&self, k: usize) -> f64 {
        0.5 * self.variances.iter().skip(k).sum::<f64>()
    }

    /// Fraction of the total variance kept by the first k directions, in [0, 1] (monotone in k); 1 when
    /// the data has no variance at all (nothing is lost). NaN if the data was not finite.
    pub fn explained_variance_ratio(&self, k: usize) -> f64 {
        let total: f64 = self.variances.iter().sum();
        if total <= 0.0 {
            return 1.0;
        }
        (self.variances.iter().take(k).sum::<f64>() / total).clamp(0.0, 1.0)
    }

    /// Scores of `x` (shape `[n, d]`) on the first k directions, shape `[n, min(k, d)]`.
    pub fn project(&self, x: ArrayView2<f32>, k: usize) -> Array2<f32> {
        self.scores(x, k).mapv(|v| v as f32)
    }

    /// [`Pca::project`] for f64 data.
    pub fn project_f64(&self, x: ArrayView2<f64>, k: usize) -> Array2<f64> {
        self.scores(x, k)
    }

    /// Rank-k reconstruction μ + (x − μ) Vₖᵀ Vₖ of `x` (shape `[n, d]`), same shape; k is clamped to d.
    pub fn reconstruct(&self, x: ArrayView2<f32>, k: usize) -> Array2<f32> {
        self.reconstruction(x, k).mapv(|v| v as f32)
    }

    /// [`Pca::reconstruct`] for f64 data.
    pub fn reconstruct_f64(&self, x: ArrayView2<f64>, k: usize) -> Array2<f64> {
        self.reconstruction(x, k)
    }

    /// (x − μ) Vₖᵀ in f64, shape `[n, min(k, d)]`, Vₖ being the first k rows of `components`.
    fn scores<F: Real>(&self, x: ArrayView2<F>, k: usize) -> Array2<f64> {
        self.scores_of_centred(&self.centre(x), k)
    }

    fn scores_of_centred(&self, centred: &Array2<f64>, k: usize) -> Array2<f64> {
        let k = k.min(self.dim());
        let mut scores = Array2::zeros((centred.nrows(), k));
        general_mat_mul(1.0, centred, &self.top(k).t(), 0.0, &mut scores);
        scores
    }

    /// μ + (x − μ) Vₖᵀ Vₖ in f64, shape `[n, d]`.
    fn reconstruction<F: Real>(&self, x: ArrayView2<F>, k: usize) -> Array2<f64> {
        let k = k.min(self.dim());
        let mut out = self.centre(x);
        let scores = self.scores_of_centred(&out, k);
        // The centred copy is no longer needed: reuse its memory for the output (MNIST: 6000 × 784).
        general_mat_mul(1.0, &scores, &self.top(k), 0.0, &mut out);
        out += &ArrayView1::from(&self.mean[..]);
        out
    }

    /// The first k principal directions, shape `[k, d]`.
    fn top(&self, k: usize) -> ArrayView2<'_, f64> {
        self.components.slice(ndarray::s![..k, ..])
    }

    /// x − μ widened to f64 in one pass, shape `[n, d]`.
    fn centre<F: Real>(&self, x: ArrayView2<F>) -> Array2<f64> {
        assert_eq!(x.ncols(), self.dim(), "data has {} columns, the PCA {}", x.ncols(), self.dim());
        let mean = ArrayView1::from(&self.mean[..]);
        let mut centred = Array2::zeros(x.raw_dim());
        Zip::from(&mut centred).and(&x).and_broadcast(&mean).for_each(|o, &v, &m| *o = v.as_f64() - m);
        centred
    }
}

/// The mean of each column of `x` (shape `[n, d]`), summed in f64 so that a large n does not lose digits.
pub(crate) fn mean_of<F: Real>(x: ArrayView2<F>) -> Vec<f64> {
    let mut sums = vec![0.0f64; x.ncols()];
    for row in x.rows() {
        for (s, &v) in sums.iter_mut().zip(row) {
            *s += v.as_f64();
        }
    }
    sums.iter().map(|s| s / x.nrows() as f64).collect()
}

/// The mean (length d) and biased covariance (shape `[d, d]`) of a sample.
struct Covariance {
    mean: Vec<f64>,
    matrix: Array2<f64>,
}

/// Mean in f64, then C = (1/n) (X − μ)ᵀ (X − μ) as one product in `F`, widened to f64.
fn covariance<F: Real>(x: ArrayView2<F>) -> Covariance {
    let (n, d) = x.dim();
    assert!(n >= 1, "PCA needs at least one sample");
    let mean = mean_of(x);
    // Centring first (rather than E[xxᵀ] − μμᵀ) avoids cancellation when the mean is large.
    // Each entry is centred in f64 and rounded once to F.
    let mean_view = ArrayView1::from(&mean[..]);
    let mut centred = Array2::<F>::zeros((n, d));
    Zip::from(&mut centred).and(&x).and_broadcast(&mean_view).for_each(|o, &v, &m| *o = F::of(v.as_f64() - m));
    let mut c = Array2::<F>::zeros((d, d));
    general_mat_mul(F::of(1.0 / n as f64), &centred.t(), &centred, F::zero(), &mut c);
    Covariance { mean, matrix: c.mapv(F::as_f64) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn two_points_on_a_diagonal() {
        // (1, 1) and (−1, −1): all the variance (1 + 1 = 2) lies along (1, 1)/√2.
        let pca = Pca::fit_f64(array![[1.0, 1.0], [-1.0, -1.0]].view());
        assert!((pca.variances[0] - 2.0).abs() < 1e-12);
        assert!(pca.variances[1].abs() < 1e-12);
        let h = std::f64::consts::FRAC_1_SQRT_2;
        assert!((pca.components[[0, 0]] - h).abs() < 1e-12 && (pca.components[[0, 1]] - h).abs() < 1e-12);
    }

    #[test]
    fn zero_dimension_and_constant_data() {
        let pca = Pca::fit(Array2::<f32>::zeros((3, 0)).view());
        assert_eq!(pca.dim(), 0);
        assert_eq!(pca.reconstruction_error(0), 0.0);
        assert_eq!(pca.explained_variance_ratio(0), 1.0);
        let pca = Pca::fit(Array2::<f32>::from_elem((4, 3), 2.5).view());
        assert_eq!(pca.variances, vec![0.0; 3]);
        assert_eq!(pca.explained_variance_ratio(0), 1.0);
        let x = Array2::<f32>::from_elem((2, 3), 2.5);
        assert_eq!(pca.reconstruct(x.view(), 0), x);
    }

    #[test]
    fn sign_convention() {
        // Variance along (−3, −4)/5 only: the stored direction is (3, 4)/5 whatever the solver returned.
        let pca = Pca::fit_f64(array![[-3.0, -4.0], [3.0, 4.0], [0.0, 0.0]].view());
        assert!((pca.components[[0, 0]] - 0.6).abs() < 1e-12);
        assert!((pca.components[[0, 1]] - 0.8).abs() < 1e-12);
    }
}
