//! The benchmark cases, shared by `sae bench` (native) and the browser benchmark (wasm), so both time
//! exactly the same work.

use crate::activation::Activation;
use crate::config::{Config, DataKind, OptimizerKind, OutputActivation, Penalty};
use crate::data::{swiss_roll, Dataset};
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
            penalty: Penalty::Kl,
            rho: 0.1,
            beta: 3.0,
            weight_decay: 3e-3,
            optimizer: OptimizerKind::Sgd,
            learning_rate: 0.1,
            seed: 1,
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
    let mut trainer = Trainer::new(config, data).expect("benchmark configs are valid");
    trainer.run(steps / 10 + 1);
    let mut per_step: Vec<f64> = (0..runs)
        .map(|_| {
            let start = clock();
            trainer.run(steps);
            (clock() - start) * 1e6 / steps as f64
        })
        .collect();
    per_step.sort_by(f64::total_cmp);
    BenchResult {
        case: case.name(),
        description: case.description(),
        microseconds_per_step: per_step[runs / 2],
        steps,
        runs,
    }
}

/// Both cases with the native clock.
pub fn run_all() -> Vec<BenchResult> {
    Case::ALL.iter().map(|&case| run_case(case, case.steps(), 5, default_clock)).collect()
}
