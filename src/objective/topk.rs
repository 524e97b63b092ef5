//! TopK (the modern sparse autoencoder's constraint): keep the k largest code activations of each sample.
//!
//! Not a loss term: it changes the forward pass itself, and gradients flow only through the kept units.

use crate::float::Real;
use ndarray::Array2;

/// Zeroes all but the `k` largest entries of every row of `h` (`[m, code]`), writing 1 into `kept` where
/// an entry survives. Ties at the k-th value are kept left to right, so exactly k survive per row.
/// `scratch` must hold `code` values.
pub fn keep_largest<F: Real>(h: &mut Array2<F>, k: usize, kept: &mut Array2<u8>, scratch: &mut [F]) {
    let code = h.ncols();
    let k = k.min(code);
    for (mut row, mut kept_row) in h.rows_mut().into_iter().zip(kept.rows_mut()) {
        if k == code {
            kept_row.fill(1);
            continue;
        }
        for (s, &a) in scratch.iter_mut().zip(row.iter()) {
            *s = a;
        }
        // The k-th largest value is the threshold; select_nth is O(code).
        let (_, kth, _) =
            scratch.select_nth_unstable_by(code - k, |a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        let threshold = *kth;
        let above = row.iter().filter(|&&a| a > threshold).count();
        let mut ties_left = k - above;
        for (a, keep) in row.iter_mut().zip(kept_row.iter_mut()) {
            let survives = if *a > threshold {
                true
            } else if *a == threshold && ties_left > 0 {
                ties_left -= 1;
                true
            } else {
                false
            };
            *keep = survives as u8;
            if !survives {
                *a = F::zero();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn keeps_exactly_k_per_row() {
        let mut h = array![[0.1, 0.9, 0.5, 0.7], [0.4, 0.4, 0.4, 0.4], [-1.0, -2.0, 3.0, 0.0]];
        let mut kept = Array2::zeros((3, 4));
        let mut scratch = vec![0.0; 4];
        keep_largest(&mut h, 2, &mut kept, &mut scratch);
        assert_eq!(h, array![[0.0, 0.9, 0.0, 0.7], [0.4, 0.4, 0.0, 0.0], [0.0, 0.0, 3.0, 0.0]]);
        for row in kept.rows() {
            assert_eq!(row.iter().map(|&k| k as usize).sum::<usize>(), 2);
        }
    }
}
