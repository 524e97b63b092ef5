//! The KL panel: β·KL(ρ‖ρ̂) over ρ̂ with every unit riding on it as a dot, and its gradient.

use crate::config::Penalty;
use crate::objective::kl::{clamp_rho_hat, kl_divergence};
use crate::playground::Playground;
use crate::render::kl_curve::{self, KlCurveInput};
use crate::render::{PlotGeometry, RenderResult};
use crate::view::format;
use crate::view::panel::{ChartArea, ChartFigure, Figure, Frame, Panel, PanelSpec, PanelView, Pointer};
use crate::view::{Hover, ViewState};

pub struct KlCurve;

pub const PANEL: Panel = Panel {
    spec: PanelSpec {
        id: "kl-curve",
        title: "KL penalty",
        caption: "β·KL(ρ‖ρ̂) over ρ̂ with every unit's ρ̂ as a dot riding on it, and its gradient β(−ρ/ρ̂ + (1−ρ)/(1−ρ̂)) (seed Fig 10). Move ρ and the curve moves.",
        height: 260,
        min_interval_ms: 33,
        shows_settings: &["beta", "rho"],
        ..PanelSpec::BASE
    },
    figure: Figure::Chart(&KlCurve),
};

/// What the last draw showed.
#[derive(Default)]
struct Drawn {
    geometry: PlotGeometry,
    rho: f64,
    beta: f64,
    rho_hat: Vec<f32>,
}

impl PanelView for KlCurve {
    fn hover(&self, _playground: &Playground, view: &ViewState, pointer: Pointer) -> Option<Hover> {
        let drawn = view.kept::<Drawn>()?;
        let input = KlCurveInput { rho: drawn.rho, beta: drawn.beta, rho_hat: &drawn.rho_hat, highlighted: None };
        let unit = kl_curve::nearest_unit(&input, &drawn.geometry, pointer.x, pointer.y)?;
        let rho_hat = drawn.rho_hat[unit];
        let penalty = drawn.beta * kl_divergence(drawn.rho, clamp_rho_hat(rho_hat as f64));
        let text = format!("unit {unit}: ρ̂ = {rho_hat:.4}\nβ·KL(ρ‖ρ̂) = {penalty:.5}\nclick: its formula card");
        Some(Hover { text, index: Some(unit), sample: None, unit: Some(unit) })
    }

    fn readout(&self, playground: &Playground) -> Option<String> {
        let config = playground.config();
        let (rho, beta) = (config.objective.rho, config.objective.beta);
        Some(if config.objective.penalty == Penalty::Kl {
            let kl = playground.trainer().last_loss().sparsity;
            format!("ρ = {rho}, β = {beta}: KL term {}", format::value(kl))
        } else {
            format!(
                "KL is not the penalty now ({}): the dots show each unit's mean activation against the curve for ρ = {rho}.",
                config.objective.penalty.name()
            )
        })
    }
}

impl ChartFigure for KlCurve {
    fn draw(&self, area: &ChartArea, frame: &mut Frame) -> RenderResult<()> {
        let config = frame.playground.config();
        let mut drawn = frame.view.take::<Drawn>();
        drawn.rho = config.objective.rho;
        drawn.beta = config.objective.beta;
        drawn.rho_hat.clone_from(&frame.playground.trainer().stats().rho_hat_running);
        let input = KlCurveInput {
            rho: drawn.rho,
            beta: drawn.beta,
            rho_hat: &drawn.rho_hat,
            highlighted: frame.options.highlighted,
        };
        drawn.geometry = kl_curve::draw(area, &input, &frame.style)?;
        frame.view.keep(drawn);
        Ok(())
    }
}
