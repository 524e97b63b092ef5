//! The benchmark cases, callable from the browser benchmark page (`npm run bench`).

use super::js_error;
use crate::bench::{self, Case};
use wasm_bindgen::prelude::*;

thread_local! {
    /// `performance` and its `now`, looked up once (a window and a worker both have them).
    static PERFORMANCE: Option<(JsValue, js_sys::Function)> = {
        let performance = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance")).ok();
        performance.and_then(|p| {
            let now = js_sys::Reflect::get(&p, &JsValue::from_str("now")).ok()?.dyn_into::<js_sys::Function>().ok()?;
            Some((p, now))
        })
    };
}

/// `performance.now()` in seconds, in a window or a worker.
pub fn performance_seconds() -> f64 {
    PERFORMANCE.with(|p| match p {
        Some((performance, now)) => now.call0(performance).ok().and_then(|v| v.as_f64()).unwrap_or(0.0) / 1000.0,
        None => js_sys::Date::now() / 1000.0,
    })
}

fn case_named(name: &str) -> Result<Case, JsError> {
    Case::ALL
        .into_iter()
        .find(|c| c.name() == name)
        .ok_or_else(|| JsError::new(&format!("There is no benchmark case called \"{name}\".")))
}

/// Times a case (`mnist` or `swiss`): `runs` runs of `steps` steps after a warm-up; JSON result.
#[wasm_bindgen(js_name = benchRun)]
pub fn bench_run(case: &str, steps: u32, runs: u32) -> Result<String, JsError> {
    let case = case_named(case)?;
    let result = bench::run_case(case, steps.max(1) as usize, runs.max(1) as usize, performance_seconds);
    serde_json::to_string(&result).map_err(js_error)
}

/// The case's fixed batch, initial weights and the losses of its first `steps` steps, as JSON.
#[wasm_bindgen(js_name = benchParity)]
pub fn bench_parity(case: &str, steps: u32) -> Result<String, JsError> {
    let case = case_named(case)?;
    serde_json::to_string(&bench::parity(case, steps as usize)).map_err(js_error)
}

/// Useful floating-point operations of one step of the case.
#[wasm_bindgen(js_name = benchFlops)]
pub fn bench_flops(case: &str) -> Result<f64, JsError> {
    Ok(bench::useful_flops(case_named(case)?))
}

/// Peak f32x4 multiply-add rate, GFLOP/s, measured for `seconds`.
#[wasm_bindgen(js_name = peakGflops)]
pub fn peak_gflops(seconds: f64) -> f64 {
    bench::peak_gflops(seconds, performance_seconds)
}

/// The SIMD matrix kernel against the generic one: the largest relative difference (should be ~1e-7).
#[wasm_bindgen(js_name = matmulSelfTest)]
pub fn matmul_self_test() -> f32 {
    crate::model::matmul::simd::self_test()
}

/// The wasm features this build was compiled with.
#[wasm_bindgen(js_name = wasmFeatures)]
pub fn wasm_features() -> Vec<JsValue> {
    let mut features = Vec::new();
    if cfg!(target_feature = "simd128") {
        features.push(JsValue::from_str("simd128"));
    }
    if cfg!(target_feature = "relaxed-simd") {
        features.push(JsValue::from_str("relaxed-simd"));
    }
    features
}

/// GFLOP/s of each of the MNIST step's five products with the SIMD kernel and with matrixmultiply.
#[wasm_bindgen(js_name = gemmRates)]
pub fn gemm_rates() -> String {
    use ndarray::linalg::general_mat_mul;
    use ndarray::Array2;
    let x = Array2::<f32>::from_elem((64, 784), 0.5);
    let w1 = Array2::<f32>::from_elem((784, 196), 0.01);
    let h = Array2::<f32>::from_elem((64, 196), 0.5);
    let w2 = Array2::<f32>::from_elem((196, 784), 0.01);
    let d2 = Array2::<f32>::from_elem((64, 784), 0.1);
    let cases: [(&str, ndarray::ArrayView2<f32>, ndarray::ArrayView2<f32>); 5] = [
        ("X·W1", x.view(), w1.view()),
        ("H·W2", h.view(), w2.view()),
        ("Hᵀ·δ2", h.t(), d2.view()),
        ("δ2·W2ᵀ", d2.view(), w2.t()),
        ("Xᵀ·δ1", x.t(), h.view()),
    ];
    let mut out = Vec::new();
    for _ in 0..20 {
        crate::model::matmul::simd::kernel_rate(200, performance_seconds);
    }
    out.push(serde_json::json!({ "product": "kernel alone", "simd_kernel": crate::model::matmul::simd::kernel_rate(200_000, performance_seconds) }));
    for (name, a, b) in cases {
        let mut c = Array2::<f32>::zeros((a.nrows(), b.ncols()));
        let flops = 2.0 * (a.nrows() * a.ncols() * b.ncols()) as f64;
        let rate = |f: &mut dyn FnMut()| {
            for _ in 0..5 {
                f();
            }
            let start = performance_seconds();
            for _ in 0..50 {
                f();
            }
            flops * 50.0 / (performance_seconds() - start) / 1e9
        };
        let ours = rate(&mut || crate::model::matmul::simd::matmul(&a, &b, false, &mut c.view_mut()));
        let mm = rate(&mut || general_mat_mul(1.0, &a, &b, 0.0, &mut c));
        out.push(serde_json::json!({ "product": name, "simd_kernel": ours, "matrixmultiply": mm }));
    }
    serde_json::Value::Array(out).to_string()
}
