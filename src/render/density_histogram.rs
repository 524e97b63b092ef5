//! Sparsity health, as SAE dashboards show it: a histogram of each unit's firing density (the fraction of
//! samples on which it is active) on a log₁₀ axis from 10⁻⁵ to 1, with a separate bar on the left for the
//! units that never fire (dead). A healthy sparse code is one hump well left of 0 and a short "never" bar;
//! a hump at 0 is a dense code, a tall "never" bar a collapsed one.

use super::geometry::PlotGeometry;
use super::style::{self, Style, GRID, INK, PAPER};
use super::RenderResult;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What the histogram shows.
#[derive(Clone, Copy, Debug)]
pub struct DensityInput<'a> {
    /// Firing fraction per unit in [0, 1]; non-finite and negative values are skipped.
    pub density: &'a [f32],
}

/// Bins over log₁₀ density in [LOG_MIN, 0].
pub const BINS: usize = 25;
/// The left edge of the bins: densities below 10⁻⁵ (but not 0) fall in the first bin.
pub const LOG_MIN: f64 = -5.0;
/// Where the "never" bar sits on the x axis (left of the bins, with a gap).
const NEVER: (f64, f64) = (-6.0, -5.4);
const X_RANGE: (f64, f64) = (-6.2, 0.1);

/// A bin under the mouse.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DensityBin {
    /// Units that never fire.
    Never,
    /// Bin `index` covering densities 10^lo ..= 10^hi.
    Range { index: usize, lo: f64, hi: f64 },
}

/// How many units never fire, and how many fall in each log₁₀ bin.
pub fn bin_counts(density: &[f32]) -> (usize, [usize; BINS]) {
    let mut never = 0;
    let mut bins = [0; BINS];
    for &d in density {
        let d = d as f64;
        if !d.is_finite() || d < 0.0 {
            continue;
        }
        if d == 0.0 {
            never += 1;
            continue;
        }
        let t = (d.log10().clamp(LOG_MIN, 0.0) - LOG_MIN) / -LOG_MIN;
        bins[((t * BINS as f64) as usize).min(BINS - 1)] += 1;
    }
    (never, bins)
}

fn bin_edges(index: usize) -> (f64, f64) {
    let w = -LOG_MIN / BINS as f64;
    (LOG_MIN + index as f64 * w, LOG_MIN + (index + 1) as f64 * w)
}

fn text(size: f64) -> TextStyle<'static> {
    (style::FONT, size).into_font().color(&INK)
}

fn width(style: &Style, css: f64) -> u32 {
    style.px(css).max(1) as u32
}

/// Draws the histogram; the geometry's x range is log₁₀ density (the "never" bar sits at −6 to −5.4).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &DensityInput,
    style: &Style,
) -> RenderResult<PlotGeometry> {
    area.fill(&PAPER)?;
    let (never, bins) = bin_counts(input.density);
    let tallest = bins.iter().copied().max().unwrap_or(0).max(never);
    let yr = (0.0, (tallest as f64 * 1.15).max(1.0));
    let (w, h) = area.dim_in_pixel();
    if (w as i32) < style.px(140.0) || (h as i32) < style.px(80.0) {
        let (x0, y0) = area.get_base_pixel();
        return Ok(PlotGeometry {
            x_pixels: (x0 as f64, x0 as f64 + w.max(1) as f64 - 1.0),
            y_pixels: (y0 as f64, y0 as f64 + h.max(1) as f64 - 1.0),
            x_range: X_RANGE,
            y_range: yr,
            log_y: false,
        });
    }
    let label = style.label();
    let units = input.density.len();
    let mut chart = ChartBuilder::on(area)
        .caption(format!("firing density ({units} units, {never} never fire)"), text(style.caption()))
        .margin_left(style.px(6.0))
        .margin_right(style.px(14.0))
        .margin_top(style.px(2.0))
        .margin_bottom(style.px(4.0))
        .y_label_area_size(style.px(48.0))
        .x_label_area_size(style.px(36.0))
        .build_cartesian_2d(X_RANGE.0..X_RANGE.1, yr.0..yr.1)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(5)
        .label_style(text(label))
        .axis_desc_style(text(label))
        .x_desc("log₁₀ firing density")
        .y_desc("units")
        .y_label_formatter(&|v| if v.fract() == 0.0 { format!("{v:.0}") } else { String::new() })
        .bold_line_style(GRID.stroke_width(width(style, 1.0)))
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width(width(style, 1.0)))
        .set_all_tick_mark_size(style.px(4.0))
        .draw()?;
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let geometry = PlotGeometry {
        x_pixels: (xs.start as f64, (xs.end - 1).max(xs.start) as f64),
        y_pixels: (ys.start as f64, (ys.end - 1).max(ys.start) as f64),
        x_range: X_RANGE,
        y_range: yr,
        log_y: false,
    };
    let base = area.get_base_pixel();
    let rel = |(x, y): (i32, i32)| (x - base.0, y - base.1);

    // Own x ticks: −5 … 0 under the bins, "never" under its bar.
    let bottom = ys.end - 1;
    let tick = style.px(4.0);
    let font = text(label).pos(Pos::new(HPos::Center, VPos::Top));
    for e in -5..=0 {
        let (x, _) = chart.backend_coord(&(e as f64, 0.0));
        area.draw(&PathElement::new(
            vec![rel((x, bottom)), rel((x, bottom + tick))],
            INK.stroke_width(width(style, 1.0)),
        ))?;
        area.draw(&Text::new(format!("{e}"), rel((x, bottom + 2 * tick)), font.clone()))?;
    }
    let (nx, _) = chart.backend_coord(&((NEVER.0 + NEVER.1) / 2.0, 0.0));
    area.draw(&Text::new("never", rel((nx, bottom + 2 * tick)), font))?;

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
    let dead = style::categorical(2);
    if never > 0 {
        area.draw(&Rectangle::new(bar(NEVER.0, NEVER.1, never), dead.filled()))?;
    }
    // Counts over the never bar (the number that matters most).
    let (tx, ty) = chart.backend_coord(&((NEVER.0 + NEVER.1) / 2.0, never as f64));
    area.draw(&Text::new(
        format!("{never}"),
        rel((tx, ty - style.px(3.0))),
        text(label).color(&dead).pos(Pos::new(HPos::Center, VPos::Bottom)),
    ))?;
    if units == 0 {
        let (cx, cy) = chart.backend_coord(&(-2.5, yr.1 / 2.0));
        area.draw(&Text::new(
            "no units",
            rel((cx, cy)),
            text(style.font_size(13.0)).color(&INK.mix(0.6)).pos(Pos::new(HPos::Center, VPos::Center)),
        ))?;
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
