//! Every eigenvalue of a symmetric matrix, a bounded slice of work at a time.
//!
//! nalgebra's `symmetric_eigenvalues` does the whole job in one call: for MNIST's 784 × 784 covariance that
//! is 0.2–0.3 s natively and up to a second or two in a busy browser tab, which a page that trains on its
//! own thread cannot spend in one frame. The same method (Householder tridiagonalisation, then the
//! implicit QL iteration on the tridiagonal matrix) is written out here so that it can stop and resume:
//! each [`EigenvaluesJob::advance`] reduces as many columns as fit in its budget of floating-point
//! operations. nalgebra stays the reference it is tested against (`tests` below) and does the full
//! decomposition with eigenvectors in [`super::Pca::fit`].

/// The eigenvalues of a symmetric `n × n` matrix, computed in slices.
pub struct EigenvaluesJob {
    n: usize,
    /// The matrix, row-major, full symmetric storage; reduced in place column by column.
    a: Vec<f64>,
    /// The next column to reduce.
    column: usize,
    /// The tridiagonal's diagonal (length n) and off-diagonal (`offdiagonal[i]` couples i and i + 1;
    /// length n, the last entry is scratch), filled as columns are reduced.
    diagonal: Vec<f64>,
    offdiagonal: Vec<f64>,
    /// Scratch of length n for the Householder vector and the two products of each step.
    v: Vec<f64>,
    p: Vec<f64>,
}

impl EigenvaluesJob {
    /// Starts on the symmetric matrix `a` (row-major, `n × n`; only symmetric input gives meaningful
    /// results).
    pub fn new(a: Vec<f64>, n: usize) -> EigenvaluesJob {
        assert_eq!(a.len(), n * n, "the matrix must be n × n");
        EigenvaluesJob {
            n,
            a,
            column: 0,
            diagonal: vec![0.0; n],
            offdiagonal: vec![0.0; n],
            v: vec![0.0; n],
            p: vec![0.0; n],
        }
    }

    /// Floating-point operations left in the tridiagonalisation (≈ 6 m² per column with m rows below it).
    pub fn work_left(&self) -> f64 {
        (self.column..self.n).map(|k| 6.0 * ((self.n - k - 1) as f64).powi(2)).sum()
    }

    /// Reduces columns until about `budget` floating-point operations are spent (at least one column),
    /// and once every column is reduced finds the eigenvalues (O(n²), a few milliseconds for n = 784).
    /// Returns them, unsorted, when done.
    pub fn advance(&mut self, budget: f64) -> Option<Vec<f64>> {
        let mut spent = 0.0;
        while self.column + 2 < self.n && (spent == 0.0 || spent < budget) {
            let m = self.n - self.column - 1;
            self.reduce_column();
            spent += 6.0 * (m * m) as f64;
        }
        if self.column + 2 < self.n {
            return None;
        }
        // The last 2 × 2 (or 1 × 1) block is tridiagonal already.
        let n = self.n;
        for k in self.column..n {
            self.diagonal[k] = self.a[k * n + k];
        }
        if n >= 2 {
            self.offdiagonal[n - 2] = self.a[(n - 1) * n + (n - 2)];
        }
        self.column = n;
        let mut values = std::mem::take(&mut self.diagonal);
        implicit_ql(&mut values, &mut self.offdiagonal);
        Some(values)
    }

    /// One Householder step: zeroes column k below its sub-diagonal entry, updating the trailing block
    /// B ← H B H with H = I − β v vᵀ, as p = β B v, w = p − (β vᵀp / 2) v, B ← B − v wᵀ − w vᵀ.
    fn reduce_column(&mut self) {
        let (n, k) = (self.n, self.column);
        let first = k + 1;
        let m = n - first;
        self.diagonal[k] = self.a[k * n + k];
        let v = &mut self.v[..m];
        for (i, vi) in v.iter_mut().enumerate() {
            *vi = self.a[(first + i) * n + k];
        }
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        self.column += 1;
        if norm == 0.0 {
            self.offdiagonal[k] = 0.0;
            return;
        }
        // α with the sign opposite to v₀ avoids cancellation in v₀ − α.
        let alpha = if v[0] > 0.0 { -norm } else { norm };
        v[0] -= alpha;
        self.offdiagonal[k] = alpha;
        let beta = 2.0 / v.iter().map(|x| x * x).sum::<f64>();
        let p = &mut self.p[..m];
        for (i, pi) in p.iter_mut().enumerate() {
            let row = &self.a[(first + i) * n + first..(first + i) * n + n];
            *pi = beta * row.iter().zip(v.iter()).map(|(a, b)| a * b).sum::<f64>();
        }
        let half = 0.5 * beta * v.iter().zip(p.iter()).map(|(a, b)| a * b).sum::<f64>();
        // p becomes w in place.
        for (pi, vi) in p.iter_mut().zip(v.iter()) {
            *pi -= half * vi;
        }
        for i in 0..m {
            let (vi, wi) = (v[i], p[i]);
            let row = &mut self.a[(first + i) * n + first..(first + i) * n + n];
            for ((a, &vj), &wj) in row.iter_mut().zip(v.iter()).zip(p.iter()) {
                *a -= vi * wj + wi * vj;
            }
        }
    }
}

/// The eigenvalues of the symmetric tridiagonal matrix with `diagonal` (length n, overwritten by the
/// eigenvalues, unsorted) and `offdiagonal` (length n; entry i couples i and i + 1, the last is scratch):
/// the implicit QL iteration with Wilkinson-like shifts, as in LAPACK's `dsterf` family.
fn implicit_ql(d: &mut [f64], e: &mut [f64]) {
    let n = d.len();
    if n == 0 {
        return;
    }
    e[n - 1] = 0.0;
    for l in 0..n {
        let mut iterations = 0;
        loop {
            // The first negligible off-diagonal entry at or after l splits the matrix.
            let mut m = l;
            while m + 1 < n {
                let scale = d[m].abs() + d[m + 1].abs();
                if e[m].abs() <= f64::EPSILON * scale {
                    break;
                }
                m += 1;
            }
            if m == l {
                break;
            }
            iterations += 1;
            if iterations > 60 {
                // Does not happen for finite symmetric input; stop rather than spin on NaN.
                break;
            }
            let mut g = (d[l + 1] - d[l]) / (2.0 * e[l]);
            let mut r = g.hypot(1.0);
            g = d[m] - d[l] + e[l] / (g + r.copysign(g));
            let (mut s, mut c, mut p) = (1.0, 1.0, 0.0);
            let mut deflated = false;
            for i in (l..m).rev() {
                let f = s * e[i];
                let b = c * e[i];
                r = f.hypot(g);
                e[i + 1] = r;
                if r == 0.0 {
                    d[i + 1] -= p;
                    e[m] = 0.0;
                    deflated = true;
                    break;
                }
                s = f / r;
                c = g / r;
                g = d[i + 1] - p;
                r = (d[i] - g) * s + 2.0 * c * b;
                p = s * r;
                d[i + 1] = g + p;
                g = c * r - b;
            }
            if deflated {
                continue;
            }
            d[l] -= p;
            e[l] = g;
            e[m] = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::DMatrix;
    use rand::{RngExt, SeedableRng};

    fn sorted(mut v: Vec<f64>) -> Vec<f64> {
        v.sort_by(|a, b| b.total_cmp(a));
        v
    }

    /// Ours, sliced at `budget`, against nalgebra's, to `tolerance` of the largest magnitude.
    fn agrees_with_nalgebra(a: Vec<f64>, n: usize, budget: f64, tolerance: f64) {
        let reference = sorted(DMatrix::from_vec(n, n, a.clone()).symmetric_eigenvalues().iter().copied().collect());
        let mut job = EigenvaluesJob::new(a, n);
        let mut calls = 0;
        let ours = loop {
            calls += 1;
            if let Some(values) = job.advance(budget) {
                break sorted(values);
            }
        };
        assert!(budget >= 1e12 || n < 4 || calls > 1, "a small budget takes several calls");
        let scale = reference.iter().fold(1e-300f64, |m, v| m.max(v.abs()));
        for (x, y) in ours.iter().zip(&reference) {
            assert!((x - y).abs() <= tolerance * scale, "n = {n}: {x} against nalgebra's {y}");
        }
    }

    fn random_symmetric(n: usize, seed: u64) -> Vec<f64> {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
        let mut a = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..=i {
                let x: f64 = rng.random_range(-1.0..1.0);
                a[i * n + j] = x;
                a[j * n + i] = x;
            }
        }
        a
    }

    #[test]
    fn random_symmetric_matrices_match_nalgebra() {
        for (n, seed) in [(1, 1), (2, 2), (3, 3), (7, 4), (40, 5), (131, 6)] {
            agrees_with_nalgebra(random_symmetric(n, seed), n, 1e12, 1e-12);
            agrees_with_nalgebra(random_symmetric(n, seed), n, 500.0, 1e-12);
        }
    }

    #[test]
    fn a_low_rank_covariance_keeps_its_zeros() {
        // Xᵀ X of 5 samples in 30 dimensions: rank 5, 25 eigenvalues that are 0 up to round-off.
        let (n, samples) = (30, 5);
        let x = random_symmetric(n, 9);
        let mut a = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                a[i * n + j] = (0..samples).map(|s| x[s * n + i] * x[s * n + j]).sum();
            }
        }
        agrees_with_nalgebra(a, n, 2_000.0, 1e-12);
    }

    #[test]
    fn diagonal_and_zero_matrices() {
        let mut a = vec![0.0; 16];
        for (i, v) in [3.0, -1.0, 2.0, 0.5].iter().enumerate() {
            a[i * 4 + i] = *v;
        }
        let mut job = EigenvaluesJob::new(a, 4);
        assert_eq!(sorted(job.advance(1e9).unwrap()), vec![3.0, 2.0, 0.5, -1.0]);
        assert_eq!(EigenvaluesJob::new(vec![0.0; 9], 3).advance(1.0).map(sorted), Some(vec![0.0; 3]));
        assert_eq!(EigenvaluesJob::new(vec![], 0).advance(1.0), Some(vec![]));
    }
}
