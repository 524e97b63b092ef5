//! The KL sparsity penalty as a curve (the seed's Fig 10, there drawn for ρ = 0.2).
//!
//! Top panel: β·KL(ρ ‖ x) for x over (0, 1), zero at x = ρ (dashed line) and rising to infinity at both
//! ends, with one dot per code unit at (ρ̂ⱼ, β·KL(ρ ‖ ρ̂ⱼ)) riding on the curve: how much each unit pays.
//! Bottom panel (same x): the gradient β·(−ρ/x + (1 − ρ)/(1 − x)), negative left of ρ (a unit that fires
//! too rarely is pushed up) and positive right of it (one that fires too often is pushed down).
//!
//! Both curves go to infinity at the ends; the y axes are clipped so that the region around the minimum
//! stays readable, and dots above the top are pinned to it (drawn hollow).

use super::geometry::PlotGeometry;
use super::style::{self, Style, GRID, INK, PAPER};
use super::RenderResult;
use crate::objective::kl;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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

/// x samples over (0, 1), cosine-spaced (dense near the ends where the curves blow up), plus ρ itself.
fn samples(rho: f64) -> Vec<f64> {
    let mut xs: Vec<f64> = (0..CURVE_SAMPLES)
        .map(|i| {
            let t = (i as f64 + 0.5) / CURVE_SAMPLES as f64;
            0.5 - 0.5 * (std::f64::consts::PI * t).cos()
        })
        .collect();
    // The curves end where ρ̂ is clamped, so dots of saturated units (ρ̂ = 0 or 1) still sit on them.
    xs.insert(0, kl::RHO_HAT_EPSILON);
    xs.push(1.0 - kl::RHO_HAT_EPSILON);
    let at = xs.partition_point(|&x| x < rho);
    xs.insert(at, rho);
    xs
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

/// A polyline cut into the pieces that stay inside y ∈ [lo, hi] (no lines drawn outside the plot).
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

/// Text on a translucent paper box, so it stays readable over curves and grid lines.
fn boxed_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    (x, y): (i32, i32),
    h: HPos,
    v: VPos,
    size: f64,
    style: &Style,
) -> RenderResult<()> {
    let font = text(size).pos(Pos::new(h, v));
    let (tw, th) = text_size(s, size);
    let left = match h {
        HPos::Left => x,
        HPos::Center => x - tw / 2,
        HPos::Right => x - tw,
    };
    let top = match v {
        VPos::Top => y,
        VPos::Center => y - th / 2,
        VPos::Bottom => y - th,
    };
    let pad = style.px(2.0);
    area.draw(&Rectangle::new([(left - pad, top - pad), (left + tw + pad, top + th + pad)], PAPER.mix(0.85).filled()))?;
    area.draw(&Text::new(s, (x, y), font))?;
    Ok(())
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
    let x_range = (0.0, 1.0);
    if (w as i32) < style.px(120.0) || (h as i32) < style.px(120.0) {
        let (x0, y0) = area.get_base_pixel();
        return Ok(PlotGeometry {
            x_pixels: (x0 as f64, x0 as f64 + w.max(1) as f64 - 1.0),
            y_pixels: (y0 as f64, y0 as f64 + h.max(1) as f64 - 1.0),
            x_range,
            y_range,
            log_y: false,
        });
    }

    let label = style.label();
    let curve_color = style::categorical(0);
    let dot_color = style::categorical(1);
    let y_area = style.px(52.0);
    let (top, bottom) = area.split_vertically((h as f64 * 0.62).round() as i32);

    // Penalty panel.
    let mut chart = ChartBuilder::on(&top)
        .caption(format!("KL penalty per unit  (β = {})", short(beta)), text(style.caption()))
        .margin_left(style.px(6.0))
        .margin_right(style.px(14.0))
        .margin_top(style.px(4.0))
        .margin_bottom(style.px(6.0))
        .y_label_area_size(y_area)
        .x_label_area_size(0)
        .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)?;
    chart
        .configure_mesh()
        .x_labels(6)
        .y_labels(5)
        .label_style(text(label))
        .axis_desc_style(text(label))
        .y_desc("β·KL(ρ‖ρ̂)")
        .y_label_formatter(&|v| short(*v))
        .bold_line_style(GRID.stroke_width(width(style, 1.0)))
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width(width(style, 1.0)))
        .set_all_tick_mark_size(style.px(4.0))
        .draw()?;
    let geometry = geometry_of(&chart, x_range, y_range);

    let xs = samples(rho);
    let curve: Vec<(f64, f64)> = xs.iter().map(|&x| (x, penalty(rho, beta, x))).collect();
    for piece in clip_polyline(&curve, y_range.0, y_range.1) {
        chart.draw_series(LineSeries::new(piece, curve_color.stroke_width(width(style, 2.0))))?;
    }
    let dash = (style.px(5.0).max(1), style.px(4.0).max(1));
    let rho_line = INK.mix(0.7).stroke_width(width(style, 1.0));
    chart.draw_series(DashedLineSeries::new(vec![(rho, y_range.0), (rho, y_range.1)], dash.0, dash.1, rho_line))?;

    // ρ label beside the dashed line, on whichever side has room.
    let rho_text = format!("ρ = {}", short(rho));
    let (rx, ry) = chart.backend_coord(&(rho, y_range.1));
    let base = area.get_base_pixel();
    let (anchor, dx) = if rho < 0.75 { (HPos::Left, style.px(4.0)) } else { (HPos::Right, -style.px(4.0)) };
    boxed_text(area, &rho_text, (rx - base.0 + dx, ry - base.1 + style.px(3.0)), anchor, VPos::Top, label, style)?;

    // One dot per unit; the highlighted one last, larger and outlined.
    let r = style.px(3.0).max(1);
    let dot_fill = dot_color.mix(0.75).filled();
    let dot_outline = dot_color.stroke_width(width(style, 1.0));
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
            chart.plotting_area().draw(&Circle::new(at, big, INK.stroke_width(width(style, 2.0))))?;
            let note = format!("unit {j}: ρ̂ = {}, penalty {}", short(input.rho_hat[j] as f64), short(y));
            let (cx, cy) = chart.backend_coord(&(1.0, y_range.1));
            boxed_text(
                area,
                &note,
                (cx - base.0 - style.px(4.0), cy - base.1 + style.px(4.0)),
                HPos::Right,
                VPos::Top,
                label,
                style,
            )?;
        }
    }

    // Gradient panel, sharing x.
    let g_scale =
        gradient(rho, beta, (rho - 0.6).max(0.02)).abs().max(gradient(rho, beta, (rho + 0.6).min(0.98)).abs());
    let g_top = if g_scale.is_finite() && g_scale > 0.0 { 1.1 * g_scale } else { 1.0 };
    let g_range = (-g_top, g_top);
    let mut grad = ChartBuilder::on(&bottom)
        .margin_left(style.px(6.0))
        .margin_right(style.px(14.0))
        .margin_top(style.px(4.0))
        .margin_bottom(style.px(4.0))
        .y_label_area_size(y_area)
        .x_label_area_size(style.px(38.0))
        .build_cartesian_2d(x_range.0..x_range.1, g_range.0..g_range.1)?;
    grad.configure_mesh()
        .x_labels(6)
        .y_labels(3)
        .label_style(text(label))
        .axis_desc_style(text(label))
        .x_desc("ρ̂ (unit's mean activation)")
        .y_desc("∂/∂ρ̂")
        .x_label_formatter(&|v| short(*v))
        .y_label_formatter(&|v| short(*v))
        .bold_line_style(GRID.stroke_width(width(style, 1.0)))
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width(width(style, 1.0)))
        .set_all_tick_mark_size(style.px(4.0))
        .draw()?;
    grad.draw_series(LineSeries::new(vec![(0.0, 0.0), (1.0, 0.0)], INK.mix(0.5).stroke_width(width(style, 1.0))))?;
    grad.draw_series(DashedLineSeries::new(vec![(rho, g_range.0), (rho, g_range.1)], dash.0, dash.1, rho_line))?;
    let g_curve: Vec<(f64, f64)> = xs.iter().map(|&x| (x, gradient(rho, beta, x))).collect();
    let g_color = style::categorical(4);
    for piece in clip_polyline(&g_curve, g_range.0, g_range.1) {
        grad.draw_series(LineSeries::new(piece, g_color.stroke_width(width(style, 2.0))))?;
    }
    if let Some(j) = highlighted {
        if let Some((x, _)) = dot(rho, beta, input.rho_hat[j]) {
            let g = gradient(rho, beta, x).clamp(g_range.0, g_range.1);
            if g.is_finite() {
                grad.plotting_area().draw(&Circle::new((x, g), style.px(5.0).max(2), dot_color.filled()))?;
                grad.plotting_area().draw(&Circle::new(
                    (x, g),
                    style.px(5.0).max(2),
                    INK.stroke_width(width(style, 1.0)),
                ))?;
            }
        }
    }
    // What the sign means, in the corners the curve leaves free (top left: it is negative there; bottom
    // right: positive).
    let small = style.font_size(10.0);
    let (lx, ly) = grad.backend_coord(&(0.0, g_range.1));
    let at = (lx - base.0 + style.px(4.0), ly - base.1 + style.px(3.0));
    boxed_text(area, "> 0: pushes ρ̂ down", at, HPos::Left, VPos::Top, small, style)?;
    let (lx, ly) = grad.backend_coord(&(1.0, g_range.0));
    let at = (lx - base.0 - style.px(4.0), ly - base.1 - style.px(3.0));
    boxed_text(area, "< 0: pushes ρ̂ up", at, HPos::Right, VPos::Bottom, small, style)?;

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
