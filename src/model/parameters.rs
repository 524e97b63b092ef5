//! All weights and biases of the autoencoder in one flat buffer.
//!
//! One buffer makes the optimiser a single fused loop, the divergence snapshot a single copy, the gradient
//! check a walk over indices and the model file one array. Layout: every layer's weights first (so weight
//! decay touches one contiguous prefix), then every layer's biases.

use crate::float::Real;
use ndarray::{ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2};
use rand::{Rng, RngExt};

/// Where one layer's parameters live inside the flat buffer.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerLayout {
    /// Units feeding this layer.
    pub inputs: usize,
    /// Units of this layer.
    pub outputs: usize,
    /// Offset of the `[inputs, outputs]` row-major weight matrix.
    pub weights_at: usize,
    /// Offset of the `[outputs]` bias vector.
    pub biases_at: usize,
}

/// Flat parameters (or gradients: a [`Parameters`] named `d_params` holds ∂J/∂θ in the same layout).
#[derive(Clone, Debug, PartialEq)]
pub struct Parameters<F> {
    pub layers: Vec<LayerLayout>,
    /// Every weight then every bias; `values[..weight_count]` are the weights.
    pub values: Vec<F>,
    pub weight_count: usize,
}

impl<F: Real> Parameters<F> {
    /// Zeroed parameters for a network whose layer widths are `sizes` (input first, output last).
    pub fn zeros(sizes: &[usize]) -> Parameters<F> {
        let mut layers = Vec::with_capacity(sizes.len().saturating_sub(1));
        let mut at = 0;
        for pair in sizes.windows(2) {
            layers.push(LayerLayout { inputs: pair[0], outputs: pair[1], weights_at: at, biases_at: 0 });
            at += pair[0] * pair[1];
        }
        let weight_count = at;
        for layer in &mut layers {
            layer.biases_at = at;
            at += layer.outputs;
        }
        Parameters { layers, values: vec![F::zero(); at], weight_count }
    }

    /// The classic exercise's initialisation: weights uniform in ±√6/√(fan_in + fan_out + 1), biases zero.
    pub fn init_uniform<R: Rng + ?Sized>(&mut self, rng: &mut R) {
        for i in 0..self.layers.len() {
            let layer = self.layers[i].clone();
            let r = (6.0 / (layer.inputs + layer.outputs + 1) as f64).sqrt();
            let weights = &mut self.values[layer.weights_at..layer.weights_at + layer.inputs * layer.outputs];
            for w in weights {
                *w = F::of(rng.random_range(-r..r));
            }
        }
        self.values[self.weight_count..].iter_mut().for_each(|b| *b = F::zero());
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Layer `l`'s weights, shape `[inputs, outputs]`: column j holds unit j's incoming weights.
    pub fn weights(&self, l: usize) -> ArrayView2<'_, F> {
        let layer = &self.layers[l];
        let end = layer.weights_at + layer.inputs * layer.outputs;
        ArrayView2::from_shape((layer.inputs, layer.outputs), &self.values[layer.weights_at..end])
            .expect("layout matches buffer")
    }

    pub fn weights_mut(&mut self, l: usize) -> ArrayViewMut2<'_, F> {
        let layer = &self.layers[l];
        let (inputs, outputs, start) = (layer.inputs, layer.outputs, layer.weights_at);
        ArrayViewMut2::from_shape((inputs, outputs), &mut self.values[start..start + inputs * outputs])
            .expect("layout matches buffer")
    }

    /// Layer `l`'s biases, shape `[outputs]`.
    pub fn biases(&self, l: usize) -> ArrayView1<'_, F> {
        let layer = &self.layers[l];
        ArrayView1::from(&self.values[layer.biases_at..layer.biases_at + layer.outputs])
    }

    pub fn biases_mut(&mut self, l: usize) -> ArrayViewMut1<'_, F> {
        let layer = &self.layers[l];
        let (start, outputs) = (layer.biases_at, layer.outputs);
        ArrayViewMut1::from(&mut self.values[start..start + outputs])
    }

    /// Every weight (no biases): what weight decay acts on.
    pub fn all_weights(&self) -> &[F] {
        &self.values[..self.weight_count]
    }

    pub fn all_weights_mut(&mut self) -> &mut [F] {
        &mut self.values[..self.weight_count]
    }

    /// Gradient-named accessors: ∂J/∂W for layer `l`, shape `[inputs, outputs]`.
    pub fn d_weights(&self, l: usize) -> ArrayView2<'_, F> {
        self.weights(l)
    }

    /// ∂J/∂b for layer `l`, shape `[outputs]`.
    pub fn d_biases(&self, l: usize) -> ArrayView1<'_, F> {
        self.biases(l)
    }

    /// Index of the first non-finite value, if any: the divergence check.
    pub fn first_non_finite(&self) -> Option<usize> {
        self.values.iter().position(|v| !v.is_finite())
    }

    pub fn fill_zero(&mut self) {
        self.values.iter_mut().for_each(|v| *v = F::zero());
    }

    /// Converts to another float type (f32 training weights into an f64 gradient check, and back).
    pub fn cast<G: Real>(&self) -> Parameters<G> {
        Parameters {
            layers: self.layers.clone(),
            values: self.values.iter().map(|v| G::of(v.as_f64())).collect(),
            weight_count: self.weight_count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn layout_puts_weights_first_then_biases() {
        let p = Parameters::<f64>::zeros(&[4, 3, 4]);
        assert_eq!(p.weight_count, 24);
        assert_eq!(p.len(), 24 + 3 + 4);
        assert_eq!(p.layers[1].weights_at, 12);
        assert_eq!(p.layers[0].biases_at, 24);
        assert_eq!(p.layers[1].biases_at, 27);
        assert_eq!(p.weights(1).dim(), (3, 4));
    }

    #[test]
    fn init_is_within_the_classic_bound_and_biases_are_zero() {
        let mut p = Parameters::<f64>::zeros(&[64, 25, 64]);
        p.init_uniform(&mut rand_pcg::Pcg64Mcg::seed_from_u64(1));
        let r = (6.0f64 / 90.0).sqrt();
        assert!(p.all_weights().iter().all(|w| w.abs() <= r));
        assert!(p.all_weights().iter().any(|w| w.abs() > 0.9 * r));
        assert!(p.values[p.weight_count..].iter().all(|b| *b == 0.0));
    }
}
