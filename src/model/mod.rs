//! The autoencoder: input → encoder hidden layers → code h → mirrored decoder → output x̂.
//!
//! Untied weights; one hidden activation for every hidden layer (the code included) and a separate
//! output activation. [`forward`] keeps every layer's activations, which is all [`backward`] needs.

pub mod backward;
pub mod forward;
pub mod matmul;
pub mod parameters;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod thin_product;

pub use backward::BackwardWorkspace;
pub use forward::ForwardCache;
pub use parameters::{LayerLayout, Parameters};

use crate::activation::Activation;
use crate::config::Config;
use crate::float::Real;
use rand::SeedableRng;

/// The network's shape and parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Model<F> {
    /// Layer widths from input to output, e.g. `[784, 196, 784]`.
    pub sizes: Vec<usize>,
    /// Index into `sizes` of the code layer h (where sparsity acts).
    pub code_layer: usize,
    /// Activation of every hidden layer, the code included.
    pub hidden: Activation,
    /// Activation of the output layer.
    pub output: Activation,
    pub params: Parameters<F>,
}

impl<F: Real> Model<F> {
    /// A model for `config` on data of dimension `input_dim`, initialised from `config.seed`.
    pub fn new(config: &Config, input_dim: usize) -> Model<F> {
        let sizes = config.layer_sizes(input_dim);
        let mut model = Model {
            code_layer: config.encoder_layers.len() + 1,
            hidden: config.activation,
            output: config.resolved_output_activation(),
            params: Parameters::zeros(&sizes),
            sizes,
        };
        model.params.init_uniform(&mut rand_pcg::Pcg64Mcg::seed_from_u64(config.seed));
        model
    }

    /// Number of weight layers L (activations are numbered 0 = input to L = output).
    pub fn depth(&self) -> usize {
        self.sizes.len() - 1
    }

    pub fn input_dim(&self) -> usize {
        self.sizes[0]
    }

    pub fn code_size(&self) -> usize {
        self.sizes[self.code_layer]
    }

    /// Activation function of layer `l` (1-based: layer l produces activations `l`).
    pub fn activation_of(&self, l: usize) -> Activation {
        if l == self.depth() {
            self.output
        } else {
            self.hidden
        }
    }

    /// The same model in another float type (the f64 gradient check of f32 weights).
    pub fn cast<G: Real>(&self) -> Model<G> {
        Model {
            sizes: self.sizes.clone(),
            code_layer: self.code_layer,
            hidden: self.hidden,
            output: self.output,
            params: self.params.cast(),
        }
    }
}
