//! The objective panel: Obj = L(x, x̂) + weight decay + sparsity penalty on the last batch, each term
//! with its value and its share of the total (the seed's "Obj" equation, live).

use crate::config::Penalty;
use crate::playground::Playground;
use crate::render::objective_terms::{self, percent, TermBar};
use crate::render::RenderResult;
use crate::view::format;
use crate::view::panel::{ChartArea, ChartFigure, Figure, Frame, Panel, PanelSpec, PanelView, Pointer};
use crate::view::{Hover, ViewState};

pub struct Objective;

pub const PANEL: Panel = Panel {
    spec: PanelSpec {
        id: "objective",
        title: "The objective, term by term",
        caption: "Obj = L(x, x̂) + weight decay + sparsity penalty, on the last batch: each term's value and its share of the total. Change λ, β or the weight decay and watch the shares move.",
        height: 150,
        min_interval_ms: 100,
        shows_settings: &["penalty"],
        ..PanelSpec::BASE
    },
    figure: Figure::Chart(&Objective),
};

/// How the sparsity term reads for `playground`'s penalty.
fn sparsity_label(playground: &Playground) -> &'static str {
    match playground.config().objective.penalty {
        Penalty::None => "(none)",
        Penalty::L1 => "λ Σ|a|",
        Penalty::Kl => "β Σ KL(ρ‖ρ̂ⱼ)",
        Penalty::TopK => "(TopK: none)",
    }
}

/// What the last draw showed: each bar and its row.
struct Drawn {
    bars: Vec<TermBar>,
    rows: Vec<(f64, f64)>,
}

impl PanelView for Objective {
    fn hover(&self, _playground: &Playground, view: &ViewState, pointer: Pointer) -> Option<Hover> {
        let drawn = view.kept::<Drawn>()?;
        let i =
            drawn.rows.iter().position(|&(top, bottom)| pointer.y >= top && pointer.y < bottom && pointer.x >= 0.0)?;
        let bar = &drawn.bars[i];
        let text = format!("{} = {}\n{} of the objective", bar.label, format::value(bar.value), percent(bar.share));
        Some(Hover { text, index: Some(i), ..Hover::default() })
    }

    fn readout(&self, playground: &Playground) -> Option<String> {
        let loss = playground.trainer().last_loss();
        let bars = objective_terms::bars(&loss, sparsity_label(playground));
        let parts: Vec<String> =
            bars.iter().map(|b| format!("{} {} ({})", b.label, format::value(b.value), percent(b.share))).collect();
        Some(format!("{} = Obj {}", parts.join(" + "), format::value(loss.total)))
    }
}

impl ChartFigure for Objective {
    fn draw(&self, area: &ChartArea, frame: &mut Frame) -> RenderResult<()> {
        let loss = frame.playground.trainer().last_loss();
        let bars = objective_terms::bars(&loss, sparsity_label(frame.playground));
        let rows = objective_terms::draw(area, &bars, loss.total, &frame.style)?;
        frame.view.keep(Drawn { bars, rows });
        Ok(())
    }
}
