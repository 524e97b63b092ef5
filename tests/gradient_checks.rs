//! Finite-difference gradient checks of every loss term, every hidden activation, both output activations,
//! with and without deeper encoders. Target: relative error below 1e-9 in f64.

use ndarray::Array2;
use rand::{RngExt, SeedableRng};
use sae_playground::activation::Activation;
use sae_playground::config::{Config, ObjectiveSettings, OutputActivation, Penalty};
use sae_playground::gradient_check::{check_model, numerical_gradient, relative_error, step_for, GradientCheckJob};
use sae_playground::model::{BackwardWorkspace, ForwardCache, Model, Parameters};
use sae_playground::objective::{Objective, Terms};

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

/// A clock that moves a millisecond each time it is read: an advance with a budget of half a millisecond
/// does exactly one unit.
fn ticking_clock() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static TICKS: AtomicU64 = AtomicU64::new(0);
    TICKS.fetch_add(1, Ordering::Relaxed) as f64 * 1e-3
}

#[test]
fn the_sliced_job_is_the_check_unit_by_unit() {
    // The page runs the check in slices between frames: the same report, bit for bit, whatever the slices.
    let config = small(Activation::Sigmoid, Penalty::Kl, vec![4]);
    let model: Model<f64> = Model::new(&config, 6);
    let x = batch(10, 6, 3);
    let objective = Objective::new(config.objective.clone());
    let whole = check_model(&model, x.view(), &objective, 9, 5);
    assert_eq!(whole.terms.len(), 4, "reconstruction, weight decay, sparsity, total");

    let mut job = GradientCheckJob::new(&model, x.view(), &objective, 9, 5);
    assert_eq!((job.progress().fraction, job.report()), (0.0, None));
    let mut slices = 0;
    let mut last = 0.0;
    loop {
        let progress = job.advance(0.5e-3, ticking_clock);
        slices += 1;
        assert!(progress.fraction >= last && progress.fraction <= 1.0, "{} after {last}", progress.fraction);
        last = progress.fraction;
        if progress.done {
            assert_eq!(progress.fraction, 1.0);
            break;
        }
        assert!(progress.fraction < 1.0);
    }
    // Per term: its analytic gradient, then four loss evaluations for each of the 9 parameters.
    assert_eq!(slices, 4 * (1 + 4 * 9));
    assert_eq!(job.report(), Some(whole.clone()));
    assert!(whole.passed, "{whole:?}");

    // Its centred differences are numerical_gradient's: the reconstruction term, by the definition.
    let reconstruction_only =
        Objective { terms: Terms { reconstruction: true, sparsity: false, weight_decay: false }, ..objective.clone() };
    let all: Vec<usize> = (0..model.params.len()).collect();
    let by_definition = check_model(&model, x.view(), &reconstruction_only, usize::MAX, 0);
    let start: Vec<f64> = all.iter().map(|&i| model.params.values[i]).collect();
    let mut probe = model.clone();
    let mut cache = ForwardCache::new(&model, x.nrows());
    let mut rho_hat = vec![0.0; model.code_size()];
    let numeric = numerical_gradient(
        |values| {
            probe.params.values.copy_from_slice(values);
            reconstruction_only.loss(&probe, x.view(), &mut cache, &mut rho_hat).total
        },
        &start,
        step_for(&model, &reconstruction_only),
    );
    let mut ws = BackwardWorkspace::new(&model, x.nrows());
    let mut d_params = Parameters::zeros(&model.sizes);
    reconstruction_only.loss_and_gradient(&model, x.view(), &mut cache, &mut ws, &mut rho_hat, &mut d_params);
    assert_eq!(by_definition.terms[0].relative_error, relative_error(&numeric, &d_params.values));
}
