//! Numbers in the read-out lines under the figures.

/// A measured value to four significant digits ("0.1235", "123.5"), in exponent form outside
/// 0.01..10⁴ ("1.23e-5", "2.50e+4"), "0" for zero and "not finite" after divergence.
pub fn value(v: f64) -> String {
    if !v.is_finite() {
        return "not finite".to_string();
    }
    if v == 0.0 {
        return "0".to_string();
    }
    let a = v.abs();
    if (0.01..1e4).contains(&a) {
        // Decimals for four significant digits, from the exponent after rounding (0.099996 → 0.1000).
        let exponent = format!("{a:.3e}").split_once('e').and_then(|(_, e)| e.parse::<i32>().ok()).unwrap_or(0);
        let decimals = (3 - exponent).max(0) as usize;
        format!("{v:.decimals$}")
    } else {
        let s = format!("{v:.2e}");
        match s.split_once('e') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => format!("{mantissa}e+{exponent}"),
            _ => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_like_the_page_always_showed_them() {
        assert_eq!(value(0.123456), "0.1235");
        assert_eq!(value(123.456), "123.5");
        assert_eq!(value(1234.56), "1235");
        assert_eq!(value(0.099996), "0.1000");
        assert_eq!(value(-0.5), "-0.5000");
        assert_eq!(value(1.234e-5), "1.23e-5");
        assert_eq!(value(25000.0), "2.50e+4");
        assert_eq!(value(0.0), "0");
        assert_eq!(value(f64::NAN), "not finite");
    }
}
