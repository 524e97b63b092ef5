//! The loss panel: each loss term over the steps, with PCA's reconstruction error at the same code size
//! for comparison.

use crate::playground::Playground;
use crate::render::loss_chart::{self, LossChartInput};
use crate::render::{PlotGeometry, RenderResult};
use crate::trainer::history::HistoryPoint;
use crate::view::format;
use crate::view::panel::{ChartArea, ChartFigure, Figure, Frame, Panel, PanelSpec, PanelView, Pointer};
use crate::view::{Hover, ViewState};

pub struct Loss;

pub const PANEL: Panel = Panel {
    spec: PanelSpec {
        id: "loss",
        title: "Loss",
        caption: "Each term over the steps (log scale) and PCA's reconstruction error at the same code size (dashed). Hover for exact values.",
        height: 240,
        min_interval_ms: 50,
        numbers: crate::view::export::Numbers::History,
        ..PanelSpec::BASE
    },
    figure: Figure::Chart(&Loss),
};

/// What the last draw showed.
#[derive(Default)]
struct Drawn {
    geometry: PlotGeometry,
    points: Vec<HistoryPoint>,
}

impl PanelView for Loss {
    fn hover(&self, _playground: &Playground, view: &ViewState, pointer: Pointer) -> Option<Hover> {
        let drawn = view.kept::<Drawn>()?;
        let i = loss_chart::nearest_point(&drawn.points, &drawn.geometry, pointer.x)?;
        let p = drawn.points[i];
        let text = format!(
            "step {}\nreconstruction {:.5}\nsparsity {:.5}\nweight decay {:.5}\ntotal {:.5}",
            p.step, p.loss.reconstruction, p.loss.sparsity, p.loss.weight_decay, p.loss.total
        );
        Some(Hover { text, index: Some(i), sample: None, unit: None })
    }

    fn readout(&self, playground: &Playground) -> Option<String> {
        let pca = match playground.pca_reference() {
            Some(error) => format!("PCA (k = {}) {}", playground.config().code_size, format::value(error)),
            None => "PCA: computing…".to_string(),
        };
        let l = playground.trainer().last_loss();
        Some(format!(
            "reconstruction {} · sparsity {} · weight decay {} · total {} · {pca}",
            format::value(l.reconstruction),
            format::value(l.sparsity),
            format::value(l.weight_decay),
            format::value(l.total)
        ))
    }
}

impl ChartFigure for Loss {
    fn draw(&self, area: &ChartArea, frame: &mut Frame) -> RenderResult<()> {
        let pca_reference = frame.playground.pca_reference().filter(|e| e.is_finite());
        let mut drawn = frame.view.take::<Drawn>();
        drawn.points.clear();
        drawn.points.extend_from_slice(frame.playground.trainer().history().points());
        let input = LossChartInput { points: &drawn.points, pca_reference, highlighted: frame.options.highlighted };
        drawn.geometry = loss_chart::draw(area, &input, &frame.style)?;
        frame.view.keep(drawn);
        Ok(())
    }
}
