//! One weight under L1 and under L2, with the figure's own λ and starting weight w₀ (draw options
//! `descentLambda`, `descentStart`, which the lesson's sliders set): L1 lands on exactly 0 in
//! ⌈|w₀|/(ηλ)⌉ steps, L2 only shrinks. A figure of the objective, not of the model: it follows the
//! settings only (and its options).

use crate::objective::l1_vs_l2::DEMO_LEARNING_RATE;
use crate::playground::Playground;
use crate::render::weight_descent;
use crate::render::{PlotGeometry, RenderResult};
use crate::view::panel::{ChartArea, ChartFigure, DependsOn, Figure, Frame, Panel, PanelSpec, PanelView, Pointer};
use crate::view::{Hover, ViewState};

/// λ when the page passes none.
pub const DEFAULT_DESCENT_LAMBDA: f64 = 0.5;
/// w₀ when the page passes none.
pub const DEFAULT_DESCENT_START: f64 = 1.5;

pub struct WeightDescentPanel;

pub const PANEL: Panel = Panel {
    spec: PanelSpec {
        id: "weight-descent",
        title: "One weight under L1 and under L2",
        caption: "A single weight w, pulled by the penalty alone with step size η = 0.1 from w₀. L1's slope is ±λ, so every step takes off the same ηλ and w lands on exactly 0; L2's slope 2λw shrinks with w, so each step takes off less and w never gets there.",
        height: 240,
        min_interval_ms: 0,
        depends_on: DependsOn::Config,
        ..PanelSpec::BASE
    },
    figure: Figure::Chart(&WeightDescentPanel),
};

/// What the last draw showed.
struct Drawn {
    geometry: PlotGeometry,
    l1: Vec<f64>,
    l2: Vec<f64>,
}

impl PanelView for WeightDescentPanel {
    fn hover(&self, _playground: &Playground, view: &ViewState, pointer: Pointer) -> Option<Hover> {
        let drawn = view.kept::<Drawn>()?;
        let (k, l1, l2) = super::l1_l2::descent_point(&drawn.geometry, &drawn.l1, &drawn.l2, pointer)?;
        Some(Hover { text: format!("step {k}\nL1: w = {l1}\nL2: w = {l2:.3e}"), ..Hover::default() })
    }
}

impl ChartFigure for WeightDescentPanel {
    fn draw(&self, area: &ChartArea, frame: &mut Frame) -> RenderResult<()> {
        let lambda = frame.options.descent_lambda.unwrap_or(DEFAULT_DESCENT_LAMBDA);
        let start = frame.options.descent_start.unwrap_or(DEFAULT_DESCENT_START);
        let d = weight_descent::descent(start, lambda);
        debug_assert_eq!(d.learning_rate, DEMO_LEARNING_RATE);
        let geometry = weight_descent::draw(area, &d, &frame.style)?;
        frame.view.keep(Drawn { geometry, l1: d.l1, l2: d.l2 });
        Ok(())
    }
}
