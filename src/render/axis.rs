//! What the charts share, so that each chart file holds only its own chart: tick labels and number
//! formats, integer ticks, fonts and text placement, stroke widths, the chart frame (margins, mesh style,
//! the geometry it reports) and clipping of polylines to a y range.
//!
//! Tick labels: plotters computes ticks by adding steps, so a tick meant to be 0 can come out as
//! `-5.6e-17`; [`tick_label`] prints any value within [`ZERO_SNAP`] of the axis span from 0 as "0", and
//! everything else with [`short`] (three significant digits, no trailing zeros, never "-0"). Axes that
//! count things (steps, units) get integer ticks only, from [`integer_ticks`].

use super::geometry::PlotGeometry;
use super::style::{self, Style, GRID, INK, PAPER};
use super::RenderResult;
use plotters::chart::{ChartBuilder, ChartContext, MeshStyle};
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Tick values closer to 0 than this fraction of the axis span are labelled "0".
pub const ZERO_SNAP: f64 = 1e-9;

/// A short number for labels: three significant digits, no trailing zeros, no "-0"; an exponent
/// outside 10⁻³..10⁴ ("1.5e-4", "2e5"); "–" for a non-finite value.
pub fn short(v: f64) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let a = v.abs();
    if a == 0.0 {
        return "0".to_string();
    }
    if !(1e-3..1e4).contains(&a) {
        let s = format!("{v:.2e}");
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        return format!("{}e{exponent}", trim_zeros(mantissa));
    }
    let decimals = (2 - a.log10().floor() as i32).clamp(0, 6) as usize;
    let s = trim_zeros(&format!("{v:.decimals$}"));
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// "1.500" → "1.5", "2.000" → "2", "300" → "300".
fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// The label of tick `v` on an axis spanning `span`: "0" within [`ZERO_SNAP`]·span of 0, else [`short`].
pub fn tick_label(v: f64, span: f64) -> String {
    let span = span.abs();
    if v.is_finite() && span.is_finite() && v.abs() <= ZERO_SNAP * span {
        return "0".to_string();
    }
    short(v)
}

/// A tick formatter for an axis over `range` (for `x_label_formatter` / `y_label_formatter`).
pub fn ticks_for(range: (f64, f64)) -> impl Fn(&f64) -> String {
    let span = range.1 - range.0;
    move |v| tick_label(*v, span)
}

/// A whole number with its thousands separated: "5,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count (step, unit index) for labels: "1500", "20k", "1.5M"; fractions are rounded.
pub fn count_label(v: f64) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let a = v.abs();
    let s = if a >= 1e6 {
        format!("{}M", trim_zeros(&format!("{:.1}", v / 1e6)))
    } else if a >= 1e4 {
        format!("{}k", trim_zeros(&format!("{:.1}", v / 1e3)))
    } else {
        format!("{:.0}", v.round())
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// At most `max` integer ticks in [lo, hi], a step of 1, 2 or 5 × 10ᵏ apart, at multiples of the step.
pub fn integer_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || max == 0 {
        return Vec::new();
    }
    let (a, b) = (lo.ceil(), hi.floor());
    if a > b {
        return Vec::new();
    }
    let span = b - a;
    let mut decade = 1.0f64;
    let step = loop {
        if let Some(s) = [1.0, 2.0, 5.0].iter().map(|m| m * decade).find(|s| (span / s).floor() + 1.0 <= max as f64) {
            break s;
        }
        decade *= 10.0;
        if !decade.is_finite() {
            return vec![a];
        }
    };
    let first = (a / step).ceil() * step;
    (0..=max).map(|i| first + i as f64 * step).take_while(|&v| v <= b).collect()
}

/// A linear f64 axis over `range` whose ticks (and grid lines) sit exactly at `ticks`: for axes that
/// count things, where plotters' own ticks would fall between the integers.
#[derive(Clone)]
pub struct FixedTicks {
    inner: RangedCoordf64,
    ticks: Vec<f64>,
}

impl FixedTicks {
    pub fn new(range: (f64, f64), ticks: Vec<f64>) -> FixedTicks {
        FixedTicks { inner: (range.0..range.1).into(), ticks }
    }
}

impl Ranged for FixedTicks {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.max_num_points() == 0 || hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }
}

/// How many labels of `chars` characters fit along `pixels` at font size `size` (at least 2).
pub fn label_budget(pixels: i32, chars: usize, size: f64) -> usize {
    let each = text_size(&"0".repeat(chars.max(1)), size).0 + size as i32;
    (pixels / each.max(1)).max(2) as usize
}

/// The chart font at `size` device pixels, in ink.
pub fn text(size: f64) -> TextStyle<'static> {
    (style::FONT, size).into_font().color(&INK)
}

/// A text's size in device pixels, estimated (about 0.6 em per character): no measuring, which on wasm
/// would cost a DOM layout per call.
pub fn text_size(s: &str, size: f64) -> (i32, i32) {
    ((0.6 * size * s.chars().count() as f64).ceil() as i32, size.ceil() as i32)
}

/// The first of `candidates` whose estimated width at `size` is at most `room` pixels (else the last).
pub fn fit(candidates: Vec<String>, size: f64, room: i32) -> String {
    let n = candidates.len();
    for (i, c) in candidates.into_iter().enumerate() {
        if i + 1 == n || text_size(&c, size).0 <= room {
            return c;
        }
    }
    String::new()
}

/// A stroke `css` CSS pixels wide, at least one device pixel.
pub fn stroke(style: &Style, css: f64) -> u32 {
    style.px(css).max(1) as u32
}

/// The box (left, top, right, bottom) a text anchored at `(x, y)` covers, by the estimate of [`text_size`].
pub fn text_rect(s: &str, (x, y): (i32, i32), (h, v): (HPos, VPos), size: f64) -> (i32, i32, i32, i32) {
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
    (left, top, left + tw, top + th)
}

/// How opaque the paper behind a boxed note is: enough to read text over a curve, little enough that the
/// grid lines still show through.
pub const NOTE_BOX_ALPHA: f64 = 0.55;

/// A note in `color` anchored at `(x, y)` (relative to `area`), on a translucent paper box when `boxed`.
#[allow(clippy::too_many_arguments)]
pub fn note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    at: (i32, i32),
    anchor: (HPos, VPos),
    size: f64,
    color: RGBColor,
    boxed: bool,
    style: &Style,
) -> RenderResult<()> {
    if boxed {
        let (l, t, r, b) = text_rect(s, at, anchor, size);
        let pad = style.px(2.0);
        area.draw(&Rectangle::new([(l - pad, t - pad), (r + pad, b + pad)], PAPER.mix(NOTE_BOX_ALPHA).filled()))?;
    }
    area.draw(&Text::new(s, at, text(size).color(&color).pos(Pos::new(anchor.0, anchor.1))))?;
    Ok(())
}

/// A grey centred message ("no units", "press play …") at device pixel `at` (absolute).
pub fn placeholder<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    at: (i32, i32),
    style: &Style,
) -> RenderResult<()> {
    let base = area.get_base_pixel();
    let grey = INK.mix(0.6);
    let font = text(style.font_size(13.0)).color(&grey).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(s, (at.0 - base.0, at.1 - base.1), font))?;
    Ok(())
}

/// Margins and label areas of a chart frame, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    /// Width of the y tick labels and title.
    pub y_area: f64,
    /// Height of the x tick labels and title.
    pub x_area: f64,
}

impl Default for Frame {
    fn default() -> Frame {
        Frame { left: 6.0, right: 14.0, top: 2.0, bottom: 4.0, y_area: 52.0, x_area: 36.0 }
    }
}

/// A chart builder on `area` with `frame`'s margins and label areas.
pub fn builder<'a, 'b, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    frame: Frame,
    style: &Style,
) -> ChartBuilder<'a, 'b, DB> {
    let mut b = ChartBuilder::on(area);
    b.margin_left(style.px(frame.left))
        .margin_right(style.px(frame.right))
        .margin_top(style.px(frame.top))
        .margin_bottom(style.px(frame.bottom))
        .y_label_area_size(style.px(frame.y_area))
        .x_label_area_size(style.px(frame.x_area));
    b
}

/// The look every chart's mesh shares: labels at `label` size, faint grid, ink axes, short ticks.
pub fn mesh_look<'a, 'b, 'm, X, Y, DB>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    style: &Style,
    label: f64,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged + ValueFormatter<X::ValueType>,
    Y: Ranged + ValueFormatter<Y::ValueType>,
    DB: DrawingBackend,
{
    mesh.label_style(text(label))
        .axis_desc_style(text(label))
        .bold_line_style(GRID.stroke_width(stroke(style, 1.0)))
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width(stroke(style, 1.0)))
        .set_all_tick_mark_size(style.px(4.0))
}

/// The geometry of a chart's plotting area showing `x` × `y`.
pub fn geometry_of<DB: DrawingBackend, X: Ranged, Y: Ranged>(
    chart: &ChartContext<DB, Cartesian2d<X, Y>>,
    x: (f64, f64),
    y: (f64, f64),
    log_y: bool,
) -> PlotGeometry {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    PlotGeometry {
        x_pixels: (xs.start as f64, (xs.end - 1).max(xs.start) as f64),
        y_pixels: (ys.start as f64, (ys.end - 1).max(ys.start) as f64),
        x_range: x,
        y_range: y,
        log_y,
    }
}

/// The geometry of a chart too small to draw: the whole area stands for `x` × `y`.
pub fn whole_area<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x: (f64, f64),
    y: (f64, f64),
    log_y: bool,
) -> PlotGeometry {
    let (w, h) = area.dim_in_pixel();
    let (x0, y0) = area.get_base_pixel();
    PlotGeometry {
        x_pixels: (x0 as f64, x0 as f64 + w.max(1) as f64 - 1.0),
        y_pixels: (y0 as f64, y0 as f64 + h.max(1) as f64 - 1.0),
        x_range: x,
        y_range: y,
        log_y,
    }
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
pub fn clip_polyline(points: &[(f64, f64)], lo: f64, hi: f64) -> Vec<Vec<(f64, f64)>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_snap_noise_to_zero() {
        assert_eq!(tick_label(-5.6e-17, 1.2), "0");
        assert_eq!(tick_label(3.5e-18, 0.08), "0");
        assert_eq!(tick_label(-0.0, 1.0), "0");
        assert_eq!(tick_label(0.02, 0.08), "0.02");
        assert_eq!(tick_label(-0.5, 2.0), "-0.5");
        // A genuinely tiny axis keeps its values.
        assert_eq!(tick_label(2e-6, 1e-5), "2e-6");
        assert_eq!(short(1.0 / 3.0), "0.333");
        assert_eq!(short(-0.0004), "-4e-4");
        assert_eq!(short(123456.0), "1.23e5");
        assert_eq!(short(-0.0001), "-1e-4");
        assert_eq!(short(f64::NAN), "–");
        assert_eq!(short(-1e-12), "-1e-12");
        assert_eq!(short(-0.0004999), "-5e-4");
    }

    #[test]
    fn integer_ticks_are_integers_at_nice_steps() {
        assert_eq!(integer_ticks(0.0, 2.0, 6), vec![0.0, 1.0, 2.0]);
        assert_eq!(integer_ticks(0.0, 1.0, 6), vec![0.0, 1.0]);
        assert_eq!(integer_ticks(0.0, 195.0, 6), vec![0.0, 50.0, 100.0, 150.0]);
        assert_eq!(integer_ticks(0.0, 1500.0, 6), vec![0.0, 500.0, 1000.0, 1500.0]);
        assert_eq!(integer_ticks(0.2, 0.8, 6), Vec::<f64>::new());
        assert_eq!(integer_ticks(0.0, 0.0, 6), vec![0.0]);
        assert!(integer_ticks(0.0, 1e300, 5).len() <= 5);
        assert!(integer_ticks(f64::NAN, 1.0, 5).is_empty());
        for n in 1..300 {
            let t = integer_ticks(0.0, n as f64, 6);
            assert!(t.len() <= 6 && !t.is_empty(), "{n}: {t:?}");
            assert!(t.iter().all(|v| v.fract() == 0.0 && *v <= n as f64));
        }
        assert_eq!(count_label(1500.0), "1500");
        assert_eq!(count_label(20000.0), "20k");
        assert_eq!(count_label(1.5e6), "1.5M");
        assert_eq!(count_label(-0.2), "0");
    }

    #[test]
    fn fit_takes_the_first_that_fits() {
        let c = || vec!["a long caption".to_string(), "short".to_string()];
        assert_eq!(fit(c(), 10.0, 1000), "a long caption");
        assert_eq!(fit(c(), 10.0, 40), "short");
        assert_eq!(fit(c(), 10.0, 1), "short");
    }
}
