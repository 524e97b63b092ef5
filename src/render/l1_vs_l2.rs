//! Why L1 gives exact zeros and L2 does not: the seed's Fig 09 argument in three side-by-side panels.
//!
//! (a) the penalties λ|w| and λw² over w ∈ [−2, 2]; (b) their derivatives λ·sign(w) (a jump at 0, where the
//! subgradient is 0) and 2λw; (c) one weight descending from `start` under each penalty alone: L1 moves it
//! by the same η·λ every step and lands exactly on 0 after finitely many steps, L2's step shrinks with w so
//! it only approaches 0. The page animates (c) by raising `descent_steps` up to [`MAX_DESCENT_STEPS`]; (c)'s
//! axes depend only on λ, η and the start, so they stay put while it animates.
//!
//! L1 is the same colour in every panel and so is L2, so one legend serves all three: a strip under the
//! panels, where it covers no curve. On a narrow canvas (a phone, under [`NARROW`] CSS px) fonts, margins
//! and tick counts shrink, captions and the legend drop their details to fit, and a canvas that is also
//! tall enough ([`TWO_ROWS_HEIGHT`]) gets two rows: (a) and (b) above, (c) below.

use super::axis::{self, short, stroke, text, Frame};
use super::geometry::PlotGeometry;
use super::style::{self, Style, INK, PAPER};
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
/// Below this width (CSS px) the figure is drawn compact.
pub const NARROW: f64 = 520.0;
/// A narrow canvas at least this tall (CSS px) gets two rows of panels.
pub const TWO_ROWS_HEIGHT: f64 = 380.0;

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

/// The weight under L1 and under L2 at every step of panel (c)'s descent (0..=[`MAX_DESCENT_STEPS`]),
/// as drawn.
pub fn descent_paths(input: &L1L2Input) -> (Vec<f64>, Vec<f64>) {
    let (lambda, eta, start) = params(input);
    paths(lambda, eta, start)
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

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Sizes of the normal and the compact (narrow canvas) layout, CSS px.
#[derive(Clone, Copy, Debug)]
struct Look {
    label: f64,
    caption: f64,
    frame: Frame,
    /// Height of the legend strip under the panels.
    legend: f64,
}

impl Look {
    fn new(compact: bool) -> Look {
        if compact {
            let frame = Frame { left: 2.0, right: 6.0, top: 2.0, bottom: 2.0, y_area: 34.0, x_area: 30.0 };
            Look { label: 9.5, caption: 11.0, frame, legend: 16.0 }
        } else {
            let frame = Frame { left: 4.0, right: 12.0, top: 2.0, bottom: 4.0, y_area: 44.0, x_area: 36.0 };
            Look { label: 11.0, caption: 13.0, frame, legend: 18.0 }
        }
    }
}

/// One panel's frame: caption (the first of `captions` that fits), axes with labels.
fn panel<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    captions: Vec<String>,
    x: (f64, f64),
    y: (f64, f64),
    (x_desc, y_desc): (&str, &str),
    look: &Look,
    style: &Style,
) -> RenderResult<Chart<'a, DB>> {
    let (label, caption) = (style.font_size(look.label), style.font_size(look.caption));
    let (w, _) = area.dim_in_pixel();
    let caption = axis::fit(captions, caption, w as i32 - style.px(4.0));
    let mut chart = axis::builder(area, look.frame, style)
        .caption(caption, text(style.font_size(look.caption)))
        .build_cartesian_2d(x.0..x.1, y.0..y.1)?;
    let plot_w = w as i32 - style.px(look.frame.left + look.frame.right + look.frame.y_area);
    let x_labels = axis::label_budget(plot_w, 2, label).clamp(3, 5);
    let (x_ticks, y_ticks) = (axis::ticks_for(x), axis::ticks_for(y));
    axis::mesh_look(&mut chart.configure_mesh(), style, label)
        .x_labels(x_labels)
        .y_labels(5)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(&x_ticks)
        .y_label_formatter(&y_ticks)
        .draw()?;
    Ok(chart)
}

/// A horizontal zero line across a panel.
fn zero_line<DB: DrawingBackend>(chart: &mut Chart<DB>, x: (f64, f64), style: &Style) -> RenderResult<()> {
    chart.draw_series(LineSeries::new(vec![(x.0, 0.0), (x.1, 0.0)], INK.mix(0.5).stroke_width(stroke(style, 1.0))))?;
    Ok(())
}

/// The shared legend, centred in `area`: a swatch and a name per entry, the first set of names that fits.
fn legend_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    variants: &[[(RGBColor, String); 3]],
    size: f64,
    style: &Style,
) -> RenderResult<()> {
    let (w, h) = area.dim_in_pixel();
    let swatch = style.px(16.0);
    let gap = style.px(6.0);
    let space = style.px(16.0);
    let width = |entries: &[(RGBColor, String)]| -> i32 {
        let shown = entries.iter().filter(|e| !e.1.is_empty());
        shown.clone().map(|(_, s)| swatch + gap + axis::text_size(s, size).0).sum::<i32>()
            + space * (shown.count() as i32 - 1).max(0)
    };
    let Some(entries) = variants.iter().find(|v| width(&v[..]) <= w as i32).or(variants.last()) else {
        return Ok(());
    };
    let mut x = (w as i32 - width(&entries[..])).max(0) / 2;
    let y = h as i32 / 2;
    for (color, name) in entries.iter().filter(|e| !e.1.is_empty()) {
        // A grey entry (the parameters) has no swatch.
        if *color != INK {
            area.draw(&PathElement::new(vec![(x, y), (x + swatch, y)], color.stroke_width(stroke(style, 2.0))))?;
            x += swatch + gap;
        }
        let font = text(size).pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(name.clone(), (x, y), font))?;
        x += axis::text_size(name, size).0 + space;
    }
    Ok(())
}

/// Draws the three panels (side by side, or two rows on a narrow, tall canvas) over the shared legend;
/// returns the geometry of panel (c), the descent.
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
        return Ok(axis::whole_area(area, c_x, c_y, false));
    }
    let (css_w, css_h) = (w as f64 / style.scale, h as f64 / style.scale);
    let compact = css_w < NARROW;
    let look = Look::new(compact);
    let (figure, strip) = area.split_vertically(h as i32 - style.px(look.legend));
    let panels: Vec<DrawingArea<DB, Shift>> = if compact && css_h >= TWO_ROWS_HEIGHT {
        let (upper, lower) = figure.split_vertically(figure.dim_in_pixel().1 as i32 / 2);
        let mut v = upper.split_evenly((1, 2));
        v.push(lower);
        v
    } else {
        figure.split_evenly((1, 3))
    };
    let (c1, c2) = (style::categorical(0), style::categorical(1));
    let line = |c: RGBColor| c.stroke_width(stroke(style, 2.0));
    let (lambda_text, eta_text) = (short(lambda), short(eta));
    // λ = 0 leaves nothing to show: give the axes a unit height.
    let unit = if lambda > 0.0 { lambda } else { 1.0 };

    // (a) Penalties.
    let a_x = (-W_MAX, W_MAX);
    let a_y = (-0.05 * 4.0 * unit, 1.08 * 4.0 * unit);
    let captions = vec![format!("(a) penalty, λ = {lambda_text}"), "(a) penalty".to_string(), "(a)".to_string()];
    let mut a = panel(&panels[0], captions, a_x, a_y, ("w", "penalty"), &look, style)?;
    let ws: Vec<f64> = (0..SAMPLES).map(|i| -W_MAX + 2.0 * W_MAX * i as f64 / (SAMPLES - 1) as f64).collect();
    a.draw_series(LineSeries::new(ws.iter().map(|&w| (w, l1_vs_l2::penalty(Shape::L1, w, lambda))), line(c1)))?;
    a.draw_series(LineSeries::new(ws.iter().map(|&w| (w, l1_vs_l2::penalty(Shape::L2, w, lambda))), line(c2)))?;

    // (b) Derivatives: λ·sign(w) jumps at 0 (open ends, the subgradient 0 as a dot), 2λw is a line.
    let b_y = (-1.1 * 4.0 * unit, 1.1 * 4.0 * unit);
    let captions = vec!["(b) derivative".to_string(), "(b) slope".to_string(), "(b)".to_string()];
    let y_desc = if compact { "d/dw" } else { "d penalty / dw" };
    let mut b = panel(&panels[1], captions, a_x, b_y, ("w", y_desc), &look, style)?;
    zero_line(&mut b, a_x, style)?;
    b.draw_series(LineSeries::new(vec![(-W_MAX, -lambda), (0.0, -lambda)], line(c1)))?;
    b.draw_series(LineSeries::new(vec![(0.0, lambda), (W_MAX, lambda)], line(c1)))?;
    let r = style.px(3.5).max(2);
    for y in [-lambda, lambda] {
        b.plotting_area().draw(&Circle::new((0.0, y), r, PAPER.filled()))?;
        b.plotting_area().draw(&Circle::new((0.0, y), r, c1.stroke_width(stroke(style, 1.5))))?;
    }
    b.plotting_area().draw(&Circle::new((0.0, 0.0), r, c1.filled()))?;
    b.draw_series(LineSeries::new(vec![(-W_MAX, -2.0 * W_MAX * lambda), (W_MAX, 2.0 * W_MAX * lambda)], line(c2)))?;

    // (c) Descent of one weight, fixed axes; the first `steps` steps.
    let steps = input.descent_steps.min(MAX_DESCENT_STEPS);
    let captions = vec![format!("(c) descent, η = {eta_text}"), "(c) descent".to_string(), "(c)".to_string()];
    let mut c = panel(&panels[2], captions, c_x, c_y, ("step", "w"), &look, style)?;
    let geometry = axis::geometry_of(&c, c_x, c_y, false);
    zero_line(&mut c, c_x, style)?;
    let base = area.get_base_pixel();
    for (path, color) in [(&l1_path, c1), (&l2_path, c2)] {
        let shown: Vec<(f64, f64)> = path[..=steps].iter().enumerate().map(|(i, &w)| (i as f64, w)).collect();
        for piece in axis::clip_polyline(&shown, c_y.0, c_y.1) {
            c.draw_series(LineSeries::new(piece, color.stroke_width(stroke(style, 1.5))))?;
        }
        let marker = style.px(2.5).max(1);
        c.draw_series(
            shown
                .iter()
                .filter(|(_, w)| w.is_finite() && (c_y.0..=c_y.1).contains(w))
                .map(|&p| Circle::new(p, marker, color.filled())),
        )?;
    }
    // Where L1 lands on exactly zero, once the animation has got there.
    if let Some(k) = l1_path[..=steps].iter().position(|&w| w == 0.0).filter(|&k| k > 0) {
        landing_note(&c, k, start, c1, style.font_size(look.label), style, base, area)?;
    }

    // The shared legend under the panels; the parameters join it when the captions had to drop them.
    let label = style.font_size(look.label);
    let shown_params = |panel: &DrawingArea<DB, Shift>, full: &str| {
        axis::text_size(full, style.font_size(look.caption)).0 <= panel.dim_in_pixel().0 as i32 - style.px(4.0)
    };
    let params_shown = shown_params(&panels[0], &format!("(a) penalty, λ = {lambda_text}"))
        && shown_params(&panels[2], &format!("(c) descent, η = {eta_text}"));
    let params = if params_shown { String::new() } else { format!("λ = {lambda_text}, η = {eta_text}") };
    let variants = [
        [(c1, "L1: λ|w|, slope λ·sign(w)".to_string()), (c2, "L2: λw², slope 2λw".to_string()), (INK, params.clone())],
        [(c1, "L1: λ|w|, λ·sign(w)".to_string()), (c2, "L2: λw², 2λw".to_string()), (INK, params.clone())],
        [(c1, "L1: λ|w|, λ·sign(w)".to_string()), (c2, "L2: λw², 2λw".to_string()), (INK, String::new())],
        [(c1, "L1 λ|w|".to_string()), (c2, "L2 λw², 2λw".to_string()), (INK, String::new())],
    ];
    legend_strip(&strip, &variants, label, style)?;
    Ok(geometry)
}

/// "w = 0 at step k" by L1's landing point in panel (c), with a leader line: beside the point on the side
/// where it fits in the plot, else on two lines, kept inside the plot.
#[allow(clippy::too_many_arguments)]
fn landing_note<DB: DrawingBackend>(
    c: &Chart<DB>,
    k: usize,
    start: f64,
    color: RGBColor,
    size: f64,
    style: &Style,
    base: (i32, i32),
    area: &DrawingArea<DB, Shift>,
) -> RenderResult<()> {
    let (px, py) = c.backend_coord(&(k as f64, 0.0));
    c.plotting_area().draw(&Circle::new(
        (k as f64, 0.0),
        style.px(5.0).max(2),
        color.stroke_width(stroke(style, 2.0)),
    ))?;
    let (xs, ys) = c.plotting_area().get_pixel_range();
    let dx = style.px(6.0);
    let width = |lines: &[String]| lines.iter().map(|l| axis::text_size(l, size).0).max().unwrap_or(0);
    // Right of the point while it is in the left two thirds, else left of it.
    let right = k < MAX_DESCENT_STEPS * 2 / 3;
    let beside = |lines: &[String], right: bool| {
        let tw = width(lines);
        if right {
            (px + dx + tw <= xs.end).then_some(px + dx)
        } else {
            (px - dx - tw >= xs.start).then_some(px - dx - tw)
        }
    };
    let one = vec![format!("w = 0 at step {k}")];
    let two = vec!["w = 0".to_string(), format!("at step {k}")];
    // The note's left edge: beside the point if one line fits on either side, else two lines beside it or
    // pushed inside the plot.
    let (lines, left) = match (beside(&one, right), beside(&one, !right)) {
        (Some(x), _) | (None, Some(x)) => (one, x),
        _ => {
            let tw = width(&two);
            let x = beside(&two, right).unwrap_or(if right { px + dx } else { px - dx - tw });
            let x = x.min(xs.end - tw).max(xs.start);
            (two, x)
        }
    };
    // Well above the axis when w came down from above (below it when it came up from below), where the
    // L2 path has already flattened out, with a leader line to the landing point; within the plot.
    let line_h = axis::text_size("0", size).1 + style.px(2.0);
    let block = line_h * lines.len() as i32;
    let lift = style.px(36.0).min((ys.end - ys.start) / 2 - block).max(style.px(8.0));
    let top = if start >= 0.0 { py - lift - block } else { py + lift };
    let near_x = px.clamp(left, left + width(&lines));
    let near_y = if start >= 0.0 { top + block } else { top };
    area.draw(&PathElement::new(
        vec![(px - base.0, py - base.1), (near_x - base.0, near_y - base.1)],
        color.stroke_width(stroke(style, 1.0)),
    ))?;
    for (i, line) in lines.iter().enumerate() {
        let at = (left - base.0, top + i as i32 * line_h - base.1);
        axis::note(area, line, at, (HPos::Left, VPos::Top), size, color, true, style)?;
    }
    Ok(())
}
