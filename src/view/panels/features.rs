//! The learned-features panel: for images, each unit's encoder weights as a tile; for data with known
//! true features, the cosine of every decoder column with every true feature; otherwise each unit's
//! activation over the data, one small map per unit.

use crate::activation::Activation;
use crate::data::sparse_features::RECOVERY_THRESHOLD;
use crate::playground::Playground;
use crate::render::cosine_matrix::{self, CosineMatrixInput, CosineMatrixLayout};
use crate::render::digit_grid::{self, FeatureTilesInput, TileGridLayout};
use crate::render::point_cloud::rotated_xy;
use crate::render::unit_maps::{self, UnitMapsInput, UnitMapsLayout};
use crate::render::RgbaImage;
use crate::view::cloud::cloud_3d;
use crate::view::panel::{Figure, Frame, ImageFigure, Panel, PanelSpec, PanelView, Pointer};
use crate::view::{Hover, ViewState};
use ndarray::Array2;

pub struct Features;

pub const PANEL: Panel = Panel {
    spec: PanelSpec {
        id: "features",
        title: "Learned features",
        caption: "MNIST: each unit's encoder weights W_j/‖W_j‖ as a 28×28 tile (the classic exercise's picture). 3-D data: each unit's activation over the data. Sparse features: cosine of every decoder column with every true feature.",
        height: 300,
        min_interval_ms: 100,
        pixelated: true,
        fit_height: true,
        shows_settings: &["k", "penalty"],
        ..PanelSpec::BASE
    },
    figure: Figure::Image(&Features),
};

/// Preferred side of one unit map, CSS pixels.
const UNIT_MAP_SIDE: f64 = 72.0;

/// What the last paint showed.
enum Drawn {
    Tiles(TileGridLayout),
    /// `cosines` is `[true features, units]`.
    Cosines {
        layout: CosineMatrixLayout,
        cosines: Array2<f32>,
    },
    UnitMaps(UnitMapsLayout),
}

impl PanelView for Features {
    fn hover(&self, _playground: &Playground, view: &ViewState, pointer: Pointer) -> Option<Hover> {
        let (x, y) = (pointer.x, pointer.y);
        match view.kept::<Drawn>()? {
            Drawn::Tiles(layout) => {
                let unit = layout.tile_at(x, y)?;
                Some(Hover {
                    text: format!("unit {unit}: W_{unit}/‖W_{unit}‖\nclick: its formula card"),
                    index: Some(unit),
                    sample: None,
                    unit: Some(unit),
                })
            }
            Drawn::Cosines { layout, cosines } => {
                let (feature, unit) = layout.cell_at(x, y)?;
                let cosine = cosines.get([feature, unit])?;
                let text = format!("true feature {feature} × unit {unit}: cosine {cosine:.3}");
                Some(Hover { text, index: None, sample: None, unit: Some(unit) })
            }
            Drawn::UnitMaps(layout) => {
                let unit = layout.tiles.tile_at(x, y)?;
                let k = layout.tiles.units.iter().position(|&u| u == unit)?;
                let text = format!("unit {unit}: largest |a| = {:.3}", layout.max_abs.get(k).copied().unwrap_or(0.0));
                Some(Hover { text, index: Some(unit), sample: None, unit: Some(unit) })
            }
        }
    }

    fn readout(&self, playground: &Playground) -> Option<String> {
        let score = playground.recovery()?;
        Some(format!(
            "Recovered {} of {} true features (best cosine above {}). Rows: the true features; columns: the code \
             units, each feature's best match on the diagonal. Orange: cosine +1, purple: −1; outlined cells are \
             above the threshold.",
            score.recovered(),
            score.best_cosine.len(),
            // The threshold is an f32 constant: shown as such ("0.9", not its f64 widening 0.8999999761581421).
            score.threshold as f32
        ))
    }
}

impl ImageFigure for Features {
    fn paint(&self, image: &mut RgbaImage, width: usize, height: usize, frame: &mut Frame) {
        let data = frame.playground.trainer().data();
        let model = frame.playground.trainer().model();
        let drawn = if let Some(shape) = data.image_shape {
            let input = FeatureTilesInput { weights: model.params.weights(0), image_shape: shape, units: None, width };
            Drawn::Tiles(digit_grid::paint_features(image, &input, &frame.style))
        } else if let Some(truth) = &data.truth {
            let directions = model.decoder_directions();
            let cosines = cosine_matrix::cosine_matrix(truth.view(), directions.view());
            let input = CosineMatrixInput { cosines: cosines.view(), threshold: RECOVERY_THRESHOLD, width, height };
            Drawn::Cosines { layout: cosine_matrix::paint(image, &input, &frame.style), cosines }
        } else {
            let Some(layout) = paint_unit_maps(image, width, height, frame) else { return };
            Drawn::UnitMaps(layout)
        };
        frame.view.keep(drawn);
    }
}

/// One map per unit: the cloud where the scatter shows it, coloured by the unit's activation.
fn paint_unit_maps(image: &mut RgbaImage, width: usize, height: usize, frame: &mut Frame) -> Option<UnitMapsLayout> {
    let (inputs, _) = cloud_3d(frame.playground, frame.view)?;
    let positions = rotated_xy(inputs.view(), frame.options.yaw, frame.options.pitch);
    let model = frame.playground.trainer().model();
    let codes = frame.view.cloud.as_ref()?.code(model)?;
    let input = UnitMapsInput {
        positions: &positions,
        activations: codes,
        units: None,
        width,
        height,
        tile: (UNIT_MAP_SIDE * frame.style.scale) as usize,
        signed: matches!(model.hidden, Activation::Tanh | Activation::Linear),
    };
    Some(unit_maps::paint(image, &input, &frame.style))
}
