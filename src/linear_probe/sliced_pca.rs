//! PCA's top-k directions in slices of a few milliseconds, for the study's PCA row.
//!
//! [`crate::pca::Pca::fit`] decomposes the whole 784 × 784 covariance in one call (0.5–0.65 s natively,
//! longer in the browser): fine in a worker, a frozen page where the study must run between frames. The
//! probe only needs the top k directions, so here they come from block subspace (orthogonal) iteration:
//!
//! 1. C = (1/n) (X − μ)ᵀ (X − μ), accumulated [`COVARIANCE_ROWS`] rows per slice
//!    ([`crate::pca::CovarianceJob`], shared with the loss chart's reference error);
//! 2. a fixed random block Q `[p, d]` (p = k + [`OVERSAMPLING`], one direction per row), then per slice
//!    Q ← orth(Q C) (one product, then Gram–Schmidt twice in f32, a few times cheaper than a Householder
//!    QR in f64 and accurate enough for a subspace);
//! 3. Rayleigh–Ritz: the eigenvectors of Qᵀ C Q rotate Q onto the approximate principal directions,
//!    sorted by variance, each signed so its largest entry is positive (as in `Pca`).
//!
//! The error of the top-k subspace falls like (λ_p / λ_k)^iterations; `tests/linear_probe.rs` checks the
//! result against `Pca::fit` on the MNIST training digits.

use crate::model::matmul::matmul;
use crate::pca::CovarianceJob;
use nalgebra::{DMatrix, SymmetricEigen};
use ndarray::{Array2, ArrayView2};
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_pcg::Pcg64Mcg;

/// Rows of the data added to the covariance per slice.
pub const COVARIANCE_ROWS: usize = 250;
/// Extra directions iterated beyond k: they speed up the convergence of the k-th.
pub const OVERSAMPLING: usize = 16;
/// Subspace iterations (each one slice).
pub const ITERATIONS: usize = 40;

/// A PCA fit in progress, or done.
pub struct SlicedPca {
    k: usize,
    /// μ, length d.
    mean: Vec<f32>,
    /// The covariance while it is accumulated.
    accumulating: Option<CovarianceJob>,
    /// C, `[d, d]`, once every row is in.
    covariance: Array2<f32>,
    /// The iterated block, `[p, d]`: orthonormal rows.
    block: Array2<f32>,
    iterations_done: usize,
    /// The top k directions as columns, `[d, k]`, once done.
    components: Option<Array2<f32>>,
}

impl SlicedPca {
    /// Starts a fit of the top `k` directions of `x` (`[n, d]`, n ≥ 1); computes the mean now.
    pub fn new(x: ArrayView2<f32>, k: usize) -> SlicedPca {
        let d = x.ncols();
        let accumulating = CovarianceJob::new(x);
        let mean = accumulating.mean().iter().map(|&m| m as f32).collect();
        let k = k.min(d);
        let p = (k + OVERSAMPLING).min(d);
        // A fixed start: the result never depends on a seed.
        let mut rng = Pcg64Mcg::seed_from_u64(0x9ca_5eed);
        let mut block = Array2::from_shape_fn((p, d), |_| {
            let v: f64 = StandardNormal.sample(&mut rng);
            v as f32
        });
        SlicedPca {
            k,
            mean,
            accumulating: Some(accumulating),
            covariance: Array2::zeros((0, 0)),
            block: {
                orthonormalise_rows(&mut block);
                block
            },
            iterations_done: 0,
            components: None,
        }
    }

    pub fn is_done(&self) -> bool {
        self.components.is_some()
    }

    /// Slices in all, for `n` rows: covariance slices, iterations and the final rotation.
    pub fn total_slices(n: usize) -> usize {
        n.div_ceil(COVARIANCE_ROWS) + ITERATIONS + 1
    }

    /// Does the next slice of the fit of `x` (the same data as [`SlicedPca::new`]).
    pub fn advance(&mut self, x: ArrayView2<f32>) {
        let d = x.ncols();
        if let Some(job) = &mut self.accumulating {
            job.advance(x, COVARIANCE_ROWS);
            if job.is_done() {
                let job = self.accumulating.take().expect("accumulating");
                self.covariance = job.into_covariance().mapv(|v| v as f32);
            }
        } else if self.iterations_done < ITERATIONS {
            // Q C = (C Qᵀ)ᵀ: C is symmetric.
            let mut product = Array2::zeros(self.block.raw_dim());
            matmul(&self.block.view(), &self.covariance.view(), false, &mut product.view_mut());
            orthonormalise_rows(&mut product);
            self.block = product;
            self.iterations_done += 1;
        } else if self.components.is_none() {
            // Rayleigh–Ritz: T = Q C Qᵀ, small and symmetric; its eigenvectors W give the directions Wᵀ Q.
            let mut qc = Array2::zeros(self.block.raw_dim());
            matmul(&self.block.view(), &self.covariance.view(), false, &mut qc.view_mut());
            let p = self.block.nrows();
            let mut t = Array2::<f32>::zeros((p, p));
            matmul(&qc.view(), &self.block.t(), false, &mut t.view_mut());
            let t = DMatrix::from_fn(p, p, |i, j| 0.5 * (t[[i, j]] as f64 + t[[j, i]] as f64));
            let eigen = SymmetricEigen::new(t);
            let mut order: Vec<usize> = (0..p).collect();
            crate::sort::indices_descending_by(&mut order, &|i| eigen.eigenvalues[i]);
            let mut components = Array2::<f32>::zeros((d, self.k));
            for (c, &j) in order.iter().take(self.k).enumerate() {
                let w = eigen.eigenvectors.column(j);
                let mut column: Vec<f64> =
                    (0..d).map(|i| (0..p).map(|l| self.block[[l, i]] as f64 * w[l]).sum()).collect();
                let largest = column.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                let pivot = column.iter().find(|v| v.abs() >= largest * (1.0 - 1e-9)).copied().unwrap_or(0.0);
                if pivot < 0.0 {
                    column.iter_mut().for_each(|v| *v = -*v);
                }
                for (i, v) in column.into_iter().enumerate() {
                    components[[i, c]] = v as f32;
                }
            }
            self.components = Some(components);
        }
    }

    /// The top k directions as columns, `[d, k]`, once done.
    pub fn components(&self) -> Option<ArrayView2<'_, f32>> {
        self.components.as_ref().map(|c| c.view())
    }

    /// Scores (x − μ) Vₖ of `x` (`[m, d]`), shape `[m, k]`. Panics if the fit is not done.
    pub fn project(&self, x: ArrayView2<f32>) -> Array2<f32> {
        let components = self.components.as_ref().expect("project after the fit is done");
        let mut centred = x.to_owned();
        for mut row in centred.rows_mut() {
            for (v, m) in row.iter_mut().zip(&self.mean) {
                *v -= m;
            }
        }
        let mut scores = Array2::zeros((x.nrows(), self.k));
        matmul(&centred.view(), &components.view(), false, &mut scores.view_mut());
        scores
    }
}

/// Makes the rows of `block` (`[p, d]`, p ≤ d, rows independent) orthonormal, spanning the same space
/// row by row: modified Gram–Schmidt, done twice ("twice is enough": the second pass removes what round-off
/// left of the first). A row that cancels out entirely (dependent rows) is left at zero.
fn orthonormalise_rows(block: &mut Array2<f32>) {
    let p = block.nrows();
    for _pass in 0..2 {
        for j in 0..p {
            let (done, mut rest) = block.view_mut().split_at(ndarray::Axis(0), j);
            let mut row = rest.row_mut(0);
            for earlier in done.rows() {
                let dot: f32 = row.dot(&earlier);
                row.scaled_add(-dot, &earlier);
            }
            let norm = row.dot(&row).sqrt();
            let scale = if norm > 0.0 && norm.is_finite() { 1.0 / norm } else { 0.0 };
            row.mapv_inplace(|v| v * scale);
        }
    }
}
