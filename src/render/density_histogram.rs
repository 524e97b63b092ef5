//! Sparsity health, as SAE dashboards show it: a histogram of each unit's firing density (the fraction of
//! samples on which it is active) on a log₁₀ axis from 10⁻⁵ to 1, with a separate bar on the left for the
//! dead units (the trainer's verdict: no firing in the last [`DEAD_WINDOW_SAMPLES`] samples). A healthy
//! sparse code is one hump well left of 0 and a short "dead" bar; a hump at 0 is a dense code, a tall
//! "dead" bar a collapsed one.
//!
//! The firing density is an exponential moving average: a dead unit's density decays towards 0 without
//! reaching it, so "dead" comes from the trainer's flags, not from the density being 0 (which would say
//! "0 dead" next to the bars chart's "150 dead"). Dead units are left out of the log bins; a live unit
//! whose density is 0 (it has not fired yet, but not for long enough to count as dead) falls in the first
//! bin, with every density below 10⁻⁵.

use super::axis::{self, stroke, text, Frame};
use super::geometry::PlotGeometry;
use super::style::{self, Style, INK, PAPER};
use super::RenderResult;
use crate::trainer::sparsity_stats::DEAD_WINDOW_SAMPLES;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What the histogram shows.
#[derive(Clone, Copy, Debug)]
pub struct DensityInput<'a> {
    /// Firing fraction per unit in [0, 1]; non-finite and negative values are skipped (unless dead).
    pub density: &'a [f32],
    /// Which units are dead (the trainer's flags); missing entries count as alive.
    pub dead: &'a [bool],
}

/// Bins over log₁₀ density in [LOG_MIN, 0].
pub const BINS: usize = 25;
/// The left edge of the bins: densities below 10⁻⁵ (but not 0) fall in the first bin.
pub const LOG_MIN: f64 = -5.0;
/// Where the "dead" bar sits on the x axis (left of the bins, with a gap).
const NEVER: (f64, f64) = (-6.0, -5.4);
const X_RANGE: (f64, f64) = (-6.2, 0.1);

/// A bin under the mouse.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DensityBin {
    /// The dead units' bar.
    Never,
    /// Bin `index` covering densities 10^lo ..= 10^hi.
    Range { index: usize, lo: f64, hi: f64 },
}

/// How many units are dead (`dead[j]`, missing entries alive), and how many live units fall in each
/// log₁₀ bin (a live unit's density of 0, or below 10⁻⁵, counts in the first bin; above 1 in the last;
/// non-finite or negative densities are skipped).
pub fn bin_counts(density: &[f32], dead: &[bool]) -> (usize, [usize; BINS]) {
    let mut dead_count = 0;
    let mut bins = [0; BINS];
    for (j, &d) in density.iter().enumerate() {
        if dead.get(j).copied().unwrap_or(false) {
            dead_count += 1;
            continue;
        }
        let d = d as f64;
        if !d.is_finite() || d < 0.0 {
            continue;
        }
        let t = if d > 0.0 { (d.log10().clamp(LOG_MIN, 0.0) - LOG_MIN) / -LOG_MIN } else { 0.0 };
        bins[((t * BINS as f64) as usize).min(BINS - 1)] += 1;
    }
    (dead_count, bins)
}

fn bin_edges(index: usize) -> (f64, f64) {
    let w = -LOG_MIN / BINS as f64;
    (LOG_MIN + index as f64 * w, LOG_MIN + (index + 1) as f64 * w)
}

/// Draws the histogram; the geometry's x range is log₁₀ density (the "never" bar sits at −6 to −5.4).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &DensityInput,
    style: &Style,
) -> RenderResult<PlotGeometry> {
    area.fill(&PAPER)?;
    let (never, bins) = bin_counts(input.density, input.dead);
    let tallest = bins.iter().copied().max().unwrap_or(0).max(never);
    let yr = (0.0, (tallest as f64 * 1.15).max(1.0));
    let (w, h) = area.dim_in_pixel();
    if (w as i32) < style.px(140.0) || (h as i32) < style.px(80.0) {
        return Ok(axis::whole_area(area, X_RANGE, yr, false));
    }
    let label = style.label();
    let units = input.density.len();
    let window = axis::thousands(DEAD_WINDOW_SAMPLES);
    let caption = axis::fit(
        vec![
            format!("firing density ({units} units, {never} dead: no firing in {window} samples)"),
            format!("firing density ({units} units, {never} dead)"),
            format!("{units} units, {never} dead"),
        ],
        style.caption(),
        w as i32 - style.px(8.0),
    );
    let frame = Frame { y_area: 48.0, ..Frame::default() };
    // Counts are whole numbers: integer ticks only.
    let plot_h = h as i32 - style.px(36.0 + 30.0);
    let y_ticks = axis::integer_ticks(0.0, yr.1, (plot_h / style.px(22.0)).clamp(2, 6) as usize);
    let mut chart = axis::builder(area, frame, style)
        .caption(caption, text(style.caption()))
        .build_cartesian_2d(X_RANGE.0..X_RANGE.1, axis::FixedTicks::new(yr, y_ticks))?;
    axis::mesh_look(&mut chart.configure_mesh(), style, label)
        .disable_x_mesh()
        .x_labels(0)
        .x_desc("log₁₀ firing density")
        .y_desc("units")
        .y_label_formatter(&|v| axis::count_label(*v))
        .draw()?;
    let geometry = axis::geometry_of(&chart, X_RANGE, yr, false);
    let (_, ys) = chart.plotting_area().get_pixel_range();
    let base = area.get_base_pixel();
    let rel = |(x, y): (i32, i32)| (x - base.0, y - base.1);

    // Own x ticks: −5 … 0 under the bins, "dead" under its bar.
    let bottom = ys.end - 1;
    let tick = style.px(4.0);
    let font = text(label).pos(Pos::new(HPos::Center, VPos::Top));
    for e in -5..=0 {
        let (x, _) = chart.backend_coord(&(e as f64, 0.0));
        area.draw(&PathElement::new(
            vec![rel((x, bottom)), rel((x, bottom + tick))],
            INK.stroke_width(stroke(style, 1.0)),
        ))?;
        area.draw(&Text::new(format!("{e}"), rel((x, bottom + 2 * tick)), font.clone()))?;
    }
    let (nx, _) = chart.backend_coord(&((NEVER.0 + NEVER.1) / 2.0, 0.0));
    area.draw(&Text::new("dead", rel((nx, bottom + 2 * tick)), font))?;

    // Bars as plain rectangles, a hair apart.
    let gap = style.px(1.0).max(1);
    let bar = |lo: f64, hi: f64, count: usize| {
        let (x0, y0) = chart.backend_coord(&(lo, count as f64));
        let (x1, y1) = chart.backend_coord(&(hi, 0.0));
        [rel((x0, y0.min(y1 - 1))), rel(((x1 - gap).max(x0 + 1), y1))]
    };
    let fill = style::categorical(0);
    for (i, &c) in bins.iter().enumerate() {
        if c > 0 {
            let (lo, hi) = bin_edges(i);
            area.draw(&Rectangle::new(bar(lo, hi, c), fill.filled()))?;
        }
    }
    // Grey, as the bars chart shows dead units.
    if never > 0 {
        area.draw(&Rectangle::new(bar(NEVER.0, NEVER.1, never), style::categorical(9).filled()))?;
    }
    // The count over the dead bar (the number that matters most).
    let (tx, ty) = chart.backend_coord(&((NEVER.0 + NEVER.1) / 2.0, never as f64));
    area.draw(&Text::new(
        format!("{never}"),
        rel((tx, ty - style.px(3.0))),
        text(label).pos(Pos::new(HPos::Center, VPos::Bottom)),
    ))?;
    if units == 0 {
        axis::placeholder(area, "no units", chart.backend_coord(&(-2.5, yr.1 / 2.0)), style)?;
    }
    Ok(geometry)
}

/// The bin under device pixel column `x_px`, if any.
pub fn bin_at(geometry: &PlotGeometry, x_px: f64) -> Option<DensityBin> {
    if !(x_px >= geometry.x_pixels.0 && x_px <= geometry.x_pixels.1) {
        return None;
    }
    let x = geometry.data_x(x_px);
    if (NEVER.0..=NEVER.1).contains(&x) {
        return Some(DensityBin::Never);
    }
    if !(LOG_MIN..=0.0).contains(&x) {
        return None;
    }
    let index = (((x - LOG_MIN) / -LOG_MIN * BINS as f64) as usize).min(BINS - 1);
    let (lo, hi) = bin_edges(index);
    Some(DensityBin::Range { index, lo, hi })
}
