//! Sizes and colours shared by every picture.
//!
//! Canvases are sized in device pixels (CSS size × devicePixelRatio) so they stay sharp on HiDPI
//! screens; every length a renderer uses goes through [`Style::px`]. Colours come from colorous's
//! colour-blind-safe maps, never from hand-typed tables.

use plotters::style::{FontFamily, RGBColor};

/// How to draw: the device-pixel scale and the theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// Device pixels per CSS pixel (window.devicePixelRatio), at least 1.
    pub scale: f64,
}

impl Default for Style {
    fn default() -> Self {
        Style { scale: 1.0 }
    }
}

/// The font every chart uses (the page's own sans-serif). The family itself, not its name: plotters reads a
/// name through `str::to_lowercase`, which brings Unicode's case tables (12 KB) into the wasm.
pub const FONT: FontFamily<'static> = FontFamily::SansSerif;

impl Style {
    pub fn new(scale: f64) -> Style {
        Style { scale: if scale.is_finite() && scale >= 1.0 { scale.min(4.0) } else { 1.0 } }
    }

    /// A length of `css` CSS pixels in device pixels.
    pub fn px(&self, css: f64) -> i32 {
        (css * self.scale).round() as i32
    }

    /// A font size of `css` CSS pixels in device pixels.
    pub fn font_size(&self, css: f64) -> f64 {
        css * self.scale
    }

    /// Label text size.
    pub fn label(&self) -> f64 {
        self.font_size(11.0)
    }

    /// Caption text size.
    pub fn caption(&self) -> f64 {
        self.font_size(13.0)
    }
}

fn rgb(c: colorous::Color) -> RGBColor {
    RGBColor(c.r, c.g, c.b)
}

/// Sequential map (viridis) at `t` in [0, 1]; non-finite `t` is drawn at 0.
pub fn sequential(t: f64) -> RGBColor {
    rgb(colorous::VIRIDIS.eval_continuous(clamp01(t)))
}

/// Diverging map (purple-orange, colour-blind safe) at `t` in [−1, 1]: negative purple, positive orange.
pub fn diverging(t: f64) -> RGBColor {
    rgb(colorous::PURPLE_ORANGE.eval_continuous(clamp01(0.5 + 0.5 * t)))
}

/// Grey level for pictures of ink (MNIST digits): `t` = 0 is the paper, 1 the ink, linear in between;
/// non-finite `t` is drawn at 0.
pub fn grayscale(t: f64) -> RGBColor {
    let t = clamp01(t);
    let mix = |paper: u8, ink: u8| (paper as f64 + (ink as f64 - paper as f64) * t).round() as u8;
    RGBColor(mix(PAPER.0, INK.0), mix(PAPER.1, INK.1), mix(PAPER.2, INK.2))
}

/// The i-th categorical colour (ten distinct colours: digits, loss terms).
pub fn categorical(i: usize) -> RGBColor {
    rgb(colorous::TABLEAU10[i % colorous::TABLEAU10.len()])
}

fn clamp01(t: f64) -> f64 {
    if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Ink for axes and text.
pub const INK: RGBColor = RGBColor(40, 40, 48);
/// Faint grid lines.
pub const GRID: RGBColor = RGBColor(225, 225, 232);
/// Background of every picture.
pub const PAPER: RGBColor = RGBColor(255, 255, 255);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_is_sane_and_maps_are_total() {
        assert_eq!(Style::new(f64::NAN).scale, 1.0);
        assert_eq!(Style::new(2.0).px(10.0), 20);
        assert_eq!(sequential(f64::NAN), sequential(0.0));
        assert_ne!(diverging(-1.0), diverging(1.0));
        assert_eq!(categorical(0), categorical(10));
        assert_eq!(grayscale(0.0), PAPER);
        assert_eq!(grayscale(1.0), INK);
        assert_eq!(grayscale(f64::NAN), PAPER);
    }
}
