//! The model file: a versioned JSON document holding the config and every weight.
//!
//! ```json
//! {
//!   "format": "sae-playground-model",
//!   "version": 1,
//!   "config": { "dataset": "swiss-roll", "codeSize": 2, ... },   // the full Config
//!   "inputDim": 3,
//!   "step": 4000,
//!   "layers": [                                                  // input side first
//!     { "inputs": 3, "outputs": 16, "weights": [48 numbers], "biases": [16 numbers] },
//!     ...
//!   ]
//! }
//! ```
//! `weights` is row-major `[inputs, outputs]`: entry `i * outputs + j` connects input i to unit j.

use crate::config::Config;
use crate::model::Model;
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub const FORMAT: &str = "sae-playground-model";
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LayerFile {
    pub inputs: usize,
    pub outputs: usize,
    pub weights: Vec<f32>,
    pub biases: Vec<f32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ModelFile {
    pub format: String,
    pub version: u32,
    pub config: Config,
    pub input_dim: usize,
    pub step: u64,
    pub layers: Vec<LayerFile>,
}

/// A model file that cannot be used, with the sentence the user sees.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum ModelFileError {
    #[error("This is not a model file of the playground: {0}.")]
    NotJson(String),
    #[error("This file's format is \"{0}\", not \"{FORMAT}\".")]
    WrongFormat(String),
    #[error("This model file has version {0}; this playground reads version {VERSION}.")]
    UnsupportedVersion(u32),
    #[error("The model file's settings are invalid: {0}")]
    InvalidConfig(String),
    #[error("The model file does not fit its own settings: {0}")]
    Inconsistent(String),
}

impl ModelFile {
    /// Captures `model` trained with `config` for `step` steps.
    pub fn capture(config: &Config, model: &Model<f32>, step: u64) -> ModelFile {
        let layers = (0..model.depth())
            .map(|l| LayerFile {
                inputs: model.params.layers[l].inputs,
                outputs: model.params.layers[l].outputs,
                weights: model.params.weights(l).iter().copied().collect(),
                biases: model.params.biases(l).to_vec(),
            })
            .collect();
        ModelFile {
            format: FORMAT.into(),
            version: VERSION,
            config: config.clone(),
            input_dim: model.input_dim(),
            step,
            layers,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a model file always serializes")
    }

    /// Parses and checks a model file: format, version, config, and every layer's shape and numbers.
    pub fn from_json(text: &str) -> Result<ModelFile, ModelFileError> {
        // Read the header first so a file from elsewhere gets the right message, not a field list.
        let header: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ModelFileError::NotJson(e.to_string()))?;
        let format = header.get("format").and_then(|f| f.as_str()).unwrap_or("(none)");
        if format != FORMAT {
            return Err(ModelFileError::WrongFormat(format.into()));
        }
        let version = header.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
        if version != VERSION {
            return Err(ModelFileError::UnsupportedVersion(version));
        }
        let file: ModelFile = serde_json::from_value(header).map_err(|e| ModelFileError::NotJson(e.to_string()))?;
        file.config.validate().map_err(|e| ModelFileError::InvalidConfig(e.to_string()))?;
        file.check_shapes()?;
        Ok(file)
    }

    fn check_shapes(&self) -> Result<(), ModelFileError> {
        let sizes = self.config.layer_sizes(self.input_dim);
        if self.layers.len() != sizes.len() - 1 {
            return Err(ModelFileError::Inconsistent(format!(
                "the settings describe {} weight layers but the file has {}",
                sizes.len() - 1,
                self.layers.len()
            )));
        }
        for (l, (layer, pair)) in self.layers.iter().zip(sizes.windows(2)).enumerate() {
            let n = l + 1;
            if layer.inputs != pair[0] || layer.outputs != pair[1] {
                return Err(ModelFileError::Inconsistent(format!(
                    "layer {n} should be {}→{} but is {}→{}",
                    pair[0], pair[1], layer.inputs, layer.outputs
                )));
            }
            if layer.weights.len() != layer.inputs * layer.outputs {
                return Err(ModelFileError::Inconsistent(format!(
                    "layer {n} needs {} weights but has {}",
                    layer.inputs * layer.outputs,
                    layer.weights.len()
                )));
            }
            if layer.biases.len() != layer.outputs {
                return Err(ModelFileError::Inconsistent(format!(
                    "layer {n} needs {} biases but has {}",
                    layer.outputs,
                    layer.biases.len()
                )));
            }
            if layer.weights.iter().chain(&layer.biases).any(|v| !v.is_finite()) {
                return Err(ModelFileError::Inconsistent(format!("layer {n} holds a number that is not finite")));
            }
        }
        Ok(())
    }

    /// The parameters in the core's flat layout (every layer's weights, then every layer's biases).
    pub fn flat_parameters(&self) -> Vec<f32> {
        let mut values: Vec<f32> = self.layers.iter().flat_map(|l| l.weights.iter().copied()).collect();
        values.extend(self.layers.iter().flat_map(|l| l.biases.iter().copied()));
        values
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_every_weight() {
        let config = Config { encoder_layers: vec![5], ..Config::default() };
        let model: Model<f32> = Model::new(&config, 3);
        let file = ModelFile::capture(&config, &model, 42);
        let back = ModelFile::from_json(&file.to_json()).unwrap();
        assert_eq!(back, file);
        assert_eq!(back.flat_parameters(), model.params.values);
    }

    #[test]
    fn bad_files_get_sentences() {
        let config = Config::default();
        let model: Model<f32> = Model::new(&config, 3);
        let good = ModelFile::capture(&config, &model, 0);
        assert!(matches!(ModelFile::from_json("{not json"), Err(ModelFileError::NotJson(_))));
        assert!(matches!(ModelFile::from_json(r#"{"format":"keras"}"#), Err(ModelFileError::WrongFormat(_))));
        let mut v = good.clone();
        v.version = 9;
        assert_eq!(ModelFile::from_json(&v.to_json()), Err(ModelFileError::UnsupportedVersion(9)));
        let mut short = good.clone();
        short.layers[0].weights.pop();
        let err = ModelFile::from_json(&short.to_json()).unwrap_err();
        assert!(err.to_string().contains("layer 1 needs"), "{err}");
        let mut bad_rho = good.clone();
        bad_rho.config.objective.rho = 2.0;
        let err = ModelFile::from_json(&bad_rho.to_json()).unwrap_err();
        assert!(err.to_string().contains("ρ"), "{err}");
    }
}
