//! Every setting of the playground, in the order the page shows them: the one table that validation,
//! the reset rules, JSON and URL reading and the page's controls are built from.

use super::error::ConfigError;
use super::range::{Slider, ValidRange};
use super::schema::{always, any_choice, Control, Group, Restart, Setting, MAX_SEED};
use super::{DataKind, OptimizerKind, OutputActivation, Penalty};
use crate::activation::Activation;

/// Widest layer, code included.
pub const MAX_LAYER_WIDTH: f64 = 1024.0;
/// Encoder layers before the code.
pub const MAX_ENCODER_DEPTH: usize = 3;

const ONLY_SPARSE_FEATURES: fn(&super::Config) -> Option<&'static str> =
    |c| (c.dataset != DataKind::SparseFeatures).then_some("Only for the sparse-features data set.");

/// The sentence on the KL choice while the code units are not sigmoid.
fn kl_needs_sigmoid(choice: &str, c: &super::Config) -> Option<ConfigError> {
    (choice == Penalty::Kl.name() && !c.activation.outputs_probability())
        .then(|| ConfigError::KlNeedsSigmoid { activation: c.activation.name() })
}

pub static SETTINGS: &[Setting] = &[
    // ---- data: changing any of these builds a new data set ----
    Setting {
        key: "dataset",
        group: Group::Data,
        label: "Data set",
        symbol: "",
        name: "The data set",
        help: "What the autoencoder learns to reconstruct. The Swiss roll is a curled 2-D sheet (seed Fig 05); the \
               plane is flat (Fig 06), so PCA is already optimal there; sparse features are mixtures of known \
               directions, so recovery can be scored.",
        formula: "",
        control: Control::Choice {
            choices: &[
                ("swiss-roll", "Swiss roll (3-D)"),
                ("plane", "Plane in 3-D"),
                ("mnist", "MNIST digits"),
                ("sparse-features", "Sparse features (known truth)"),
                ("csv", "Your CSV…"),
            ],
            get: |c| c.dataset.name(),
            set: |c, name| DataKind::from_name(name).map(|d| c.dataset = d).is_some(),
            unavailable: any_choice,
        },
        restarts: Some(Restart::Data),
        off_when: always,
    },
    Setting {
        key: "samples",
        group: Group::Data,
        label: "Samples",
        symbol: "n",
        name: "The number of samples",
        help: "How many samples the data set has (MNIST: at most 6000 digits, 600 per class).",
        formula: "",
        control: Control::Number {
            valid: ValidRange::closed(16.0, 20_000.0),
            whole: true,
            slider: Some(Slider::linear(16.0, 4000.0, 16.0)),
            slider_max_from: None,
            get: |c| c.samples as f64,
            set: |c, v| c.samples = v as usize,
        },
        restarts: Some(Restart::Data),
        off_when: |c| (c.dataset == DataKind::Csv).then_some("The CSV's rows are the samples."),
    },
    Setting {
        key: "noise",
        group: Group::Data,
        label: "Noise",
        symbol: "σ",
        name: "The noise σ",
        help: "Standard deviation of the Gaussian noise added to generated data, in units of each coordinate's \
               spread.",
        formula: "",
        control: Control::Number {
            valid: ValidRange::closed(0.0, 2.0),
            whole: false,
            slider: Some(Slider::linear(0.0, 0.5, 0.01)),
            slider_max_from: None,
            get: |c| c.noise,
            set: |c, v| c.noise = v,
        },
        restarts: Some(Restart::Data),
        off_when: |c| {
            matches!(c.dataset, DataKind::Mnist | DataKind::Csv).then_some("Only generated data sets have noise.")
        },
    },
    Setting {
        key: "dataSeed",
        group: Group::Data,
        label: "Data seed",
        symbol: "",
        name: "The data seed",
        help: "The data generator's seed: the same seed gives the same samples.",
        formula: "",
        control: Control::Number {
            valid: ValidRange::closed(0.0, MAX_SEED),
            whole: true,
            slider: None,
            slider_max_from: None,
            get: |c| c.data_seed as f64,
            set: |c, v| c.data_seed = v as u64,
        },
        restarts: Some(Restart::Data),
        off_when: |c| (c.dataset == DataKind::Csv).then_some("A CSV is not generated."),
    },
    Setting {
        key: "trueFeatures",
        group: Group::Data,
        label: "True features",
        symbol: "n_f",
        name: "The number of true features",
        help: "How many true unit-norm feature directions generate the data (more than the dimension d is \
               allowed: superposition).",
        formula: "",
        control: Control::Number {
            valid: ValidRange::closed(1.0, 512.0),
            whole: true,
            slider: Some(Slider::linear(2.0, 64.0, 1.0)),
            slider_max_from: None,
            get: |c| c.true_features as f64,
            set: |c, v| c.true_features = v as usize,
        },
        restarts: Some(Restart::Data),
        off_when: ONLY_SPARSE_FEATURES,
    },
    Setting {
        key: "featureDim",
        group: Group::Data,
        label: "Dimension",
        symbol: "d",
        name: "The feature dimension d",
        help: "Dimension of the sparse-features data.",
        formula: "",
        control: Control::Number {
            valid: ValidRange::closed(2.0, 512.0),
            whole: true,
            slider: Some(Slider::linear(2.0, 64.0, 1.0)),
            slider_max_from: None,
            get: |c| c.feature_dim as f64,
            set: |c, v| c.feature_dim = v as usize,
        },
        restarts: Some(Restart::Data),
        off_when: ONLY_SPARSE_FEATURES,
    },
    Setting {
        key: "activeFeatures",
        group: Group::Data,
        label: "Active per sample",
        symbol: "",
        name: "The number of active features per sample",
        help: "How many true features each sample mixes (non-negative coefficients in [0.5, 1.5]).",
        formula: "",
        control: Control::Number {
            valid: ValidRange::closed(1.0, 512.0),
            whole: true,
            slider: Some(Slider::linear(1.0, 8.0, 1.0)),
            slider_max_from: None,
            get: |c| c.active_features as f64,
            set: |c, v| c.active_features = v as usize,
        },
        restarts: Some(Restart::Data),
        off_when: ONLY_SPARSE_FEATURES,
    },
    // ---- architecture: changing any of these makes new weights ----
    Setting {
        key: "encoderLayers",
        group: Group::Architecture,
        label: "Encoder widths",
        symbol: "",
        name: "Every encoder layer's width",
        help: "Widths of the hidden layers before the code, e.g. \"32, 16\" (up to three). The decoder mirrors them.",
        formula: "",
        control: Control::Layers {
            max_depth: MAX_ENCODER_DEPTH,
            width: ValidRange::closed(1.0, MAX_LAYER_WIDTH),
            get: |c| &c.encoder_layers,
            set: |c, widths| c.encoder_layers = widths,
        },
        restarts: Some(Restart::Architecture),
        off_when: always,
    },
    Setting {
        key: "codeSize",
        group: Group::Architecture,
        label: "Code size",
        symbol: "h",
        name: "The code size",
        help: "Units in the code layer. Fewer than the input is an undercomplete bottleneck; more is \
               overcomplete, which only a sparsity penalty keeps from copying the input.",
        formula: "",
        control: Control::Number {
            valid: ValidRange::closed(1.0, MAX_LAYER_WIDTH),
            whole: true,
            slider: Some(Slider::linear(1.0, 256.0, 1.0)),
            slider_max_from: None,
            get: |c| c.code_size as f64,
            set: |c, v| c.code_size = v as usize,
        },
        restarts: Some(Restart::Architecture),
        off_when: always,
    },
    Setting {
        key: "activation",
        group: Group::Architecture,
        label: "Activation",
        symbol: "",
        name: "The activation",
        help: "Nonlinearity of every hidden layer including the code. The KL penalty needs sigmoid (its ρ̂ is a \
               firing probability).",
        formula: "",
        control: Control::Choice {
            choices: &[("sigmoid", "sigmoid σ(z)"), ("tanh", "tanh"), ("relu", "ReLU max(0, z)"), ("linear", "linear")],
            get: |c| c.activation.name(),
            set: |c, name| Activation::from_name(name).map(|a| c.activation = a).is_some(),
            unavailable: any_choice,
        },
        restarts: Some(Restart::Activation),
        off_when: always,
    },
    Setting {
        key: "outputActivation",
        group: Group::Architecture,
        label: "Output",
        symbol: "",
        name: "The output activation",
        help: "Activation of the output layer: sigmoid for pixels in [0, 1], linear for standardized coordinates.",
        formula: "",
        control: Control::Choice {
            choices: &[("auto", "auto (by data set)"), ("sigmoid", "sigmoid"), ("linear", "linear")],
            get: |c| c.output_activation.name(),
            set: |c, name| OutputActivation::from_name(name).map(|a| c.output_activation = a).is_some(),
            unavailable: any_choice,
        },
        restarts: Some(Restart::Activation),
        off_when: always,
    },
    // ---- sparsity: live ----
    Setting {
        key: "penalty",
        group: Group::Sparsity,
        label: "Penalty",
        symbol: "",
        name: "The penalty",
        help: "How the code is made sparse. L1 penalizes every activation; KL pulls each unit's mean activation ρ̂ \
               to ρ; TopK keeps only the k largest per sample.",
        formula: "",
        control: Control::Choice {
            choices: &[("none", "none"), ("l1", "L1: λ Σ|a|"), ("kl", "KL: β Σ KL(ρ‖ρ̂)"), ("topk", "TopK: keep k")],
            get: |c| c.objective.penalty.name(),
            set: |c, name| Penalty::from_name(name).map(|p| c.objective.penalty = p).is_some(),
            unavailable: kl_needs_sigmoid,
        },
        restarts: None,
        off_when: always,
    },
    Setting {
        key: "lambda",
        group: Group::Sparsity,
        label: "L1 strength",
        symbol: "λ",
        name: "The L1 strength λ",
        help: "Each active unit costs λ per unit of activation, so units that do not help reconstruction are \
               pushed to exactly zero.",
        formula: "J += λ (1/m) Σᵢ Σⱼ |aᵢⱼ|",
        control: Control::Number {
            valid: ValidRange::closed(0.0, 100.0),
            whole: false,
            slider: Some(Slider::log_with_zero(1e-4, 10.0)),
            slider_max_from: None,
            get: |c| c.objective.lambda,
            set: |c, v| c.objective.lambda = v,
        },
        restarts: None,
        off_when: |c| (c.objective.penalty != Penalty::L1).then_some("λ applies to the L1 penalty: choose L1."),
    },
    Setting {
        key: "rho",
        group: Group::Sparsity,
        label: "Target activation",
        symbol: "ρ",
        name: "The sparsity target ρ",
        help: "The mean activation each code unit should have: KL(ρ‖ρ̂) = ρ log(ρ/ρ̂) + (1−ρ) log((1−ρ)/(1−ρ̂)) is \
               zero at ρ̂ = ρ.",
        formula: "J += β Σⱼ KL(ρ ‖ ρ̂ⱼ),  ρ̂ⱼ = (1/m) Σᵢ aᵢⱼ",
        control: Control::Number {
            valid: ValidRange::open(0.0, 1.0),
            whole: false,
            slider: Some(Slider::log(0.001, 0.95)),
            slider_max_from: None,
            get: |c| c.objective.rho,
            set: |c, v| c.objective.rho = v,
        },
        restarts: None,
        off_when: |c| {
            (c.objective.penalty != Penalty::Kl)
                .then_some("ρ applies to the KL penalty: choose KL (with sigmoid units).")
        },
    },
    Setting {
        key: "beta",
        group: Group::Sparsity,
        label: "KL strength",
        symbol: "β",
        name: "The KL strength β",
        help: "How hard the KL term pulls each ρ̂ towards ρ.",
        formula: "∂J/∂aᵢⱼ += (β/m) (−ρ/ρ̂ⱼ + (1−ρ)/(1−ρ̂ⱼ))",
        control: Control::Number {
            valid: ValidRange::closed(0.0, 100.0),
            whole: false,
            slider: Some(Slider::log_with_zero(0.01, 100.0)),
            slider_max_from: None,
            get: |c| c.objective.beta,
            set: |c, v| c.objective.beta = v,
        },
        restarts: None,
        off_when: |c| {
            (c.objective.penalty != Penalty::Kl)
                .then_some("β applies to the KL penalty: choose KL (with sigmoid units).")
        },
    },
    Setting {
        key: "k",
        group: Group::Sparsity,
        label: "Active units",
        symbol: "k",
        name: "TopK's k",
        help: "TopK keeps the k largest code activations of each sample and zeroes the rest: L0 = k exactly.",
        formula: "",
        control: Control::Number {
            valid: ValidRange::closed(1.0, MAX_LAYER_WIDTH),
            whole: true,
            slider: Some(Slider::linear(1.0, 64.0, 1.0)),
            slider_max_from: Some("codeSize"),
            get: |c| c.objective.k as f64,
            set: |c, v| c.objective.k = v as usize,
        },
        restarts: None,
        off_when: |c| (c.objective.penalty != Penalty::TopK).then_some("k applies to TopK: choose TopK."),
    },
    // ---- training: live, except the seed ----
    Setting {
        key: "weightDecay",
        group: Group::Training,
        label: "Weight decay",
        symbol: "λ_w",
        name: "The weight decay λ_w",
        help: "The seed's \"regularization\" on the weights (L2): shrinks every weight in proportion to its size, \
               never to exactly zero.",
        formula: "J += (λ_w / 2) Σ W²  (weights only)",
        control: Control::Number {
            valid: ValidRange::closed(0.0, 10.0),
            whole: false,
            slider: Some(Slider::log_with_zero(1e-5, 1.0)),
            slider_max_from: None,
            get: |c| c.objective.weight_decay,
            set: |c, v| c.objective.weight_decay = v,
        },
        restarts: None,
        off_when: always,
    },
    Setting {
        key: "optimizer",
        group: Group::Training,
        label: "Optimizer",
        symbol: "",
        name: "The optimizer",
        help: "SGD: θ ← θ − η g. Momentum: v ← μv − ηg, θ ← θ + v. Adam scales each step by running gradient \
               statistics.",
        formula: "",
        control: Control::Choice {
            choices: &[("sgd", "SGD"), ("momentum", "SGD + momentum"), ("adam", "Adam")],
            get: |c| c.optimizer.name(),
            set: |c, name| OptimizerKind::from_name(name).map(|o| c.optimizer = o).is_some(),
            unavailable: any_choice,
        },
        restarts: None,
        off_when: always,
    },
    Setting {
        key: "learningRate",
        group: Group::Training,
        label: "Learning rate",
        symbol: "η",
        name: "The learning rate η",
        help: "Step size. Too large and training diverges: the page stops, explains, and offers the last good \
               weights back.",
        formula: "θ ← θ − η ∂J/∂θ",
        control: Control::Number {
            // Large values are allowed so that divergence can be shown and caught.
            valid: ValidRange::above(0.0, 1000.0),
            whole: false,
            slider: Some(Slider::log(1e-5, 100.0)),
            slider_max_from: None,
            get: |c| c.learning_rate,
            set: |c, v| c.learning_rate = v,
        },
        restarts: None,
        off_when: always,
    },
    Setting {
        key: "momentum",
        group: Group::Training,
        label: "Momentum",
        symbol: "μ",
        name: "The momentum μ",
        help: "Fraction of the previous update kept in each step.",
        formula: "",
        control: Control::Number {
            valid: ValidRange::closed(0.0, 0.999),
            whole: false,
            slider: Some(Slider::linear(0.0, 0.99, 0.01)),
            slider_max_from: None,
            get: |c| c.momentum,
            set: |c, v| c.momentum = v,
        },
        restarts: None,
        off_when: |c| (c.optimizer != OptimizerKind::Momentum).then_some("μ applies to SGD + momentum."),
    },
    Setting {
        key: "batchSize",
        group: Group::Training,
        label: "Batch size",
        symbol: "m",
        name: "The batch size m",
        help: "Samples per step. ρ̂ is averaged over the batch, so tiny batches make the KL estimate noisy.",
        formula: "",
        control: Control::Number {
            valid: ValidRange::closed(1.0, 4096.0),
            whole: true,
            slider: Some(Slider::pow2(1.0, 1024.0)),
            slider_max_from: None,
            get: |c| c.batch_size as f64,
            set: |c, v| c.batch_size = v as usize,
        },
        restarts: None,
        off_when: always,
    },
    Setting {
        key: "seed",
        group: Group::Training,
        label: "Seed",
        symbol: "",
        name: "The seed",
        help: "Seed of the initial weights and the minibatch order: the same seed trains identically.",
        formula: "",
        control: Control::Number {
            valid: ValidRange::closed(0.0, MAX_SEED),
            whole: true,
            slider: None,
            slider_max_from: None,
            get: |c| c.seed as f64,
            set: |c, v| c.seed = v as u64,
        },
        restarts: Some(Restart::Seed),
        off_when: always,
    },
];
