//! Backward pass: from ∂J/∂x̂ (and any extra gradient on the code) to ∂J/∂θ for every parameter.

use super::matmul::matmul;
use super::{ForwardCache, Model, Parameters};
use crate::float::Real;
use ndarray::{Array2, ArrayView2, ArrayViewMut2, Zip};

/// Per-layer gradient buffers for one batch size.
#[derive(Clone, Debug)]
pub struct BackwardWorkspace<F> {
    /// `d_activations[l - 1]` holds ∂J/∂a⁽ˡ⁾ (shape `[m, sizes[l]]`), turned in place into ∂J/∂z⁽ˡ⁾.
    pub d_activations: Vec<Array2<F>>,
}

impl<F: Real> BackwardWorkspace<F> {
    pub fn new(model: &Model<F>, rows: usize) -> BackwardWorkspace<F> {
        BackwardWorkspace { d_activations: model.sizes[1..].iter().map(|&w| Array2::zeros((rows, w))).collect() }
    }

    /// ∂J/∂x̂, shape `[m, input]`: the objective writes the reconstruction gradient here before `backward`.
    pub fn d_output(&mut self) -> ArrayViewMut2<'_, F> {
        self.d_activations.last_mut().expect("at least one layer").view_mut()
    }
}

impl<F: Real> Model<F> {
    /// Back-propagates ∂J/∂x̂ (already in `ws.d_output()`) through the network.
    ///
    /// `add_code_gradient(h, d_h)` is called once, at the code layer, to add a penalty's ∂/∂h to the
    /// gradient flowing back (the sparsity terms act there). Every entry of `d_params` is overwritten.
    pub fn backward(
        &self,
        x: ArrayView2<F>,
        cache: &ForwardCache<F>,
        ws: &mut BackwardWorkspace<F>,
        d_params: &mut Parameters<F>,
        mut add_code_gradient: impl FnMut(ArrayView2<F>, ArrayViewMut2<F>),
    ) {
        for l in (1..=self.depth()).rev() {
            let a = &cache.activations[l - 1];
            let (below, rest) = ws.d_activations.split_at_mut(l - 1);
            let delta = &mut rest[0];
            if l == self.code_layer {
                add_code_gradient(a.view(), delta.view_mut());
            }
            // ∂J/∂z = ∂J/∂a ⊙ f'(z), with f' written through a.
            let activation = self.activation_of(l);
            Zip::from(&mut *delta).and(a).for_each(|d, &a| *d = *d * activation.derivative_from_output(a));
            if l == self.code_layer && !cache.kept.is_empty() {
                // TopK: zeroed units pass no gradient.
                Zip::from(&mut *delta).and(&cache.kept).for_each(|d, &k| {
                    if k == 0 {
                        *d = F::zero()
                    }
                });
            }
            let input = if l == 1 { x } else { cache.activations[l - 2].view() };
            // ∂J/∂W = a⁽ˡ⁻¹⁾ᵀ δ, shape [inputs, outputs].
            let layout = d_params.layers[l - 1].clone();
            {
                let end = layout.weights_at + layout.inputs * layout.outputs;
                let mut d_weights = ArrayViewMut2::from_shape(
                    (layout.inputs, layout.outputs),
                    &mut d_params.values[layout.weights_at..end],
                )
                .expect("layout matches buffer");
                matmul(&input.t(), &delta.view(), false, &mut d_weights);
            }
            // ∂J/∂b = Σ over the batch of δ.
            let d_biases = &mut d_params.values[layout.biases_at..layout.biases_at + layout.outputs];
            d_biases.iter_mut().for_each(|db| *db = F::zero());
            // Over plain slices (δ is a standard-layout buffer): ndarray's row views would not vectorise.
            let rows = delta.as_slice().expect("δ is contiguous").chunks_exact(layout.outputs);
            for row in rows {
                for (db, &d) in d_biases.iter_mut().zip(row) {
                    *db = *db + d;
                }
            }
            if l > 1 {
                // ∂J/∂a⁽ˡ⁻¹⁾ = δ Wᵀ.
                matmul(&delta.view(), &self.params.weights(l - 1).t(), false, &mut below[l - 2].view_mut());
            }
        }
    }
}
