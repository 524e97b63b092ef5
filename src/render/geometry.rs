//! Where a chart put its data, so a pixel under the mouse can be turned back into data values.

use serde::Serialize;

/// The plotting area of a chart in device pixels and the data ranges it shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlotGeometry {
    /// Left and right edge of the plotting area, device pixels.
    pub x_pixels: (f64, f64),
    /// Top and bottom edge of the plotting area, device pixels.
    pub y_pixels: (f64, f64),
    /// Data value at the left and right edge.
    pub x_range: (f64, f64),
    /// Data value at the bottom and top edge.
    pub y_range: (f64, f64),
    /// Whether the y axis is logarithmic (base 10).
    pub log_y: bool,
}

impl PlotGeometry {
    /// Whether a device pixel lies inside the plotting area.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x_pixels.0 && x <= self.x_pixels.1 && y >= self.y_pixels.0 && y <= self.y_pixels.1
    }

    /// The data x at device pixel `x`.
    pub fn data_x(&self, x: f64) -> f64 {
        let (p0, p1) = self.x_pixels;
        let t = if p1 > p0 { (x - p0) / (p1 - p0) } else { 0.0 };
        self.x_range.0 + t * (self.x_range.1 - self.x_range.0)
    }

    /// The data y at device pixel `y` (top of the area is the top of the range).
    pub fn data_y(&self, y: f64) -> f64 {
        let (top, bottom) = self.y_pixels;
        let t = if bottom > top { (bottom - y) / (bottom - top) } else { 0.0 };
        if self.log_y {
            let (lo, hi) =
                (self.y_range.0.max(f64::MIN_POSITIVE).log10(), self.y_range.1.max(f64::MIN_POSITIVE).log10());
            10f64.powf(lo + t * (hi - lo))
        } else {
            self.y_range.0 + t * (self.y_range.1 - self.y_range.0)
        }
    }

    /// The device pixel x of data `x` (for placing hover markers).
    pub fn pixel_x(&self, x: f64) -> f64 {
        let (d0, d1) = self.x_range;
        let t = if d1 != d0 { (x - d0) / (d1 - d0) } else { 0.0 };
        self.x_pixels.0 + t * (self.x_pixels.1 - self.x_pixels.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_pixels_to_data_and_back() {
        let g = PlotGeometry {
            x_pixels: (10.0, 110.0),
            y_pixels: (0.0, 50.0),
            x_range: (0.0, 1.0),
            y_range: (1e-3, 1e1),
            log_y: true,
        };
        assert!((g.data_x(60.0) - 0.5).abs() < 1e-12);
        assert!((g.pixel_x(0.5) - 60.0).abs() < 1e-12);
        assert!((g.data_y(50.0) - 1e-3).abs() < 1e-15);
        assert!((g.data_y(25.0) - 0.1).abs() < 1e-12);
        assert!(g.contains(10.0, 0.0) && !g.contains(9.0, 10.0));
    }
}
