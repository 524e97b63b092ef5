//! The configuration of a run: every setting, described once in [`table::SETTINGS`] (key, label,
//! symbol, help, formula, valid and slider ranges, what changing it restarts, when it does not apply and
//! why, its choices). Validation, the reset rules, JSON and URL reading, the page's controls and the
//! embed's control selection all read that table.
//!
//! The same flat, camelCase object is the JS API's config, the URL state and the model file's `config`.
//! Missing keys take their defaults; unknown keys are an error (a typo must not be silently ignored).
//! [`Config::check`] validates once and returns a [`CheckedConfig`], which is what the trainer takes.

mod checked;
mod error;
mod kinds;
mod range;
pub mod schema;
pub mod table;

pub use checked::CheckedConfig;
pub use error::ConfigError;
pub use kinds::{DataKind, OptimizerKind, OutputActivation, Penalty};
pub use range::{Scale, Slider, ValidRange};
pub use schema::{Group, Restart, Setting};
pub use table::SETTINGS;

use crate::activation::Activation;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Every setting of a run. [`table::SETTINGS`] gives each one's symbol, meaning and allowed range.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    // ---- data (changing any of these rebuilds the data set and resets training) ----
    pub dataset: DataKind,
    pub samples: usize,
    /// Standard deviation of the Gaussian noise added to generated data.
    pub noise: f64,
    /// Seed of the data generator (and of the MNIST subset).
    pub data_seed: u64,
    /// sparse-features: number of true feature directions n.
    pub true_features: usize,
    /// sparse-features: dimension d of the data.
    pub feature_dim: usize,
    /// sparse-features: true features active per sample.
    pub active_features: usize,

    // ---- architecture (changing any of these re-initialises the weights) ----
    /// Widths of the encoder's hidden layers before the code.
    pub encoder_layers: Vec<usize>,
    /// Width of the code layer h; wider than the input is an overcomplete code.
    pub code_size: usize,
    /// Activation of every hidden layer including the code.
    pub activation: Activation,
    pub output_activation: OutputActivation,
    /// Seed of the weights and of the minibatch order.
    pub seed: u64,

    // ---- hyperparameters (live: change between steps, nothing resets) ----
    /// The objective's hyperparameters: the part of the config the objective J holds.
    pub objective: ObjectiveSettings,
    pub optimizer: OptimizerKind,
    /// Learning rate η.
    pub learning_rate: f64,
    /// Momentum μ for the momentum optimiser.
    pub momentum: f64,
    /// Minibatch size m (at most the number of samples).
    pub batch_size: usize,
}

/// The hyperparameters of the objective J: its sparsity penalty and weight decay.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectiveSettings {
    pub penalty: Penalty,
    /// L1 strength λ.
    pub lambda: f64,
    /// KL target mean activation ρ.
    pub rho: f64,
    /// KL strength β.
    pub beta: f64,
    /// TopK: active code units per sample k.
    pub k: usize,
    /// Weight decay λ_w (the seed's "regularization").
    pub weight_decay: f64,
}

impl Default for ObjectiveSettings {
    fn default() -> ObjectiveSettings {
        ObjectiveSettings { penalty: Penalty::None, lambda: 0.01, rho: 0.05, beta: 3.0, k: 1, weight_decay: 0.0 }
    }
}

impl Default for Config {
    /// A 3-16-2-16-3 tanh autoencoder on the Swiss roll: the seed's undercomplete example.
    fn default() -> Config {
        Config {
            dataset: DataKind::SwissRoll,
            samples: 1000,
            noise: 0.05,
            data_seed: 1,
            true_features: 16,
            feature_dim: 8,
            active_features: 2,
            encoder_layers: vec![16],
            code_size: 2,
            activation: Activation::Tanh,
            output_activation: OutputActivation::Auto,
            seed: 1,
            objective: ObjectiveSettings::default(),
            optimizer: OptimizerKind::Adam,
            learning_rate: 0.01,
            momentum: 0.9,
            batch_size: 32,
        }
    }
}

/// The setting called `key`.
pub fn setting(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key)
}

/// The error for a key that names no setting, with the nearest key when one is a likely typo.
fn unknown_setting(key: &str) -> ConfigError {
    // A typo is at most two edits from the key and shorter than the key itself ("" is no typo of "k").
    let nearest = SETTINGS
        .iter()
        .map(|s| (edit_distance(key, s.key), s.key))
        .min()
        .filter(|(d, _)| *d <= 2 && *d < key.chars().count());
    let hint = nearest.map(|(_, k)| format!(" (did you mean \"{k}\"?)")).unwrap_or_default();
    ConfigError::UnknownSetting { key: key.to_string(), hint }
}

/// Levenshtein distance, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

impl Config {
    /// Parses a JSON object of settings; missing keys take defaults. Not yet validated.
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        Config::default().with_json(text)
    }

    /// This config with the keys of a JSON object replaced; each value is read on its own, so the message
    /// names the setting that is wrong. Not yet validated: see [`Config::merged_with_json`].
    pub fn with_json(&self, text: &str) -> Result<Config, ConfigError> {
        let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| ConfigError::Malformed(format!("this is not JSON ({e})")))?;
        self.with_value(&value)
    }

    /// This config with the keys of a JSON object replaced.
    pub fn with_value(&self, value: &Value) -> Result<Config, ConfigError> {
        let Value::Object(patch) = value else {
            return Err(ConfigError::Malformed("expected an object of settings, like {\"rho\": 0.1}".into()));
        };
        let mut next = self.clone();
        for (key, value) in patch {
            setting(key).ok_or_else(|| unknown_setting(key))?.store(&mut next, value)?;
        }
        Ok(next)
    }

    /// This config with a partial JSON object applied and checked: the JS API's `set`.
    pub fn merged_with_json(&self, partial: &str) -> Result<CheckedConfig, ConfigError> {
        self.with_json(partial)?.check()
    }

    /// This config with settings typed as text applied one at a time (the URL state): each one the core
    /// refuses is left out. Returns the checked result and, for each refusal, the pair's position and why.
    pub fn with_texts<'a>(
        &self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<(CheckedConfig, Vec<(usize, ConfigError)>), ConfigError> {
        let mut current = self.clone().check()?;
        let mut refused = Vec::new();
        for (index, (key, text)) in pairs.into_iter().enumerate() {
            let mut trial = (*current).clone();
            let applied = setting(key)
                .ok_or_else(|| unknown_setting(key))
                .and_then(|s| s.store_text(&mut trial, text))
                .and_then(|()| trial.check());
            match applied {
                Ok(checked) => current = checked,
                Err(e) => refused.push((index, e)),
            }
        }
        Ok((current, refused))
    }

    /// The config as a JSON object, every setting in table order.
    pub fn to_value(&self) -> Value {
        Value::Object(SETTINGS.iter().map(|s| (s.key.to_string(), s.value(self))).collect::<Map<_, _>>())
    }

    pub fn to_json(&self) -> String {
        self.to_value().to_string()
    }

    /// Validates every setting against the table and the rules that tie settings together, once; the
    /// result is what the trainer takes.
    pub fn check(self) -> Result<CheckedConfig, ConfigError> {
        CheckedConfig::new(self)
    }

    /// Checks without keeping the result (for tests and the CLI's messages).
    pub fn validate(&self) -> Result<(), ConfigError> {
        checked::validate(self)
    }

    /// The output activation after resolving `auto` against the data set.
    pub fn resolved_output_activation(&self) -> Activation {
        match self.output_activation {
            OutputActivation::Auto => self.dataset.default_output(),
            OutputActivation::Sigmoid => Activation::Sigmoid,
            OutputActivation::Linear => Activation::Linear,
        }
    }

    /// What going from `self` to `next` restarts, each once, in table order of importance.
    pub fn restarts(&self, next: &Config) -> Vec<Restart> {
        let mut what: Vec<Restart> =
            SETTINGS.iter().filter_map(|s| s.restarts.filter(|_| s.value(self) != s.value(next))).collect();
        what.sort();
        what.dedup();
        what
    }

    /// Whether going from `self` to `next` needs a new data set or new weights (a setting that is not live
    /// changed).
    pub fn needs_reset(&self, next: &Config) -> bool {
        !self.restarts(next).is_empty()
    }

    /// Whether `other` describes a different data set.
    pub fn data_differs(&self, other: &Config) -> bool {
        self.restarts(other).contains(&Restart::Data)
    }

    /// Names what differs between `self` and `next` that needs a reset, e.g. "the data set and the seed".
    pub fn describe_reset(&self, next: &Config) -> String {
        self.restarts(next).iter().map(|r| r.what()).collect::<Vec<_>>().join(" and ")
    }

    /// For each setting that does not apply to this config, the sentence why; for each choice that cannot
    /// be taken with the rest of it, the sentence why. The page disables those controls and options.
    pub fn availability(&self) -> Value {
        let mut out = Map::new();
        for s in SETTINGS {
            let mut entry = Map::new();
            if let Some(why) = (s.off_when)(self) {
                entry.insert("off".into(), why.into());
            }
            if let schema::Control::Choice { choices, unavailable, .. } = &s.control {
                let off: Map<String, Value> = choices
                    .iter()
                    .filter_map(|(choice, _)| {
                        unavailable(choice, self).map(|e| (choice.to_string(), e.to_string().into()))
                    })
                    .collect();
                if !off.is_empty() {
                    entry.insert("choicesOff".into(), Value::Object(off));
                }
            }
            if !entry.is_empty() {
                out.insert(s.key.into(), Value::Object(entry));
            }
        }
        Value::Object(out)
    }

    /// Layer widths from input to output for data of dimension `input_dim`: the encoder, the code, and
    /// the mirrored decoder.
    pub fn layer_sizes(&self, input_dim: usize) -> Vec<usize> {
        let mut sizes = vec![input_dim];
        sizes.extend(&self.encoder_layers);
        sizes.push(self.code_size);
        sizes.extend(self.encoder_layers.iter().rev());
        sizes.push(input_dim);
        sizes
    }
}

/// The settings schema for the page: every setting's description, in table order.
pub fn schema() -> Value {
    Value::Array(SETTINGS.iter().map(Setting::describe).collect())
}

impl Serialize for Config {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Config {
    /// Reads through the settings table (missing keys take defaults), so model files and every other
    /// reader give the table's sentences. Not validated: call [`Config::check`].
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Config, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Config::default().with_value(&value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;
