//! The size floor of the page's core (`npm run bench`, `scripts/wasm-floor.mjs`): the smallest browser
//! layer a page needs to train a session and read its numbers back. It replaces `src/web/` when the crate
//! is built with the feature `floor`, and is never shipped: no figure, no settings table, no JSON, no CSV,
//! no model file, no gradient check. A session, its data sets (MNIST's digits included), its PCA reference,
//! four live settings and the error sentences of a bad value are what any page of the playground needs
//! however it draws; what this costs gzipped is the least the first view can weigh before it draws a pixel.
use crate::data::mnist::MnistDigits;
use crate::playground::Playground;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

fn error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// One training session, as the page's `WebPlayground` holds one.
#[wasm_bindgen]
pub struct FloorSession(Playground);

#[wasm_bindgen]
impl FloorSession {
    /// The preset `name`'s session; `mnist` is the decompressed digits file when the preset needs it.
    #[wasm_bindgen(constructor)]
    pub fn new(name: &str, mnist: Option<Vec<u8>>) -> Result<FloorSession, JsError> {
        let checked = Playground::preset_config(name, None).map_err(error)?.check().map_err(error)?;
        let digits = mnist.map(|bytes| MnistDigits::parse(&bytes).map(Arc::new)).transpose().map_err(error)?;
        Playground::with_sources(checked, digits, None).map(FloorSession).map_err(error)
    }

    /// The sliders a student moves while it trains: λ, ρ, β and the learning rate.
    pub fn set(&mut self, lambda: f64, rho: f64, beta: f64, learning_rate: f64) -> Result<(), JsError> {
        let mut config = self.0.config().clone();
        config.objective.lambda = lambda;
        config.objective.rho = rho;
        config.objective.beta = beta;
        config.learning_rate = learning_rate;
        self.0.set_config(config.check().map_err(error)?).map(|_| ()).map_err(error)
    }

    /// Trains for about `budget_ms`; the steps taken.
    pub fn train(&mut self, budget_ms: f64) -> u32 {
        self.0.train_for(budget_ms, u32::MAX, js_sys::Date::now)
    }

    /// The last batch's loss terms: reconstruction, sparsity, weight decay, total.
    pub fn losses(&self) -> Vec<f64> {
        let terms = self.0.trainer().last_loss();
        vec![terms.reconstruction, terms.sparsity, terms.weight_decay, terms.total]
    }

    /// Every sample's code, row by row (what the heatmap, the code scatter and the unit bars draw).
    pub fn codes(&self) -> Vec<f32> {
        self.0.trainer().evaluate().1
    }

    /// PCA's reconstruction error at the same code size (the loss chart's dashed line).
    pub fn pca_reference(&mut self) -> f64 {
        self.0.pca_reference_error()
    }
}
