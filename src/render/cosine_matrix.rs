//! The sparse-features panel's matrix: rows are the true feature directions, columns the learned units,
//! each cell the signed cosine between a feature and a unit's direction, on the diverging map over
//! [−1, 1] (orange = same direction, purple = opposite, near-white = unrelated).
//!
//! Columns are reordered so that each feature's best-matching unit sits on the diagonal
//! ([`diagonal_order`]: greedy assignment by best cosine, unmatched units after, in index order), so a
//! recovered dictionary reads as an orange diagonal. Cells above the recovery threshold (0.9) are
//! outlined twice: an ink ring just outside (it shows on the light neighbours) and, when the cell is wide
//! enough, a paper ring just inside (it shows on the cell itself, which is the map's darkest orange).
//!
//! Cells are whole blocks of pixels that fill the target size exactly (sizes differ by at most one pixel,
//! as in the heatmap: [`CellGrid`]), at least one pixel each, for CSS `image-rendering: pixelated`.

use super::cell_grid::{paint_cells, CellGrid, CellLayout};
use super::heatmap::{rgba, ColorLut};
use super::rgba::{RgbaImage, MAX_SIDE};
use super::style::{Style, GRID, INK, PAPER};
use ndarray::{Array2, ArrayView2};

/// Signed cosine similarity of every true feature with every learned direction, `[features, units]`.
///
/// `truth` is `[features, d]`, `learned` is `[units, d]` (one direction per row, any norm, e.g. the
/// decoder directions). A zero or non-finite row gives cosines of 0; so does a width mismatch (nothing
/// is comparable). Computed in f64 and clamped to [−1, 1].
pub fn cosine_matrix(truth: ArrayView2<f32>, learned: ArrayView2<f32>) -> Array2<f32> {
    let mut out = Array2::<f32>::zeros((truth.nrows(), learned.nrows()));
    if truth.ncols() != learned.ncols() {
        return out;
    }
    // Unit-norm copies of the rows, contiguous, in f64 (zero for a zero or non-finite row).
    let unit_rows = |m: ArrayView2<f32>| -> Vec<f64> {
        let d = m.ncols();
        let mut out = vec![0.0f64; m.nrows() * d];
        for (row, dst) in m.rows().into_iter().zip(out.chunks_exact_mut(d.max(1))) {
            let norm = row.iter().map(|&v| v as f64 * v as f64).sum::<f64>().sqrt();
            if norm > 0.0 && norm.is_finite() {
                for (o, &v) in dst.iter_mut().zip(row.iter()) {
                    *o = v as f64 / norm;
                }
            }
        }
        out
    };
    let d = truth.ncols();
    if d == 0 {
        return out;
    }
    let (t, l) = (unit_rows(truth), unit_rows(learned));
    for (t, mut out_row) in t.chunks_exact(d).zip(out.rows_mut()) {
        for (l, o) in l.chunks_exact(d).zip(out_row.iter_mut()) {
            let dot: f64 = t.iter().zip(l).map(|(a, b)| a * b).sum();
            *o = dot.clamp(-1.0, 1.0) as f32;
        }
    }
    out
}

/// Column order putting each feature's match on the diagonal.
///
/// Greedy assignment: all (feature, unit) pairs by decreasing cosine (NaN last), each taken when both are
/// still free. Columns are then the matched units in the order of their features, followed by the
/// unmatched units in index order. With at least as many units as features, column f is feature f's
/// unit; with fewer, the matched units follow their features' order.
pub fn diagonal_order(cosines: ArrayView2<f32>) -> Vec<usize> {
    let (features, units) = cosines.dim();
    // One u64 per pair: the cosine's bits made to sort descending (NaN last) in the high half, the pair's
    // row-major index (so ties go by feature, then unit) in the low half; sorting integers is fast.
    let mut pairs: Vec<u64> = Vec::with_capacity(features * units);
    for (k, &c) in cosines.iter().enumerate().take(u32::MAX as usize) {
        pairs.push(((descending_key(c) as u64) << 32) | k as u64);
    }
    pairs.sort_unstable();
    let mut unit_of = vec![usize::MAX; features];
    let mut taken = vec![false; units];
    let mut left = features.min(units);
    for &pair in &pairs {
        if left == 0 {
            break;
        }
        let k = (pair & 0xFFFF_FFFF) as usize;
        let (f, u) = (k / units, k % units);
        if unit_of[f] == usize::MAX && !taken[u] {
            unit_of[f] = u;
            taken[u] = true;
            left -= 1;
        }
    }
    let mut order: Vec<usize> = unit_of.into_iter().filter(|&u| u != usize::MAX).collect();
    order.extend((0..units).filter(|&u| !taken[u]));
    order
}

/// A u32 whose ascending order is the descending order of `c`, with NaN after everything.
fn descending_key(c: f32) -> u32 {
    if c.is_nan() {
        return u32::MAX;
    }
    // The usual order-preserving map of IEEE bits to unsigned (−0 and +0 map next to each other), negated.
    let bits = c.to_bits();
    let ascending = if bits >> 31 == 1 { !bits } else { bits | 0x8000_0000 };
    (!ascending).min(u32::MAX - 1)
}

/// What the matrix shows.
#[derive(Clone, Copy, Debug)]
pub struct CosineMatrixInput<'a> {
    /// Signed cosines `[true features, units]` (e.g. from [`cosine_matrix`]).
    pub cosines: ArrayView2<'a, f32>,
    /// Cells above this are outlined (the recovery threshold, 0.9).
    pub threshold: f32,
    /// Target size in device pixels.
    pub width: usize,
    pub height: usize,
}

/// Where the cells went; columns are the units in diagonal order.
pub type CosineMatrixLayout = CellLayout;

/// Paints the matrix (an empty matrix gives a blank paper image of the target size).
pub fn paint(img: &mut RgbaImage, input: &CosineMatrixInput, style: &Style) -> CosineMatrixLayout {
    let target_w = input.width.min(MAX_SIDE);
    let target_h = input.height.min(MAX_SIDE);
    let mut order = diagonal_order(input.cosines);
    order.truncate(MAX_SIDE);
    let rows = input.cosines.nrows().min(MAX_SIDE);
    let cols = order.len();
    if rows == 0 || cols == 0 {
        img.reset(target_w, target_h, PAPER);
        return CosineMatrixLayout { width: target_w, height: target_h, columns: order, ..Default::default() };
    }
    let grid = CellGrid::new(rows, cols, target_w, target_h);
    let lut = ColorLut::diverging();
    paint_cells(img, grid, |r, c| {
        let v = input.cosines[[r, order[c]]];
        if v.is_nan() {
            rgba(GRID)
        } else {
            lut.rgba(0.5 + 0.5 * v)
        }
    });
    let layout = CellLayout::new(grid, order);

    // Outlines of the cells above the threshold (a NaN threshold outlines nothing).
    let t = style.px(1.0).max(1) as i64;
    for r in 0..rows {
        let row = input.cosines.row(r);
        for (c, &unit) in layout.columns.iter().enumerate() {
            if row[unit] > input.threshold {
                let (x, y, w, h) = layout.cell_rect(r, c);
                let (x, y, w, h) = (x as i64, y as i64, w as i64, h as i64);
                img.stroke_rect(x - t, y - t, w + 2 * t, h + 2 * t, t, INK);
                // A paper ring inside, where the cell (above 0.9: the map's darkest orange) leaves room.
                if w > 2 * t + 1 && h > 2 * t + 1 {
                    img.stroke_rect(x, y, w, h, t, PAPER);
                }
            }
        }
    }
    layout
}
