//! One weight descending under each penalty alone, with the student's own λ and starting weight w₀
//! (the lesson's "why L1" step, seed Fig 09 as a trajectory).
//!
//! x is the step, y the weight. L1 (first categorical colour) falls by the same ηλ every step and lands
//! on exactly 0 after ⌈|w₀|/(ηλ)⌉ steps, marked and labelled; L2 (second colour) is multiplied by
//! (1 − 2ηλ) every step and is still above 0 at the right edge, where its last value is written. The
//! chart shows twice the steps L1 needs (at least [`MIN_STEPS`]), so the landing sits in its left half
//! and L2's tail is visible beside it. A legend strip under the chart names both.

use super::axis::{self, short, stroke, text, Frame};
use super::geometry::PlotGeometry;
use super::style::{self, Style, INK, PAPER};
use super::RenderResult;
use crate::objective::l1_vs_l2::{self, WeightDescent, MAX_DEMO_STEPS};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The fewest steps the chart shows.
pub const MIN_STEPS: usize = 10;
/// Above this many steps the points are drawn as lines only (markers would merge).
const MARKER_STEPS: usize = 80;

/// The steps the chart shows for a descent: twice L1's landing step, within [`MIN_STEPS`] and
/// [`MAX_DEMO_STEPS`] (when L1 lands beyond that, its landing is off the chart and the note says so).
pub fn shown_steps(start: f64, lambda: f64) -> usize {
    let probe = l1_vs_l2::weight_descent(start, lambda, 0);
    match probe.l1_steps_to_zero {
        Some(k) => (2 * k).clamp(MIN_STEPS, MAX_DEMO_STEPS),
        None => 2 * MIN_STEPS,
    }
}

/// The trajectories the chart draws for `start` and `lambda` (clamped as [`l1_vs_l2::weight_descent`]
/// does), over [`shown_steps`].
pub fn descent(start: f64, lambda: f64) -> WeightDescent {
    l1_vs_l2::weight_descent(start, lambda, shown_steps(start, lambda))
}

/// Draws the chart; returns its plotting area's geometry (x: step, y: w).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &WeightDescent,
    style: &Style,
) -> RenderResult<PlotGeometry> {
    area.fill(&PAPER)?;
    let steps = d.l1.len().saturating_sub(1);
    let x = (0.0, steps.max(1) as f64);
    let (lo, hi) = (d.start.min(0.0), d.start.max(0.0));
    let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
    // Room on the far side of 0 from w₀ for L1's landing note, clear of both paths.
    let y = if d.start >= 0.0 { (lo - 0.25 * span, hi + 0.08 * span) } else { (lo - 0.08 * span, hi + 0.25 * span) };
    let (w, h) = area.dim_in_pixel();
    if (w as i32) < style.px(160.0) || (h as i32) < style.px(100.0) {
        return Ok(axis::whole_area(area, x, y, false));
    }
    let compact = (w as f64 / style.scale) < 420.0;
    let label = style.font_size(if compact { 10.0 } else { 11.0 });
    let legend_h = style.px(18.0);
    let (plot_area, strip) = area.split_vertically(h as i32 - legend_h);
    let frame = if compact {
        Frame { left: 2.0, right: 8.0, top: 6.0, bottom: 2.0, y_area: 36.0, x_area: 30.0 }
    } else {
        Frame { left: 4.0, right: 14.0, top: 8.0, bottom: 4.0, y_area: 46.0, x_area: 34.0 }
    };
    let mut chart = axis::builder(&plot_area, frame, style).build_cartesian_2d(x.0..x.1, y.0..y.1)?;
    let plot_w = w as i32 - style.px(frame.left + frame.right + frame.y_area);
    let y_ticks = axis::ticks_for(y);
    axis::mesh_look(&mut chart.configure_mesh(), style, label)
        .x_labels(axis::label_budget(plot_w, 3, label).clamp(3, 8))
        .y_labels(5)
        .x_desc("step")
        .y_desc("w")
        .x_label_formatter(&|v| axis::count_label(*v))
        .y_label_formatter(&y_ticks)
        .draw()?;
    let geometry = axis::geometry_of(&chart, x, y, false);
    chart.draw_series(LineSeries::new(vec![(x.0, 0.0), (x.1, 0.0)], INK.mix(0.5).stroke_width(stroke(style, 1.0))))?;

    let (c1, c2) = (style::categorical(0), style::categorical(1));
    let marker = style.px(2.5).max(1);
    for (path, color) in [(&d.l2, c2), (&d.l1, c1)] {
        let points: Vec<(f64, f64)> = path.iter().enumerate().map(|(k, &w)| (k as f64, w)).collect();
        chart.draw_series(LineSeries::new(points.iter().copied(), color.stroke_width(stroke(style, 2.0))))?;
        if steps <= MARKER_STEPS {
            chart.draw_series(points.iter().map(|&p| Circle::new(p, marker, color.filled())))?;
        }
    }

    let base = area.get_base_pixel();
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let note = |s: &str, at: (i32, i32), anchor: (HPos, VPos), color: RGBColor| {
        axis::note(area, s, (at.0 - base.0, at.1 - base.1), anchor, label, color, true, style)
    };
    let above = d.start >= 0.0;
    let away = |py: i32, by: i32| if above { py - by } else { py + by };
    let v_anchor = if above { VPos::Bottom } else { VPos::Top };
    match d.l1_steps_to_zero {
        Some(k) if k > 0 && k <= steps => {
            let (px, py) = chart.backend_coord(&(k as f64, 0.0));
            chart.plotting_area().draw(&Circle::new(
                (k as f64, 0.0),
                style.px(6.0).max(3),
                c1.stroke_width(stroke(style, 2.0)),
            ))?;
            let s = format!("L1: w = 0 exactly at step {k}");
            let tw = axis::text_size(&s, label).0;
            // Centred over the landing point, or right-aligned to the plot's edge where it would overflow.
            let overflows = px + tw / 2 + style.px(4.0) > xs.end;
            let (h_anchor, at_x) = if overflows {
                (HPos::Right, xs.end - style.px(2.0))
            } else {
                (HPos::Center, px.max(xs.start + tw / 2))
            };
            let below = if above { VPos::Top } else { VPos::Bottom };
            note(&s, (at_x, away(py, -style.px(10.0))), (h_anchor, below), c1)?;
        }
        Some(k) if k > steps => {
            let s = format!("L1 lands on 0 at step {k}, beyond this chart");
            note(
                &s,
                ((xs.start + xs.end) / 2, away(chart.backend_coord(&(0.0, 0.0)).1, style.px(10.0))),
                (HPos::Center, v_anchor),
                c1,
            )?;
        }
        None => {
            let s = "λ = 0: no penalty, nothing pulls w to 0".to_string();
            note(&s, ((xs.start + xs.end) / 2, (ys.start + ys.end) / 2), (HPos::Center, VPos::Center), INK)?;
        }
        _ => {}
    }
    if let (Some(&last), true) = (d.l2.last(), d.lambda > 0.0) {
        // In the plot's far corner from w₀ (top right when w₀ > 0), which both paths have left by then.
        let s = format!("L2 at step {steps}: w = {} (×{} per step)", short(last), short(d.l2_factor));
        let s = if axis::text_size(&s, label).0 > xs.end - xs.start { format!("L2: w = {}", short(last)) } else { s };
        let pad = style.px(4.0);
        let (y, anchor) = if above { (ys.start + pad, VPos::Top) } else { (ys.end - pad, VPos::Bottom) };
        note(&s, (xs.end - pad, y), (HPos::Right, anchor), c2)?;
    }

    legend(
        &strip,
        &[
            (c1, format!("L1: |w| falls by ηλ = {} per step", short(d.learning_rate * d.lambda))),
            (c2, format!("L2: w × (1 − 2ηλ) = w × {} per step", short(d.l2_factor))),
        ],
        &[(c1, "L1 λ|w|".to_string()), (c2, "L2 λw²".to_string())],
        label,
        style,
    )?;
    Ok(geometry)
}

/// The legend strip: a swatch and a name per entry, the long names if they fit, else the short ones.
fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    long: &[(RGBColor, String)],
    short_names: &[(RGBColor, String)],
    size: f64,
    style: &Style,
) -> RenderResult<()> {
    let (w, h) = area.dim_in_pixel();
    let (swatch, gap, space) = (style.px(16.0), style.px(5.0), style.px(14.0));
    let width = |entries: &[(RGBColor, String)]| -> i32 {
        entries.iter().map(|(_, s)| swatch + gap + axis::text_size(s, size).0).sum::<i32>()
            + space * (entries.len() as i32 - 1)
    };
    let entries = if width(long) <= w as i32 { long } else { short_names };
    let mut x = ((w as i32 - width(entries)) / 2).max(0);
    let y = h as i32 / 2;
    for (color, name) in entries {
        area.draw(&PathElement::new(vec![(x, y), (x + swatch, y)], color.stroke_width(stroke(style, 2.0))))?;
        x += swatch + gap;
        area.draw(&Text::new(name.clone(), (x, y), text(size).pos(Pos::new(HPos::Left, VPos::Center))))?;
        x += axis::text_size(name, size).0 + space;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_shows_twice_the_landing_step_within_its_limits() {
        assert_eq!(shown_steps(1.0, 1.0), 20); // ηλ = 0.1: lands at 10
        assert_eq!(shown_steps(0.1, 4.0), MIN_STEPS);
        assert_eq!(shown_steps(2.0, 0.01), MAX_DEMO_STEPS);
        assert_eq!(shown_steps(1.0, 0.0), 2 * MIN_STEPS);
        let d = descent(1.5, 0.5);
        assert_eq!(d.l1_steps_to_zero, Some(30));
        assert_eq!(d.l1.len(), 61);
    }
}
