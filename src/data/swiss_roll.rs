//! Swiss roll (seed Fig 05). Placeholder while the generator is written.
use super::Dataset;
pub fn generate(_samples: usize, _noise: f64, _seed: u64) -> Dataset {
    todo!()
}
