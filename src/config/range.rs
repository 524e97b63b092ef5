//! Numeric ranges: the values a setting accepts, and the part of them its slider spans.

use serde::Serialize;

/// The values a numeric setting accepts, with either end open or closed.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidRange {
    pub min: f64,
    pub max: f64,
    /// Whether `min` itself is refused.
    pub min_open: bool,
    /// Whether `max` itself is refused.
    pub max_open: bool,
}

impl ValidRange {
    pub const fn closed(min: f64, max: f64) -> ValidRange {
        ValidRange { min, max, min_open: false, max_open: false }
    }

    pub const fn open(min: f64, max: f64) -> ValidRange {
        ValidRange { min, max, min_open: true, max_open: true }
    }

    /// Above `min`, at most `max`.
    pub const fn above(min: f64, max: f64) -> ValidRange {
        ValidRange { min, max, min_open: true, max_open: false }
    }

    pub fn contains(&self, v: f64) -> bool {
        let above_min = if self.min_open { v > self.min } else { v >= self.min };
        let below_max = if self.max_open { v < self.max } else { v <= self.max };
        v.is_finite() && above_min && below_max
    }

    /// The range in words, to follow "must be": "between 0 and 100", "strictly between 0 and 1".
    pub fn describe(&self) -> String {
        match (self.min_open, self.max_open) {
            (false, false) => format!("between {} and {}", self.min, self.max),
            (true, true) => format!("strictly between {} and {}", self.min, self.max),
            (true, false) => format!("above {} and at most {}", self.min, self.max),
            (false, true) => format!("at least {} and below {}", self.min, self.max),
        }
    }
}

/// How a slider position maps to a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Scale {
    /// Evenly spaced values, rounded to `step`.
    Linear,
    /// Logarithmic from `min` to `max`.
    Log,
    /// Logarithmic from `min` to `max`, with the far left meaning exactly 0.
    LogWithZero,
    /// Powers of two.
    Pow2,
}

/// The part of the valid range a slider spans (the exact-value box beside it reaches the rest).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Slider {
    pub min: f64,
    pub max: f64,
    pub scale: Scale,
    /// Rounding of linear sliders (1 for whole numbers); log sliders keep three significant digits.
    pub step: Option<f64>,
}

impl Slider {
    pub const fn linear(min: f64, max: f64, step: f64) -> Slider {
        Slider { min, max, scale: Scale::Linear, step: Some(step) }
    }

    pub const fn log(min: f64, max: f64) -> Slider {
        Slider { min, max, scale: Scale::Log, step: None }
    }

    pub const fn log_with_zero(min: f64, max: f64) -> Slider {
        Slider { min, max, scale: Scale::LogWithZero, step: None }
    }

    pub const fn pow2(min: f64, max: f64) -> Slider {
        Slider { min, max, scale: Scale::Pow2, step: Some(1.0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_and_words() {
        let rho = ValidRange::open(0.0, 1.0);
        assert!(!rho.contains(0.0) && rho.contains(0.5) && !rho.contains(1.0) && !rho.contains(f64::NAN));
        assert_eq!(rho.describe(), "strictly between 0 and 1");
        let eta = ValidRange::above(0.0, 1000.0);
        assert!(!eta.contains(0.0) && eta.contains(1000.0));
        assert_eq!(eta.describe(), "above 0 and at most 1000");
        assert_eq!(ValidRange::closed(0.0, 2.0).describe(), "between 0 and 2");
    }
}
