//! A plane in 3-D (seed Fig 06): the simplest manifold, where a linear method is already optimal.
//!
//! Order of construction:
//! 1. (u, v) uniform in [-1, 1]², embedded as (u, v, 0);
//! 2. rotated by a random rotation R drawn from the seed (Gram–Schmidt of Gaussian vectors, det R = +1);
//! 3. every column is standardized (mean 0, population std 1);
//! 4. independent N(0, noise²) noise is added to every coordinate (so `noise` is in standard deviations).
//!
//! Per-column scaling keeps a plane through the origin a plane, so before the noise the data has rank 2:
//! PCA with 2 components explains everything but the noise, and a linear autoencoder with a 2-unit code
//! can match it. The colour is u.

use super::standardize::{add_gaussian_noise, standardize_columns};
use super::Dataset;
use crate::config::DataKind;
use ndarray::Array2;
use rand::{Rng, RngExt, SeedableRng};
use rand_distr::StandardNormal;
use rand_pcg::Pcg64Mcg;

/// `samples` points of the rotated, standardized plane with noise of std `noise` (in standard
/// deviations), drawn from `seed`.
pub fn generate(samples: usize, noise: f64, seed: u64) -> Dataset {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let r = random_rotation(&mut rng);
    let mut x = Array2::<f32>::zeros((samples, 3));
    let mut color = Vec::with_capacity(samples);
    for mut row in x.rows_mut() {
        let u = rng.random_range(-1.0..=1.0);
        let v = rng.random_range(-1.0..=1.0);
        // R · (u, v, 0): only the first two columns of R matter.
        for (i, out) in row.iter_mut().enumerate() {
            *out = (r[i][0] * u + r[i][1] * v) as f32;
        }
        color.push(u as f32);
    }
    standardize_columns(&mut x);
    add_gaussian_noise(&mut x, noise, &mut rng);
    Dataset {
        kind: DataKind::Plane,
        x,
        color: Some(color),
        labels: None,
        truth: None,
        image_shape: None,
        column_names: vec!["x".into(), "y".into(), "z".into()],
    }
}

/// A random proper rotation of 3-D space, row-major (`r[i][j]` is row i, column j): the columns are
/// orthonormal and det = +1. Built by Gram–Schmidt on two Gaussian vectors; the third column is their
/// cross product, which makes the determinant +1 by construction.
pub fn random_rotation<R: Rng + ?Sized>(rng: &mut R) -> [[f64; 3]; 3] {
    loop {
        let mut gaussian = || -> [f64; 3] { std::array::from_fn(|_| rng.sample(StandardNormal)) };
        let a = gaussian();
        let b = gaussian();
        let Some(q1) = normalized(a) else { continue };
        let along = dot(b, q1);
        let Some(q2) = normalized([b[0] - along * q1[0], b[1] - along * q1[1], b[2] - along * q1[2]]) else {
            continue;
        };
        let q3 = cross(q1, q2);
        return [[q1[0], q2[0], q3[0]], [q1[1], q2[1], q3[1]], [q1[2], q2[2], q3[2]]];
    }
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
}

/// `a / |a|`, or `None` when `a` is too short to give a reliable direction.
fn normalized(a: [f64; 3]) -> Option<[f64; 3]> {
    let norm = dot(a, a).sqrt();
    (norm > 1e-6).then(|| [a[0] / norm, a[1] / norm, a[2] / norm])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_is_orthonormal_with_determinant_one() {
        let mut rng = Pcg64Mcg::seed_from_u64(11);
        for _ in 0..20 {
            let r = random_rotation(&mut rng);
            for i in 0..3 {
                for j in 0..3 {
                    let rtr: f64 = (0..3).map(|k| r[k][i] * r[k][j]).sum();
                    let expected = if i == j { 1.0 } else { 0.0 };
                    assert!((rtr - expected).abs() < 1e-12, "RᵀR[{i}][{j}] = {rtr}");
                }
            }
            let det = dot([r[0][0], r[1][0], r[2][0]], cross([r[0][1], r[1][1], r[2][1]], [r[0][2], r[1][2], r[2][2]]));
            assert!((det - 1.0).abs() < 1e-12, "{det}");
        }
    }

    #[test]
    fn noise_free_plane_is_flat_and_standardized() {
        let d = generate(1000, 0.0, 4);
        assert_eq!(d.x.dim(), (1000, 3));
        // The data is centred, so the plane passes through the origin: the normal n = (row0 × row1)
        // of two independent points is orthogonal to every point.
        let p = |i: usize| [d.x[[i, 0]] as f64, d.x[[i, 1]] as f64, d.x[[i, 2]] as f64];
        let normal = normalized(cross(p(0), p(1))).unwrap();
        for i in 0..1000 {
            assert!(dot(normal, p(i)).abs() < 1e-4, "point {i} is off the plane");
        }
        let u = d.color.as_ref().unwrap();
        assert!(u.iter().all(|&u| (-1.0..=1.0).contains(&u)));
    }

    #[test]
    fn seeded() {
        assert_eq!(generate(100, 0.05, 1), generate(100, 0.05, 1));
        assert_ne!(generate(100, 0.05, 1).x, generate(100, 0.05, 2).x);
    }
}
