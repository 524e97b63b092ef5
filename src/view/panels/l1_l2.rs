//! The L1-versus-L2 panel: the two penalties, their slopes, and one weight descending under each (seed
//! Fig 09). It shows the objective, not the model: it follows the settings only, and replays its descent
//! after a change.

use crate::playground::Playground;
use crate::render::l1_vs_l2::{self, L1L2Input, MAX_DESCENT_STEPS};
use crate::render::{PlotGeometry, RenderResult};
use crate::view::panel::{ChartArea, ChartFigure, DependsOn, Figure, Frame, Panel, PanelSpec, PanelView, Pointer};
use crate::view::{Hover, ViewState};

pub struct L1L2;

pub const PANEL: Panel = Panel {
    spec: PanelSpec {
        id: "l1-l2",
        title: "L1 versus L2",
        caption: "λ|w| and λw² with their derivatives (seed Fig 09), and one weight descending under each alone: L1 takes constant steps and reaches exactly 0; L2's steps shrink with w, so it never does.",
        height: 220,
        min_interval_ms: 0,
        depends_on: DependsOn::Config,
        animation_steps: MAX_DESCENT_STEPS,
        replays_on: &["lambda"],
        shows_settings: &["lambda"],
        ..PanelSpec::BASE
    },
    figure: Figure::Chart(&L1L2),
};

/// What the last draw showed: the descent panel's geometry and both paths.
struct Drawn {
    geometry: PlotGeometry,
    l1: Vec<f64>,
    l2: Vec<f64>,
}

impl PanelView for L1L2 {
    fn hover(&self, _playground: &Playground, view: &ViewState, pointer: Pointer) -> Option<Hover> {
        let drawn = view.kept::<Drawn>()?;
        let (k, l1, l2) = descent_point(&drawn.geometry, &drawn.l1, &drawn.l2, pointer)?;
        Some(Hover { text: format!("step {k}\nL1: w = {l1:.4}\nL2: w = {l2:.4}"), ..Hover::default() })
    }
}

/// The step under the pointer in a descent chart drawn with `geometry`, and both paths' weights there.
pub(super) fn descent_point(
    geometry: &PlotGeometry,
    l1: &[f64],
    l2: &[f64],
    pointer: Pointer,
) -> Option<(usize, f64, f64)> {
    if !geometry.contains(pointer.x, pointer.y) {
        return None;
    }
    let step = geometry.data_x(pointer.x).round();
    let k = (step >= 0.0).then_some(step as usize)?;
    Some((k, *l1.get(k)?, *l2.get(k)?))
}

impl ChartFigure for L1L2 {
    fn draw(&self, area: &ChartArea, frame: &mut Frame) -> RenderResult<()> {
        let lambda = frame.playground.config().objective.lambda;
        let lambda = if lambda > 0.0 { lambda } else { 0.1 };
        // A step of η·λ = 0.1 shows the argument in a handful of steps whatever λ is.
        let input = L1L2Input {
            lambda,
            learning_rate: 0.1 / lambda,
            start: 1.0,
            descent_steps: frame.options.descent_steps.min(MAX_DESCENT_STEPS),
        };
        let geometry = l1_vs_l2::draw(area, &input, &frame.style)?;
        let (l1, l2) = l1_vs_l2::descent_paths(&input);
        frame.view.keep(Drawn { geometry, l1, l2 });
        Ok(())
    }
}
