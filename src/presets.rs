//! Named configurations shared by the CLI and the page, each with what a student should see.

use crate::activation::Activation;
use crate::config::{Config, DataKind, ObjectiveSettings, OptimizerKind, OutputActivation, Penalty};
use serde::Serialize;

/// A named, documented configuration.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preset {
    pub name: &'static str,
    pub title: &'static str,
    /// What a student should see, in sentences for the page and the README.
    pub lesson: &'static str,
    /// Steps after which the lesson is visible (the CLI's default run length).
    pub steps: usize,
    pub config: Config,
}

fn base() -> Config {
    Config::default()
}

/// The UFLDL exercise's objective: KL with ρ 0.1 and β 3, weight decay 3e-3 (also the benchmark's).
pub fn ufldl_objective() -> ObjectiveSettings {
    ObjectiveSettings { penalty: Penalty::Kl, rho: 0.1, beta: 3.0, weight_decay: 3e-3, ..Default::default() }
}

/// The UFLDL exercise's settings (784-196-784 sigmoid on MNIST with [`ufldl_objective`]), shared by the
/// preset that follows it and the one that mistunes it.
fn ufldl_exercise() -> Config {
    Config {
        dataset: DataKind::Mnist,
        samples: 6000,
        encoder_layers: vec![],
        code_size: 196,
        activation: Activation::Sigmoid,
        output_activation: OutputActivation::Sigmoid,
        optimizer: OptimizerKind::Adam,
        learning_rate: 0.003,
        batch_size: 64,
        objective: ufldl_objective(),
        ..base()
    }
}

/// Every preset, in the order the page lists them.
pub fn all() -> Vec<Preset> {
    vec![
        Preset {
            name: "undercomplete",
            title: "Undercomplete: a 2-unit bottleneck on the Swiss roll",
            lesson: "With only two code units and no penalty, the bottleneck itself forces compression. The \
                     3-D roll is squeezed into a 2-D code; the reconstruction error drops below PCA's at the \
                     same code size because the network can bend where PCA can only project onto a plane \
                     (seed Fig 04).",
            steps: 4000,
            config: Config {
                dataset: DataKind::SwissRoll,
                encoder_layers: vec![32],
                code_size: 2,
                activation: Activation::Tanh,
                optimizer: OptimizerKind::Adam,
                learning_rate: 0.01,
                batch_size: 32,
                objective: ObjectiveSettings { penalty: Penalty::None, ..Default::default() },
                ..base()
            },
        },
        Preset {
            name: "overcomplete-memorizes",
            title: "Overcomplete without a penalty: the network copies its input",
            lesson: "Thirty-two code units for three inputs and no penalty: nothing forces compression, so \
                     the network learns to pass the input through. The reconstruction error falls far below \
                     PCA's, yet nearly every code unit is active for every sample (L0 close to the code \
                     size): the code is dense and teaches nothing about the data (seed Fig 02).",
            steps: 3000,
            config: Config {
                dataset: DataKind::SwissRoll,
                encoder_layers: vec![],
                code_size: 32,
                activation: Activation::Tanh,
                optimizer: OptimizerKind::Adam,
                learning_rate: 0.01,
                batch_size: 32,
                objective: ObjectiveSettings { penalty: Penalty::None, ..Default::default() },
                ..base()
            },
        },
        Preset {
            name: "l1-sparse",
            title: "L1 sparsity: λ Σ|a| switches most units off",
            lesson: "The same wide code with the seed's L1 penalty on the activations. ReLU units that do \
                     not earn their keep are pushed to exactly zero, so each sample uses only a few units \
                     (watch L0 fall) while the reconstruction stays good. Raise λ and more units go quiet; \
                     too high and the reconstruction suffers.",
            steps: 4000,
            config: Config {
                dataset: DataKind::SwissRoll,
                encoder_layers: vec![],
                code_size: 32,
                activation: Activation::Relu,
                optimizer: OptimizerKind::Adam,
                learning_rate: 0.01,
                batch_size: 32,
                objective: ObjectiveSettings { penalty: Penalty::L1, lambda: 0.05, ..Default::default() },
                ..base()
            },
        },
        Preset {
            name: "kl-sparse",
            title: "KL sparsity: every unit's mean activation ρ̂ pulled to ρ",
            lesson: "Sigmoid code units with the KL penalty β Σ KL(ρ ‖ ρ̂ⱼ). Each unit's average activation \
                     ρ̂ⱼ is pulled towards the target ρ = 0.05: watch the ρ̂ bars settle on the ρ line and \
                     the dots slide down the KL curve to its minimum (seed Fig 10) within about a thousand \
                     steps. Move ρ and they follow: at ρ = 0.2 every ρ̂ is back within 0.02 of the line in \
                     under a hundred steps. KL fixes each unit's average, and weight decay (λ_w = 0.003) \
                     decides how it is reached: the decoder cannot make up for a weak code with large \
                     weights, so each unit rests near 0 and fires (rises above 2ρ) on its own stretch of \
                     the roll, a few percent of the samples each. The health panel shows that spread and \
                     no dead units; the learned-features maps show where each unit fires. Set λ_w to 0 and \
                     the same penalty drifts towards a dense, weak code with the right mean: units answer \
                     everything closer to ρ and L0 falls several-fold. L1 and TopK constrain every sample instead of the average.",
            steps: 4000,
            config: Config {
                dataset: DataKind::SwissRoll,
                encoder_layers: vec![],
                code_size: 32,
                activation: Activation::Sigmoid,
                optimizer: OptimizerKind::Adam,
                learning_rate: 0.01,
                batch_size: 64,
                objective: ObjectiveSettings {
                    penalty: Penalty::Kl,
                    rho: 0.05,
                    beta: 1.0,
                    weight_decay: 0.003,
                    ..Default::default()
                },
                ..base()
            },
        },
        Preset {
            name: "topk",
            title: "TopK: exactly k units per sample",
            lesson: "The modern sparse autoencoder's rule: keep the k = 4 largest code activations of each \
                     sample and zero the rest. Sparsity is exact by construction (L0 = k), no penalty to \
                     tune; watch which units win for which part of the roll.",
            steps: 4000,
            config: Config {
                dataset: DataKind::SwissRoll,
                encoder_layers: vec![],
                code_size: 32,
                activation: Activation::Relu,
                optimizer: OptimizerKind::Adam,
                learning_rate: 0.01,
                batch_size: 32,
                objective: ObjectiveSettings { penalty: Penalty::TopK, k: 4, ..Default::default() },
                ..base()
            },
        },
        Preset {
            name: "ufldl-mnist",
            title: "The classic exercise: 784-196-784 sparse autoencoder on MNIST",
            lesson: "The Stanford UFLDL exercise: sigmoid units, ρ = 0.1, β = 3, λ_w = 3e-3. The mean \
                     activation settles at ρ and the encoder's features W_j/‖W_j‖ turn into pen strokes: \
                     short line segments at different places and angles.",
            steps: 6000,
            config: ufldl_exercise(),
        },
        Preset {
            name: "bad-tuning",
            title: "Bad tuning: the exercise with weight decay 30× too strong",
            lesson: "The MNIST exercise with λ_w = 0.1 instead of 3e-3. Weight decay outweighs the \
                     reconstruction: the weights shrink towards zero, every unit sees almost the same \
                     input, and the feature tiles come out as near-identical blurry blobs while the \
                     reconstruction stays poor. This is what the exercise warns about: a bad ρ, β or λ_w \
                     gives noisy or identical tiles.",
            steps: 3000,
            config: {
                let exercise = ufldl_exercise();
                Config { objective: ObjectiveSettings { weight_decay: 0.1, ..exercise.objective.clone() }, ..exercise }
            },
        },
        Preset {
            name: "sparse-features",
            title: "Sparse features: recovering the true directions",
            lesson: "Each sample mixes 2 of 20 known directions in 16 dimensions: more features than \
                     dimensions. With an L1 penalty (and weight decay, so the decoder cannot dodge the \
                     penalty by growing) the overcomplete code finds the true directions: the recovery \
                     score counts the features matched by a decoder column with cosine above 0.9, and about \
                     20 units stay alive, one per true feature. Set the penalty to none and the same network \
                     reconstructs just as well with a dense code whose columns match almost none of them.",
            steps: 6000,
            config: Config {
                dataset: DataKind::SparseFeatures,
                samples: 4000,
                noise: 0.01,
                true_features: 20,
                feature_dim: 16,
                active_features: 2,
                encoder_layers: vec![],
                code_size: 48,
                activation: Activation::Relu,
                optimizer: OptimizerKind::Adam,
                learning_rate: 0.005,
                batch_size: 64,
                objective: ObjectiveSettings {
                    penalty: Penalty::L1,
                    lambda: 0.1,
                    weight_decay: 0.003,
                    ..Default::default()
                },
                ..base()
            },
        },
        Preset {
            name: "linear-pca",
            title: "A linear autoencoder finds PCA's plane",
            lesson: "Linear units, a 2-unit code, a plane in 3-D: the autoencoder can only learn a linear map, \
                     and the best one is PCA's projection. Its reconstruction error settles on the PCA \
                     reference line (the notes' remark that a plain autoencoder learns something very \
                     similar to PCA).",
            steps: 6000,
            config: Config {
                dataset: DataKind::Plane,
                noise: 0.1,
                encoder_layers: vec![],
                code_size: 2,
                activation: Activation::Linear,
                optimizer: OptimizerKind::Adam,
                learning_rate: 0.003,
                batch_size: 64,
                objective: ObjectiveSettings { penalty: Penalty::None, ..Default::default() },
                ..base()
            },
        },
        Preset {
            name: "diverging",
            title: "Divergence: a learning rate far too large",
            lesson: "Plain SGD with η = 20 on the Swiss roll: each step overshoots, the weights grow without \
                     bound and the loss becomes infinite within a few steps. The playground stops, explains \
                     what happened and offers the last good weights back: lower η and press Restore.",
            steps: 200,
            config: Config {
                dataset: DataKind::SwissRoll,
                encoder_layers: vec![16],
                code_size: 2,
                activation: Activation::Linear,
                optimizer: OptimizerKind::Sgd,
                learning_rate: 20.0,
                batch_size: 32,
                objective: ObjectiveSettings { penalty: Penalty::None, ..Default::default() },
                ..base()
            },
        },
    ]
}

/// The preset called `name`.
pub fn find(name: &str) -> Option<Preset> {
    all().into_iter().find(|p| p.name == name)
}

/// The names, for usage messages.
pub fn names() -> Vec<&'static str> {
    all().iter().map(|p| p.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_valid_and_named_uniquely() {
        let presets = all();
        for p in &presets {
            p.config.validate().unwrap_or_else(|e| panic!("{}: {e}", p.name));
            assert!(p.lesson.len() > 80, "{} needs a lesson", p.name);
        }
        let mut names = names();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), presets.len());
        for required in [
            "undercomplete",
            "overcomplete-memorizes",
            "l1-sparse",
            "kl-sparse",
            "topk",
            "ufldl-mnist",
            "bad-tuning",
            "sparse-features",
        ] {
            assert!(find(required).is_some(), "{required}");
        }
    }
}
