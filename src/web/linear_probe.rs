//! The linear-probe study for the page: a thin wrapper over [`ProbeStudy`] that the page (or its probe
//! worker) advances a few milliseconds at a time, reading progress and results as JSON.

use super::{js_error, now_seconds, shared_mnist};
use crate::linear_probe::{ProbeStudy, StudySettings};
use wasm_bindgen::prelude::*;

/// The representation study on the MNIST digits already loaded into this core (`loadMnist`).
#[wasm_bindgen]
pub struct WebProbeStudy {
    inner: ProbeStudy,
}

#[wasm_bindgen]
impl WebProbeStudy {
    /// A study with weights and probes from `seed`. `quick` runs the much smaller test-only study, whose
    /// numbers are not the README's and must not be quoted.
    #[wasm_bindgen(constructor)]
    pub fn new(seed: f64, quick: Option<bool>) -> Result<WebProbeStudy, JsError> {
        if !(seed.is_finite() && seed >= 0.0 && seed.fract() == 0.0 && seed <= 9_007_199_254_740_991.0) {
            return Err(JsError::new(&format!("The seed must be a whole number from 0 up, not {seed}.")));
        }
        let digits = shared_mnist()
            .ok_or_else(|| JsError::new("The linear probe needs the MNIST digits: load them first (loadMnist)."))?;
        let settings = if quick.unwrap_or(false) { StudySettings::quick() } else { StudySettings::standard() };
        let inner = ProbeStudy::new(&digits, seed as u64, settings).map_err(js_error)?;
        Ok(WebProbeStudy { inner })
    }

    /// Works for about `budget_ms` milliseconds (at least one unit of work: one training step, one probe
    /// minibatch or 250 digits encoded; the PCA fit is one unit). Returns the progress as JSON:
    /// `{ fraction, label, done }`. Throws the sentence if the study failed.
    pub fn advance(&mut self, budget_ms: f64) -> Result<String, JsError> {
        let budget = if budget_ms.is_finite() { budget_ms.max(0.0) / 1000.0 } else { 0.0 };
        let progress = self.inner.advance(budget, now_seconds);
        if let Some(failure) = self.inner.failure() {
            return Err(JsError::new(failure));
        }
        Ok(serde_json::to_string(&progress).expect("progress serializes"))
    }

    /// The results as JSON once the study is done, else `undefined`.
    pub fn results(&self) -> Option<String> {
        self.inner.results().map(|r| serde_json::to_string(&r).expect("results serialize"))
    }
}
