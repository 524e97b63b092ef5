//! PCA's variances alone, computed in slices: what the loss chart's reference error needs.

use super::{CovarianceJob, EigenvaluesJob};
use ndarray::ArrayView2;

/// PCA's variances (eigenvalues of the biased covariance, descending) computed in slices, so that a host
/// on the page's own thread never blocks on the whole job: MNIST's 6,000 × 784 covariance alone is
/// 3.7 G multiply-adds, over a second in the browser at once. Each [`VarianceJob::advance`] adds about
/// [`VarianceJob::WORK_PER_ADVANCE`] multiply-adds of the covariance ([`CovarianceJob`]), then the
/// eigenvalues are found in slices of [`VarianceJob::EIGEN_WORK_PER_ADVANCE`] operations
/// ([`EigenvaluesJob`]).
pub struct VarianceJob {
    phase: Phase,
    /// The eigenvalue phase's operations in all, for the progress fraction.
    eigen_work: f64,
}

enum Phase {
    Covariance(CovarianceJob),
    Eigenvalues(EigenvaluesJob),
}

impl VarianceJob {
    /// Multiply-adds per [`VarianceJob::advance`]: about 1.5 ms in wasm on a 2-core machine, so a
    /// frame's share of it ([`crate::playground::Playground::train_for`]) fits beside a step; twice as
    /// much made frames late on the page's own thread. (Smaller slices cost more per multiply-add: each
    /// adds its d × d product into the f64 sum.)
    pub const WORK_PER_ADVANCE: usize = 8_000_000;
    /// Floating-point operations of the eigenvalue phase per advance (scalar f64, so fewer than above
    /// for about the same time).
    pub const EIGEN_WORK_PER_ADVANCE: f64 = 4_000_000.0;

    /// Starts on `x` (shape `[n, d]`, n ≥ 1): only the mean is computed here (n·d additions).
    pub fn new(x: ArrayView2<f32>) -> VarianceJob {
        VarianceJob { phase: Phase::Covariance(CovarianceJob::new(x)), eigen_work: 0.0 }
    }

    /// Rows per advance for data of `d` dimensions (at least one).
    pub fn rows_per_advance(d: usize) -> usize {
        (Self::WORK_PER_ADVANCE / (d * d).max(1)).max(1)
    }

    /// The fraction done, in [0, 1): the covariance counts as the first half, the eigenvalues the second.
    pub fn progress(&self) -> f64 {
        match &self.phase {
            Phase::Covariance(job) => 0.5 * job.progress(),
            Phase::Eigenvalues(job) => 0.5 + 0.5 * (1.0 - job.work_left() / self.eigen_work.max(1.0)),
        }
    }

    /// Does the next slice of work on `x` (the same data the job started on): rows of the covariance,
    /// or columns of the eigenvalue phase. Returns the variances, descending, once done.
    pub fn advance(&mut self, x: ArrayView2<f32>) -> Option<Vec<f64>> {
        if let Phase::Covariance(job) = &mut self.phase {
            job.advance(x, Self::rows_per_advance(x.ncols()));
            if !job.is_done() {
                return None;
            }
            let d = x.ncols();
            let Phase::Covariance(job) =
                std::mem::replace(&mut self.phase, Phase::Eigenvalues(EigenvaluesJob::new(Vec::new(), 0)))
            else {
                unreachable!("matched above")
            };
            let eigenvalues = EigenvaluesJob::new(job.into_covariance().into_raw_vec_and_offset().0, d);
            self.eigen_work = eigenvalues.work_left();
            // Small data goes on to the eigenvalues in the same call.
            self.phase = Phase::Eigenvalues(eigenvalues);
        }
        let Phase::Eigenvalues(job) = &mut self.phase else { return None };
        let mut values = job.advance(Self::EIGEN_WORK_PER_ADVANCE)?;
        for v in values.iter_mut() {
            // The covariance is positive semi-definite: a negative eigenvalue is round-off. (NaN stays.)
            if *v < 0.0 {
                *v = 0.0;
            }
        }
        crate::sort::sort_by(&mut values, &|a: &f64, b: &f64| b.total_cmp(a));
        Some(values)
    }
}
