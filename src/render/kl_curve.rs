//! The KL sparsity penalty as a curve (the seed's Fig 10, there drawn for ρ = 0.2).
//!
//! Top panel: β·KL(ρ ‖ x) for x over (0, 1), zero at x = ρ (dashed line) and rising to infinity at both
//! ends, with one dot per code unit at (ρ̂ⱼ, β·KL(ρ ‖ ρ̂ⱼ)) riding on the curve: how much each unit pays.
//! Bottom panel (same x): the gradient β·(−ρ/x + (1 − ρ)/(1 − x)), negative left of ρ (a unit that fires
//! too rarely is pushed up) and positive right of it (one that fires too often is pushed down).
//!
//! Both curves go to infinity at the ends; the y axes are clipped so that the region around the minimum
//! stays readable, and dots above the top are pinned to it (drawn hollow). The x axis then shows the
//! useful part of (0, 1): up to where the curve leaves the top (and down to where it comes in, for a
//! large ρ), widened to hold every dot, in tenths, so that the curve and the dots fill the chart rather
//! than leaving an empty third beside a curve that has already left the top.
//!
//! Notes (ρ, what the gradient's sign means) are plain text in places the curves leave free, with no
//! box hiding the grid; only the hover note, which may sit over the curve, has a translucent one.

use super::axis::{self, short, stroke, text, Frame};
use super::geometry::PlotGeometry;
use super::style::{self, Style, INK, PAPER};
use super::RenderResult;
use crate::objective::kl;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// What the KL chart shows.
#[derive(Clone, Copy, Debug)]
pub struct KlCurveInput<'a> {
    /// Target firing probability ρ (clamped into (0, 1) for drawing).
    pub rho: f64,
    /// Penalty strength β.
    pub beta: f64,
    /// Each unit's mean activation ρ̂ⱼ; non-finite values are not drawn.
    pub rho_hat: &'a [f32],
    /// Unit to draw larger and outlined.
    pub highlighted: Option<usize>,
}

/// Samples of each curve (denser near 0 and 1).
const CURVE_SAMPLES: usize = 240;

/// The sanitised ρ and β the chart draws with.
fn params(input: &KlCurveInput) -> (f64, f64) {
    let rho = if input.rho.is_finite() { input.rho.clamp(1e-3, 1.0 - 1e-3) } else { 0.05 };
    let beta = if input.beta.is_finite() && input.beta >= 0.0 { input.beta } else { 1.0 };
    (rho, beta)
}

fn penalty(rho: f64, beta: f64, x: f64) -> f64 {
    beta * kl::kl_divergence(rho, kl::clamp_rho_hat(x))
}

fn gradient(rho: f64, beta: f64, x: f64) -> f64 {
    beta * kl::kl_derivative(rho, kl::clamp_rho_hat(x))
}

/// Where unit `j`'s dot sits in data coordinates (before pinning to the top), if its ρ̂ is finite.
fn dot(rho: f64, beta: f64, rho_hat: f32) -> Option<(f64, f64)> {
    if !rho_hat.is_finite() {
        return None;
    }
    let x = kl::clamp_rho_hat(rho_hat as f64);
    let y = penalty(rho, beta, x);
    y.is_finite().then_some((x, y))
}

/// The top of the penalty panel: enough for the dots (×1.2) and the curve's shape around the minimum,
/// at most three times that shape height, so that the minimum never shrinks to a flat line.
fn penalty_top(input: &KlCurveInput, rho: f64, beta: f64) -> f64 {
    let (left, right) = ((rho - 0.6).max(0.02), (rho + 0.6).min(0.98));
    let shape = penalty(rho, beta, left).max(penalty(rho, beta, right));
    let dots = input.rho_hat.iter().filter_map(|&r| dot(rho, beta, r)).map(|(_, y)| y).fold(0.0, f64::max);
    let top = (1.2 * dots).max(shape).min(3.0 * shape);
    if top.is_finite() && top > 0.0 {
        top
    } else {
        1.0
    }
}

/// Where the penalty reaches `level` on the branch from ρ towards `end` (0 or 1): the x nearest to ρ
/// with penalty ≥ `level`, or the clamped end if the branch stays below it. The penalty rises
/// monotonically away from ρ on both sides, so bisection finds it.
fn crossing(rho: f64, beta: f64, level: f64, end: f64) -> f64 {
    let far = kl::clamp_rho_hat(end);
    // (A NaN penalty counts as staying below.)
    if penalty(rho, beta, far).partial_cmp(&level) != Some(std::cmp::Ordering::Greater) {
        return far;
    }
    let (mut near, mut far) = (rho, far);
    for _ in 0..60 {
        let mid = 0.5 * (near + far);
        if penalty(rho, beta, mid) > level {
            far = mid;
        } else {
            near = mid;
        }
    }
    far
}

/// The x range: from where the curve comes in at the top to where it leaves it, widened to hold every
/// dot (with a little room) and at least ρ ± 0.1, rounded out to tenths within [0, 1].
fn x_range(input: &KlCurveInput, rho: f64, beta: f64, top: f64) -> (f64, f64) {
    let xs = || input.rho_hat.iter().filter_map(|&r| dot(rho, beta, r)).map(|(x, _)| x);
    let lo = crossing(rho, beta, top, 0.0).min(xs().fold(f64::INFINITY, f64::min) - 0.03).min(rho - 0.1);
    let hi = crossing(rho, beta, top, 1.0).max(xs().fold(f64::NEG_INFINITY, f64::max) + 0.03).max(rho + 0.1);
    // A hair of tolerance, so that a crossing at 0.6000001 does not add a whole tenth.
    let lo = ((lo * 10.0 + 1e-6).floor() / 10.0).clamp(0.0, 0.9);
    let hi = ((hi * 10.0 - 1e-6).ceil() / 10.0).clamp(lo + 0.1, 1.0);
    (lo, hi)
}

/// x samples over `range`, cosine-spaced over (0, 1) (dense near the ends where the curves blow up),
/// plus ρ and the ends of the range.
fn samples(rho: f64, range: (f64, f64)) -> Vec<f64> {
    let mut xs: Vec<f64> = (0..CURVE_SAMPLES)
        .map(|i| {
            let t = (i as f64 + 0.5) / CURVE_SAMPLES as f64;
            0.5 - 0.5 * (std::f64::consts::PI * t).cos()
        })
        .filter(|&x| x > range.0 && x < range.1)
        .collect();
    // The curves end where ρ̂ is clamped, so dots of saturated units (ρ̂ = 0 or 1) still sit on them.
    xs.insert(0, range.0.max(kl::RHO_HAT_EPSILON));
    xs.push(range.1.min(1.0 - kl::RHO_HAT_EPSILON));
    let at = xs.partition_point(|&x| x < rho);
    xs.insert(at, rho);
    xs
}

/// Draws the penalty panel over the gradient panel; returns the penalty panel's geometry (where the dots
/// are, for [`nearest_unit`]).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &KlCurveInput,
    style: &Style,
) -> RenderResult<PlotGeometry> {
    area.fill(&PAPER)?;
    let (w, h) = area.dim_in_pixel();
    let (rho, beta) = params(input);
    let y_top = penalty_top(input, rho, beta);
    let y_range = (-0.04 * y_top, y_top);
    let x_range = x_range(input, rho, beta, y_top);
    if (w as i32) < style.px(120.0) || (h as i32) < style.px(120.0) {
        return Ok(axis::whole_area(area, x_range, y_range, false));
    }

    let label = style.label();
    let curve_color = style::categorical(0);
    let dot_color = style::categorical(1);
    let (top, bottom) = area.split_vertically((h as f64 * 0.62).round() as i32);
    let base = area.get_base_pixel();

    // Penalty panel.
    let frame = Frame { top: 4.0, bottom: 6.0, x_area: 0.0, ..Frame::default() };
    let caption = axis::fit(
        vec![format!("KL penalty per unit  (β = {})", short(beta)), format!("KL penalty (β = {})", short(beta))],
        style.caption(),
        w as i32,
    );
    let mut chart = axis::builder(&top, frame, style)
        .caption(caption, text(style.caption()))
        .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)?;
    let y_ticks = axis::ticks_for(y_range);
    axis::mesh_look(&mut chart.configure_mesh(), style, label)
        .x_labels(6)
        .y_labels(5)
        .y_desc("β·KL(ρ‖ρ̂)")
        .y_label_formatter(&y_ticks)
        .draw()?;
    let geometry = axis::geometry_of(&chart, x_range, y_range, false);

    let xs = samples(rho, x_range);
    let curve: Vec<(f64, f64)> = xs.iter().map(|&x| (x, penalty(rho, beta, x))).collect();
    for piece in axis::clip_polyline(&curve, y_range.0, y_range.1) {
        chart.draw_series(LineSeries::new(piece, curve_color.stroke_width(stroke(style, 2.0))))?;
    }
    let dash = (style.px(5.0).max(1), style.px(4.0).max(1));
    let rho_line = INK.mix(0.7).stroke_width(stroke(style, 1.0));
    chart.draw_series(DashedLineSeries::new(vec![(rho, y_range.0), (rho, y_range.1)], dash.0, dash.1, rho_line))?;

    // ρ label beside the dashed line, on the side with room (the curve is low near ρ: plain text).
    let rho_text = format!("ρ = {}", short(rho));
    let (rx, ry) = chart.backend_coord(&(rho, y_range.1));
    let right_side = rho < x_range.0 + 0.75 * (x_range.1 - x_range.0);
    let (anchor, dx) = if right_side { (HPos::Left, style.px(4.0)) } else { (HPos::Right, -style.px(4.0)) };
    let at = (rx - base.0 + dx, ry - base.1 + style.px(3.0));
    axis::note(area, &rho_text, at, (anchor, VPos::Top), label, INK, false, style)?;
    let rho_box = axis::text_rect(&rho_text, (at.0 + base.0, at.1 + base.1), (anchor, VPos::Top), label);

    // One dot per unit; the highlighted one last, larger and outlined.
    let r = style.px(3.0).max(1);
    let dot_fill = dot_color.mix(0.75).filled();
    let dot_outline = dot_color.stroke_width(stroke(style, 1.0));
    let highlighted = input.highlighted.filter(|&j| j < input.rho_hat.len());
    for (j, &v) in input.rho_hat.iter().enumerate() {
        if Some(j) == highlighted {
            continue;
        }
        if let Some((x, y)) = dot(rho, beta, v) {
            if y > y_range.1 {
                chart.plotting_area().draw(&Circle::new((x, y_range.1), r, dot_outline))?;
            } else {
                chart.plotting_area().draw(&Circle::new((x, y), r, dot_fill))?;
            }
        }
    }
    if let Some(j) = highlighted {
        if let Some((x, y)) = dot(rho, beta, input.rho_hat[j]) {
            let at = (x, y.min(y_range.1));
            let big = style.px(6.0).max(2);
            chart.plotting_area().draw(&Circle::new(at, big, dot_color.filled()))?;
            chart.plotting_area().draw(&Circle::new(at, big, INK.stroke_width(stroke(style, 2.0))))?;
            // Top right, left of where the curve leaves the top and clear of the ρ label (shortened, or a
            // line lower, if it would cover it); a translucent box where it must overlap the curve.
            let (rj, pen) = (short(input.rho_hat[j] as f64), short(y));
            let notes = [format!("unit {j}: ρ̂ = {rj}, penalty {pen}"), format!("unit {j}: ρ̂ = {rj}")];
            let (gx, gy) = (geometry.x_pixels, geometry.y_pixels);
            let line_h = axis::text_size("0", label).1 + style.px(4.0);
            // The right end of the free space at the top, `rows` lines down.
            let free = |rows: i32| {
                let depth = (rows * line_h + style.px(4.0)) as f64 / (gy.1 - gy.0).max(1.0);
                let level = y_range.1 - depth * (y_range.1 - y_range.0);
                geometry.pixel_x(crossing(rho, beta, level, 1.0)).min(gx.1) as i32 - style.px(4.0)
            };
            let top = gy.0 as i32 + style.px(4.0);
            let clear = |note: &str, right: i32| {
                let r = axis::text_rect(note, (right, top), (HPos::Right, VPos::Top), label);
                r.0 > rho_box.2 + style.px(4.0) || r.2 < rho_box.0 - style.px(4.0)
            };
            let (note, at) = match notes.iter().find(|n| clear(n, free(1))) {
                Some(n) => (n.clone(), (free(1), top)),
                None => (notes[0].clone(), (free(2), rho_box.3 + style.px(4.0))),
            };
            let at = (at.0 - base.0, at.1 - base.1);
            axis::note(area, &note, at, (HPos::Right, VPos::Top), label, INK, true, style)?;
        }
    }

    // Gradient panel, sharing x; symmetric, scaled to the gradient where the penalty curve leaves the top
    // (so both curves leave their panels at about the same x).
    let (left, right) =
        (x_range.0.max((rho - 0.6).max(0.02)), crossing(rho, beta, y_top, 1.0).min(x_range.1).min(0.98));
    let g_scale = gradient(rho, beta, left).abs().max(gradient(rho, beta, right).abs());
    let g_top = if g_scale.is_finite() && g_scale > 0.0 { 1.1 * g_scale } else { 1.0 };
    let g_range = (-g_top, g_top);
    let frame = Frame { top: 4.0, x_area: 38.0, ..Frame::default() };
    let mut grad =
        axis::builder(&bottom, frame, style).build_cartesian_2d(x_range.0..x_range.1, g_range.0..g_range.1)?;
    let (x_ticks, g_ticks) = (axis::ticks_for(x_range), axis::ticks_for(g_range));
    axis::mesh_look(&mut grad.configure_mesh(), style, label)
        .x_labels(6)
        .y_labels(3)
        .x_desc("ρ̂ (unit's mean activation)")
        .y_desc("∂/∂ρ̂")
        .x_label_formatter(&x_ticks)
        .y_label_formatter(&g_ticks)
        .draw()?;
    let zero = INK.mix(0.5).stroke_width(stroke(style, 1.0));
    grad.draw_series(LineSeries::new(vec![(x_range.0, 0.0), (x_range.1, 0.0)], zero))?;
    grad.draw_series(DashedLineSeries::new(vec![(rho, g_range.0), (rho, g_range.1)], dash.0, dash.1, rho_line))?;
    let g_curve: Vec<(f64, f64)> = xs.iter().map(|&x| (x, gradient(rho, beta, x))).collect();
    let g_color = style::categorical(4);
    for piece in axis::clip_polyline(&g_curve, g_range.0, g_range.1) {
        grad.draw_series(LineSeries::new(piece, g_color.stroke_width(stroke(style, 2.0))))?;
    }
    if let Some(j) = highlighted {
        if let Some((x, _)) = dot(rho, beta, input.rho_hat[j]) {
            let g = gradient(rho, beta, x).clamp(g_range.0, g_range.1);
            if g.is_finite() {
                let big = style.px(5.0).max(2);
                grad.plotting_area().draw(&Circle::new((x, g), big, dot_color.filled()))?;
                grad.plotting_area().draw(&Circle::new((x, g), big, INK.stroke_width(stroke(style, 1.0))))?;
            }
        }
    }
    // What the sign means, as plain text in the corners the curve leaves free (top left: it is negative
    // there; bottom right: positive), so no box hides the grid.
    let small = style.font_size(10.0);
    let (lx, ly) = grad.backend_coord(&(x_range.0, g_range.1));
    let at = (lx - base.0 + style.px(4.0), ly - base.1 + style.px(3.0));
    axis::note(area, "> 0: pushes ρ̂ down", at, (HPos::Left, VPos::Top), small, INK, false, style)?;
    let (lx, ly) = grad.backend_coord(&(x_range.1, g_range.0));
    let at = (lx - base.0 - style.px(4.0), ly - base.1 - style.px(3.0));
    axis::note(area, "< 0: pushes ρ̂ up", at, (HPos::Right, VPos::Bottom), small, INK, false, style)?;

    Ok(geometry)
}

/// The unit whose dot is nearest to device pixel (`x_px`, `y_px`), when the pixel is inside the penalty
/// panel of `geometry` (what [`draw`] returned for the same input).
pub fn nearest_unit(input: &KlCurveInput, geometry: &PlotGeometry, x_px: f64, y_px: f64) -> Option<usize> {
    if !geometry.contains(x_px, y_px) {
        return None;
    }
    let (rho, beta) = params(input);
    let (y0, y1) = geometry.y_range;
    let (top, bottom) = geometry.y_pixels;
    let pixel_y = |y: f64| if y1 != y0 { bottom - (y.min(y1) - y0) / (y1 - y0) * (bottom - top) } else { bottom };
    input
        .rho_hat
        .iter()
        .enumerate()
        .filter_map(|(j, &r)| {
            let (x, y) = dot(rho, beta, r)?;
            let (dx, dy) = (geometry.pixel_x(x) - x_px, pixel_y(y) - y_px);
            let d = dx * dx + dy * dy;
            d.is_finite().then_some((j, d))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(j, _)| j)
}
