//! Column standardization (z-scores), and the Gaussian noise the generators add in its units.

use ndarray::Array2;
use rand::{Rng, RngExt};
use rand_distr::StandardNormal;

/// A column whose population standard deviation is below this is treated as constant.
const CONSTANT_STD: f64 = 1e-12;

/// Z-scores every column of `x` in place: `(v - mean) / std`, with the population standard deviation
/// (divide by n, not n - 1). Sums are taken in `f64`.
///
/// A constant column (std below 1e-12) is only centred, and its std is reported as 1, so the
/// transform can always be undone as `v * std + mean`.
///
/// Returns the per-column `(means, stds)` that were removed.
pub fn standardize_columns(x: &mut Array2<f32>) -> (Vec<f32>, Vec<f32>) {
    let (n, d) = x.dim();
    if n == 0 {
        return (vec![0.0; d], vec![1.0; d]);
    }

    // Row by row, so a row-major array is read in memory order.
    let mut sum = vec![0.0f64; d];
    for row in x.rows() {
        for (s, &v) in sum.iter_mut().zip(row) {
            *s += v as f64;
        }
    }
    let mean: Vec<f64> = sum.iter().map(|s| s / n as f64).collect();

    let mut square = vec![0.0f64; d];
    for row in x.rows() {
        for ((s, &v), m) in square.iter_mut().zip(row).zip(&mean) {
            let c = v as f64 - m;
            *s += c * c;
        }
    }
    let std: Vec<f64> = square
        .iter()
        .map(|s| {
            let std = (s / n as f64).sqrt();
            if std < CONSTANT_STD {
                1.0
            } else {
                std
            }
        })
        .collect();

    for mut row in x.rows_mut() {
        for ((v, m), s) in row.iter_mut().zip(&mean).zip(&std) {
            *v = ((*v as f64 - m) / s) as f32;
        }
    }

    (mean.iter().map(|&m| m as f32).collect(), std.iter().map(|&s| s as f32).collect())
}

/// Adds independent N(0, std²) noise to every entry of `x`. Draws nothing when `std` is 0 (or not a
/// positive number), so noise-free data costs no random numbers.
pub fn add_gaussian_noise<R: Rng + ?Sized>(x: &mut Array2<f32>, std: f64, rng: &mut R) {
    if std.is_nan() || std <= 0.0 {
        return;
    }
    for v in x.iter_mut() {
        let z: f64 = rng.sample(StandardNormal);
        *v = (*v as f64 + std * z) as f32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;
    use rand::SeedableRng;

    #[test]
    fn columns_get_zero_mean_and_unit_std() {
        let mut x = array![[1.0f32, 10.0], [2.0, 20.0], [3.0, 30.0], [4.0, 40.0]];
        let (means, stds) = standardize_columns(&mut x);
        assert_eq!(means, vec![2.5, 25.0]);
        let expected_std = (1.25f64).sqrt() as f32;
        assert!((stds[0] - expected_std).abs() < 1e-6);
        assert!((stds[1] - 10.0 * expected_std).abs() < 1e-5);
        for col in x.columns() {
            let mean: f32 = col.sum() / 4.0;
            let var: f32 = col.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / 4.0;
            assert!(mean.abs() < 1e-6);
            assert!((var - 1.0).abs() < 1e-5);
        }
        assert!((x[[0, 0]] - x[[0, 1]]).abs() < 1e-6);
    }

    #[test]
    fn constant_column_is_only_centred() {
        let mut x = array![[5.0f32, 1.0], [5.0, 2.0], [5.0, 3.0]];
        let (means, stds) = standardize_columns(&mut x);
        assert_eq!(means[0], 5.0);
        assert_eq!(stds[0], 1.0);
        assert!(x.column(0).iter().all(|&v| v == 0.0));
    }

    #[test]
    fn empty_array_is_left_alone() {
        let mut x = Array2::<f32>::zeros((0, 3));
        let (means, stds) = standardize_columns(&mut x);
        assert_eq!(means, vec![0.0; 3]);
        assert_eq!(stds, vec![1.0; 3]);
    }

    #[test]
    fn noise_has_the_asked_spread() {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(3);
        let mut x = Array2::<f32>::zeros((20_000, 1));
        add_gaussian_noise(&mut x, 0.5, &mut rng);
        let var = x.iter().map(|&v| (v as f64) * (v as f64)).sum::<f64>() / 20_000.0;
        assert!((var.sqrt() - 0.5).abs() < 0.02, "{}", var.sqrt());
        let mut zero = Array2::<f32>::ones((4, 2));
        add_gaussian_noise(&mut zero, 0.0, &mut rng);
        assert!(zero.iter().all(|&v| v == 1.0));
    }
}
