//! Sparse features: data made of a few known directions at a time, so we can check whether a sparse
//! autoencoder finds them.
//!
//! There are n = `true_features` random unit-norm directions f₁ … fₙ in d = `dim` dimensions
//! (normalized Gaussian vectors; n may exceed d, which is the superposition setting). Each sample is
//!
//!   x = Σ_{f ∈ S} c_f · f  +  ε,
//!
//! where S is a set of `active` distinct features drawn uniformly, each c_f is uniform in [0.5, 1.5]
//! (non-negative), and ε has independent N(0, noise²) coordinates. The data is **not** standardized: a
//! single feature has norm about 1, so `noise` is relative to one feature's size.
//!
//! The true directions are kept as [`Dataset::truth`]; [`recovery_score`] compares learned directions
//! (e.g. the decoder's columns) with them. Each sample's colour is the index of its strongest feature.

use super::standardize::add_gaussian_noise;
use super::Dataset;
use crate::config::DataKind;
use ndarray::{Array2, ArrayView2, Axis};
use rand::{Rng, RngExt, SeedableRng};
use rand_distr::StandardNormal;
use rand_pcg::Pcg64Mcg;
use serde::Serialize;

/// Smallest coefficient of an active feature.
pub const COEFFICIENT_MIN: f64 = 0.5;
/// Largest coefficient of an active feature.
pub const COEFFICIENT_MAX: f64 = 1.5;
/// A true feature counts as recovered when some learned direction has cosine above this with it.
pub const RECOVERY_THRESHOLD: f32 = 0.9;

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// Number of samples.
    pub samples: usize,
    /// Number of true feature directions n.
    pub true_features: usize,
    /// Dimension d of a sample.
    pub dim: usize,
    /// Features active in each sample (clamped to n).
    pub active: usize,
    /// Standard deviation of the Gaussian noise on every coordinate.
    pub noise: f64,
    /// Seed of the directions, the active sets, the coefficients and the noise.
    pub seed: u64,
}

/// Generates the data set `spec` describes.
///
/// `x` is `[samples, dim]`, `truth` is `[true_features, dim]` with unit-norm rows, `color` is the index
/// (as f32) of each sample's strongest active feature, and there are no labels (feature indices can
/// exceed what a u8 class holds).
pub fn generate(spec: &Spec) -> Dataset {
    let n = spec.true_features;
    let d = spec.dim;
    let active = spec.active.min(n);
    let mut rng = Pcg64Mcg::seed_from_u64(spec.seed);

    let truth = random_unit_rows(n, d, &mut rng);

    let mut x = Array2::<f32>::zeros((spec.samples, d));
    let mut color = Vec::with_capacity(spec.samples);
    // A permutation of 0..n whose first `active` entries are each sample's features (partial
    // Fisher–Yates). It stays a permutation between samples, so it never needs resetting.
    let mut order: Vec<usize> = (0..n).collect();
    let mut sample = vec![0.0f64; d];
    for mut row in x.rows_mut() {
        sample.fill(0.0);
        let mut strongest = (0, f64::NEG_INFINITY);
        for slot in 0..active {
            let pick = rng.random_range(slot..n);
            order.swap(slot, pick);
            let feature = order[slot];
            let c = rng.random_range(COEFFICIENT_MIN..=COEFFICIENT_MAX);
            if c > strongest.1 {
                strongest = (feature, c);
            }
            for (s, &f) in sample.iter_mut().zip(truth.row(feature)) {
                *s += c * f as f64;
            }
        }
        for (out, &s) in row.iter_mut().zip(&sample) {
            *out = s as f32;
        }
        color.push(strongest.0 as f32);
    }
    add_gaussian_noise(&mut x, spec.noise, &mut rng);

    Dataset {
        kind: DataKind::SparseFeatures,
        x,
        color: Some(color),
        labels: None,
        truth: Some(truth),
        image_shape: None,
        column_names: (1..=d).map(|j| format!("x{j}")).collect(),
    }
}

/// `n` random unit-norm rows of length `d`: normalized Gaussian vectors, i.e. uniform on the sphere.
fn random_unit_rows<R: Rng + ?Sized>(n: usize, d: usize, rng: &mut R) -> Array2<f32> {
    let mut rows = Array2::<f32>::zeros((n, d));
    let mut v = vec![0.0f64; d];
    for mut row in rows.rows_mut() {
        // Redraw the (practically impossible) near-zero vector rather than divide by ~0.
        let norm = loop {
            for x in v.iter_mut() {
                *x = rng.sample(StandardNormal);
            }
            let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm > 1e-9 || d == 0 {
                break norm.max(1e-300);
            }
        };
        for (out, x) in row.iter_mut().zip(&v) {
            *out = (x / norm) as f32;
        }
    }
    rows
}

/// How well learned directions match the true features.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryScore {
    /// Per true feature: the largest signed cosine similarity with any learned direction (0 when there
    /// is no usable learned direction).
    pub best_cosine: Vec<f32>,
    /// Fraction of true features whose best cosine is above `threshold`.
    pub fraction_recovered: f32,
    /// The threshold used, [`RECOVERY_THRESHOLD`].
    pub threshold: f64,
}

impl RecoveryScore {
    /// How many true features have a best cosine above the threshold.
    pub fn recovered(&self) -> usize {
        self.best_cosine.iter().filter(|&&c| c as f64 > self.threshold).count()
    }
}

/// Scores learned directions against the true features.
///
/// `truth` is `[n_features, d]`; `learned` is `[units, d]` with one learned direction per row, of any
/// norm (e.g. the decoder weights, one column per code unit, transposed). For each true feature the best
/// **signed** cosine with any learned row is kept: the features enter the data with non-negative
/// coefficients, so a direction pointing the opposite way has not found the feature. Learned rows of zero
/// norm (dead units) are skipped. If the widths disagree, nothing is comparable and every feature
/// scores 0.
pub fn recovery_score(truth: ArrayView2<f32>, learned: ArrayView2<f32>) -> RecoveryScore {
    let n = truth.nrows();
    let unit_rows = |m: ArrayView2<f32>| -> Array2<f32> {
        let mut out = m.to_owned();
        for mut row in out.rows_mut() {
            let norm = row.iter().map(|&v| (v as f64) * (v as f64)).sum::<f64>().sqrt();
            let scale = if norm > 0.0 && norm.is_finite() { (1.0 / norm) as f32 } else { 0.0 };
            row.mapv_inplace(|v| v * scale);
        }
        out
    };
    let usable: Vec<usize> = (0..learned.nrows())
        .filter(|&i| {
            let row = learned.row(i);
            row.iter().all(|v| v.is_finite()) && row.iter().any(|&v| v != 0.0)
        })
        .collect();

    let best_cosine = if usable.is_empty() || truth.ncols() != learned.ncols() {
        vec![0.0; n]
    } else {
        let t = unit_rows(truth);
        let l = unit_rows(learned.select(Axis(0), &usable).view());
        let cosines = t.dot(&l.t()); // [n_features, usable]
        cosines
            .rows()
            .into_iter()
            .map(|row| row.iter().copied().fold(f32::NEG_INFINITY, f32::max).clamp(-1.0, 1.0))
            .collect()
    };
    let mut score = RecoveryScore { best_cosine, fraction_recovered: 0.0, threshold: RECOVERY_THRESHOLD as f64 };
    score.fraction_recovered = if n == 0 { 0.0 } else { score.recovered() as f32 / n as f32 };
    score
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn spec() -> Spec {
        Spec { samples: 500, true_features: 12, dim: 6, active: 3, noise: 0.0, seed: 5 }
    }

    #[test]
    fn shapes_and_unit_truth() {
        let d = generate(&spec());
        assert_eq!(d.x.dim(), (500, 6));
        let truth = d.truth.as_ref().unwrap();
        assert_eq!(truth.dim(), (12, 6));
        for row in truth.rows() {
            let norm: f32 = row.iter().map(|v| v * v).sum::<f32>().sqrt();
            assert!((norm - 1.0).abs() < 1e-5);
        }
        let color = d.color.as_ref().unwrap();
        assert!(color.iter().all(|&c| (0.0..12.0).contains(&c) && c.fract() == 0.0));
    }

    #[test]
    fn one_active_feature_is_a_scaled_direction() {
        let d = generate(&Spec { active: 1, ..spec() });
        let truth = d.truth.as_ref().unwrap();
        for (row, &f) in d.x.rows().into_iter().zip(d.color.as_ref().unwrap()) {
            let dir = truth.row(f as usize);
            let c: f32 = row.dot(&dir);
            assert!((0.5 - 1e-5..=1.5 + 1e-5).contains(&c), "{c}");
            for (a, b) in row.iter().zip(dir) {
                assert!((a - c * b).abs() < 1e-5);
            }
        }
    }

    #[test]
    fn active_is_clamped() {
        let d = generate(&Spec { true_features: 2, active: 5, samples: 20, ..spec() });
        assert_eq!(d.x.nrows(), 20);
    }

    #[test]
    fn recovery_uses_signed_cosine_and_skips_dead_rows() {
        let truth = array![[1.0f32, 0.0], [0.0, 1.0]];
        let learned = array![[0.0f32, 0.0], [-3.0, 0.0], [0.0, 2.0], [f32::NAN, 1.0]];
        let score = recovery_score(truth.view(), learned.view());
        assert_eq!(score.best_cosine, vec![0.0, 1.0]);
        assert_eq!(score.fraction_recovered, 0.5);
        assert_eq!(score.threshold, RECOVERY_THRESHOLD as f64);

        let opposite = recovery_score(truth.view(), array![[-1.0f32, 0.0]].view());
        assert_eq!(opposite.best_cosine, vec![-1.0, 0.0]);

        let none = recovery_score(truth.view(), Array2::<f32>::zeros((3, 2)).view());
        assert_eq!(none.best_cosine, vec![0.0, 0.0]);
        assert_eq!(none.fraction_recovered, 0.0);

        let json = serde_json::to_string(&score).unwrap();
        assert!(json.contains("\"fractionRecovered\":0.5"), "{json}");
    }
}
