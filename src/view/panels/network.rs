//! The network panel: the diagram for the selected sample (seed Fig 07): which units each column shows
//! (all of a narrow layer, the most active of a wide one), how strongly each is on, and the weights
//! between them.

use crate::activation::Activation;
use crate::model::ForwardCache;
use crate::playground::Playground;
use crate::render::network_diagram::{self, EdgeView, LayerView, NetworkInput, UnitView};
use crate::render::RenderResult;
use crate::view::panel::{ChartArea, ChartFigure, Figure, Frame, Panel, PanelSpec, PanelView, Pointer};
use crate::view::{Hover, ViewState};
use ndarray::Array2;

pub struct Network;

pub const PANEL: Panel = Panel {
    spec: PanelSpec {
        id: "network",
        title: "Network",
        caption: "Nodes shaded by their activation for the selected sample (seed Fig 07); edges orange for positive and purple for negative weights, thicker when larger. Click a sample in any figure to select it.",
        height: 250,
        min_interval_ms: 100,
        shows_settings: &["k", "penalty"],
        ..PanelSpec::BASE
    },
    figure: Figure::Chart(&Network),
};

/// What the last draw showed: each drawn node's centre (device pixels), layer label, unit and value.
#[derive(Default)]
struct Drawn {
    nodes: Vec<Node>,
    /// Nodes within this many device pixels of the pointer are reported.
    reach: f64,
}

struct Node {
    at: (f64, f64),
    layer: String,
    unit: usize,
    value: f32,
    /// A unit of the code layer (a click opens its formula card).
    code: bool,
}

impl PanelView for Network {
    fn hover(&self, _playground: &Playground, view: &ViewState, pointer: Pointer) -> Option<Hover> {
        let drawn = view.kept::<Drawn>()?;
        let distance = |n: &Node| (n.at.0 - pointer.x).hypot(n.at.1 - pointer.y);
        let node = drawn
            .nodes
            .iter()
            .filter(|n| distance(n) <= drawn.reach)
            .min_by(|a, b| distance(a).total_cmp(&distance(b)))?;
        Some(Hover {
            text: format!(
                "{}, unit {}: {:.4}{}",
                node.layer,
                node.unit,
                node.value,
                if node.code { "\nclick: its formula card" } else { "" }
            ),
            index: None,
            sample: None,
            unit: node.code.then_some(node.unit),
        })
    }
}

impl ChartFigure for Network {
    fn draw(&self, area: &ChartArea, frame: &mut Frame) -> RenderResult<()> {
        let selected = frame.view.selected().unwrap_or(0);
        let content = build(frame.playground, selected);
        let input = NetworkInput {
            layers: &content.layers,
            edges: &content.edges,
            max_abs_weight: content.max_abs_weight,
            code_layer: frame.playground.trainer().model().code_layer,
        };
        let geometry = network_diagram::draw(area, &input, &frame.style)?;
        let (w, h) = area.dim_in_pixel();
        let positions = network_diagram::node_positions(&input, w as f64, h as f64, &frame.style);
        let origin = (geometry.x_pixels.0, geometry.y_pixels.0);
        let mut drawn = frame.view.take::<Drawn>();
        drawn.nodes.clear();
        let code_layer = frame.playground.trainer().model().code_layer;
        for (l, ((layer, at), values)) in content.layers.iter().zip(&positions).zip(&content.values).enumerate() {
            for ((unit, &(x, y)), &value) in layer.units.iter().zip(at).zip(values) {
                let at = (origin.0 + x, origin.1 + y);
                let node = Node { at, layer: layer.label.clone(), unit: unit.index, value, code: l == code_layer };
                drawn.nodes.push(node);
            }
        }
        drawn.reach = frame.style.px(10.0) as f64;
        frame.view.keep(drawn);
        Ok(())
    }
}

/// The diagram's content: columns, edges, the largest |w| among them, and each drawn unit's activation.
struct Content {
    layers: Vec<LayerView>,
    edges: Vec<EdgeView>,
    max_abs_weight: f32,
    /// Per layer, the activation of each drawn unit (in `layers[l].units` order).
    values: Vec<Vec<f32>>,
}

/// Layers wider than this show only their most active units.
const MAX_UNITS_SHOWN: usize = 10;
/// Connections drawn into each unit: its strongest.
const EDGES_PER_UNIT: usize = 5;

/// The diagram's content for data sample `sample`.
fn build(playground: &Playground, sample: usize) -> Content {
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
    let mut shown_values = Vec::with_capacity(depth + 1);
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
        let units = shown_units(&values, activation);
        shown_values.push(units.iter().map(|u| values[u.index]).collect());
        layers.push(LayerView { size: values.len(), units, label });
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
    Content { layers, edges, max_abs_weight: max_abs, values: shown_values }
}

/// The units of one layer to draw, with activations scaled to [0, 1] for opacity.
fn shown_units(values: &[f32], activation: Activation) -> Vec<UnitView> {
    let magnitude = |v: f32| if v.is_finite() { v.abs() } else { 0.0 };
    let mut indices: Vec<usize> = (0..values.len()).collect();
    if values.len() > MAX_UNITS_SHOWN {
        crate::sort::indices_descending_by(&mut indices, &|i| magnitude(values[i]) as f64);
        indices.truncate(MAX_UNITS_SHOWN);
        crate::sort::sort_by(&mut indices, &usize::cmp);
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
