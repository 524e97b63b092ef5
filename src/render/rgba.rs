//! An RGBA pixel buffer: what per-pixel pictures are painted into before one `putImageData`.

use plotters::style::RGBColor;

/// The largest side, in device pixels, that a painter makes an image (browsers refuse canvases much
/// beyond 16k pixels a side; a larger target is clamped to this, never trusted).
pub const MAX_SIDE: usize = 8192;

/// Row-major RGBA8 pixels, `width × height × 4` bytes, ready for `new ImageData(...)`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RgbaImage {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl RgbaImage {
    pub fn new(width: usize, height: usize) -> RgbaImage {
        RgbaImage { width, height, pixels: vec![255; width * height * 4] }
    }

    /// Resizes (keeping the allocation when it is large enough) and fills with `color`.
    pub fn reset(&mut self, width: usize, height: usize, color: RGBColor) {
        self.width = width;
        self.height = height;
        self.pixels.resize(width * height * 4, 0);
        for px in self.pixels.chunks_exact_mut(4) {
            px.copy_from_slice(&[color.0, color.1, color.2, 255]);
        }
    }

    /// Sets one pixel; outside the image does nothing.
    #[inline]
    pub fn put(&mut self, x: i64, y: i64, color: RGBColor) {
        if x < 0 || y < 0 || x as usize >= self.width || y as usize >= self.height {
            return;
        }
        let i = (y as usize * self.width + x as usize) * 4;
        self.pixels[i..i + 4].copy_from_slice(&[color.0, color.1, color.2, 255]);
    }

    /// The pixel rows and columns of the rectangle [x, x + w) × [y, y + h) that lie inside the image.
    fn clip(&self, x: i64, y: i64, w: i64, h: i64) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let x0 = (x.max(0) as usize).min(self.width);
        let y0 = (y.max(0) as usize).min(self.height);
        let x1 = ((x.saturating_add(w)).max(0) as usize).min(self.width);
        let y1 = ((y.saturating_add(h)).max(0) as usize).min(self.height);
        (y0..y1, x0..x1)
    }

    /// Fills the rectangle [x, x + w) × [y, y + h), clipped to the image.
    pub fn fill_rect(&mut self, x: i64, y: i64, w: i64, h: i64, color: RGBColor) {
        let (rows, cols) = self.clip(x, y, w, h);
        for row in rows {
            for col in cols.clone() {
                let i = (row * self.width + col) * 4;
                self.pixels[i..i + 4].copy_from_slice(&[color.0, color.1, color.2, 255]);
            }
        }
    }

    /// Outlines the rectangle [x, x + w) × [y, y + h) with a border `thickness` pixels wide drawn inside
    /// it, clipped to the image.
    pub fn stroke_rect(&mut self, x: i64, y: i64, w: i64, h: i64, thickness: i64, color: RGBColor) {
        let t = thickness.max(1).min(w.max(0)).min(h.max(0));
        if t == 0 {
            return;
        }
        self.fill_rect(x, y, w, t, color);
        self.fill_rect(x, y + h - t, w, t, color);
        self.fill_rect(x, y + t, t, h - 2 * t, color);
        self.fill_rect(x + w - t, y + t, t, h - 2 * t, color);
    }

    /// Blends `color` over one pixel with opacity `alpha` (255 = opaque); outside the image does nothing.
    #[inline]
    pub fn blend(&mut self, x: i64, y: i64, color: RGBColor, alpha: u8) {
        if x < 0 || y < 0 || x as usize >= self.width || y as usize >= self.height {
            return;
        }
        let i = (y as usize * self.width + x as usize) * 4;
        blend_into(&mut self.pixels[i..i + 3], color, alpha);
    }

    /// Blends `color` with opacity `alpha` over the rectangle [x, x + w) × [y, y + h), clipped.
    pub fn blend_rect(&mut self, x: i64, y: i64, w: i64, h: i64, color: RGBColor, alpha: u8) {
        let (rows, cols) = self.clip(x, y, w, h);
        for row in rows {
            for col in cols.clone() {
                let i = (row * self.width + col) * 4;
                blend_into(&mut self.pixels[i..i + 3], color, alpha);
            }
        }
    }

    /// A one-pixel line from (x0, y0) to (x1, y1) (pixel centres at integer + 0.5 are not assumed: the
    /// line visits `floor` of each sampled point), blended with opacity `alpha`. Clipped to the image
    /// first, so far-away or huge endpoints cost nothing; a non-finite endpoint draws nothing.
    pub fn line(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, color: RGBColor, alpha: u8) {
        let Some((x0, y0, x1, y1)) = clip_segment(x0, y0, x1, y1, self.width as f64, self.height as f64) else {
            return;
        };
        let steps = (x1 - x0).abs().max((y1 - y0).abs()).ceil().max(1.0);
        let (dx, dy) = ((x1 - x0) / steps, (y1 - y0) / steps);
        for k in 0..=steps as i64 {
            let t = k as f64;
            self.blend((x0 + dx * t).floor() as i64, (y0 + dy * t).floor() as i64, color, alpha);
        }
    }

    /// The colour at a pixel (tests and hover).
    pub fn get(&self, x: usize, y: usize) -> RGBColor {
        let i = (y * self.width + x) * 4;
        RGBColor(self.pixels[i], self.pixels[i + 1], self.pixels[i + 2])
    }

    /// Variance of the pixel intensities: zero for a blank picture.
    pub fn variance(&self) -> f64 {
        let n = (self.width * self.height) as f64;
        if n == 0.0 {
            return 0.0;
        }
        let values = self.pixels.chunks_exact(4).map(|p| (p[0] as f64 + p[1] as f64 + p[2] as f64) / 3.0);
        let mean = values.clone().sum::<f64>() / n;
        values.map(|v| (v - mean) * (v - mean)).sum::<f64>() / n
    }
}

/// `out = alpha · color + (1 − alpha) · out` on one RGB triple, in integer arithmetic.
#[inline]
fn blend_into(out: &mut [u8], color: RGBColor, alpha: u8) {
    let a = alpha as u32;
    let b = 255 - a;
    for (o, c) in out.iter_mut().zip([color.0, color.1, color.2]) {
        *o = ((c as u32 * a + *o as u32 * b + 127) / 255) as u8;
    }
}

/// Liang–Barsky: the part of the segment inside [0, w] × [0, h], or `None`. An end moved by clipping is
/// put exactly on the boundary that moved it (with far-off endpoints, x0 + t·dx alone would be off by
/// far more than a pixel).
fn clip_segment(x0: f64, y0: f64, x1: f64, y1: f64, w: f64, h: f64) -> Option<(f64, f64, f64, f64)> {
    if !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
        return None;
    }
    let (dx, dy) = (x1 - x0, y1 - y0);
    if !(dx.is_finite() && dy.is_finite()) {
        return None;
    }
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    // Which boundary set each end: 0 left, 1 right, 2 top, 3 bottom (4 = not clipped).
    let (mut b0, mut b1) = (4, 4);
    for (k, (p, q)) in [(-dx, x0), (dx, w - x0), (-dy, y0), (dy, h - y0)].into_iter().enumerate() {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 && r > t0 {
                t0 = r;
                b0 = k;
            } else if p > 0.0 && r < t1 {
                t1 = r;
                b1 = k;
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let end = |t: f64, boundary: usize| -> (f64, f64) {
        let (mut x, mut y) = if t == 0.0 {
            (x0, y0)
        } else if t == 1.0 {
            (x1, y1)
        } else {
            (x0 + t * dx, y0 + t * dy)
        };
        match boundary {
            0 => x = 0.0,
            1 => x = w,
            2 => y = 0.0,
            3 => y = h,
            _ => {}
        }
        // A hair inside, so `floor` of the far edge stays in the image.
        (x.clamp(0.0, (w - 1e-6).max(0.0)), y.clamp(0.0, (h - 1e-6).max(0.0)))
    };
    let ((ax, ay), (bx, by)) = (end(t0, b0), end(t1, b1));
    Some((ax, ay, bx, by))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paints_and_clips() {
        let mut img = RgbaImage::new(4, 3);
        assert_eq!(img.variance(), 0.0);
        img.fill_rect(-2, 1, 4, 10, RGBColor(0, 0, 0));
        img.put(9, 9, RGBColor(1, 2, 3));
        assert_eq!(img.get(0, 1), RGBColor(0, 0, 0));
        assert_eq!(img.get(2, 1), RGBColor(255, 255, 255));
        assert!(img.variance() > 0.0);
    }

    #[test]
    fn outlines_blends_and_clipped_lines() {
        let mut img = RgbaImage::new(6, 6);
        img.stroke_rect(1, 1, 4, 4, 1, RGBColor(0, 0, 0));
        assert_eq!(img.get(1, 1), RGBColor(0, 0, 0));
        assert_eq!(img.get(4, 3), RGBColor(0, 0, 0));
        assert_eq!(img.get(2, 2), RGBColor(255, 255, 255));
        img.blend(0, 0, RGBColor(0, 0, 0), 128);
        assert_eq!(img.get(0, 0), RGBColor(127, 127, 127));
        img.line(-1e30, 5.5, 1e30, 5.5, RGBColor(0, 0, 0), 255);
        assert!((0..6).all(|x| img.get(x, 5) == RGBColor(0, 0, 0)));
        img.line(f64::NAN, 0.0, 3.0, 3.0, RGBColor(9, 9, 9), 255);
        img.blend_rect(-5, -5, i64::MAX, 2, RGBColor(0, 0, 0), 255);
    }
}
