//! Multinomial logistic regression (softmax regression): the linear probe's classifier.
//!
//! For features x (a row, length d) the class probabilities are p = softmax(x W + b), W `[d, c]`, b `[c]`.
//! The loss on a batch of m rows with labels y is the mean cross-entropy plus a small L2 on the weights:
//!
//!   J = −(1/m) Σᵢ log pᵢ,yᵢ  +  (λ/2) ‖W‖²,
//!
//! whose gradient is d_weights = (1/m) Xᵀ (P − Y) + λ W and d_bias = (1/m) Σᵢ (pᵢ − yᵢ), with Y the one-hot
//! labels. Training ([`ProbeTrainer`]) is deterministic: features standardised with the training split's
//! mean and standard deviation, minibatches in a fixed order (no shuffling), a fixed number of epochs and
//! Adam from the core's [`Optimizer`].

use crate::config::OptimizerKind;
use crate::float::Real;
use crate::model::matmul::matmul;
use crate::optimizer::{Optimizer, Update};
use ndarray::{s, Array2, ArrayView2, ArrayViewMut2, Axis};

/// A softmax classifier: weights W `[features, classes]` and biases b `[classes]`, stored in one flat
/// buffer (W row-major, then b) so the core's optimiser can update it in one pass.
#[derive(Clone, Debug, PartialEq)]
pub struct SoftmaxRegression<F> {
    pub features: usize,
    pub classes: usize,
    /// W (row-major, `features × classes`) followed by b (`classes`).
    pub values: Vec<F>,
}

/// The gradient of the loss, in the same flat layout as [`SoftmaxRegression::values`].
#[derive(Clone, Debug, PartialEq)]
pub struct SoftmaxGradient<F> {
    pub features: usize,
    pub classes: usize,
    pub values: Vec<F>,
}

impl<F: Real> SoftmaxGradient<F> {
    pub fn zeros(features: usize, classes: usize) -> SoftmaxGradient<F> {
        SoftmaxGradient { features, classes, values: vec![F::zero(); (features + 1) * classes] }
    }

    /// ∂J/∂W, shape `[features, classes]`.
    pub fn d_weights(&self) -> ArrayView2<'_, F> {
        ArrayView2::from_shape((self.features, self.classes), &self.values[..self.features * self.classes])
            .expect("the buffer holds W first")
    }

    /// ∂J/∂b, length `classes`.
    pub fn d_bias(&self) -> &[F] {
        &self.values[self.features * self.classes..]
    }
}

impl<F: Real> SoftmaxRegression<F> {
    /// All-zero weights and biases: every class equally likely (training from zero is deterministic and
    /// the loss is convex, so no random start is needed).
    pub fn zeros(features: usize, classes: usize) -> SoftmaxRegression<F> {
        SoftmaxRegression { features, classes, values: vec![F::zero(); (features + 1) * classes] }
    }

    /// W, shape `[features, classes]`.
    pub fn weights(&self) -> ArrayView2<'_, F> {
        ArrayView2::from_shape((self.features, self.classes), &self.values[..self.features * self.classes])
            .expect("the buffer holds W first")
    }

    /// b, length `classes`.
    pub fn bias(&self) -> &[F] {
        &self.values[self.features * self.classes..]
    }

    /// Class probabilities for `x` (`[m, features]`) into `probabilities` (`[m, classes]`).
    pub fn forward(&self, x: ArrayView2<F>, mut probabilities: ArrayViewMut2<F>) {
        debug_assert_eq!(x.ncols(), self.features);
        debug_assert_eq!(probabilities.dim(), (x.nrows(), self.classes));
        matmul(&x, &self.weights(), false, &mut probabilities);
        let bias = self.bias();
        for mut row in probabilities.rows_mut() {
            // Subtracting the row's largest logit keeps exp finite; the probabilities are unchanged.
            let mut largest = F::neg_infinity();
            for (z, &b) in row.iter_mut().zip(bias) {
                *z = *z + b;
                largest = largest.max(*z);
            }
            let mut total = F::zero();
            for z in row.iter_mut() {
                *z = (*z - largest).exp();
                total = total + *z;
            }
            for z in row.iter_mut() {
                *z = *z / total;
            }
        }
    }

    /// The loss J on `x` (`[m, features]`, m ≥ 1) with `labels` (length m, each below `classes`) and L2
    /// strength `l2`, and its gradient into `gradient`. `probabilities` is scratch of shape `[m, classes]`.
    pub fn loss_and_gradient(
        &self,
        x: ArrayView2<F>,
        labels: &[u8],
        l2: f64,
        probabilities: &mut Array2<F>,
        gradient: &mut SoftmaxGradient<F>,
    ) -> f64 {
        let m = x.nrows();
        debug_assert_eq!(labels.len(), m);
        self.forward(x, probabilities.view_mut());
        let mut cross_entropy = 0.0f64;
        // P − Y, scaled by 1/m: the error signal of every logit.
        let inv_m = F::of(1.0 / m as f64);
        for (mut row, &label) in probabilities.rows_mut().into_iter().zip(labels) {
            let p = row[label as usize].as_f64();
            // A probability that underflowed to 0 would give an infinite loss; clamp the log only.
            cross_entropy -= p.max(1e-300).ln();
            row[label as usize] = row[label as usize] - F::one();
            row.mapv_inplace(|v| v * inv_m);
        }
        let (features, classes) = (self.features, self.classes);
        let (d_weights, d_bias) = gradient.values.split_at_mut(features * classes);
        let mut d_weights = ArrayViewMut2::from_shape((features, classes), d_weights).expect("W first");
        matmul(&x.t(), &probabilities.view(), false, &mut d_weights);
        let weights = self.weights();
        let lambda = F::of(l2);
        let mut squares = 0.0f64;
        d_weights.zip_mut_with(&weights, |d, &w| {
            *d = *d + lambda * w;
            squares += w.as_f64() * w.as_f64();
        });
        for (d, column) in d_bias.iter_mut().zip(probabilities.axis_iter(Axis(1))) {
            *d = column.iter().fold(F::zero(), |sum, &v| sum + v);
        }
        cross_entropy / m as f64 + 0.5 * l2 * squares
    }

    /// The predicted class of each row of `x` (`[m, features]`), computed 500 rows at a time.
    pub fn predict(&self, x: ArrayView2<F>) -> Vec<u8> {
        const CHUNK: usize = 500;
        let mut predictions = Vec::with_capacity(x.nrows());
        let mut probabilities = Array2::zeros((CHUNK.min(x.nrows()), self.classes));
        for start in (0..x.nrows()).step_by(CHUNK) {
            let rows = x.slice(s![start..(start + CHUNK).min(x.nrows()), ..]);
            let mut out = probabilities.slice_mut(s![..rows.nrows(), ..]);
            self.forward(rows, out.view_mut());
            for row in out.rows() {
                // First largest wins ties, so the prediction is deterministic.
                let best = row.iter().enumerate().fold(
                    (0, F::neg_infinity()),
                    |best, (j, &p)| {
                        if p > best.1 {
                            (j, p)
                        } else {
                            best
                        }
                    },
                );
                predictions.push(best.0 as u8);
            }
        }
        predictions
    }

    /// Fraction of rows of `x` whose predicted class is their label, in [0, 1] (0 for no rows).
    pub fn accuracy(&self, x: ArrayView2<F>, labels: &[u8]) -> f64 {
        if labels.is_empty() {
            return 0.0;
        }
        let right = self.predict(x).iter().zip(labels).filter(|(p, l)| p == l).count();
        right as f64 / labels.len() as f64
    }
}

/// Per-feature standardisation fitted on the training split only: (x − mean) / std. A constant feature
/// (std 0, e.g. a border pixel that is always blank) is only centred, so it stays 0 rather than NaN.
#[derive(Clone, Debug, PartialEq)]
pub struct Standardizer {
    pub mean: Vec<f32>,
    /// 1 / std, or 1 where the std is 0.
    pub inverse_scale: Vec<f32>,
}

impl Standardizer {
    /// The mean and standard deviation of every column of `x` (`[n, d]`, n ≥ 1), summed in f64.
    pub fn fit(x: ArrayView2<f32>) -> Standardizer {
        let n = x.nrows().max(1) as f64;
        let d = x.ncols();
        let mut sum = vec![0.0f64; d];
        let mut squares = vec![0.0f64; d];
        for row in x.rows() {
            for ((s, q), &v) in sum.iter_mut().zip(squares.iter_mut()).zip(row) {
                *s += v as f64;
                *q += v as f64 * v as f64;
            }
        }
        let mean: Vec<f64> = sum.iter().map(|s| s / n).collect();
        let inverse_scale = squares
            .iter()
            .zip(&mean)
            .map(|(q, m)| {
                let std = (q / n - m * m).max(0.0).sqrt();
                if std > 1e-6 {
                    (1.0 / std) as f32
                } else {
                    1.0
                }
            })
            .collect();
        Standardizer { mean: mean.iter().map(|&m| m as f32).collect(), inverse_scale }
    }

    /// Standardises `x` (`[n, d]`, d as fitted) in place.
    pub fn apply(&self, x: &mut Array2<f32>) {
        for mut row in x.rows_mut() {
            for ((v, m), s) in row.iter_mut().zip(&self.mean).zip(&self.inverse_scale) {
                *v = (*v - m) * s;
            }
        }
    }
}

/// How the probe is trained: the same for every representation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProbeSettings {
    /// Passes over the training split.
    pub epochs: usize,
    /// Rows per minibatch, taken in the split's fixed order.
    pub batch_size: usize,
    /// Adam's step size η.
    pub learning_rate: f64,
    /// L2 strength λ on the weights.
    pub l2: f64,
}

impl Default for ProbeSettings {
    fn default() -> ProbeSettings {
        ProbeSettings { epochs: 12, batch_size: 100, learning_rate: 0.003, l2: 1e-3 }
    }
}

/// Trains a [`SoftmaxRegression`] one minibatch at a time (so a caller can stop between batches),
/// deterministically: fixed batch order, zero start, Adam.
pub struct ProbeTrainer {
    pub settings: ProbeSettings,
    pub model: SoftmaxRegression<f32>,
    optimizer: Optimizer<f32>,
    gradient: SoftmaxGradient<f32>,
    probabilities: Array2<f32>,
    /// Standardised training features, `[n, features]`.
    x: Array2<f32>,
    labels: Vec<u8>,
    /// Minibatches done so far.
    batches_done: usize,
    /// The last minibatch's loss.
    pub last_loss: f64,
}

impl ProbeTrainer {
    /// A trainer for the standardised features `x` (`[n, features]`, n ≥ 1) with `labels` (length n,
    /// each below `classes`).
    pub fn new(x: Array2<f32>, labels: Vec<u8>, classes: usize, settings: ProbeSettings) -> ProbeTrainer {
        assert_eq!(x.nrows(), labels.len(), "one label per row");
        let features = x.ncols();
        let batch = settings.batch_size.clamp(1, x.nrows().max(1));
        ProbeTrainer {
            settings: ProbeSettings { batch_size: batch, ..settings },
            model: SoftmaxRegression::zeros(features, classes),
            optimizer: Optimizer::new(OptimizerKind::Adam),
            gradient: SoftmaxGradient::zeros(features, classes),
            probabilities: Array2::zeros((batch, classes)),
            x,
            labels,
            batches_done: 0,
            last_loss: f64::NAN,
        }
    }

    /// Minibatches per epoch (a partial last batch counts: every row is used every epoch).
    pub fn batches_per_epoch(&self) -> usize {
        self.x.nrows().div_ceil(self.settings.batch_size)
    }

    /// Minibatches in the whole training.
    pub fn total_batches(&self) -> usize {
        self.batches_per_epoch() * self.settings.epochs
    }

    pub fn is_done(&self) -> bool {
        self.batches_done >= self.total_batches()
    }

    /// Fraction of the training done, in [0, 1].
    pub fn fraction(&self) -> f64 {
        let total = self.total_batches();
        if total == 0 {
            1.0
        } else {
            self.batches_done as f64 / total as f64
        }
    }

    /// Trains on the next minibatch; returns `false` (doing nothing) once every epoch is done.
    pub fn step(&mut self) -> bool {
        if self.is_done() {
            return false;
        }
        let per_epoch = self.batches_per_epoch();
        let start = (self.batches_done % per_epoch) * self.settings.batch_size;
        let end = (start + self.settings.batch_size).min(self.x.nrows());
        let x = self.x.slice(s![start..end, ..]);
        if self.probabilities.nrows() != end - start {
            self.probabilities = Array2::zeros((end - start, self.model.classes));
        }
        self.last_loss = self.model.loss_and_gradient(
            x,
            &self.labels[start..end],
            self.settings.l2,
            &mut self.probabilities,
            &mut self.gradient,
        );
        // The L2 term is already in the gradient: the optimiser adds no decay of its own.
        let update =
            Update { learning_rate: self.settings.learning_rate, momentum: 0.0, weight_decay: 0.0, weight_count: 0 };
        self.optimizer.step(&mut self.model.values, &self.gradient.values, &update);
        if self.probabilities.nrows() != self.settings.batch_size {
            self.probabilities = Array2::zeros((self.settings.batch_size, self.model.classes));
        }
        self.batches_done += 1;
        true
    }

    /// Accuracy on the (standardised) training features.
    pub fn train_accuracy(&self) -> f64 {
        self.model.accuracy(self.x.view(), &self.labels)
    }
}
