//! What each panel of the page shows, computed from a [`Playground`]: the glue between the session and
//! the renderers in [`crate::render`]. The panels are an open table ([`panels::PANELS`], one module per
//! panel); native tests draw every panel of every preset through here; the browser layer only supplies
//! a canvas.

mod any_backend;
mod cloud;
pub mod export;
pub mod format;
pub mod panel;
pub mod panels;
pub mod revisions;
pub mod samples;
pub mod unit_card;

pub use any_backend::AnyBackend;
pub use panel::{ChartFigure, Figure, ImageFigure, Panel, PanelSpec, PanelView, Pointer};
pub use panels::PANELS;
pub use revisions::FigureRevisions;

use crate::playground::Playground;
use crate::render::{RenderResult, RgbaImage, Style};
use panel::Frame;
use plotters::prelude::{DrawingBackend, IntoDrawingArea};
use samples::{SampleSet, CLOUD_SIZE, CLOUD_SIZE_IMAGES, PROBE_SIZE};
use serde::{Deserialize, Serialize};
use std::any::{Any, TypeId};
use std::collections::HashMap;

/// The registered panel called `id`.
pub fn panel(id: &str) -> Option<&'static Panel> {
    PANELS.iter().find(|p| p.spec.id == id)
}

/// What the page passes with each draw: view choices made by the user.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DrawOptions {
    /// Device pixels per CSS pixel.
    pub scale: f64,
    /// 3-D rotation, radians.
    pub yaw: f64,
    pub pitch: f64,
    /// Heatmap: order units by ρ̂.
    pub sort_units: bool,
    /// L1/L2: steps of the descent shown so far.
    pub descent_steps: usize,
    /// One weight under L1 and L2: the figure's own λ and starting weight w₀ (defaults
    /// [`panels::DEFAULT_DESCENT_LAMBDA`], [`panels::DEFAULT_DESCENT_START`]).
    pub descent_lambda: Option<f64>,
    pub descent_start: Option<f64>,
    /// The hovered item (a history point, a unit), drawn highlighted.
    pub highlighted: Option<usize>,
    /// Scatter figures draw every `point_stride`-th sample (0 or 1: all of them): the page's lower detail
    /// on a machine too busy to keep its frames on time.
    pub point_stride: usize,
}

impl DrawOptions {
    fn style(&self) -> Style {
        Style::new(self.scale)
    }
}

/// What is under the mouse, for the page's tooltip.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hover {
    pub text: String,
    /// The item to highlight on the next draw.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// A data sample the click would select.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<usize>,
    /// A code unit under the mouse: a click opens its formula card ([`unit_card::unit_card`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<usize>,
}

/// Per-session view state: fixed sample sets with cached activations, the selected sample, the cloud in
/// 3-D, the image scratch buffer, and what each panel kept from its last draw (its layout and the values
/// its hover reports).
#[derive(Default)]
pub struct ViewState {
    probe: Option<SampleSet>,
    cloud: Option<SampleSet>,
    selected: Option<usize>,
    /// 3-D coordinates of the cloud (raw for 3-D data, PCA scores otherwise) and of its reconstructions.
    cloud_3d: Option<(ndarray::Array2<f32>, ndarray::Array2<f32>)>,
    image: RgbaImage,
    /// Each panel's kept state, by its type (every panel has its own).
    kept: HashMap<TypeId, Box<dyn Any>>,
    /// Bumped whenever the selected sample changes (picked, or forgotten by a reset), so the page redraws.
    pub selection_revision: u64,
}

impl ViewState {
    /// Forgets everything tied to the data set (after a reset).
    pub fn clear(&mut self) {
        *self = ViewState { selection_revision: self.selection_revision + 1, ..ViewState::default() };
    }

    /// The selected data sample (the first probe sample until the user picks one).
    pub fn selected(&self) -> Option<usize> {
        self.selected.or_else(|| self.probe.as_ref().and_then(|p| p.indices.first().copied()))
    }

    pub fn select(&mut self, sample: usize) {
        self.selected = Some(sample);
        self.selection_revision += 1;
    }

    /// The image of the last [`paint`] (what the page puts on the canvas).
    pub fn image(&self) -> &RgbaImage {
        &self.image
    }

    /// The probe sample set, refreshed for the current weights.
    fn probe(&mut self, p: &Playground) -> &mut SampleSet {
        let trainer = p.trainer();
        let set = self.probe.get_or_insert_with(|| SampleSet::spread(trainer.data(), PROBE_SIZE, true));
        set.refresh_with_output(trainer.model(), trainer.objective(), trainer.weights_revision());
        set
    }

    /// The cloud sample set, its codes refreshed for the current weights.
    fn cloud(&mut self, p: &Playground) -> &mut SampleSet {
        let trainer = p.trainer();
        let size = if trainer.data().image_shape.is_some() { CLOUD_SIZE_IMAGES } else { CLOUD_SIZE };
        let set = self.cloud.get_or_insert_with(|| SampleSet::spread(trainer.data(), size, false));
        set.refresh(trainer.model(), trainer.objective(), trainer.weights_revision());
        set
    }

    /// The cloud sample set with its reconstructions too (the 3-D scatter).
    fn cloud_reconstructed(&mut self, p: &Playground) -> &mut SampleSet {
        let trainer = p.trainer();
        let set = self.cloud(p);
        set.refresh_with_output(trainer.model(), trainer.objective(), trainer.weights_revision());
        set
    }

    /// Each code unit's mean |a| over the cloud samples (the L1 bars and the exported numbers).
    pub fn mean_abs_code(&mut self, p: &Playground) -> Vec<f32> {
        let cloud = self.cloud(p);
        cloud
            .code(p.trainer().model())
            .map(|codes| {
                let n = codes.nrows().max(1) as f32;
                codes.columns().into_iter().map(|c| c.iter().map(|v| v.abs()).sum::<f32>() / n).collect()
            })
            .unwrap_or_default()
    }

    /// The probe batch's sample indices and codes (`[probe, code]`), for the exported numbers.
    pub fn probe_codes(&mut self, p: &Playground) -> Option<(Vec<usize>, ndarray::Array2<f32>)> {
        let probe = self.probe(p);
        let codes = probe.code(p.trainer().model())?.to_owned();
        Some((probe.indices.clone(), codes))
    }

    /// What a panel kept from its last draw.
    fn kept<T: Any>(&self) -> Option<&T> {
        self.kept.get(&TypeId::of::<T>())?.downcast_ref()
    }

    /// Takes a panel's kept state out to draw with (its buffers are reused), or a fresh one.
    fn take<T: Any + Default>(&mut self) -> T {
        self.kept.remove(&TypeId::of::<T>()).and_then(|b| b.downcast().ok()).map_or_else(T::default, |b| *b)
    }

    /// Keeps what a panel's draw produced, for its hover.
    fn keep<T: Any>(&mut self, value: T) {
        self.kept.insert(TypeId::of::<T>(), Box::new(value));
    }
}

/// Draws a chart panel on `backend`.
pub fn draw_chart<DB: DrawingBackend>(
    chart: &dyn ChartFigure,
    backend: &mut DB,
    playground: &mut Playground,
    view: &mut ViewState,
    options: &DrawOptions,
) -> RenderResult<()> {
    let area = AnyBackend::new(backend).into_drawing_area();
    let mut frame = Frame { playground, view, options, style: options.style() };
    chart.draw(&area, &mut frame)?;
    area.present()?;
    Ok(())
}

/// Paints an image panel into the view's image ([`ViewState::image`]), about `width × height` device
/// pixels.
pub fn paint(
    figure: &dyn ImageFigure,
    playground: &mut Playground,
    view: &mut ViewState,
    width: usize,
    height: usize,
    options: &DrawOptions,
) {
    let mut image = std::mem::take(&mut view.image);
    let mut frame = Frame { playground, view, options, style: options.style() };
    figure.paint(&mut image, width, height, &mut frame);
    view.image = image;
}

/// What is under device pixel (x, y) of `panel` as last drawn.
pub fn hover(panel: &Panel, playground: &Playground, view: &ViewState, x: f64, y: f64, scale: f64) -> Option<Hover> {
    panel.view().hover(playground, view, Pointer { x, y, style: Style::new(scale) })
}

/// Units that have not fired for the trainer's dead window.
fn dead_units(playground: &Playground) -> Vec<bool> {
    let stats = playground.trainer().stats();
    (0..stats.rho_hat_running.len()).map(|j| stats.is_dead(j)).collect()
}

/// A data sample named for a tooltip, with its class or colouring value.
fn sample_label(playground: &Playground, sample: usize) -> String {
    let data = playground.trainer().data();
    if let Some(labels) = &data.labels {
        format!("sample {sample} (digit {})", labels[sample])
    } else if let Some(color) = &data.color {
        format!("sample {sample} (t = {:.2})", color[sample])
    } else {
        format!("sample {sample}")
    }
}

/// A continuous colour or a class per sample, from the data set.
fn sample_colors(playground: &Playground, indices: &[usize]) -> (Option<Vec<f32>>, Option<Vec<u8>>) {
    let data = playground.trainer().data();
    let classes = data.labels.as_ref().map(|l| indices.iter().map(|&i| l[i]).collect());
    let continuous = data.color.as_ref().map(|c| indices.iter().map(|&i| c[i]).collect());
    (continuous, classes)
}
