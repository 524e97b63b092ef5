//! The settings that are a choice among names: data set, output activation, penalty, optimiser.
//! Each name is the one used in configs, URLs and the CLI.

use crate::activation::Activation;

/// Implements `ALL`, `name` and `from_name` for a choice enum from one list of (variant, name) pairs.
macro_rules! named_choices {
    ($kind:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $kind {
            pub const ALL: [$kind; [$(stringify!($variant)),+].len()] = [$($kind::$variant),+];

            /// The name used in configs, URLs and the CLI.
            pub fn name(self) -> &'static str {
                match self {
                    $($kind::$variant => $name),+
                }
            }

            pub fn from_name(name: &str) -> Option<$kind> {
                $kind::ALL.into_iter().find(|k| k.name() == name)
            }
        }
    };
}

/// Which data set to train on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

named_choices!(DataKind {
    SwissRoll => "swiss-roll",
    Plane => "plane",
    Mnist => "mnist",
    SparseFeatures => "sparse-features",
    Csv => "csv",
});

impl DataKind {
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputActivation {
    Auto,
    Sigmoid,
    Linear,
}

named_choices!(OutputActivation { Auto => "auto", Sigmoid => "sigmoid", Linear => "linear" });

/// How activations of the code layer are made sparse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

named_choices!(Penalty { None => "none", L1 => "l1", Kl => "kl", TopK => "topk" });

/// The update rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptimizerKind {
    /// θ ← θ − η g
    Sgd,
    /// v ← μ v − η g; θ ← θ + v
    Momentum,
    /// Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8) with bias correction.
    Adam,
}

named_choices!(OptimizerKind { Sgd => "sgd", Momentum => "momentum", Adam => "adam" });
