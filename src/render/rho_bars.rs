//! One bar per code unit: how much each unit fires, against what the sparsity term asks for.
//!
//! - KL: ρ̂ⱼ (mean activation) with the target ρ as a horizontal line (the seed's KL section: ρ̂ⱼ is pulled
//!   towards ρ);
//! - L1: mean |a| per unit (the seed's λ Σ|aᵢ| penalty pushes these down);
//! - TopK: how often each unit is among the k kept, with the line at k / units (the average frequency);
//! - no penalty: mean activation.
//!
//! Dead units (never firing) sit on a grey band. Up to a thousand units still draw: bars are simple
//! rectangles at least one device pixel wide, with no gaps once they get thin.

use super::axis::{self, short, stroke, text, Frame};
use super::geometry::PlotGeometry;
use super::style::{self, Style, INK, PAPER};
use super::RenderResult;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// What the bars measure, and the line to compare them with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BarsMode {
    /// Values are ρ̂ per unit; the line is the target ρ.
    Kl { rho: f64 },
    /// Values are mean |a| per unit; λ is named in the caption.
    L1 { lambda: f64 },
    /// Values are the fraction of samples in which the unit is among the k kept; the line is k / units.
    TopK { k: usize },
    /// Values are mean activations.
    None,
}

/// What the bar chart shows.
#[derive(Clone, Copy, Debug)]
pub struct RhoBarsInput<'a> {
    pub mode: BarsMode,
    /// One value per unit; non-finite values draw no bar.
    pub values: &'a [f32],
    /// Display order (unit indices, e.g. sorted by value); invalid or repeated entries are skipped.
    /// `None` shows units in index order.
    pub order: Option<&'a [usize]>,
    /// Which units are dead (missing entries count as alive).
    pub dead: &'a [bool],
    /// Unit index (not display position) to emphasise.
    pub highlighted: Option<usize>,
}

/// Unit indices in display order.
fn display_order(input: &RhoBarsInput) -> Vec<usize> {
    let n = input.values.len();
    match input.order {
        Some(order) => {
            let mut seen = vec![false; n];
            order.iter().copied().filter(|&u| u < n && !std::mem::replace(&mut seen[u], true)).collect()
        }
        None => (0..n).collect(),
    }
}

/// The reference line (value, label), if the mode has one and it is drawable.
fn target(input: &RhoBarsInput) -> Option<(f64, String)> {
    let (v, name) = match input.mode {
        BarsMode::Kl { rho } => (rho, format!("ρ = {}", short(rho))),
        BarsMode::TopK { k } if !input.values.is_empty() => {
            let units = input.values.len();
            (k as f64 / units as f64, format!("k / units = {k}/{units}"))
        }
        _ => return None,
    };
    v.is_finite().then_some((v, name))
}

/// The caption: what the bars measure and how many units are dead, shortened to fit `room` pixels at
/// font size `size`.
fn caption(input: &RhoBarsInput, dead: usize, size: f64, room: i32) -> String {
    let (what, short_what) = match input.mode {
        BarsMode::Kl { .. } => ("mean activation ρ̂ per unit (KL)".to_string(), "ρ̂ per unit (KL)".to_string()),
        BarsMode::L1 { lambda } => {
            (format!("mean |a| per unit (L1, λ = {})", short(lambda)), format!("mean |a| (λ = {})", short(lambda)))
        }
        BarsMode::TopK { k } => (format!("firing frequency per unit (top-k, k = {k})"), format!("firing (k = {k})")),
        BarsMode::None => ("mean activation per unit".to_string(), "mean activation".to_string()),
    };
    let candidates = if dead > 0 {
        vec![
            format!("{what} · {dead} dead (grey)"),
            format!("{short_what} · {dead} dead (grey)"),
            format!("{short_what} · {dead} dead"),
            format!("{dead} dead"),
        ]
    } else {
        vec![what, short_what]
    };
    axis::fit(candidates, size, room)
}

fn y_desc(mode: &BarsMode) -> &'static str {
    match mode {
        BarsMode::Kl { .. } => "ρ̂",
        BarsMode::L1 { .. } => "mean |a|",
        BarsMode::TopK { .. } => "frequency",
        BarsMode::None => "mean a",
    }
}

/// The value range: zero, every finite value and the target line, with headroom.
fn y_range(input: &RhoBarsInput, line: Option<f64>) -> (f64, f64) {
    let finite = input.values.iter().map(|&v| v as f64).filter(|v| v.is_finite());
    let (lo, hi) = finite.chain(line).fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return (0.0, 1.0);
    }
    let lo = if lo < 0.0 { lo - 0.05 * span } else { 0.0 };
    (lo, hi + 0.12 * span)
}

/// Draws the bars; the geometry's x range is display positions 0..units (bar p spans [p, p + 1]).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &RhoBarsInput,
    style: &Style,
) -> RenderResult<PlotGeometry> {
    area.fill(&PAPER)?;
    let order = display_order(input);
    let n = order.len();
    let line = target(input);
    let xr = (0.0, n.max(1) as f64);
    let yr = y_range(input, line.as_ref().map(|l| l.0));
    let (w, h) = area.dim_in_pixel();
    if (w as i32) < style.px(120.0) || (h as i32) < style.px(80.0) {
        return Ok(axis::whole_area(area, xr, yr, false));
    }
    let is_dead = |u: usize| input.dead.get(u).copied().unwrap_or(false);
    let dead_count = (0..input.values.len()).filter(|&u| is_dead(u)).count();
    let label = style.label();
    let x_desc = if input.order.is_some() { "unit (sorted)" } else { "unit" };
    let frame = Frame::default();
    // Unit indices under the middle of their bars, whole numbers only; none when sorted (positions are
    // not units then).
    let plot_w = w as i32 - style.px(frame.left + frame.right + frame.y_area);
    let budget = axis::label_budget(plot_w, n.max(1).to_string().len(), label).min(6);
    let x_ticks = match input.order {
        Some(_) => Vec::new(),
        None => axis::integer_ticks(0.0, n as f64 - 1.0, budget).into_iter().map(|p| p + 0.5).collect(),
    };
    let mut chart = axis::builder(area, frame, style)
        .caption(caption(input, dead_count, style.caption(), w as i32 - style.px(8.0)), text(style.caption()))
        .build_cartesian_2d(axis::FixedTicks::new(xr, x_ticks), yr.0..yr.1)?;
    let y_ticks = axis::ticks_for(yr);
    axis::mesh_look(&mut chart.configure_mesh(), style, label)
        .disable_x_mesh()
        .y_labels(5)
        .x_desc(x_desc)
        .y_desc(y_desc(&input.mode))
        .x_label_formatter(&|v| axis::count_label(v - 0.5))
        .y_label_formatter(&y_ticks)
        .draw()?;
    let geometry = axis::geometry_of(&chart, xr, yr, false);
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let base = area.get_base_pixel();
    let rel = |(x, y): (i32, i32)| (x - base.0, y - base.1);
    let (top, bottom) = (ys.start, ys.end - 1);
    let column = |p: usize| {
        let left = geometry.pixel_x(p as f64).round() as i32;
        let right = (geometry.pixel_x((p + 1) as f64).round() as i32).max(left + 1);
        (left, right)
    };

    if n == 0 {
        axis::placeholder(area, "no units", ((xs.start + xs.end) / 2, (ys.start + ys.end) / 2), style)?;
    }

    // Dead units: grey bands, one per run of neighbours.
    let grey = style::categorical(9);
    let mut p = 0;
    while p < n {
        if !is_dead(order[p]) {
            p += 1;
            continue;
        }
        let start = p;
        while p < n && is_dead(order[p]) {
            p += 1;
        }
        let (left, _) = column(start);
        let (_, right) = column(p - 1);
        area.draw(&Rectangle::new([rel((left, top)), rel((right, bottom))], grey.mix(0.3).filled()))?;
    }

    // Bars, from the zero line; a one-pixel gap only while bars are wide.
    let bar_px = (xs.end - xs.start) as f64 / n.max(1) as f64;
    let gap = if bar_px >= style.px(6.0) as f64 { style.px(1.0).max(1) } else { 0 };
    let zero_y = chart.backend_coord(&(0.0, 0.0)).1;
    let alive = style::categorical(0);
    let highlighted = input.highlighted.filter(|&u| u < input.values.len());
    let mut highlight_column = None;
    for (p, &u) in order.iter().enumerate() {
        let v = input.values[u] as f64;
        let (left, right) = column(p);
        if Some(u) == highlighted {
            highlight_column = Some((left, right, v));
        }
        if !v.is_finite() {
            continue;
        }
        let y = chart.backend_coord(&(0.0, v)).1;
        let color = if Some(u) == highlighted {
            style::categorical(1)
        } else if is_dead(u) {
            grey
        } else {
            alive
        };
        let (y0, y1) = if y <= zero_y { (y, zero_y) } else { (zero_y, y) };
        let right = (right - gap).max(left + 1);
        area.draw(&Rectangle::new([rel((left, y0)), rel((right, y1.max(y0 + 1)))], color.filled()))?;
    }

    // The reference line, labelled at its right end.
    if let Some((v, name)) = &line {
        let dash = (style.px(6.0).max(1), style.px(4.0).max(1));
        chart.draw_series(DashedLineSeries::new(
            vec![(xr.0, *v), (xr.1, *v)],
            dash.0,
            dash.1,
            INK.stroke_width(stroke(style, 1.5)),
        ))?;
        let (px, py) = chart.backend_coord(&(xr.1, *v));
        let at = rel((px - style.px(4.0), py - style.px(4.0)));
        axis::note(area, name, at, (HPos::Right, VPos::Bottom), label, INK, true, style)?;
    }

    // The highlighted unit: outlined column and its value.
    if let (Some(u), Some((left, right, v))) = (highlighted, highlight_column) {
        let pad = style.px(1.0);
        area.draw(&Rectangle::new(
            [rel((left - pad, top)), rel((right + pad, bottom))],
            INK.stroke_width(stroke(style, 1.0)),
        ))?;
        let note = format!("unit {u}: {}{}", short(v), if is_dead(u) { " (dead)" } else { "" });
        let on_right = left < (xs.start + xs.end) / 2;
        let (x, anchor) =
            if on_right { (right + style.px(4.0), HPos::Left) } else { (left - style.px(4.0), HPos::Right) };
        let at = rel((x, top + style.px(4.0)));
        axis::note(area, &note, at, (anchor, VPos::Top), label, INK, true, style)?;
    }
    Ok(geometry)
}

/// The unit under device pixel column `x_px` (through the display order), if inside the plotting area.
pub fn unit_at(input: &RhoBarsInput, geometry: &PlotGeometry, x_px: f64) -> Option<usize> {
    if !(x_px >= geometry.x_pixels.0 && x_px <= geometry.x_pixels.1) {
        return None;
    }
    let order = display_order(input);
    let p = geometry.data_x(x_px).floor();
    if !p.is_finite() || order.is_empty() {
        return None;
    }
    order.get((p.max(0.0) as usize).min(order.len() - 1)).copied()
}
