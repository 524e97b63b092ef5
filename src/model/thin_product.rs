//! SIMD128 products for thin shapes, one side at most 32 wide and small (the Swiss roll's 128×3·3×16 and
//! its transposes): no packing of the large side and no tile edges, each row of the result kept in
//! registers. matrixmultiply's packing and 8×8 tiles cost more than the arithmetic at these sizes, and the
//! tiled kernel in `matmul.rs` wastes most of its 4×8 tile on a 3-wide side.
//!
//! Two forms:
//! - rows by scaled rows: C[i, :] (+)= Σ_p A[i, p] · B[p, :] when C's width n is 4·NV (NV ≤ 8) and B's
//!   rows are contiguous (or small enough to copy); also for Cᵀ = Bᵀ·Aᵀ when C's height is 4·NV and A's
//!   columns are contiguous (a transposed view such as Hᵀ), by swapping strides;
//! - dot products: C[i, j] = A[i, :] · B[:, j] when n < 4 and A's rows are contiguous and 4·KV long.

use super::matmul::simd::madd;
use ndarray::{ArrayView2, ArrayViewMut2};
use std::arch::wasm32::*;
use std::cell::RefCell;

/// Widest side (in f32 lanes) kept in registers: 8 vectors of accumulators.
const MAX_VECTORS: usize = 8;
/// Most multiply-adds a thin product may have; larger ones go to the tiled kernel or matrixmultiply.
const MAX_WORK: usize = 64 * 1024;

thread_local! {
    /// B copied into contiguous rows (or Bᵀ for the dot form) when the caller's B is a strided view.
    static PACKED: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// Calls `form::<V>(args)` for V = `vectors` (1 to `MAX_VECTORS`), each width compiled on its own so that
/// its V vectors live in registers.
macro_rules! with_vectors {
    ($vectors:expr, $form:ident($($arg:expr),*)) => {
        match $vectors {
            1 => $form::<1>($($arg),*),
            2 => $form::<2>($($arg),*),
            3 => $form::<3>($($arg),*),
            4 => $form::<4>($($arg),*),
            5 => $form::<5>($($arg),*),
            6 => $form::<6>($($arg),*),
            7 => $form::<7>($($arg),*),
            _ => $form::<8>($($arg),*),
        }
    };
}

/// A matrix as a raw pointer with strides, in elements.
#[derive(Clone, Copy)]
struct Strided<T> {
    ptr: T,
    rows: isize,
    cols: isize,
}

impl<T: Copy> Strided<T> {
    /// The same memory read as the transposed matrix.
    fn transposed(self) -> Self {
        Strided { ptr: self.ptr, rows: self.cols, cols: self.rows }
    }
}

/// Copies the `rows` × `cols` matrix `from` into `into` as contiguous rows, and returns that copy.
unsafe fn contiguous(from: Strided<*const f32>, rows: usize, cols: usize, into: &mut Vec<f32>) -> Strided<*const f32> {
    into.clear();
    into.extend(
        (0..rows)
            .flat_map(|i| (0..cols).map(move |j| *from.ptr.offset(i as isize * from.rows + j as isize * from.cols))),
    );
    Strided { ptr: into.as_ptr(), rows: cols as isize, cols: 1 }
}

/// C (+)= A·B through one of the thin forms; `false` (C untouched) when the shape fits neither.
pub fn matmul(a: &ArrayView2<f32>, b: &ArrayView2<f32>, accumulate: bool, c: &mut ArrayViewMut2<f32>) -> bool {
    let ((m, k), n) = (a.dim(), b.ncols());
    if m == 0 || n == 0 || k == 0 || m * k * n > MAX_WORK {
        return false;
    }
    let view_a = Strided { ptr: a.as_ptr(), rows: a.strides()[0], cols: a.strides()[1] };
    let view_b = Strided { ptr: b.as_ptr(), rows: b.strides()[0], cols: b.strides()[1] };
    let view_c = Strided { ptr: c.as_mut_ptr(), rows: c.strides()[0], cols: c.strides()[1] };
    // The rows form on C = A·B, or on Cᵀ = Bᵀ·Aᵀ when C is the thin one and Aᵀ's rows (A's columns) are
    // contiguous: (rows of the result, its width, the left side, the right side, the result).
    let rows_form_on = if n % 4 == 0 && n / 4 <= MAX_VECTORS {
        Some((m, n, view_a, view_b, view_c))
    } else if m % 4 == 0 && m / 4 <= MAX_VECTORS && view_a.rows == 1 {
        Some((n, m, view_b.transposed(), view_a.transposed(), view_c.transposed()))
    } else {
        None
    };
    let dot_form_fits = n < 4 && k % 4 == 0 && k / 4 <= MAX_VECTORS && view_a.cols == 1;
    if rows_form_on.is_none() && !dot_form_fits {
        return false;
    }
    PACKED.with(|packed| {
        let packed = &mut *packed.borrow_mut();
        // SAFETY: the views' shapes and strides describe memory they own; the forms read and write only
        // inside (m, k), (k, n) and (m, n), or the same transposed; a copy lives in `packed` until the
        // form returns.
        unsafe {
            if let Some((rows, width, left, right, result)) = rows_form_on {
                let right = if right.cols == 1 { right } else { contiguous(right, k, width, packed) };
                with_vectors!(width / 4, rows_form(rows, k, left, right, accumulate, result));
            } else {
                let bt = contiguous(view_b.transposed(), n, k, packed).ptr;
                with_vectors!(k / 4, dot_form(m, n, view_a, bt, accumulate, view_c));
            }
        }
    });
    true
}

/// C[i, :] (+)= Σ_p A[i, p] · B[p, :] with B's rows contiguous, n = 4·NV: each row of C kept in NV
/// registers (one copy of the loop per width, so that the compiler can keep them there).
#[inline(always)]
unsafe fn rows_form<const NV: usize>(
    m: usize,
    k: usize,
    a: Strided<*const f32>,
    b: Strided<*const f32>,
    accumulate: bool,
    c: Strided<*mut f32>,
) {
    for i in 0..m {
        let row = c.ptr.offset(i as isize * c.rows);
        let mut acc = [f32x4_splat(0.0); NV];
        if accumulate {
            for (v, slot) in acc.iter_mut().enumerate() {
                *slot = load4(row.offset((4 * v) as isize * c.cols), c.cols);
            }
        }
        let a_row = a.ptr.offset(i as isize * a.rows);
        for p in 0..k {
            let scale = f32x4_splat(*a_row.offset(p as isize * a.cols));
            let b_row = b.ptr.offset(p as isize * b.rows);
            for (v, slot) in acc.iter_mut().enumerate() {
                *slot = madd(scale, v128_load(b_row.add(4 * v) as *const v128), *slot);
            }
        }
        for (v, value) in acc.iter().enumerate() {
            store4(row.offset((4 * v) as isize * c.cols), c.cols, *value);
        }
    }
}

/// C[i, j] (+)= A[i, :] · B[:, j] for n < 4 columns, A's rows contiguous and k = 4·KV, Bᵀ given as
/// contiguous rows: each row of A loaded once into KV registers.
#[inline(always)]
unsafe fn dot_form<const KV: usize>(
    m: usize,
    n: usize,
    a: Strided<*const f32>,
    bt: *const f32,
    accumulate: bool,
    c: Strided<*mut f32>,
) {
    for i in 0..m {
        let a_row = a.ptr.offset(i as isize * a.rows);
        let mut row = [f32x4_splat(0.0); KV];
        for (v, slot) in row.iter_mut().enumerate() {
            *slot = v128_load(a_row.add(4 * v) as *const v128);
        }
        for j in 0..n {
            let column = bt.add(j * 4 * KV);
            let mut sum = f32x4_splat(0.0);
            for (v, value) in row.iter().enumerate() {
                sum = madd(*value, v128_load(column.add(4 * v) as *const v128), sum);
            }
            let total = (f32x4_extract_lane::<0>(sum) + f32x4_extract_lane::<1>(sum))
                + (f32x4_extract_lane::<2>(sum) + f32x4_extract_lane::<3>(sum));
            let at = c.ptr.offset(i as isize * c.rows + j as isize * c.cols);
            *at = if accumulate { *at + total } else { total };
        }
    }
}

/// Four floats `stride` apart.
#[inline(always)]
unsafe fn load4(at: *const f32, stride: isize) -> v128 {
    if stride == 1 {
        v128_load(at as *const v128)
    } else {
        f32x4(*at, *at.offset(stride), *at.offset(2 * stride), *at.offset(3 * stride))
    }
}

/// Writes four floats `stride` apart.
#[inline(always)]
unsafe fn store4(at: *mut f32, stride: isize, value: v128) {
    if stride == 1 {
        v128_store(at as *mut v128, value);
    } else {
        *at = f32x4_extract_lane::<0>(value);
        *at.offset(stride) = f32x4_extract_lane::<1>(value);
        *at.offset(2 * stride) = f32x4_extract_lane::<2>(value);
        *at.offset(3 * stride) = f32x4_extract_lane::<3>(value);
    }
}
