//! The hidden-activation heatmap of the activations panel: one row per probe sample, one column per code
//! unit, each cell coloured by that sample's activation of that unit.
//!
//! Cells are whole blocks of pixels that fill the target size exactly: with 196 units over 470 pixels,
//! some columns are 2 pixels wide and some 3 ([`CellSpan`](super::cell_grid::CellSpan): widths differ by at most one pixel, the
//! wider ones spread evenly), and likewise for the rows, so the picture fills its panel with every cell
//! a crisp rectangle (the page can scale the canvas with CSS `image-rendering: pixelated`). Each cell is
//! at least one pixel, so more units than target pixels gives a wider image (one pixel per unit, up to
//! [`MAX_SIDE`](super::rgba::MAX_SIDE)).
//!
//! Colours: unsigned codes (sigmoid, ReLU) use the sequential map (viridis) from `range.0` to `range.1`;
//! signed codes (tanh, linear) use the diverging map (purple-orange) centred at 0 with symmetric ends
//! ±max(|range.0|, |range.1|), so 0 is always the neutral middle. A range that is not usable (non-finite,
//! empty) falls back to the data's own finite range. NaN cells are drawn in the light grey [`GRID`]
//! colour, which neither map contains; ±∞ are drawn at the map's ends.
//!
//! Speed: one colour per cell from a 257-entry lookup table ([`ColorLut`]), one pixel row per cell row,
//! then that row is copied down the rest of the cell row's height. No allocation besides the layout's
//! unit list.

use super::cell_grid::{paint_cells, CellGrid, CellLayout};
use super::rgba::{RgbaImage, MAX_SIDE};
use super::style::{self, Style, GRID, INK, PAPER};
use ndarray::ArrayView2;
use plotters::style::RGBColor;

/// Number of steps of a [`ColorLut`]; the table has `LUT_STEPS + 1` entries so that 0.5 (the diverging
/// map's neutral centre) is an exact entry.
pub const LUT_STEPS: usize = 256;

/// A colour map sampled once per frame at 257 evenly spaced points of [0, 1], so the per-cell or
/// per-pixel cost is one multiply and one table read instead of a colour-map evaluation.
#[derive(Clone, Debug)]
pub struct ColorLut {
    /// RGBA bytes (alpha 255), ready to copy into an [`RgbaImage`]'s pixels.
    colors: [[u8; 4]; LUT_STEPS + 1],
}

impl ColorLut {
    /// Samples `map` (defined on [0, 1]) at `i / LUT_STEPS`.
    pub fn from_fn(map: impl Fn(f64) -> RGBColor) -> ColorLut {
        ColorLut {
            colors: std::array::from_fn(|i| {
                let c = map(i as f64 / LUT_STEPS as f64);
                [c.0, c.1, c.2, 255]
            }),
        }
    }

    /// [`style::sequential`] (viridis): 0 dark purple, 1 yellow.
    pub fn sequential() -> ColorLut {
        Self::from_fn(style::sequential)
    }

    /// [`style::diverging`] (purple-orange) with t ∈ [0, 1] standing for [−1, 1]: 0.5 is the neutral centre.
    pub fn diverging() -> ColorLut {
        Self::from_fn(|t| style::diverging(2.0 * t - 1.0))
    }

    /// [`style::grayscale`]: 0 paper, 1 ink.
    pub fn grayscale() -> ColorLut {
        Self::from_fn(style::grayscale)
    }

    /// The table index of `t` ∈ [0, 1]: clamped outside, NaN at 0.
    #[inline(always)]
    pub fn index(t: f32) -> usize {
        // `max` turns NaN into 0, so x ∈ [0, 256]. Adding 2²³ rounds x to the nearest integer and leaves it
        // in the low mantissa bits: no float-to-int conversion (and its saturation checks) per pixel.
        const ROUND: f32 = 8_388_608.0;
        let x = (t * LUT_STEPS as f32).max(0.0).min(LUT_STEPS as f32);
        ((x + ROUND).to_bits() & 0x1FF).min(LUT_STEPS as u32) as usize
    }

    /// Entry `i` (0..=LUT_STEPS, clamped) as RGBA bytes.
    #[inline(always)]
    pub fn entry(&self, i: usize) -> [u8; 4] {
        self.colors[i.min(LUT_STEPS)]
    }

    /// The colour at `t` ∈ [0, 1] as RGBA bytes: clamped outside, NaN at 0.
    #[inline(always)]
    pub fn rgba(&self, t: f32) -> [u8; 4] {
        self.colors[Self::index(t)]
    }

    /// The colour at `t` ∈ [0, 1]: clamped outside, NaN at 0.
    #[inline(always)]
    pub fn at(&self, t: f32) -> RGBColor {
        let [r, g, b, _] = self.rgba(t);
        RGBColor(r, g, b)
    }
}

/// RGBA bytes of a colour (alpha 255).
#[inline(always)]
pub fn rgba(c: RGBColor) -> [u8; 4] {
    [c.0, c.1, c.2, 255]
}

/// What the heatmap shows.
#[derive(Clone, Copy, Debug)]
pub struct HeatmapInput<'a> {
    /// Activations, `[rows = probe samples, cols = units]`.
    pub values: ArrayView2<'a, f32>,
    /// Units to show, in display order (e.g. sorted by mean activation); `None` = all in index order.
    /// Entries that are not a column of `values` are skipped.
    pub column_order: Option<&'a [usize]>,
    /// The values mapped to the colour map's ends (signed: only their largest magnitude is used).
    pub range: (f32, f32),
    /// Diverging map centred at 0 (tanh, linear codes) instead of sequential (sigmoid, ReLU).
    pub signed: bool,
    /// Target width in device pixels.
    pub width: usize,
    /// Target height in device pixels.
    pub height: usize,
    /// A probe sample to outline (the one hovered in another panel), if any.
    pub highlighted_row: Option<usize>,
}

/// Where the cells went, for hover; columns are the units in display order.
pub type HeatmapLayout = CellLayout;

/// Paints the heatmap into `img` (resized to the layout's width × height; with no rows or no units, a
/// blank paper image of the target size).
pub fn paint(img: &mut RgbaImage, input: &HeatmapInput, style: &Style) -> HeatmapLayout {
    let (n_rows, n_units) = input.values.dim();
    let target_w = input.width.min(MAX_SIDE);
    let target_h = input.height.min(MAX_SIDE);
    let units: Vec<usize> = match input.column_order {
        Some(order) => order.iter().copied().filter(|&u| u < n_units).take(MAX_SIDE).collect(),
        None => (0..n_units.min(MAX_SIDE)).collect(),
    };
    let rows = n_rows.min(MAX_SIDE);
    let cols = units.len();
    if rows == 0 || cols == 0 {
        img.reset(target_w, target_h, PAPER);
        return HeatmapLayout { width: target_w, height: target_h, columns: units, ..HeatmapLayout::default() };
    }
    let grid = CellGrid::new(rows, cols, target_w, target_h);
    let (lut, scale, offset) = colour_scale(input);
    paint_cells(img, grid, |r, c| {
        let v = input.values[[r, units[c]]];
        if v.is_nan() {
            rgba(GRID)
        } else {
            lut.rgba(v * scale + offset)
        }
    });

    let layout = CellLayout::new(grid, units);
    if let Some(r) = input.highlighted_row.filter(|&r| r < rows) {
        let (_, y, _, h) = layout.cell_rect(r, 0);
        outline_row(img, y, h, style);
    }
    layout
}

/// The lookup table and the affine map value → t ∈ [0, 1] for this input.
fn colour_scale(input: &HeatmapInput) -> (ColorLut, f32, f32) {
    let (lo, hi) = input.range;
    let usable = lo.is_finite() && hi.is_finite() && hi > lo;
    let (lo, hi) = if usable { (lo, hi) } else { finite_range(input) };
    if input.signed {
        let m = lo.abs().max(hi.abs());
        let scale = if m > 0.0 && m.is_finite() { 0.5 / m } else { 0.0 };
        (ColorLut::diverging(), scale, 0.5)
    } else if hi > lo && (hi - lo).is_finite() {
        let scale = 1.0 / (hi - lo);
        (ColorLut::sequential(), scale, -lo * scale)
    } else {
        // Constant data and no usable range: everything at the low end.
        (ColorLut::sequential(), 0.0, 0.0)
    }
}

/// The smallest and largest finite value shown ((0, 0) if there is none).
fn finite_range(input: &HeatmapInput) -> (f32, f32) {
    let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
    for &v in input.values.iter().filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if lo <= hi {
        (lo, hi)
    } else {
        (0.0, 0.0)
    }
}

/// An ink line just above and just below the row (inside the image at its edges), each with a paper
/// halo on its outer side, so the outline shows on dark and light cells alike.
fn outline_row(img: &mut RgbaImage, y: usize, cell_h: usize, style: &Style) {
    let t = style.px(1.0).max(1) as i64;
    let (w, h) = (img.width as i64, img.height as i64);
    let top = (y as i64 - t).max(0);
    let bottom = (y as i64 + cell_h as i64).min(h - t);
    img.fill_rect(0, top - t, w, t, PAPER);
    img.fill_rect(0, bottom + t, w, t, PAPER);
    img.fill_rect(0, top, w, t, INK);
    img.fill_rect(0, bottom, w, t, INK);
    // Short end caps, so the outline reads as a box even where the lines meet the image edge.
    img.fill_rect(0, top, t, bottom - top + t, INK);
    img.fill_rect(w - t, top, t, bottom - top + t, INK);
}
