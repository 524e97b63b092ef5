//! One code unit's incoming weights as a small picture, for the formula card:
//!
//! - [`WeightsPicture::Tile`]: image data (MNIST): the weights as one tile, drawn exactly like the
//!   features panel's tiles ([`super::digit_grid::paint_features`]: W_j/‖W_j‖, ink for positive);
//! - [`WeightsPicture::Arrow`]: 2-D or 3-D data: the weight vector W_j drawn as an arrow from the origin in
//!   the data space, with the axes, turned like the 3-D figures (a 2-D vector lies in the x–y plane);
//! - [`WeightsPicture::Bars`]: anything else (more inputs, or a code fed by a hidden layer): one bar per
//!   incoming weight around a zero line, orange for positive and purple for negative.
//!
//! Every picture fits in `width × height` device pixels and is painted into an [`RgbaImage`] (one
//! `ImageData` on the page). Non-finite weights draw as 0.

use super::digit_grid::{self, FeatureTilesInput};
use super::point_cloud::rotated_xy;
use super::rgba::{RgbaImage, MAX_SIDE};
use super::style::{self, Style, GRID, INK, PAPER};
use ndarray::{Array2, ArrayView1};

/// The colours of the x, y and z axes behind an arrow (blue, red, green of the categorical palette).
pub const AXIS_COLORS: [usize; 3] = [0, 2, 4];

/// What to draw.
#[derive(Clone, Copy, Debug)]
pub enum WeightsPicture<'a> {
    /// Image weights and the image's (height, width).
    Tile {
        weights: ArrayView1<'a, f32>,
        shape: (usize, usize),
    },
    /// A 2- or 3-component weight vector, and the 3-D figures' rotation (radians).
    Arrow {
        weights: ArrayView1<'a, f32>,
        yaw: f64,
        pitch: f64,
    },
    Bars {
        weights: ArrayView1<'a, f32>,
    },
}

/// Paints `picture` into `img`, about `width × height` device pixels (the tile keeps its aspect).
pub fn paint(img: &mut RgbaImage, picture: &WeightsPicture, width: usize, height: usize, style: &Style) {
    let (width, height) = (width.clamp(1, MAX_SIDE), height.clamp(1, MAX_SIDE));
    match *picture {
        WeightsPicture::Tile { weights, shape } => {
            let column = weights.insert_axis(ndarray::Axis(1));
            let input =
                FeatureTilesInput { weights: column, image_shape: shape, units: None, width: width.min(height) };
            digit_grid::paint_features(img, &input, style);
        }
        WeightsPicture::Arrow { weights, yaw, pitch } => paint_arrow(img, weights, yaw, pitch, width, height, style),
        WeightsPicture::Bars { weights } => paint_bars(img, weights, width, height, style),
    }
}

fn finite(v: f32) -> f32 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

/// A line `thickness` device pixels wide (parallel one-pixel lines).
fn thick_line(img: &mut RgbaImage, from: (f64, f64), to: (f64, f64), thickness: f64, color: plotters::style::RGBColor) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let length = dx.hypot(dy).max(1e-9);
    let (nx, ny) = (-dy / length, dx / length);
    let strands = thickness.max(1.0).round() as i64;
    for s in 0..strands {
        let o = s as f64 - (strands - 1) as f64 / 2.0;
        img.line(from.0 + nx * o, from.1 + ny * o, to.0 + nx * o, to.1 + ny * o, color, 255);
    }
}

fn paint_arrow(
    img: &mut RgbaImage,
    weights: ArrayView1<f32>,
    yaw: f64,
    pitch: f64,
    width: usize,
    height: usize,
    style: &Style,
) {
    img.reset(width, height, PAPER);
    // Rows: the three unit axes, then the weight vector (a 2-D vector gets z = 0).
    let mut points = Array2::<f32>::zeros((4, 3));
    for k in 0..3 {
        points[[k, k]] = 1.0;
    }
    for (k, &w) in weights.iter().take(3).enumerate() {
        points[[3, k]] = finite(w);
    }
    let projected = rotated_xy(points.view(), yaw, pitch);
    let centre = (width as f64 / 2.0, height as f64 / 2.0);
    let radius = 0.42 * width.min(height) as f64;
    // The arrow fills the picture: its own length sets the scale (the axes are drawn to the same length).
    let length = weights.iter().take(3).map(|&w| (finite(w) as f64).powi(2)).sum::<f64>().sqrt();
    let at = |p: [f32; 2], scale: f64| (centre.0 + p[0] as f64 * scale, centre.1 - p[1] as f64 * scale);
    for (k, &color) in AXIS_COLORS.iter().enumerate().take(if weights.len() >= 3 { 3 } else { 2 }) {
        let tip = at(projected[k], radius);
        thick_line(img, (2.0 * centre.0 - tip.0, 2.0 * centre.1 - tip.1), tip, 1.0, GRID);
        thick_line(img, centre, tip, style.px(1.5) as f64, style::categorical(color));
    }
    if length > 0.0 {
        let tip = at(projected[3], radius / length);
        thick_line(img, centre, tip, style.px(3.0) as f64, INK);
        // The head: two short strokes back from the tip, 25° either side of the shaft.
        let (dx, dy) = (tip.0 - centre.0, tip.1 - centre.1);
        let shaft = dx.hypot(dy);
        if shaft > 1.0 {
            let head = style.px(10.0) as f64;
            for turn in [-0.44f64, 0.44] {
                let (s, c) = turn.sin_cos();
                let back = (-(dx * c - dy * s) / shaft * head, -(dx * s + dy * c) / shaft * head);
                thick_line(img, tip, (tip.0 + back.0, tip.1 + back.1), style.px(3.0) as f64, INK);
            }
        }
    }
}

fn paint_bars(img: &mut RgbaImage, weights: ArrayView1<f32>, width: usize, height: usize, style: &Style) {
    img.reset(width, height, PAPER);
    let n = weights.len();
    if n == 0 {
        return;
    }
    let largest = weights.iter().fold(0.0f32, |m, &w| m.max(finite(w).abs())).max(1e-12) as f64;
    let zero = height as f64 / 2.0;
    let half = zero - style.px(2.0) as f64;
    let slot = width as f64 / n as f64;
    let gap = if slot >= 4.0 { style.px(1.0) as f64 } else { 0.0 };
    for (i, &w) in weights.iter().enumerate() {
        let t = finite(w) as f64 / largest;
        let x0 = (i as f64 * slot).floor();
        let x1 = (((i + 1) as f64 * slot) - gap).floor().max(x0 + 1.0);
        let bar = (t.abs() * half).round().max(1.0);
        let top = if t >= 0.0 { zero - bar } else { zero };
        img.fill_rect(x0 as i64, top as i64, (x1 - x0) as i64, bar as i64, style::diverging(t.signum()));
    }
    img.fill_rect(0, zero as i64, width as i64, 1, INK);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn every_picture_fits_and_shows_something() {
        let style = Style::new(1.0);
        let mut img = RgbaImage::default();
        let tile: Vec<f32> = (0..784).map(|i| ((i % 28) as f32 - 14.0) / 14.0).collect();
        let tile = ndarray::Array1::from(tile);
        paint(&mut img, &WeightsPicture::Tile { weights: tile.view(), shape: (28, 28) }, 112, 112, &style);
        assert_eq!((img.width, img.height), (112, 112));
        assert!(img.variance() > 0.0);
        let vector = array![0.5f32, -1.0, f32::NAN];
        paint(&mut img, &WeightsPicture::Arrow { weights: vector.view(), yaw: 0.4, pitch: 0.3 }, 120, 100, &style);
        assert_eq!((img.width, img.height), (120, 100));
        assert!(img.pixels.chunks_exact(4).any(|p| p[..3] == [INK.0, INK.1, INK.2]), "the arrow is drawn");
        let many = array![1.0f32, -2.0, 0.0, f32::INFINITY, 0.5];
        paint(&mut img, &WeightsPicture::Bars { weights: many.view() }, 50, 40, &style);
        assert_eq!(img.get(1, 15), style::diverging(1.0), "a positive bar above the zero line");
        assert_eq!(img.get(11, 30), style::diverging(-1.0), "a negative bar below it");
        let zero = array![0.0f32, 0.0, 0.0];
        paint(&mut img, &WeightsPicture::Arrow { weights: zero.view(), yaw: 0.0, pitch: 0.0 }, 0, 0, &style);
        assert_eq!((img.width, img.height), (1, 1), "a zero size is clamped, never a panic");
    }
}
