//! MNIST. Placeholder while the reader is written.
use super::{DataError, Dataset};
pub struct MnistDigits;
impl MnistDigits {
    pub fn subset(&self, _samples: usize, _seed: u64) -> Result<Dataset, DataError> {
        todo!()
    }
}
