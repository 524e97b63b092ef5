//! The gradient check a little at a time, for a page that trains on its own thread: each call works for a
//! few milliseconds, so the page keeps drawing while it runs.

use super::{now_seconds, WebPlayground};
use crate::gradient_check::GradientCheckJob;
use wasm_bindgen::prelude::*;

/// A gradient check under way on a copy of a session's weights (training on meanwhile does not change it).
#[wasm_bindgen]
pub struct WebGradientCheck {
    inner: GradientCheckJob,
}

#[wasm_bindgen]
impl WebGradientCheck {
    /// Works for about `budget_ms` (at least one loss evaluation); returns the fraction done, 1 exactly
    /// when the report is ready.
    pub fn advance(&mut self, budget_ms: f64) -> f64 {
        self.inner.advance(budget_ms / 1000.0, now_seconds).fraction
    }

    /// The report as JSON (what `gradientCheck` returns) once done, else undefined.
    pub fn report(&self) -> Option<String> {
        self.inner.report().map(|report| serde_json::to_string(&report).expect("report serializes"))
    }
}

impl WebPlayground {
    /// Parameters compared: every one for small models, else a seeded sample sized so that a check stays
    /// interactive (20 for MNIST's 308,000, 400 for the toy models).
    pub(super) fn gradient_check_parameters(&self) -> usize {
        let params = self.inner.trainer().model().params.len();
        (3_000_000 / params.max(1)).clamp(20, 400)
    }
}

#[wasm_bindgen]
impl WebPlayground {
    /// The gradient check of the current weights as a job to advance (`gradientCheck` in one go).
    #[wasm_bindgen(js_name = gradientCheckJob)]
    pub fn gradient_check_job(&self) -> WebGradientCheck {
        WebGradientCheck { inner: self.inner.trainer().gradient_check_job(self.gradient_check_parameters()) }
    }
}
