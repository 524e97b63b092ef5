//! The sparsity-health panel: how the units' firing densities spread on a log scale, and the dead units,
//! as sparse-autoencoder dashboards show them.

use crate::playground::Playground;
use crate::render::axis::thousands;
use crate::render::density_histogram::{self, DensityBin, DensityInput, BINS};
use crate::render::{PlotGeometry, RenderResult};
use crate::trainer::sparsity_stats::DEAD_WINDOW_SAMPLES;
use crate::view::panel::{ChartArea, ChartFigure, Figure, Frame, Panel, PanelSpec, PanelView, Pointer};
use crate::view::{dead_units, Hover, ViewState};

pub struct Health;

pub const PANEL: Panel = Panel {
    spec: PanelSpec {
        id: "health",
        title: "Sparsity health",
        caption: "How many units fire per sample (L0), how many never fire (dead), and the spread of firing densities on a log scale, as SAE dashboards show them.",
        height: 180,
        min_interval_ms: 200,
        ..PanelSpec::BASE
    },
    figure: Figure::Chart(&Health),
};

/// What the last draw showed: its geometry, the dead count and the live units per bin.
struct Drawn {
    geometry: PlotGeometry,
    dead: usize,
    bins: [usize; BINS],
}

impl PanelView for Health {
    fn hover(&self, _playground: &Playground, view: &ViewState, pointer: Pointer) -> Option<Hover> {
        let drawn = view.kept::<Drawn>()?;
        let text = match density_histogram::bin_at(&drawn.geometry, pointer.x)? {
            DensityBin::Never => {
                format!("{} dead units (no firing in {} samples)", drawn.dead, thousands(DEAD_WINDOW_SAMPLES))
            }
            DensityBin::Range { index, lo, hi } => {
                format!("{} units fire on 10^{lo:.1} to 10^{hi:.1} of samples", drawn.bins[index])
            }
        };
        Some(Hover { text, index: None, sample: None, unit: None })
    }

    fn readout(&self, playground: &Playground) -> Option<String> {
        let trainer = playground.trainer();
        let stats = trainer.stats();
        let l0 = if stats.l0.is_finite() { format!("{:.2}", stats.l0) } else { "not finite".to_string() };
        Some(format!(
            "L0 = {l0} of {} units firing per sample ({}) · dead: {} (no firing in the last {} samples)",
            playground.config().code_size,
            trainer.firing_rule().sentence(),
            stats.dead_units(),
            thousands(DEAD_WINDOW_SAMPLES)
        ))
    }
}

impl ChartFigure for Health {
    fn draw(&self, area: &ChartArea, frame: &mut Frame) -> RenderResult<()> {
        let dead = dead_units(frame.playground);
        let density = &frame.playground.trainer().stats().firing_density;
        let geometry = density_histogram::draw(area, &DensityInput { density, dead: &dead }, &frame.style)?;
        let (dead, bins) = density_histogram::bin_counts(density, &dead);
        frame.view.keep(Drawn { geometry, dead, bins });
        Ok(())
    }
}
