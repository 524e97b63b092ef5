//! Turning model state into pictures, with no knowledge of the browser.
//!
//! Two kinds of picture:
//! - charts drawn with plotters, generic over the `DrawingBackend` (the canvas in the browser, SVG in
//!   native tests); each returns a [`PlotGeometry`] so the page can map the mouse back to data;
//! - per-pixel pictures (heatmaps, digit tiles, point clouds) painted into an [`RgbaImage`], which the
//!   page puts on its canvas with one `ImageData` per frame (plotters would cost a JS call per pixel).

pub mod axis;
pub mod geometry;
pub mod rgba;
pub mod style;
// Per-pixel painters (RgbaImage).
pub mod cell_grid;
pub mod cosine_matrix;
pub mod digit_grid;
pub mod heatmap;
pub mod point_cloud;
pub mod unit_maps;
pub mod unit_weights;
// Chart renderers (added by the charts helper).
pub mod code_scatter;
pub mod density_histogram;
pub mod kl_curve;
pub mod l1_vs_l2;
pub mod loss_chart;
pub mod network_diagram;
pub mod objective_terms;
pub mod rho_bars;
pub mod weight_descent;

pub use geometry::PlotGeometry;
pub use rgba::RgbaImage;
pub use style::Style;

use plotters::drawing::DrawingAreaErrorKind;

/// A chart that could not be drawn (a backend failure, never bad data: renderers accept any finite or
/// non-finite input and draw what they can).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("drawing failed: {0}")]
pub struct RenderError(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for RenderError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        RenderError(e.to_string())
    }
}

pub type RenderResult<T> = Result<T, RenderError>;
