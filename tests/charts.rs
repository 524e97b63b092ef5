//! Every chart drawn into an SVG string, at scale 1 and 2, with realistic and hostile inputs.
//!
//! Checks: no panic, non-trivial output with the expected labels, sane geometry, and the hover helpers
//! mapping a pixel computed from the geometry back to the right item. Realistic previews are written to
//! `target/chart-previews/<name>.svg` (and `<name>@2x.svg`) for looking at.

use plotters::coord::Shift;
use plotters::prelude::*;
use sae_playground::objective::l1_vs_l2::{steps_to_zero, Shape};
use sae_playground::objective::LossTerms;
use sae_playground::render::code_scatter::{self, CodeScatterInput, PointColors};
use sae_playground::render::density_histogram::{self, DensityBin, DensityInput};
use sae_playground::render::kl_curve::{self, KlCurveInput};
use sae_playground::render::l1_vs_l2::{self, L1L2Input, MAX_DESCENT_STEPS};
use sae_playground::render::loss_chart::{self, LossChartInput};
use sae_playground::render::network_diagram::{self, EdgeView, LayerView, NetworkInput, UnitView};
use sae_playground::render::rho_bars::{self, BarsMode, RhoBarsInput};
use sae_playground::render::{PlotGeometry, RenderResult, Style};
use sae_playground::trainer::history::HistoryPoint;

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Draws into a `w × h` SVG; returns the SVG text and the geometry.
fn render(w: u32, h: u32, draw: impl FnOnce(&Area) -> RenderResult<PlotGeometry>) -> (String, PlotGeometry) {
    let mut svg = String::new();
    let geometry = {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        let g = draw(&root).expect("chart draws");
        root.present().expect("svg presents");
        g
    };
    (svg, geometry)
}

/// Writes `target/chart-previews/<name>.svg`. plotters' SVG backend writes font sizes divided by 1.24
/// while plotters-canvas (the browser) uses them as they are, so the preview scales them back up: what
/// you see is the size the page will show.
fn preview(name: &str, svg: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("chart-previews");
    std::fs::create_dir_all(&dir).expect("preview dir");
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find("font-size=\"") {
        let (head, tail) = rest.split_at(at + "font-size=\"".len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(0);
        match tail[..end].parse::<f64>() {
            Ok(size) => out.push_str(&format!("{:.2}", size * 1.24)),
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    std::fs::write(dir.join(format!("{name}.svg")), out).expect("preview written");
}

/// The pixel ranges lie inside the canvas, are ordered, and the data ranges are finite.
fn assert_sane(g: &PlotGeometry, w: u32, h: u32) {
    let (x0, x1) = g.x_pixels;
    let (y0, y1) = g.y_pixels;
    assert!(0.0 <= x0 && x0 <= x1 && x1 <= w as f64, "x pixels {g:?}");
    assert!(0.0 <= y0 && y0 <= y1 && y1 <= h as f64, "y pixels {g:?}");
    for v in [g.x_range.0, g.x_range.1, g.y_range.0, g.y_range.1] {
        assert!(v.is_finite(), "data range {g:?}");
    }
    assert!(g.x_range.0 != g.x_range.1 && g.y_range.0 != g.y_range.1, "empty data range {g:?}");
    if g.log_y {
        assert!(g.y_range.0 > 0.0, "log range {g:?}");
    }
}

fn count(svg: &str, element: &str) -> usize {
    svg.matches(&format!("<{element}")).count()
}

/// A text element of a chart's SVG: its content, anchor point and alignment, and its font size as the page
/// shows it (the SVG backend writes sizes divided by 1.24, see [`preview`]).
#[derive(Clone, Debug)]
struct SvgText {
    s: String,
    x: f64,
    y: f64,
    /// 's'tart, 'm'iddle or 'e'nd.
    h: char,
    /// 't'op, 'c'entre or 'b'ottom.
    v: char,
    size: f64,
    rotated: bool,
}

impl SvgText {
    /// The box (left, top, right, bottom) it covers, by the renderers' own estimate (0.6 em a character).
    fn rect(&self) -> (f64, f64, f64, f64) {
        let w = 0.6 * self.size * self.s.chars().count() as f64;
        let left = match self.h {
            's' => self.x,
            'm' => self.x - w / 2.0,
            _ => self.x - w,
        };
        let top = match self.v {
            't' => self.y,
            'c' => self.y - self.size / 2.0,
            _ => self.y - self.size,
        };
        (left, top, left + w, top + self.size)
    }
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[at..].split('"').next()?.to_string())
}

/// Every text element of `svg`.
fn texts(svg: &str) -> Vec<SvgText> {
    svg.split("<text")
        .skip(1)
        .filter_map(|chunk| {
            let (tag, rest) = chunk.split_once('>')?;
            let s = rest.split("</text>").next()?.trim().to_string();
            let num = |n: &str| attr(tag, n).and_then(|v| v.parse::<f64>().ok());
            let h = match attr(tag, "text-anchor").as_deref() {
                Some("middle") => 'm',
                Some("end") => 'e',
                _ => 's',
            };
            let v = match attr(tag, "dy").as_deref() {
                Some("0.76em") => 't',
                Some("0.5ex") => 'c',
                _ => 'b',
            };
            let size = num("font-size")? * 1.24;
            Some(SvgText { s, x: num("x")?, y: num("y")?, h, v, size, rotated: tag.contains("rotate") })
        })
        .collect()
}

/// No tick label shows floating-point noise: no exponent of −10 or below ("-5.6e-17") and no "-0".
fn assert_clean_labels(svg: &str) {
    for t in texts(svg) {
        let noisy = t.s.contains("e-1") || t.s.contains("e-2") || t.s.contains("e-3") || t.s == "-0";
        assert!(!noisy, "noisy label {:?}", t.s);
    }
}

/// Every text that is not rotated lies inside the `w × h` canvas (by the estimate of its width).
fn assert_texts_inside(svg: &str, w: u32, h: u32) {
    for t in texts(svg).iter().filter(|t| !t.rotated) {
        let (l, top, r, b) = t.rect();
        assert!(l >= -0.5 && r <= w as f64 + 0.5 && top >= -0.5 && b <= h as f64 + 0.5, "{t:?} outside {w}×{h}");
    }
}

/// The points of every polyline stroked in `color`.
fn polylines(svg: &str, color: RGBColor) -> Vec<Vec<(f64, f64)>> {
    let hex = format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2);
    svg.split("<polyline")
        .skip(1)
        .filter_map(|chunk| {
            let tag = chunk.split('>').next()?;
            (attr(tag, "stroke")? == hex).then(|| {
                attr(tag, "points")
                    .unwrap_or_default()
                    .split_whitespace()
                    .filter_map(|p| {
                        let (x, y) = p.split_once(',')?;
                        Some((x.parse().ok()?, y.parse().ok()?))
                    })
                    .collect()
            })
        })
        .collect()
}

/// Whether a polyline passes through the box (l, t, r, b) (checked every pixel along each segment).
fn crosses(line: &[(f64, f64)], (l, t, r, b): (f64, f64, f64, f64)) -> bool {
    line.windows(2).any(|p| {
        let ((x0, y0), (x1, y1)) = (p[0], p[1]);
        let n = ((x1 - x0).abs().max((y1 - y0).abs()).ceil() as usize).max(1);
        (0..=n).any(|i| {
            let f = i as f64 / n as f64;
            let (x, y) = (x0 + f * (x1 - x0), y0 + f * (y1 - y0));
            x >= l && x <= r && y >= t && y <= b
        })
    })
}

/// White boxes (rect filled with paper) other than the background, with their opacity.
fn paper_boxes(svg: &str, w: u32, h: u32) -> Vec<f64> {
    svg.split("<rect")
        .skip(1)
        .filter_map(|chunk| {
            let tag = chunk.split('>').next()?;
            let full = attr(tag, "width")? == w.to_string() && attr(tag, "height")? == h.to_string();
            (attr(tag, "fill")? == "#FFFFFF" && !full).then(|| attr(tag, "opacity").and_then(|o| o.parse().ok()))?
        })
        .collect()
}

/// Device pixel y of data `y` on a linear axis.
fn pixel_y(g: &PlotGeometry, y: f64) -> f64 {
    let (top, bottom) = g.y_pixels;
    let (d0, d1) = g.y_range;
    if g.log_y {
        let t = (y.log10() - d0.log10()) / (d1.log10() - d0.log10());
        bottom - t * (bottom - top)
    } else {
        bottom - (y - d0) / (d1 - d0) * (bottom - top)
    }
}

const SCALES: [f64; 2] = [1.0, 2.0];
const SIZE: (u32, u32) = (560, 340);

fn sized(scale: f64) -> (u32, u32) {
    ((SIZE.0 as f64 * scale) as u32, (SIZE.1 as f64 * scale) as u32)
}

/// A deterministic pseudo-random stream in [0, 1) (no RNG crate needed here).
fn lcg(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    move || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    }
}

// ---------------------------------------------------------------------------------------------------
// KL curve

fn realistic_rho_hat() -> Vec<f32> {
    let mut r = lcg(1);
    (0..64).map(|i| if i % 17 == 3 { 0.0 } else { (0.01 + 0.3 * r() * r()) as f32 }).collect()
}

#[test]
fn kl_curve_realistic_and_hover() {
    let rho_hat = realistic_rho_hat();
    for scale in SCALES {
        let style = Style::new(scale);
        let (w, h) = sized(scale);
        let input = KlCurveInput { rho: 0.05, beta: 3.0, rho_hat: &rho_hat, highlighted: Some(5) };
        let (svg, g) = render(w, h, |a| kl_curve::draw(a, &input, &style));
        assert_sane(&g, w, h);
        assert!(svg.contains("ρ = 0.05"), "rho label");
        assert!(svg.contains("∂/∂ρ̂"), "gradient label");
        assert!(count(&svg, "polyline") >= 2 && count(&svg, "circle") >= rho_hat.len());
        preview(if scale == 1.0 { "kl_curve" } else { "kl_curve@2x" }, &svg);

        // Hover at unit 9's dot finds unit 9.
        let j = 9;
        let x = (rho_hat[j] as f64).clamp(1e-6, 1.0 - 1e-6);
        let y = 3.0 * sae_playground::objective::kl::kl_divergence(0.05, x);
        assert!(y < g.y_range.1);
        assert_eq!(kl_curve::nearest_unit(&input, &g, g.pixel_x(x), pixel_y(&g, y)), Some(j));
        assert_eq!(kl_curve::nearest_unit(&input, &g, -5.0, -5.0), None);
    }
    // The seed's own figure: ρ = 0.2, β = 1.
    let style = Style::new(1.0);
    let input = KlCurveInput { rho: 0.2, beta: 1.0, rho_hat: &[0.05, 0.2, 0.5, 0.9], highlighted: None };
    let (svg, _) = render(SIZE.0, SIZE.1, |a| kl_curve::draw(a, &input, &style));
    assert!(svg.contains("ρ = 0.2"));
    preview("kl_curve_seed_fig10", &svg);
}

#[test]
fn kl_curve_hostile_inputs() {
    let many: Vec<f32> = (0..1024).map(|i| i as f32 / 1023.0).collect();
    let nasty = [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 0.0, 1.0, -3.0, 7.0, 1e30];
    let cases: Vec<(f64, f64, &[f32], Option<usize>)> = vec![
        (0.05, 3.0, &[], None),
        (0.05, 3.0, &[], Some(3)),
        (0.05, 3.0, &nasty, Some(0)),
        (0.05, 3.0, &nasty, Some(4)),
        (f64::NAN, f64::NAN, &[0.1], Some(0)),
        (0.0, 0.0, &[0.1], None),
        (1.0, -2.0, &[0.5], None),
        (0.5, f64::INFINITY, &[0.5], None),
        (0.05, 1e300, &[0.3], None),
        (0.05, 3.0, &many, Some(1023)),
        (0.05, 3.0, &[0.2; 50], Some(49)),
    ];
    for (rho, beta, rho_hat, highlighted) in cases {
        for scale in SCALES {
            let style = Style::new(scale);
            let (w, h) = sized(scale);
            let input = KlCurveInput { rho, beta, rho_hat, highlighted };
            let (svg, g) = render(w, h, |a| kl_curve::draw(a, &input, &style));
            assert_sane(&g, w, h);
            assert!(count(&svg, "polyline") >= 1, "curve drawn for ρ={rho} β={beta}");
            let _ = kl_curve::nearest_unit(&input, &g, (g.x_pixels.0 + g.x_pixels.1) / 2.0, g.y_pixels.1);
        }
        // Tiny canvases draw something and do not panic.
        for (w, h) in [(1, 1), (30, 20), (130, 125)] {
            let input = KlCurveInput { rho, beta, rho_hat, highlighted };
            let (_, g) = render(w, h, |a| kl_curve::draw(a, &input, &Style::new(1.0)));
            assert!(g.x_range.0.is_finite() && g.y_range.1.is_finite());
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// L1 vs L2 (Fig 09)

#[test]
fn l1_vs_l2_realistic_and_fixed_axes_while_animating() {
    for scale in SCALES {
        let style = Style::new(scale);
        let (w, h) = ((900.0 * scale) as u32, (300.0 * scale) as u32);
        let mut first: Option<PlotGeometry> = None;
        for steps in 0..=MAX_DESCENT_STEPS + 5 {
            let input = L1L2Input { lambda: 1.0, learning_rate: 0.1, start: 1.5, descent_steps: steps };
            let (svg, g) = render(w, h, |a| l1_vs_l2::draw(a, &input, &style));
            assert_sane(&g, w, h);
            assert_eq!(*first.get_or_insert(g), g, "panel (c) keeps its axes while animating");
            assert!(svg.contains("λ|w|") && svg.contains("2λw") && svg.contains("step"));
            // L1 reaches 0 after about 15 constant steps of η·λ = 0.1; the note appears once the animation is there.
            let k = steps_to_zero(Shape::L1, 1.5, 1.0, 0.1, 100).expect("L1 reaches zero");
            assert!((15..=16).contains(&k));
            assert_eq!(svg.contains(&format!("w = 0 at step {k}")), steps >= k, "annotation at {steps} steps");
            if steps == MAX_DESCENT_STEPS {
                assert!(count(&svg, "circle") >= 2 * (MAX_DESCENT_STEPS + 1));
                preview(if scale == 1.0 { "l1_vs_l2" } else { "l1_vs_l2@2x" }, &svg);
            }
            if steps == 8 && scale == 1.0 {
                preview("l1_vs_l2_step8", &svg);
            }
        }
        let g = first.expect("drawn");
        assert_eq!(g.x_range, (0.0, MAX_DESCENT_STEPS as f64));
        assert!(g.y_range.0 < 0.0 && g.y_range.1 > 1.5);
    }
}

#[test]
fn l1_vs_l2_hostile_inputs() {
    let cases = [
        (0.0, 0.1, 1.5, 10),
        (f64::NAN, f64::NAN, f64::NAN, 10),
        (f64::INFINITY, 0.1, 1.0, 40),
        (1.0, 0.1, 0.0, 40),
        (1.0, 0.0, 1.0, 40),
        (1.0, 5.0, 1.0, 40),  // 2ηλ = 10: L2 diverges, clipped
        (1.0, 0.1, -1.2, 40), // from below
        (1e300, 1e300, 1e300, usize::MAX),
        (-1.0, -0.1, 1e-300, 3),
    ];
    for (lambda, learning_rate, start, descent_steps) in cases {
        for scale in SCALES {
            let style = Style::new(scale);
            let (w, h) = ((900.0 * scale) as u32, (300.0 * scale) as u32);
            let input = L1L2Input { lambda, learning_rate, start, descent_steps };
            let (svg, g) = render(w, h, |a| l1_vs_l2::draw(a, &input, &style));
            assert_sane(&g, w, h);
            assert!(count(&svg, "polyline") >= 3, "{input:?}");
        }
        for (w, h) in [(1, 1), (200, 100), (260, 120)] {
            let input = L1L2Input { lambda, learning_rate, start, descent_steps };
            let (_, g) = render(w, h, |a| l1_vs_l2::draw(a, &input, &Style::new(1.0)));
            assert!(g.y_range.0.is_finite() && g.y_range.1.is_finite());
        }
    }
    let input = L1L2Input { lambda: 1.0, learning_rate: 0.1, start: -1.2, descent_steps: 40 };
    let (svg, _) = render(900, 300, |a| l1_vs_l2::draw(a, &input, &Style::new(1.0)));
    preview("l1_vs_l2_negative_start", &svg);
}

// ---------------------------------------------------------------------------------------------------
// Loss chart

fn history(n: usize, stride: u64, sparsity: bool) -> Vec<HistoryPoint> {
    let mut r = lcg(7);
    (1..=n as u64)
        .map(|i| {
            let step = i * stride;
            let t = step as f64;
            let reconstruction = 0.45 * (-t / 900.0).exp() + 0.03 + 0.004 * r();
            let sparsity = if sparsity { 0.02 + 0.05 * (-t / 400.0).exp() + 0.002 * r() } else { 0.0 };
            let weight_decay = 2e-4 * (1.0 + t / 3000.0);
            let total = reconstruction + sparsity + weight_decay;
            HistoryPoint { step, loss: LossTerms { reconstruction, sparsity, weight_decay, total } }
        })
        .collect()
}

#[test]
fn loss_chart_realistic_and_hover() {
    let points = history(700, 4, true);
    for scale in SCALES {
        let style = Style::new(scale);
        let (w, h) = sized(scale);
        let input = LossChartInput { points: &points, pca_reference: Some(0.045), highlighted: Some(250) };
        let (svg, g) = render(w, h, |a| loss_chart::draw(a, &input, &style));
        assert_sane(&g, w, h);
        assert!(g.log_y);
        for label in ["step", "PCA", "reconstruction", "sparsity", "weight decay", "total"] {
            assert!(svg.contains(label), "{label}");
        }
        assert!(count(&svg, "polyline") >= 4);
        // Decimated: no series has more than ~400 points.
        for line in svg.split("<polyline").skip(1) {
            let pts = line.split("points=\"").nth(1).map(|p| p.split('"').next().unwrap_or("").split(' ').count());
            assert!(pts.unwrap_or(0) <= 420, "decimated {pts:?}");
        }
        preview(if scale == 1.0 { "loss_chart" } else { "loss_chart@2x" }, &svg);

        // Hover: the pixel of point 123's step maps back to 123.
        let i = 123;
        let x = g.pixel_x(points[i].step as f64);
        assert_eq!(loss_chart::nearest_point(&points, &g, x), Some(i));
        assert_eq!(loss_chart::nearest_point(&points, &g, g.x_pixels.1), Some(points.len() - 1));
        assert_eq!(loss_chart::nearest_point(&points, &g, g.x_pixels.0 - 3.0), None);
        assert_eq!(loss_chart::nearest_point(&[], &g, x), None);
    }
    // No penalty: the sparsity term is left out of the legend.
    let points = history(120, 1, false);
    let input = LossChartInput { points: &points, pca_reference: None, highlighted: None };
    let (svg, _) = render(SIZE.0, SIZE.1, |a| loss_chart::draw(a, &input, &Style::new(1.0)));
    assert!(svg.contains("reconstruction") && !svg.contains("sparsity") && !svg.contains("PCA"));
    preview("loss_chart_no_penalty", &svg);
}

#[test]
fn loss_chart_hostile_inputs() {
    let empty: Vec<HistoryPoint> = Vec::new();
    let one = history(1, 1, true);
    let mut nasty = history(50, 1, true);
    for (i, p) in nasty.iter_mut().enumerate() {
        let v = [f64::NAN, f64::INFINITY, -1.0, 0.0, 1e300, 1e-300, f64::NEG_INFINITY][i % 7];
        p.loss.total = v;
        if i % 3 == 0 {
            p.loss.reconstruction = v;
        }
    }
    let all_nan: Vec<HistoryPoint> = (1..20)
        .map(|s| HistoryPoint {
            step: s,
            loss: LossTerms { reconstruction: f64::NAN, sparsity: f64::NAN, weight_decay: f64::NAN, total: f64::NAN },
        })
        .collect();
    let flat: Vec<HistoryPoint> = (0..30)
        .map(|_| HistoryPoint {
            step: 5,
            loss: LossTerms { reconstruction: 0.1, sparsity: 0.1, weight_decay: 0.1, total: 0.1 },
        })
        .collect();
    let long = history(5000, 1, true);
    let cases: Vec<(&[HistoryPoint], Option<f64>, Option<usize>)> = vec![
        (&empty, None, None),
        (&empty, Some(0.05), Some(0)),
        (&one, Some(f64::NAN), Some(0)),
        (&nasty, Some(-1.0), Some(3)),
        (&nasty, Some(f64::INFINITY), Some(49)),
        (&all_nan, Some(0.0), Some(100)),
        (&flat, Some(0.1), Some(29)),
        (&long, Some(1e-9), Some(4999)),
    ];
    for (points, pca_reference, highlighted) in cases {
        for scale in SCALES {
            let style = Style::new(scale);
            let (w, h) = sized(scale);
            let input = LossChartInput { points, pca_reference, highlighted };
            let (svg, g) = render(w, h, |a| loss_chart::draw(a, &input, &style));
            assert_sane(&g, w, h);
            assert!(svg.contains("step"));
            if points.is_empty() {
                assert!(svg.contains("press play"));
            }
            let _ = loss_chart::nearest_point(points, &g, (g.x_pixels.0 + g.x_pixels.1) / 2.0);
        }
        for (w, h) in [(1, 1), (100, 60), (125, 95)] {
            let input = LossChartInput { points, pca_reference, highlighted };
            let (_, g) = render(w, h, |a| loss_chart::draw(a, &input, &Style::new(1.0)));
            assert!(g.y_range.0 > 0.0 && g.y_range.1.is_finite());
        }
    }
    let input = LossChartInput { points: &empty, pca_reference: None, highlighted: None };
    let (svg, _) = render(SIZE.0, SIZE.1, |a| loss_chart::draw(a, &input, &Style::new(1.0)));
    preview("loss_chart_empty", &svg);
}

// ---------------------------------------------------------------------------------------------------
// Per-unit bars

fn sorted_order(values: &[f32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    order
}

#[test]
fn rho_bars_realistic_modes_and_hover() {
    let mut r = lcg(3);
    let values: Vec<f32> = (0..128).map(|i| if i % 11 == 4 { 0.0 } else { (0.12 * r() * r()) as f32 }).collect();
    let dead: Vec<bool> = values.iter().map(|&v| v == 0.0).collect();
    let order = sorted_order(&values);
    let modes = [
        (BarsMode::Kl { rho: 0.05 }, "kl", "ρ = 0.05"),
        (BarsMode::L1 { lambda: 1e-3 }, "l1", "λ = 0.001"),
        (BarsMode::TopK { k: 8 }, "topk", "k / units"),
        (BarsMode::None, "none", "mean activation"),
    ];
    for (mode, name, label) in modes {
        for scale in SCALES {
            let style = Style::new(scale);
            let (w, h) = sized(scale);
            for sorted in [false, true] {
                let input = RhoBarsInput {
                    mode,
                    values: &values,
                    order: sorted.then_some(order.as_slice()),
                    dead: &dead,
                    highlighted: Some(order[20]),
                };
                let (svg, g) = render(w, h, |a| rho_bars::draw(a, &input, &style));
                assert_sane(&g, w, h);
                assert!(svg.contains(label), "{name}: {label}");
                assert!(svg.contains("dead"), "dead count in caption");
                assert!(count(&svg, "rect") >= values.len(), "{name}: one bar per unit");
                if scale == 1.0 || name == "kl" {
                    let suffix = if scale == 1.0 { "" } else { "@2x" };
                    preview(&format!("rho_bars_{name}{}{suffix}", if sorted { "_sorted" } else { "" }), &svg);
                }
                // Hover at the centre of display position 20 gives the unit shown there.
                let x = g.pixel_x(20.5);
                let expected = if sorted { order[20] } else { 20 };
                assert_eq!(rho_bars::unit_at(&input, &g, x), Some(expected));
                assert_eq!(rho_bars::unit_at(&input, &g, g.x_pixels.1 + 2.0), None);
                assert_eq!(rho_bars::unit_at(&input, &g, g.x_pixels.1), Some(*input.order.map_or(&127, |o| &o[127])));
            }
        }
    }
}

#[test]
fn rho_bars_hostile_inputs() {
    let many: Vec<f32> = (0..1024).map(|i| (i as f32 / 1024.0).powi(3)).collect();
    let many_dead: Vec<bool> = (0..1024).map(|i| i % 7 == 0).collect();
    let nasty = [f32::NAN, f32::INFINITY, -0.5, 0.0, 1e30, f32::NEG_INFINITY, 0.2];
    let equal = [0.25f32; 40];
    let zeros = [0.0f32; 16];
    let bad_order = [3usize, 3, 99, 0, usize::MAX];
    let case = |mode, values, order, dead, highlighted| RhoBarsInput { mode, values, order, dead, highlighted };
    let cases = [
        case(BarsMode::Kl { rho: 0.05 }, &[], None, &[], None),
        case(BarsMode::TopK { k: 4 }, &[], Some(&[]), &[true], Some(0)),
        case(BarsMode::Kl { rho: f64::NAN }, &nasty, None, &[true, false], Some(0)),
        case(BarsMode::L1 { lambda: f64::INFINITY }, &nasty, Some(&bad_order), &[], Some(4)),
        case(BarsMode::TopK { k: 0 }, &[0.7], None, &[false], Some(0)),
        case(BarsMode::TopK { k: usize::MAX }, &equal, None, &[], Some(39)),
        case(BarsMode::None, &zeros, None, &[true; 16], Some(100)),
        case(BarsMode::Kl { rho: 0.05 }, &many, None, &many_dead, Some(1023)),
        case(BarsMode::Kl { rho: 1e300 }, &many, Some(&bad_order), &many_dead, Some(3)),
    ];
    for input in cases {
        for scale in SCALES {
            let style = Style::new(scale);
            let (w, h) = sized(scale);
            let (svg, g) = render(w, h, |a| rho_bars::draw(a, &input, &style));
            assert_sane(&g, w, h);
            let finite = input.values.iter().filter(|v| v.is_finite()).count();
            if input.order.is_none() {
                assert!(count(&svg, "rect") >= finite, "{:?}: bars for finite values", input.mode);
            }
            for x in [g.x_pixels.0, (g.x_pixels.0 + g.x_pixels.1) / 2.0, g.x_pixels.1] {
                if let Some(u) = rho_bars::unit_at(&input, &g, x) {
                    assert!(u < input.values.len());
                }
            }
        }
        for (w, h) in [(1, 1), (100, 60), (125, 85)] {
            let (_, g) = render(w, h, |a| rho_bars::draw(a, &input, &Style::new(1.0)));
            assert!(g.y_range.1.is_finite());
        }
    }
    let input = RhoBarsInput {
        mode: BarsMode::Kl { rho: 0.05 },
        values: &many,
        order: None,
        dead: &many_dead,
        highlighted: Some(700),
    };
    let (svg, _) = render(SIZE.0, SIZE.1, |a| rho_bars::draw(a, &input, &Style::new(1.0)));
    preview("rho_bars_1024_units", &svg);
}

// ---------------------------------------------------------------------------------------------------
// Density histogram

#[test]
fn density_histogram_realistic_and_bins() {
    let mut r = lcg(11);
    // A hump around 10^-2, a few dense units, and some dead ones: their moving-average density has
    // decayed towards 0 without reaching it, and the trainer flags them dead.
    let density: Vec<f32> = (0..512)
        .map(|i| match i % 40 {
            0..=2 => 10f64.powf(-7.0 + r()) as f32,
            3 => 0.6,
            _ => 10f64.powf(-2.0 + 1.2 * (r() + r() + r() - 1.5)) as f32,
        })
        .collect();
    let dead: Vec<bool> = (0..512).map(|i| i % 40 <= 2).collect();
    let (never, bins) = density_histogram::bin_counts(&density, &dead);
    assert_eq!(never, 39);
    assert_eq!(never + bins.iter().sum::<usize>(), density.len());
    for scale in SCALES {
        let style = Style::new(scale);
        let (w, h) = sized(scale);
        let input = DensityInput { density: &density, dead: &dead };
        let (svg, g) = render(w, h, |a| density_histogram::draw(a, &input, &style));
        assert_sane(&g, w, h);
        for label in ["dead", "log₁₀ firing density", "units", "39 dead"] {
            assert!(svg.contains(label), "{label}");
        }
        assert!(!svg.contains("never"));
        assert_clean_labels(&svg);
        assert_texts_inside(&svg, w, h);
        assert!(count(&svg, "rect") >= 10);
        preview(if scale == 1.0 { "density_histogram" } else { "density_histogram@2x" }, &svg);
        assert_eq!(density_histogram::bin_at(&g, g.pixel_x(-5.7)), Some(DensityBin::Never));
        match density_histogram::bin_at(&g, g.pixel_x(-2.1)) {
            Some(DensityBin::Range { index, lo, hi }) => {
                assert_eq!(index, 14);
                assert!(lo <= -2.1 && -2.1 <= hi);
            }
            other => panic!("expected a bin, got {other:?}"),
        }
        assert_eq!(density_histogram::bin_at(&g, g.pixel_x(-5.2)), None, "the gap");
        assert_eq!(density_histogram::bin_at(&g, g.x_pixels.1 + 1.0), None);
    }
}

#[test]
fn density_histogram_counts_the_trainers_dead_units() {
    // 150 of 196 units dead by the trainer's flags, their densities decayed to tiny but non-zero values:
    // the histogram must say 150 dead (as the bars chart does), not "0 never fire".
    let density: Vec<f32> = (0..196).map(|j| if j < 150 { 1e-6 / (1 + j) as f32 } else { 0.02 }).collect();
    let dead: Vec<bool> = (0..196).map(|j| j < 150).collect();
    let (n_dead, bins) = density_histogram::bin_counts(&density, &dead);
    assert_eq!(n_dead, 150);
    assert_eq!(bins.iter().sum::<usize>(), 46, "dead units are left out of the log bins");
    let (w, h) = SIZE;
    let input = DensityInput { density: &density, dead: &dead };
    let (svg, _) = render(w, h, |a| density_histogram::draw(a, &input, &Style::new(1.0)));
    assert!(svg.contains("150 dead"), "caption counts the dead units");
    assert!(svg.contains(">\n150\n</text>"), "count over the dead bar");

    // Without flags nothing is dead, even at density 0 (a unit not yet silent for long enough): it falls
    // in the first bin. Flags beyond the densities and short flag lists are harmless.
    let (n_dead, bins) = density_histogram::bin_counts(&[0.0, 0.5, 1e-9], &[]);
    assert_eq!((n_dead, bins[0], bins.iter().sum::<usize>()), (0, 2, 3));
    let (n_dead, _) = density_histogram::bin_counts(&[0.0, f32::NAN], &[true, true, true]);
    assert_eq!(n_dead, 2, "a dead unit counts whatever its density");
    // Narrow canvases: the caption shortens instead of running off the canvas.
    for scale in SCALES {
        let (w, h) = ((300.0 * scale) as u32, (180.0 * scale) as u32);
        let (svg, _) = render(w, h, |a| density_histogram::draw(a, &input, &Style::new(scale)));
        assert!(svg.contains("150 dead"));
        assert_texts_inside(&svg, w, h);
        assert_clean_labels(&svg);
        preview(if scale == 1.0 { "density_histogram_narrow" } else { "density_histogram_narrow@2x" }, &svg);
    }
}

#[test]
fn density_histogram_hostile_inputs() {
    let many: Vec<f32> = (0..1024).map(|i| i as f32 / 1024.0).collect();
    let nasty = [f32::NAN, f32::INFINITY, -0.5, 0.0, 1e30, f32::NEG_INFINITY, 1e-30, 1.0];
    let cases: Vec<&[f32]> = vec![&[], &nasty, &[0.0; 300], &[0.01; 1000], &[0.5], &many];
    for density in cases {
        for scale in SCALES {
            let style = Style::new(scale);
            let (w, h) = sized(scale);
            let (svg, g) = render(w, h, |a| density_histogram::draw(a, &DensityInput { density, dead: &[] }, &style));
            assert_sane(&g, w, h);
            assert!(svg.contains("dead"));
            assert_clean_labels(&svg);
        }
        for (w, h) in [(1, 1), (100, 60), (145, 85)] {
            let (_, g) =
                render(w, h, |a| density_histogram::draw(a, &DensityInput { density, dead: &[] }, &Style::new(1.0)));
            assert!(g.y_range.1.is_finite());
        }
    }
    let (never, bins) = density_histogram::bin_counts(&nasty, &[]);
    assert_eq!(
        (never, bins.iter().sum::<usize>()),
        (0, 4),
        "no flags: nothing dead; 0, 1e30, 1e-30, 1 → clamped into bins"
    );
    let flags = [true, false, false, true];
    let (never, bins) = density_histogram::bin_counts(&nasty, &flags);
    assert_eq!((never, bins.iter().sum::<usize>()), (2, 3), "NaN and 0 flagged dead; −0.5 and ∞ skipped");
}

// ---------------------------------------------------------------------------------------------------
// Code scatter

fn clusters(n: usize) -> (Vec<[f32; 2]>, Vec<u8>, Vec<f32>) {
    let mut r = lcg(5);
    let mut points = Vec::with_capacity(n);
    let mut classes = Vec::with_capacity(n);
    let mut values = Vec::with_capacity(n);
    for i in 0..n {
        let c = (i % 10) as u8;
        let angle = c as f64 * 0.628;
        let (cx, cy) = (2.0 * angle.cos(), 1.5 * angle.sin());
        let x = cx + 0.45 * (r() + r() - 1.0);
        let y = cy + 0.45 * (r() + r() - 1.0);
        points.push([x as f32, y as f32]);
        classes.push(c);
        values.push((x * y) as f32);
    }
    (points, classes, values)
}

#[test]
fn code_scatter_realistic_and_hover() {
    let (points, classes, values) = clusters(1000);
    let colorings = [
        ("classes", PointColors::Classes(&classes)),
        ("continuous", PointColors::Continuous(&values)),
        ("plain", PointColors::Plain),
    ];
    for (name, colors) in colorings {
        for scale in SCALES {
            let style = Style::new(scale);
            let (w, h) = (sized(scale).1 * 5 / 4, sized(scale).1);
            let input = CodeScatterInput {
                points: &points,
                colors,
                x_label: "h₃",
                y_label: "h₇",
                selected: Some(42),
                total: None,
            };
            let (svg, g) = render(w, h, |a| code_scatter::draw(a, &input, &style));
            assert_sane(&g, w, h);
            assert!(svg.contains("h₃") && svg.contains("h₇"));
            assert!(count(&svg, "rect") >= points.len());
            if name == "classes" {
                for c in 0..10 {
                    assert!(svg.contains(&format!(">\n{c}\n</text>")), "legend entry {c}");
                }
            }
            let suffix = if scale == 1.0 { "" } else { "@2x" };
            preview(&format!("code_scatter_{name}{suffix}"), &svg);

            // Hover exactly over a point finds it (or a point drawn at the same pixel).
            for i in [0usize, 42, 999] {
                let x = g.pixel_x(points[i][0] as f64);
                let y = pixel_y(&g, points[i][1] as f64);
                let found = code_scatter::nearest_point(&input, &g, x, y, &style).expect("a point under the mouse");
                let (fx, fy) = (g.pixel_x(points[found][0] as f64), pixel_y(&g, points[found][1] as f64));
                assert!((fx - x).hypot(fy - y) < 1e-9 || found == i, "point {i} → {found}");
            }
            // Far from every point: nothing.
            assert_eq!(code_scatter::nearest_point(&input, &g, -100.0, -100.0, &style), None);
        }
    }
    // A lone point is found within the radius and not beyond it.
    let style = Style::new(2.0);
    let lone = [[0.3f32, 0.7]];
    let input = CodeScatterInput {
        points: &lone,
        colors: PointColors::Plain,
        x_label: "a",
        y_label: "b",
        selected: None,
        total: None,
    };
    let (_, g) = render(600, 600, |a| code_scatter::draw(a, &input, &style));
    let (x, y) = (g.pixel_x(0.3), pixel_y(&g, 0.7));
    assert_eq!(code_scatter::nearest_point(&input, &g, x + 15.0, y, &style), Some(0), "within 8 CSS px at scale 2");
    assert_eq!(code_scatter::nearest_point(&input, &g, x + 17.0, y, &style), None);
}

#[test]
fn code_scatter_hostile_inputs() {
    let (points, classes, values) = clusters(1024);
    let nasty = [[f32::NAN, 0.0], [f32::INFINITY, 1.0], [0.0, f32::NEG_INFINITY], [1e30, -1e30], [0.0, 0.0]];
    let equal = [[0.5f32, 0.5]; 30];
    let bad_values = [f32::NAN, f32::INFINITY, 1.0];
    let big_classes = [200u8, 255, 3, 10, 11];
    let case = |points, colors, selected| CodeScatterInput {
        points,
        colors,
        x_label: "x",
        y_label: "y",
        selected,
        total: None,
    };
    let cases = [
        case(&[], PointColors::Plain, None),
        case(&[], PointColors::Classes(&[]), Some(0)),
        case(&nasty, PointColors::Continuous(&bad_values), Some(0)),
        case(&nasty, PointColors::Classes(&big_classes), Some(3)),
        case(&equal, PointColors::Continuous(&[0.3; 30]), Some(29)),
        case(&equal[..1], PointColors::Classes(&[4]), Some(0)),
        case(&points, PointColors::Continuous(&values[..10]), Some(5000)),
        case(&points, PointColors::Classes(&classes), Some(1023)),
        case(&[[f32::MAX, f32::MIN], [f32::MIN, f32::MAX]], PointColors::Plain, Some(1)),
    ];
    for input in cases {
        for scale in SCALES {
            let style = Style::new(scale);
            let (w, h) = sized(scale);
            let (svg, g) = render(w, h, |a| code_scatter::draw(a, &input, &style));
            assert_sane(&g, w, h);
            assert!(svg.contains("codes"));
            let _ = code_scatter::nearest_point(&input, &g, g.x_pixels.0, g.y_pixels.0, &style);
        }
        for (w, h) in [(1, 1), (100, 60), (125, 105)] {
            let (_, g) = render(w, h, |a| code_scatter::draw(a, &input, &Style::new(1.0)));
            assert!(g.x_range.0.is_finite() && g.y_range.1.is_finite());
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Network diagram

fn layer(label: &str, size: usize, shown: usize, r: &mut impl FnMut() -> f64) -> LayerView {
    let units = (0..shown.min(size))
        .map(|j| UnitView { index: j * size / shown.max(1), activation: (r() * r()) as f32 })
        .collect();
    LayerView { size, units, label: label.to_string() }
}

fn network() -> (Vec<LayerView>, Vec<EdgeView>) {
    let mut r = lcg(9);
    let layers = vec![
        layer("input", 784, 12, &mut r),
        layer("hidden", 64, 10, &mut r),
        layer("code", 16, 16, &mut r),
        layer("hidden", 64, 10, &mut r),
        layer("output", 784, 12, &mut r),
    ];
    let mut edges = Vec::new();
    for l in 0..layers.len() - 1 {
        for from in 0..layers[l].units.len() {
            for to in 0..layers[l + 1].units.len() {
                let w = (r() - 0.5) * 2.0;
                if w.abs() > 0.4 {
                    edges.push(EdgeView { from_layer: l, from, to, weight: w as f32 });
                }
            }
        }
    }
    (layers, edges)
}

#[test]
fn network_diagram_realistic_and_positions() {
    let (layers, edges) = network();
    for scale in SCALES {
        let style = Style::new(scale);
        let (w, h) = ((640.0 * scale) as u32, (360.0 * scale) as u32);
        let input = NetworkInput { layers: &layers, edges: &edges, max_abs_weight: 1.0, code_layer: 2 };
        let (svg, g) = render(w, h, |a| network_diagram::draw(a, &input, &style));
        assert_sane(&g, w, h);
        assert!(svg.contains("+772 more") && svg.contains("+54 more") && svg.contains("code"));
        assert!(count(&svg, "circle") >= 60);
        assert!(count(&svg, "polyline") + count(&svg, "line") >= edges.len());
        preview(if scale == 1.0 { "network_diagram" } else { "network_diagram@2x" }, &svg);

        // Positions: inside the area, left to right, top to bottom, and the same at both scales relatively.
        let pos = network_diagram::node_positions(&input, w as f64, h as f64, &style);
        assert_eq!(pos.len(), layers.len());
        for (l, column) in pos.iter().enumerate() {
            assert_eq!(column.len(), layers[l].units.len());
            for p in column {
                assert!(p.0 > 0.0 && p.0 < w as f64 && p.1 > 0.0 && p.1 < h as f64, "{p:?}");
            }
            assert!(column.windows(2).all(|c| c[0].1 < c[1].1));
        }
        assert!(pos.windows(2).all(|c| c[0][0].0 < c[1][0].0));
        // The geometry maps a node's pixel back to its offset from the top-left.
        let p = pos[2][3];
        assert!((g.data_x(p.0) - p.0).abs() < 1e-9 && (g.data_y(p.1) - p.1).abs() < 1e-9);
    }
    let style = Style::new(1.0);
    let input = NetworkInput { layers: &layers, edges: &edges, max_abs_weight: 1.0, code_layer: 2 };
    let a = network_diagram::node_positions(&input, 640.0, 360.0, &style);
    let b = network_diagram::node_positions(&input, 1280.0, 720.0, &Style::new(2.0));
    for (ca, cb) in a.iter().zip(&b) {
        for (pa, pb) in ca.iter().zip(cb) {
            assert!((2.0 * pa.0 - pb.0).abs() < 1e-9 && (2.0 * pa.1 - pb.1).abs() < 1e-9, "HiDPI layout scales");
        }
    }
}

#[test]
fn network_diagram_hostile_inputs() {
    let (layers, edges) = network();
    let mut r = lcg(2);
    let wide = vec![layer("input", 1024, 1024, &mut r), layer("code", 1024, 1024, &mut r)];
    let wide_edges: Vec<EdgeView> =
        (0..1024).map(|j| EdgeView { from_layer: 0, from: j, to: 1023 - j, weight: j as f32 - 512.0 }).collect();
    let empty_units = vec![LayerView { size: 0, units: vec![], label: String::new() }; 3];
    let nasty_units = vec![
        LayerView {
            size: 2,
            units: vec![
                UnitView { index: 0, activation: f32::NAN },
                UnitView { index: 1, activation: f32::INFINITY },
                UnitView { index: 9, activation: -3.0 },
            ],
            label: "ρ̂ weird".to_string(),
        },
        LayerView { size: usize::MAX, units: vec![UnitView { index: 0, activation: 0.5 }], label: "big".to_string() },
    ];
    let nasty_edges = [
        EdgeView { from_layer: 0, from: 0, to: 0, weight: f32::NAN },
        EdgeView { from_layer: 0, from: 1, to: 0, weight: f32::INFINITY },
        EdgeView { from_layer: 0, from: 2, to: 5, weight: 1.0 },
        EdgeView { from_layer: 7, from: 0, to: 0, weight: 1.0 },
        EdgeView { from_layer: 1, from: 0, to: 0, weight: 1.0 },
        EdgeView { from_layer: 0, from: 2, to: 0, weight: -1e30 },
    ];
    let one =
        vec![LayerView { size: 1, units: vec![UnitView { index: 0, activation: 1.0 }], label: "one".to_string() }];
    let cases: Vec<(&[LayerView], &[EdgeView], f32, usize)> = vec![
        (&[], &[], 1.0, 0),
        (&empty_units, &[], 0.0, 1),
        (&nasty_units, &nasty_edges, f32::NAN, 0),
        (&nasty_units, &nasty_edges, -1.0, 9),
        (&one, &nasty_edges, 1.0, 0),
        (&wide, &wide_edges, 0.0, 1),
        (&layers, &edges, 1e-30, 2),
        (&layers, &edges, f32::INFINITY, 2),
    ];
    for (layers, edges, max_abs_weight, code_layer) in cases {
        for scale in SCALES {
            let style = Style::new(scale);
            let (w, h) = sized(scale);
            let input = NetworkInput { layers, edges, max_abs_weight, code_layer };
            let (_, g) = render(w, h, |a| network_diagram::draw(a, &input, &style));
            assert_sane(&g, w, h);
            for column in network_diagram::node_positions(&input, w as f64, h as f64, &style) {
                assert!(column.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
            }
        }
        for (w, h) in [(1, 1), (50, 40), (70, 65)] {
            let input = NetworkInput { layers, edges, max_abs_weight, code_layer };
            let _ = render(w, h, |a| network_diagram::draw(a, &input, &Style::new(1.0)));
            let _ = network_diagram::node_positions(&input, w as f64, h as f64, &Style::new(1.0));
        }
    }
    let input = NetworkInput { layers: &wide, edges: &wide_edges, max_abs_weight: 0.0, code_layer: 1 };
    let (svg, _) = render(SIZE.0, SIZE.1, |a| network_diagram::draw(a, &input, &Style::new(1.0)));
    preview("network_diagram_1024", &svg);
}

// ---------------------------------------------------------------------------------------------------
// Tick labels, integer axes and placement (found on screenshots of the page).

/// Whether plotters' own ticks for `range` include floating-point noise at zero (so that a test with
/// that range really exercises the snapping).
fn plotters_ticks_are_noisy(range: (f64, f64), n: usize) -> bool {
    use plotters::coord::ranged1d::Ranged;
    use plotters::coord::types::RangedCoordf64;
    let coord: RangedCoordf64 = (range.0..range.1).into();
    coord.key_points(n).iter().any(|v| *v != 0.0 && v.abs() < 1e-12)
}

#[test]
fn near_zero_ticks_are_labelled_zero() {
    // The code scatter of the default preset: y from about −0.45 to 0.3 (plotters puts a tick at −5.6e-17).
    let mut r = lcg(21);
    let points: Vec<[f32; 2]> = (0..500).map(|_| [(2.0 * r() - 1.0) as f32, (-0.4 + 0.66 * r()) as f32]).collect();
    let ys = points.iter().map(|p| p[1] as f64);
    let (lo, hi) = (ys.clone().fold(f64::INFINITY, f64::min), ys.fold(f64::NEG_INFINITY, f64::max));
    let pad = 0.06 * (hi - lo);
    assert!(plotters_ticks_are_noisy((lo - pad, hi + pad), 6), "the case shows noise without snapping");
    for scale in SCALES {
        let style = Style::new(scale);
        let (w, h) = sized(scale);
        let input = CodeScatterInput {
            points: &points,
            colors: PointColors::Plain,
            x_label: "h₁",
            y_label: "h₂",
            selected: None,
            total: None,
        };
        let (svg, _) = render(w, h, |a| code_scatter::draw(a, &input, &style));
        assert_clean_labels(&svg);
        assert!(svg.contains(">\n0\n</text>"), "the zero tick is labelled 0");
        preview(if scale == 1.0 { "code_scatter_zero_tick" } else { "code_scatter_zero_tick@2x" }, &svg);
    }

    // L1 vs L2 with λ = 0.01: panel (b)'s y axis is ±0.044 (plotters' tick at 0 is …e-18).
    assert!(plotters_ticks_are_noisy((-0.044, 0.044), 5));
    for (w, h) in [(900, 300), (354, 220), (470, 220)] {
        for scale in SCALES {
            let (w, h) = ((w as f64 * scale) as u32, (h as f64 * scale) as u32);
            let input = L1L2Input { lambda: 0.01, learning_rate: 10.0, start: 1.0, descent_steps: 40 };
            let (svg, _) = render(w, h, |a| l1_vs_l2::draw(a, &input, &Style::new(scale)));
            assert_clean_labels(&svg);
        }
    }

    // Bars of a 2-unit tanh code, ±0.02, on a narrow canvas.
    for scale in SCALES {
        let (w, h) = ((330.0 * scale) as u32, (200.0 * scale) as u32);
        let values = [0.028f32, -0.021];
        let input = RhoBarsInput { mode: BarsMode::None, values: &values, order: None, dead: &[], highlighted: None };
        let (svg, _) = render(w, h, |a| rho_bars::draw(a, &input, &Style::new(scale)));
        assert_clean_labels(&svg);
        assert_texts_inside(&svg, w, h);
        preview(if scale == 1.0 { "rho_bars_2_units_narrow" } else { "rho_bars_2_units_narrow@2x" }, &svg);
    }

    // Every chart's realistic preview, for good measure.
    let rho_hat = realistic_rho_hat();
    let input = KlCurveInput { rho: 0.05, beta: 3.0, rho_hat: &rho_hat, highlighted: Some(5) };
    assert_clean_labels(&render(SIZE.0, SIZE.1, |a| kl_curve::draw(a, &input, &Style::new(1.0))).0);
    let points = history(700, 4, true);
    let input = LossChartInput { points: &points, pca_reference: Some(0.045), highlighted: Some(250) };
    assert_clean_labels(&render(SIZE.0, SIZE.1, |a| loss_chart::draw(a, &input, &Style::new(1.0))).0);
}

/// The numeric labels under the plotting area (the x tick labels), with their x.
fn x_tick_labels(svg: &str, g: &PlotGeometry) -> Vec<(String, f64)> {
    texts(svg)
        .into_iter()
        .filter(|t| !t.rotated && t.y > g.y_pixels.1 && t.y < g.y_pixels.1 + 30.0 * t.size / 11.0)
        .filter(|t| t.s.trim_end_matches(['k', 'M']).parse::<f64>().is_ok())
        .map(|t| (t.s, t.x))
        .collect()
}

#[test]
fn step_and_unit_axes_have_integer_ticks() {
    // Two steps: 0, 1, 2 — never 0.5 or 1.5.
    let two: Vec<HistoryPoint> = (1..=2)
        .map(|step| HistoryPoint {
            step,
            loss: LossTerms { reconstruction: 30.0, sparsity: 2.0, weight_decay: 1.5, total: 33.5 },
        })
        .collect();
    for points in [&two[..], &two[..1], &history(3, 1, true)[..], &history(700, 4, true)[..]] {
        for scale in SCALES {
            let (w, h) = sized(scale);
            let input = LossChartInput { points, pca_reference: Some(20.0), highlighted: None };
            let (svg, g) = render(w, h, |a| loss_chart::draw(a, &input, &Style::new(scale)));
            let labels = x_tick_labels(&svg, &g);
            assert!(labels.len() >= 2, "{labels:?}");
            for (s, x) in &labels {
                let v: f64 = s.parse().unwrap_or_else(|_| panic!("step label {s}"));
                assert_eq!(v.fract(), 0.0, "integer step ticks only: {labels:?}");
                assert!((g.pixel_x(v) - x).abs() <= 1.5, "label {s} at its step");
            }
        }
    }

    // Bars: ticks under the middle of their bars, unit numbers only.
    for n in [1usize, 2, 5, 16, 196, 1024] {
        let values: Vec<f32> = (0..n).map(|i| 0.01 + (i % 7) as f32 * 0.01).collect();
        for scale in SCALES {
            for (w, h) in [sized(scale), ((330.0 * scale) as u32, (200.0 * scale) as u32)] {
                let input = RhoBarsInput {
                    mode: BarsMode::Kl { rho: 0.05 },
                    values: &values,
                    order: None,
                    dead: &[],
                    highlighted: None,
                };
                let (svg, g) = render(w, h, |a| rho_bars::draw(a, &input, &Style::new(scale)));
                let labels = x_tick_labels(&svg, &g);
                assert!(!labels.is_empty(), "{n} units: some unit labels");
                for (s, x) in &labels {
                    let u: f64 = s.parse().unwrap_or_else(|_| panic!("unit label {s}"));
                    assert!(u.fract() == 0.0 && u >= 0.0 && u < n as f64, "{n} units: label {s}");
                    assert!((g.pixel_x(u + 0.5) - x).abs() <= 1.5, "{n} units: label {s} under the middle of its bar");
                    if (g.x_pixels.1 - g.x_pixels.0) / n as f64 >= 3.0 {
                        assert_eq!(rho_bars::unit_at(&input, &g, *x), Some(u as usize), "hover at the label");
                    }
                }
                // Labels do not run into each other.
                let ts: Vec<SvgText> =
                    texts(&svg).into_iter().filter(|t| labels.iter().any(|(s, x)| *s == t.s && *x == t.x)).collect();
                for pair in ts.windows(2) {
                    assert!(pair[0].rect().2 < pair[1].rect().0, "{n} units: {:?} overlaps {:?}", pair[0], pair[1]);
                }
            }
        }
    }
    // Sorted bars show positions, not units: no unit labels.
    let values = [0.1f32, 0.3, 0.2];
    let order = [1usize, 2, 0];
    let input =
        RhoBarsInput { mode: BarsMode::None, values: &values, order: Some(&order), dead: &[], highlighted: None };
    let (svg, g) = render(SIZE.0, SIZE.1, |a| rho_bars::draw(a, &input, &Style::new(1.0)));
    assert!(x_tick_labels(&svg, &g).is_empty());
}

#[test]
fn kl_curve_fills_its_chart_and_notes_leave_the_grid_visible() {
    let k = |rho: f64, x: f64| 3.0 * sae_playground::objective::kl::kl_divergence(rho, x.clamp(1e-6, 1.0 - 1e-6));
    // The embedded page's state: ρ = 0.05, β = 3, every unit near ρ̂ = 0.19.
    let near: Vec<f32> = (0..16).map(|j| 0.18 + 0.002 * j as f32).collect();
    // Saturated units (ρ̂ = 1, pinned to the top) need the whole axis.
    let saturated = [0.05f32, 0.2, 1.0];
    for scale in SCALES {
        let style = Style::new(scale);
        let (w, h) = ((600.0 * scale) as u32, (260.0 * scale) as u32);
        let input = KlCurveInput { rho: 0.05, beta: 3.0, rho_hat: &near, highlighted: None };
        let (svg, g) = render(w, h, |a| kl_curve::draw(a, &input, &style));
        assert_sane(&g, w, h);
        let (x0, x1) = g.x_range;
        assert!(x0 == 0.0 && x1 <= 0.8, "x range {:?}", g.x_range);
        assert!(k(0.05, x1) >= 0.9 * g.y_range.1, "the curve reaches the top at the right end");
        assert!(near.iter().all(|&r| (x0..=x1).contains(&(r as f64))), "every dot on the chart");
        // The curve spans the chart: its polyline's rightmost point is near the right edge.
        let curve = polylines(&svg, sae_playground::render::style::categorical(0));
        let right = curve.iter().flatten().map(|p| p.0).fold(0.0, f64::max);
        assert!(right >= g.x_pixels.1 - 0.12 * (g.x_pixels.1 - g.x_pixels.0), "curve ends at {right}");
        // No note hides the grid: no paper box at all without a highlighted unit.
        assert!(paper_boxes(&svg, w, h).is_empty(), "boxes {:?}", paper_boxes(&svg, w, h));
        assert!(svg.contains("&lt; 0: pushes ρ̂ up") || svg.contains("< 0: pushes ρ̂ up"));
        assert_clean_labels(&svg);
        assert_texts_inside(&svg, w, h);
        // With a highlighted unit, its note's box is translucent.
        let input = KlCurveInput { highlighted: Some(3), ..input };
        let (svg, _) = render(w, h, |a| kl_curve::draw(a, &input, &style));
        let boxes = paper_boxes(&svg, w, h);
        assert!(!boxes.is_empty() && boxes.iter().all(|&o| o <= 0.6), "translucent boxes {boxes:?}");
        assert_texts_inside(&svg, w, h);

        let input = KlCurveInput { rho: 0.05, beta: 3.0, rho_hat: &saturated, highlighted: None };
        let (svg, g) = render(w, h, |a| kl_curve::draw(a, &input, &style));
        assert_eq!(g.x_range, (0.0, 1.0));
        assert!(k(0.05, 1.0) > g.y_range.1, "the saturated unit is above the top…");
        let hollow = polylines(&svg, sae_playground::render::style::categorical(1)).len() + count(&svg, "circle");
        assert!(hollow >= 3, "…and still drawn (pinned)");
        // A large ρ: the left end comes in too.
        let input = KlCurveInput { rho: 0.9, beta: 1.0, rho_hat: &[0.85, 0.95], highlighted: None };
        let (_, g) = render(w, h, |a| kl_curve::draw(a, &input, &style));
        assert!(g.x_range.0 > 0.0 && g.x_range.1 == 1.0, "x range {:?}", g.x_range);
        // It comes in at the top within the first tenth of the axis.
        let kb = |x: f64| sae_playground::objective::kl::kl_divergence(0.9, x);
        assert!(kb(g.x_range.0) >= g.y_range.1 && kb(g.x_range.0 + 0.1) < g.y_range.1, "{:?}", g);
    }
    // Hover still finds the dots on the adapted axis.
    let input = KlCurveInput { rho: 0.05, beta: 3.0, rho_hat: &near, highlighted: None };
    let (_, g) = render(600, 260, |a| kl_curve::draw(a, &input, &Style::new(1.0)));
    let j = 7;
    let x = near[j] as f64;
    let found = kl_curve::nearest_unit(&input, &g, g.pixel_x(x), pixel_y(&g, k(0.05, x))).expect("a dot");
    assert!((near[found] - near[j]).abs() < 0.003);
}

#[test]
fn l1_vs_l2_degrades_gracefully_on_narrow_canvases() {
    // Phone (≈ 350 CSS px wide, 220 tall), a narrower one, a narrow and tall one, and the desktop.
    for (css_w, css_h) in [(354.0, 220.0), (300.0, 220.0), (354.0, 440.0), (470.0, 220.0), (900.0, 300.0)] {
        for scale in SCALES {
            let style = Style::new(scale);
            let (w, h) = ((css_w * scale) as u32, (css_h * scale) as u32);
            let input = L1L2Input { lambda: 0.01, learning_rate: 10.0, start: 1.0, descent_steps: 40 };
            let (svg, g) = render(w, h, |a| l1_vs_l2::draw(a, &input, &style));
            assert_sane(&g, w, h);
            assert_clean_labels(&svg);
            assert_texts_inside(&svg, w, h);
            let all = texts(&svg);
            for panel in ["(a", "(b", "(c"] {
                assert!(all.iter().any(|t| t.s.starts_with(panel)), "{css_w}×{css_h}: caption {panel}");
            }
            assert!(all.iter().any(|t| t.s.starts_with("w = 0")), "{css_w}×{css_h}: landing note");
            // One legend for all panels, under them: it covers no curve.
            let legend: Vec<&SvgText> = all.iter().filter(|t| t.s.starts_with("L1") || t.s.starts_with("L2")).collect();
            assert_eq!(legend.len(), 2, "{css_w}×{css_h}: {legend:?}");
            for t in &legend {
                assert!(t.rect().1 > g.y_pixels.1, "{css_w}×{css_h}: legend below the plots");
            }
            // Captions and legend entries do not overlap one another.
            let big: Vec<&SvgText> = all.iter().filter(|t| !t.rotated && t.s.chars().count() > 3).collect();
            for (i, a) in big.iter().enumerate() {
                for b in &big[i + 1..] {
                    let (ra, rb) = (a.rect(), b.rect());
                    let overlap = ra.0 < rb.2 && rb.0 < ra.2 && ra.1 < rb.3 && rb.1 < ra.3;
                    assert!(!overlap, "{css_w}×{css_h}: {a:?} overlaps {b:?}");
                }
            }
            // No legend box inside the plots any more.
            assert!(paper_boxes(&svg, w, h).iter().all(|&o| o <= 0.6));
            if scale == 1.0 && css_w < 400.0 && css_h < 300.0 {
                preview(&format!("l1_vs_l2_{}px", css_w as u32), &svg);
            }
            if scale == 2.0 && css_w == 354.0 {
                preview(&format!("l1_vs_l2_{}x{}@2x", css_w as u32, css_h as u32), &svg);
            }
        }
    }
}

#[test]
fn loss_chart_pca_label_avoids_the_lines() {
    // The MNIST preset's history: weight decay rises to meet PCA's line at the right end.
    let mut r = lcg(31);
    let points: Vec<HistoryPoint> = (1..=152)
        .map(|step| {
            let t = step as f64;
            let reconstruction = 25.0 + 200.0 * (-t / 8.0).exp() + 2.0 * r();
            let sparsity = if step < 20 { 100.0 * (-t / 4.0).exp() } else { 0.8 + 2.0 * r() };
            let weight_decay = 0.8 + 1.8 * t / 152.0;
            let total = reconstruction + sparsity + weight_decay;
            HistoryPoint { step, loss: LossTerms { reconstruction, sparsity, weight_decay, total } }
        })
        .collect();
    for pca in [0.87, 2.6, 30.0] {
        for scale in SCALES {
            let (w, h) = ((470.0 * scale) as u32, (240.0 * scale) as u32);
            let input = LossChartInput { points: &points, pca_reference: Some(pca), highlighted: None };
            let (svg, _) = render(w, h, |a| loss_chart::draw(a, &input, &Style::new(scale)));
            let label = texts(&svg).into_iter().find(|t| t.s == "PCA").expect("PCA label");
            let boxed = label.rect();
            for c in [0, 1, 2, 6] {
                for line in polylines(&svg, sae_playground::render::style::categorical(c)) {
                    assert!(!crosses(&line, boxed), "PCA {pca} at {boxed:?} sits on series {c}");
                }
            }
            assert_texts_inside(&svg, w, h);
            if pca == 0.87 && scale == 1.0 {
                preview("loss_chart_mnist_pca", &svg);
            }
        }
    }
}

#[test]
fn every_chart_fits_a_phone() {
    // A phone's panel: about 354 CSS px wide, at scale 1 and 2; nothing runs off the canvas and no label
    // shows floating-point noise.
    let rho_hat = realistic_rho_hat();
    let points = history(700, 4, true);
    let (codes, classes, _) = clusters(500);
    let values: Vec<f32> = (0..196).map(|i| (i % 13) as f32 * 0.01).collect();
    let dead: Vec<bool> = (0..196).map(|i| i % 4 == 0).collect();
    let (layers, edges) = network();
    for scale in SCALES {
        let style = Style::new(scale);
        let px = |css: f64| (css * scale) as u32;
        let (w, h) = (px(354.0), px(260.0));
        let mut svgs: Vec<(&str, String)> = Vec::new();
        let input = KlCurveInput { rho: 0.05, beta: 3.0, rho_hat: &rho_hat, highlighted: Some(5) };
        svgs.push(("kl", render(w, h, |a| kl_curve::draw(a, &input, &style)).0));
        let input = LossChartInput { points: &points, pca_reference: Some(0.045), highlighted: Some(600) };
        svgs.push(("loss", render(w, h, |a| loss_chart::draw(a, &input, &style)).0));
        let input = RhoBarsInput {
            mode: BarsMode::Kl { rho: 0.1 },
            values: &values,
            order: None,
            dead: &dead,
            highlighted: Some(190),
        };
        svgs.push(("bars", render(w, px(200.0), |a| rho_bars::draw(a, &input, &style)).0));
        let input = DensityInput { density: &[0.01; 196], dead: &dead };
        svgs.push(("health", render(w, px(180.0), |a| density_histogram::draw(a, &input, &style)).0));
        let input = CodeScatterInput {
            points: &codes,
            colors: PointColors::Classes(&classes),
            x_label: "code PC 1",
            y_label: "code PC 2",
            selected: Some(3),
            total: None,
        };
        svgs.push(("code", render(w, h, |a| code_scatter::draw(a, &input, &style)).0));
        let input = NetworkInput { layers: &layers, edges: &edges, max_abs_weight: 1.0, code_layer: 2 };
        svgs.push(("network", render(w, px(250.0), |a| network_diagram::draw(a, &input, &style)).0));
        for (name, svg) in &svgs {
            let height = if *name == "bars" {
                px(200.0)
            } else if *name == "health" {
                px(180.0)
            } else if *name == "network" {
                px(250.0)
            } else {
                h
            };
            assert_clean_labels(svg);
            assert_texts_inside(svg, w, height);
            if scale == 1.0 {
                preview(&format!("phone_{name}"), svg);
            }
        }
    }
}
