//! Sparse features. Placeholder while the generator is written.
use super::Dataset;
pub struct Spec {
    pub samples: usize,
    pub true_features: usize,
    pub dim: usize,
    pub active: usize,
    pub noise: f64,
    pub seed: u64,
}
pub fn generate(_spec: &Spec) -> Dataset {
    todo!()
}
