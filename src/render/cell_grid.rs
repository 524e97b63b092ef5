//! Grids of crisp cells that fill an image exactly, shared by the activation heatmap and the cosine
//! matrix: [`CellSpan`] spreads n cells over a pixel length (sizes differ by at most one pixel),
//! [`CellGrid`] pairs two spans, [`paint_cells`] fills them, and [`CellLayout`] maps pixels back to cells
//! for hover.

use super::rgba::RgbaImage;
use super::style::PAPER;

/// `n` cells spread over exactly `total` pixels (`total ≥ n`): cell i covers [edge(i), edge(i + 1)) with
/// edge(i) = ⌊i · total / n⌋, so sizes differ by at most one pixel and the cells fill `total` exactly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CellSpan {
    pub n: usize,
    pub total: usize,
}

impl CellSpan {
    /// `n` cells over `target` pixels, each at least one pixel (so `n` pixels if `target` is smaller).
    pub fn new(n: usize, target: usize) -> CellSpan {
        CellSpan { n, total: if n == 0 { 0 } else { target.max(n) } }
    }

    /// The first pixel of cell `i` (`total` for `i = n`).
    #[inline]
    pub fn edge(&self, i: usize) -> usize {
        if self.n == 0 {
            0
        } else {
            (i as u64 * self.total as u64 / self.n as u64) as usize
        }
    }

    /// The narrowest cell, pixels.
    pub fn min_size(&self) -> usize {
        self.total.checked_div(self.n).unwrap_or(0)
    }

    /// The cell covering pixel coordinate `px`, if inside.
    pub fn index_at(&self, px: f64) -> Option<usize> {
        if px.is_nan() || px < 0.0 || self.n == 0 {
            return None;
        }
        let p = px.floor();
        if p >= self.total as f64 {
            return None;
        }
        // Cell c covers p exactly when c = ⌊((p + 1)·n − 1) / total⌋.
        let p = p as u64;
        Some((((p + 1) * self.n as u64 - 1) / self.total as u64) as usize)
    }
}

/// Rows and columns of cells filling an image exactly (the heatmap's and the cosine matrix's layout).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CellGrid {
    pub rows: CellSpan,
    pub cols: CellSpan,
}

impl CellGrid {
    /// `rows × cols` cells filling `width × height` pixels (each cell at least one pixel).
    pub fn new(rows: usize, cols: usize, width: usize, height: usize) -> CellGrid {
        CellGrid { rows: CellSpan::new(rows, height), cols: CellSpan::new(cols, width) }
    }

    /// The (row, column) under pixel (x, y), if inside.
    pub fn at(&self, x_px: f64, y_px: f64) -> Option<(usize, usize)> {
        Some((self.rows.index_at(y_px)?, self.cols.index_at(x_px)?))
    }

    /// The pixel rectangle (x, y, w, h) of cell (row, col).
    pub fn rect(&self, row: usize, col: usize) -> (usize, usize, usize, usize) {
        let (x, y) = (self.cols.edge(col), self.rows.edge(row));
        (x, y, self.cols.edge(col + 1) - x, self.rows.edge(row + 1) - y)
    }
}

/// Paints a grid of cells filling `img` exactly (`img` is reset to the grid's size): cell (r, c) in
/// `color(r, c)`, one pixel row per cell row, copied down the rest of that row's height.
pub(crate) fn paint_cells(img: &mut RgbaImage, grid: CellGrid, mut color: impl FnMut(usize, usize) -> [u8; 4]) {
    let CellGrid { rows, cols } = grid;
    let (width, height) = (cols.total, rows.total);
    img.reset(width, height, PAPER);
    let stride = width * 4;
    for r in 0..rows.n {
        let (y0, y1) = (rows.edge(r), rows.edge(r + 1));
        let start = y0 * stride;
        let line = &mut img.pixels[start..start + stride];
        for c in 0..cols.n {
            let rgba = color(r, c);
            for px in line[cols.edge(c) * 4..cols.edge(c + 1) * 4].chunks_exact_mut(4) {
                px.copy_from_slice(&rgba);
            }
        }
        for y in y0 + 1..y1 {
            img.pixels.copy_within(start..start + stride, y * stride);
        }
    }
}

/// Where a painted grid's cells went, for hover and outlines: the grid's size and the data column shown
/// in each display column (the heatmap's units in display order, the cosine matrix's diagonal order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CellLayout {
    /// The narrowest cell's width in device pixels (others are one pixel wider; 0 when nothing was drawn).
    pub cell_w: usize,
    /// The shortest cell's height in device pixels (others are one pixel taller; 0 when nothing was drawn).
    pub cell_h: usize,
    /// Rows drawn.
    pub rows: usize,
    /// Columns drawn.
    pub cols: usize,
    /// Image width in device pixels.
    pub width: usize,
    /// Image height in device pixels.
    pub height: usize,
    /// The data column (unit) shown in each display column.
    pub columns: Vec<usize>,
}

impl CellLayout {
    /// The layout of `grid` as painted, showing data column `columns[c]` in display column c.
    pub fn new(grid: CellGrid, columns: Vec<usize>) -> CellLayout {
        CellLayout {
            cell_w: grid.cols.min_size(),
            cell_h: grid.rows.min_size(),
            rows: grid.rows.n,
            cols: grid.cols.n,
            width: grid.cols.total,
            height: grid.rows.total,
            columns,
        }
    }

    fn grid(&self) -> CellGrid {
        CellGrid {
            rows: CellSpan { n: self.rows, total: self.height },
            cols: CellSpan { n: self.cols, total: self.width },
        }
    }

    /// The (row, data column) under device pixel (x, y): the column is the real unit index (order applied).
    pub fn cell_at(&self, x_px: f64, y_px: f64) -> Option<(usize, usize)> {
        let (row, col) = self.grid().at(x_px, y_px)?;
        self.columns.get(col).map(|&unit| (row, unit))
    }

    /// The pixel rectangle (x, y, w, h) of display cell (row, col).
    pub fn cell_rect(&self, row: usize, col: usize) -> (usize, usize, usize, usize) {
        self.grid().rect(row, col)
    }
}
