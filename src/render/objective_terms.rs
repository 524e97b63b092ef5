//! The objective term by term (the seed's "Obj" equation, live): one horizontal bar per term —
//! reconstruction L(x, x̂), weight decay, sparsity penalty — as long as its share of the total, with its
//! value and share written beside it. Shares are of the sum of the non-negative terms; a non-finite loss
//! (after divergence) draws empty bars and says so.

use super::axis::{self, short, stroke};
use super::style::{self, Style, GRID, INK, PAPER};
use super::RenderResult;
use crate::objective::LossTerms;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One bar: its label, its value, its share of the total in [0, 1].
#[derive(Clone, Debug, PartialEq)]
pub struct TermBar {
    pub label: String,
    pub value: f64,
    pub share: f64,
}

/// The bars for `loss`, with `sparsity_label` naming the penalty term ("λ Σ|a|", "β Σ KL(ρ‖ρ̂ⱼ)"). Shares
/// are each term over their sum (the total); all 0 when the total is 0 or not finite.
pub fn bars(loss: &LossTerms, sparsity_label: &str) -> Vec<TermBar> {
    let terms = [
        ("reconstruction L(x, x̂)".to_string(), loss.reconstruction),
        ("weight decay".to_string(), loss.weight_decay),
        (format!("sparsity {sparsity_label}"), loss.sparsity),
    ];
    let sum: f64 = terms.iter().map(|t| t.1.max(0.0)).sum();
    // f64::max drops a NaN, so check the terms themselves.
    let usable = terms.iter().all(|t| t.1.is_finite()) && sum.is_finite() && sum > 0.0;
    terms
        .into_iter()
        .map(|(label, value)| {
            let share = if usable && value.is_finite() { value.max(0.0) / sum } else { 0.0 };
            TermBar { label, value, share }
        })
        .collect()
}

/// A share as a percentage for labels: "37%", "0.4%", "<0.1%", "0%".
pub fn percent(share: f64) -> String {
    let p = 100.0 * share;
    if !p.is_finite() || p <= 0.0 {
        "0%".to_string()
    } else if p < 0.1 {
        "<0.1%".to_string()
    } else if p < 10.0 {
        format!("{}%", (p * 10.0).round() / 10.0)
    } else {
        format!("{}%", p.round())
    }
}

/// Draws the bars; returns each bar's row as device-pixel y spans (top, bottom), for the hover.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[TermBar],
    total: f64,
    style: &Style,
) -> RenderResult<Vec<(f64, f64)>> {
    area.fill(&PAPER)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let compact = (w as f64 / style.scale) < 420.0;
    let size = style.font_size(if compact { 11.0 } else { 12.0 });
    let pad = style.px(8.0);
    let header = style.px(22.0);
    let title = if total.is_finite() {
        format!("Obj = {}", short(total))
    } else {
        "Obj is not finite: training diverged".to_string()
    };
    let font = axis::text(style.font_size(13.0)).pos(Pos::new(HPos::Left, VPos::Center));
    area.draw(&Text::new(title, (pad, header / 2), font))?;
    let n = bars.len().max(1) as i32;
    let row = ((h - header - pad) / n).max(1);
    // Labels above their bars on a narrow canvas, beside them on a wide one.
    let label_w =
        if compact { 0 } else { bars.iter().map(|b| axis::text_size(&b.label, size).0).max().unwrap_or(0) + pad };
    let base_y = area.get_base_pixel().1 as f64;
    let mut rows = Vec::with_capacity(bars.len());
    for (i, bar) in bars.iter().enumerate() {
        let top = header + i as i32 * row;
        rows.push((base_y + top as f64, base_y + (top + row) as f64));
        let color = style::categorical(i);
        let (bar_top, bar_h) = if compact {
            (top + row / 2, (row / 2 - style.px(4.0)).max(2))
        } else {
            (top + row / 5, (row * 3 / 5).max(2))
        };
        let value_text = format!("{} · {}", short(bar.value), percent(bar.share));
        let value_w = axis::text_size(&value_text, size).0 + pad;
        let x0 = pad + label_w;
        let full = (w - x0 - value_w - pad).max(style.px(20.0));
        let len = (bar.share.clamp(0.0, 1.0) * full as f64).round() as i32;
        let text_font = axis::text(size).pos(Pos::new(HPos::Left, VPos::Center));
        if compact {
            area.draw(&Text::new(bar.label.clone(), (pad, top + row / 4), text_font.clone()))?;
        } else {
            area.draw(&Text::new(bar.label.clone(), (pad, bar_top + bar_h / 2), text_font.clone()))?;
        }
        area.draw(&Rectangle::new([(x0, bar_top), (x0 + full, bar_top + bar_h)], GRID.filled()))?;
        if len > 0 {
            area.draw(&Rectangle::new([(x0, bar_top), (x0 + len, bar_top + bar_h)], color.filled()))?;
        }
        area.draw(&Rectangle::new(
            [(x0, bar_top), (x0 + full, bar_top + bar_h)],
            INK.mix(0.3).stroke_width(stroke(style, 1.0)),
        ))?;
        area.draw(&Text::new(value_text, (x0 + full + pad / 2, bar_top + bar_h / 2), text_font))?;
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_to_one_and_name_the_penalty() {
        let loss = LossTerms { reconstruction: 0.1, sparsity: 0.3, weight_decay: 0.1, total: 0.5 };
        let b = bars(&loss, "λ Σ|a|");
        assert_eq!(b[2].label, "sparsity λ Σ|a|");
        assert!((b.iter().map(|t| t.share).sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((b[2].share - 0.6).abs() < 1e-12);
        let diverged = LossTerms { reconstruction: f64::NAN, ..loss };
        assert!(bars(&diverged, "").iter().all(|t| t.share == 0.0));
        assert!(bars(&LossTerms::default(), "").iter().all(|t| t.share == 0.0));
    }

    #[test]
    fn percentages_read_short() {
        assert_eq!(percent(0.372), "37%");
        assert_eq!(percent(0.0437), "4.4%");
        assert_eq!(percent(0.0004), "<0.1%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(f64::NAN), "0%");
    }
}
