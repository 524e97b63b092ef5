//! A setting that cannot be used, with the sentence the user sees.

use crate::excerpt::quoted;
use thiserror::Error;

#[derive(Clone, Debug, Error, PartialEq)]
pub enum ConfigError {
    #[error("{name} must be {allowed}, but it is {value}.")]
    OutOfRange { field: &'static str, name: &'static str, value: String, allowed: String },
    #[error("{name} ({field}) must be {expected}, but it is {got}.")]
    WrongType { field: &'static str, name: &'static str, expected: String, got: String },
    #[error("{} is not a setting of this playground{hint}.", quoted(key))]
    UnknownSetting { key: String, hint: String },
    #[error(
        "The KL penalty needs sigmoid code units: KL(ρ ‖ ρ̂) compares firing probabilities, so every \
         activation must lie in (0, 1), but the activation is {activation}. Choose sigmoid, or use the L1 or \
         TopK penalty."
    )]
    KlNeedsSigmoid { activation: &'static str },
    #[error("TopK keeps k = {k} units, but the code has only {code_size}; choose k between 1 and {code_size}.")]
    TopKLargerThanCode { k: usize, code_size: usize },
    #[error("At most {max} encoder layers are supported before the code, but {given} were given.")]
    TooManyLayers { given: usize, max: usize },
    #[error("The batch size m = {batch} is larger than the data set ({samples} samples); choose at most {samples}.")]
    BatchLargerThanData { batch: usize, samples: usize },
    #[error("A sample must activate between 1 and {features} of the true features, but {given} was asked.")]
    ActiveFeatures { given: usize, features: usize },
    #[error("The settings could not be read: {0}.")]
    Malformed(String),
}

impl ConfigError {
    /// The config key the error is about, so the page can mark that control (an unknown key itself; ""
    /// when it is about no one setting).
    pub fn field(&self) -> &str {
        match self {
            ConfigError::OutOfRange { field, .. } | ConfigError::WrongType { field, .. } => field,
            ConfigError::UnknownSetting { key, .. } => key,
            ConfigError::Malformed(_) => "",
            ConfigError::KlNeedsSigmoid { .. } => "penalty",
            ConfigError::TopKLargerThanCode { .. } => "k",
            ConfigError::TooManyLayers { .. } => "encoderLayers",
            ConfigError::BatchLargerThanData { .. } => "batchSize",
            ConfigError::ActiveFeatures { .. } => "activeFeatures",
        }
    }
}
