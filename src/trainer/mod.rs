//! The trainer: one minibatch per [`Trainer::step`], live hyperparameters, metrics, divergence and collapse.

pub mod clock;
pub mod collapse;
pub mod divergence;
pub mod history;
pub mod probe;
pub mod snapshot;
pub mod sparsity_stats;
pub mod step_budget;

pub use clock::{default_clock, Clock, Throughput};
pub use divergence::{Status, Stop};
pub use history::{HistoryPoint, LossHistory};
pub use sparsity_stats::SparsityStats;
pub use step_budget::StepBudget;

use crate::activation::FiringRule;
use crate::config::{CheckedConfig, Config, ConfigError, Penalty};
use crate::data::Dataset;
use crate::gradient_check::{self, GradientCheckJob, GradientCheckReport};
use crate::model::{BackwardWorkspace, ForwardCache, Model, Parameters};
use crate::objective::{kl, LossTerms, Objective, Terms};
use crate::optimizer::{Optimizer, Update};
use ndarray::{Array2, ArrayView2};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;
use serde::Serialize;
use thiserror::Error;

/// Steps between readings of the clock for samples per second.
const CLOCK_EVERY: u64 = 4;

/// Rows evaluated at a time by [`Trainer::evaluate`].
const EVALUATION_CHUNK: usize = 512;

/// Why a trainer could not be built or changed.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum TrainError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Data(#[from] crate::data::DataError),
    /// A live change was asked for a setting that needs a reset (the caller rebuilds).
    #[error("Changing {0} needs a reset of the weights.")]
    NeedsReset(String),
}

/// Everything the page shows after a step.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    pub step: u64,
    pub epoch: u64,
    /// Terms on the last batch.
    pub loss: LossTerms,
    /// ρ̂ per code unit on the last batch.
    pub rho_hat: Vec<f32>,
    /// ρ̂ per code unit, running average.
    pub rho_hat_running: Vec<f32>,
    /// The largest |ρ̂ⱼ − ρ| over the code units (running ρ̂): how far the worst unit is from the KL target
    /// (the lesson's KL checkpoint); `None` without code units.
    pub rho_hat_largest_gap: Option<f32>,
    /// Fraction of recent samples each code unit fired on.
    pub firing_density: Vec<f32>,
    /// Mean active code units per sample (L0).
    pub l0: f64,
    pub dead_units: usize,
    pub samples_per_second: f64,
    pub status: Status,
}

/// max |ρ̂ⱼ − ρ| over `rho_hat`, `None` when it is empty.
fn largest_gap(rho_hat: &[f32], rho: f32) -> Option<f32> {
    rho_hat.iter().map(|r| (r - rho).abs()).reduce(f32::max)
}

/// Trains a [`Model`] on a [`Dataset`], one minibatch at a time, allocating nothing per step.
pub struct Trainer {
    config: CheckedConfig,
    data: Dataset,
    model: Model<f32>,
    objective: Objective,
    optimizer: Optimizer<f32>,
    d_params: Parameters<f32>,
    cache: ForwardCache<f32>,
    workspace: BackwardWorkspace<f32>,
    /// The current minibatch, `[m, input]`.
    x_batch: Array2<f32>,
    rho_hat: Vec<f32>,
    /// A permutation of the samples; `cursor` is the next unused position.
    order: Vec<usize>,
    cursor: usize,
    shuffle_rng: Pcg64Mcg,
    step: u64,
    epoch: u64,
    last_loss: LossTerms,
    stats: SparsityStats,
    history: LossHistory,
    status: Status,
    /// Last good parameters and the step they are from (taken only while healthy).
    snapshot: (Vec<f32>, u64),
    /// Watches for a collapse: a saturated code, a loss far above or stuck at the untrained one.
    watch: collapse::Watch,
    /// When the weights came from a model file: the step then and their largest magnitude.
    imported: Option<(u64, f32)>,
    clock: Clock,
    throughput: Throughput,
    /// A mirror's samples per second, as reported by the trainer it mirrors.
    mirrored_rate: Option<f64>,
    /// Bumped whenever the weights change, so views know when to recompute.
    weights_revision: u64,
    /// Samples trained since the clock was last read.
    unclocked_samples: u64,
}

impl Trainer {
    /// A trainer for `config` on `data`; the weights come from `config.seed`.
    pub fn new(config: CheckedConfig, data: Dataset) -> Result<Trainer, TrainError> {
        if config.batch_size > data.len() {
            return Err(ConfigError::BatchLargerThanData { batch: config.batch_size, samples: data.len() }.into());
        }
        let model = Model::new(&config, data.dim());
        let m = config.batch_size;
        let mut shuffle_rng = Pcg64Mcg::seed_from_u64(config.seed ^ 0x005e_ed0f_5a11);
        let mut order: Vec<usize> = (0..data.len()).collect();
        order.shuffle(&mut shuffle_rng);
        let clock: Clock = default_clock;
        Ok(Trainer {
            objective: Objective::new(config.objective.clone()),
            optimizer: Optimizer::new(config.optimizer),
            d_params: Parameters::zeros(&model.sizes),
            cache: ForwardCache::new(&model, m),
            workspace: BackwardWorkspace::new(&model, m),
            x_batch: Array2::zeros((m, data.dim())),
            rho_hat: vec![0.0; model.code_size()],
            order,
            cursor: 0,
            shuffle_rng,
            step: 0,
            epoch: 0,
            last_loss: LossTerms::default(),
            stats: SparsityStats::new(model.code_size()),
            history: LossHistory::default(),
            status: Status::Ok,
            snapshot: (model.params.values.clone(), 0),
            watch: collapse::Watch::default(),
            imported: None,
            throughput: Throughput::new(clock()),
            mirrored_rate: None,
            weights_revision: 0,
            unclocked_samples: 0,
            clock,
            model,
            data,
            config,
        })
    }

    /// Uses `clock` (seconds) for samples per second.
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
        self.throughput = Throughput::new(clock());
    }

    pub fn config(&self) -> &CheckedConfig {
        &self.config
    }

    pub fn data(&self) -> &Dataset {
        &self.data
    }

    pub fn model(&self) -> &Model<f32> {
        &self.model
    }

    pub fn objective(&self) -> &Objective {
        &self.objective
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    /// Changes whenever the weights change (a step, a restore, an import, a mirrored state).
    pub fn weights_revision(&self) -> u64 {
        self.weights_revision
    }

    pub fn step_count(&self) -> u64 {
        self.step
    }

    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    pub fn last_loss(&self) -> LossTerms {
        self.last_loss
    }

    pub fn stats(&self) -> &SparsityStats {
        &self.stats
    }

    /// When a code unit counts as firing under the current settings (for sigmoid units it follows ρ).
    pub fn firing_rule(&self) -> FiringRule {
        let kl_target = (self.config.objective.penalty == Penalty::Kl).then_some(self.config.objective.rho);
        FiringRule::new(self.model.hidden, kl_target)
    }

    pub fn history(&self) -> &LossHistory {
        &self.history
    }

    pub fn samples_per_second(&self) -> f64 {
        self.mirrored_rate.unwrap_or_else(|| self.throughput.samples_per_second())
    }

    /// Applies live hyperparameters (penalty, λ, ρ, β, k, λ_w, η, μ, optimiser, batch size) for the next
    /// step; nothing is reset. A change of data or architecture is refused with
    /// [`TrainError::NeedsReset`]: build a new trainer for it.
    pub fn set_live(&mut self, next: CheckedConfig) -> Result<(), TrainError> {
        if self.config.needs_reset(&next) {
            return Err(TrainError::NeedsReset(self.config.describe_reset(&next)));
        }
        if next.batch_size > self.data.len() {
            return Err(ConfigError::BatchLargerThanData { batch: next.batch_size, samples: self.data.len() }.into());
        }
        if next.batch_size != self.config.batch_size {
            let m = next.batch_size;
            self.cache = ForwardCache::new(&self.model, m);
            self.workspace = BackwardWorkspace::new(&self.model, m);
            self.x_batch = Array2::zeros((m, self.data.dim()));
        }
        if next.optimizer != self.config.optimizer || next.learning_rate != self.config.learning_rate {
            self.watch.forget_rate();
        }
        self.optimizer.set_kind(next.optimizer);
        let objective = Objective::new(next.objective.clone());
        if objective != self.objective {
            self.watch.forget_untrained_loss();
        }
        self.objective = objective;
        self.config = next;
        Ok(())
    }

    /// Trains on the next minibatch. Returns `false` on the step that diverges or is found stuck, and
    /// (doing nothing) on every step after it until a restore or reset.
    pub fn step(&mut self) -> bool {
        if self.status != Status::Ok {
            return false;
        }
        let m = self.config.batch_size;
        if self.cursor + m > self.order.len() {
            // Every epoch sees a fresh order; a partial last batch is dropped so every step has m samples.
            self.order.shuffle(&mut self.shuffle_rng);
            self.cursor = 0;
            self.epoch += 1;
        }
        self.data.gather(&self.order[self.cursor..self.cursor + m], self.x_batch.view_mut());
        self.cursor += m;

        let (loss, failed) = train_on_batch(
            &mut self.model,
            &self.objective,
            &mut self.optimizer,
            &self.config,
            self.x_batch.view(),
            (&mut self.cache, &mut self.workspace, &mut self.rho_hat, &mut self.d_params),
        );
        self.step += 1;
        self.weights_revision += 1;
        self.last_loss = loss;
        if let Some(what) = failed {
            self.diverge(what);
            return false;
        }
        self.stats.record(self.cache.code(&self.model), &self.rho_hat, self.firing_rule());
        self.history.push(self.step, loss);
        // Reading the clock is a call into JavaScript in the browser: once every few steps is enough.
        self.unclocked_samples += m as u64;
        if self.step.is_multiple_of(CLOCK_EVERY) {
            self.throughput.record(self.unclocked_samples, (self.clock)());
            self.unclocked_samples = 0;
        }
        self.watch.record_loss(loss.total);
        if self.step.is_multiple_of(divergence::SNAPSHOT_EVERY) {
            match self.check_health() {
                collapse::Health::Good => {
                    self.snapshot.0.copy_from_slice(&self.model.params.values);
                    self.snapshot.1 = self.step;
                }
                // Keep the weights from before the trouble began.
                collapse::Health::Suspect => {}
                collapse::Health::Stuck(reason) => {
                    self.get_stuck(reason);
                    return false;
                }
            }
        }
        true
    }

    /// Up to `n` steps; stops early on divergence or collapse. Returns the steps taken.
    pub fn run(&mut self, n: usize) -> usize {
        (0..n).take_while(|_| self.step()).count()
    }

    fn diverge(&mut self, what: &str) {
        let largest = largest_magnitude(&self.snapshot.0);
        let cause = match self.imported {
            // The snapshot still holds the imported weights and they were already huge.
            Some((at, largest)) if self.snapshot.1 == at && largest > divergence::HUGE_WEIGHT => {
                divergence::Cause::ImportedWeights { largest, steps_since: self.step - at }
            }
            _ => {
                let finding = self.probe_learning_rate(&self.snapshot.0, probe::Avoid::BlowUp);
                match finding.suggested {
                    Some(suggested) => divergence::Cause::LearningRate { suggested, trial_steps: finding.trial_steps },
                    None => divergence::Cause::Weights { largest },
                }
            }
        };
        self.status = Status::Diverged(divergence::explain(self.step, what, &self.config, self.snapshot.1, cause));
    }

    /// The collapse detector's verdict on the step just taken (its forward pass is still in the cache).
    fn check_health(&mut self) -> collapse::Health {
        if self.watch.untrained_loss().is_none() {
            let untrained = self.untrained_loss();
            self.watch.set_untrained_loss(untrained);
        }
        let dead = collapse::code_dead(self.cache.code(&self.model), self.model.hidden);
        self.watch.check(dead, divergence::SNAPSHOT_EVERY)
    }

    /// The loss the seed's fresh weights score on the current batch under the current objective: the
    /// reference a collapsed or stuck loss is compared with.
    fn untrained_loss(&self) -> f64 {
        let fresh = Model::<f32>::new(&self.config, self.data.dim());
        let mut cache = ForwardCache::new(&fresh, self.x_batch.nrows());
        let mut rho_hat = vec![0.0; fresh.code_size()];
        self.objective.loss(&fresh, self.x_batch.view(), &mut cache, &mut rho_hat).total
    }

    fn get_stuck(&mut self, reason: collapse::Reason) {
        let observed = collapse::Observed {
            step: self.step,
            reason,
            smoothed_loss: self.watch.smoothed_loss().unwrap_or(self.last_loss.total),
            untrained_loss: self.watch.untrained_loss().unwrap_or(f64::NAN),
            saturated_units: collapse::saturated_units(self.cache.code(&self.model), self.model.hidden),
        };
        let remedy = if reason == collapse::Reason::NoProgress {
            let larger = self.probe_larger_rate(&self.model.params.values);
            collapse::Remedy::RaiseRate(larger.unwrap_or(divergence::round_rate(self.config.learning_rate * 10.0)))
        } else if let Some(steps) = self.watch.proven_rate_steps() {
            collapse::Remedy::Penalty { rate_proven_steps: Some(steps) }
        } else {
            match self.probe_learning_rate(&self.snapshot.0, probe::Avoid::BlowUpOrSaturation).suggested {
                Some(rate) => collapse::Remedy::LowerRate(rate),
                None => collapse::Remedy::Penalty { rate_proven_steps: None },
            }
        };
        self.status = Status::Stuck(collapse::explain(observed, &self.config, self.snapshot.1, remedy));
    }

    /// Brings back the last good weights (kept every [`divergence::SNAPSHOT_EVERY`] steps while training is
    /// healthy), clears the optimiser's state and resumes. The step counter returns to the snapshot's step;
    /// the loss and sparsity read-outs describe the restored weights on the last batch.
    pub fn restore_last_good(&mut self) {
        self.weights_revision += 1;
        self.model.params.values.copy_from_slice(&self.snapshot.0);
        self.step = self.snapshot.1;
        self.optimizer.reset_state();
        self.status = Status::Ok;
        self.describe_current_weights();
    }

    /// Makes the loss, the sparsity statistics and the collapse detector describe the current weights (on
    /// the last batch), so nothing the page reads still describes the weights that were replaced.
    fn describe_current_weights(&mut self) {
        let m = self.config.batch_size;
        let last_batch = self.cursor.saturating_sub(m);
        self.data.gather(&self.order[last_batch..last_batch + m], self.x_batch.view_mut());
        self.last_loss = self.objective.loss(&self.model, self.x_batch.view(), &mut self.cache, &mut self.rho_hat);
        self.stats.clear();
        self.stats.record(self.cache.code(&self.model), &self.rho_hat, self.firing_rule());
        self.watch.restart();
    }

    /// The metrics of the last step.
    pub fn metrics(&self) -> Metrics {
        Metrics {
            step: self.step,
            epoch: self.epoch,
            loss: self.last_loss,
            rho_hat: self.stats.rho_hat_batch.clone(),
            rho_hat_running: self.stats.rho_hat_running.clone(),
            rho_hat_largest_gap: largest_gap(&self.stats.rho_hat_running, self.config.objective.rho as f32),
            firing_density: self.stats.firing_density.clone(),
            l0: self.stats.l0,
            dead_units: self.stats.dead_units(),
            samples_per_second: self.samples_per_second(),
            status: self.status.clone(),
        }
    }

    /// Every term on the whole data set (ρ̂ over all samples), and each unit's ρ̂.
    pub fn evaluate(&self) -> (LossTerms, Vec<f32>) {
        evaluate(&self.model, &self.objective, &self.data)
    }

    /// Gradient check of the current weights in f64 on up to 20 samples, comparing at most
    /// `max_parameters` coordinates (a seeded sample for large models).
    pub fn gradient_check(&self, max_parameters: usize) -> GradientCheckReport {
        gradient_check::check_model(
            &self.model,
            self.check_batch().view(),
            &self.objective,
            max_parameters,
            self.config.seed,
        )
    }

    /// [`Trainer::gradient_check`] as a job to advance a little at a time (a page's thread keeps drawing).
    pub fn gradient_check_job(&self, max_parameters: usize) -> GradientCheckJob {
        GradientCheckJob::new(&self.model, self.check_batch().view(), &self.objective, max_parameters, self.config.seed)
    }

    /// The gradient check's batch: up to 20 samples spread over the data set, `[rows, input]`.
    fn check_batch(&self) -> Array2<f32> {
        let rows = self.data.len().min(20);
        let indices: Vec<usize> = (0..rows).map(|i| i * self.data.len() / rows).collect();
        let mut x = Array2::<f32>::zeros((rows, self.data.dim()));
        self.data.gather(&indices, x.view_mut());
        x
    }

    /// Replaces the weights (an imported model); the shapes must match.
    pub fn set_parameters(&mut self, values: &[f32]) -> Result<(), String> {
        if values.len() != self.model.params.len() {
            return Err(format!(
                "the model has {} parameters but {} were given",
                self.model.params.len(),
                values.len()
            ));
        }
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(format!("parameter {i} is not a finite number"));
        }
        self.model.params.values.copy_from_slice(values);
        self.weights_revision += 1;
        self.snapshot = (values.to_vec(), self.step);
        self.imported = Some((self.step, largest_magnitude(values)));
        self.optimizer.reset_state();
        self.status = Status::Ok;
        self.watch.restart();
        Ok(())
    }
}

/// The largest magnitude among `values`.
fn largest_magnitude(values: &[f32]) -> f32 {
    values.iter().fold(0.0f32, |m, v| m.max(v.abs()))
}

/// Scratch buffers one update needs: the forward cache, the backward workspace, ρ̂ and the gradient.
type Buffers<'a> =
    (&'a mut ForwardCache<f32>, &'a mut BackwardWorkspace<f32>, &'a mut Vec<f32>, &'a mut Parameters<f32>);

/// One optimiser update of `model` on the batch `x` with `config`'s rate: the loss before the update
/// (weight decay included) and, if something became NaN or infinite, what it was.
fn train_on_batch(
    model: &mut Model<f32>,
    objective: &Objective,
    optimizer: &mut Optimizer<f32>,
    config: &Config,
    x: ArrayView2<f32>,
    (cache, workspace, rho_hat, d_params): Buffers,
) -> (LossTerms, Option<&'static str>) {
    // Weight decay (its value and gradient) is folded into the optimiser's pass over the weights.
    let without_decay = Terms { weight_decay: false, ..objective.terms };
    let objective = Objective { terms: without_decay, ..objective.clone() };
    let mut loss = objective.loss_and_gradient(model, x, cache, workspace, rho_hat, d_params);
    if let Some(what) = divergence::non_finite_term(&loss) {
        return (loss, Some(what));
    }
    let update = Update {
        learning_rate: config.learning_rate,
        momentum: config.momentum,
        weight_decay: config.objective.weight_decay,
        weight_count: model.params.weight_count,
    };
    let outcome = optimizer.step(&mut model.params.values, &d_params.values, &update);
    loss.weight_decay = config.objective.weight_decay / 2.0 * outcome.weight_sum_squares;
    loss.total += loss.weight_decay;
    if !outcome.finite || !loss.total.is_finite() {
        return (loss, Some(if outcome.finite { "the weight-decay term" } else { "a weight" }));
    }
    (loss, None)
}

/// Every term of `objective` on all of `data`, batched; ρ̂ is the mean over every sample.
pub fn evaluate(model: &Model<f32>, objective: &Objective, data: &Dataset) -> (LossTerms, Vec<f32>) {
    let n = data.len();
    let chunk = EVALUATION_CHUNK.min(n);
    let mut cache = ForwardCache::new(model, chunk);
    let mut x = Array2::<f32>::zeros((chunk, data.dim()));
    let mut rho_hat_chunk = vec![0.0f32; model.code_size()];
    let mut rho_hat_sum = vec![0.0f64; model.code_size()];
    let (mut reconstruction, mut sparsity_l1) = (0.0f64, 0.0f64);
    let indices: Vec<usize> = (0..n).collect();
    let mut start = 0;
    while start < n {
        let rows = chunk.min(n - start);
        if rows != cache.rows() {
            cache = ForwardCache::new(model, rows);
            x = Array2::zeros((rows, data.dim()));
        }
        data.gather(&indices[start..start + rows], x.view_mut());
        let terms = objective.loss(model, x.view(), &mut cache, &mut rho_hat_chunk);
        // Per-chunk means weighted back into sums over all samples.
        reconstruction += terms.reconstruction * rows as f64;
        if objective.settings.penalty == crate::config::Penalty::L1 {
            sparsity_l1 += terms.sparsity * rows as f64;
        }
        for (s, &r) in rho_hat_sum.iter_mut().zip(&rho_hat_chunk) {
            *s += r as f64 * rows as f64;
        }
        start += rows;
    }
    let rho_hat: Vec<f64> = rho_hat_sum.iter().map(|s| s / n as f64).collect();
    let sparsity = match objective.settings.penalty {
        crate::config::Penalty::L1 => sparsity_l1 / n as f64,
        crate::config::Penalty::Kl => kl::kl_penalty(&rho_hat, objective.settings.rho, objective.settings.beta),
        _ => 0.0,
    };
    let weight_decay = crate::objective::weight_decay::weight_decay_penalty(
        model.params.all_weights(),
        objective.settings.weight_decay as f32,
    ) as f64;
    let reconstruction = reconstruction / n as f64;
    let terms = LossTerms { reconstruction, sparsity, weight_decay, total: reconstruction + sparsity + weight_decay };
    (terms, rho_hat.iter().map(|&r| r as f32).collect())
}
