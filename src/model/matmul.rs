//! Matrix products into existing buffers: C = A·B (+ C), the training step's five products.
//!
//! Natively and in f64 this is `ndarray::linalg::general_mat_mul` (matrixmultiply, which is fast there).
//! In the browser, f32 products go through the SIMD128 kernel below instead: matrixmultiply's wasm
//! kernel keeps a 8×8 tile in sixteen vector accumulators, more than V8 can hold in the sixteen x64
//! vector registers, and its spills held it to about 13 GFLOP/s here (`npm run bench` measures both).
//! This kernel uses a 4×8 tile (eight accumulators, two B vectors, one splat of A: eleven live vectors)
//! over packed panels, and reaches about twice that.

use crate::float::Real;
use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2};

/// C = A·B when `accumulate` is false, C += A·B when it is true. Shapes `[m, k]`·`[k, n]` → `[m, n]`;
/// any strides (transposed views are fine).
pub fn matmul<F: Real>(a: &ArrayView2<F>, b: &ArrayView2<F>, accumulate: bool, c: &mut ArrayViewMut2<F>) {
    debug_assert_eq!(a.ncols(), b.nrows());
    debug_assert_eq!((a.nrows(), b.ncols()), c.dim());
    if F::matmul_f32_simd(a, b, accumulate, c) {
        return;
    }
    let beta = if accumulate { F::one() } else { F::zero() };
    general_mat_mul(F::one(), a, b, beta, c);
}

/// The SIMD128 kernel for f32 in wasm (see the module doc).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub mod simd {
    use ndarray::{ArrayView2, ArrayViewMut2};
    use std::arch::wasm32::*;
    use std::cell::RefCell;

    /// Rows of A per tile.
    const MR: usize = 4;
    /// Columns of B per tile (two f32x4 vectors).
    const NR: usize = 8;
    /// Depth per block, so a packed B panel (KC × NR floats = 8 KB) stays in L1 while every A panel
    /// passes by.
    const KC: usize = 256;

    thread_local! {
        /// Packed A and B blocks, reused by every product (no allocation per step).
        static SCRATCH: RefCell<(Vec<f32>, Vec<f32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
    }

    #[inline(always)]
    fn madd(a: v128, b: v128, c: v128) -> v128 {
        #[cfg(target_feature = "relaxed-simd")]
        {
            f32x4_relaxed_madd(a, b, c)
        }
        #[cfg(not(target_feature = "relaxed-simd"))]
        {
            f32x4_add(f32x4_mul(a, b), c)
        }
    }

    /// C (+)= A·B for f32 views.
    pub fn matmul(a: &ArrayView2<f32>, b: &ArrayView2<f32>, accumulate: bool, c: &mut ArrayViewMut2<f32>) {
        let (m, k) = a.dim();
        let n = b.ncols();
        if m == 0 || n == 0 {
            return;
        }
        if k == 0 {
            if !accumulate {
                c.fill(0.0);
            }
            return;
        }
        let m_panels = m.div_ceil(MR);
        let n_panels = n.div_ceil(NR);
        SCRATCH.with(|scratch| {
            let (packed_a, packed_b) = &mut *scratch.borrow_mut();
            let mut first = !accumulate;
            let mut k0 = 0;
            while k0 < k {
                let kc = KC.min(k - k0);
                pack_a(a, k0, kc, m_panels, packed_a);
                pack_b(b, k0, kc, n_panels, packed_b);
                for jp in 0..n_panels {
                    let bp = &packed_b[jp * kc * NR..(jp + 1) * kc * NR];
                    for ip in 0..m_panels {
                        let ap = &packed_a[ip * kc * MR..(ip + 1) * kc * MR];
                        let tile = kernel(ap, bp, kc);
                        store(c, ip * MR, jp * NR, &tile, first);
                    }
                }
                first = false;
                k0 += kc;
            }
        });
    }

    /// A[.., k0..k0+kc] into panels of MR rows, each kc × MR interleaved (zero rows past m).
    fn pack_a(a: &ArrayView2<f32>, k0: usize, kc: usize, panels: usize, out: &mut Vec<f32>) {
        let m = a.nrows();
        out.clear();
        out.resize(panels * kc * MR, 0.0);
        for ip in 0..panels {
            let panel = &mut out[ip * kc * MR..(ip + 1) * kc * MR];
            for r in 0..MR {
                let i = ip * MR + r;
                if i >= m {
                    continue;
                }
                let row = a.row(i);
                for p in 0..kc {
                    panel[p * MR + r] = row[k0 + p];
                }
            }
        }
    }

    /// B[k0..k0+kc, ..] into panels of NR columns, each kc × NR (zero columns past n).
    fn pack_b(b: &ArrayView2<f32>, k0: usize, kc: usize, panels: usize, out: &mut Vec<f32>) {
        let n = b.ncols();
        out.clear();
        out.resize(panels * kc * NR, 0.0);
        for p in 0..kc {
            let row = b.row(k0 + p);
            if let Some(row) = row.as_slice() {
                for jp in 0..panels {
                    let (j0, j1) = (jp * NR, (jp * NR + NR).min(n));
                    out[jp * kc * NR + p * NR..jp * kc * NR + p * NR + (j1 - j0)].copy_from_slice(&row[j0..j1]);
                }
            } else {
                for j in 0..n {
                    out[(j / NR) * kc * NR + p * NR + j % NR] = row[j];
                }
            }
        }
    }

    /// The MR × NR tile of one A panel times one B panel: eight f32x4 accumulators.
    #[inline(never)]
    fn kernel(ap: &[f32], bp: &[f32], kc: usize) -> [v128; 8] {
        let zero = f32x4_splat(0.0);
        let (mut c00, mut c01, mut c10, mut c11) = (zero, zero, zero, zero);
        let (mut c20, mut c21, mut c30, mut c31) = (zero, zero, zero, zero);
        assert!(ap.len() >= kc * MR && bp.len() >= kc * NR);
        let (a_ptr, b_ptr) = (ap.as_ptr(), bp.as_ptr());
        for p in 0..kc {
            // SAFETY: p < kc and the asserts above bound every offset read here.
            unsafe {
                let b0 = v128_load(b_ptr.add(p * NR) as *const v128);
                let b1 = v128_load(b_ptr.add(p * NR + 4) as *const v128);
                let a = a_ptr.add(p * MR);
                let a0 = v128_load32_splat(a as *const u32);
                c00 = madd(a0, b0, c00);
                c01 = madd(a0, b1, c01);
                let a1 = v128_load32_splat(a.add(1) as *const u32);
                c10 = madd(a1, b0, c10);
                c11 = madd(a1, b1, c11);
                let a2 = v128_load32_splat(a.add(2) as *const u32);
                c20 = madd(a2, b0, c20);
                c21 = madd(a2, b1, c21);
                let a3 = v128_load32_splat(a.add(3) as *const u32);
                c30 = madd(a3, b0, c30);
                c31 = madd(a3, b1, c31);
            }
        }
        [c00, c01, c10, c11, c20, c21, c30, c31]
    }

    /// The kernel against matrixmultiply on awkward shapes (edges, several depth blocks, transposed
    /// views, accumulation): the largest relative difference. The browser tests call this, since
    /// native `cargo test` cannot run wasm code.
    pub fn self_test() -> f32 {
        use ndarray::linalg::general_mat_mul;
        use ndarray::Array2;
        let mut worst = 0.0f32;
        for &(m, k, n) in &[(1, 1, 1), (5, 3, 9), (64, 784, 196), (7, 513, 17), (196, 64, 784), (3, 260, 8)] {
            let a = Array2::from_shape_fn((m, k), |(i, j)| ((i * 31 + j * 17) % 97) as f32 / 97.0 - 0.5);
            let b = Array2::from_shape_fn((k, n), |(i, j)| ((i * 13 + j * 7) % 89) as f32 / 89.0 - 0.5);
            for transposed in [false, true] {
                let (a_store, b_store) = (a.t().to_owned(), b.t().to_owned());
                let (av, bv) = if transposed { (a_store.t(), b_store.t()) } else { (a.view(), b.view()) };
                let mut expected = Array2::from_elem((m, n), 0.25f32);
                general_mat_mul(1.0, &av, &bv, 1.0, &mut expected);
                let mut c = Array2::from_elem((m, n), 0.25f32);
                matmul(&av, &bv, true, &mut c.view_mut());
                let scale = expected.iter().fold(1e-6f32, |s, v| s.max(v.abs()));
                for (x, y) in c.iter().zip(&expected) {
                    worst = worst.max((x - y).abs() / scale);
                }
            }
        }
        worst
    }

    /// Writes (or adds) a tile into C at (i0, j0), skipping rows and columns past C's edge.
    fn store(c: &mut ArrayViewMut2<f32>, i0: usize, j0: usize, tile: &[v128; 8], overwrite: bool) {
        let (m, n) = c.dim();
        for r in 0..MR {
            let i = i0 + r;
            if i >= m {
                break;
            }
            let mut values = [0.0f32; NR];
            for half in 0..2 {
                let v = tile[2 * r + half];
                values[4 * half] = f32x4_extract_lane::<0>(v);
                values[4 * half + 1] = f32x4_extract_lane::<1>(v);
                values[4 * half + 2] = f32x4_extract_lane::<2>(v);
                values[4 * half + 3] = f32x4_extract_lane::<3>(v);
            }
            let mut row = c.row_mut(i);
            let width = NR.min(n - j0);
            if let Some(slice) = row.as_slice_mut() {
                let dst = &mut slice[j0..j0 + width];
                if overwrite {
                    dst.copy_from_slice(&values[..width]);
                } else {
                    dst.iter_mut().zip(&values).for_each(|(d, v)| *d += v);
                }
            } else {
                for (j, v) in values.iter().enumerate().take(width) {
                    let d = &mut row[j0 + j];
                    *d = if overwrite { *v } else { *d + v };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn products_match_the_definition_for_every_layout() {
        for &(m, k, n) in &[(1, 1, 1), (5, 3, 9), (64, 300, 19), (7, 513, 17)] {
            let a = Array2::from_shape_fn((m, k), |(i, j)| ((i * 7 + j * 3) % 11) as f32 - 5.0);
            let b = Array2::from_shape_fn((k, n), |(i, j)| ((i * 5 + j) % 13) as f32 * 0.5 - 3.0);
            let expected = Array2::from_shape_fn((m, n), |(i, j)| (0..k).map(|p| a[[i, p]] * b[[p, j]]).sum::<f32>());
            let mut c = Array2::from_elem((m, n), 1.0f32);
            matmul(&a.view(), &b.view(), false, &mut c.view_mut());
            assert_eq!(c, expected);
            matmul(&a.view(), &b.view(), true, &mut c.view_mut());
            assert_eq!(c, expected.mapv(|v| 2.0 * v));
            // Transposed views.
            let (at, bt) = (a.t().to_owned(), b.t().to_owned());
            let mut c2 = Array2::zeros((m, n));
            matmul(&at.t(), &bt.t(), false, &mut c2.view_mut());
            assert_eq!(c2, expected);
        }
    }
}
