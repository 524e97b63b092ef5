//! Why L1 gives exact zeros and L2 does not: the seed's Fig 09 argument in three side-by-side panels.
//!
//! (a) the penalties λ|w| and λw² over w ∈ [−2, 2]; (b) their derivatives λ·sign(w) (a jump at 0, where the
//! subgradient is 0) and 2λw; (c) one weight descending from `start` under each penalty alone: L1 moves it
//! by the same η·λ every step and lands exactly on 0 after finitely many steps, L2's step shrinks with w so
//! it only approaches 0. The page animates (c) by raising `descent_steps` up to [`MAX_DESCENT_STEPS`]; (c)'s
//! axes depend only on λ, η and the start, so they stay put while it animates.

use super::geometry::PlotGeometry;
use super::style::{self, Style, GRID, INK, PAPER};
use super::RenderResult;
use crate::objective::l1_vs_l2::{self, Shape};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The most descent steps panel (c) shows (its x axis always spans 0..=MAX_DESCENT_STEPS).
pub const MAX_DESCENT_STEPS: usize = 40;

/// What the L1-vs-L2 figure shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct L1L2Input {
    /// Penalty strength λ.
    pub lambda: f64,
    /// Step size η of the descent in panel (c).
    pub learning_rate: f64,
    /// The weight's starting value w₀.
    pub start: f64,
    /// Steps drawn in panel (c), at most [`MAX_DESCENT_STEPS`].
    pub descent_steps: usize,
}

/// w range of panels (a) and (b).
const W_MAX: f64 = 2.0;
/// Samples of the L2 curves (the L1 ones are straight pieces).
const SAMPLES: usize = 81;

/// λ, η and w₀ made drawable: non-finite values fall back to the seed's 1, 0.1, 1.5; λ and η are made
/// non-negative (a negative η would be ascent, a negative λ a reward).
fn params(input: &L1L2Input) -> (f64, f64, f64) {
    let lambda = if input.lambda.is_finite() { input.lambda.abs() } else { 1.0 };
    let eta = if input.learning_rate.is_finite() { input.learning_rate.abs() } else { 0.1 };
    let start = if input.start.is_finite() { input.start } else { 1.5 };
    (lambda, eta, start)
}

/// The full descent paths (over MAX_DESCENT_STEPS steps) for L1 and L2.
fn paths(lambda: f64, eta: f64, start: f64) -> (Vec<f64>, Vec<f64>) {
    (
        l1_vs_l2::descent_path(Shape::L1, start, lambda, eta, MAX_DESCENT_STEPS),
        l1_vs_l2::descent_path(Shape::L2, start, lambda, eta, MAX_DESCENT_STEPS),
    )
}

/// Panel (c)'s fixed w range: everything both full paths visit, within ±4·|w₀| (a diverging L2 path,
/// 2ηλ > 2, is clipped rather than squashing the picture), padded.
fn descent_range(l1: &[f64], l2: &[f64], start: f64) -> (f64, f64) {
    let cap = 4.0 * start.abs();
    let (mut lo, mut hi) = (start.min(0.0), start.max(0.0));
    for &w in l1.iter().chain(l2) {
        if w.is_finite() {
            lo = lo.min(w.max(-cap));
            hi = hi.max(w.min(cap));
        }
    }
    if hi - lo <= 0.0 || !(hi - lo).is_finite() {
        return (-1.0, 1.0);
    }
    let pad = 0.08 * (hi - lo);
    (lo - pad, hi + pad)
}

/// A short number for labels: three significant digits, no trailing zeros.
fn short(v: f64) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let a = v.abs();
    if a == 0.0 {
        return "0".to_string();
    }
    if !(1e-3..1e4).contains(&a) {
        return format!("{v:.1e}");
    }
    let decimals = (2 - a.log10().floor() as i32).clamp(0, 6) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A text's size in device pixels, estimated (about 0.6 em per character): no measuring, which on wasm
/// would cost a DOM layout per call.
fn text_size(s: &str, size: f64) -> (i32, i32) {
    ((0.6 * size * s.chars().count() as f64).ceil() as i32, size.ceil() as i32)
}

fn text(size: f64) -> TextStyle<'static> {
    (style::FONT, size).into_font().color(&INK)
}

fn width(style: &Style, css: f64) -> u32 {
    style.px(css).max(1) as u32
}

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn geometry_of<DB: DrawingBackend>(chart: &Chart<DB>, x: (f64, f64), y: (f64, f64)) -> PlotGeometry {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    PlotGeometry {
        x_pixels: (xs.start as f64, (xs.end - 1).max(xs.start) as f64),
        y_pixels: (ys.start as f64, (ys.end - 1).max(ys.start) as f64),
        x_range: x,
        y_range: y,
        log_y: false,
    }
}

/// One panel's frame: caption, axes with labels.
fn panel<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    caption: &str,
    x: (f64, f64),
    y: (f64, f64),
    (x_desc, y_desc): (&str, &str),
    style: &Style,
) -> RenderResult<Chart<'a, DB>> {
    let label = style.label();
    let mut chart = ChartBuilder::on(area)
        .caption(caption, text(style.caption()))
        .margin_left(style.px(4.0))
        .margin_right(style.px(12.0))
        .margin_top(style.px(2.0))
        .margin_bottom(style.px(4.0))
        .y_label_area_size(style.px(44.0))
        .x_label_area_size(style.px(36.0))
        .build_cartesian_2d(x.0..x.1, y.0..y.1)?;
    chart
        .configure_mesh()
        .x_labels(5)
        .y_labels(5)
        .label_style(text(label))
        .axis_desc_style(text(label))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(&|v| short(*v))
        .y_label_formatter(&|v| short(*v))
        .bold_line_style(GRID.stroke_width(width(style, 1.0)))
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width(width(style, 1.0)))
        .set_all_tick_mark_size(style.px(4.0))
        .draw()?;
    Ok(chart)
}

fn legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    pos: SeriesLabelPosition,
    style: &Style,
) -> RenderResult<()> {
    chart
        .configure_series_labels()
        .position(pos)
        .label_font(text(style.label()))
        .margin(style.px(6.0))
        .legend_area_size(style.px(22.0))
        .border_style(GRID)
        .background_style(PAPER.mix(0.9))
        .draw()?;
    Ok(())
}

/// A horizontal zero line across a panel.
fn zero_line<DB: DrawingBackend>(chart: &mut Chart<DB>, x: (f64, f64), style: &Style) -> RenderResult<()> {
    chart.draw_series(LineSeries::new(vec![(x.0, 0.0), (x.1, 0.0)], INK.mix(0.5).stroke_width(width(style, 1.0))))?;
    Ok(())
}

/// Draws the three panels side by side; returns the geometry of panel (c), the descent.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &L1L2Input,
    style: &Style,
) -> RenderResult<PlotGeometry> {
    area.fill(&PAPER)?;
    let (lambda, eta, start) = params(input);
    let (l1_path, l2_path) = paths(lambda, eta, start);
    let c_x = (0.0, MAX_DESCENT_STEPS as f64);
    let c_y = descent_range(&l1_path, &l2_path, start);
    let (w, h) = area.dim_in_pixel();
    if (w as i32) < style.px(240.0) || (h as i32) < style.px(110.0) {
        let (x0, y0) = area.get_base_pixel();
        return Ok(PlotGeometry {
            x_pixels: (x0 as f64, x0 as f64 + w.max(1) as f64 - 1.0),
            y_pixels: (y0 as f64, y0 as f64 + h.max(1) as f64 - 1.0),
            x_range: c_x,
            y_range: c_y,
            log_y: false,
        });
    }
    let panels = area.split_evenly((1, 3));
    let (c1, c2) = (style::categorical(0), style::categorical(1));
    let line = |c: RGBColor| c.stroke_width(width(style, 2.0));
    let swatch = style.px(16.0);
    let lambda_text = short(lambda);
    // λ = 0 leaves nothing to show: give the axes a unit height.
    let unit = if lambda > 0.0 { lambda } else { 1.0 };

    // (a) Penalties.
    let a_x = (-W_MAX, W_MAX);
    let a_y = (-0.05 * 4.0 * unit, 1.08 * 4.0 * unit);
    let mut a = panel(&panels[0], &format!("(a) penalty, λ = {lambda_text}"), a_x, a_y, ("w", "penalty"), style)?;
    let ws: Vec<f64> = (0..SAMPLES).map(|i| -W_MAX + 2.0 * W_MAX * i as f64 / (SAMPLES - 1) as f64).collect();
    a.draw_series(LineSeries::new(ws.iter().map(|&w| (w, l1_vs_l2::penalty(Shape::L1, w, lambda))), line(c1)))?
        .label("L1: λ|w|")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + swatch, y)], c1.stroke_width(2)));
    a.draw_series(LineSeries::new(ws.iter().map(|&w| (w, l1_vs_l2::penalty(Shape::L2, w, lambda))), line(c2)))?
        .label("L2: λw²")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + swatch, y)], c2.stroke_width(2)));
    legend(&mut a, SeriesLabelPosition::UpperMiddle, style)?;

    // (b) Derivatives: λ·sign(w) jumps at 0 (open ends, the subgradient 0 as a dot), 2λw is a line.
    let b_y = (-1.1 * 4.0 * unit, 1.1 * 4.0 * unit);
    let mut b = panel(&panels[1], "(b) derivative", a_x, b_y, ("w", "d penalty / dw"), style)?;
    zero_line(&mut b, a_x, style)?;
    b.draw_series(LineSeries::new(vec![(-W_MAX, -lambda), (0.0, -lambda)], line(c1)))?
        .label("λ·sign(w)")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + swatch, y)], c1.stroke_width(2)));
    b.draw_series(LineSeries::new(vec![(0.0, lambda), (W_MAX, lambda)], line(c1)))?;
    let r = style.px(3.5).max(2);
    for y in [-lambda, lambda] {
        b.plotting_area().draw(&Circle::new((0.0, y), r, PAPER.filled()))?;
        b.plotting_area().draw(&Circle::new((0.0, y), r, c1.stroke_width(width(style, 1.5))))?;
    }
    b.plotting_area().draw(&Circle::new((0.0, 0.0), r, c1.filled()))?;
    b.draw_series(LineSeries::new(vec![(-W_MAX, -2.0 * W_MAX * lambda), (W_MAX, 2.0 * W_MAX * lambda)], line(c2)))?
        .label("2λw")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + swatch, y)], c2.stroke_width(2)));
    legend(&mut b, SeriesLabelPosition::UpperLeft, style)?;

    // (c) Descent of one weight, fixed axes; the first `steps` steps.
    let steps = input.descent_steps.min(MAX_DESCENT_STEPS);
    let mut c = panel(&panels[2], &format!("(c) descent, η = {}", short(eta)), c_x, c_y, ("step", "w"), style)?;
    let geometry = geometry_of(&c, c_x, c_y);
    zero_line(&mut c, c_x, style)?;
    let base = area.get_base_pixel();
    for (path, color, name) in [(&l1_path, c1, "L1"), (&l2_path, c2, "L2")] {
        let shown: Vec<(f64, f64)> = path[..=steps].iter().enumerate().map(|(i, &w)| (i as f64, w)).collect();
        for piece in clip_polyline(&shown, c_y.0, c_y.1) {
            c.draw_series(LineSeries::new(piece, color.stroke_width(width(style, 1.5))))?;
        }
        let marker = style.px(2.5).max(1);
        c.draw_series(
            shown
                .iter()
                .filter(|(_, w)| w.is_finite() && (c_y.0..=c_y.1).contains(w))
                .map(|&p| Circle::new(p, marker, color.filled())),
        )?
        .label(name)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + swatch, y)], color.stroke_width(2)));
    }
    // Where L1 lands on exactly zero, once the animation has got there.
    if let Some(k) = l1_path[..=steps].iter().position(|&w| w == 0.0).filter(|&k| k > 0) {
        let (px, py) = c.backend_coord(&(k as f64, 0.0));
        c.plotting_area().draw(&Circle::new(
            (k as f64, 0.0),
            style.px(5.0).max(2),
            c1.stroke_width(width(style, 2.0)),
        ))?;
        let (anchor, dx) =
            if k < MAX_DESCENT_STEPS * 2 / 3 { (HPos::Left, style.px(6.0)) } else { (HPos::Right, -style.px(6.0)) };
        // Well above the axis when w came down from above (below it when it came up from below), where the
        // L2 path has already flattened out, with a leader line to the landing point.
        let lift = style.px(36.0);
        let (v, ty) = if start >= 0.0 { (VPos::Bottom, py - lift) } else { (VPos::Top, py + lift) };
        let tx = px + dx;
        area.draw(&PathElement::new(
            vec![(px - base.0, py - base.1), (tx - base.0, ty - base.1)],
            c1.stroke_width(width(style, 1.0)),
        ))?;
        let note = format!("w = 0 at step {k}");
        let font = text(style.label()).color(&c1).pos(Pos::new(anchor, v));
        let (tw, th) = text_size(&note, style.label());
        let left = if matches!(anchor, HPos::Left) { tx } else { tx - tw };
        let top = if matches!(v, VPos::Bottom) { ty - th } else { ty };
        let pad = style.px(2.0);
        area.draw(&Rectangle::new(
            [(left - base.0 - pad, top - base.1 - pad), (left - base.0 + tw + pad, top - base.1 + th + pad)],
            PAPER.mix(0.9).filled(),
        ))?;
        area.draw(&Text::new(note, (tx - base.0, ty - base.1), font))?;
    }
    legend(
        &mut c,
        if start >= 0.0 { SeriesLabelPosition::UpperRight } else { SeriesLabelPosition::LowerRight },
        style,
    )?;
    Ok(geometry)
}

/// The part of segment a→b with y inside [lo, hi], if any.
fn clip_segment(a: (f64, f64), b: (f64, f64), lo: f64, hi: f64) -> Option<((f64, f64), (f64, f64))> {
    if ![a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite()) {
        return None;
    }
    let dy = b.1 - a.1;
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    if dy == 0.0 {
        if a.1 < lo || a.1 > hi {
            return None;
        }
    } else {
        let (ta, tb) = ((lo - a.1) / dy, (hi - a.1) / dy);
        t0 = t0.max(ta.min(tb));
        t1 = t1.min(ta.max(tb));
        if t0 > t1 {
            return None;
        }
    }
    let at = |t: f64| (a.0 + t * (b.0 - a.0), a.1 + t * dy);
    Some((at(t0), at(t1)))
}

/// A polyline cut into the pieces that stay inside y ∈ [lo, hi].
fn clip_polyline(points: &[(f64, f64)], lo: f64, hi: f64) -> Vec<Vec<(f64, f64)>> {
    let mut pieces = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for pair in points.windows(2) {
        match clip_segment(pair[0], pair[1], lo, hi) {
            Some((p, q)) => {
                if current.last() != Some(&p) {
                    if !current.is_empty() {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current.push(p);
                }
                current.push(q);
            }
            None => {
                if !current.is_empty() {
                    pieces.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}
