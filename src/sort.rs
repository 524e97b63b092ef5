//! Sorting with one copy of the standard library's sort per element type.
//!
//! Every closure is a type of its own, and `slice::sort_by` is compiled again for each one (about 6 KB
//! of wasm with its helpers): sorting code was 9 % of the page's wasm. Behind `&dyn Fn`, every call with
//! the same element type shares one copy. None of these sorts is on the training path (TopK's selection
//! keeps its own, inlined comparator).

use std::cmp::Ordering;

/// Stable sort of `values` by `compare`.
pub fn sort_by<T>(values: &mut [T], compare: &dyn Fn(&T, &T) -> Ordering) {
    values.sort_by(|a, b| compare(a, b));
}

/// Stable sort of `indices` by `key(index)`, largest first; `total_cmp` gives ties and NaN a fixed place.
pub fn indices_descending_by(indices: &mut [usize], key: &dyn Fn(usize) -> f64) {
    sort_by(indices, &|&a, &b| key(b).total_cmp(&key(a)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_and_descending() {
        let mut pairs = [(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd')];
        sort_by(&mut pairs, &|a, b| a.0.cmp(&b.0));
        assert_eq!(pairs, [(0, 'd'), (1, 'b'), (2, 'a'), (2, 'c')]);
        let keys = [0.5, f64::NAN, 2.0, 0.5, -1.0];
        let mut indices: Vec<usize> = (0..keys.len()).collect();
        indices_descending_by(&mut indices, &|i| keys[i]);
        assert_eq!(indices, [1, 2, 0, 3, 4], "NaN first under total_cmp, ties in index order");
    }
}
