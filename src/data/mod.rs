//! Data sets: seeded generators, the packed MNIST file and the user's CSV, all as one [`Dataset`] type.

pub mod csv;
pub mod mnist;
pub mod plane;
pub mod sparse_features;
pub mod standardize;
pub mod swiss_roll;

use crate::config::{Config, DataKind};
use crate::float::Real;
use ndarray::{Array2, ArrayViewMut2};
use thiserror::Error;

/// Samples as rows, plus what the page needs to colour and judge them.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// "swiss-roll", "plane", "mnist", "sparse-features" or "csv".
    pub kind: DataKind,
    /// The samples, shape `[n, d]`.
    pub x: Array2<f32>,
    /// One colouring value per sample (the Swiss roll's t, the plane's first coordinate), if any.
    pub color: Option<Vec<f32>>,
    /// One class per sample (MNIST digits, a CSV `label` column), if any.
    pub labels: Option<Vec<u8>>,
    /// sparse-features: the true unit-norm feature directions, shape `[n_features, d]`.
    pub truth: Option<Array2<f32>>,
    /// Images: (height, width) of one sample, e.g. (28, 28).
    pub image_shape: Option<(usize, usize)>,
    /// A name per column (CSV header, or x/y/z).
    pub column_names: Vec<String>,
}

/// A data set that cannot be built, with the sentence the user sees.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum DataError {
    /// A CSV problem at a 1-based line of the file.
    #[error("CSV line {line}: {message}")]
    CsvLine { line: usize, message: String },
    /// A CSV problem not tied to one line (empty file, too large).
    #[error("CSV: {0}")]
    Csv(String),
    #[error("MNIST data: {0}")]
    Mnist(String),
    #[error("{0}")]
    Missing(String),
}

/// Data that only the caller can supply: the MNIST file's digits and the user's parsed CSV.
#[derive(Clone, Copy, Default)]
pub struct Sources<'a> {
    pub mnist: Option<&'a mnist::MnistDigits>,
    pub csv: Option<&'a Dataset>,
}

impl Dataset {
    /// Number of samples n.
    pub fn len(&self) -> usize {
        self.x.nrows()
    }

    pub fn is_empty(&self) -> bool {
        self.x.nrows() == 0
    }

    /// Dimension d of a sample.
    pub fn dim(&self) -> usize {
        self.x.ncols()
    }

    /// Copies the rows `indices` into `out` (shape `[indices.len(), d]`), converting to the core's float.
    pub fn gather<F: Real>(&self, indices: &[usize], mut out: ArrayViewMut2<F>) {
        for (mut row, &i) in out.rows_mut().into_iter().zip(indices) {
            for (o, &v) in row.iter_mut().zip(self.x.row(i)) {
                *o = F::from_f32(v);
            }
        }
    }
}

/// Builds the data set `config` describes. MNIST and CSV need their [`Sources`].
pub fn build(config: &Config, sources: Sources) -> Result<Dataset, DataError> {
    match config.dataset {
        DataKind::SwissRoll => Ok(swiss_roll::generate(config.samples, config.noise, config.data_seed)),
        DataKind::Plane => Ok(plane::generate(config.samples, config.noise, config.data_seed)),
        DataKind::SparseFeatures => Ok(sparse_features::generate(&sparse_features::Spec {
            samples: config.samples,
            true_features: config.true_features,
            dim: config.feature_dim,
            active: config.active_features,
            noise: config.noise,
            seed: config.data_seed,
        })),
        DataKind::Mnist => {
            let digits =
                sources.mnist.ok_or_else(|| DataError::Missing("The MNIST digits are not loaded yet.".into()))?;
            digits.subset(config.samples, config.data_seed)
        }
        DataKind::Csv => {
            sources.csv.cloned().ok_or_else(|| DataError::Missing("No CSV is loaded: choose a file first.".into()))
        }
    }
}
