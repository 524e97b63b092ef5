//! The checked configuration: every setting of a run, its limits, and a human sentence for each mistake.
//!
//! The same flat, camelCase object is the JS API's config, the URL state and the model file's `config`.
//! Missing keys take their defaults; unknown keys are an error (a typo must not be silently ignored).

use crate::activation::Activation;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Which data set to train on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataKind {
    /// 3-D Swiss roll (seed Fig 05), standardized; the roll parameter t colours it.
    SwissRoll,
    /// A 2-D plane in 3-D under a random rotation (seed Fig 06).
    Plane,
    /// Real MNIST digits, 28×28, pixels in [0, 1].
    Mnist,
    /// Sparse non-negative combinations of known unit-norm feature directions.
    SparseFeatures,
    /// The user's own numeric CSV.
    Csv,
}

impl DataKind {
    pub const ALL: [DataKind; 5] =
        [DataKind::SwissRoll, DataKind::Plane, DataKind::Mnist, DataKind::SparseFeatures, DataKind::Csv];

    pub fn name(self) -> &'static str {
        match self {
            DataKind::SwissRoll => "swiss-roll",
            DataKind::Plane => "plane",
            DataKind::Mnist => "mnist",
            DataKind::SparseFeatures => "sparse-features",
            DataKind::Csv => "csv",
        }
    }

    pub fn from_name(name: &str) -> Option<DataKind> {
        DataKind::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The output activation that matches the data's range: sigmoid for pixels in [0, 1], linear for
    /// standardized coordinates.
    pub fn default_output(self) -> Activation {
        match self {
            DataKind::Mnist => Activation::Sigmoid,
            _ => Activation::Linear,
        }
    }
}

/// The output layer's activation; `auto` follows the data set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputActivation {
    Auto,
    Sigmoid,
    Linear,
}

/// How activations of the code layer are made sparse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Penalty {
    /// Plain autoencoder: the bottleneck, if any, is the code size.
    None,
    /// λ (1/m) Σᵢ Σⱼ |aᵢⱼ| (the seed's L1 term).
    L1,
    /// β Σⱼ KL(ρ ‖ ρ̂ⱼ) (the classic exercise's sparsity term).
    Kl,
    /// Keep the k largest code activations of each sample, zero the rest.
    TopK,
}

impl Penalty {
    pub const ALL: [Penalty; 4] = [Penalty::None, Penalty::L1, Penalty::Kl, Penalty::TopK];

    pub fn name(self) -> &'static str {
        match self {
            Penalty::None => "none",
            Penalty::L1 => "l1",
            Penalty::Kl => "kl",
            Penalty::TopK => "topk",
        }
    }

    pub fn from_name(name: &str) -> Option<Penalty> {
        Penalty::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// The update rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OptimizerKind {
    /// θ ← θ − η g
    Sgd,
    /// v ← μ v − η g; θ ← θ + v
    Momentum,
    /// Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8) with bias correction.
    Adam,
}

impl OptimizerKind {
    pub const ALL: [OptimizerKind; 3] = [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam];

    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Adam => "adam",
        }
    }
}

/// Every setting of a run. Field docs give the symbol, meaning and allowed range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Config {
    // ---- data (changing any of these rebuilds the data set and resets training) ----
    /// Data set.
    pub dataset: DataKind,
    /// Number of samples, [`LIMITS.samples`] (MNIST: at most the digits in the packed file).
    pub samples: usize,
    /// Standard deviation of the Gaussian noise added to generated data, [0, 2].
    pub noise: f64,
    /// Seed of the data generator (and of the MNIST subset).
    pub data_seed: u64,
    /// sparse-features: number of true feature directions n, [1, 512].
    pub true_features: usize,
    /// sparse-features: dimension d of the data, [2, 512].
    pub feature_dim: usize,
    /// sparse-features: true features active per sample, [1, true_features].
    pub active_features: usize,

    // ---- architecture (changing any of these re-initialises the weights) ----
    /// Widths of the encoder's hidden layers before the code, 0 to 3 layers, each [1, 1024].
    pub encoder_layers: Vec<usize>,
    /// Width of the code layer h, [1, 1024]; wider than the input is an overcomplete code.
    pub code_size: usize,
    /// Activation of every hidden layer including the code.
    pub activation: Activation,
    /// Activation of the output layer.
    pub output_activation: OutputActivation,
    /// Seed of the weights and of the minibatch order.
    pub seed: u64,

    // ---- hyperparameters (live: change between steps, nothing resets) ----
    /// Sparsity penalty on the code activations.
    pub penalty: Penalty,
    /// L1 strength λ, [0, 100].
    pub lambda: f64,
    /// KL target mean activation ρ, (0, 1) exclusive.
    pub rho: f64,
    /// KL strength β, [0, 100].
    pub beta: f64,
    /// TopK: active code units per sample k, [1, code_size].
    pub k: usize,
    /// Weight decay λ_w (the seed's "regularization"), [0, 10].
    pub weight_decay: f64,
    /// Update rule.
    pub optimizer: OptimizerKind,
    /// Learning rate η, (0, 1000]: large values are allowed so divergence can be shown and caught.
    pub learning_rate: f64,
    /// Momentum μ for the momentum optimiser, [0, 1).
    pub momentum: f64,
    /// Minibatch size m, [1, 4096] and at most the number of samples.
    pub batch_size: usize,
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
            penalty: Penalty::None,
            lambda: 0.01,
            rho: 0.05,
            beta: 3.0,
            k: 1,
            weight_decay: 0.0,
            optimizer: OptimizerKind::Adam,
            learning_rate: 0.01,
            momentum: 0.9,
            batch_size: 32,
        }
    }
}

/// A closed numeric range with the sentence fragment that states it.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub min: f64,
    pub max: f64,
    /// Whether the ends are excluded.
    pub open: bool,
}

impl Limit {
    const fn closed(min: f64, max: f64) -> Limit {
        Limit { min, max, open: false }
    }

    pub fn contains(&self, v: f64) -> bool {
        if !v.is_finite() {
            return false;
        }
        if self.open {
            v > self.min && v < self.max
        } else {
            v >= self.min && v <= self.max
        }
    }

    pub fn describe(&self) -> String {
        if self.open {
            format!("strictly between {} and {}", self.min, self.max)
        } else {
            format!("between {} and {}", self.min, self.max)
        }
    }
}

/// Every limit, in one table so the page's sliders and the checks can never disagree.
pub struct Limits {
    pub samples: Limit,
    pub noise: Limit,
    pub true_features: Limit,
    pub feature_dim: Limit,
    pub encoder_depth: usize,
    pub layer_width: Limit,
    pub lambda: Limit,
    pub rho: Limit,
    pub beta: Limit,
    pub weight_decay: Limit,
    pub learning_rate: Limit,
    pub momentum: Limit,
    pub batch_size: Limit,
}

pub const LIMITS: Limits = Limits {
    samples: Limit::closed(16.0, 20_000.0),
    noise: Limit::closed(0.0, 2.0),
    true_features: Limit::closed(1.0, 512.0),
    feature_dim: Limit::closed(2.0, 512.0),
    encoder_depth: 3,
    layer_width: Limit::closed(1.0, 1024.0),
    lambda: Limit::closed(0.0, 100.0),
    rho: Limit { min: 0.0, max: 1.0, open: true },
    beta: Limit::closed(0.0, 100.0),
    weight_decay: Limit::closed(0.0, 10.0),
    learning_rate: Limit { min: 0.0, max: 1000.0, open: false },
    momentum: Limit { min: 0.0, max: 0.999, open: false },
    batch_size: Limit::closed(1.0, 4096.0),
};

/// A setting that cannot be used, with the sentence the user sees.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum ConfigError {
    #[error("{symbol} must be {allowed}, but it is {value}.")]
    OutOfRange { field: &'static str, symbol: &'static str, value: String, allowed: String },
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
    #[error("The setting \"{field}\" could not be read: {message}.")]
    BadValue { field: String, message: String },
    #[error("The configuration could not be read: {0}")]
    Malformed(String),
}

impl ConfigError {
    /// The config key the error is about, so the page can mark that control.
    pub fn field(&self) -> &str {
        match self {
            ConfigError::BadValue { field, .. } => field,
            ConfigError::OutOfRange { field, .. } => field,
            ConfigError::KlNeedsSigmoid { .. } => "penalty",
            ConfigError::TopKLargerThanCode { .. } => "k",
            ConfigError::TooManyLayers { .. } => "encoderLayers",
            ConfigError::BatchLargerThanData { .. } => "batchSize",
            ConfigError::ActiveFeatures { .. } => "activeFeatures",
            ConfigError::Malformed(_) => "",
        }
    }
}

fn check(field: &'static str, symbol: &'static str, value: f64, limit: Limit) -> Result<(), ConfigError> {
    if limit.contains(value) {
        Ok(())
    } else {
        Err(ConfigError::OutOfRange { field, symbol, value: format!("{value}"), allowed: limit.describe() })
    }
}

impl Config {
    /// Parses a JSON object; missing keys take defaults.
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        serde_json::from_str(text).map_err(|e| ConfigError::Malformed(e.to_string()))
    }

    /// This config with the keys of a partial JSON object replaced (the JS API's `set`).
    pub fn merged_with_json(&self, partial: &str) -> Result<Config, ConfigError> {
        let mut base = serde_json::to_value(self).map_err(|e| ConfigError::Malformed(e.to_string()))?;
        let patch: serde_json::Value =
            serde_json::from_str(partial).map_err(|e| ConfigError::Malformed(e.to_string()))?;
        let serde_json::Value::Object(patch) = patch else {
            return Err(ConfigError::Malformed("expected an object of settings".into()));
        };
        let base_map = base.as_object_mut().expect("a config serializes to an object");
        for (key, value) in patch {
            let mut trial = base_map.clone();
            trial.insert(key.clone(), value.clone());
            // Try each key alone first, so the message can name the setting that is wrong.
            if let Err(e) = serde_json::from_value::<Config>(serde_json::Value::Object(trial)) {
                let message = e.to_string();
                return Err(if message.starts_with("unknown field") {
                    ConfigError::Malformed(message)
                } else {
                    ConfigError::BadValue { field: key, message }
                });
            }
            base_map.insert(key, value);
        }
        serde_json::from_value(base).map_err(|e| ConfigError::Malformed(e.to_string()))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a config always serializes")
    }

    /// The output activation after resolving `auto` against the data set.
    pub fn resolved_output_activation(&self) -> Activation {
        match self.output_activation {
            OutputActivation::Auto => self.dataset.default_output(),
            OutputActivation::Sigmoid => Activation::Sigmoid,
            OutputActivation::Linear => Activation::Linear,
        }
    }

    /// Checks every value against [`LIMITS`] and the rules that tie settings together.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let l = &LIMITS;
        check("samples", "The number of samples", self.samples as f64, l.samples)?;
        check("noise", "The noise σ", self.noise, l.noise)?;
        check("trueFeatures", "The number of true features", self.true_features as f64, l.true_features)?;
        check("featureDim", "The feature dimension d", self.feature_dim as f64, l.feature_dim)?;
        if self.active_features == 0 || self.active_features > self.true_features {
            return Err(ConfigError::ActiveFeatures { given: self.active_features, features: self.true_features });
        }
        if self.encoder_layers.len() > l.encoder_depth {
            return Err(ConfigError::TooManyLayers { given: self.encoder_layers.len(), max: l.encoder_depth });
        }
        for &width in &self.encoder_layers {
            check("encoderLayers", "Every encoder layer's width", width as f64, l.layer_width)?;
        }
        check("codeSize", "The code size", self.code_size as f64, l.layer_width)?;
        check("lambda", "The L1 strength λ", self.lambda, l.lambda)?;
        check("rho", "The sparsity target ρ", self.rho, l.rho)?;
        check("beta", "The KL strength β", self.beta, l.beta)?;
        check("weightDecay", "The weight decay λ_w", self.weight_decay, l.weight_decay)?;
        if self.learning_rate.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            return Err(ConfigError::OutOfRange {
                field: "learningRate",
                symbol: "The learning rate η",
                value: format!("{}", self.learning_rate),
                allowed: format!("above 0 and at most {}", l.learning_rate.max),
            });
        }
        check("learningRate", "The learning rate η", self.learning_rate, l.learning_rate)?;
        check("momentum", "The momentum μ", self.momentum, l.momentum)?;
        check("batchSize", "The batch size m", self.batch_size as f64, l.batch_size)?;
        if self.k == 0 || (self.penalty == Penalty::TopK && self.k > self.code_size) {
            return Err(ConfigError::TopKLargerThanCode { k: self.k, code_size: self.code_size });
        }
        if self.penalty == Penalty::Kl && !self.activation.outputs_probability() {
            return Err(ConfigError::KlNeedsSigmoid { activation: self.activation.name() });
        }
        // A CSV's size is known only once it is parsed; the trainer checks it against the rows then.
        if self.dataset != DataKind::Csv && self.batch_size > self.samples {
            return Err(ConfigError::BatchLargerThanData { batch: self.batch_size, samples: self.samples });
        }
        Ok(())
    }

    /// Whether going from `self` to `next` needs a new data set or new weights (anything but a live
    /// hyperparameter changed).
    pub fn needs_reset(&self, next: &Config) -> bool {
        let mut live = next.clone();
        live.penalty = self.penalty;
        live.lambda = self.lambda;
        live.rho = self.rho;
        live.beta = self.beta;
        live.k = self.k;
        live.weight_decay = self.weight_decay;
        live.optimizer = self.optimizer;
        live.learning_rate = self.learning_rate;
        live.momentum = self.momentum;
        live.batch_size = self.batch_size;
        live != *self
    }

    /// Whether `other` describes a different data set (any data field differs).
    pub fn data_differs(&self, other: &Config) -> bool {
        self.dataset != other.dataset
            || self.samples != other.samples
            || self.noise != other.noise
            || self.data_seed != other.data_seed
            || self.true_features != other.true_features
            || self.feature_dim != other.feature_dim
            || self.active_features != other.active_features
    }

    /// Names what differs between `self` and `next` that needs a reset, e.g. "the data set and the seed".
    pub fn describe_reset(&self, next: &Config) -> String {
        let mut changed = Vec::new();
        if self.data_differs(next) {
            changed.push("the data set");
        }
        if self.encoder_layers != next.encoder_layers || self.code_size != next.code_size {
            changed.push("the architecture");
        }
        if self.activation != next.activation || self.output_activation != next.output_activation {
            changed.push("the activation");
        }
        if self.seed != next.seed {
            changed.push("the seed");
        }
        changed.join(" and ")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid() {
        Config::default().validate().unwrap();
    }

    #[test]
    fn every_bad_setting_has_a_sentence() {
        let bad: Vec<(&str, Config)> = vec![
            ("rho", Config { rho: 1.0, ..Config::default() }),
            ("rho", Config { rho: 0.0, ..Config::default() }),
            ("lambda", Config { lambda: -0.1, ..Config::default() }),
            ("beta", Config { beta: f64::NAN, ..Config::default() }),
            ("batchSize", Config { batch_size: 0, ..Config::default() }),
            ("batchSize", Config { batch_size: 2000, ..Config::default() }),
            ("learningRate", Config { learning_rate: 0.0, ..Config::default() }),
            ("learningRate", Config { learning_rate: -1.0, ..Config::default() }),
            ("k", Config { penalty: Penalty::TopK, k: 3, ..Config::default() }),
            ("penalty", Config { penalty: Penalty::Kl, ..Config::default() }),
            ("encoderLayers", Config { encoder_layers: vec![4, 4, 4, 4], ..Config::default() }),
            ("codeSize", Config { code_size: 0, ..Config::default() }),
            ("samples", Config { samples: 3, batch_size: 2, ..Config::default() }),
            ("weightDecay", Config { weight_decay: 11.0, ..Config::default() }),
        ];
        for (field, config) in bad {
            let err = config.validate().expect_err(field);
            assert_eq!(err.field(), field, "{err}");
            let sentence = err.to_string();
            assert!(sentence.ends_with('.') && sentence.len() > 20, "{sentence}");
        }
    }

    #[test]
    fn kl_error_explains_why() {
        let err =
            Config { penalty: Penalty::Kl, activation: Activation::Relu, ..Config::default() }.validate().unwrap_err();
        assert!(err.to_string().contains("(0, 1)"), "{err}");
        assert!(err.to_string().contains("relu"), "{err}");
    }

    #[test]
    fn json_round_trip_and_partial_merge() {
        let c = Config::default();
        assert_eq!(Config::from_json(&c.to_json()).unwrap(), c);
        let merged = c.merged_with_json(r#"{"rho": 0.2, "penalty": "kl"}"#).unwrap();
        assert_eq!(merged.rho, 0.2);
        assert_eq!(merged.penalty, Penalty::Kl);
        assert!(!c.needs_reset(&merged));
        assert!(c.needs_reset(&Config { code_size: 3, ..c.clone() }));
        let typo = c.merged_with_json(r#"{"lamda": 1}"#).unwrap_err();
        assert!(typo.to_string().contains("lamda"), "{typo}");
    }

    #[test]
    fn layer_sizes_mirror_the_encoder() {
        let c = Config { encoder_layers: vec![32, 8], code_size: 2, ..Config::default() };
        assert_eq!(c.layer_sizes(3), vec![3, 32, 8, 2, 8, 32, 3]);
    }
}
