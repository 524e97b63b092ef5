//! The network diagram's content for one sample: which units each column shows (all of a narrow layer,
//! the most active of a wide one), how strongly each is on, and the weights between them.

use crate::activation::Activation;
use crate::model::ForwardCache;
use crate::playground::Playground;
use crate::render::network_diagram::{EdgeView, LayerView, UnitView};
use ndarray::Array2;

/// Layers wider than this show only their most active units.
const MAX_UNITS_SHOWN: usize = 10;
/// Connections drawn into each unit: its strongest.
const EDGES_PER_UNIT: usize = 5;

/// Columns, edges and the largest |w| among them, for data sample `sample`.
pub fn build(playground: &Playground, sample: usize) -> (Vec<LayerView>, Vec<EdgeView>, f32) {
    let trainer = playground.trainer();
    let model = trainer.model();
    let data = trainer.data();
    let sample = sample.min(data.len().saturating_sub(1));
    let mut x = Array2::<f32>::zeros((1, data.dim()));
    data.gather(&[sample], x.view_mut());
    let mut cache = ForwardCache::new(model, 1);
    model.forward(x.view(), trainer.objective().topk(), &mut cache);

    let depth = model.depth();
    let mut layers = Vec::with_capacity(depth + 1);
    for l in 0..=depth {
        let values: Vec<f32> = if l == 0 { x.row(0).to_vec() } else { cache.activations[l - 1].row(0).to_vec() };
        let activation = if l == 0 { Activation::Linear } else { model.activation_of(l) };
        let label = if l == 0 {
            "input x".to_string()
        } else if l == depth {
            "output x̂".to_string()
        } else if l == model.code_layer {
            "code h".to_string()
        } else {
            format!("hidden {l}")
        };
        layers.push(LayerView { size: values.len(), units: shown_units(&values, activation), label });
    }

    let mut edges = Vec::new();
    let mut max_abs = 0.0f32;
    let mut incoming = Vec::new();
    for l in 0..depth {
        let weights = model.params.weights(l);
        for (to, unit_to) in layers[l + 1].units.iter().enumerate() {
            // The strongest few connections into each drawn unit: the picture's structure without a
            // thicket of hundreds of hairlines.
            incoming.clear();
            for (from, unit_from) in layers[l].units.iter().enumerate() {
                let w = weights[[unit_from.index, unit_to.index]];
                if w.is_finite() {
                    incoming.push(EdgeView { from_layer: l, from, to, weight: w });
                }
            }
            incoming.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
            incoming.truncate(EDGES_PER_UNIT);
            for edge in &incoming {
                max_abs = max_abs.max(edge.weight.abs());
            }
            edges.extend_from_slice(&incoming);
        }
    }
    (layers, edges, max_abs)
}

/// The units of one layer to draw, with activations scaled to [0, 1] for opacity.
fn shown_units(values: &[f32], activation: Activation) -> Vec<UnitView> {
    let magnitude = |v: f32| if v.is_finite() { v.abs() } else { 0.0 };
    let mut indices: Vec<usize> = (0..values.len()).collect();
    if values.len() > MAX_UNITS_SHOWN {
        indices.sort_by(|&a, &b| magnitude(values[b]).total_cmp(&magnitude(values[a])));
        indices.truncate(MAX_UNITS_SHOWN);
        indices.sort_unstable();
    }
    // Sigmoid outputs are already in [0, 1]; other layers are scaled by their largest magnitude.
    let scale = match activation {
        Activation::Sigmoid => 1.0,
        _ => values.iter().copied().map(magnitude).fold(0.0f32, f32::max).max(1e-6),
    };
    indices
        .into_iter()
        .map(|index| UnitView { index, activation: (magnitude(values[index]) / scale).min(1.0) })
        .collect()
}
