//! Learned features of low-dimensional data (the features panel for the Swiss roll, the plane, CSV
//! data): small multiples, one tile per code unit, each showing every data point at a 2-D position (e.g.
//! its first two PCA coordinates, or its 2-unit code) coloured by that unit's activation. A unit's tile
//! shows where in the data it fires: a localised patch for a sparse, well-tuned unit, everywhere for a
//! dense one, nothing for a dead one.
//!
//! **Each tile is normalised to its own unit's largest |activation|** over the points shown: the colour
//! says how strongly a point activates this unit relative to the unit's own peak, not compared with
//! other units. [`UnitMapsLayout::max_abs`] gives each tile's scale so the page can print it.
//! - unsigned codes (sigmoid, ReLU): sequential map (viridis), 0 dark purple to the peak in yellow;
//! - signed codes (tanh, linear): diverging map (purple-orange) from −peak to +peak, 0 near-white.
//!
//! Points are drawn weakest first (a counting sort on the colour index), so the firing region sits on top.
//! Each point has a faint grey backdrop one pixel larger, so points near 0 on the diverging map (near
//! white) still show the data's shape. The positions share one scale on both axes (the aspect ratio of
//! the data is kept) and the same mapping in every tile.
//!
//! A live unit's tile has a thin ink frame; a dead unit (every activation 0, or none finite) gets a light
//! grey frame and no dots.
//!
//! Tile size: the page asks for a preferred size; tiles grow up to [`MAX_GROWTH`] times that while the
//! grid still fits the target width and height (with 2 units in a wide panel, two large tiles rather
//! than two stamps in an empty panel). The dots grow with the tiles.

use super::digit_grid::TileGridLayout;
use super::heatmap::{ColorLut, LUT_STEPS};
use super::rgba::{RgbaImage, MAX_SIDE};
use super::style::{Style, GRID, INK, PAPER};
use ndarray::ArrayView2;

/// What the unit maps show.
#[derive(Clone, Copy, Debug)]
pub struct UnitMapsInput<'a> {
    /// 2-D position of each data point (x right, y up).
    pub positions: &'a [[f32; 2]],
    /// Code activations `[n, units]`, row i for point i.
    pub activations: ArrayView2<'a, f32>,
    /// Units to show, in order; `None` = all. Entries that are not a column are skipped.
    pub units: Option<&'a [usize]>,
    /// Target width in device pixels.
    pub width: usize,
    /// Target height in device pixels; 0 = no limit (tiles then grow only while the grid keeps the rows
    /// it has at the preferred size).
    pub height: usize,
    /// Preferred side of one tile in device pixels (e.g. 64 · scale); at least 8 is used. Tiles grow up to
    /// [`MAX_GROWTH`] times this while the grid fits `width` and `height` (or, when the preferred size
    /// already overflows `height`, while it is no taller than at the preferred size).
    pub tile: usize,
    /// Signed code (diverging map) instead of non-negative (sequential map).
    pub signed: bool,
}

/// Tiles grow up to this many times the preferred size to fill the target.
pub const MAX_GROWTH: usize = 3;

/// Columns, rows, width and height of the grid of `n` tiles of side `tile` with `gap` between them in
/// `width` pixels (at least one column).
fn grid(n: usize, tile: usize, gap: usize, width: usize) -> (usize, usize, usize, usize) {
    let cols = ((width + gap) / (tile + gap)).max(1).min(n);
    let max_rows = (MAX_SIDE + gap) / (tile + gap);
    let rows = if cols == 0 { 0 } else { n.div_ceil(cols).min(max_rows) };
    let w = if cols == 0 { 0 } else { cols * (tile + gap) - gap };
    let h = if rows == 0 { 0 } else { rows * (tile + gap) - gap };
    (cols, rows, w, h)
}

/// The tile side for `n` tiles: the largest in [preferred, MAX_GROWTH · preferred] whose grid fits
/// `width` and `height` (see [`UnitMapsInput::tile`]), else the preferred size.
fn tile_size(n: usize, preferred: usize, gap: usize, width: usize, height: usize) -> usize {
    let (_, pref_rows, _, pref_h) = grid(n, preferred, gap, width);
    let fits = |t: usize| {
        let (_, rows, w, h) = grid(n, t, gap, width);
        w <= width && if height > 0 { h <= height.max(pref_h) } else { rows <= pref_rows }
    };
    let most = (preferred * MAX_GROWTH).min(MAX_SIDE);
    (preferred + 1..=most).rev().find(|&t| fits(t)).unwrap_or(preferred)
}

/// Where the tiles went: the tile grid (square tiles, one device pixel per tile pixel) and each tile's
/// colour scale.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitMapsLayout {
    pub tiles: TileGridLayout,
    /// Each tile's largest finite |activation| (its colour scale); 0 for a dead unit.
    pub max_abs: Vec<f32>,
}

/// Paints one tile per unit; the image is exactly the grid (`cols` tiles as fit `width`, at least one).
pub fn paint(img: &mut RgbaImage, input: &UnitMapsInput, style: &Style) -> UnitMapsLayout {
    let n = input.positions.len().min(input.activations.nrows());
    let n_units = input.activations.ncols();
    let mut units: Vec<usize> = match input.units {
        Some(list) => list.iter().copied().filter(|&u| u < n_units).collect(),
        None => (0..n_units).collect(),
    };
    let preferred = input.tile.clamp(8, MAX_SIDE);
    let gap = style.px(6.0).max(2) as usize;
    let tile = tile_size(units.len(), preferred, gap, input.width.min(MAX_SIDE), input.height.min(MAX_SIDE));
    let (cols, rows, width, height) = grid(units.len(), tile, gap, input.width.min(MAX_SIDE));
    units.truncate(rows * cols);
    img.reset(width, height, PAPER);
    let tiles =
        TileGridLayout { scale: 1, tile_w: tile, tile_h: tile, gap, cols, rows, width, height, units: Vec::new() };
    let mut layout = UnitMapsLayout { tiles, max_abs: Vec::new() };
    if units.is_empty() {
        return layout;
    }

    // Point positions inside a tile, the same for every tile (i32::MIN = not drawable).
    let frame = style.px(1.0).max(1) as i64;
    // 2 CSS px at the preferred size, larger on grown tiles (by the square root: more room, same data).
    let growth = (tile as f64 / preferred as f64).sqrt();
    let dot = (style.px(2.0 * growth).max(1) as usize).min(tile);
    let halo = style.px(1.0).max(1) as i64;
    let pad = frame + dot as i64 + halo + style.px(2.0) as i64;
    let offsets = tile_offsets(&input.positions[..n], tile, dot, pad);
    // The halos are the same in every live tile: drawn once here, copied into each tile.
    let mut backdrop = RgbaImage::default();
    backdrop.reset(tile, tile, PAPER);
    for &(dx, dy) in offsets.iter().filter(|o| o.0 != i32::MIN) {
        let side = dot as i64 + 2 * halo;
        backdrop.fill_rect(dx as i64 - halo, dy as i64 - halo, side, side, GRID);
    }
    let stride = width * 4;

    let lut = if input.signed { ColorLut::diverging() } else { ColorLut::sequential() };
    let base = if input.signed { LUT_STEPS / 2 } else { 0 };
    // Per point: colour index and sort key (distance from the neutral index; SKIP = not drawn).
    const SKIP: usize = LUT_STEPS + 1;
    let mut index = vec![0u16; n];
    let mut keys = vec![0u16; n];
    let mut order = vec![0u32; n];
    let mut counts = [0usize; SKIP + 1];
    let mut max_abs = Vec::with_capacity(units.len());
    // Every unit's largest finite |activation|, in one row-major (contiguous) pass.
    let mut peaks = vec![0.0f32; n_units];
    for row in input.activations.rows().into_iter().take(n) {
        for (peak, &v) in peaks.iter_mut().zip(row.iter()) {
            let v = if v.is_finite() { v.abs() } else { 0.0 };
            *peak = peak.max(v);
        }
    }
    for (k, &unit) in units.iter().enumerate() {
        let (x0, y0) = layout.tiles.tile_origin(k);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let column = input.activations.column(unit);
        let peak = peaks[unit];
        max_abs.push(peak);
        if peak == 0.0 {
            img.stroke_rect(x0, y0, tile as i64, tile as i64, frame, GRID);
            continue;
        }
        let (scale, offset) = if input.signed { (0.5 / peak, 0.5) } else { (1.0 / peak, 0.0) };
        counts.fill(0);
        for i in 0..n {
            let v = column[i];
            let key = if v.is_nan() || offsets[i].0 == i32::MIN {
                SKIP
            } else {
                // ±∞ are clamped to the ends.
                let j = ColorLut::index(v * scale + offset);
                index[i] = j as u16;
                j.abs_diff(base)
            };
            keys[i] = key as u16;
            counts[key] += 1;
        }
        // Counting sort: bucket starts, then stable placement.
        let mut start = 0;
        for c in counts.iter_mut() {
            let count = *c;
            *c = start;
            start += count;
        }
        for (i, &key) in keys.iter().enumerate() {
            order[counts[key as usize]] = i as u32;
            counts[key as usize] += 1;
        }
        // After placement counts[b] is the end of bucket b: everything before SKIP's bucket is drawn.
        let drawn = counts[SKIP - 1];
        let origin = (y0 as usize * width + x0 as usize) * 4;
        for row in 0..tile {
            let (from, to) = (row * tile * 4, origin + row * stride);
            img.pixels[to..to + tile * 4].copy_from_slice(&backdrop.pixels[from..from + tile * 4]);
        }
        for &i in &order[..drawn] {
            let i = i as usize;
            let color = lut.entry(index[i] as usize);
            let (dx, dy) = offsets[i];
            let at = origin + dy as usize * stride + dx as usize * 4;
            for row in 0..dot {
                let start = at + row * stride;
                for px in img.pixels[start..start + dot * 4].chunks_exact_mut(4) {
                    px.copy_from_slice(&color);
                }
            }
        }
        img.stroke_rect(x0, y0, tile as i64, tile as i64, frame, INK);
    }
    layout.tiles.units = units;
    layout.max_abs = max_abs;
    layout
}

/// Top-left pixel of each point's `dot`-pixel dot (dot ≤ tile) inside a `tile`-pixel tile with `pad` pixels kept free at the
/// edges: one scale for both axes from the finite positions' bounding box, the data centred, y up.
fn tile_offsets(positions: &[[f32; 2]], tile: usize, dot: usize, pad: i64) -> Vec<(i32, i32)> {
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for p in positions.iter().filter(|p| p[0].is_finite() && p[1].is_finite()) {
        for k in 0..2 {
            lo[k] = lo[k].min(p[k] as f64);
            hi[k] = hi[k].max(p[k] as f64);
        }
    }
    let inner = (tile as i64 - 2 * pad).max(1) as f64;
    let span = (hi[0] - lo[0]).max(hi[1] - lo[1]);
    let scale = if span > 0.0 && span.is_finite() { inner / span } else { 0.0 };
    let mid = [0.5 * lo[0] + 0.5 * hi[0], 0.5 * lo[1] + 0.5 * hi[1]];
    let half = tile as f64 * 0.5;
    positions
        .iter()
        .map(|p| {
            if !(p[0].is_finite() && p[1].is_finite()) {
                return (i32::MIN, 0);
            }
            let x = half + (p[0] as f64 - mid[0]) * scale;
            let y = half - (p[1] as f64 - mid[1]) * scale;
            // A dot is drawn from its top-left pixel; centre it on the position.
            // Clamped so the whole dot lies inside the tile.
            let corner = |c: f64| (c - dot as f64 * 0.5).round().clamp(0.0, (tile - dot) as f64) as i32;
            (corner(x), corner(y))
        })
        .collect()
}
