//! Figures out of the page, for slides, notes and papers: a chart panel as SVG (plotters' SVG backend, the
//! same drawing as on the canvas) and the numbers behind a panel as CSV. Each panel names its table in its
//! spec ([`Numbers`]).

use super::panel::Figure;
use super::{draw_chart, DrawOptions, Panel, ViewState};
use crate::playground::Playground;
use crate::render::RenderResult;
use plotters::prelude::SVGBackend;
use serde::Serialize;
use std::fmt::Write;

/// Which numbers stand behind a panel's figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Numbers {
    /// The loss history, one row per recorded point: `step,reconstruction,sparsity,weight_decay,total`.
    History,
    /// One row per code unit: `unit,rho_hat,mean_abs_activation,firing_density,dead` (ρ̂ and the firing
    /// density are the running averages the figures show; mean |a| is over the figures' sample cloud).
    Units,
    /// The probe batch's codes, one row per sample: `sample,label,h0,h1,…`.
    ProbeCodes,
}

impl Numbers {
    /// The CSV's header columns (the probe codes' unit columns follow `label`).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Numbers::History => &["step", "reconstruction", "sparsity", "weight_decay", "total"],
            Numbers::Units => &["unit", "rho_hat", "mean_abs_activation", "firing_density", "dead"],
            Numbers::ProbeCodes => &["sample", "label"],
        }
    }
}

/// A chart panel drawn as an SVG document of `width × height`, or `None` for an image panel (those are
/// pictures: take them as PNG).
pub fn chart_svg(
    panel: &Panel,
    playground: &mut Playground,
    view: &mut ViewState,
    width: u32,
    height: u32,
    options: &DrawOptions,
) -> Option<RenderResult<String>> {
    let Figure::Chart(chart) = panel.figure else { return None };
    let mut svg = String::new();
    let drawn = {
        let mut backend = SVGBackend::with_string(&mut svg, (width, height));
        draw_chart(chart, &mut backend, playground, view, options)
    };
    Some(drawn.map(|()| svg))
}

/// The numbers behind `panel` as CSV text, with a header row.
pub fn numbers_csv(panel: &Panel, playground: &Playground, view: &mut ViewState) -> String {
    let kind = panel.spec.numbers;
    let mut csv = kind.columns().join(",");
    match kind {
        Numbers::History => {
            for p in playground.trainer().history().points() {
                let l = p.loss;
                let _ = write!(csv, "\n{},{},{},{},{}", p.step, l.reconstruction, l.sparsity, l.weight_decay, l.total);
            }
        }
        Numbers::Units => {
            let stats = playground.trainer().stats();
            let mean_abs = view.mean_abs_code(playground);
            for (j, rho_hat) in stats.rho_hat_running.iter().enumerate() {
                let mean = mean_abs.get(j).copied().unwrap_or(f32::NAN);
                let _ = write!(csv, "\n{j},{rho_hat},{mean},{},{}", stats.firing_density[j], stats.is_dead(j));
            }
        }
        Numbers::ProbeCodes => {
            let labels = playground.trainer().data().labels.clone();
            let probe = view.probe_codes(playground);
            if let Some((indices, codes)) = probe {
                for j in 0..codes.ncols() {
                    let _ = write!(csv, ",h{j}");
                }
                for (row, &sample) in codes.rows().into_iter().zip(&indices) {
                    let label = labels.as_ref().map(|l| l[sample].to_string()).unwrap_or_default();
                    let _ = write!(csv, "\n{sample},{label}");
                    for v in row {
                        let _ = write!(csv, ",{v}");
                    }
                }
            }
        }
    }
    csv.push('\n');
    csv
}
