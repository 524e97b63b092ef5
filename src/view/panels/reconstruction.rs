//! The reconstruction panel: for images, originals above their reconstructions (two of every digit);
//! otherwise the rotatable 3-D scatter of inputs and reconstructions with PCA's plane (seed Fig 04).

use crate::playground::Playground;
use crate::render::digit_grid::{self, ReconstructionGridInput, ReconstructionLayout};
use crate::render::point_cloud::{PointCloudInput, PointCloudPainter, PointColoring};
use crate::render::RgbaImage;
use crate::view::cloud::{cloud_3d, pca_plane};
use crate::view::panel::{Figure, Frame, ImageFigure, Panel, PanelSpec, PanelView, Pointer};
use crate::view::{sample_colors, sample_label, Hover, ViewState};
use ndarray::Axis;

pub struct Reconstruction;

pub const PANEL: Panel = Panel {
    spec: PanelSpec {
        id: "reconstruction",
        title: "Reconstruction",
        caption: "Inputs (filled squares) and their reconstructions (hollow), coloured by the roll parameter, with PCA's best plane (seed Fig 04): the data's own axes for 3-D data, its first three principal components for wider data. Drag, or use the arrow keys, to rotate. Images: originals above their reconstructions, two of every digit.",
        height: 320,
        min_interval_ms: 50,
        draggable: true,
        fit_height: true,
        shows_settings: &["k", "penalty"],
        ..PanelSpec::BASE
    },
    figure: Figure::Image(&Reconstruction),
};

/// The scatter's painter (its buffers are reused) and what the last paint showed.
#[derive(Default)]
struct Drawn {
    painter: PointCloudPainter,
    shown: Shown,
    /// The data sample of each pair in the grid, or of each point of the scatter.
    samples: Vec<usize>,
}

#[derive(Default)]
enum Shown {
    #[default]
    Nothing,
    Pairs(ReconstructionLayout),
    Cloud,
}

impl PanelView for Reconstruction {
    fn hover(&self, playground: &Playground, view: &ViewState, pointer: Pointer) -> Option<Hover> {
        let drawn = view.kept::<Drawn>()?;
        let i = match &drawn.shown {
            Shown::Nothing => None,
            Shown::Pairs(layout) => layout.sample_at(pointer.x, pointer.y),
            Shown::Cloud => drawn.painter.layout().pick(pointer.x, pointer.y),
        }?;
        let sample = *drawn.samples.get(i)?;
        Some(Hover { text: sample_label(playground, sample), index: None, sample: Some(sample), unit: None })
    }
}

impl ImageFigure for Reconstruction {
    fn paint(&self, image: &mut RgbaImage, width: usize, height: usize, frame: &mut Frame) {
        let mut drawn = frame.view.take::<Drawn>();
        drawn.shown = if frame.playground.trainer().data().image_shape.is_some() {
            paint_pairs(image, width, frame, &mut drawn.samples)
        } else {
            paint_cloud(image, width, height, frame, &mut drawn)
        };
        frame.view.keep(drawn);
    }
}

/// Originals above their reconstructions for a few probe samples.
fn paint_pairs(image: &mut RgbaImage, width: usize, frame: &mut Frame, samples: &mut Vec<usize>) -> Shown {
    let playground = &*frame.playground;
    let data = playground.trainer().data();
    let Some(shape) = data.image_shape else { return Shown::Nothing };
    let selected = frame.view.selected();
    let probe = frame.view.probe(playground);
    let Some(output) = probe.output() else { return Shown::Nothing };
    let picked = grid_samples(&probe.indices, data.labels.as_deref());
    let originals = probe.x.select(Axis(0), &picked);
    let reconstructions = output.select(Axis(0), &picked);
    samples.clear();
    samples.extend(picked.iter().map(|&p| probe.indices[p]));
    let input = ReconstructionGridInput {
        originals: originals.view(),
        reconstructions: reconstructions.view(),
        image_shape: shape,
        width,
        selected: selected.and_then(|s| samples.iter().position(|&p| p == s)),
    };
    Shown::Pairs(digit_grid::paint_reconstructions(image, &input, &frame.style))
}

/// The 3-D scatter of inputs and reconstructions with the PCA plane.
fn paint_cloud(image: &mut RgbaImage, width: usize, height: usize, frame: &mut Frame, drawn: &mut Drawn) -> Shown {
    let plane = pca_plane(frame.playground);
    let selected = frame.view.selected();
    if cloud_3d(frame.playground, frame.view).is_none() {
        return Shown::Nothing;
    }
    let view = &*frame.view;
    let (Some(cloud), Some((inputs, outputs))) = (view.cloud.as_ref(), view.cloud_3d.as_ref()) else {
        return Shown::Nothing;
    };
    let (continuous, classes) = sample_colors(frame.playground, &cloud.indices);
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
        yaw: frame.options.yaw,
        pitch: frame.options.pitch,
        width,
        height,
        selected: selected.and_then(|s| cloud.position_of(s)),
        show_inputs: true,
        show_reconstructions: true,
    };
    drawn.painter.paint(image, &input, &frame.style);
    drawn.samples.clone_from(&cloud.indices);
    Shown::Cloud
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
