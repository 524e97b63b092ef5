//! The network as a diagram (the seed's Fig 02/03/07): layers as columns from input (left) to output
//! (right), one circle per drawn unit whose fill opacity follows its activation (Fig 07: "transparency of a
//! node correlates with the level of activation"), edges coloured by the sign of their weight (diverging
//! map: purple negative, orange positive) and as thick as |w| / max |w|. The code layer is emphasised
//! with a shaded band; a column that shows fewer units than the layer has says how many are left out.

use super::axis::text;
use super::geometry::PlotGeometry;
use super::style::{self, Style, INK, PAPER};
use super::RenderResult;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One layer's column.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerView {
    /// The layer's real width (may exceed `units.len()`).
    pub size: usize,
    /// The units drawn, top to bottom.
    pub units: Vec<UnitView>,
    /// Column label, e.g. "input", "code", "output".
    pub label: String,
}

/// One drawn unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnitView {
    /// The unit's index in its layer.
    pub index: usize,
    /// Activation already normalised to [0, 1]: the node's fill opacity.
    pub activation: f32,
}

/// One drawn connection between neighbouring layers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EdgeView {
    /// The layer the edge leaves.
    pub from_layer: usize,
    /// Position in `layers[from_layer].units`.
    pub from: usize,
    /// Position in `layers[from_layer + 1].units`.
    pub to: usize,
    pub weight: f32,
}

/// What the diagram shows.
#[derive(Clone, Copy, Debug)]
pub struct NetworkInput<'a> {
    pub layers: &'a [LayerView],
    pub edges: &'a [EdgeView],
    /// The largest |w| (edge width scale); when not positive and finite, the edges' own maximum is used.
    pub max_abs_weight: f32,
    /// Index of the code (bottleneck) layer.
    pub code_layer: usize,
}

/// Layout margins in CSS px: caption on top, labels below.
const TOP: f64 = 24.0;
const BOTTOM: f64 = 50.0;
const SIDE: f64 = 36.0;
/// The largest gap between node centres and the largest node radius, CSS px.
const MAX_SPACING: f64 = 26.0;
const MAX_RADIUS: f64 = 9.0;
/// Steps of edge strength (opacity and width): more than the eye tells apart in thin translucent lines.
const EDGE_SHADES: f64 = 12.0;

/// Node centres, per layer and unit position, in device pixels relative to the top-left of a
/// `width_px × height_px` area (what [`draw`] uses for an area of that size).
pub fn node_positions(input: &NetworkInput, width_px: f64, height_px: f64, style: &Style) -> Vec<Vec<(f64, f64)>> {
    let (w, h) = (width_px.max(0.0), height_px.max(0.0));
    let layers = input.layers.len();
    let side = (SIDE * style.scale).min(w / 2.0);
    let (top, bottom) = ((TOP * style.scale).min(h / 2.0), (h - BOTTOM * style.scale).max(h / 2.0));
    input
        .layers
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            let x = if layers > 1 { side + (w - 2.0 * side) * l as f64 / (layers - 1) as f64 } else { w / 2.0 };
            let n = layer.units.len();
            let spacing = spacing(n, bottom - top, style);
            let centre = (top + bottom) / 2.0;
            (0..n).map(|j| (x, centre + (j as f64 - (n as f64 - 1.0) / 2.0) * spacing)).collect()
        })
        .collect()
}

/// Gap between node centres in a column of `n` nodes over `height` device pixels.
fn spacing(n: usize, height: f64, style: &Style) -> f64 {
    (height / n.max(1) as f64).min(MAX_SPACING * style.scale).max(0.0)
}

/// `color` at opacity `t` over paper, as an opaque colour.
fn over_paper(color: RGBColor, t: f64) -> RGBColor {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
    RGBColor(mix(PAPER.0, color.0), mix(PAPER.1, color.1), mix(PAPER.2, color.2))
}

/// Draws the diagram; the geometry covers the whole area, with data coordinates equal to device-pixel
/// offsets from its top-left corner (x_range 0..width−1, y_range height−1..0, so `data_y` of a pixel
/// is its offset from the top, as in [`node_positions`]).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &NetworkInput,
    style: &Style,
) -> RenderResult<PlotGeometry> {
    area.fill(&PAPER)?;
    let (w, h) = area.dim_in_pixel();
    let (x0, y0) = area.get_base_pixel();
    let (wf, hf) = ((w.max(2) - 1) as f64, (h.max(2) - 1) as f64);
    let geometry = PlotGeometry {
        x_pixels: (x0 as f64, x0 as f64 + wf),
        y_pixels: (y0 as f64, y0 as f64 + hf),
        x_range: (0.0, wf),
        y_range: (hf, 0.0),
        log_y: false,
    };
    if (w as i32) < style.px(60.0) || (h as i32) < style.px(60.0) {
        return Ok(geometry);
    }
    let positions = node_positions(input, w as f64, h as f64, style);
    let at = |(x, y): (f64, f64)| (x.round() as i32, y.round() as i32);
    let label = style.label();
    let (top, bottom) =
        ((TOP * style.scale).min(h as f64 / 2.0), (h as f64 - BOTTOM * style.scale).max(h as f64 / 2.0));

    let caption = super::axis::fit(
        vec![
            "network · node opacity = activation, edge colour = sign of w".to_string(),
            "opacity = activation, colour = sign of w".to_string(),
            "network".to_string(),
        ],
        style.caption(),
        w as i32 - style.px(12.0),
    );
    area.draw(&Text::new(
        caption,
        (style.px(6.0), style.px(4.0)),
        text(style.caption()).pos(Pos::new(HPos::Left, VPos::Top)),
    ))?;

    // Node radius per column, so that neighbours never touch.
    let radius: Vec<i32> = input
        .layers
        .iter()
        .map(|l| {
            let s = spacing(l.units.len(), bottom - top, style);
            (0.4 * s).min(MAX_RADIUS * style.scale).max(1.0).round() as i32
        })
        .collect();

    // The code layer's band.
    let accent = style::categorical(1);
    if let Some(column) = positions.get(input.code_layer) {
        let x = column.first().map(|p| p.0).unwrap_or_else(|| {
            let layers = input.layers.len();
            let side = SIDE * style.scale;
            if layers > 1 {
                side + (w as f64 - 2.0 * side) * input.code_layer as f64 / (layers - 1) as f64
            } else {
                w as f64 / 2.0
            }
        });
        let half = (radius.get(input.code_layer).copied().unwrap_or(4) + style.px(8.0)) as f64;
        area.draw(&Rectangle::new(
            [at((x - half, top - style.px(6.0) as f64)), at((x + half, bottom + style.px(46.0) as f64))],
            accent.mix(0.12).filled(),
        ))?;
    }

    // Edges under the nodes, faint for small weights.
    let max_w = if input.max_abs_weight.is_finite() && input.max_abs_weight > 0.0 {
        input.max_abs_weight as f64
    } else {
        input.edges.iter().map(|e| (e.weight as f64).abs()).filter(|w| w.is_finite()).fold(0.0, f64::max)
    };
    // Strength in EDGE_SHADES steps, weakest drawn first: a canvas strokes each sign and step once, and
    // strong edges lie on top of weak ones.
    /// Sign (positive?), strength step, and the two ends in device pixels.
    type Edge = (bool, u32, (f64, f64), (f64, f64));
    let mut shown: Vec<Edge> = Vec::with_capacity(input.edges.len());
    for e in input.edges {
        let (Some(a), Some(b)) = (
            positions.get(e.from_layer).and_then(|c| c.get(e.from)),
            positions.get(e.from_layer + 1).and_then(|c| c.get(e.to)),
        ) else {
            continue;
        };
        let wgt = e.weight as f64;
        if !wgt.is_finite() || max_w <= 0.0 {
            continue;
        }
        let step = ((wgt.abs() / max_w).min(1.0) * EDGE_SHADES).round() as u32;
        shown.push((wgt >= 0.0, step, *a, *b));
    }
    shown.sort_by_key(|&(positive, step, ..)| (step, positive));
    for (positive, step, a, b) in shown {
        let t = step as f64 / EDGE_SHADES;
        // ±0.8 rather than the map's near-black ends: thin translucent lines stay recognisably
        // purple or orange.
        let color = style::diverging(if positive { 0.8 } else { -0.8 });
        let width = (style.scale * (0.5 + 2.5 * t)).round().max(1.0) as u32;
        area.draw(&PathElement::new(vec![at(a), at(b)], color.mix(0.15 + 0.6 * t).stroke_width(width)))?;
    }

    // Nodes: fill opacity = activation, thin outline so empty nodes still show.
    let outline = INK.mix(0.55).stroke_width(style.px(1.0).max(1) as u32);
    for (l, (layer, column)) in input.layers.iter().zip(&positions).enumerate() {
        let is_code = l == input.code_layer;
        let fill = if is_code { accent } else { style::categorical(0) };
        let r = radius[l];
        for (unit, &p) in layer.units.iter().zip(column) {
            let c = over_paper(fill, unit.activation as f64);
            area.draw(&Circle::new(at(p), r, c.filled()))?;
            if r >= 3 {
                area.draw(&Circle::new(at(p), r, outline))?;
            }
        }
        // Labels under the column: name, real width, and what was left out.
        let x = column.first().map(|p| p.0.round() as i32);
        let Some(x) = x.or_else(|| (input.layers.len() == 1).then_some(w as i32 / 2)) else {
            continue;
        };
        let below = column.last().map(|p| p.1).unwrap_or(top);
        let y = (below + r as f64 + style.px(3.0) as f64).min(bottom + style.px(2.0) as f64).round() as i32;
        let hidden = layer.size.saturating_sub(layer.units.len());
        let center_top = Pos::new(HPos::Center, VPos::Top);
        if hidden > 0 {
            area.draw(&Text::new(
                format!("+{hidden} more"),
                (x, y),
                text(style.font_size(10.0)).color(&INK.mix(0.65)).pos(center_top),
            ))?;
        }
        let y = (bottom + style.px(18.0) as f64).round() as i32;
        let name = if is_code && !layer.label.to_ascii_lowercase().contains("code") {
            format!("{} (code)", layer.label)
        } else {
            layer.label.clone()
        };
        let font = if is_code { (style::FONT, label, FontStyle::Bold).into_font().color(&INK) } else { text(label) };
        area.draw(&Text::new(name, (x, y), font.pos(center_top)))?;
        area.draw(&Text::new(
            format!("{} units", layer.size),
            (x, y + style.px(14.0)),
            text(style.font_size(10.0)).color(&INK.mix(0.7)).pos(center_top),
        ))?;
    }
    if input.layers.is_empty() {
        super::axis::placeholder(area, "no layers", (x0 + w as i32 / 2, y0 + h as i32 / 2), style)?;
    }
    Ok(geometry)
}
