//! The 3-D Swiss roll (seed Fig 05): a 2-D sheet rolled up in 3-D, the classic manifold an undercomplete
//! autoencoder with a 2-unit code should unroll.
//!
//! Order of construction:
//! 1. raw points: t uniform in [1.5π, 4.5π], height h uniform in [0, 21], point (t cos t, h, t sin t);
//! 2. every column is standardized (mean 0, population std 1);
//! 3. independent N(0, noise²) noise is added to every coordinate.
//!
//! So `noise` is in units of standard deviations of the clean data: 0.05 is 5 % of a column's spread,
//! whatever the roll's raw scale. The colour is the raw roll parameter t.

use super::standardize::{add_gaussian_noise, standardize_columns};
use super::Dataset;
use crate::config::DataKind;
use ndarray::Array2;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use std::f64::consts::PI;

/// Smallest roll parameter t.
pub const T_MIN: f64 = 1.5 * PI;
/// Largest roll parameter t.
pub const T_MAX: f64 = 4.5 * PI;
/// The roll's raw height (its extent along y).
pub const HEIGHT: f64 = 21.0;

/// `samples` points of the standardized Swiss roll with noise of std `noise` (in standard deviations),
/// drawn from `seed`.
pub fn generate(samples: usize, noise: f64, seed: u64) -> Dataset {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut x = Array2::<f32>::zeros((samples, 3));
    let mut color = Vec::with_capacity(samples);
    for mut row in x.rows_mut() {
        let t = rng.random_range(T_MIN..=T_MAX);
        let h = rng.random_range(0.0..=HEIGHT);
        row[0] = (t * t.cos()) as f32;
        row[1] = h as f32;
        row[2] = (t * t.sin()) as f32;
        color.push(t as f32);
    }
    standardize_columns(&mut x);
    add_gaussian_noise(&mut x, noise, &mut rng);
    Dataset {
        kind: DataKind::SwissRoll,
        x,
        color: Some(color),
        labels: None,
        truth: None,
        image_shape: None,
        column_names: vec!["x".into(), "y".into(), "z".into()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_colour_and_standardization() {
        let d = generate(2000, 0.0, 7);
        assert_eq!(d.x.dim(), (2000, 3));
        assert_eq!(d.kind, DataKind::SwissRoll);
        let t = d.color.as_ref().unwrap();
        assert_eq!(t.len(), 2000);
        assert!(t.iter().all(|&t| t >= T_MIN as f32 - 1e-5 && t <= T_MAX as f32 + 1e-5));
        for col in d.x.columns() {
            let mean = col.iter().map(|&v| v as f64).sum::<f64>() / 2000.0;
            let var = col.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / 2000.0;
            assert!(mean.abs() < 1e-5, "{mean}");
            assert!((var - 1.0).abs() < 1e-4, "{var}");
        }
    }

    #[test]
    fn noise_is_added_after_standardizing() {
        let clean = generate(500, 0.0, 3);
        let noisy = generate(500, 0.1, 3);
        // Same seed: the same clean points, and the difference is the noise alone.
        let diff = &noisy.x - &clean.x;
        let std = (diff.iter().map(|&v| (v as f64).powi(2)).sum::<f64>() / 1500.0).sqrt();
        assert!((std - 0.1).abs() < 0.01, "{std}");
        assert_eq!(clean.color, noisy.color);
    }

    #[test]
    fn seeded() {
        assert_eq!(generate(100, 0.05, 1), generate(100, 0.05, 1));
        assert_ne!(generate(100, 0.05, 1).x, generate(100, 0.05, 2).x);
    }
}
