//! Finite-difference gradient checks of every loss term, every hidden activation, both output activations,
//! with and without deeper encoders. Target: relative error below 1e-9 in f64.

use ndarray::Array2;
use rand::{RngExt, SeedableRng};
use sae_playground::activation::Activation;
use sae_playground::config::{Config, ObjectiveSettings, OutputActivation, Penalty};
use sae_playground::gradient_check::check_model;
use sae_playground::model::Model;
use sae_playground::objective::Objective;

const TARGET: f64 = 1e-9;

/// A small batch in (0, 1) so sigmoid outputs can fit it too.
fn batch(rows: usize, dim: usize, seed: u64) -> Array2<f64> {
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
    Array2::from_shape_fn((rows, dim), |_| rng.random_range(0.05..0.95))
}

fn check(config: &Config) -> f64 {
    config.validate().unwrap();
    let dim = 6;
    let mut model: Model<f64> = Model::new(config, dim);
    // Check at a generic point: with zero biases a ReLU layer fed all zeros sits exactly on its kink.
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(config.seed);
    let weight_count = model.params.weight_count;
    model.params.values[weight_count..].iter_mut().for_each(|b| *b = rng.random_range(-0.1..0.1));
    let x = batch(10, dim, config.seed + 100);
    let report = check_model(&model, x.view(), &Objective::new(config.objective.clone()), usize::MAX, 0);
    for t in &report.terms {
        assert!(t.relative_error < TARGET, "{config:?}\n{} relative error {:e}", t.term, t.relative_error);
    }
    report.worst_relative_error
}

fn small(activation: Activation, penalty: Penalty, encoder_layers: Vec<usize>) -> Config {
    Config {
        encoder_layers,
        code_size: 5,
        activation,
        batch_size: 10,
        seed: 7,
        objective: ObjectiveSettings { penalty, lambda: 0.3, rho: 0.2, beta: 3.0, k: 2, weight_decay: 0.01 },
        ..Config::default()
    }
}

#[test]
fn every_term_every_activation_every_depth() {
    let mut worst: f64 = 0.0;
    for activation in Activation::ALL {
        for penalty in Penalty::ALL {
            if penalty == Penalty::Kl && activation != Activation::Sigmoid {
                continue;
            }
            for layers in [vec![], vec![4], vec![7, 4, 3]] {
                for output in [OutputActivation::Linear, OutputActivation::Sigmoid] {
                    let config = Config { output_activation: output, ..small(activation, penalty, layers.clone()) };
                    worst = worst.max(check(&config));
                }
            }
        }
    }
    println!("worst relative error over all combinations: {worst:e}");
}

#[test]
fn ufldl_terms_alone_then_together() {
    // The exercise's order: λ_w = β = 0 first, then each term on.
    let small_kl = small(Activation::Sigmoid, Penalty::Kl, vec![]);
    let base = Config {
        objective: ObjectiveSettings { weight_decay: 0.0, beta: 0.0, ..small_kl.objective.clone() },
        ..small_kl
    };
    check(&base);
    check(&Config { objective: ObjectiveSettings { weight_decay: 3e-3, ..base.objective.clone() }, ..base.clone() });
    check(&Config { objective: ObjectiveSettings { beta: 3.0, ..base.objective.clone() }, ..base.clone() });
    check(&Config {
        objective: ObjectiveSettings { weight_decay: 3e-3, beta: 3.0, rho: 0.1, ..base.objective.clone() },
        ..base
    });
}
