//! The heatmap panel: the code of a fixed probe batch, one row per sample and one column per unit.

use crate::activation::Activation;
use crate::playground::Playground;
use crate::render::heatmap::{self, HeatmapInput, HeatmapLayout};
use crate::render::RgbaImage;
use crate::view::panel::{Figure, Frame, ImageFigure, Panel, PanelSpec, PanelView, Pointer, Toggle};
use crate::view::{sample_label, Hover, ViewState};
use ndarray::Array2;

pub struct Heatmap;

pub const PANEL: Panel = Panel {
    spec: PanelSpec {
        id: "heatmap",
        title: "Hidden activations",
        caption: "A fixed probe batch (rows) × code units (columns). Hover a cell for its value; tick \"sort\" to order units by ρ̂.",
        height: 230,
        min_interval_ms: 33,
        pixelated: true,
        toggles: &[Toggle { option: "sortUnits", label: "sort units by ρ̂" }],
        numbers: crate::view::export::Numbers::ProbeCodes,
        shows_settings: &["k", "penalty"],
        ..PanelSpec::BASE
    },
    figure: Figure::Image(&Heatmap),
};

/// What the last paint showed: where the cells went, the probe's samples and their activations.
#[derive(Default)]
struct Drawn {
    layout: HeatmapLayout,
    samples: Vec<usize>,
    /// `[samples, units]`.
    values: Array2<f32>,
}

impl PanelView for Heatmap {
    fn hover(&self, playground: &Playground, view: &ViewState, pointer: Pointer) -> Option<Hover> {
        let drawn = view.kept::<Drawn>()?;
        let (row, unit) = drawn.layout.cell_at(pointer.x, pointer.y)?;
        let sample = *drawn.samples.get(row)?;
        let a = drawn.values.get([row, unit])?;
        Some(Hover {
            text: format!("{}\nunit {unit}: a = {a:.4}", sample_label(playground, sample)),
            index: None,
            sample: Some(sample),
            unit: Some(unit),
        })
    }
}

impl ImageFigure for Heatmap {
    fn paint(&self, image: &mut RgbaImage, width: usize, height: usize, frame: &mut Frame) {
        let playground = &*frame.playground;
        let hidden = playground.trainer().model().hidden;
        let order = frame.options.sort_units.then(|| sorted_by_rho_hat(playground));
        let selected = frame.view.selected();
        let mut drawn = frame.view.take::<Drawn>();
        let probe = frame.view.probe(playground);
        let Some(codes) = probe.code(playground.trainer().model()) else { return };
        let max = codes.iter().filter(|v| v.is_finite()).fold(0.0f32, |m, v| m.max(v.abs()));
        let (range, signed) = match hidden {
            Activation::Sigmoid => ((0.0, 1.0), false),
            Activation::Relu => ((0.0, max.max(1e-6)), false),
            Activation::Tanh | Activation::Linear => ((-max.max(1e-6), max.max(1e-6)), true),
        };
        let input = HeatmapInput {
            values: codes,
            column_order: order.as_deref(),
            range,
            signed,
            width,
            height,
            highlighted_row: selected.and_then(|s| probe.position_of(s)),
        };
        drawn.layout = heatmap::paint(image, &input, &frame.style);
        drawn.samples.clone_from(&probe.indices);
        if drawn.values.dim() == codes.dim() {
            drawn.values.assign(&codes);
        } else {
            drawn.values = codes.to_owned();
        }
        frame.view.keep(drawn);
    }
}

/// Units ordered by their running ρ̂, largest first.
fn sorted_by_rho_hat(playground: &Playground) -> Vec<usize> {
    let rho_hat = &playground.trainer().stats().rho_hat_running;
    let mut order: Vec<usize> = (0..rho_hat.len()).collect();
    crate::sort::indices_descending_by(&mut order, &|i| rho_hat[i] as f64);
    order
}
