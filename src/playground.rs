//! A playground session: the trainer plus everything around it that the page and the CLI share — data
//! sources (MNIST digits, the user's CSV), live versus resetting changes, the PCA baseline, the recovery
//! score and the model file. The browser layer is a thin wrapper over this type.

use crate::config::{CheckedConfig, Config, ConfigError, DataKind};
use crate::data::mnist::MnistDigits;
use crate::data::sparse_features::{recovery_score, RecoveryScore};
use crate::data::{self, DataError, Dataset, Sources};
use crate::model_file::{ModelFile, ModelFileError};
use crate::pca::{Pca, VarianceJob};
use crate::presets;
use crate::trainer::{StepBudget, TrainError, Trainer};
use serde::Serialize;
use std::sync::Arc;
use thiserror::Error;

/// Data of at most this many dimensions gets its PCA reference as soon as the data is built: the
/// covariance and eigen-decomposition of 64 dimensions take milliseconds (tens for a 20,000-row CSV).
pub const PCA_AT_ONCE_MAX_DIM: usize = 64;

/// Steps of training since the last reset before wider data (MNIST's 784 dimensions) gets its PCA
/// reference. That decomposition takes about half a second in the browser; done first, it would hold back
/// the first trained frame by as much. 50 MNIST steps are about a quarter second of training there.
pub const PCA_AFTER_STEPS: u64 = 50;

/// The part of a frame's training budget ([`Playground::train_for`]) that goes to PCA's reference while
/// it is being computed: MNIST's takes a few seconds of frames this way, and no frame holds a whole
/// slice of it on top of a whole budget of steps (a frame that did both was late).
pub const REFERENCE_SHARE_OF_BUDGET: f64 = 1.0 / 3.0;

/// Anything a session operation can refuse, as one sentence for the user.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum PlaygroundError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Data(#[from] DataError),
    #[error(transparent)]
    ModelFile(#[from] ModelFileError),
    #[error("There is no preset called \"{0}\"; the presets are: {1}.")]
    UnknownPreset(String, String),
}

impl From<TrainError> for PlaygroundError {
    fn from(e: TrainError) -> Self {
        match e {
            TrainError::Config(c) => PlaygroundError::Config(c),
            TrainError::Data(d) => PlaygroundError::Data(d),
            TrainError::NeedsReset(what) => PlaygroundError::Config(ConfigError::Malformed(what)),
        }
    }
}

/// What a settings change did.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Whether training restarted from step 0.
    pub reset: bool,
    /// A sentence for the page when something was reset, e.g. "Changing the data set reset training."
    pub message: String,
}

impl Change {
    fn live() -> Change {
        Change { reset: false, message: String::new() }
    }
}

pub struct Playground {
    trainer: Trainer,
    /// Shared: every session of a page uses the one copy of the digits.
    mnist: Option<Arc<MnistDigits>>,
    csv: Option<Dataset>,
    /// PCA of the current data set, fitted on first use.
    pca: Option<Pca>,
    /// Its variances alone, when only the reference error was asked for (much cheaper for MNIST).
    pca_variances: Option<Vec<f64>>,
    /// Those variances while they are being computed, a slice per [`Playground::update_pca_reference`].
    variance_job: Option<VarianceJob>,
    /// A reference error computed by another session on the same data (the page's worker), with the code
    /// size it is for: `(code size, error)`.
    adopted_pca_reference: Option<(usize, f64)>,
    /// What a step and a slice of PCA's reference cost, for [`Playground::train_for`].
    step_budget: StepBudget,
    reference_budget: StepBudget,
}

impl Playground {
    /// A session for `config`. MNIST needs its digits: natively they are read from the bundled file;
    /// in the browser call [`Playground::with_sources`] after fetching them.
    pub fn new(config: Config) -> Result<Playground, PlaygroundError> {
        #[cfg(not(target_arch = "wasm32"))]
        let mnist =
            if config.dataset == DataKind::Mnist { Some(Arc::new(MnistDigits::load_bundled()?.clone())) } else { None };
        #[cfg(target_arch = "wasm32")]
        let mnist = None;
        Playground::with_sources(config.check()?, mnist, None)
    }

    pub fn with_sources(
        config: CheckedConfig,
        mnist: Option<Arc<MnistDigits>>,
        csv: Option<Dataset>,
    ) -> Result<Playground, PlaygroundError> {
        let data = data::build(&config, Sources { mnist: mnist.as_deref(), csv: csv.as_ref() })?;
        let trainer = Trainer::new(config, data)?;
        let mut playground = Playground {
            trainer,
            mnist,
            csv,
            pca: None,
            pca_variances: None,
            variance_job: None,
            adopted_pca_reference: None,
            step_budget: StepBudget::default(),
            reference_budget: StepBudget::default(),
        };
        playground.update_pca_reference();
        Ok(playground)
    }

    /// The preset `name`'s config, with its seed replaced when `seed` is given.
    pub fn preset_config(name: &str, seed: Option<u64>) -> Result<Config, PlaygroundError> {
        let preset = presets::find(name)
            .ok_or_else(|| PlaygroundError::UnknownPreset(name.into(), presets::names().join(", ")))?;
        let mut config = preset.config;
        if let Some(seed) = seed {
            config.seed = seed;
        }
        Ok(config)
    }

    pub fn from_preset(name: &str, seed: Option<u64>) -> Result<Playground, PlaygroundError> {
        Playground::new(Playground::preset_config(name, seed)?)
    }

    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }

    pub fn trainer_mut(&mut self) -> &mut Trainer {
        &mut self.trainer
    }

    pub fn config(&self) -> &Config {
        self.trainer.config()
    }

    /// Whether the MNIST digits are available to this session.
    pub fn has_mnist(&self) -> bool {
        self.mnist.is_some()
    }

    /// Supplies the MNIST digits (fetched by the page).
    pub fn load_mnist(&mut self, digits: Arc<MnistDigits>) {
        self.mnist = Some(digits);
    }

    /// Applies a partial JSON object of settings; see [`Playground::set_config`].
    pub fn set(&mut self, partial_json: &str) -> Result<Change, PlaygroundError> {
        let next = self.config().merged_with_json(partial_json)?;
        self.set_config(next)
    }

    /// Live hyperparameters take effect on the next step; data, architecture or seed changes rebuild and
    /// restart at step 0. An invalid config changes nothing.
    pub fn set_config(&mut self, next: CheckedConfig) -> Result<Change, PlaygroundError> {
        let current = self.config().clone();
        if !current.needs_reset(&next) {
            self.trainer.set_live(next)?;
            return Ok(Change::live());
        }
        let data_changed = current.data_differs(&next);
        let data = if data_changed {
            data::build(&next, Sources { mnist: self.mnist.as_deref(), csv: self.csv.as_ref() })?
        } else {
            self.trainer.data().clone()
        };
        let trainer = Trainer::new(next, data)?;
        self.trainer = trainer;
        if data_changed {
            self.data_replaced();
        }
        let what = current.describe_reset(self.config());
        Ok(Change { reset: true, message: format!("Changing {what} restarted training from step 0.") })
    }

    /// Starts over with the same settings and seed.
    pub fn reset(&mut self) -> Result<(), PlaygroundError> {
        let config = self.trainer.config().clone();
        self.trainer = Trainer::new(config, self.trainer.data().clone())?;
        Ok(())
    }

    /// Parses the user's CSV and trains on it (the batch size shrinks to fit a small file).
    pub fn load_csv(&mut self, text: &str) -> Result<Change, PlaygroundError> {
        let parsed = data::csv::parse(text)?;
        let mut next = self.config().clone();
        next.dataset = DataKind::Csv;
        next.batch_size = next.batch_size.min(parsed.len());
        next.objective.k = next.objective.k.min(next.code_size);
        let next = next.check()?;
        let previous = self.csv.replace(parsed);
        // Force a rebuild even if the config already said csv: the rows are new.
        match Trainer::new(next, self.csv.clone().expect("just stored")) {
            Ok(trainer) => {
                self.trainer = trainer;
                self.data_replaced();
                Ok(Change { reset: true, message: "Loaded the CSV and restarted training from step 0.".into() })
            }
            Err(e) => {
                self.csv = previous;
                Err(e.into())
            }
        }
    }

    /// New data: what was known about the old data's PCA is forgotten, and cheap data gets its reference
    /// again at once.
    fn data_replaced(&mut self) {
        self.pca = None;
        self.pca_variances = None;
        self.variance_job = None;
        self.adopted_pca_reference = None;
        self.update_pca_reference();
    }

    /// The PCA of the current data set (fitted once per data set).
    pub fn pca(&mut self) -> &Pca {
        let data = self.trainer.data();
        self.pca.get_or_insert_with(|| Pca::fit(data.x.view()))
    }

    /// PCA's reconstruction error at the model's code size: the loss chart's reference line. Computed now
    /// if it is not known yet (half a second for MNIST in the browser; see [`Playground::update_pca_reference`]
    /// for the page's timing).
    pub fn pca_reference_error(&mut self) -> f64 {
        if let Some(known) = self.pca_reference() {
            return known;
        }
        let code_size = self.config().code_size;
        self.variance_job = None;
        let variances = Pca::variances_of(self.trainer.data().x.view());
        reference_from_variances(self.pca_variances.insert(variances), code_size)
    }

    /// The reference error if it is known (computed here, or adopted), else `None`; never computes.
    pub fn pca_reference(&self) -> Option<f64> {
        let code_size = self.config().code_size;
        match self.pca.as_ref().map(|pca| &pca.variances).or(self.pca_variances.as_ref()) {
            Some(variances) => Some(reference_from_variances(variances, code_size)),
            None => self.adopted_pca_reference.filter(|&(size, _)| size == code_size).map(|(_, error)| error),
        }
    }

    /// Works towards the reference error when it is due and returns it once known. Due: at once for data
    /// of at most [`PCA_AT_ONCE_MAX_DIM`] dimensions (computed in this call), after [`PCA_AFTER_STEPS`]
    /// steps since the last reset for wider data, where each call adds one bounded slice of the
    /// covariance ([`VarianceJob`]) so that a host on the page's own thread never blocks on it. Whoever
    /// trains a session calls this after training (the page's hosts do, each frame or each chunk); the
    /// data's constructors call it too, so cheap data always has its reference.
    pub fn update_pca_reference(&mut self) -> Option<f64> {
        if let Some(known) = self.pca_reference() {
            return Some(known);
        }
        if !self.pca_reference_due() {
            return None;
        }
        let data = self.trainer.data();
        let cheap = data.dim() <= PCA_AT_ONCE_MAX_DIM;
        let x = data.x.view();
        let job = self.variance_job.get_or_insert_with(|| VarianceJob::new(x));
        loop {
            if let Some(variances) = job.advance(x) {
                self.variance_job = None;
                self.pca_variances = Some(variances);
                return self.pca_reference();
            }
            if !cheap {
                return None;
            }
        }
    }

    /// Whether PCA's reference is being computed in slices ([`Playground::update_pca_reference`] would do
    /// one now): wider data, past [`PCA_AFTER_STEPS`], not known yet.
    pub fn pca_reference_due(&self) -> bool {
        self.pca_reference().is_none()
            && (self.trainer.data().dim() <= PCA_AT_ONCE_MAX_DIM || self.trainer.step_count() >= PCA_AFTER_STEPS)
    }

    /// Trains for about `budget_ms` milliseconds of a frame, up to `max_steps` steps (a host on the
    /// page's own thread, between frames; `now()` reads milliseconds), and returns the steps taken. A
    /// step starts only if it should end within the budget plus what earlier calls left ([`StepBudget`]).
    /// While PCA's reference is due, [`REFERENCE_SHARE_OF_BUDGET`] of the budget goes to its slices.
    pub fn train_for(&mut self, budget_ms: f64, max_steps: u32, mut now: impl FnMut() -> f64) -> u32 {
        let mut training_ms = budget_ms;
        if self.pca_reference_due() {
            let reference_ms = budget_ms * REFERENCE_SHARE_OF_BUDGET;
            training_ms -= reference_ms;
            let mut reference = std::mem::take(&mut self.reference_budget);
            reference.run(reference_ms, u32::MAX, &mut now, || self.update_pca_reference().is_none());
            self.reference_budget = reference;
        }
        let trainer = &mut self.trainer;
        self.step_budget.run(training_ms, max_steps, now, || trainer.step())
    }

    /// Forgets what steps and slices cost (another data set or architecture costs differently).
    pub fn forget_step_costs(&mut self) {
        self.step_budget = StepBudget::default();
        self.reference_budget = StepBudget::default();
    }

    /// How far the reference error's computation has come, in [0, 1] (1 once it is known).
    pub fn pca_reference_progress(&self) -> f64 {
        match (&self.variance_job, self.pca_reference()) {
            (_, Some(_)) => 1.0,
            (Some(job), None) => job.progress(),
            (None, None) => 0.0,
        }
    }

    /// Takes over a reference error computed by another session with the same data and code size (the
    /// page's mirror of its training worker, so the page never computes MNIST's PCA itself).
    pub fn adopt_pca_reference(&mut self, error: f64) {
        if self.pca_reference().is_none() {
            self.adopted_pca_reference = Some((self.config().code_size, error));
        }
    }

    /// sparse-features: how many true features the decoder found.
    pub fn recovery(&self) -> Option<RecoveryScore> {
        let truth = self.trainer.data().truth.as_ref()?;
        let directions = self.trainer.model().decoder_directions();
        Some(recovery_score(truth.view(), directions.view()))
    }

    /// The model file (config and weights) as JSON.
    pub fn export_model(&self) -> String {
        ModelFile::capture(self.config(), self.trainer.model(), self.trainer.step_count()).to_json()
    }

    /// Loads a model file: its settings (rebuilding the data set if they name another one) and weights.
    /// A bad file changes nothing.
    pub fn import_model(&mut self, json: &str) -> Result<Change, PlaygroundError> {
        let file = ModelFile::from_json(json)?;
        let data = data::build(&file.config, Sources { mnist: self.mnist.as_deref(), csv: self.csv.as_ref() })?;
        if data.dim() != file.input_dim {
            return Err(ModelFileError::DataMismatch {
                input_dim: file.input_dim,
                dataset: file.config.dataset.name(),
                data_dim: data.dim(),
            }
            .into());
        }
        let data_changed = self.config().data_differs(&file.config);
        let mut trainer = Trainer::new(file.config.clone().check()?, data)?;
        trainer
            .set_parameters(&file.flat_parameters())
            .map_err(|why| ModelFileError::Inconsistent(format!("`layers` cannot be loaded: {why}.")))?;
        self.trainer = trainer;
        if data_changed {
            self.data_replaced();
        }
        Ok(Change { reset: true, message: format!("Loaded a model trained for {} steps.", file.step) })
    }
}

/// ½ Σ of the variances past the first `code_size`: PCA's reconstruction error with that many components
/// (so the eigenvectors are not needed). `max(0) + 0`: never −0 for a code as wide as the data.
fn reference_from_variances(variances: &[f64], code_size: usize) -> f64 {
    (0.5 * variances.iter().skip(code_size).sum::<f64>()).max(0.0) + 0.0
}
