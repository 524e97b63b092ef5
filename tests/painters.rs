//! The per-pixel painters: realistic pictures (from briefly trained presets) and hostile inputs.
//!
//! Every realistic picture is also written to `target/painter-previews/<name>.png` (a tiny uncompressed
//! PNG writer lives at the bottom of this file) so it can be looked at. The micro-benchmark
//! `painter_timings` is ignored by default: `cargo test --release --test painters -- --ignored --nocapture`.

use ndarray::{s, Array2, ArrayView2};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use sae_playground::data::swiss_roll;
use sae_playground::model::{ForwardCache, Model};
use sae_playground::pca::Pca;
use sae_playground::playground::Playground;
use sae_playground::render::cosine_matrix::{self, cosine_matrix, diagonal_order, CosineMatrixInput};
use sae_playground::render::digit_grid::{self, FeatureTilesInput, ReconstructionGridInput};
use sae_playground::render::heatmap::{self, HeatmapInput};
use sae_playground::render::point_cloud::{PlaneView, PointCloudInput, PointCloudPainter, PointColoring};
use sae_playground::render::unit_maps::{self, UnitMapsInput};
use sae_playground::render::{RgbaImage, Style};
use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------------------
// Realistic inputs: presets trained briefly, shared between tests.

/// A trained preset and the code and reconstruction of its first `probe` samples.
struct Trained {
    x: Array2<f32>,
    code: Array2<f32>,
    reconstruction: Array2<f32>,
    model: Model<f32>,
    color: Option<Vec<f32>>,
    truth: Option<Array2<f32>>,
}

fn train(preset: &str, steps: usize, probe: usize) -> Trained {
    let mut p = Playground::from_preset(preset, None).unwrap();
    assert_eq!(p.trainer_mut().run(steps), steps, "{preset} diverged");
    let model = p.trainer().model().clone();
    let data = p.trainer().data();
    let probe = probe.min(data.len());
    let x = data.x.slice(s![..probe, ..]).to_owned();
    let mut cache = ForwardCache::new(&model, probe);
    model.forward(x.view(), None, &mut cache);
    Trained {
        code: cache.code(&model).to_owned(),
        reconstruction: cache.output().to_owned(),
        x,
        color: data.color.as_ref().map(|c| c[..probe].to_vec()),
        truth: data.truth.clone(),
        model,
    }
}

fn mnist() -> &'static Trained {
    static T: OnceLock<Trained> = OnceLock::new();
    T.get_or_init(|| train("ufldl-mnist", 1500, 64))
}

fn roll() -> &'static Trained {
    static T: OnceLock<Trained> = OnceLock::new();
    T.get_or_init(|| train("undercomplete", 3000, 1000))
}

fn sparse_roll() -> &'static Trained {
    static T: OnceLock<Trained> = OnceLock::new();
    T.get_or_init(|| train("l1-sparse", 2000, 1000))
}

fn dense_roll() -> &'static Trained {
    static T: OnceLock<Trained> = OnceLock::new();
    T.get_or_init(|| train("overcomplete-memorizes", 1500, 1000))
}

fn sparse_features() -> &'static Trained {
    static T: OnceLock<Trained> = OnceLock::new();
    T.get_or_init(|| train("sparse-features", 4000, 10))
}

fn random(rows: usize, cols: usize, seed: u64) -> Array2<f32> {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    Array2::from_shape_fn((rows, cols), |_| rng.random_range(-1.0f32..1.0))
}

fn style() -> Style {
    Style::new(1.0)
}

fn assert_size(img: &RgbaImage, w: usize, h: usize) {
    assert_eq!((img.width, img.height), (w, h));
    assert_eq!(img.pixels.len(), w * h * 4);
}

fn differs(a: &RgbaImage, b: &RgbaImage) -> usize {
    a.pixels.chunks_exact(4).zip(b.pixels.chunks_exact(4)).filter(|(p, q)| p != q).count()
}

// ---------------------------------------------------------------------------------------------------
// The colour lookup table.

#[test]
fn colour_lookup_rounds_clamps_and_matches_the_maps() {
    use sae_playground::render::heatmap::{ColorLut, LUT_STEPS};
    use sae_playground::render::style;
    let steps = LUT_STEPS as f32;
    assert_eq!(ColorLut::index(0.0), 0);
    assert_eq!(ColorLut::index(0.5), LUT_STEPS / 2);
    assert_eq!(ColorLut::index(1.0), LUT_STEPS);
    assert_eq!(ColorLut::index(0.49 / steps), 0);
    assert_eq!(ColorLut::index(0.51 / steps), 1);
    assert_eq!(ColorLut::index(100.4 / steps), 100);
    assert_eq!(ColorLut::index(100.6 / steps), 101);
    for (t, i) in [(f32::NAN, 0), (-1.0, 0), (f32::NEG_INFINITY, 0), (2.0, LUT_STEPS), (f32::INFINITY, LUT_STEPS)] {
        assert_eq!(ColorLut::index(t), i, "{t}");
    }
    for k in 0..=LUT_STEPS {
        assert_eq!(ColorLut::index(k as f32 / steps), k);
    }
    assert_eq!(ColorLut::diverging().at(0.5), style::diverging(0.0));
    assert_eq!(ColorLut::diverging().at(0.0), style::diverging(-1.0));
    assert_eq!(ColorLut::sequential().at(1.0), style::sequential(1.0));
    assert_eq!(ColorLut::grayscale().at(0.0), style::PAPER);
    assert_eq!(ColorLut::grayscale().entry(999), [style::INK.0, style::INK.1, style::INK.2, 255]);
}

// ---------------------------------------------------------------------------------------------------
// Heatmap.

fn heatmap_input<'a>(values: ArrayView2<'a, f32>, order: Option<&'a [usize]>) -> HeatmapInput<'a> {
    HeatmapInput {
        values,
        column_order: order,
        range: (0.0, 1.0),
        signed: false,
        width: 512,
        height: 400,
        highlighted_row: None,
    }
}

#[test]
fn heatmap_of_mnist_codes() {
    let t = mnist();
    assert_eq!(t.code.dim(), (64, 196));
    // Columns by decreasing mean activation, as the page might order them.
    let mut order: Vec<usize> = (0..196).collect();
    let means: Vec<f32> = (0..196).map(|j| t.code.column(j).sum()).collect();
    order.sort_by(|&a, &b| means[b].total_cmp(&means[a]));
    let mut img = RgbaImage::default();
    let layout = heatmap::paint(&mut img, &heatmap_input(t.code.view(), Some(&order)), &style());
    // 196 columns fill the 512 pixels exactly: 2 or 3 pixels each (as 64 rows fill 400: 6 or 7).
    assert_eq!((layout.cell_w, layout.cell_h, layout.rows, layout.cols), (2, 6, 64, 196));
    assert_size(&img, 512, 400);
    assert!(img.variance() > 0.0);
    write_png("heatmap-mnist", &img);

    let (x, y, w, h) = layout.cell_rect(9, 17);
    assert_eq!(layout.cell_at((x + w / 2) as f64, (y + h / 2) as f64), Some((9, order[17])));
    assert_eq!(layout.cell_at(x as f64, y as f64), Some((9, order[17])));
    assert_eq!(layout.cell_at(512.0, 0.0), None);
    assert_eq!(layout.cell_at(511.9, 399.9), Some((63, order[195])));
    assert_eq!(layout.cell_at(-0.5, 3.0), None);
    assert_eq!(layout.cell_at(f64::NAN, 3.0), None);

    let mut highlighted = RgbaImage::default();
    let input = HeatmapInput { highlighted_row: Some(9), ..heatmap_input(t.code.view(), Some(&order)) };
    heatmap::paint(&mut highlighted, &input, &style());
    assert_size(&highlighted, 512, 400);
    assert!(differs(&img, &highlighted) > 512, "the outline spans the row");
    write_png("heatmap-mnist-highlighted", &highlighted);

    // Signed codes (tanh): the diverging map.
    let d = dense_roll();
    let mut signed = RgbaImage::default();
    let input = HeatmapInput { range: (-1.0, 1.0), signed: true, ..heatmap_input(d.code.slice(s![..64, ..]), None) };
    let layout = heatmap::paint(&mut signed, &input, &style());
    assert_eq!((layout.cell_w, layout.cell_h), (16, 6));
    assert!(signed.variance() > 0.0);
    write_png("heatmap-tanh", &signed);
}

#[test]
fn heatmap_survives_hostile_input() {
    let mut img = RgbaImage::default();
    let st = style();
    let empty = Array2::<f32>::zeros((0, 0));
    let layout = heatmap::paint(&mut img, &heatmap_input(empty.view(), None), &st);
    assert_size(&img, 512, 400);
    assert_eq!(layout.cell_at(10.0, 10.0), None);
    for shape in [(0, 5), (5, 0)] {
        let v = Array2::<f32>::zeros(shape);
        heatmap::paint(&mut img, &heatmap_input(v.view(), None), &st);
        assert_size(&img, 512, 400);
    }
    // NaN, ±∞, huge values, unusable ranges, both maps.
    let mut v = random(8, 5, 1) * 1e30;
    v[[0, 0]] = f32::NAN;
    v[[1, 1]] = f32::INFINITY;
    v[[2, 2]] = f32::NEG_INFINITY;
    for range in [(0.0, 1.0), (f32::NAN, 1.0), (1.0, 1.0), (2.0, -2.0), (f32::NEG_INFINITY, f32::INFINITY)] {
        for signed in [false, true] {
            let input = HeatmapInput { range, signed, highlighted_row: Some(7), ..heatmap_input(v.view(), None) };
            let layout = heatmap::paint(&mut img, &input, &st);
            assert_size(&img, 512, 400);
            assert_eq!(layout.cols, 5);
        }
    }
    // All NaN, zero variance.
    let nan = Array2::<f32>::from_elem((3, 3), f32::NAN);
    let input = HeatmapInput { range: (f32::NAN, f32::NAN), ..heatmap_input(nan.view(), None) };
    heatmap::paint(&mut img, &input, &st);
    let constant = Array2::<f32>::from_elem((3, 3), 4.0);
    let input = HeatmapInput { range: (f32::NAN, f32::NAN), signed: true, ..heatmap_input(constant.view(), None) };
    heatmap::paint(&mut img, &input, &st);
    // One unit; 1024 units (wider than the target: one pixel each).
    let one = random(64, 1, 2);
    let layout = heatmap::paint(&mut img, &heatmap_input(one.view(), None), &st);
    assert_size(&img, 512, 400);
    assert_eq!(layout.cell_at(511.0, 0.0), Some((0, 0)));
    let wide = random(64, 1024, 3);
    let layout = heatmap::paint(&mut img, &heatmap_input(wide.view(), None), &st);
    assert_size(&img, 1024, 400);
    assert_eq!(layout.cell_at(1000.5, 399.0), Some((63, 1000)));
    // Zero and absurd target sizes; an order with bad and repeated entries; a row out of range.
    for (width, height) in [(0, 0), (0, 400), (usize::MAX, usize::MAX)] {
        let input = HeatmapInput { width, height, ..heatmap_input(one.view(), None) };
        heatmap::paint(&mut img, &input, &st);
        assert!(img.width >= 1 && img.width <= 8192 && img.height <= 8192);
    }
    let order = [4, 99, 0, 4, usize::MAX];
    let input = HeatmapInput { highlighted_row: Some(1000), ..heatmap_input(v.view(), Some(&order)) };
    let layout = heatmap::paint(&mut img, &input, &st);
    assert_eq!(layout.columns, vec![4, 0, 4]);
    assert_eq!(layout.cell_at(layout.cell_w as f64 * 1.5, 0.0), Some((0, 0)));
    // A transposed (non-contiguous) view.
    heatmap::paint(&mut img, &heatmap_input(wide.t(), None), &Style::new(3.0));
}

/// The cells of a `rows × cols` layout of `width × height` pixels tile it exactly, sizes differing by at most
/// one pixel; `column_at(x, y)` (the layout's hover, mapped back to a display column) agrees with the
/// rectangles at every pixel; every cell is one colour.
fn assert_cells_tile(
    img: &RgbaImage,
    (rows, cols): (usize, usize),
    rect: impl Fn(usize, usize) -> (usize, usize, usize, usize),
    column_at: impl Fn(f64, f64) -> Option<(usize, usize)>,
) {
    let (mut x_end, mut widths) = (0, Vec::new());
    for c in 0..cols {
        let (x, _, w, _) = rect(0, c);
        assert_eq!(x, x_end, "column {c} starts where {} ends", c.max(1) - 1);
        x_end = x + w;
        widths.push(w);
    }
    let (mut y_end, mut heights) = (0, Vec::new());
    for r in 0..rows {
        let (_, y, _, h) = rect(r, 0);
        assert_eq!(y, y_end);
        y_end = y + h;
        heights.push(h);
    }
    assert_eq!((x_end, y_end), (img.width, img.height), "cells fill the image");
    for sizes in [&widths, &heights] {
        let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(*lo >= 1 && hi - lo <= 1, "sizes {lo}..{hi}");
    }
    for x in 0..img.width {
        let (_, c) = column_at(x as f64 + 0.5, 0.5).expect("a cell at every column");
        let (cx, _, w, _) = rect(0, c);
        assert!(cx <= x && x < cx + w, "pixel {x} is in column {c} at {cx}+{w}");
    }
    for y in 0..img.height {
        let (r, _) = column_at(0.5, y as f64 + 0.5).expect("a cell at every row");
        let (_, cy, _, h) = rect(r, 0);
        assert!(cy <= y && y < cy + h, "pixel row {y} is in row {r}");
    }
    assert_eq!(column_at(img.width as f64, 0.0), None);
    assert_eq!(column_at(0.0, img.height as f64), None);
    for (r, c) in [(0, 0), (rows / 2, cols / 3), (rows - 1, cols - 1)] {
        let (x, y, w, h) = rect(r, c);
        assert_eq!(img.get(x, y), img.get(x + w - 1, y + h - 1), "cell ({r}, {c}) is one colour");
    }
}

#[test]
fn heatmap_and_cosine_matrix_fill_their_target_exactly() {
    let st = style();
    let mut img = RgbaImage::default();
    for (rows, cols) in [(64, 196), (64, 2), (20, 48), (1, 1), (3, 500), (64, 1024)] {
        let v = random(rows, cols, 40).mapv(f32::abs);
        for (w, h) in [(470, 230), (471, 229), (940, 460), (353, 99), (512, 400)] {
            let input = HeatmapInput { width: w, height: h, ..heatmap_input(v.view(), None) };
            let layout = heatmap::paint(&mut img, &input, &st);
            // The target exactly; wider only when there are more units than pixels (one pixel each).
            assert_size(&img, w.max(cols), h.max(rows));
            assert_cells_tile(&img, (rows, cols), |r, c| layout.cell_rect(r, c), |x, y| layout.cell_at(x, y));

            let c = cosine_matrix(v.view(), random(cols.min(64), rows, 41).view());
            let input = CosineMatrixInput { cosines: c.t(), threshold: 0.5, width: w, height: h };
            let layout = cosine_matrix::paint(&mut img, &input, &st);
            let (r2, c2) = (layout.rows, layout.cols);
            assert_size(&img, w.max(c2), h.max(r2));
            let column_of = |x: f64, y: f64| {
                let (row, unit) = layout.cell_at(x, y)?;
                Some((row, layout.columns.iter().position(|&u| u == unit)?))
            };
            // (Cells above the threshold carry an outline, so only tiling and hover are checked here.)
            let _ = &column_of;
            for x in 0..img.width {
                let (_, col) = column_of(x as f64 + 0.5, 0.5).expect("a cosine cell at every column");
                let (cx, _, cw, _) = layout.cell_rect(0, col);
                assert!(cx <= x && x < cx + cw);
            }
            assert_eq!(layout.cell_rect(r2 - 1, c2 - 1).0 + layout.cell_rect(r2 - 1, c2 - 1).2, img.width);
            assert_eq!(layout.cell_rect(r2 - 1, c2 - 1).1 + layout.cell_rect(r2 - 1, c2 - 1).3, img.height);
        }
    }
    // The MNIST preset's panel: 196 units in 470 CSS px at scale 1 and 2 fill it.
    let t = mnist();
    for scale in [1.0, 2.0] {
        let (w, h) = ((470.0 * scale) as usize, (230.0 * scale) as usize);
        let input = HeatmapInput { width: w, height: h, ..heatmap_input(t.code.view(), None) };
        let layout = heatmap::paint(&mut img, &input, &Style::new(scale));
        assert_size(&img, w, h);
        assert_cells_tile(&img, (64, 196), |r, c| layout.cell_rect(r, c), |x, y| layout.cell_at(x, y));
        if scale == 1.0 {
            write_png("heatmap-mnist-470", &img);
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// MNIST tiles.

fn features_input<'a>(weights: ArrayView2<'a, f32>, units: Option<&'a [usize]>) -> FeatureTilesInput<'a> {
    FeatureTilesInput { weights, image_shape: (28, 28), units, width: 800 }
}

#[test]
fn feature_tiles_of_a_trained_mnist_model() {
    let t = mnist();
    let w = t.model.params.weights(0);
    assert_eq!(w.dim(), (784, 196));
    let mut img = RgbaImage::default();
    let layout = digit_grid::paint_features(&mut img, &features_input(w, None), &style());
    // 14 columns of 2× tiles (56 px) with 1-px gaps: 14 · 57 − 1 = 797.
    assert_eq!((layout.scale, layout.cols, layout.rows), (2, 14, 14));
    assert_size(&img, 797, 797);
    assert!(img.variance() > 0.0);
    write_png("features-mnist", &img);
    let (x, y) = layout.tile_origin(30);
    assert_eq!(layout.tile_at(x as f64 + 3.0, y as f64 + 55.9), Some(30));
    assert_eq!(layout.tile_at(x as f64 + 56.0, y as f64), None, "gap");
    assert_eq!(layout.tile_at(797.0, 0.0), None);

    // A subset in another order, larger.
    let units = [5usize, 3, 190, 0];
    let layout = digit_grid::paint_features(&mut img, &features_input(w, Some(&units)), &style());
    assert_eq!((layout.scale, layout.cols), (14, 2));
    assert_eq!(layout.tile_at(400.0, 10.0), Some(3));
    write_png("features-mnist-subset", &img);

    // Untrained (random) weights look like noise.
    let random_w = random(784, 25, 4);
    digit_grid::paint_features(&mut img, &features_input(random_w.view(), None), &style());
    assert!(img.variance() > 0.0);
    write_png("features-random", &img);
}

#[test]
fn reconstruction_pairs_of_mnist_digits() {
    let digits = sae_playground::data::mnist::MnistDigits::load_bundled().unwrap().subset(100, 1).unwrap();
    let t = mnist();
    let n = 16;
    let input = ReconstructionGridInput {
        originals: t.x.slice(s![..n, ..]),
        reconstructions: t.reconstruction.slice(s![..n, ..]),
        image_shape: digits.image_shape.unwrap(),
        width: 800,
        selected: None,
    };
    let mut img = RgbaImage::default();
    let layout = digit_grid::paint_reconstructions(&mut img, &input, &style());
    assert_eq!((layout.width, layout.height), (img.width, img.height));
    assert!(img.width <= 800 && img.variance() > 0.0);
    assert_eq!(layout.samples, n);
    write_png("reconstructions-mnist", &img);
    let (x, y) = layout.pair_origin(6);
    assert_eq!(layout.sample_at(x as f64 + 1.0, y as f64 + 1.0), Some(6));
    let below = (y + layout.tile_h + layout.pair_gap + 2) as f64;
    assert_eq!(layout.sample_at(x as f64 + 1.0, below), Some(6), "the reconstruction belongs to sample 6");
    assert_eq!(layout.sample_at(x as f64 + layout.tile_w as f64 + 1.0, y as f64), None, "gap");

    let mut selected = RgbaImage::default();
    digit_grid::paint_reconstructions(&mut selected, &ReconstructionGridInput { selected: Some(6), ..input }, &style());
    assert!(differs(&img, &selected) > 100);
    write_png("reconstructions-mnist-selected", &selected);

    // 100 real digits with themselves as reconstructions.
    let input = ReconstructionGridInput {
        originals: digits.x.view(),
        reconstructions: digits.x.view(),
        image_shape: (28, 28),
        width: 800,
        selected: Some(99),
    };
    let layout = digit_grid::paint_reconstructions(&mut img, &input, &style());
    assert_eq!(layout.samples, 100);
    assert!(img.variance() > 0.0);
}

#[test]
fn digit_grids_survive_hostile_input() {
    let st = style();
    let mut img = RgbaImage::default();
    let empty = Array2::<f32>::zeros((0, 0));
    let layout = digit_grid::paint_features(&mut img, &features_input(empty.view(), None), &st);
    assert_eq!(layout.tile_at(0.0, 0.0), None);
    assert_size(&img, 0, 0);
    let no_units = Array2::<f32>::zeros((784, 0));
    digit_grid::paint_features(&mut img, &features_input(no_units.view(), None), &st);
    // Zero, NaN, ∞ and huge weights; one unit; 1024 units; wrong shapes; zero and absurd widths.
    let mut w = random(784, 3, 5);
    w.column_mut(0).fill(0.0);
    w[[0, 1]] = f32::NAN;
    w[[1, 1]] = f32::INFINITY;
    w.column_mut(2).mapv_inplace(|v| v * f32::MAX);
    for shape in [(28, 28), (0, 0), (10, 10), (40, 40), (1, 100000)] {
        for width in [0, 1, 800, usize::MAX] {
            let input = FeatureTilesInput { weights: w.view(), image_shape: shape, units: None, width };
            let layout = digit_grid::paint_features(&mut img, &input, &st);
            assert_eq!((layout.width, layout.height), (img.width, img.height));
            assert!(img.width <= 8192 && img.height <= 8192);
        }
    }
    let many = random(784, 1024, 6);
    let layout = digit_grid::paint_features(&mut img, &features_input(many.view(), None), &st);
    assert_eq!(layout.scale, 1);
    assert_eq!(layout.units.len(), 1024);
    assert!(img.width <= 800);
    let units = [7, 7, 5000];
    let layout = digit_grid::paint_features(&mut img, &features_input(many.view(), Some(&units)), &st);
    assert_eq!(layout.units, vec![7, 7]);

    // Reconstructions: mismatched rows and widths, out-of-range values, NaN, bad selection.
    let originals = random(5, 784, 7);
    let mut reconstructions = random(3, 700, 8) * 1e30;
    reconstructions[[0, 0]] = f32::NAN;
    for (a, b) in
        [(originals.view(), reconstructions.view()), (empty.view(), empty.view()), (empty.view(), originals.view())]
    {
        for width in [0, 800, usize::MAX] {
            let input = ReconstructionGridInput {
                originals: a,
                reconstructions: b,
                image_shape: (28, 28),
                width,
                selected: Some(4),
            };
            let layout = digit_grid::paint_reconstructions(&mut img, &input, &Style::new(2.0));
            assert_eq!((layout.width, layout.height), (img.width, img.height));
            assert_eq!(layout.samples, a.nrows().max(b.nrows()));
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Point cloud.

fn pca_plane(x: ArrayView2<f32>) -> PlaneView {
    let pca = Pca::fit(x);
    let axis = |i: usize| -> [f32; 3] { std::array::from_fn(|k| pca.components[[i, k]] as f32) };
    PlaneView {
        center: std::array::from_fn(|k| pca.mean[k] as f32),
        axes: [axis(0), axis(1)],
        half_extent: 2.0 * pca.variances[0].sqrt() as f32,
    }
}

fn cloud_input<'a>(t: &'a Trained, plane: Option<PlaneView>) -> PointCloudInput<'a> {
    PointCloudInput {
        inputs: t.x.view(),
        reconstructions: Some(t.reconstruction.view()),
        colors: PointColoring::Continuous(t.color.as_deref().unwrap()),
        pca_plane: plane,
        yaw: 0.4,
        pitch: 1.05,
        width: 600,
        height: 450,
        selected: None,
        show_inputs: true,
        show_reconstructions: true,
    }
}

#[test]
fn point_cloud_of_the_swiss_roll() {
    let t = roll();
    let plane = pca_plane(t.x.view());
    let mut painter = PointCloudPainter::new();
    let mut img = RgbaImage::default();
    let input = cloud_input(t, Some(plane));
    let layout = painter.paint(&mut img, &input, &style()).clone();
    assert_size(&img, 600, 450);
    assert!(img.variance() > 0.0);
    write_png("cloud-roll", &img);

    // Picking the pixel where a point was projected gives that point (or one drawn on the same spot).
    for i in [0usize, 17, 999] {
        let p: [f32; 3] = std::array::from_fn(|k| t.x[[i, k]]);
        let (x, y) = layout.project(p);
        let picked = layout.pick(x, y).unwrap();
        let q: [f32; 3] = std::array::from_fn(|k| t.x[[picked, k]]);
        let (qx, qy) = layout.project(q);
        assert!((qx - x).hypot(qy - y) < 0.5 || picked == i, "picked {picked} for {i}");
    }
    assert_eq!(layout.pick(-100.0, -100.0), None);
    assert!(layout.axis_tips().iter().all(|(x, y)| x.is_finite() && y.is_finite()));

    // Rotation changes the picture but not the scale.
    let mut rotated = RgbaImage::default();
    let layout2 = painter.paint(&mut rotated, &PointCloudInput { yaw: 2.0, pitch: -0.2, ..input }, &style()).clone();
    assert!(differs(&img, &rotated) > 1000);
    assert_eq!(layout.scale, layout2.scale);
    write_png("cloud-roll-rotated", &rotated);

    // Selection rings the sample.
    let mut selected = RgbaImage::default();
    painter.paint(&mut selected, &PointCloudInput { selected: Some(17), ..input }, &style());
    assert!(differs(&img, &selected) > 10);
    write_png("cloud-roll-selected", &selected);

    // Inputs only, no plane; reconstructions only; a few points with connecting lines; HiDPI.
    painter.paint(&mut img, &PointCloudInput { show_reconstructions: false, pca_plane: None, ..input }, &style());
    write_png("cloud-roll-inputs", &img);
    painter.paint(&mut img, &PointCloudInput { show_inputs: false, ..input }, &style());
    write_png("cloud-roll-reconstructions", &img);
    let few = PointCloudInput {
        inputs: t.x.slice(s![..200, ..]),
        reconstructions: Some(t.reconstruction.slice(s![..200, ..])),
        colors: PointColoring::Continuous(&t.color.as_ref().unwrap()[..200]),
        selected: Some(3),
        width: 1200,
        height: 900,
        ..input
    };
    painter.paint(&mut img, &few, &Style::new(2.0));
    assert_size(&img, 1200, 900);
    write_png("cloud-roll-200-hidpi", &img);

    // The plane data set (seed Fig 06), classes colouring.
    let d = sae_playground::data::plane::generate(500, 0.05, 3);
    let classes: Vec<u8> = d.color.as_ref().unwrap().iter().map(|&u| ((u + 1.0) * 2.5) as u8).collect();
    let input = PointCloudInput {
        inputs: d.x.view(),
        reconstructions: None,
        colors: PointColoring::Classes(&classes),
        pca_plane: Some(pca_plane(d.x.view())),
        ..cloud_input(t, None)
    };
    painter.paint(&mut img, &input, &style());
    assert!(img.variance() > 0.0);
    write_png("cloud-plane", &img);

    // A plain Swiss roll straight from the generator.
    let d = swiss_roll::generate(500, 0.05, 1);
    let input = PointCloudInput {
        inputs: d.x.view(),
        reconstructions: None,
        colors: PointColoring::Continuous(d.color.as_deref().unwrap()),
        pca_plane: None,
        ..cloud_input(t, None)
    };
    painter.paint(&mut img, &input, &style());
    assert!(img.variance() > 0.0);
}

#[test]
fn point_cloud_keeps_every_point_and_the_plane_inside_at_any_rotation() {
    let t = roll();
    let plane = pca_plane(t.x.view());
    // Reconstructions reaching beyond the inputs (an undertrained model overshoots), and a larger plane.
    let recon = t.reconstruction.mapv(|v| 1.3 * v + 0.5);
    let big_plane = PlaneView { half_extent: 1.5 * plane.half_extent, ..plane };
    let mut rng = Pcg64Mcg::seed_from_u64(42);
    let mut painter = PointCloudPainter::new();
    let mut img = RgbaImage::default();
    for scale in [1.0, 2.0] {
        let st = Style::new(scale);
        for (w, h) in [(600, 450), (470, 320), (354, 320), (320, 470)] {
            let (w, h) = ((w as f64 * scale) as usize, (h as f64 * scale) as usize);
            for round in 0..40 {
                let (yaw, pitch) = if round == 0 {
                    (0.5, 1.05) // the page's first view
                } else {
                    (rng.random_range(-3.2..3.2), rng.random_range(-1.5..1.5))
                };
                let p = if round % 2 == 0 { plane } else { big_plane };
                let input = PointCloudInput {
                    reconstructions: Some(recon.view()),
                    pca_plane: Some(p),
                    yaw,
                    pitch,
                    width: w,
                    height: h,
                    ..cloud_input(t, None)
                };
                let layout = painter.paint(&mut img, &input, &st).clone();
                // Half the largest mark (a reconstruction's hollow square) stays inside too.
                let m = (st.px(5.0) as f64 / 2.0).ceil();
                let inside = |(x, y): (f64, f64)| x >= m && x <= w as f64 - m && y >= m && y <= h as f64 - m;
                for data in [t.x.view(), recon.view()] {
                    for row in data.rows() {
                        let q = [row[0], row[1], row[2]];
                        assert!(
                            inside(layout.project(q)),
                            "{q:?} at {:?} outside {w}×{h} (yaw {yaw}, pitch {pitch})",
                            layout.project(q)
                        );
                    }
                }
                let corner = |u: f32, v: f32| -> [f32; 3] {
                    std::array::from_fn(|k| {
                        p.center[k] + u * p.half_extent * p.axes[0][k] + v * p.half_extent * p.axes[1][k]
                    })
                };
                for q in [corner(-1.0, -1.0), corner(1.0, -1.0), corner(1.0, 1.0), corner(-1.0, 1.0)] {
                    assert!(inside(layout.project(q)), "plane corner outside");
                }
                // Nothing touches the image's edge.
                let paper = sae_playground::render::style::PAPER;
                for x in 0..w {
                    assert!(img.get(x, 0) == paper && img.get(x, h - 1) == paper, "edge pixel at x {x}");
                }
                for y in 0..h {
                    assert!(img.get(0, y) == paper && img.get(w - 1, y) == paper, "edge pixel at y {y}");
                }
            }
        }
    }
    // The page's view of the default preset, for looking at.
    let input = PointCloudInput {
        pca_plane: Some(plane),
        yaw: 0.5,
        pitch: 1.05,
        width: 470,
        height: 320,
        ..cloud_input(t, None)
    };
    painter.paint(&mut img, &input, &style());
    write_png("cloud-roll-470x320", &img);
    // A diverged model's reconstructions do not shrink the inputs to a dot: the view widens at most
    // REACH times the inputs' radius.
    let wild = t.reconstruction.mapv(|v| v * 1e6);
    let tame = painter.paint(&mut img, &PointCloudInput { reconstructions: None, ..input }, &style()).scale;
    let scale =
        painter.paint(&mut img, &PointCloudInput { reconstructions: Some(wild.view()), ..input }, &style()).scale;
    assert!(scale >= tame / sae_playground::render::point_cloud::REACH * 0.99 && scale.is_finite());
}

#[test]
fn point_cloud_survives_hostile_input() {
    let mut painter = PointCloudPainter::new();
    let mut img = RgbaImage::default();
    let empty = Array2::<f32>::zeros((0, 3));
    let base = PointCloudInput {
        inputs: empty.view(),
        reconstructions: None,
        colors: PointColoring::Plain,
        pca_plane: None,
        yaw: 0.0,
        pitch: 0.0,
        width: 600,
        height: 450,
        selected: Some(0),
        show_inputs: true,
        show_reconstructions: true,
    };
    let layout = painter.paint(&mut img, &base, &style());
    assert_eq!(layout.pick(300.0, 225.0), None);
    assert_size(&img, 600, 450);

    let mut x = random(50, 3, 9);
    x[[0, 0]] = f32::NAN;
    x[[1, 1]] = f32::INFINITY;
    x[[2, 2]] = 1e30;
    let huge = Array2::<f32>::from_elem((4, 3), f32::MAX);
    let narrow = random(20, 1, 10);
    let wide = random(20, 7, 11);
    let one = Array2::<f32>::from_elem((1, 3), 2.0);
    let values = [f32::NAN, 1.0];
    let classes = [200u8];
    let bad_plane =
        PlaneView { center: [f32::NAN, 0.0, 0.0], axes: [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], half_extent: 1.0 };
    let huge_plane = PlaneView { center: [0.0; 3], axes: [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]], half_extent: 1e30 };
    let edge_on = PlaneView { center: [0.0; 3], axes: [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], half_extent: 1.0 };
    for data in [x.view(), huge.view(), narrow.view(), wide.view(), one.view()] {
        for recon in [None, Some(x.view()), Some(narrow.view()), Some(empty.view())] {
            for colors in [PointColoring::Continuous(&values), PointColoring::Classes(&classes), PointColoring::Plain] {
                for plane in [None, Some(bad_plane), Some(huge_plane), Some(edge_on)] {
                    for (yaw, pitch) in [(0.0, 0.0), (f64::NAN, f64::INFINITY), (1e300, -1e300)] {
                        let input = PointCloudInput {
                            inputs: data,
                            reconstructions: recon,
                            colors,
                            pca_plane: plane,
                            yaw,
                            pitch,
                            ..base
                        };
                        let layout = painter.paint(&mut img, &input, &style());
                        assert!(layout.scale.is_finite());
                        layout.pick(300.0, 225.0);
                    }
                }
            }
        }
    }
    for (width, height) in [(0, 0), (0, 10), (1, 1), (usize::MAX, usize::MAX)] {
        painter.paint(&mut img, &PointCloudInput { inputs: x.view(), width, height, ..base }, &Style::new(4.0));
        assert!(img.width <= 8192 && img.height <= 8192);
    }
}

// ---------------------------------------------------------------------------------------------------
// Unit maps.

fn pca_positions(x: ArrayView2<f32>) -> Vec<[f32; 2]> {
    let scores = Pca::fit(x).project(x, 2);
    scores.rows().into_iter().map(|r| [r[0], r[1]]).collect()
}

#[test]
fn unit_maps_of_a_sparse_code() {
    let t = sparse_roll();
    // The roll's cross-section (x, z): the spiral, where each unit's patch is easy to place.
    let positions: Vec<[f32; 2]> = t.x.rows().into_iter().map(|r| [r[0], r[2]]).collect();
    let input = UnitMapsInput {
        positions: &positions,
        activations: t.code.view(),
        units: None,
        width: 600,
        height: 0,
        tile: 64,
        signed: false,
    };
    let mut img = RgbaImage::default();
    let layout = unit_maps::paint(&mut img, &input, &style());
    // 8 tiles of 64 px with 6-px gaps fit a row (8 · 70 − 6 = 554), 32 units in 4 rows; with no height
    // limit the tiles grow while 8 still fit: 69 px, 8 · 75 − 6 = 594.
    assert_eq!((layout.tiles.cols, layout.tiles.rows, layout.tiles.tile_w), (8, 4, 69));
    assert_size(&img, 594, 294);
    assert!(img.variance() > 0.0);
    write_png("unit-maps-l1", &img);
    let (x, y) = layout.tiles.tile_origin(13);
    assert_eq!(layout.tiles.tile_at(x as f64 + 32.0, y as f64 + 63.0), Some(13));
    assert_eq!(layout.tiles.tile_at((x + layout.tiles.tile_w + 1) as f64, y as f64), None, "gap");
    println!("dead units in the L1 preview: {}", layout.max_abs.iter().filter(|&&m| m == 0.0).count());

    // A dead unit gets a grey frame and no dots: its tile is not the same as a live one.
    let mut code = t.code.clone();
    code.column_mut(0).fill(0.0);
    let units = [0usize, 1];
    let layout =
        unit_maps::paint(&mut img, &UnitMapsInput { activations: code.view(), units: Some(&units), ..input }, &style());
    assert_eq!(layout.max_abs[0], 0.0);
    let dots_in = |img: &RgbaImage, k: usize| {
        let (x0, y0) = layout.tiles.tile_origin(k);
        (x0 + 4..x0 + 60)
            .flat_map(|x| (y0 + 4..y0 + 60).map(move |y| (x, y)))
            .filter(|&(x, y)| img.get(x, y) != sae_playground::render::style::PAPER)
            .count()
    };
    assert_eq!(dots_in(&img, 0), 0);

    // Signed (tanh) code, 2× scale.
    let d = dense_roll();
    let input = UnitMapsInput {
        positions: &positions,
        activations: d.code.view(),
        signed: true,
        tile: 128,
        width: 1200,
        height: 0,
        units: None,
    };
    unit_maps::paint(&mut img, &input, &Style::new(2.0));
    assert!(img.variance() > 0.0);
    write_png("unit-maps-tanh", &img);
}

#[test]
fn unit_map_tiles_grow_to_fill_the_panel() {
    let t = sparse_roll();
    let positions: Vec<[f32; 2]> = t.x.rows().into_iter().map(|r| [r[0], r[2]]).collect();
    let mut img = RgbaImage::default();
    for scale in [1.0, 2.0] {
        let st = Style::new(scale);
        let (w, h, preferred) = ((470.0 * scale) as usize, (300.0 * scale) as usize, (72.0 * scale) as usize);
        let input = |units: usize| UnitMapsInput {
            positions: &positions,
            activations: t.code.slice(s![.., ..units]),
            units: None,
            width: w,
            height: h,
            tile: preferred,
            signed: false,
        };
        // Two units (a 2-unit code): three times the preferred tile, within the panel.
        let layout = unit_maps::paint(&mut img, &input(2), &st);
        assert_eq!(layout.tiles.tile_w, 3 * preferred, "two large tiles, not two stamps");
        assert!(img.width <= w && img.height <= h, "{}×{} in {w}×{h}", img.width, img.height);
        assert!(img.variance() > 0.0);
        if scale == 1.0 {
            write_png("unit-maps-2-units", &img);
        }
        // Three: one row as wide as the panel allows.
        let layout = unit_maps::paint(&mut img, &input(3), &st);
        assert_eq!((layout.tiles.cols, layout.tiles.rows), (3, 1));
        assert!(layout.tiles.tile_w > preferred && img.width <= w && w - img.width < 3 + layout.tiles.gap * 2);
        // 32 units do not fit the height at the preferred size already: the preferred size, the page grows.
        let layout = unit_maps::paint(&mut img, &input(32), &st);
        assert_eq!(layout.tiles.tile_w, preferred);
        assert!(img.width <= w);
        // Painting again at the grown height keeps the layout (no feedback loop with the page).
        let grown = unit_maps::paint(&mut img, &UnitMapsInput { height: layout.tiles.height, ..input(32) }, &st);
        assert_eq!((grown.tiles.tile_w, grown.tiles.height), (layout.tiles.tile_w, layout.tiles.height));
        // Every unit's tile maps back to its unit.
        for k in 0..layout.tiles.units.len() {
            let (x, y) = layout.tiles.tile_origin(k);
            assert_eq!(
                layout.tiles.tile_at((x + layout.tiles.tile_w / 2) as f64, (y + layout.tiles.tile_w / 2) as f64),
                Some(k)
            );
        }
        // No height limit: tiles grow only while the grid keeps its rows.
        let free = unit_maps::paint(&mut img, &UnitMapsInput { height: 0, ..input(2) }, &st);
        assert_eq!((free.tiles.rows, free.tiles.tile_w), (1, 3 * preferred));
        let free = unit_maps::paint(&mut img, &UnitMapsInput { height: 0, ..input(32) }, &st);
        assert_eq!(free.tiles.rows, layout.tiles.rows);
        assert!(free.tiles.tile_w >= preferred && free.tiles.width <= w);
    }
}

#[test]
fn unit_maps_survive_hostile_input() {
    let st = style();
    let mut img = RgbaImage::default();
    let empty = Array2::<f32>::zeros((0, 0));
    let base = UnitMapsInput {
        positions: &[],
        activations: empty.view(),
        units: None,
        width: 600,
        height: 0,
        tile: 64,
        signed: false,
    };
    let layout = unit_maps::paint(&mut img, &base, &st);
    assert_eq!(layout.tiles.tile_at(1.0, 1.0), None);
    let positions = vec![[0.0, 0.0], [f32::NAN, 1.0], [1e30, -1e30], [1.0, 1.0], [1.0, 1.0]];
    let same = [[2.0f32, 2.0]; 5];
    let mut acts = random(4, 1024, 12);
    acts[[0, 0]] = f32::NAN;
    acts[[1, 1]] = f32::INFINITY;
    acts.column_mut(2).fill(f32::NAN);
    for pos in [&positions[..], &same[..], &[]] {
        for tile in [0, 1, 64, usize::MAX] {
            for width in [0, 600, usize::MAX] {
                for signed in [false, true] {
                    let input = UnitMapsInput {
                        positions: pos,
                        activations: acts.view(),
                        units: None,
                        width,
                        height: width,
                        tile,
                        signed,
                    };
                    let layout = unit_maps::paint(&mut img, &input, &st);
                    assert_eq!((layout.tiles.width, layout.tiles.height), (img.width, img.height));
                    assert!(img.width <= 8192 && img.height <= 8192);
                }
            }
        }
    }
    let units = [3, 3, 99999];
    let one = random(5, 1, 13);
    let layout = unit_maps::paint(
        &mut img,
        &UnitMapsInput { positions: &positions, activations: one.view(), units: Some(&units), ..base },
        &st,
    );
    assert!(layout.tiles.units.is_empty());
    let layout =
        unit_maps::paint(&mut img, &UnitMapsInput { positions: &positions, activations: one.view(), ..base }, &st);
    assert_eq!(layout.tiles.units, vec![0]);
    assert_eq!(layout.tiles.tile_at(10.0, 10.0), Some(0));
}

// ---------------------------------------------------------------------------------------------------
// Cosine matrix.

#[test]
fn cosine_matrix_of_truth_with_itself_is_the_identity_order() {
    let t = sparse_features();
    let truth = t.truth.as_ref().unwrap();
    let c = cosine_matrix(truth.view(), truth.view());
    assert_eq!(c.dim(), (truth.nrows(), truth.nrows()));
    for i in 0..truth.nrows() {
        assert!((c[[i, i]] - 1.0).abs() < 1e-6, "{}", c[[i, i]]);
    }
    assert!(c.iter().all(|v| (-1.0..=1.0).contains(v)));
    assert_eq!(diagonal_order(c.view()), (0..truth.nrows()).collect::<Vec<_>>());

    // Shuffled and rescaled learned rows: the order undoes the shuffle.
    let perm: Vec<usize> = (0..truth.nrows()).rev().collect();
    let mut learned = truth.select(ndarray::Axis(0), &perm);
    learned *= 3.0;
    let c = cosine_matrix(truth.view(), learned.view());
    assert_eq!(diagonal_order(c.view()), perm);

    // Zero rows and width mismatch give zeros; more units than features: unmatched after.
    let mut z = random(5, 4, 14);
    z.row_mut(1).fill(0.0);
    z[[2, 0]] = f32::NAN;
    let c = cosine_matrix(z.view(), z.view());
    assert!(c.row(1).iter().all(|&v| v == 0.0) && c.row(2).iter().all(|&v| v == 0.0));
    assert!(cosine_matrix(z.view(), random(3, 5, 15).view()).iter().all(|&v| v == 0.0));
    let order = diagonal_order(cosine_matrix(z.slice(s![..2, ..]), z.view()).view());
    assert_eq!(order, vec![0, 1, 2, 3, 4]);
}

#[test]
fn cosine_matrix_picture_of_a_trained_model() {
    let t = sparse_features();
    let truth = t.truth.as_ref().unwrap();
    let learned = t.model.decoder_directions();
    let c = cosine_matrix(truth.view(), learned.view());
    let input = CosineMatrixInput { cosines: c.view(), threshold: 0.9, width: 512, height: 400 };
    let mut img = RgbaImage::default();
    let layout = cosine_matrix::paint(&mut img, &input, &style());
    assert_eq!((layout.rows, layout.cols), c.dim());
    assert_size(&img, 512, 400);
    assert!(img.variance() > 0.0);
    write_png("cosine-matrix", &img);
    let above = (0..c.nrows()).filter(|&f| c[[f, layout.columns[f]]] > 0.9).count();
    println!("cosine matrix {:?}: {above} features on the diagonal above 0.9", c.dim());
    let (col, row) = (3, 2);
    let (x, y, w, _) = layout.cell_rect(row, col);
    assert_eq!(layout.cell_at((x + w / 2) as f64, y as f64 + 0.5), Some((row, layout.columns[col])));
    assert_eq!(layout.cell_at(-1.0, 0.0), None);

    // Truth against itself: an outlined diagonal.
    let c = cosine_matrix(truth.view(), truth.view());
    let layout = cosine_matrix::paint(&mut img, &CosineMatrixInput { cosines: c.view(), ..input }, &style());
    assert_eq!(layout.columns, (0..truth.nrows()).collect::<Vec<_>>());
    write_png("cosine-matrix-truth", &img);

    // Hostile.
    let empty = Array2::<f32>::zeros((0, 4));
    cosine_matrix::paint(&mut img, &CosineMatrixInput { cosines: empty.view(), ..input }, &style());
    assert_size(&img, 512, 400);
    let mut wild = random(3, 1024, 16) * 1e30;
    wild[[0, 0]] = f32::NAN;
    for threshold in [0.9, f32::NAN, -1.0] {
        for (width, height) in [(0, 0), (512, 400), (usize::MAX, usize::MAX)] {
            let input = CosineMatrixInput { cosines: wild.view(), threshold, width, height };
            let layout = cosine_matrix::paint(&mut img, &input, &style());
            assert_eq!(layout.cols, 1024);
            assert!(img.width <= 8192 && img.height <= 8192);
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Micro-benchmark (ignored by default).

#[test]
#[ignore]
fn painter_timings() {
    use std::time::Instant;
    fn time(name: &str, mut f: impl FnMut()) {
        f();
        let runs = 200;
        let start = Instant::now();
        for _ in 0..runs {
            f();
        }
        println!("{name:<40} {:>8.1} µs/frame", start.elapsed().as_secs_f64() * 1e6 / runs as f64);
    }
    let st = style();
    let mut img = RgbaImage::default();
    let code = random(64, 196, 20).mapv(|v| v.abs());
    time("heatmap 64×196 at 512×400", || {
        heatmap::paint(&mut img, &heatmap_input(code.view(), None), &st);
    });
    let w = random(784, 196, 21);
    time("feature tiles 196 units at 800 px", || {
        digit_grid::paint_features(&mut img, &features_input(w.view(), None), &st);
    });
    let x = random(16, 784, 22).mapv(|v| v.abs());
    time("reconstructions 16 pairs at 800 px", || {
        let input = ReconstructionGridInput {
            originals: x.view(),
            reconstructions: x.view(),
            image_shape: (28, 28),
            width: 800,
            selected: Some(3),
        };
        digit_grid::paint_reconstructions(&mut img, &input, &st);
    });
    let d = swiss_roll::generate(1000, 0.05, 1);
    let recon = &d.x * 0.9;
    let plane = pca_plane(d.x.view());
    let mut painter = PointCloudPainter::new();
    let mut yaw = 0.0;
    time("point cloud 1000 + 1000 at 600×450", || {
        yaw += 0.01;
        let input = PointCloudInput {
            inputs: d.x.view(),
            reconstructions: Some(recon.view()),
            colors: PointColoring::Continuous(d.color.as_deref().unwrap()),
            pca_plane: Some(plane),
            yaw,
            pitch: 0.3,
            width: 600,
            height: 450,
            selected: Some(5),
            show_inputs: true,
            show_reconstructions: true,
        };
        painter.paint(&mut img, &input, &st);
    });
    let positions = pca_positions(d.x.view());
    let acts = random(1000, 32, 23).mapv(|v| v.max(0.0));
    time("unit maps 32 units × 1000 points", || {
        let input = UnitMapsInput {
            positions: &positions,
            activations: acts.view(),
            units: None,
            width: 600,
            height: 450,
            tile: 64,
            signed: false,
        };
        unit_maps::paint(&mut img, &input, &st);
    });
    let truth = random(64, 32, 24);
    let learned = random(128, 32, 25);
    time("cosine_matrix 64 features × 128 units", || {
        std::hint::black_box(cosine_matrix(truth.view(), learned.view()));
    });
    let c = cosine_matrix(truth.view(), learned.view());
    time("cosine matrix picture 64×128 at 512×400", || {
        let input = CosineMatrixInput { cosines: c.view(), threshold: 0.9, width: 512, height: 400 };
        cosine_matrix::paint(&mut img, &input, &st);
    });
}

// ---------------------------------------------------------------------------------------------------
// A tiny PNG writer: 8-bit RGBA, one zlib stream of stored (uncompressed) blocks.

fn write_png(name: &str, img: &RgbaImage) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/painter-previews");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png(img)).unwrap();
}

fn png(img: &RgbaImage) -> Vec<u8> {
    let mut raw = Vec::with_capacity((img.width * 4 + 1) * img.height);
    for row in img.pixels.chunks_exact(img.width * 4) {
        raw.push(0); // Filter: none.
        raw.extend_from_slice(row);
    }
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push((i + 1 == blocks.len()) as u8);
        zlib.extend_from_slice(&(block.len() as u16).to_le_bytes());
        zlib.extend_from_slice(&(!(block.len() as u16)).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    if blocks.is_empty() {
        zlib.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    zlib.extend_from_slice(&adler32(&raw).to_be_bytes());
    let mut header = Vec::new();
    header.extend_from_slice(&(img.width as u32).to_be_bytes());
    header.extend_from_slice(&(img.height as u32).to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", &header), (b"IDAT", &zlib), (b"IEND", &Vec::new())] {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in bytes {
        a = (a + x as u32) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}
