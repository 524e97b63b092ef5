//! The two MNIST pictures of the features panel.
//!
//! - [`paint_features`]: the classic exercise's visualisation of what each code unit detects. Unit j's
//!   tile is x = W_j / ‖W_j‖, the unit-norm input that activates it most (W_j = column j of the encoder
//!   weights), drawn as a 28×28 picture in grayscale with ink polarity (positive = dark ink, 0 = mid-grey,
//!   negative = light), each tile's contrast symmetric around 0 (see [`paint_features`] for why), in a
//!   grid with 1-pixel paper gaps.
//! - [`paint_reconstructions`]: originals above their reconstructions, pair by pair, in grayscale with
//!   ink on paper (0 = white, 1 = dark), the selected sample outlined.
//!
//! Each tile pixel becomes an integer `scale × scale` block (scale ≥ 1, the largest that fits the
//! target width with a roughly square grid), so the page can scale the canvas with CSS
//! `image-rendering: pixelated`. Images are exactly as large as their grid (at most the target width,
//! unless one tile alone is wider). A pixel the weights or samples do not have (a shape that does not
//! match their length) is drawn in the light grey [`GRID`] colour, as is NaN.

use super::heatmap::{rgba, ColorLut};
use super::rgba::{RgbaImage, MAX_SIDE};
use super::style::{self, Style, GRID, PAPER};
use ndarray::{ArrayView1, ArrayView2};
use plotters::style::RGBColor;

/// Input of [`paint_features`].
#[derive(Clone, Copy, Debug)]
pub struct FeatureTilesInput<'a> {
    /// Encoder weights W, `[inputs (784), units]`: column j is unit j's incoming weights.
    pub weights: ArrayView2<'a, f32>,
    /// (height, width) of one input image, e.g. (28, 28).
    pub image_shape: (usize, usize),
    /// Units to show, in order; `None` = all. Entries that are not a column of `weights` are skipped.
    pub units: Option<&'a [usize]>,
    /// Target width in device pixels.
    pub width: usize,
}

/// Where the feature tiles went.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TileGridLayout {
    /// Device pixels per image pixel.
    pub scale: usize,
    /// One tile's width and height in device pixels (image width · scale, image height · scale).
    pub tile_w: usize,
    pub tile_h: usize,
    /// Gap between tiles in device pixels.
    pub gap: usize,
    /// Tiles per row and number of tile rows.
    pub cols: usize,
    pub rows: usize,
    /// Image size in device pixels.
    pub width: usize,
    pub height: usize,
    /// The unit of each tile, in drawing order (row by row).
    pub units: Vec<usize>,
}

impl TileGridLayout {
    /// The unit whose tile is under device pixel (x, y); `None` in gaps and outside.
    pub fn tile_at(&self, x_px: f64, y_px: f64) -> Option<usize> {
        let k = grid_hit(x_px, y_px, self.tile_w, self.tile_h, self.gap, self.gap, self.cols)?;
        self.units.get(k).copied()
    }

    /// Top-left device pixel of the k-th tile (in drawing order).
    pub fn tile_origin(&self, k: usize) -> (usize, usize) {
        let cols = self.cols.max(1);
        ((k % cols) * (self.tile_w + self.gap), (k / cols) * (self.tile_h + self.gap))
    }
}

/// A tile's contrast saturates at this many times the RMS of its weights (when that is below its largest
/// |weight|), so one extreme pixel does not wash the rest of the tile out.
pub const CLIP_RMS: f64 = 4.0;

/// Paints one tile per unit: x = W_j / ‖W_j‖ in grayscale with ink polarity, each tile's contrast
/// symmetric around 0: 0 is mid-grey, positive weights darker up to ink, negative ones lighter up to
/// paper, the tile's scale being its largest |x| capped at [`CLIP_RMS`] × its RMS (a 1/√784 for a
/// unit-norm x).
///
/// Why: the tile is then literally the unit's preferred input drawn the way the digits are drawn in the
/// reconstructions panel: a positive weight means ink at that pixel excites the unit, so the preferred pen
/// stroke appears as a dark ink stroke, and the places where ink would inhibit the unit show as paper.
/// Shape is read from lightness, and a grey ramp is monotone in lightness, whereas the purple-orange map
/// is dark at both ends, so strokes (orange) and their inhibitory flanks (purple) both look "dark" and the
/// stroke shapes are harder to read (compared on a trained ufldl-mnist model: digits and strokes are
/// recognisable at a glance in grey, much less so in purple-orange). Symmetric scaling keeps 0 at the same
/// grey in every tile (unlike min-max, which moves "zero" from tile to tile); per-tile scaling shows every
/// unit's shape, also for units with small weights. This is the classic `display_network` display with
/// the polarity flipped to ink-on-paper.
///
/// A unit with all-zero (or non-finite) weights is drawn plain mid-grey; NaN pixels and pixels the weights
/// do not have are light grey ([`GRID`]).
pub fn paint_features(img: &mut RgbaImage, input: &FeatureTilesInput, style: &Style) -> TileGridLayout {
    let _ = style; // Sizes are in device pixels already; the 1-pixel gap is deliberate at any scale.
    let (inputs, n_units) = input.weights.dim();
    let shape = image_shape(input.image_shape, inputs);
    let mut units: Vec<usize> = match input.units {
        Some(list) => list.iter().copied().filter(|&u| u < n_units).collect(),
        None => (0..n_units).collect(),
    };
    let gap = 1;
    let grid = Grid::choose(units.len(), shape, input.width, gap, gap);
    units.truncate(grid.count);
    img.reset(grid.width, grid.height, PAPER);
    let mut layout = TileGridLayout {
        scale: grid.scale,
        tile_w: grid.tile_w,
        tile_h: grid.tile_h,
        gap,
        cols: grid.cols,
        rows: grid.rows,
        width: grid.width,
        height: grid.height,
        units: Vec::new(),
    };
    if grid.count == 0 {
        layout.units = units;
        return layout;
    }
    // Per unit: the tile's contrast from its finite weights (non-finite ones count as 0), in one
    // row-major (contiguous, branch-free) pass over W.
    let mut max_abs = vec![0.0f32; n_units];
    let mut squares = vec![0.0f32; n_units];
    for row in input.weights.rows() {
        match row.as_slice() {
            Some(row) => accumulate(&mut max_abs, &mut squares, row.iter().copied()),
            None => accumulate(&mut max_abs, &mut squares, row.iter().copied()),
        }
    }
    // x = W_j / ‖W_j‖ and then a symmetric per-tile scale: the two divisions fold into one factor,
    // 0.5 / s with s = min(max|W_j|, CLIP_RMS · rms(W_j)) (the norm cancels). A sum of squares that
    // overflowed (weights near f32::MAX) falls back to the largest |weight|.
    let factors: Vec<f32> = units
        .iter()
        .map(|&u| {
            let rms = (squares[u] as f64 / inputs.max(1) as f64).sqrt();
            let max_abs = max_abs[u] as f64;
            let s = if rms.is_finite() { max_abs.min(CLIP_RMS * rms) } else { max_abs };
            if s > 0.0 && s.is_finite() {
                (0.5 / s) as f32
            } else {
                0.0
            }
        })
        .collect();

    // Image row by image row: for each tile, its pixel row is written left to right (the `img_w` rows of
    // W it reads stay in cache from one tile to the next); then whole image rows are copied down
    // `scale − 1` times.
    let lut = ColorLut::grayscale();
    let contiguous = input.weights.as_slice();
    let (img_h, img_w) = shape;
    let scale = grid.scale;
    let stride = grid.width * 4;
    for r in 0..img_h {
        for (k, &unit) in units.iter().enumerate() {
            let (x, y) = layout.tile_origin(k);
            let start = (y + r * scale) * stride + x * 4;
            let line = &mut img.pixels[start..start + img_w * scale * 4];
            let factor = factors[k];
            for (c, block) in line.chunks_exact_mut(scale * 4).enumerate() {
                let p = r * img_w + c;
                let v = match contiguous {
                    Some(w) => w.get(p * n_units + unit).copied(),
                    None => input.weights.get((p, unit)).copied(),
                };
                let color = match v {
                    Some(v) if !v.is_nan() => lut.rgba(0.5 + v * factor),
                    _ => rgba(GRID),
                };
                for px in block.chunks_exact_mut(4) {
                    px.copy_from_slice(&color);
                }
            }
        }
        for tile_row in 0..grid.rows {
            let start = (tile_row * (grid.tile_h + gap) + r * scale) * stride;
            for k in 1..scale {
                img.pixels.copy_within(start..start + stride, start + k * stride);
            }
        }
    }
    layout.units = units;
    layout
}

/// Running max |v| and Σ v² per unit over one row of W (non-finite values count as 0).
#[inline]
fn accumulate(max_abs: &mut [f32], squares: &mut [f32], row: impl Iterator<Item = f32>) {
    for ((m, q), v) in max_abs.iter_mut().zip(squares.iter_mut()).zip(row) {
        let v = if v.is_finite() { v } else { 0.0 };
        *m = m.max(v.abs());
        *q += v * v;
    }
}

/// Input of [`paint_reconstructions`].
#[derive(Clone, Copy, Debug)]
pub struct ReconstructionGridInput<'a> {
    /// Original samples, `[n, 784]`, values in [0, 1] (clamped).
    pub originals: ArrayView2<'a, f32>,
    /// Their reconstructions, `[n, 784]`, values in [0, 1] (clamped).
    pub reconstructions: ArrayView2<'a, f32>,
    /// (height, width) of one image.
    pub image_shape: (usize, usize),
    /// Target width in device pixels.
    pub width: usize,
    /// A sample to outline, if any.
    pub selected: Option<usize>,
}

/// Where the original/reconstruction pairs went.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ReconstructionLayout {
    /// Device pixels per image pixel.
    pub scale: usize,
    /// One tile's size in device pixels.
    pub tile_w: usize,
    pub tile_h: usize,
    /// Gap between an original and its reconstruction below it.
    pub pair_gap: usize,
    /// Gap between neighbouring pairs in a band.
    pub col_gap: usize,
    /// Gap between bands (a band is a row of originals above its row of reconstructions).
    pub band_gap: usize,
    /// Paper around the whole grid (room for the selection outline).
    pub margin: usize,
    /// Pairs per band and number of bands.
    pub cols: usize,
    pub bands: usize,
    /// Pairs drawn.
    pub samples: usize,
    /// Image size in device pixels.
    pub width: usize,
    pub height: usize,
}

impl ReconstructionLayout {
    /// The sample whose original or reconstruction (or the gap between them) is under (x, y).
    pub fn sample_at(&self, x_px: f64, y_px: f64) -> Option<usize> {
        let m = self.margin as f64;
        let k = grid_hit(x_px - m, y_px - m, self.tile_w, self.pair_height(), self.col_gap, self.band_gap, self.cols)?;
        (k < self.samples).then_some(k)
    }

    /// Top-left device pixel of sample i's original; its reconstruction starts `tile_h + pair_gap` lower.
    pub fn pair_origin(&self, i: usize) -> (usize, usize) {
        let cols = self.cols.max(1);
        let x = (i % cols) * (self.tile_w + self.col_gap);
        (self.margin + x, self.margin + (i / cols) * (self.pair_height() + self.band_gap))
    }

    /// Height of one original + gap + reconstruction.
    pub fn pair_height(&self) -> usize {
        2 * self.tile_h + self.pair_gap
    }
}

/// Paints originals above their reconstructions in grayscale (0 = paper, 1 = ink), the selected pair
/// outlined in the first categorical colour (blue, which no grey tile contains) in the gaps around it.
/// If the two arrays have different numbers of rows, the missing tiles are grey.
pub fn paint_reconstructions(
    img: &mut RgbaImage,
    input: &ReconstructionGridInput,
    style: &Style,
) -> ReconstructionLayout {
    let (n_orig, d_orig) = input.originals.dim();
    let (n_rec, d_rec) = input.reconstructions.dim();
    let n = n_orig.max(n_rec);
    let shape = image_shape(input.image_shape, d_orig.max(d_rec));
    let outline = style.px(2.0).max(1) as usize;
    let pair_gap = style.px(1.0).max(1) as usize;
    // Room for the outline plus one pixel of paper on each side of it, also around the whole grid.
    let margin = outline + pair_gap;
    let col_gap = 2 * margin;
    let band_gap = col_gap + style.px(6.0).max(1) as usize;
    let room = input.width.min(MAX_SIDE).saturating_sub(2 * margin);
    // Scale as for a square grid of 4n tiles: about √(4n) pairs per band, so the picture is about twice
    // as wide as tall (bands are two tiles high), which suits a panel.
    let scale = Grid::choose(4 * n, shape, room, col_gap, pair_gap).scale;
    let (tile_w, tile_h) = (shape.1 * scale, shape.0 * scale);
    let cols = if n == 0 { 0 } else { ((room + col_gap) / (tile_w + col_gap)).clamp(1, n) };
    let pair_h = 2 * tile_h + pair_gap;
    let max_bands = (MAX_SIDE.saturating_sub(2 * margin) + band_gap) / (pair_h + band_gap);
    let bands = if cols == 0 { 0 } else { n.div_ceil(cols).min(max_bands) };
    let samples = n.min(bands * cols);
    let bands = if cols == 0 { 0 } else { samples.div_ceil(cols) };
    let (width, height) = if samples == 0 {
        (0, 0)
    } else {
        (2 * margin + cols * (tile_w + col_gap) - col_gap, 2 * margin + bands * (pair_h + band_gap) - band_gap)
    };
    img.reset(width, height, PAPER);
    let layout = ReconstructionLayout {
        scale,
        tile_w,
        tile_h,
        pair_gap,
        col_gap,
        band_gap,
        margin,
        cols,
        bands,
        samples,
        width,
        height,
    };

    let lut = ColorLut::grayscale();
    for i in 0..samples {
        let (x, y) = layout.pair_origin(i);
        let original = (i < n_orig).then(|| input.originals.row(i));
        let reconstruction = (i < n_rec).then(|| input.reconstructions.row(i));
        draw_tile(img, x, y, shape, scale, |p| gray(&lut, original.as_ref(), p));
        draw_tile(img, x, y + tile_h + pair_gap, shape, scale, |p| gray(&lut, reconstruction.as_ref(), p));
    }
    if let Some(i) = input.selected.filter(|&i| i < samples) {
        let (x, y) = layout.pair_origin(i);
        let m = (pair_gap + outline) as i64;
        let (w, h) = (tile_w as i64 + 2 * m, pair_h as i64 + 2 * m);
        img.stroke_rect(x as i64 - m, y as i64 - m, w, h, outline as i64, style::categorical(0));
    }
    layout
}

/// Pixel p of an ink image in grayscale; grey where the row is missing, too short or NaN.
#[inline]
fn gray(lut: &ColorLut, row: Option<&ArrayView1<f32>>, p: usize) -> RGBColor {
    match row.and_then(|r| r.get(p)) {
        Some(&v) if !v.is_nan() => lut.at(v),
        _ => GRID,
    }
}

/// The image shape to draw: the given one (each side clamped to half of `MAX_SIDE`), or for a zero side the
/// smallest square holding `len` pixels.
fn image_shape((h, w): (usize, usize), len: usize) -> (usize, usize) {
    if h == 0 || w == 0 {
        let side = (len as f64).sqrt().ceil() as usize;
        (side.min(MAX_SIDE / 2), side.min(MAX_SIDE / 2))
    } else {
        (h.min(MAX_SIDE / 2), w.min(MAX_SIDE / 2))
    }
}

/// A grid of equal tiles with integer pixel scale.
struct Grid {
    scale: usize,
    tile_w: usize,
    tile_h: usize,
    cols: usize,
    rows: usize,
    /// Tiles that fit (all of them unless the grid would be taller than `MAX_SIDE`).
    count: usize,
    width: usize,
    height: usize,
}

impl Grid {
    /// `count` tiles of `shape` image pixels: scale such that a roughly square grid (⌈√count⌉ columns)
    /// fits `width`, at least 1; then as many columns as fit at that scale.
    fn choose(count: usize, (img_h, img_w): (usize, usize), width: usize, col_gap: usize, row_gap: usize) -> Grid {
        let width = width.min(MAX_SIDE);
        if count == 0 || img_h == 0 || img_w == 0 {
            return Grid { scale: 1, tile_w: img_w, tile_h: img_h, cols: 0, rows: 0, count: 0, width: 0, height: 0 };
        }
        let square_cols = ((count as f64).sqrt().ceil() as usize).max(1);
        let room = width.saturating_sub((square_cols - 1) * col_gap);
        let max_scale = (MAX_SIDE / img_w).min(MAX_SIDE / img_h).max(1);
        let scale = (room / (square_cols * img_w)).clamp(1, max_scale);
        let (tile_w, tile_h) = ((img_w * scale).min(MAX_SIDE), (img_h * scale).min(MAX_SIDE));
        let cols = ((width + col_gap) / (tile_w + col_gap)).clamp(1, count);
        let max_rows = ((MAX_SIDE + row_gap) / (tile_h + row_gap)).max(1);
        let rows = count.div_ceil(cols).min(max_rows);
        let count = count.min(rows * cols);
        let rows_used = count.div_ceil(cols);
        Grid {
            scale,
            tile_w,
            tile_h,
            cols,
            rows: rows_used,
            count,
            width: cols * (tile_w + col_gap) - col_gap,
            height: rows_used * (tile_h + row_gap) - row_gap,
        }
    }
}

/// Index (row-major) of the cell of a `cols`-wide grid of `cell_w × cell_h` cells separated by gaps that
/// contains (x, y); `None` in a gap or left/above the grid.
pub(crate) fn grid_hit(
    x: f64,
    y: f64,
    cell_w: usize,
    cell_h: usize,
    col_gap: usize,
    row_gap: usize,
    cols: usize,
) -> Option<usize> {
    if !(x >= 0.0 && y >= 0.0) || cell_w == 0 || cell_h == 0 || cols == 0 {
        return None;
    }
    let (x, y) = (x as usize, y as usize);
    let (col, row) = (x / (cell_w + col_gap), y / (cell_h + row_gap));
    let inside = x % (cell_w + col_gap) < cell_w && y % (cell_h + row_gap) < cell_h;
    (inside && col < cols).then(|| row.saturating_mul(cols).saturating_add(col))
}

/// Draws one `shape` image at (x, y), each image pixel a `scale × scale` block coloured by `color(p)`
/// (p = row-major pixel index). The tile must lie inside the image (the grid is sized so that it does).
fn draw_tile(
    img: &mut RgbaImage,
    x: usize,
    y: usize,
    (img_h, img_w): (usize, usize),
    scale: usize,
    color: impl Fn(usize) -> RGBColor,
) {
    let tile_w = img_w * scale;
    if x + tile_w > img.width || y + img_h * scale > img.height {
        return;
    }
    let stride = img.width * 4;
    for r in 0..img_h {
        let start = (y + r * scale) * stride + x * 4;
        let line = &mut img.pixels[start..start + tile_w * 4];
        for (c, block) in line.chunks_exact_mut(scale * 4).enumerate() {
            let RGBColor(red, green, blue) = color(r * img_w + c);
            for px in block.chunks_exact_mut(4) {
                px.copy_from_slice(&[red, green, blue, 255]);
            }
        }
        for k in 1..scale {
            img.pixels.copy_within(start..start + tile_w * 4, start + k * stride);
        }
    }
}
