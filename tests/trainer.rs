//! The trainer's promises: determinism, live changes without reset, validation, divergence and restore.

use sae_playground::config::{Config, ObjectiveSettings, Penalty};
use sae_playground::model::ForwardCache;
use sae_playground::playground::Playground;
use sae_playground::trainer::Status;

fn trained(preset: &str, seed: u64, steps: usize) -> Vec<f32> {
    let mut p = Playground::from_preset(preset, Some(seed)).unwrap();
    assert_eq!(p.trainer_mut().run(steps), steps);
    p.trainer().model().params.values.clone()
}

#[test]
fn same_seed_gives_bit_identical_weights_different_seeds_differ() {
    for preset in ["undercomplete", "kl-sparse", "topk", "sparse-features"] {
        let a = trained(preset, 3, 100);
        let b = trained(preset, 3, 100);
        assert!(a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()), "{preset} is not deterministic");
        let c = trained(preset, 4, 100);
        assert_ne!(a, c, "{preset}: seeds 3 and 4 gave the same weights");
    }
}

#[test]
fn live_hyperparameters_change_without_reset() {
    let mut p = Playground::from_preset("kl-sparse", None).unwrap();
    p.trainer_mut().run(50);
    let change = p.set(r#"{"rho": 0.2, "beta": 1.0, "learningRate": 0.002, "batchSize": 16, "optimizer": "momentum", "weightDecay": 0.001}"#).unwrap();
    assert!(!change.reset);
    assert_eq!(p.trainer().step_count(), 50);
    assert_eq!(p.config().objective.rho, 0.2);
    p.trainer_mut().run(10);
    assert_eq!(p.trainer().step_count(), 60);
    // Switching the penalty between L1 and TopK is live too (the activation allows both).
    let mut p = Playground::from_preset("l1-sparse", None).unwrap();
    p.trainer_mut().run(20);
    assert!(!p.set(r#"{"penalty": "topk", "k": 3}"#).unwrap().reset);
    p.trainer_mut().run(5);
    let metrics = p.trainer().metrics();
    assert!(metrics.l0 <= 3.0, "TopK with k = 3 gave L0 {}", metrics.l0);
}

#[test]
fn architecture_and_data_changes_reset_and_say_so() {
    let mut p = Playground::from_preset("undercomplete", None).unwrap();
    p.trainer_mut().run(30);
    let change = p.set(r#"{"codeSize": 3}"#).unwrap();
    assert!(change.reset && change.message.contains("architecture"), "{change:?}");
    assert_eq!(p.trainer().step_count(), 0);
    let change = p.set(r#"{"dataset": "plane"}"#).unwrap();
    assert!(change.message.contains("data set"), "{change:?}");
}

#[test]
fn bad_settings_are_refused_and_lose_nothing() {
    let mut p = Playground::from_preset("kl-sparse", None).unwrap();
    p.trainer_mut().run(25);
    let before = p.trainer().model().params.values.clone();
    for (partial, expect) in [
        (r#"{"rho": 1.5}"#, "ρ"),
        (r#"{"rho": 0}"#, "ρ"),
        (r#"{"lambda": -1}"#, "λ"),
        (r#"{"batchSize": 0}"#, "batch"),
        (r#"{"batchSize": 100000}"#, "batch"),
        (r#"{"activation": "relu"}"#, "sigmoid"),
        (r#"{"penalty": "topk", "k": 99}"#, "k = 99"),
        (r#"{"learningRate": "fast"}"#, "learningRate"),
        (r#"{"lamda": 0.1}"#, "lamda"),
        (r#"[1, 2]"#, "object"),
        (r#"{"encoderLayers": [8, 8, 8, 8]}"#, "encoder layers"),
    ] {
        let err = p.set(partial).expect_err(partial).to_string();
        assert!(err.contains(expect), "{partial}: {err}");
    }
    assert_eq!(p.trainer().step_count(), 25);
    assert_eq!(p.trainer().model().params.values, before);
    assert_eq!(p.config().objective.rho, 0.05);
}

#[test]
fn divergence_is_caught_explained_and_restorable() {
    let mut p = Playground::from_preset("diverging", None).unwrap();
    let taken = p.trainer_mut().run(200);
    assert!(taken < 200, "η = 20 should diverge");
    let Status::Diverged(d) = p.trainer().status().clone() else { panic!("not diverged") };
    assert!(d.message.contains("learning rate") && d.message.contains("Restore"), "{}", d.message);
    // Refuses to step until restored.
    assert_eq!(p.trainer_mut().run(5), 0);
    p.trainer_mut().restore_last_good();
    assert_eq!(*p.trainer().status(), Status::Ok);
    assert_eq!(p.trainer().step_count(), d.restorable_step);
    assert!(p.trainer().model().params.values.iter().all(|v| v.is_finite()));
    // With a sane learning rate training continues.
    p.set(r#"{"learningRate": 0.01}"#).unwrap();
    assert_eq!(p.trainer_mut().run(100), 100);
    assert!(p.trainer().last_loss().is_finite());
}

#[test]
fn divergence_under_adam_and_momentum_is_caught_too() {
    for optimizer in ["sgd", "momentum"] {
        let mut p = Playground::from_preset("linear-pca", None).unwrap();
        p.set(&format!(r#"{{"optimizer": "{optimizer}", "learningRate": 500}}"#)).unwrap();
        p.trainer_mut().run(500);
        assert!(matches!(p.trainer().status(), Status::Diverged(_)), "{optimizer}");
    }
}

#[test]
fn topk_keeps_exactly_k_per_sample() {
    let mut p = Playground::from_preset("topk", None).unwrap();
    p.trainer_mut().run(50);
    let trainer = p.trainer();
    let model = trainer.model();
    let n = 200;
    let mut cache = ForwardCache::new(model, n);
    let x = trainer.data().x.slice(ndarray::s![..n, ..]).to_owned();
    model.forward(x.view(), Some(4), &mut cache);
    for (row, kept) in cache.code(model).rows().into_iter().zip(cache.kept.rows()) {
        assert_eq!(kept.iter().filter(|&&k| k == 1).count(), 4);
        assert!(row.iter().zip(kept).all(|(&a, &k)| k == 1 || a == 0.0));
    }
}

#[test]
fn metrics_report_every_term_and_sparsity_health() {
    let mut p = Playground::from_preset("l1-sparse", None).unwrap();
    p.trainer_mut().run(200);
    let m = p.trainer().metrics();
    assert_eq!(m.step, 200);
    assert!(m.loss.reconstruction > 0.0 && m.loss.sparsity > 0.0);
    assert!((m.loss.total - m.loss.reconstruction - m.loss.sparsity - m.loss.weight_decay).abs() < 1e-9);
    assert_eq!(m.rho_hat.len(), 32);
    assert!(m.l0 > 0.0 && m.l0 <= 32.0);
    assert!(m.samples_per_second > 0.0);
    assert!(p.trainer().history().points().len() > 10);
    let json = serde_json::to_string(&m).unwrap();
    assert!(
        json.contains("\"rhoHat\"") && json.contains("\"deadUnits\"") && json.contains("\"state\":\"ok\""),
        "{json}"
    );
}

#[test]
fn model_file_round_trip_restores_the_same_outputs() {
    let mut p = Playground::from_preset("undercomplete", None).unwrap();
    p.trainer_mut().run(100);
    let file = p.export_model();
    let (before, _) = p.trainer().evaluate();
    let mut q = Playground::new(Config::default()).unwrap();
    let change = q.import_model(&file).unwrap();
    assert!(change.message.contains("100 steps"), "{change:?}");
    let (after, _) = q.trainer().evaluate();
    assert_eq!(before, after);
    assert_eq!(q.config(), p.config());
    // A broken file changes nothing.
    let err = q.import_model(&file.replace("\"format\":\"sae-playground-model\"", "\"format\":\"other\"")).unwrap_err();
    assert!(err.to_string().contains("format"), "{err}");
    assert_eq!(q.trainer().evaluate().0, after);
}

#[test]
fn csv_data_trains_and_bad_csv_names_the_line() {
    let mut p = Playground::new(Config {
        objective: ObjectiveSettings { penalty: Penalty::None, ..Default::default() },
        ..Config::default()
    })
    .unwrap();
    let mut text = String::from("x,y,z\n");
    for i in 0..200 {
        let t = i as f64 / 20.0;
        text.push_str(&format!("{},{},{}\n", t.cos(), t.sin(), t * 0.1));
    }
    let change = p.load_csv(&text).unwrap();
    assert!(change.reset);
    assert_eq!(p.trainer().data().dim(), 3);
    assert_eq!(p.trainer_mut().run(50), 50);
    let bad = "a,b\n1,2\n3,x\n";
    let err = p.load_csv(bad).unwrap_err().to_string();
    assert!(err.contains("line 3"), "{err}");
    // The good CSV is still loaded.
    assert_eq!(p.trainer().data().len(), 200);
}

#[test]
fn a_mirror_loaded_from_the_state_draws_the_same_numbers() {
    let mut worker = Playground::from_preset("l1-sparse", None).unwrap();
    worker.trainer_mut().run(300);
    let mut mirror = Playground::from_preset("l1-sparse", None).unwrap();
    mirror.trainer_mut().load_state(&worker.trainer().save_state()).unwrap();
    let (a, b) = (worker.trainer().metrics(), mirror.trainer().metrics());
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    assert_eq!(worker.trainer().model().params.values, mirror.trainer().model().params.values);
    assert_eq!(worker.trainer().history().points(), mirror.trainer().history().points());
    // A state for another architecture is refused and changes nothing.
    let other = Playground::from_preset("topk", None).unwrap().trainer().save_state();
    let mut small = Playground::from_preset("undercomplete", None).unwrap();
    assert!(small.trainer_mut().load_state(&other).is_err());
    assert!(small.trainer_mut().load_state(&[1, 2, 3]).is_err());
    assert_eq!(small.trainer().step_count(), 0);
}

#[test]
fn the_fused_training_step_is_the_textbook_step() {
    use sae_playground::model::{BackwardWorkspace, Parameters};
    use sae_playground::objective::Objective;
    // One SGD step of the trainer (weight decay folded into the optimiser) against loss_and_gradient with
    // every term and θ ← θ − η ∂J/∂θ done by hand, on the same single full batch.
    let config = Config {
        dataset: sae_playground::config::DataKind::Plane,
        samples: 16,
        batch_size: 16,
        optimizer: sae_playground::config::OptimizerKind::Sgd,
        learning_rate: 0.05,
        code_size: 4,
        encoder_layers: vec![5],
        objective: ObjectiveSettings { weight_decay: 0.01, penalty: Penalty::L1, lambda: 0.1, ..Default::default() },
        ..Config::default()
    };
    let mut p = Playground::new(config.clone()).unwrap();
    let model = p.trainer().model().clone();
    let data = p.trainer().data().clone();
    let mut x = ndarray::Array2::<f32>::zeros((16, data.dim()));
    data.gather(&(0..16).collect::<Vec<_>>(), x.view_mut());
    let mut cache = ForwardCache::new(&model, 16);
    let mut ws = BackwardWorkspace::new(&model, 16);
    let mut rho_hat = vec![0.0; 4];
    let mut grads = Parameters::zeros(&model.sizes);
    let expected_loss = Objective::new(config.objective.clone()).loss_and_gradient(
        &model,
        x.view(),
        &mut cache,
        &mut ws,
        &mut rho_hat,
        &mut grads,
    );
    let expected: Vec<f32> = model.params.values.iter().zip(&grads.values).map(|(w, g)| w - 0.05 * g).collect();
    assert!(p.trainer_mut().step());
    let loss = p.trainer().last_loss();
    assert!((loss.total - expected_loss.total).abs() < 1e-6 * expected_loss.total, "{loss:?} vs {expected_loss:?}");
    assert!((loss.weight_decay - expected_loss.weight_decay).abs() < 1e-7);
    for (a, b) in p.trainer().model().params.values.iter().zip(&expected) {
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    }
}
