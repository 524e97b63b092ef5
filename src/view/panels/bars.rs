//! The bars panel: one bar per code unit, measuring what the penalty acts on (ρ̂ for KL, mean |a| for
//! L1, how often it is kept for TopK) against its target.

use crate::config::Penalty;
use crate::playground::Playground;
use crate::render::axis::thousands;
use crate::render::rho_bars::{self, BarsMode, RhoBarsInput};
use crate::render::{PlotGeometry, RenderResult};
use crate::trainer::sparsity_stats::DEAD_WINDOW_SAMPLES;
use crate::view::panel::{ChartArea, ChartFigure, Figure, Frame, Panel, PanelSpec, PanelView, Pointer};
use crate::view::{dead_units, Hover, ViewState};

pub struct Bars;

pub const PANEL: Panel = Panel {
    spec: PanelSpec {
        id: "bars",
        title: "Activation per unit",
        caption: "KL: each unit's ρ̂ against the target ρ. L1: mean |a| per unit. TopK: how often each unit is among the k kept.",
        height: 200,
        min_interval_ms: 50,
        shows_settings: &["k", "lambda", "penalty", "rho"],
        ..PanelSpec::BASE
    },
    figure: Figure::Chart(&Bars),
};

/// What the last draw showed.
struct Drawn {
    geometry: PlotGeometry,
    mode: BarsMode,
    values: Vec<f32>,
    dead: Vec<bool>,
}

impl PanelView for Bars {
    fn hover(&self, _playground: &Playground, view: &ViewState, pointer: Pointer) -> Option<Hover> {
        let drawn = view.kept::<Drawn>()?;
        let input =
            RhoBarsInput { mode: drawn.mode, values: &drawn.values, order: None, dead: &drawn.dead, highlighted: None };
        let unit = rho_bars::unit_at(&input, &drawn.geometry, pointer.x)?;
        let what = match drawn.mode {
            BarsMode::Kl { .. } | BarsMode::None => "ρ̂",
            BarsMode::L1 { .. } => "mean |a|",
            BarsMode::TopK { .. } => "kept on",
        };
        let dead = if drawn.dead.get(unit) == Some(&true) { " (dead)" } else { "" };
        let text = format!("unit {unit}: {what} = {:.4}{dead}\nclick: its formula card", drawn.values[unit]);
        Some(Hover { text, index: Some(unit), sample: None, unit: Some(unit) })
    }

    fn readout(&self, playground: &Playground) -> Option<String> {
        let stats = playground.trainer().stats();
        Some(format!(
            "Grey bars: dead units, {} of {} (no firing in the last {} samples: {}).",
            stats.dead_units(),
            stats.rho_hat_running.len(),
            thousands(DEAD_WINDOW_SAMPLES),
            playground.trainer().firing_rule().sentence()
        ))
    }
}

impl ChartFigure for Bars {
    fn draw(&self, area: &ChartArea, frame: &mut Frame) -> RenderResult<()> {
        let (mode, values) = bars_values(frame);
        let dead = dead_units(frame.playground);
        let input =
            RhoBarsInput { mode, values: &values, order: None, dead: &dead, highlighted: frame.options.highlighted };
        let geometry = rho_bars::draw(area, &input, &frame.style)?;
        frame.view.keep(Drawn { geometry, mode, values, dead });
        Ok(())
    }
}

/// The bars' mode and values for the current penalty.
fn bars_values(frame: &mut Frame) -> (BarsMode, Vec<f32>) {
    let playground = &*frame.playground;
    let config = playground.config();
    let stats = playground.trainer().stats();
    match config.objective.penalty {
        Penalty::Kl => (BarsMode::Kl { rho: config.objective.rho }, stats.rho_hat_running.clone()),
        Penalty::TopK => (BarsMode::TopK { k: config.objective.k }, stats.firing_density.clone()),
        Penalty::L1 => (BarsMode::L1 { lambda: config.objective.lambda }, frame.view.mean_abs_code(playground)),
        Penalty::None => (BarsMode::None, stats.rho_hat_running.clone()),
    }
}
