//! A 2-D scatter of codes (two code units, or the code projected on two directions), one small square
//! per sample, coloured by a continuous value (viridis, with a colour bar), by class (digit labels, with a
//! legend of the classes present) or plain. The selected sample is drawn large and outlined.

use super::axis::{self, short, stroke, text, Frame};
use super::geometry::PlotGeometry;
use super::style::{self, Style, INK, PAPER};
use super::RenderResult;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// How to colour the points.
#[derive(Clone, Copy, Debug)]
pub enum PointColors<'a> {
    /// One value per point, mapped through the sequential map between the data's min and max.
    Continuous(&'a [f32]),
    /// One class per point (digits 0..9), categorical colours.
    Classes(&'a [u8]),
    /// All one colour.
    Plain,
}

/// What the scatter shows.
#[derive(Clone, Copy, Debug)]
pub struct CodeScatterInput<'a> {
    /// Point coordinates; points with a non-finite coordinate are not drawn.
    pub points: &'a [[f32; 2]],
    pub colors: PointColors<'a>,
    pub x_label: &'a str,
    pub y_label: &'a str,
    /// Index of the point to draw large and outlined.
    pub selected: Option<usize>,
    /// How many codes there are when `points` is only some of them (a busy machine's lower detail).
    pub total: Option<usize>,
}

/// Hover radius of [`nearest_point`] in CSS pixels.
pub const HOVER_RADIUS: f64 = 8.0;

/// Min and max of the finite values, if any.
fn finite_range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values.filter(|v| v.is_finite()).fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// An axis range around `range` with 6% padding on both sides; a single value gets ±max(10% of it, 0.5),
/// no data gets [−1, 1].
fn padded(range: Option<(f64, f64)>) -> (f64, f64) {
    match range {
        None => (-1.0, 1.0),
        Some((lo, hi)) => {
            let span = hi - lo;
            if span.is_finite() && span > 0.0 {
                let pad = 0.06 * span;
                (lo - pad, hi + pad)
            } else {
                // (f32 coordinates cannot overflow the f64 span.)
                let pad = (0.1 * lo.abs()).max(0.5);
                (lo - pad, hi + pad)
            }
        }
    }
}

fn axis_ranges(points: &[[f32; 2]]) -> ((f64, f64), (f64, f64)) {
    let ok = |p: &&[f32; 2]| p[0].is_finite() && p[1].is_finite();
    let x = finite_range(points.iter().filter(ok).map(|p| p[0] as f64));
    let y = finite_range(points.iter().filter(ok).map(|p| p[1] as f64));
    (padded(x), padded(y))
}

/// Shades of the sequential map the points use: finer than the eye tells apart in a small square (the
/// colour bar has 24), and few enough that points of one shade are drawn together (one fill on a canvas).
const SHADES: f64 = 64.0;

fn quantised(t: f64) -> f64 {
    (t.clamp(0.0, 1.0) * (SHADES - 1.0)).round() / (SHADES - 1.0)
}

/// The colour of each point under `colors` (grey for missing or non-finite values).
fn colorer<'a>(colors: PointColors<'a>) -> impl Fn(usize) -> RGBColor + 'a {
    let range = match colors {
        PointColors::Continuous(v) => finite_range(v.iter().map(|&x| x as f64)),
        _ => None,
    };
    let missing = style::categorical(9);
    move |i: usize| match colors {
        PointColors::Continuous(values) => match (values.get(i).map(|&v| v as f64), range) {
            (Some(v), Some((lo, hi))) if v.is_finite() => {
                style::sequential(quantised(if hi > lo { (v - lo) / (hi - lo) } else { 0.5 }))
            }
            _ => missing,
        },
        PointColors::Classes(classes) => classes.get(i).map_or(missing, |&c| style::categorical(c as usize)),
        PointColors::Plain => style::categorical(0),
    }
}

/// Draws the scatter; returns the plotting area and the data ranges.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &CodeScatterInput,
    style: &Style,
) -> RenderResult<PlotGeometry> {
    area.fill(&PAPER)?;
    let (xr, yr) = axis_ranges(input.points);
    let (w, h) = area.dim_in_pixel();
    if (w as i32) < style.px(120.0) || (h as i32) < style.px(100.0) {
        return Ok(axis::whole_area(area, xr, yr, false));
    }
    let label = style.label();
    // The legend (classes) or colour bar (continuous) sits right of the plot.
    let side = match input.colors {
        PointColors::Plain => 14.0,
        PointColors::Classes(_) => 44.0,
        PointColors::Continuous(_) => 58.0,
    };
    let count = match input.total {
        Some(total) if total > input.points.len() => format!("{} of {total}", input.points.len()),
        _ => input.points.len().to_string(),
    };
    let caption = format!(
        "{count} codes{}",
        match input.colors {
            PointColors::Plain => "",
            PointColors::Classes(_) => " · colour = class",
            PointColors::Continuous(_) => " · colour = value",
        }
    );
    let frame = Frame { right: side, ..Frame::default() };
    let mut chart = axis::builder(area, frame, style)
        .caption(caption, text(style.caption()))
        .build_cartesian_2d(xr.0..xr.1, yr.0..yr.1)?;
    let (x_ticks, y_ticks) = (axis::ticks_for(xr), axis::ticks_for(yr));
    axis::mesh_look(&mut chart.configure_mesh(), style, label)
        .x_labels(6)
        .y_labels(6)
        .x_desc(input.x_label)
        .y_desc(input.y_label)
        .x_label_formatter(&x_ticks)
        .y_label_formatter(&y_ticks)
        .draw()?;
    let geometry = axis::geometry_of(&chart, xr, yr, false);
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let base = area.get_base_pixel();
    let rel = |(x, y): (i32, i32)| (x - base.0, y - base.1);

    // Points as small squares, centred in pixel units.
    let color_of = colorer(input.colors);
    let s = if input.points.len() > 3000 { style.px(1.0) } else { style.px(2.0) }.max(1);
    let alpha = if input.points.len() > 3000 { 0.6 } else { 0.85 };
    // Drawn shade by shade, so a canvas fills each shade once (see `SHADES`); where points overlap, the
    // later shade is on top.
    let mut shown: Vec<(RGBColor, [f32; 2])> = input
        .points
        .iter()
        .enumerate()
        .filter(|(_, p)| p[0].is_finite() && p[1].is_finite())
        .map(|(i, &p)| (color_of(i), p))
        .collect();
    shown.sort_by_key(|(c, _)| (c.0, c.1, c.2));
    chart.draw_series(shown.iter().map(|&(color, p)| {
        EmptyElement::at((p[0] as f64, p[1] as f64)) + Rectangle::new([(-s, -s), (s, s)], color.mix(alpha).filled())
    }))?;
    if input.points.is_empty() {
        axis::placeholder(area, "no points", ((xs.start + xs.end) / 2, (ys.start + ys.end) / 2), style)?;
    }

    // Classes: a legend of the classes present; continuous: a colour bar with its min and max.
    let lx = xs.end + style.px(10.0);
    match input.colors {
        PointColors::Classes(classes) => {
            let mut present = [false; 256];
            for (i, p) in input.points.iter().enumerate() {
                if let Some(&c) = classes.get(i) {
                    present[c as usize] |= p[0].is_finite() && p[1].is_finite();
                }
            }
            let row = style.px(16.0);
            let box_half = style.px(4.0);
            let shown: Vec<usize> = (0..256).filter(|&c| present[c]).take(16).collect();
            for (k, &c) in shown.iter().enumerate() {
                let y = ys.start + style.px(6.0) + k as i32 * row;
                area.draw(&Rectangle::new(
                    [rel((lx, y - box_half)), rel((lx + 2 * box_half, y + box_half))],
                    style::categorical(c).filled(),
                ))?;
                area.draw(&Text::new(
                    format!("{c}"),
                    rel((lx + 2 * box_half + style.px(5.0), y)),
                    text(label).pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
            }
        }
        PointColors::Continuous(values) => {
            if let Some((lo, hi)) = finite_range(values.iter().map(|&v| v as f64)) {
                let (top, bottom) =
                    (ys.start + style.px(14.0), (ys.start + style.px(130.0)).min(ys.end - style.px(14.0)));
                let steps = 24;
                let bar_w = style.px(10.0);
                for k in 0..steps {
                    let y0 = bottom - (bottom - top) * (k + 1) / steps;
                    let y1 = bottom - (bottom - top) * k / steps;
                    let t = (k as f64 + 0.5) / steps as f64;
                    area.draw(&Rectangle::new(
                        [rel((lx, y0)), rel((lx + bar_w, y1 + 1))],
                        style::sequential(t).filled(),
                    ))?;
                }
                let font = text(style.font_size(10.0));
                area.draw(&Text::new(
                    short(hi),
                    rel((lx, top - style.px(3.0))),
                    font.pos(Pos::new(HPos::Left, VPos::Bottom)),
                ))?;
                area.draw(&Text::new(
                    short(lo),
                    rel((lx, bottom + style.px(3.0))),
                    font.pos(Pos::new(HPos::Left, VPos::Top)),
                ))?;
            }
        }
        PointColors::Plain => {}
    }

    // The selected point: large, with a paper ring and an ink outline so it shows on any colour.
    if let Some(p) = input.selected.and_then(|i| input.points.get(i).map(|p| (i, p))) {
        let (i, p) = p;
        if p[0].is_finite() && p[1].is_finite() {
            let at = (p[0] as f64, p[1] as f64);
            let big = style.px(5.0).max(2);
            let ring = big + style.px(2.0).max(1);
            chart.draw_series(std::iter::once(
                EmptyElement::at(at)
                    + Rectangle::new([(-ring, -ring), (ring, ring)], PAPER.filled())
                    + Rectangle::new([(-big, -big), (big, big)], color_of(i).filled())
                    + Rectangle::new([(-ring, -ring), (ring, ring)], INK.stroke_width(stroke(style, 1.5))),
            ))?;
        }
    }
    Ok(geometry)
}

/// The point nearest to device pixel (`x_px`, `y_px`) within [`HOVER_RADIUS`] CSS pixels (scaled by
/// `style`), given the geometry [`draw`] returned.
pub fn nearest_point(
    input: &CodeScatterInput,
    geometry: &PlotGeometry,
    x_px: f64,
    y_px: f64,
    style: &Style,
) -> Option<usize> {
    let (top, bottom) = geometry.y_pixels;
    let (y0, y1) = geometry.y_range;
    let radius = HOVER_RADIUS * style.scale;
    input
        .points
        .iter()
        .enumerate()
        .filter(|(_, p)| p[0].is_finite() && p[1].is_finite())
        .filter_map(|(i, p)| {
            let px = geometry.pixel_x(p[0] as f64);
            let py = if y1 != y0 { bottom - (p[1] as f64 - y0) / (y1 - y0) * (bottom - top) } else { bottom };
            let d = (px - x_px).hypot(py - y_px);
            (d.is_finite() && d <= radius).then_some((i, d))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}
