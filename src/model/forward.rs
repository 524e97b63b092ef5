//! Forward pass: every layer's activations for a batch, kept for the backward pass.

use super::matmul::matmul;
use super::Model;
use crate::float::Real;
use crate::objective::topk;
use ndarray::{Array2, ArrayView2};

/// What the forward pass leaves for the backward pass and for display, sized for one batch size.
#[derive(Clone, Debug)]
pub struct ForwardCache<F> {
    /// `activations[l - 1]` is layer l's output a⁽ˡ⁾, shape `[m, sizes[l]]`; the last one is x̂.
    pub activations: Vec<Array2<F>>,
    /// TopK: 1 where a code activation was kept, 0 where it was zeroed; shape `[m, code]`, empty otherwise.
    pub kept: Array2<u8>,
    /// Scratch row for the TopK selection, length `code`.
    topk_scratch: Vec<F>,
}

impl<F: Real> ForwardCache<F> {
    /// Buffers for batches of `rows` samples through `model`.
    pub fn new(model: &Model<F>, rows: usize) -> ForwardCache<F> {
        ForwardCache {
            activations: model.sizes[1..].iter().map(|&w| Array2::zeros((rows, w))).collect(),
            kept: Array2::zeros((0, 0)),
            topk_scratch: vec![F::zero(); model.code_size()],
        }
    }

    /// Batch size the buffers are for.
    pub fn rows(&self) -> usize {
        self.activations[0].nrows()
    }

    /// The code activations h, shape `[m, code]`.
    pub fn code<'a>(&'a self, model: &Model<F>) -> ArrayView2<'a, F> {
        self.activations[model.code_layer - 1].view()
    }

    /// The reconstruction x̂, shape `[m, input]`.
    pub fn output(&self) -> ArrayView2<'_, F> {
        self.activations.last().expect("at least one layer").view()
    }
}

impl<F: Real> Model<F> {
    /// Runs `x` (shape `[m, input]`, m = `cache.rows()`) through the network into `cache`.
    /// With `topk = Some(k)` only the k largest code activations of each sample survive.
    pub fn forward(&self, x: ArrayView2<F>, topk: Option<usize>, cache: &mut ForwardCache<F>) {
        self.forward_layers(x, topk, cache, 1..=self.depth());
    }

    /// [`Model::forward`] for `layers` only, each from the layer before it (`x` for layer 1, else what
    /// `cache` holds): a figure that needs the codes alone stops at the code layer, and goes on later if
    /// the reconstructions are asked for.
    pub fn forward_layers(
        &self,
        x: ArrayView2<F>,
        topk: Option<usize>,
        cache: &mut ForwardCache<F>,
        layers: std::ops::RangeInclusive<usize>,
    ) {
        debug_assert_eq!(x.nrows(), cache.rows());
        for l in layers {
            let (before, rest) = cache.activations.split_at_mut(l - 1);
            let out = &mut rest[0];
            let input = if l == 1 { x } else { before[l - 2].view() };
            // a = f(a⁽ˡ⁻¹⁾ W + b): the product into the buffer, then bias and activation in one pass.
            matmul(&input, &self.params.weights(l - 1), false, &mut out.view_mut());
            let biases = self.params.biases(l - 1);
            let biases = biases.as_slice().expect("biases are contiguous");
            self.activation_of(l).apply_with_bias(out.as_slice_mut().expect("owned arrays are contiguous"), biases);
            if l == self.code_layer {
                if let Some(k) = topk {
                    if cache.kept.dim() != out.dim() {
                        cache.kept = Array2::zeros(out.dim());
                    }
                    topk::keep_largest(out, k, &mut cache.kept, &mut cache.topk_scratch);
                }
            }
        }
    }
}

impl<F: Real> Model<F> {
    /// Runs code activations `h` (`[n, code]`) through the decoder to x̂ (`[n, input]`). Allocates: for
    /// display and analysis, not the training step.
    pub fn decode(&self, h: ArrayView2<F>) -> Array2<F> {
        let mut a = h.to_owned();
        for l in (self.code_layer + 1)..=self.depth() {
            let w = self.params.weights(l - 1);
            let mut z = Array2::zeros((a.nrows(), w.ncols()));
            let biases = self.params.biases(l - 1);
            for mut row in z.rows_mut() {
                row.assign(&biases);
            }
            matmul(&a.view(), &w, true, &mut z.view_mut());
            self.activation_of(l).apply_in_place(z.as_slice_mut().expect("owned arrays are contiguous"));
            a = z;
        }
        a
    }

    /// The direction in input space that each code unit writes, `[code, input]`. When the code feeds the
    /// output layer directly this is row j of the last weight matrix (the decoder column of unit j);
    /// through deeper decoders it is decode(eⱼ) − decode(0).
    pub fn decoder_directions(&self) -> Array2<F> {
        if self.code_layer == self.depth() - 1 {
            return self.params.weights(self.depth() - 1).to_owned();
        }
        let code = self.code_size();
        let mut probes = Array2::<F>::eye(code);
        probes.push_row(ndarray::Array1::zeros(code).view()).expect("same width");
        let decoded = self.decode(probes.view());
        let origin = decoded.row(code).to_owned();
        let mut directions = decoded.slice(ndarray::s![..code, ..]).to_owned();
        for mut row in directions.rows_mut() {
            row.zip_mut_with(&origin, |d, &o| *d = *d - o);
        }
        directions
    }
}
