//! Loss over training steps, log-scale: reconstruction, sparsity, weight decay and their total, with PCA's
//! reconstruction error at the same code size as a dashed reference line (the linear baseline the seed's
//! Fig 04 compares against: an autoencoder that cannot beat it has learnt nothing nonlinear).
//!
//! A term that is zero or non-finite at a point is skipped there (the line breaks); a term that is never
//! positive (no penalty, no weight decay) is not drawn and left out of the legend. Long histories are
//! decimated to keep the element count low (each bucket keeps its minimum and maximum, so spikes stay).

use super::axis::{self, stroke, text, text_rect, FixedTicks, Frame};
use super::geometry::PlotGeometry;
use super::style::{self, Style, GRID, INK, PAPER};
use super::RenderResult;
use crate::objective::LossTerms;
use crate::trainer::history::HistoryPoint;
use plotters::coord::combinators::LogCoord;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What the loss chart shows.
#[derive(Clone, Copy, Debug)]
pub struct LossChartInput<'a> {
    /// The history, in step order.
    pub points: &'a [HistoryPoint],
    /// PCA's reconstruction error at the same code size, if known.
    pub pca_reference: Option<f64>,
    /// Index into `points` to mark (hover).
    pub highlighted: Option<usize>,
}

/// Above this many points a series is decimated for drawing.
const MAX_DRAWN: usize = 400;
/// The y axis spans at most this many decades (below that, values are clipped).
const MAX_DECADES: f64 = 12.0;

/// One drawn loss term.
struct Series {
    name: &'static str,
    value: fn(&LossTerms) -> f64,
    color: usize,
    /// Line width, CSS px.
    width: f64,
}

/// The four series. Total first, so the thinner component lines stay visible on top of it when they
/// coincide.
const SERIES: [Series; 4] = [
    Series { name: "total", value: |t| t.total, color: 6, width: 2.5 },
    Series { name: "reconstruction", value: |t| t.reconstruction, color: 0, width: 1.5 },
    Series { name: "sparsity", value: |t| t.sparsity, color: 1, width: 1.5 },
    Series { name: "weight decay", value: |t| t.weight_decay, color: 2, width: 1.5 },
];

fn drawable(v: f64) -> bool {
    v.is_finite() && v > 0.0
}

/// One series as line pieces (broken where the value is not drawable or outside `lo..=hi`), decimated to
/// at most about [`MAX_DRAWN`] points by keeping each bucket's minimum and maximum in step order.
fn series_pieces(points: &[HistoryPoint], get: fn(&LossTerms) -> f64, lo: f64, hi: f64) -> Vec<Vec<(f64, f64)>> {
    let ok = |v: f64| drawable(v) && v >= lo && v <= hi;
    let mut pieces = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    let bucket = if points.len() > MAX_DRAWN { points.len().div_ceil(MAX_DRAWN / 2) } else { 1 };
    for chunk in points.chunks(bucket) {
        let mut min: Option<(usize, f64)> = None;
        let mut max: Option<(usize, f64)> = None;
        for (i, p) in chunk.iter().enumerate() {
            let v = get(&p.loss);
            if !ok(v) {
                continue;
            }
            if min.is_none_or(|(_, m)| v < m) {
                min = Some((i, v));
            }
            if max.is_none_or(|(_, m)| v > m) {
                max = Some((i, v));
            }
        }
        match (min, max) {
            (Some(a), Some(b)) => {
                let (first, second) = if a.0 <= b.0 { (a, b) } else { (b, a) };
                current.push((chunk[first.0].step as f64, first.1));
                if second.0 != first.0 {
                    current.push((chunk[second.0].step as f64, second.1));
                }
            }
            _ => {
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

/// The x range: 0 to the last step (at least 1).
fn x_range(points: &[HistoryPoint]) -> (f64, f64) {
    match points.iter().map(|p| p.step).max() {
        Some(last) => (0.0, (last as f64).max(1.0)),
        None => (0.0, 100.0),
    }
}

/// The y range: whole decades around every drawable value and the PCA line, at most MAX_DECADES.
fn y_range(points: &[HistoryPoint], pca: Option<f64>) -> (f64, f64) {
    let values = points.iter().flat_map(|p| SERIES.iter().map(move |s| (s.value)(&p.loss))).chain(pca);
    let (lo, hi) = values.filter(|&v| drawable(v)).fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !(lo.is_finite() && hi.is_finite() && lo > 0.0) {
        return (1e-3, 1.0);
    }
    let top = hi.log10().ceil().min(300.0);
    let mut bottom = lo.log10().floor().max(-300.0);
    if bottom >= top {
        bottom = top - 1.0;
    }
    bottom = bottom.max(top - MAX_DECADES);
    // A hair beyond the decades, so that rounding in plotters' tick search still labels both ends.
    (10f64.powf(bottom) * (1.0 - 1e-9), 10f64.powf(top) * (1.0 + 1e-9))
}

/// Tick labels of the log axis: 0.01, 0.1, 1, 10, 100, 1e3, …
fn log_label(v: f64) -> String {
    if !(v.is_finite() && v > 0.0) {
        return String::new();
    }
    if (1e-3..1e3).contains(&v) {
        let decimals = (-v.log10().floor()).max(0.0) as usize;
        format!("{v:.decimals$}")
    } else {
        format!("{v:.0e}")
    }
}

/// Draws the chart; returns the plotting area with `log_y` set.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &LossChartInput,
    style: &Style,
) -> RenderResult<PlotGeometry> {
    area.fill(&PAPER)?;
    let points = input.points;
    let pca = input.pca_reference.filter(|&v| drawable(v));
    let xr = x_range(points);
    let yr = y_range(points, pca);
    let (w, h) = area.dim_in_pixel();
    if (w as i32) < style.px(120.0) || (h as i32) < style.px(90.0) {
        return Ok(axis::whole_area(area, xr, yr, true));
    }
    let label = style.label();
    let frame = Frame::default();
    // Steps are whole numbers: integer ticks only (two steps must not show 0.5 and 1.5).
    let plot_w = w as i32 - style.px(frame.left + frame.right + frame.y_area);
    let budget = axis::label_budget(plot_w, axis::count_label(xr.1).len().max(3), label).min(6);
    let x_ticks = axis::integer_ticks(xr.0, xr.1, budget);
    let mut chart: ChartContext<DB, Cartesian2d<FixedTicks, LogCoord<f64>>> = axis::builder(area, frame, style)
        .caption("loss", text(style.caption()))
        .build_cartesian_2d(FixedTicks::new(xr, x_ticks), (yr.0..yr.1).log_scale())?;
    axis::mesh_look(&mut chart.configure_mesh(), style, label)
        .y_labels(6)
        .x_desc("step")
        .y_desc("loss (log scale)")
        .x_label_formatter(&|v| axis::count_label(*v))
        .y_label_formatter(&|v| log_label(*v))
        .draw()?;
    let geometry = axis::geometry_of(&chart, xr, yr, true);
    let base = area.get_base_pixel();

    if points.is_empty() {
        let at = chart.backend_coord(&((xr.0 + xr.1) / 2.0, (yr.0 * yr.1).sqrt()));
        axis::placeholder(area, "press play to start training", at, style)?;
    }

    // PCA reference: dashed, labelled at its right end.
    if let Some(v) = pca {
        let dash = (style.px(6.0).max(1), style.px(4.0).max(1));
        let line = INK.mix(0.75).stroke_width(stroke(style, 1.5));
        chart.draw_series(DashedLineSeries::new(vec![(xr.0, v), (xr.1, v)], dash.0, dash.1, line))?;
    }

    let swatch = style.px(16.0);
    let mut any = false;
    let mut names: Vec<&str> = Vec::new();
    let mut colors: Vec<RGBColor> = Vec::new();
    // Pixels of everything drawn, to put the legend where it hides least.
    let mut drawn: Vec<(i32, i32)> = Vec::new();
    for series in &SERIES {
        let (name, color_index, line_width) = (series.name, series.color, series.width);
        let pieces = series_pieces(points, series.value, yr.0, yr.1);
        if pieces.is_empty() {
            continue;
        }
        any = true;
        names.push(name);
        colors.push(style::categorical(color_index));
        for piece in &pieces {
            let pixels: Vec<(i32, i32)> = piece.iter().map(|p| chart.backend_coord(p)).collect();
            densify(&pixels, style.px(6.0).max(1), &mut drawn);
        }
        let color = style::categorical(color_index);
        let stroke = color.stroke_width(stroke(style, line_width));
        for piece in pieces {
            if piece.len() == 1 {
                // A lone point between gaps would be invisible as a line.
                chart.draw_series(std::iter::once(Circle::new(piece[0], style.px(2.0).max(1), color.filled())))?;
            } else {
                chart.draw_series(LineSeries::new(piece, stroke))?;
            }
        }
    }

    // PCA's label, on top of the series so they cannot hide it, where it covers the fewest of them.
    if let Some(v) = pca {
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let (at, anchor) = pca_label_place(chart.backend_coord(&(xr.1, v)), (xs.start, xs.end), &drawn, style);
        let (x, y) = (at.0 - base.0, at.1 - base.1);
        let inside = |(l, t, r, b): (i32, i32, i32, i32)| t >= ys.start && b <= ys.end && l >= xs.start && r <= xs.end;
        let boxed = !inside(text_rect("PCA", at, anchor, label)) || crowded(&drawn, at, anchor, label, style) > 0;
        axis::note(area, "PCA", (x, y), anchor, label, INK, boxed, style)?;
    }

    // Hover marker: a vertical line at the point and a dot on each drawn series.
    let corner = any.then(|| legend_corner(&chart, &names, &drawn, pca, style));
    let mut step_note = None;
    if let Some(p) = input.highlighted.and_then(|i| points.get(i)) {
        let x = p.step as f64;
        let marker = INK.mix(0.45).stroke_width(stroke(style, 1.0));
        chart.draw_series(LineSeries::new(vec![(x, yr.0), (x, yr.1)], marker))?;
        for series in &SERIES {
            let (v, color_index) = ((series.value)(&p.loss), series.color);
            if drawable(v) && v >= yr.0 && v <= yr.1 {
                let r = style.px(4.0).max(2);
                chart.plotting_area().draw(&Circle::new((x, v), r, style::categorical(color_index).filled()))?;
                chart.plotting_area().draw(&Circle::new((x, v), r, PAPER.stroke_width(stroke(style, 1.0))))?;
            }
        }
        // Its step at the foot of the line, or at its top when the legend sits at the bottom; drawn after
        // the legend so that it is never hidden.
        let low_legend = matches!(
            corner,
            Some(SeriesLabelPosition::LowerRight | SeriesLabelPosition::LowerLeft | SeriesLabelPosition::LowerMiddle)
        );
        let (y, v, dy) =
            if low_legend { (yr.1, VPos::Top, style.px(3.0)) } else { (yr.0, VPos::Bottom, -style.px(3.0)) };
        let (px, py) = chart.backend_coord(&(x, y));
        let right = x > (xr.0 + xr.1) / 2.0;
        let (anchor, dx) = if right { (HPos::Right, -style.px(4.0)) } else { (HPos::Left, style.px(4.0)) };
        step_note = Some((format!("step {}", p.step), (px - base.0 + dx, py - base.1 + dy), (anchor, v)));
    }

    if let Some(corner) = corner {
        // Drawn by hand rather than with plotters' series labels, which measure their text through the
        // page's layout on every frame.
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let (x0, y0, w, _) = legend_rect(corner, &names, (xs.start, xs.end), (ys.start, ys.end), style);
        let (x0, y0) = (x0 - base.0, y0 - base.1);
        let (_, text_h) = axis::text_size("M", label);
        let row = text_h + style.px(6.0);
        let pad = style.px(8.0);
        let height = names.len() as i32 * row + 2 * pad - style.px(6.0);
        area.draw(&Rectangle::new([(x0, y0), (x0 + w, y0 + height)], PAPER.mix(0.9).filled()))?;
        area.draw(&Rectangle::new([(x0, y0), (x0 + w, y0 + height)], GRID.stroke_width(1)))?;
        for (i, (name, color)) in names.iter().zip(&colors).enumerate() {
            let y = y0 + pad + i as i32 * row + text_h / 2;
            let x = x0 + pad;
            area.draw(&PathElement::new(vec![(x, y), (x + swatch, y)], color.stroke_width(stroke(style, 2.0))))?;
            let font = text(label).pos(Pos::new(HPos::Left, VPos::Center));
            area.draw(&Text::new(name.to_string(), (x + swatch + style.px(6.0), y), font))?;
        }
    }
    if let Some((note, at, anchor)) = step_note {
        axis::note(area, &note, at, anchor, label, INK, true, style)?;
    }
    Ok(geometry)
}

/// How many drawn pixels lie under the label "PCA" anchored at `at` (with a little room around it).
fn crowded(drawn: &[(i32, i32)], at: (i32, i32), anchor: (HPos, VPos), size: f64, style: &Style) -> usize {
    let (l, t, r, b) = text_rect("PCA", at, anchor, size);
    let pad = style.px(3.0);
    drawn.iter().filter(|&&(x, y)| x >= l - pad && x <= r + pad && y >= t - pad && y <= b + pad).count()
}

/// Where the PCA label goes: at the right end of its line (`end`, device px), above or below it, or
/// failing that further left along it: the first place, in that order, with the fewest drawn pixels
/// (`drawn`) under it.
fn pca_label_place(
    end: (i32, i32),
    (x_start, x_end): (i32, i32),
    drawn: &[(i32, i32)],
    style: &Style,
) -> ((i32, i32), (HPos, VPos)) {
    let size = style.label();
    let (dx, dy) = (style.px(4.0), style.px(3.0));
    let (tw, _) = axis::text_size("PCA", size);
    let width = (x_end - x_start).max(1);
    // Along the line from the right end leftwards: the end, then a label width, a quarter and a half in.
    let xs = [end.0 - dx, end.0 - dx - tw - 2 * dx, end.0 - width / 4, end.0 - width / 2];
    type Place = ((i32, i32), (HPos, VPos));
    let mut best: Option<(usize, Place)> = None;
    for x in xs {
        for (y, v) in [(end.1 - dy, VPos::Bottom), (end.1 + dy, VPos::Top)] {
            let anchor = (HPos::Right, v);
            let n = crowded(drawn, (x, y), anchor, size, style);
            if best.is_none_or(|(m, _)| n < m) {
                best = Some((n, ((x, y), anchor)));
            }
        }
    }
    best.map(|(_, place)| place).unwrap_or(((end.0 - dx, end.1 - dy), (HPos::Right, VPos::Bottom)))
}

/// The pixels of a polyline with extra points at most `spacing` apart along each segment.
fn densify(pixels: &[(i32, i32)], spacing: i32, out: &mut Vec<(i32, i32)>) {
    out.extend(pixels.first());
    for pair in pixels.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        let n = ((x1 - x0).abs().max((y1 - y0).abs()) / spacing).clamp(1, 200);
        out.extend((1..=n).map(|i| (x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n)));
    }
}

/// The legend box (left, top, width, height) in device pixels for a place in the plotting area.
fn legend_rect(
    pos: SeriesLabelPosition,
    names: &[&str],
    (x_start, x_end): (i32, i32),
    (y_start, y_end): (i32, i32),
    style: &Style,
) -> (i32, i32, i32, i32) {
    let (text_w, text_h) =
        names.iter().map(|n| axis::text_size(n, style.label())).fold((0, 0), |(w, h), (tw, th)| (w.max(tw), h.max(th)));
    let (w, h) = (style.px(40.0) + text_w, (names.len() as i32) * (text_h + style.px(6.0)) + style.px(10.0));
    let middle = (y_start + y_end - h) / 2;
    let inset = style.px(6.0);
    let (x, y) = match pos {
        SeriesLabelPosition::UpperRight => (x_end - w - inset, y_start + inset),
        SeriesLabelPosition::LowerRight => (x_end - w - inset, y_end - h - inset),
        SeriesLabelPosition::MiddleRight => (x_end - w - inset, middle),
        SeriesLabelPosition::LowerLeft => (x_start + inset, y_end - h - inset),
        SeriesLabelPosition::MiddleLeft => (x_start + inset, middle),
        _ => (x_start + inset, y_start + inset),
    };
    (x, y, w, h)
}

/// The legend place that covers the fewest drawn points (the PCA line counts as many), in the order of
/// preference upper right, lower right, middle right, lower left, upper left, middle left.
fn legend_corner<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    chart: &ChartContext<DB, Cartesian2d<X, Y>>,
    names: &[&str],
    drawn: &[(i32, i32)],
    pca: Option<f64>,
    style: &Style,
) -> SeriesLabelPosition {
    let (text_w, text_h) =
        names.iter().map(|n| axis::text_size(n, style.label())).fold((0, 0), |(w, h), (tw, th)| (w.max(tw), h.max(th)));
    let (w, h) = (style.px(50.0) + text_w, (names.len() as i32) * (text_h + style.px(6.0)) + style.px(16.0));
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let pca_y = pca.map(|v| chart.backend_coord(&(0.0, v)).1);
    let middle = (ys.start + ys.end - h) / 2;
    let corners = [
        (SeriesLabelPosition::UpperRight, xs.end - w, ys.start),
        (SeriesLabelPosition::LowerRight, xs.end - w, ys.end - h),
        (SeriesLabelPosition::MiddleRight, xs.end - w, middle),
        (SeriesLabelPosition::LowerLeft, xs.start, ys.end - h),
        (SeriesLabelPosition::UpperLeft, xs.start, ys.start),
        (SeriesLabelPosition::MiddleLeft, xs.start, middle),
    ];
    let hidden: Vec<usize> = corners
        .iter()
        .map(|&(_, x0, y0)| {
            let inside = |&(x, y): &(i32, i32)| x >= x0 && x <= x0 + w && y >= y0 && y <= y0 + h;
            drawn.iter().filter(|p| inside(p)).count()
                + if pca_y.is_some_and(|y| y >= y0 && y <= y0 + h) { 50 } else { 0 }
        })
        .collect();
    // The first place in preference order that is about as good as the best (so the legend does not hop
    // about between frames over a point or two).
    let least = hidden.iter().copied().min().unwrap_or(0);
    corners
        .into_iter()
        .zip(hidden)
        .find(|&(_, n)| n <= least + 3)
        .map(|((pos, _, _), _)| pos)
        .unwrap_or(SeriesLabelPosition::UpperRight)
}

/// The history index whose step is nearest to device pixel column `x_px`, if `x_px` is inside the
/// plotting area of `geometry` (what [`draw`] returned).
pub fn nearest_point(points: &[HistoryPoint], geometry: &PlotGeometry, x_px: f64) -> Option<usize> {
    if !(x_px >= geometry.x_pixels.0 && x_px <= geometry.x_pixels.1) {
        return None;
    }
    let step = geometry.data_x(x_px);
    points
        .iter()
        .enumerate()
        .map(|(i, p)| (i, (p.step as f64 - step).abs()))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}
