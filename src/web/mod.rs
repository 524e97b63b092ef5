//! The browser layer: the only code that touches wasm-bindgen and web-sys.
//!
//! A thin wrapper over [`crate::playground::Playground`]: JSON strings in and out for settings and
//! results, errors as JS `Error`s carrying the core's sentence, and drawing straight onto canvases so
//! that large buffers (activations, pixels) never cross the boundary.

mod bench;
mod canvas;
mod draw;
mod gradient_check;
#[cfg(feature = "probe")]
mod linear_probe;
mod panic;
mod unit_card;

use crate::config::{self, Config};
use crate::data::mnist::MnistDigits;
use crate::excerpt::{excerpt, MAX_CHARS};
use crate::playground::Playground;
use crate::presets;
use crate::view::{FigureRevisions, ViewState, PANELS};
use serde_json::json;
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The MNIST digits, fetched once by the page and shared by every playground.
    static MNIST: RefCell<Option<Arc<MnistDigits>>> = const { RefCell::new(None) };
}

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Seconds, for samples per second (`std::time::Instant` does not exist here).
fn now_seconds() -> f64 {
    bench::performance_seconds()
}

#[wasm_bindgen(start)]
fn start() {
    panic::install();
}

/// The message of the first panic, if one happened (the page shows it; later calls would only say
/// "recursive use of an object").
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> Option<String> {
    panic::first_message()
}

/// Every preset as JSON: name, title, lesson, steps, config.
#[wasm_bindgen]
pub fn presets() -> String {
    serde_json::to_string(&presets::all()).expect("presets serialize")
}

/// The default configuration as JSON.
#[wasm_bindgen(js_name = defaultConfig)]
pub fn default_config() -> String {
    Config::default().to_json()
}

/// The settings schema: for every setting its key, group, label, symbol, help, formula, valid range,
/// slider range and scale, what changing it restarts, and its choices (see `config::table`).
#[wasm_bindgen(js_name = settingsSchema)]
pub fn settings_schema() -> String {
    config::schema().to_string()
}

/// One weight descending under L1 and L2 alone, as the `weight-descent` panel draws it for λ and w₀
/// (clamped to what it can show): JSON `{lambda, learningRate, start, l1: [w…], l2: [w…],
/// l1StepsToZero, l2Factor}` (the lesson's checkpoint reads `l1StepsToZero`).
#[wasm_bindgen(js_name = weightDescent)]
pub fn weight_descent(start: f64, lambda: f64) -> String {
    serde_json::to_string(&crate::render::weight_descent::descent(start, lambda)).expect("a descent serializes")
}

/// Each numeric setting's valid range `{min, max, open}` (open: both ends excluded) and the CSV reader's
/// limits, from the same table the core checks against.
#[wasm_bindgen]
pub fn limits() -> String {
    let mut limits = serde_json::Map::new();
    for setting in config::SETTINGS {
        if let config::schema::Control::Number { valid, .. } = setting.control {
            let open = valid.min_open && valid.max_open;
            limits.insert(setting.key.into(), json!({ "min": valid.min, "max": valid.max, "open": open }));
        }
    }
    limits.insert(
        "csv".into(),
        json!({ "maxRows": crate::data::csv::MAX_ROWS, "maxColumns": crate::data::csv::MAX_COLUMNS, "maxBytes": crate::data::csv::MAX_BYTES }),
    );
    serde_json::Value::Object(limits).to_string()
}

/// Checks a full or partial config (merged over the defaults) and returns it complete, or throws the
/// sentence that says what is wrong.
#[wasm_bindgen(js_name = checkConfig)]
pub fn check_config(partial_json: &str) -> Result<String, JsError> {
    Ok(Config::default().merged_with_json(partial_json).map_err(js_error)?.to_json())
}

/// Which settings and choices do not apply to a config, each with the sentence why (JSON
/// `{key: {off?, choicesOff?: {choice: sentence}}}`).
#[wasm_bindgen]
pub fn availability(config_json: &str) -> Result<String, JsError> {
    Ok(Config::from_json(config_json).map_err(js_error)?.availability().to_string())
}

/// Applies settings typed as text (the URL's `key=value` pairs, JSON `[[key, text], …]`) over a base
/// config, one at a time; returns `{config, refused: [{key, message}]}` with the refused ones left out,
/// each message a short sentence that quotes at most a short excerpt of what was typed.
#[wasm_bindgen(js_name = applyTextSettings)]
pub fn apply_text_settings(base_json: &str, pairs_json: &str) -> Result<String, JsError> {
    let base = Config::from_json(base_json).map_err(js_error)?;
    let pairs: Vec<(String, String)> = serde_json::from_str(pairs_json).map_err(js_error)?;
    let (config, refused) = base.with_texts(pairs.iter().map(|(k, t)| (k.as_str(), t.as_str()))).map_err(js_error)?;
    let refused: Vec<_> = refused
        .iter()
        .map(|(index, error)| {
            let (key, text) = (excerpt(&pairs[*index].0, MAX_CHARS), excerpt(&pairs[*index].1, MAX_CHARS));
            json!({ "key": key, "message": format!("The URL setting {key}={text} was ignored: {error}") })
        })
        .collect();
    Ok(json!({ "config": config.to_value(), "refused": refused }).to_string())
}

/// Reads the decompressed MNIST payload; returns the number of digits.
#[wasm_bindgen(js_name = loadMnist)]
pub fn load_mnist(bytes: &[u8]) -> Result<u32, JsError> {
    let digits = MnistDigits::parse(bytes).map_err(js_error)?;
    let count = digits.count() as u32;
    MNIST.with(|m| *m.borrow_mut() = Some(Arc::new(digits)));
    Ok(count)
}

#[wasm_bindgen(js_name = mnistLoaded)]
pub fn mnist_loaded() -> bool {
    MNIST.with(|m| m.borrow().is_some())
}

fn shared_mnist() -> Option<Arc<MnistDigits>> {
    MNIST.with(|m| m.borrow().clone())
}

/// A playground session for the page or a course author's script.
#[wasm_bindgen]
pub struct WebPlayground {
    inner: Playground,
    view: ViewState,
    /// What the settings and restarts changed, per figure, so the page redraws only those.
    revisions: FigureRevisions,
}

impl WebPlayground {
    fn wrap(mut inner: Playground) -> WebPlayground {
        inner.trainer_mut().set_clock(now_seconds);
        WebPlayground { inner, view: ViewState::default(), revisions: FigureRevisions::default() }
    }

    /// Makes sure a session that needs the digits has them before it changes data set.
    fn with_mnist(&mut self) {
        if !self.inner.has_mnist() {
            if let Some(digits) = shared_mnist() {
                self.inner.load_mnist(digits);
            }
        }
    }

    fn after_reset(&mut self) {
        self.revisions.restarted();
        // Another data set or architecture: another step cost.
        self.inner.forget_step_costs();
        self.inner.trainer_mut().set_clock(now_seconds);
        self.view.clear();
    }
}

#[wasm_bindgen]
impl WebPlayground {
    /// A session for a full or partial config (missing keys take their defaults).
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str) -> Result<WebPlayground, JsError> {
        let config = Config::default().merged_with_json(config_json).map_err(js_error)?;
        let inner = Playground::with_sources(config, shared_mnist(), None).map_err(js_error)?;
        Ok(WebPlayground::wrap(inner))
    }

    /// A session for a preset, optionally with another seed.
    #[wasm_bindgen(js_name = fromPreset)]
    pub fn from_preset(name: &str, seed: Option<f64>) -> Result<WebPlayground, JsError> {
        let seed = seed.filter(|s| s.is_finite() && *s >= 0.0).map(|s| s as u64);
        let config = Playground::preset_config(name, seed).map_err(js_error)?;
        let inner =
            Playground::with_sources(config.check().map_err(js_error)?, shared_mnist(), None).map_err(js_error)?;
        Ok(WebPlayground::wrap(inner))
    }

    /// Trains up to `n` steps; returns the steps taken (fewer if training diverged).
    pub fn step(&mut self, n: u32) -> u32 {
        self.inner.trainer_mut().run(n as usize) as u32
    }

    /// Trains the steps that fit in `budget_ms` milliseconds, up to `max_steps` (`StepBudget`: a step
    /// longer than the budget runs on a later call, from budget saved up); returns the steps taken. While
    /// PCA's reference is due, a third of the budget goes to its slices (`Playground::train_for`).
    #[wasm_bindgen(js_name = stepFor)]
    pub fn step_for(&mut self, budget_ms: f64, max_steps: u32) -> u32 {
        self.inner.train_for(budget_ms, max_steps, || now_seconds() * 1000.0)
    }

    /// Applies a partial config; returns `{reset, message}`. Hyperparameters are live; a data or
    /// architecture change restarts at step 0. An invalid value throws and changes nothing.
    pub fn set(&mut self, partial_json: &str) -> Result<String, JsError> {
        self.with_mnist();
        let before = self.inner.config().clone();
        let change = self.inner.set(partial_json).map_err(js_error)?;
        self.revisions.settings_changed(&before, self.inner.config());
        if change.reset {
            self.after_reset();
        }
        Ok(serde_json::to_string(&change).expect("change serializes"))
    }

    /// The current config as JSON.
    pub fn config(&self) -> String {
        self.inner.config().to_json()
    }

    /// Step, epoch, each loss term, ρ̂ per unit, L0, dead units, samples per second and status, as JSON.
    pub fn metrics(&self) -> String {
        serde_json::to_string(&self.inner.trainer().metrics()).expect("metrics serialize")
    }

    /// Every loss term on the whole data set and ρ̂ per unit over it, as JSON `{loss, rhoHat}`.
    pub fn evaluate(&self) -> String {
        let (loss, rho_hat) = self.inner.trainer().evaluate();
        json!({ "loss": loss, "rhoHat": rho_hat }).to_string()
    }

    /// Finite-difference check of the current weights (f64), per term, as JSON. Large models compare a
    /// seeded sample of parameters so the check stays interactive.
    #[wasm_bindgen(js_name = gradientCheck)]
    pub fn gradient_check(&self) -> String {
        serde_json::to_string(&self.inner.trainer().gradient_check(self.gradient_check_parameters()))
            .expect("report serializes")
    }

    /// The model file (config and weights) as JSON text.
    #[wasm_bindgen(js_name = exportModel)]
    pub fn export_model(&self) -> String {
        self.inner.export_model()
    }

    /// Loads a model file; a malformed file throws and changes nothing.
    #[wasm_bindgen(js_name = importModel)]
    pub fn import_model(&mut self, json_text: &str) -> Result<String, JsError> {
        self.with_mnist();
        let change = self.inner.import_model(json_text).map_err(js_error)?;
        self.after_reset();
        Ok(serde_json::to_string(&change).expect("change serializes"))
    }

    /// Trains on the user's CSV; a malformed file throws a sentence naming the line and changes nothing.
    #[wasm_bindgen(js_name = loadCsv)]
    pub fn load_csv(&mut self, text: &str) -> Result<String, JsError> {
        let change = self.inner.load_csv(text).map_err(js_error)?;
        self.after_reset();
        Ok(serde_json::to_string(&change).expect("change serializes"))
    }

    /// Starts over with the same settings and seed.
    pub fn reset(&mut self) -> Result<(), JsError> {
        self.inner.reset().map_err(js_error)?;
        self.after_reset();
        Ok(())
    }

    /// After divergence: back to the last good weights.
    pub fn restore(&mut self) {
        self.inner.trainer_mut().restore_last_good();
    }

    /// PCA's reconstruction error at the code size, computed now if it is not known yet.
    #[wasm_bindgen(js_name = pcaReference)]
    pub fn pca_reference(&mut self) -> f64 {
        self.inner.pca_reference_error()
    }

    /// PCA's reconstruction error if it is known, else undefined; never computes.
    #[wasm_bindgen(js_name = knownPcaReference)]
    pub fn known_pca_reference(&self) -> Option<f64> {
        self.inner.pca_reference()
    }

    /// Computes PCA's reconstruction error when the core's timing says it is due; returns it if known.
    /// A host calls this after training.
    #[wasm_bindgen(js_name = updatePcaReference)]
    pub fn update_pca_reference(&mut self) -> Option<f64> {
        self.inner.update_pca_reference()
    }

    /// Takes over the error computed by another session on the same data (the page's training worker).
    #[wasm_bindgen(js_name = adoptPcaReference)]
    pub fn adopt_pca_reference(&mut self, error: f64) {
        self.inner.adopt_pca_reference(error);
    }

    /// sparse-features: the recovery score as JSON, or undefined for other data.
    pub fn recovery(&self) -> Option<String> {
        self.inner.recovery().map(|r| serde_json::to_string(&r).expect("serializes"))
    }

    /// Whether training can go on (it has not stopped on a divergence or a collapse): what the training
    /// worker asks before every chunk, without building the summary.
    #[wasm_bindgen(js_name = canTrain)]
    pub fn can_train(&self) -> bool {
        matches!(self.inner.trainer().status(), crate::trainer::Status::Ok)
    }

    /// What the page shows every frame, as small JSON: step, epoch, loss terms, L0, dead units, samples
    /// per second, status, the settings, the recovery score, `generation` (changes whenever anything a
    /// figure shows changes: weights, selection, settings or PCA's reference), `configRevision` (settings
    /// and restarts only) and `figures` (each panel's own revision, [`FigureRevisions`]: a live setting
    /// moves only the figures that draw it).
    pub fn summary(&self) -> String {
        let trainer = self.inner.trainer();
        let config = self.inner.config();
        let stats = trainer.stats();
        // PCA's reference arriving (from the worker, or computed when due) changes the loss figure too.
        let session =
            trainer.weights_revision() + self.view.selection_revision + u64::from(self.inner.pca_reference().is_some());
        let figures: serde_json::Map<String, serde_json::Value> =
            PANELS.iter().map(|p| (p.spec.id.to_string(), json!(self.revisions.of(&p.spec, session)))).collect();
        json!({
            "step": trainer.step_count(),
            "epoch": trainer.epoch(),
            "loss": trainer.last_loss(),
            "l0": stats.l0,
            "deadUnits": stats.dead_units(),
            "codeSize": config.code_size,
            "samplesPerSecond": trainer.samples_per_second(),
            "status": trainer.status(),
            "penalty": config.objective.penalty.name(),
            "rho": config.objective.rho,
            "beta": config.objective.beta,
            "activityRule": trainer.firing_rule().sentence(),
            "recovery": self.inner.recovery(),
            "generation": session + self.revisions.settings(),
            "configRevision": self.revisions.settings(),
            "figures": figures,
        })
        .to_string()
    }

    /// The loss history as JSON points `{step, loss}`.
    pub fn history(&self) -> String {
        serde_json::to_string(self.inner.trainer().history().points()).expect("history serializes")
    }

    /// The trainer's state as bytes (a Web Worker hands it to the page's mirror every frame).
    #[wasm_bindgen(js_name = saveState)]
    pub fn save_state(&self) -> Vec<u8> {
        self.inner.trainer().save_state()
    }

    /// A number that changes whenever the state [`WebPlayground::save_state`] gives changes (a step, a
    /// restore, a model loaded; it starts again after a restart): a paused worker answers a settings
    /// change without sending the page the state it already has.
    #[wasm_bindgen(js_name = weightsRevision)]
    pub fn weights_revision(&self) -> f64 {
        self.inner.trainer().weights_revision() as f64
    }

    /// Takes over a state from [`WebPlayground::save_state`] of a session with the same settings.
    #[wasm_bindgen(js_name = loadState)]
    pub fn load_state(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.inner.trainer_mut().load_state(bytes).map_err(|e| JsError::new(&e))
    }
}
