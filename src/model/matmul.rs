//! Matrix products into existing buffers: C = A·B (+ C), the training step's five products.
//!
//! Natively and in f64 this is `ndarray::linalg::general_mat_mul` (matrixmultiply, which is fast there).
//! In the browser, f32 products go through the SIMD128 kernel below instead: matrixmultiply's wasm
//! kernel keeps a 8×8 tile in sixteen vector accumulators, more than V8 can hold in the sixteen x64
//! vector registers, and its spills held it to about 13 GFLOP/s here (`npm run bench` measures both).
//! This kernel uses a 4×8 tile (eight accumulators, two B vectors, one splat of A: eleven live vectors)
//! over packed panels, and reaches about twice that.

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2, LinalgScalar};

/// A float that may have its own product kernel in this build. The dispatch lives here, with the kernels;
/// `crate::float::Real` has this trait as a supertrait, so the dependency runs one way (float → matmul).
pub trait ProductKernel: LinalgScalar {
    /// C (+)= A·B through this float's own kernel if the build has one (f32 with SIMD128 in wasm);
    /// `false` means the caller uses the generic product.
    #[inline(always)]
    fn own_kernel(
        _a: &ArrayView2<Self>,
        _b: &ArrayView2<Self>,
        _accumulate: bool,
        _c: &mut ArrayViewMut2<Self>,
    ) -> bool {
        false
    }
}

impl ProductKernel for f32 {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    #[inline(always)]
    fn own_kernel(a: &ArrayView2<f32>, b: &ArrayView2<f32>, accumulate: bool, c: &mut ArrayViewMut2<f32>) -> bool {
        if a.nrows() * a.ncols() * b.ncols() > SMALL {
            simd::matmul(a, b, accumulate, c);
            true
        } else {
            super::thin_product::matmul(a, b, accumulate, c)
        }
    }
}

impl ProductKernel for f64 {}

/// C = A·B when `accumulate` is false, C += A·B when it is true. Shapes `[m, k]`·`[k, n]` → `[m, n]`;
/// any strides (transposed views are fine).
pub fn matmul<F: ProductKernel>(a: &ArrayView2<F>, b: &ArrayView2<F>, accumulate: bool, c: &mut ArrayViewMut2<F>) {
    debug_assert_eq!(a.ncols(), b.nrows());
    debug_assert_eq!((a.nrows(), b.ncols()), c.dim());
    if F::own_kernel(a, b, accumulate, c) {
        return;
    }
    let beta = if accumulate { F::one() } else { F::zero() };
    general_mat_mul(F::one(), a, b, beta, c);
}

/// Products up to this many multiply-adds (the Swiss roll's 128×3·3×16) skip the tiled kernel, whose
/// packing costs more than their arithmetic: thin ones go to `thin_product.rs`, the rest to matrixmultiply.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
const SMALL: usize = 16 * 1024;

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
    /// Largest depth per block, so a packed B panel (KC × NR floats, 16 KB) stays in L1 while every A
    /// panel passes by. Blocks are balanced (784 = 2 × 392, not 512 + 272).
    const KC: usize = 512;

    thread_local! {
        /// Packed A and B blocks, reused by every product (no allocation per step).
        static SCRATCH: RefCell<(Vec<f32>, Vec<f32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
    }

    /// a·b + c on four lanes: one fused instruction with relaxed SIMD, a multiply and an add without.
    #[inline(always)]
    pub(crate) fn madd(a: v128, b: v128, c: v128) -> v128 {
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
            let blocks = k.div_ceil(KC);
            let mut k0 = 0;
            while k0 < k {
                let kc = k.div_ceil(blocks).min(k - k0);
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

    /// A[.., k0..k0+kc] into panels of MR rows, each kc × MR interleaved (zero rows past m). Walks the
    /// source in its own memory order (rows of X, or columns when A is a transposed view).
    fn pack_a(a: &ArrayView2<f32>, k0: usize, kc: usize, panels: usize, out: &mut Vec<f32>) {
        let m = a.nrows();
        out.clear();
        out.resize(panels * kc * MR, 0.0);
        let (row_stride, col_stride) = (a.strides()[0], a.strides()[1]);
        let base = a.as_ptr();
        for i in 0..m {
            let panel = &mut out[(i / MR) * kc * MR..(i / MR + 1) * kc * MR];
            let r = i % MR;
            // SAFETY: i < m and k0 + p < k, so every offset is inside the view.
            let at = |p: usize| unsafe { *base.offset(i as isize * row_stride + (k0 + p) as isize * col_stride) };
            for p in 0..kc {
                panel[p * MR + r] = at(p);
            }
        }
    }

    /// B[k0..k0+kc, ..] into panels of NR columns, each kc × NR (zero columns past n): row slices when
    /// B's rows are contiguous, column walks when B is a transposed view (Wᵀ).
    fn pack_b(b: &ArrayView2<f32>, k0: usize, kc: usize, panels: usize, out: &mut Vec<f32>) {
        let n = b.ncols();
        out.clear();
        out.resize(panels * kc * NR, 0.0);
        let (row_stride, col_stride) = (b.strides()[0], b.strides()[1]);
        let base = b.as_ptr();
        if col_stride == 1 {
            for p in 0..kc {
                // SAFETY: row k0 + p of the view, n contiguous elements.
                let row = unsafe { std::slice::from_raw_parts(base.offset((k0 + p) as isize * row_stride), n) };
                for jp in 0..panels {
                    let (j0, j1) = (jp * NR, (jp * NR + NR).min(n));
                    let at = jp * kc * NR + p * NR;
                    out[at..at + (j1 - j0)].copy_from_slice(&row[j0..j1]);
                }
            }
        } else {
            for j in 0..n {
                let panel = &mut out[(j / NR) * kc * NR..(j / NR + 1) * kc * NR];
                let lane = j % NR;
                for p in 0..kc {
                    // SAFETY: j < n and k0 + p < k.
                    panel[p * NR + lane] =
                        unsafe { *base.offset((k0 + p) as isize * row_stride + j as isize * col_stride) };
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

    /// GFLOP/s of the 4×8 tile kernel alone on panels that stay in L1 (no packing, no stores).
    pub fn kernel_rate(repeats: usize, clock: fn() -> f64) -> f64 {
        let kc = KC;
        let ap: Vec<f32> = (0..kc * MR).map(|i| (i % 7) as f32 * 0.01).collect();
        let bp: Vec<f32> = (0..kc * NR).map(|i| (i % 5) as f32 * 0.01).collect();
        let mut sink = f32x4_splat(0.0);
        let start = clock();
        for _ in 0..repeats {
            let tile = kernel(std::hint::black_box(&ap), std::hint::black_box(&bp), kc);
            sink = f32x4_add(sink, tile[0]);
        }
        let elapsed = clock() - start;
        std::hint::black_box(sink);
        (repeats * kc * MR * NR * 2) as f64 / elapsed / 1e9
    }

    /// The kernels (tiled and thin) against matrixmultiply on awkward shapes (edges, several depth blocks,
    /// transposed views, accumulation): the largest relative difference. The browser tests call this, since
    /// native `cargo test` cannot run wasm code.
    pub fn self_test() -> f32 {
        use ndarray::linalg::general_mat_mul;
        use ndarray::Array2;
        let mut worst = 0.0f32;
        // The last row: the Swiss roll's five thin products (3-16-3, batch 128) and edges of the thin forms.
        for &(m, k, n) in &[
            (1, 1, 1),
            (5, 3, 9),
            (64, 784, 196),
            (7, 513, 17),
            (196, 64, 784),
            (3, 260, 8),
            (128, 3, 16),
            (128, 16, 3),
            (16, 128, 3),
            (3, 128, 16),
            (9, 5, 32),
            (32, 7, 2),
            (5, 32, 3),
            (4, 2, 36),
        ] {
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

    /// Writes (or adds) a tile into C at (i0, j0), skipping rows and columns past C's edge: whole vectors
    /// when the row is contiguous and the tile fits, lane by lane otherwise.
    fn store(c: &mut ArrayViewMut2<f32>, i0: usize, j0: usize, tile: &[v128; 8], overwrite: bool) {
        let (m, n) = c.dim();
        let (row_stride, col_stride) = (c.strides()[0], c.strides()[1]);
        let base = c.as_mut_ptr();
        let width = NR.min(n - j0);
        for r in 0..MR.min(m - i0) {
            // SAFETY: row i0 + r < m and columns j0..j0 + width < n are inside the view.
            unsafe {
                let row = base.offset((i0 + r) as isize * row_stride + j0 as isize * col_stride);
                if col_stride == 1 && width == NR {
                    for half in 0..2 {
                        let at = row.add(4 * half) as *mut v128;
                        let value = tile[2 * r + half];
                        let value = if overwrite { value } else { f32x4_add(v128_load(at), value) };
                        v128_store(at, value);
                    }
                } else {
                    let mut values = [0.0f32; NR];
                    v128_store(values.as_mut_ptr() as *mut v128, tile[2 * r]);
                    v128_store(values.as_mut_ptr().add(4) as *mut v128, tile[2 * r + 1]);
                    for (j, v) in values.iter().enumerate().take(width) {
                        let d = row.offset(j as isize * col_stride);
                        *d = if overwrite { *v } else { *d + v };
                    }
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
