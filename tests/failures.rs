//! Failures a student meets doing ordinary things: a collapse that never produces a NaN, the read-outs right
//! after Restore, advice after a divergence that must work when followed once, and a divergence caused by an
//! imported model rather than the learning rate.

use sae_playground::config::{Config, DataKind};
use sae_playground::playground::Playground;
use sae_playground::presets;
use sae_playground::trainer::{probe, Status};
use std::time::Instant;

/// Trains until training stops (or `limit` steps); returns the steps taken.
fn run_until_stopped(p: &mut Playground, limit: usize) -> usize {
    p.trainer_mut().run(limit)
}

/// Steps each preset trains in the no-false-alarm test: a few thousand, fewer for MNIST (slow steps).
fn normal_steps(preset: &presets::Preset) -> usize {
    if preset.config.dataset == DataKind::Mnist {
        400
    } else {
        3_500
    }
}

#[test]
fn no_preset_trained_normally_is_called_stuck() {
    for preset in presets::all().into_iter().filter(|p| p.name != "diverging") {
        let mut p = Playground::from_preset(preset.name, None).unwrap();
        let steps = normal_steps(&preset);
        let taken = p.trainer_mut().run(steps);
        assert_eq!(*p.trainer().status(), Status::Ok, "{}", preset.name);
        assert_eq!(taken, steps, "{}", preset.name);
    }
    // The default settings with MNIST chosen: two tanh units sit at ±1 for hundreds of steps under Adam,
    // then recover (and beat PCA by step 4,000): not stuck.
    let config = Config { dataset: DataKind::Mnist, ..Config::default() };
    let mut p = Playground::new(config).unwrap();
    assert_eq!(p.trainer_mut().run(1_500), 1_500, "{:?}", p.trainer().status());
}

#[test]
fn the_collapsed_mnist_exercise_is_called_stuck_and_the_advice_works() {
    for (optimizer, rate) in [("sgd", 10.0), ("momentum", 100.0)] {
        let mut p = Playground::from_preset("ufldl-mnist", None).unwrap();
        p.set(&format!(r#"{{"optimizer": "{optimizer}", "learningRate": {rate}}}"#)).unwrap();
        let taken = run_until_stopped(&mut p, 400);
        let Status::Stuck(c) = p.trainer().status().clone() else {
            panic!("{optimizer} η = {rate}: not stuck after {taken} steps: {:?}", p.trainer().status())
        };
        println!("{optimizer} η = {rate}: stuck at step {} (restorable {}): {}", c.step, c.restorable_step, c.message);
        assert!(c.step <= 200, "detected within 200 steps, not {}", c.step);
        assert!(c.message.contains("stuck") && c.message.contains("Restore"), "{}", c.message);
        assert!(c.restorable_step < c.step);
        // Stopped: no more steps until Restore or Reset.
        assert_eq!(p.trainer_mut().run(5), 0);
        let stuck_loss = p.trainer().last_loss().total;
        p.trainer_mut().restore_last_good();
        assert_eq!(*p.trainer().status(), Status::Ok);
        assert_eq!(p.trainer().step_count(), c.restorable_step);
        assert!(p.trainer().last_loss().total < stuck_loss / 2.0, "Restore went back to before the collapse");
        // Following the advice trains on.
        let suggested = c.suggested_learning_rate.expect("a rate is suggested");
        assert!(c.message.contains(&format!("η to {suggested}")), "{}", c.message);
        p.set(&format!(r#"{{"learningRate": {suggested}}}"#)).unwrap();
        assert_eq!(p.trainer_mut().run(300), 300, "{optimizer}: {:?}", p.trainer().status());
    }
}

#[test]
fn a_rate_too_small_to_learn_is_called_stuck() {
    let mut p = Playground::from_preset("linear-pca", None).unwrap();
    p.set(r#"{"optimizer": "sgd", "learningRate": 1e-7}"#).unwrap();
    run_until_stopped(&mut p, 5_000);
    let Status::Stuck(c) = p.trainer().status().clone() else { panic!("not stuck: {:?}", p.trainer().status()) };
    println!("{}", c.message);
    assert!(c.message.contains("nothing is being learned"), "{}", c.message);
    // The advice, followed once, learns: the loss falls well below the untrained one.
    let suggested = c.suggested_learning_rate.expect("a larger rate is suggested");
    assert!(suggested > 1e-3, "{suggested}");
    let untrained = Playground::from_preset("linear-pca", None).unwrap().trainer().evaluate().0.total;
    p.trainer_mut().restore_last_good();
    p.set(&format!(r#"{{"learningRate": {suggested}}}"#)).unwrap();
    assert_eq!(p.trainer_mut().run(2_000), 2_000, "{:?}", p.trainer().status());
    assert!(p.trainer().evaluate().0.total < untrained / 2.0);
}

#[test]
fn a_code_killed_by_a_huge_penalty_blames_the_penalty() {
    let mut p = Playground::from_preset("l1-sparse", None).unwrap();
    p.trainer_mut().run(200);
    p.set(r#"{"lambda": 100}"#).unwrap();
    run_until_stopped(&mut p, 2_000);
    let Status::Stuck(c) = p.trainer().status().clone() else { panic!("not stuck: {:?}", p.trainer().status()) };
    println!("{}", c.message);
    assert!(c.message.contains("never fire") && c.message.contains("λ = 100"), "{}", c.message);
    assert!(c.message.contains("trained this run well"), "{}", c.message);
    assert_eq!(c.suggested_learning_rate, None);
}

#[test]
fn right_after_restore_the_metrics_describe_the_restored_weights() {
    let mut p = Playground::from_preset("diverging", None).unwrap();
    run_until_stopped(&mut p, 200);
    assert!(matches!(p.trainer().status(), Status::Diverged(_)));
    assert!(!p.trainer().last_loss().is_finite());
    p.trainer_mut().restore_last_good();
    let metrics = p.trainer().metrics();
    assert!(metrics.loss.is_finite(), "{:?}", metrics.loss);
    assert!(metrics.l0.is_finite() && metrics.rho_hat.iter().all(|r| r.is_finite()));
    assert_eq!(metrics.status, Status::Ok);
    // The loss is the restored weights' on the last batch: the next step (same weights, fresh batch) is
    // of the same size.
    let restored = metrics.loss.total;
    p.set(r#"{"learningRate": 0.01}"#).unwrap();
    p.trainer_mut().run(1);
    let next = p.trainer().last_loss().total;
    assert!(next < restored * 3.0 && next > restored / 3.0, "restored {restored}, next step {next}");
}

/// Diverges (or collapses) `set` on `preset`, follows the banner's suggestion once and trains 2,000 steps.
fn follow_the_divergence_advice(preset: &str, set: &str) {
    let mut p = Playground::from_preset(preset, None).unwrap();
    if !set.is_empty() {
        p.set(set).unwrap();
    }
    run_until_stopped(&mut p, 1_000);
    let (step, message, suggested) = match p.trainer().status().clone() {
        Status::Diverged(d) => (d.step, d.message, d.suggested_learning_rate),
        Status::Stuck(c) => (c.step, c.message, c.suggested_learning_rate),
        Status::Ok => panic!("{preset} {set}: trained on"),
    };
    let suggested = suggested.unwrap_or_else(|| panic!("{preset} {set}: no rate in {message}"));
    println!("{preset} {set}: stopped at step {step}; suggested η = {suggested}");
    assert!(message.contains(&format!("Set η to {suggested}")), "{message}");
    p.trainer_mut().restore_last_good();
    p.set(&format!(r#"{{"learningRate": {suggested}}}"#)).unwrap();
    let taken = p.trainer_mut().run(2_000);
    assert_eq!(taken, 2_000, "{preset} {set} at η = {suggested}: {:?}", p.trainer().status());
}

#[test]
fn the_divergence_advice_works_when_followed_once() {
    follow_the_divergence_advice("diverging", "");
    follow_the_divergence_advice("diverging", r#"{"learningRate": 200}"#);
    follow_the_divergence_advice("diverging", r#"{"optimizer": "momentum", "learningRate": 5}"#);
    follow_the_divergence_advice("linear-pca", r#"{"optimizer": "sgd", "learningRate": 500}"#);
    follow_the_divergence_advice("undercomplete", r#"{"optimizer": "momentum", "learningRate": 50}"#);
    follow_the_divergence_advice("overcomplete-memorizes", r#"{"optimizer": "adam", "learningRate": 1000}"#);
}

#[test]
fn the_learning_rate_probe_is_cheap_for_mnist() {
    let mut p = Playground::from_preset("ufldl-mnist", None).unwrap();
    p.trainer_mut().run(20);
    p.set(r#"{"optimizer": "sgd", "learningRate": 1000}"#).unwrap();
    let weights = p.trainer().model().params.values.clone();
    let mut timing = Playground::from_preset("ufldl-mnist", None).unwrap();
    let started = Instant::now();
    timing.trainer_mut().run(12);
    println!("12 MNIST training steps: {:?}", started.elapsed());
    let started = Instant::now();
    let finding = p.trainer().probe_learning_rate(&weights, probe::Avoid::BlowUp);
    let elapsed = started.elapsed();
    println!("MNIST probe: {finding:?} in {elapsed:?} ({} steps per trial)", p.trainer().trial_steps());
    assert!(finding.suggested.is_some());
    // 50 ms on an idle machine; generous here because the tests share the cores.
    assert!(elapsed.as_millis() < 500, "{elapsed:?}");
}

#[test]
fn a_divergence_from_an_imported_model_with_huge_weights_blames_the_model() {
    let mut p = Playground::from_preset("undercomplete", None).unwrap();
    p.trainer_mut().run(100);
    let mut file: serde_json::Value = serde_json::from_str(&p.export_model()).unwrap();
    for layer in file["layers"].as_array_mut().unwrap() {
        for w in layer["weights"].as_array_mut().unwrap() {
            *w = serde_json::json!(w.as_f64().unwrap() * 1e30);
        }
    }
    let mut other = Playground::from_preset("undercomplete", None).unwrap();
    other.import_model(&file.to_string()).unwrap();
    run_until_stopped(&mut other, 50);
    let Status::Diverged(d) = other.trainer().status().clone() else {
        panic!("huge weights did not diverge: {:?}", other.trainer().status())
    };
    println!("{}", d.message);
    assert!(d.message.contains("imported model") && d.message.contains("Reset"), "{}", d.message);
    assert_eq!(d.suggested_learning_rate, None);

    // The same learning-rate divergence right after importing a sane model still blames the rate.
    let mut sane = Playground::from_preset("diverging", None).unwrap();
    sane.import_model(&Playground::from_preset("diverging", None).unwrap().export_model()).unwrap();
    run_until_stopped(&mut sane, 200);
    let Status::Diverged(d) = sane.trainer().status().clone() else { panic!("η = 20 did not diverge") };
    assert!(d.message.contains("learning rate is too large"), "{}", d.message);
}
