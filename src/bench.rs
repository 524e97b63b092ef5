//! The benchmark cases, shared by `sae bench` (native) and the browser benchmark (wasm), so both time
//! exactly the same work.

use crate::activation::Activation;
use crate::config::{Config, DataKind, OptimizerKind, OutputActivation};
use crate::data::{swiss_roll, Dataset};
use crate::model_file::ModelFile;
use crate::presets;
use crate::trainer::{default_clock, Clock, Trainer};
use ndarray::Array2;
use rand::{RngExt, SeedableRng};
use serde::Serialize;

/// A benchmarked training step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Batch 64, 784-196-784, sigmoid hidden and output, reconstruction + KL (ρ 0.1, β 3) + weight decay
    /// (3e-3), plain SGD.
    Mnist,
    /// Batch 128, 3-16-3, the same objective shape on the Swiss roll (linear output).
    Swiss,
}

impl Case {
    pub const ALL: [Case; 2] = [Case::Mnist, Case::Swiss];

    pub fn name(self) -> &'static str {
        match self {
            Case::Mnist => "mnist",
            Case::Swiss => "swiss",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Case::Mnist => "batch 64, 784-196-784, sigmoid, KL + weight decay, SGD",
            Case::Swiss => "batch 128, 3-16-3, sigmoid code, KL + weight decay, SGD",
        }
    }

    /// The config and data the case trains on.
    pub fn setup(self) -> (Config, Dataset) {
        let objective = Config {
            encoder_layers: vec![],
            activation: Activation::Sigmoid,
            optimizer: OptimizerKind::Sgd,
            learning_rate: 0.1,
            seed: 1,
            objective: presets::ufldl_objective(),
            ..Config::default()
        };
        match self {
            Case::Mnist => {
                // MNIST-shaped data: timing does not depend on the pixel values, and the same synthetic
                // batch can be rebuilt in any host without the digits file.
                let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(7);
                let x = Array2::from_shape_fn((1024, 784), |_| rng.random_range(0.0f32..1.0));
                let data = Dataset {
                    kind: DataKind::Mnist,
                    x,
                    color: None,
                    labels: None,
                    truth: None,
                    image_shape: Some((28, 28)),
                    column_names: (0..784).map(|i| format!("p{i}")).collect(),
                };
                let config = Config {
                    dataset: DataKind::Mnist,
                    samples: 1024,
                    code_size: 196,
                    output_activation: OutputActivation::Sigmoid,
                    batch_size: 64,
                    // Small enough that no unit saturates in the first steps: then the clamp of ρ̂ in
                    // the KL term never acts, and a peer without it takes exactly the same steps.
                    learning_rate: 0.01,
                    ..objective
                };
                (config, data)
            }
            Case::Swiss => {
                let config = Config { samples: 2048, code_size: 16, batch_size: 128, ..objective };
                (config.clone(), swiss_roll::generate(config.samples, config.noise, config.data_seed))
            }
        }
    }

    /// Steps per timed run: enough for a stable figure in well under a second.
    pub fn steps(self) -> usize {
        match self {
            Case::Mnist => 200,
            Case::Swiss => 5000,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BenchResult {
    /// Useful GFLOP/s of the step (see [`useful_flops`]).
    pub gflops: f64,
    pub case: &'static str,
    pub description: &'static str,
    /// Median over runs of the mean µs per step.
    pub microseconds_per_step: f64,
    pub steps: usize,
    pub runs: usize,
}

/// Times `case`: a warm-up, then `runs` runs of `steps` steps; the median run's µs per step.
pub fn run_case(case: Case, steps: usize, runs: usize, clock: Clock) -> BenchResult {
    let (config, data) = case.setup();
    let mut trainer =
        Trainer::new(config.check().expect("benchmark configs are valid"), data).expect("benchmark data fits");
    trainer.run(steps / 10 + 1);
    let mut per_step: Vec<f64> = (0..runs)
        .map(|_| {
            let start = clock();
            trainer.run(steps);
            (clock() - start) * 1e6 / steps as f64
        })
        .collect();
    crate::sort::sort_by(&mut per_step, &f64::total_cmp);
    BenchResult {
        gflops: useful_flops(case) / (per_step[runs / 2] * 1e-6) / 1e9,
        case: case.name(),
        description: case.description(),
        microseconds_per_step: per_step[runs / 2],
        steps,
        runs,
    }
}

/// The fixed batch and the initial weights of a case, from which a peer (TensorFlow.js) takes the very
/// same steps, so the benchmark compares equal work.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Parity {
    /// The config and initial weights, as a model file.
    pub model: ModelFile,
    /// The batch, row-major `[batch_size, input]`.
    pub batch: Vec<f32>,
    /// The total loss reported by each of the first steps (each at the weights before its update).
    pub losses: Vec<f64>,
}

/// Trains `case` on exactly one fixed batch (so every step sees the same samples) for `steps` steps.
pub fn parity(case: Case, steps: usize) -> Parity {
    let (config, data) = case.setup();
    let m = config.batch_size;
    let rows: Vec<usize> = (0..m).collect();
    let mut batch = Array2::<f32>::zeros((m, data.dim()));
    data.gather(&rows, batch.view_mut());
    let one_batch = Dataset { x: batch.clone(), color: None, labels: None, truth: None, ..data };
    let config = Config { samples: m, ..config };
    let mut trainer = Trainer::new(config.clone().check().expect("benchmark configs are valid"), one_batch)
        .expect("benchmark data fits");
    let model = ModelFile::capture(&config, trainer.model(), 0);
    let losses = (0..steps)
        .map(|_| {
            trainer.step();
            trainer.last_loss().total
        })
        .collect();
    Parity { model, batch: batch.into_raw_vec_and_offset().0, losses }
}

/// Useful floating-point operations of one step (10 · B · d · h for one hidden layer: five products of
/// 2 · B · d · h each), for the efficiency figure.
pub fn useful_flops(case: Case) -> f64 {
    let (config, data) = case.setup();
    10.0 * config.batch_size as f64 * data.dim() as f64 * config.code_size as f64
}

/// Peak f32 multiply-add rate of this core in wasm: 12 independent f32x4 multiply-then-add chains (the
/// most the SIMD128 units can overlap), as GFLOP/s measured over at least `seconds`.
#[cfg(target_arch = "wasm32")]
pub fn peak_gflops(seconds: f64, clock: Clock) -> f64 {
    // The matrix kernel's own multiply-add, so the peak is of the instruction the step uses.
    use crate::model::matmul::simd::madd;
    use std::arch::wasm32::*;
    let mul = f32x4_splat(std::hint::black_box(0.999_9));
    let add = f32x4_splat(std::hint::black_box(1e-4));
    // Twelve named accumulators (not an array) so they stay in registers.
    let start_value = |i: f32| f32x4_splat(std::hint::black_box(1.0 + i * 1e-3));
    let (mut a0, mut a1, mut a2, mut a3) = (start_value(0.0), start_value(1.0), start_value(2.0), start_value(3.0));
    let (mut a4, mut a5, mut a6, mut a7) = (start_value(4.0), start_value(5.0), start_value(6.0), start_value(7.0));
    let (mut a8, mut a9, mut a10, mut a11) = (start_value(8.0), start_value(9.0), start_value(10.0), start_value(11.0));
    const INNER: u64 = 100_000;
    let start = clock();
    let mut rounds = 0u64;
    loop {
        for _ in 0..INNER {
            a0 = madd(a0, mul, add);
            a1 = madd(a1, mul, add);
            a2 = madd(a2, mul, add);
            a3 = madd(a3, mul, add);
            a4 = madd(a4, mul, add);
            a5 = madd(a5, mul, add);
            a6 = madd(a6, mul, add);
            a7 = madd(a7, mul, add);
            a8 = madd(a8, mul, add);
            a9 = madd(a9, mul, add);
            a10 = madd(a10, mul, add);
            a11 = madd(a11, mul, add);
        }
        rounds += 1;
        if clock() - start >= seconds {
            break;
        }
    }
    let elapsed = clock() - start;
    std::hint::black_box([a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11]);
    // 12 chains × 4 lanes × 2 operations per iteration.
    (rounds * INNER) as f64 * 12.0 * 4.0 * 2.0 / elapsed / 1e9
}

/// Both cases with the native clock.
pub fn run_all() -> Vec<BenchResult> {
    Case::ALL.iter().map(|&case| run_case(case, case.steps(), 5, default_clock)).collect()
}
