//! What each panel of the page shows, computed from a [`Playground`]: the glue between the session and
//! the renderers in [`crate::render`]. Native tests draw every panel of every preset through here; the
//! browser layer only supplies a canvas.

mod network;
pub mod samples;

use crate::activation::Activation;
use crate::config::Penalty;
use crate::data::sparse_features::RECOVERY_THRESHOLD;
use crate::objective::kl::kl_divergence;
use crate::playground::Playground;
use crate::render::point_cloud::{PlaneView, PointCloudInput, PointCloudPainter, PointColoring};
use crate::render::{
    code_scatter, cosine_matrix, density_histogram, digit_grid, heatmap, kl_curve, l1_vs_l2, loss_chart,
    network_diagram, rho_bars, unit_maps, PlotGeometry, RenderResult, RgbaImage, Style,
};
use ndarray::{Array2, Axis};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use samples::{CodeAxes, SampleSet, CLOUD_SIZE, CLOUD_SIZE_IMAGES, PROBE_SIZE};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The page's panels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Panel {
    Network,
    Heatmap,
    Bars,
    KlCurve,
    L1L2,
    Loss,
    Reconstruction,
    Features,
    Code,
    Health,
}

impl Panel {
    pub const ALL: [Panel; 10] = [
        Panel::Network,
        Panel::Heatmap,
        Panel::Bars,
        Panel::KlCurve,
        Panel::L1L2,
        Panel::Loss,
        Panel::Reconstruction,
        Panel::Features,
        Panel::Code,
        Panel::Health,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Panel::Network => "network",
            Panel::Heatmap => "heatmap",
            Panel::Bars => "bars",
            Panel::KlCurve => "kl-curve",
            Panel::L1L2 => "l1-l2",
            Panel::Loss => "loss",
            Panel::Reconstruction => "reconstruction",
            Panel::Features => "features",
            Panel::Code => "code",
            Panel::Health => "health",
        }
    }

    pub fn from_name(name: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// How a panel is drawn on this playground's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Picture {
    /// A plotters chart on the canvas.
    Chart,
    /// An RGBA image put on the canvas in one piece.
    Image,
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
    /// The hovered item (a history point, a unit), drawn highlighted.
    pub highlighted: Option<usize>,
    /// PCA's reference error when the page already has it (computed off the main thread).
    pub pca_reference: Option<f64>,
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
}

/// Where the last draw of each panel put things, for hover and picking.
#[derive(Clone, Debug)]
enum Layout {
    Chart(PlotGeometry),
    Heatmap(heatmap::HeatmapLayout),
    Tiles(digit_grid::TileGridLayout),
    Pairs(digit_grid::ReconstructionLayout),
    Cloud,
    UnitMaps(unit_maps::UnitMapsLayout),
    Cosine(cosine_matrix::CosineMatrixLayout),
}

/// Per-session view state: fixed sample sets with cached activations, the selected sample, scratch
/// images and the last layouts.
#[derive(Default)]
pub struct ViewState {
    probe: Option<SampleSet>,
    cloud: Option<SampleSet>,
    selected: Option<usize>,
    code_axes: CodeAxes,
    code_points: Vec<[f32; 2]>,
    cloud_painter: PointCloudPainter,
    /// 3-D coordinates of the cloud (raw for 3-D data, PCA scores otherwise) and of its reconstructions.
    cloud_3d: Option<(Array2<f32>, Array2<f32>)>,
    image: RgbaImage,
    /// Probe positions shown in the digit grid, in grid order.
    grid: Vec<usize>,
    layouts: HashMap<Panel, Layout>,
    /// Bumped by selection, so the page redraws.
    pub revision: u64,
}

impl ViewState {
    /// Forgets everything tied to the data set (after a reset).
    pub fn clear(&mut self) {
        *self = ViewState { revision: self.revision + 1, ..ViewState::default() };
    }

    /// The selected data sample (the first probe sample until the user picks one).
    pub fn selected(&self) -> Option<usize> {
        self.selected.or_else(|| self.probe.as_ref().and_then(|p| p.indices.first().copied()))
    }

    pub fn select(&mut self, sample: usize) {
        self.selected = Some(sample);
        self.revision += 1;
    }

    /// The image of the last [`ViewState::paint`] (what the page puts on the canvas).
    pub fn image(&self) -> &RgbaImage {
        &self.image
    }

    fn probe(&mut self, p: &Playground) -> &mut SampleSet {
        let trainer = p.trainer();
        let set = self.probe.get_or_insert_with(|| SampleSet::spread(trainer.data(), PROBE_SIZE, true));
        set.refresh(trainer.model(), trainer.objective(), trainer.generation());
        set
    }

    fn cloud(&mut self, p: &Playground) -> &mut SampleSet {
        let trainer = p.trainer();
        let size = if trainer.data().image_shape.is_some() { CLOUD_SIZE_IMAGES } else { CLOUD_SIZE };
        let set = self.cloud.get_or_insert_with(|| SampleSet::spread(trainer.data(), size, false));
        set.refresh(trainer.model(), trainer.objective(), trainer.generation());
        set
    }
}

/// Whether `panel` is a chart or an image for this playground's data.
pub fn picture(panel: Panel) -> Picture {
    match panel {
        Panel::Heatmap | Panel::Reconstruction | Panel::Features => Picture::Image,
        _ => Picture::Chart,
    }
}

fn style_of(options: &DrawOptions) -> Style {
    Style::new(options.scale)
}

/// Draws a chart panel into `area`.
pub fn draw_chart<DB: DrawingBackend>(
    panel: Panel,
    area: &DrawingArea<DB, Shift>,
    playground: &mut Playground,
    state: &mut ViewState,
    options: &DrawOptions,
) -> RenderResult<()> {
    let style = style_of(options);
    let config = playground.config().clone();
    let geometry = match panel {
        Panel::KlCurve => {
            let rho_hat = &playground.trainer().stats().rho_hat_running;
            let input = kl_curve::KlCurveInput {
                rho: config.objective.rho,
                beta: config.objective.beta,
                rho_hat,
                highlighted: options.highlighted,
            };
            kl_curve::draw(area, &input, &style)?
        }
        Panel::L1L2 => {
            let lambda = if config.objective.lambda > 0.0 { config.objective.lambda } else { 0.1 };
            // A step of η·λ = 0.1 shows the argument in a handful of steps whatever λ is.
            let input = l1_vs_l2::L1L2Input {
                lambda,
                learning_rate: 0.1 / lambda,
                start: 1.0,
                descent_steps: options.descent_steps.min(l1_vs_l2::MAX_DESCENT_STEPS),
            };
            l1_vs_l2::draw(area, &input, &style)?
        }
        Panel::Loss => {
            let pca_reference =
                options.pca_reference.or_else(|| playground.pca_reference_if_cheap()).filter(|e| e.is_finite());
            let points = playground.trainer().history().points();
            let input = loss_chart::LossChartInput { points, pca_reference, highlighted: options.highlighted };
            loss_chart::draw(area, &input, &style)?
        }
        Panel::Bars => {
            let (mode, values) = bars_values(playground, state);
            let dead = dead_units(playground);
            let input = rho_bars::RhoBarsInput {
                mode,
                values: &values,
                order: None,
                dead: &dead,
                highlighted: options.highlighted,
            };
            rho_bars::draw(area, &input, &style)?
        }
        Panel::Health => {
            let dead = dead_units(playground);
            let density = &playground.trainer().stats().firing_density;
            density_histogram::draw(area, &density_histogram::DensityInput { density, dead: &dead }, &style)?
        }
        Panel::Code => {
            let selected = state.selected();
            state.cloud(playground);
            let model = playground.trainer().model();
            let cloud = state.cloud.as_ref().expect("just refreshed");
            let Some(codes) = cloud.code(model) else { return Ok(()) };
            let mut points = std::mem::take(&mut state.code_points);
            state.code_axes.project(codes, &mut points);
            let selected = selected.and_then(|s| cloud.position_of(s));
            let (colors_continuous, colors_classes) = sample_colors(playground, &cloud.indices);
            let colors = match (&colors_classes, &colors_continuous) {
                (Some(c), _) => code_scatter::PointColors::Classes(c),
                (None, Some(c)) => code_scatter::PointColors::Continuous(c),
                _ => code_scatter::PointColors::Plain,
            };
            let (x_label, y_label) = if model.code_size() <= 2 { ("h₁", "h₂") } else { ("code PC 1", "code PC 2") };
            let input = code_scatter::CodeScatterInput { points: &points, colors, x_label, y_label, selected };
            let geometry = code_scatter::draw(area, &input, &style)?;
            state.code_points = points;
            geometry
        }
        Panel::Network => {
            let selected = state.selected().unwrap_or(0);
            let (layers, edges, max_abs) = network::build(playground, selected);
            let input = network_diagram::NetworkInput {
                layers: &layers,
                edges: &edges,
                max_abs_weight: max_abs,
                code_layer: playground.trainer().model().code_layer,
            };
            network_diagram::draw(area, &input, &style)?
        }
        Panel::Heatmap | Panel::Reconstruction | Panel::Features => return Ok(()),
    };
    state.layouts.insert(panel, Layout::Chart(geometry));
    Ok(())
}

/// Paints an image panel into the state's image, `width × height` device pixels.
pub fn paint(
    panel: Panel,
    playground: &mut Playground,
    state: &mut ViewState,
    width: usize,
    height: usize,
    options: &DrawOptions,
) {
    let style = style_of(options);
    let selected = state.selected();
    let mut image = std::mem::take(&mut state.image);
    let layout = match panel {
        Panel::Heatmap => {
            let hidden = playground.trainer().model().hidden;
            let order = options.sort_units.then(|| sorted_by_rho_hat(playground));
            let probe = state.probe(playground);
            let model = playground.trainer().model();
            let Some(codes) = probe.code(model) else { return };
            let max = codes.iter().filter(|v| v.is_finite()).fold(0.0f32, |m, v| m.max(v.abs()));
            let (range, signed) = match hidden {
                Activation::Sigmoid => ((0.0, 1.0), false),
                Activation::Relu => ((0.0, max.max(1e-6)), false),
                Activation::Tanh | Activation::Linear => ((-max.max(1e-6), max.max(1e-6)), true),
            };
            let highlighted_row = selected.and_then(|s| probe.position_of(s));
            let input = heatmap::HeatmapInput {
                values: codes,
                column_order: order.as_deref(),
                range,
                signed,
                width,
                height,
                highlighted_row,
            };
            Layout::Heatmap(heatmap::paint(&mut image, &input, &style))
        }
        Panel::Reconstruction => {
            let data = playground.trainer().data();
            if let Some(shape) = data.image_shape {
                let labels = playground.trainer().data().labels.clone();
                let probe = state.probe(playground);
                let Some(output) = probe.output() else { return };
                let picked = grid_samples(&probe.indices, labels.as_deref());
                let originals = probe.x.select(Axis(0), &picked);
                let reconstructions = output.select(Axis(0), &picked);
                let selected_row = selected.and_then(|s| picked.iter().position(|&p| probe.indices[p] == s));
                state.grid = picked;
                let input = digit_grid::ReconstructionGridInput {
                    originals: originals.view(),
                    reconstructions: reconstructions.view(),
                    image_shape: shape,
                    width,
                    selected: selected_row,
                };
                Layout::Pairs(digit_grid::paint_reconstructions(&mut image, &input, &style))
            } else {
                paint_cloud(playground, state, &mut image, width, height, options, &style);
                Layout::Cloud
            }
        }
        Panel::Features => {
            let data = playground.trainer().data();
            if let Some(shape) = data.image_shape {
                let weights = playground.trainer().model().params.weights(0);
                let input = digit_grid::FeatureTilesInput { weights, image_shape: shape, units: None, width };
                Layout::Tiles(digit_grid::paint_features(&mut image, &input, &style))
            } else if let Some(truth) = &data.truth {
                let directions = playground.trainer().model().decoder_directions();
                let cosines = cosine_matrix::cosine_matrix(truth.view(), directions.view());
                let input = cosine_matrix::CosineMatrixInput {
                    cosines: cosines.view(),
                    threshold: RECOVERY_THRESHOLD,
                    width,
                    height,
                };
                Layout::Cosine(cosine_matrix::paint(&mut image, &input, &style))
            } else {
                let signed = matches!(playground.trainer().model().hidden, Activation::Tanh | Activation::Linear);
                let positions = cloud_positions_2d(playground, state, options);
                let cloud = state.cloud.as_ref().expect("positions refreshed the cloud");
                let Some(codes) = cloud.code(playground.trainer().model()) else { return };
                let tile = (72.0 * style.scale) as usize;
                let input = unit_maps::UnitMapsInput {
                    positions: &positions,
                    activations: codes,
                    units: None,
                    width,
                    height,
                    tile,
                    signed,
                };
                Layout::UnitMaps(unit_maps::paint(&mut image, &input, &style))
            }
        }
        _ => return,
    };
    state.image = image;
    state.layouts.insert(panel, layout);
}

/// The 3-D scatter of inputs and reconstructions with the PCA plane.
fn paint_cloud(
    playground: &mut Playground,
    state: &mut ViewState,
    image: &mut RgbaImage,
    width: usize,
    height: usize,
    options: &DrawOptions,
    style: &Style,
) {
    refresh_cloud_3d(playground, state);
    let plane = playground_plane(playground);
    let cloud = state.cloud.as_ref().expect("refreshed");
    let (inputs, outputs) = state.cloud_3d.as_ref().expect("refreshed");
    let (continuous, classes) = sample_colors(playground, &cloud.indices);
    let colors = match (&classes, &continuous) {
        (Some(c), _) => PointColoring::Classes(c),
        (None, Some(c)) => PointColoring::Continuous(c),
        _ => PointColoring::Plain,
    };
    let input = PointCloudInput {
        inputs: inputs.view(),
        reconstructions: Some(outputs.view()),
        colors,
        pca_plane: plane,
        yaw: options.yaw,
        pitch: options.pitch,
        width,
        height,
        selected: state.selected().and_then(|s| cloud.position_of(s)),
        show_inputs: true,
        show_reconstructions: true,
    };
    state.cloud_painter.paint(image, &input, style);
}

/// The cloud's inputs and reconstructions in 3-D: raw coordinates for 3-D data, the data's first three
/// principal components otherwise.
fn refresh_cloud_3d(playground: &mut Playground, state: &mut ViewState) {
    let dim = playground.trainer().data().dim();
    state.cloud(playground);
    let cloud = state.cloud.as_ref().expect("refreshed");
    let Some(output) = cloud.output() else { return };
    let (inputs, outputs) = if dim == 3 {
        (cloud.x.clone(), output.to_owned())
    } else {
        let pca = playground.pca();
        (pca.project(cloud.x.view(), 3), pca.project(output, 3))
    };
    state.cloud_3d = Some((inputs, outputs));
}

/// PCA's best plane through 3-D data (seed Fig 04's linear reduction), for the scatter.
fn playground_plane(playground: &mut Playground) -> Option<PlaneView> {
    let dim = playground.trainer().data().dim();
    let pca = playground.pca();
    if dim != 3 || pca.variances.len() < 2 {
        return None;
    }
    let row = |i: usize| [pca.components[[i, 0]] as f32, pca.components[[i, 1]] as f32, pca.components[[i, 2]] as f32];
    Some(PlaneView {
        center: [pca.mean[0] as f32, pca.mean[1] as f32, pca.mean[2] as f32],
        axes: [row(0), row(1)],
        half_extent: (2.0 * pca.variances[0].sqrt()) as f32,
    })
}

/// 2-D positions of the cloud for the per-unit maps: the 3-D view as the scatter shows it.
fn cloud_positions_2d(playground: &mut Playground, state: &mut ViewState, options: &DrawOptions) -> Vec<[f32; 2]> {
    refresh_cloud_3d(playground, state);
    let (inputs, _) = state.cloud_3d.as_ref().expect("refreshed");
    let (cy, sy, cp, sp) = (options.yaw.cos(), options.yaw.sin(), options.pitch.cos(), options.pitch.sin());
    inputs
        .rows()
        .into_iter()
        .map(|r| {
            let (x, y, z) =
                (r[0] as f64, r.get(1).copied().unwrap_or(0.0) as f64, r.get(2).copied().unwrap_or(0.0) as f64);
            // Yaw about the vertical (y) axis, then pitch about the screen's horizontal axis.
            let (x1, z1) = (cy * x + sy * z, -sy * x + cy * z);
            let y1 = cp * y - sp * z1;
            [x1 as f32, y1 as f32]
        })
        .collect()
}

/// Probe positions for the original/reconstruction grid: two of every class, round-robin, when the data
/// has labels (so every digit appears); otherwise every fourth probe sample. At most 20.
fn grid_samples(probe: &[usize], labels: Option<&[u8]>) -> Vec<usize> {
    const MAX: usize = 20;
    let Some(labels) = labels else {
        return (0..probe.len()).step_by(4).take(MAX).collect();
    };
    let mut picked = Vec::with_capacity(MAX);
    for round in 0..2 {
        for class in 0..=u8::MAX {
            if picked.len() == MAX {
                return picked;
            }
            if let Some(p) = (0..probe.len()).filter(|&p| labels[probe[p]] == class).nth(round) {
                picked.push(p);
            }
        }
    }
    picked
}

/// A continuous colour or a class per sample, from the data set.
fn sample_colors(playground: &Playground, indices: &[usize]) -> (Option<Vec<f32>>, Option<Vec<u8>>) {
    let data = playground.trainer().data();
    let classes = data.labels.as_ref().map(|l| indices.iter().map(|&i| l[i]).collect());
    let continuous = data.color.as_ref().map(|c| indices.iter().map(|&i| c[i]).collect());
    (continuous, classes)
}

/// Units ordered by their running ρ̂, largest first.
fn sorted_by_rho_hat(playground: &Playground) -> Vec<usize> {
    let rho_hat = &playground.trainer().stats().rho_hat_running;
    let mut order: Vec<usize> = (0..rho_hat.len()).collect();
    order.sort_by(|&a, &b| rho_hat[b].total_cmp(&rho_hat[a]));
    order
}

fn dead_units(playground: &Playground) -> Vec<bool> {
    let stats = playground.trainer().stats();
    (0..stats.rho_hat_running.len()).map(|j| stats.is_dead(j)).collect()
}

/// The bars' mode and values for the current penalty.
fn bars_values(playground: &mut Playground, state: &mut ViewState) -> (rho_bars::BarsMode, Vec<f32>) {
    let config = playground.config().clone();
    match config.objective.penalty {
        Penalty::Kl => {
            (rho_bars::BarsMode::Kl { rho: config.objective.rho }, playground.trainer().stats().rho_hat_running.clone())
        }
        Penalty::TopK => {
            (rho_bars::BarsMode::TopK { k: config.objective.k }, playground.trainer().stats().firing_density.clone())
        }
        Penalty::L1 => {
            let cloud = state.cloud(playground);
            let mean_abs = cloud
                .code(playground.trainer().model())
                .map(|codes| {
                    let n = codes.nrows().max(1) as f32;
                    codes.columns().into_iter().map(|c| c.iter().map(|v| v.abs()).sum::<f32>() / n).collect()
                })
                .unwrap_or_default();
            (rho_bars::BarsMode::L1 { lambda: config.objective.lambda }, mean_abs)
        }
        Penalty::None => (rho_bars::BarsMode::None, playground.trainer().stats().rho_hat_running.clone()),
    }
}

/// What is under device pixel (x, y) of `panel` as last drawn.
pub fn hover(
    panel: Panel,
    playground: &mut Playground,
    state: &mut ViewState,
    x: f64,
    y: f64,
    scale: f64,
) -> Option<Hover> {
    let style = Style::new(scale);
    let layout = state.layouts.get(&panel)?.clone();
    let data_label = |p: &Playground, sample: usize| -> String {
        let data = p.trainer().data();
        if let Some(labels) = &data.labels {
            format!("sample {sample} (digit {})", labels[sample])
        } else if let Some(color) = &data.color {
            format!("sample {sample} (t = {:.2})", color[sample])
        } else {
            format!("sample {sample}")
        }
    };
    match (panel, layout) {
        (Panel::Loss, Layout::Chart(g)) => {
            let points = playground.trainer().history().points();
            let i = loss_chart::nearest_point(points, &g, x)?;
            let p = points[i];
            let text = format!(
                "step {}\nreconstruction {:.5}\nsparsity {:.5}\nweight decay {:.5}\ntotal {:.5}",
                p.step, p.loss.reconstruction, p.loss.sparsity, p.loss.weight_decay, p.loss.total
            );
            Some(Hover { text, index: Some(i), sample: None })
        }
        (Panel::KlCurve, Layout::Chart(g)) => {
            let config = playground.config();
            let rho_hat = &playground.trainer().stats().rho_hat_running;
            let input = kl_curve::KlCurveInput {
                rho: config.objective.rho,
                beta: config.objective.beta,
                rho_hat,
                highlighted: None,
            };
            let unit = kl_curve::nearest_unit(&input, &g, x, y)?;
            let r = crate::objective::kl::clamp_rho_hat(rho_hat[unit] as f64);
            let text = format!(
                "unit {unit}: ρ̂ = {:.4}\nβ·KL(ρ‖ρ̂) = {:.5}",
                rho_hat[unit],
                config.objective.beta * kl_divergence(config.objective.rho, r)
            );
            Some(Hover { text, index: Some(unit), sample: None })
        }
        (Panel::Bars, Layout::Chart(g)) => {
            let (mode, values) = bars_values(playground, state);
            let dead = dead_units(playground);
            let input = rho_bars::RhoBarsInput { mode, values: &values, order: None, dead: &dead, highlighted: None };
            let unit = rho_bars::unit_at(&input, &g, x)?;
            let what = match mode {
                rho_bars::BarsMode::Kl { .. } | rho_bars::BarsMode::None => "ρ̂",
                rho_bars::BarsMode::L1 { .. } => "mean |a|",
                rho_bars::BarsMode::TopK { .. } => "kept on",
            };
            let text = format!("unit {unit}: {what} = {:.4}{}", values[unit], if dead[unit] { " (dead)" } else { "" });
            Some(Hover { text, index: Some(unit), sample: None })
        }
        (Panel::Health, Layout::Chart(g)) => {
            let dead = dead_units(playground);
            let density = &playground.trainer().stats().firing_density;
            let (never, bins) = density_histogram::bin_counts(density, &dead);
            let text = match density_histogram::bin_at(&g, x)? {
                density_histogram::DensityBin::Never => format!("{never} dead units (no firing in 5,000 samples)"),
                density_histogram::DensityBin::Range { index, lo, hi } => {
                    format!("{} units fire on 10^{lo:.1} to 10^{hi:.1} of samples", bins[index])
                }
            };
            Some(Hover { text, index: None, sample: None })
        }
        (Panel::Code, Layout::Chart(g)) => {
            let cloud = state.cloud.as_ref()?;
            let input = code_scatter::CodeScatterInput {
                points: &state.code_points,
                colors: code_scatter::PointColors::Plain,
                x_label: "",
                y_label: "",
                selected: None,
            };
            let i = code_scatter::nearest_point(&input, &g, x, y, &style)?;
            let sample = *cloud.indices.get(i)?;
            let p = state.code_points[i];
            Some(Hover {
                text: format!("{}\ncode ({:.3}, {:.3})", data_label(playground, sample), p[0], p[1]),
                index: None,
                sample: Some(sample),
            })
        }
        (Panel::Heatmap, Layout::Heatmap(l)) => {
            let (row, unit) = l.cell_at(x, y)?;
            let probe = state.probe.as_ref()?;
            let sample = *probe.indices.get(row)?;
            let a = probe.code(playground.trainer().model())?[[row, unit]];
            Some(Hover {
                text: format!("{}\nunit {unit}: a = {a:.4}", data_label(playground, sample)),
                index: None,
                sample: Some(sample),
            })
        }
        (Panel::Reconstruction, Layout::Pairs(l)) => {
            let i = l.sample_at(x, y)?;
            let sample = *state.probe.as_ref()?.indices.get(*state.grid.get(i)?)?;
            Some(Hover { text: data_label(playground, sample), index: None, sample: Some(sample) })
        }
        (Panel::Reconstruction, Layout::Cloud) => {
            let i = state.cloud_painter.layout().pick(x, y)?;
            let sample = *state.cloud.as_ref()?.indices.get(i)?;
            Some(Hover { text: data_label(playground, sample), index: None, sample: Some(sample) })
        }
        (Panel::Features, Layout::Tiles(l)) => {
            let unit = l.tile_at(x, y)?;
            Some(Hover { text: format!("unit {unit}: W_{unit}/‖W_{unit}‖"), index: Some(unit), sample: None })
        }
        (Panel::Features, Layout::UnitMaps(l)) => {
            let unit = l.tiles.tile_at(x, y)?;
            let k = l.tiles.units.iter().position(|&u| u == unit)?;
            let text = format!("unit {unit}: largest |a| = {:.3}", l.max_abs.get(k).copied().unwrap_or(0.0));
            Some(Hover { text, index: Some(unit), sample: None })
        }
        (Panel::Features, Layout::Cosine(l)) => {
            let (feature, unit) = l.cell_at(x, y)?;
            let truth = playground.trainer().data().truth.as_ref()?;
            let directions = playground.trainer().model().decoder_directions();
            let cosines = cosine_matrix::cosine_matrix(truth.view(), directions.view());
            let text = format!("true feature {feature} × unit {unit}: cosine {:.3}", cosines[[feature, unit]]);
            Some(Hover { text, index: None, sample: None })
        }
        _ => None,
    }
}
