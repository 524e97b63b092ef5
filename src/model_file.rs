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

mod fields;

use crate::config::Config;
use crate::model::Model;
use fields::{field_error, numbers, only_known_keys, whole_number};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

pub const FORMAT: &str = "sae-playground-model";
pub const VERSION: u32 = 1;

/// The fields of a model file and of one layer, in the order the file writes them.
const FILE_FIELDS: [&str; 6] = ["format", "version", "config", "inputDim", "step", "layers"];
const LAYER_FIELDS: [&str; 4] = ["inputs", "outputs", "weights", "biases"];

/// Widest input of any data set (a CSV's most columns; MNIST has 784), so shape arithmetic stays small.
const MAX_INPUT_DIM: u64 = crate::data::csv::MAX_COLUMNS as u64;

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

/// A model file that cannot be used, with the sentence the user sees: it names the field (a path such as
/// `layers[1].weights`), what was expected and what was found, quoting at most a short escaped excerpt.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum ModelFileError {
    /// The text is not JSON; holds the parser's reason with its line and column.
    #[error("This is not a model file: it is not valid JSON ({0}).")]
    NotJson(String),
    /// Valid JSON but not an object; holds what it is, e.g. "a list of 3 items".
    #[error(
        "A model file must be a JSON object with `format`, `version`, `config`, `inputDim`, `step` and `layers`, \
         but this is {0}."
    )]
    NotAnObject(String),
    /// Holds what `format` is instead, e.g. "the text \"keras\"" or "missing".
    #[error("`format` must be \"{FORMAT}\", but it is {0}.")]
    WrongFormat(String),
    /// A whole-number version other than the one this playground reads.
    #[error("`version` must be {VERSION}, the version this playground reads, but it is {0}.")]
    UnsupportedVersion(u64),
    #[error("`{path}` must be {expected}, but it is {found}.")]
    Field { path: String, expected: String, found: String },
    #[error("`{path}` is not a field of {what}, which has {fields}.")]
    UnknownField { path: String, what: &'static str, fields: String },
    #[error("`{path}` is not a setting of the playground; check its spelling.")]
    UnknownSetting { path: String },
    /// The settings' own sentence (it ends with a full stop).
    #[error("In `{path}`: {sentence}")]
    InvalidConfig { path: String, sentence: String },
    /// The weights do not fit the settings; holds the whole sentence.
    #[error("{0}")]
    Inconsistent(String),
    /// The data the settings name has another width than the model (a different CSV is loaded).
    #[error(
        "`inputDim` is {input_dim}, but each sample of the {dataset} data has {data_dim} values; load the data \
         the model was trained on first."
    )]
    DataMismatch { input_dim: usize, dataset: &'static str, data_dim: usize },
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

    /// Parses and checks a model file: format, version, config, and every layer's shape and numbers. A
    /// leading byte-order mark is ignored (the page's `file.text()` drops it too, so both doors agree).
    pub fn from_json(text: &str) -> Result<ModelFile, ModelFileError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let parsed: Value = serde_json::from_str(text).map_err(|e| {
            ModelFileError::NotJson(crate::excerpt::excerpt(&e.to_string(), crate::excerpt::MAX_CHARS * 2))
        })?;
        let Value::Object(file) = &parsed else {
            return Err(ModelFileError::NotAnObject(fields::found(Some(&parsed))));
        };
        // Format and version first, so a file from elsewhere gets that message, not a field list.
        match file.get("format") {
            Some(Value::String(format)) if format == FORMAT => {}
            other => return Err(ModelFileError::WrongFormat(fields::found(other))),
        }
        match file.get("version") {
            Some(v) if v.as_u64() == Some(VERSION.into()) => {}
            Some(v) if v.is_u64() => return Err(ModelFileError::UnsupportedVersion(v.as_u64().unwrap_or_default())),
            other => return Err(field_error("version", format!("the whole number {VERSION}"), other)),
        }
        only_known_keys(file, &FILE_FIELDS, "", "a model file")?;
        let config = fields::settings(file.get("config"))?;
        let input_dim = whole_number(file.get("inputDim"), "inputDim", 1, MAX_INPUT_DIM)? as usize;
        let step = whole_number(file.get("step"), "step", 0, u64::MAX)?;
        let layers = read_layers(file.get("layers"))?;
        let file = ModelFile { format: FORMAT.into(), version: VERSION, config, input_dim, step, layers };
        file.check_shapes()?;
        Ok(file)
    }

    fn check_shapes(&self) -> Result<(), ModelFileError> {
        let inconsistent = |sentence: String| Err(ModelFileError::Inconsistent(sentence));
        let sizes = self.config.layer_sizes(self.input_dim);
        if self.layers.len() != sizes.len() - 1 {
            return inconsistent(format!(
                "`layers` has {} layers, but `config` (its encoderLayers and codeSize) describes {}.",
                self.layers.len(),
                sizes.len() - 1
            ));
        }
        for (l, (layer, pair)) in self.layers.iter().zip(sizes.windows(2)).enumerate() {
            let n = l + 1;
            if layer.inputs != pair[0] || layer.outputs != pair[1] {
                return inconsistent(format!(
                    "`layers[{l}]` must be {}→{} to fit `config` and `inputDim`, but it is {}→{}.",
                    pair[0], pair[1], layer.inputs, layer.outputs
                ));
            }
            if layer.weights.len() != layer.inputs * layer.outputs {
                return inconsistent(format!(
                    "`layers[{l}].weights` has {} numbers, but layer {n} needs {} ({} inputs × {} outputs).",
                    layer.weights.len(),
                    layer.inputs * layer.outputs,
                    layer.inputs,
                    layer.outputs
                ));
            }
            if layer.biases.len() != layer.outputs {
                return inconsistent(format!(
                    "`layers[{l}].biases` has {} numbers, but layer {n} needs {}, one per output.",
                    layer.biases.len(),
                    layer.outputs
                ));
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

/// `layers`: a list of objects with whole-number `inputs` and `outputs` and lists of numbers.
fn read_layers(value: Option<&Value>) -> Result<Vec<LayerFile>, ModelFileError> {
    let Some(Value::Array(layers)) = value else {
        return Err(field_error("layers", "a list of layers", value));
    };
    layers
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            let path = format!("layers[{l}]");
            let Value::Object(fields) = layer else {
                return Err(field_error(
                    path,
                    "an object with `inputs`, `outputs`, `weights` and `biases`",
                    Some(layer),
                ));
            };
            only_known_keys(fields, &LAYER_FIELDS, &format!("{path}."), "a layer")?;
            let width = |key: &str| whole_number(fields.get(key), &format!("{path}.{key}"), 1, MAX_INPUT_DIM);
            Ok(LayerFile {
                inputs: width("inputs")? as usize,
                outputs: width("outputs")? as usize,
                weights: numbers(fields.get("weights"), &format!("{path}.weights"))?,
                biases: numbers(fields.get("biases"), &format!("{path}.biases"))?,
            })
        })
        .collect()
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

    /// The model file of a default model (3-16-2-16-3) as a JSON value, changed by `edit`, as text.
    fn edited(edit: impl FnOnce(&mut Value)) -> String {
        let config = Config::default();
        let model: Model<f32> = Model::new(&config, 3);
        let mut value: Value = serde_json::from_str(&ModelFile::capture(&config, &model, 0).to_json()).unwrap();
        edit(&mut value);
        value.to_string()
    }

    fn message(text: &str) -> String {
        ModelFile::from_json(text).unwrap_err().to_string()
    }

    #[test]
    fn every_bad_version_is_named_as_it_is() {
        let with = |v: Value| message(&edited(|f| f["version"] = v));
        assert_eq!(
            message(&edited(|f| {
                f.as_object_mut().unwrap().remove("version");
            })),
            "`version` must be the whole number 1, but it is missing."
        );
        assert_eq!(with(Value::Null), "`version` must be the whole number 1, but it is null.");
        assert_eq!(with(serde_json::json!(-1)), "`version` must be the whole number 1, but it is -1.");
        assert_eq!(with(serde_json::json!("1")), "`version` must be the whole number 1, but it is the text \"1\".");
        assert_eq!(with(serde_json::json!(1e30)), "`version` must be the whole number 1, but it is 1e+30.");
        assert_eq!(with(serde_json::json!(1.5)), "`version` must be the whole number 1, but it is 1.5.");
        assert_eq!(with(serde_json::json!(0)), "`version` must be 1, the version this playground reads, but it is 0.");
    }

    #[test]
    fn messages_name_the_field_with_its_path() {
        assert_eq!(
            message(&edited(|f| f["layers"][1]["weights"] = Value::Null)),
            "`layers[1].weights` must be a list of numbers, but it is null."
        );
        assert_eq!(
            message(&edited(|f| f["layers"][0]["biases"][3] = serde_json::json!("x"))),
            "`layers[0].biases[3]` must be a number, but it is the text \"x\"."
        );
        assert_eq!(
            message(&edited(|f| f["layers"][0]["weights"][0] = serde_json::json!(1e39))),
            "`layers[0].weights[0]` must be a number between -3.4e38 and 3.4e38, but it is 1e+39."
        );
        assert_eq!(
            message(&edited(|f| f["inputDim"] = serde_json::json!(-3))),
            "`inputDim` must be a whole number from 1 to 1024, but it is -3."
        );
        assert_eq!(
            message(&edited(|f| f["step"] = serde_json::json!(12.0))),
            "`step` must be a whole number, 0 or more, but it is 12.0, written with a decimal point."
        );
        assert_eq!(
            message(&edited(|f| f["extra"] = Value::Null)),
            "`extra` is not a field of a model file, which has format, version, config, inputDim, step and layers."
        );
        assert_eq!(
            message(&edited(|f| f["layers"][2]["bias"] = Value::Null)),
            "`layers[2].bias` is not a field of a layer, which has inputs, outputs, weights and biases."
        );
        assert_eq!(
            message("[1, 2]"),
            "A model file must be a JSON object with `format`, `version`, `config`, \
            `inputDim`, `step` and `layers`, but this is a list of 2 items."
        );
        assert_eq!(
            message("{"),
            "This is not a model file: it is not valid JSON (EOF while parsing an object at \
            line 1 column 1)."
        );
        assert_eq!(message("{}"), "`format` must be \"sae-playground-model\", but it is missing.");
    }

    #[test]
    fn settings_are_named_inside_config() {
        assert_eq!(
            message(&edited(|f| f["config"]["rho"] = Value::Null)),
            "`config.rho` must be a number, but it is null."
        );
        assert_eq!(
            message(&edited(|f| f["config"]["penalty"] = serde_json::json!("l3"))),
            "`config.penalty` must be one of \"none\", \"l1\", \"kl\" or \"topk\", but it is the text \"l3\"."
        );
        assert_eq!(
            message(&edited(|f| f["config"]["encoderLayers"] = serde_json::json!([-4]))),
            "`config.encoderLayers` must be a list of whole numbers, but it is a list of 1 item."
        );
        assert_eq!(
            message(&edited(|f| f["config"]["lamda"] = serde_json::json!(1))),
            "`config.lamda` is not a setting of the playground; check its spelling."
        );
        assert_eq!(
            message(&edited(|f| f["config"]["rho"] = serde_json::json!(2))),
            "In `config.rho`: The sparsity target ρ must be strictly between 0 and 1, but it is 2."
        );
    }

    #[test]
    fn shapes_that_do_not_fit_the_settings_are_named() {
        assert_eq!(
            message(&edited(|f| {
                f["layers"].as_array_mut().unwrap().pop();
            })),
            "`layers` has 3 layers, but `config` (its encoderLayers and codeSize) describes 4."
        );
        assert_eq!(
            message(&edited(|f| f["layers"][1]["outputs"] = serde_json::json!(3))),
            "`layers[1]` must be 16→2 to fit `config` and `inputDim`, but it is 16→3."
        );
        assert_eq!(
            message(&edited(|f| {
                f["layers"][3]["biases"].as_array_mut().unwrap().pop();
            })),
            "`layers[3].biases` has 2 numbers, but layer 4 needs 3, one per output."
        );
    }

    #[test]
    fn long_and_hostile_values_are_quoted_short_and_escaped() {
        let long = message(&edited(|f| f["format"] = Value::String("\u{202e}\n".repeat(100_000))));
        assert!(long.chars().count() < 120, "{long}");
        assert!(long.starts_with("`format` must be \"sae-playground-model\", but it is the text \"\\u{202e}\\n"));
        let key = message(&edited(|f| f["config"]["k".repeat(10_000)] = Value::Null));
        assert!(key.chars().count() < 120, "{key}");
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let config = Config::default();
        let model: Model<f32> = Model::new(&config, 3);
        let file = ModelFile::capture(&config, &model, 5);
        assert_eq!(ModelFile::from_json(&format!("\u{feff}{}", file.to_json())), Ok(file));
    }
}
