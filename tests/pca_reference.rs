//! When a session knows PCA's reference error: cheap data at once, wide data after `PCA_AFTER_STEPS`
//! steps since the last reset, an adopted value only for the data and code size it was computed for.

use sae_playground::config::Config;
use sae_playground::playground::{Playground, PCA_AFTER_STEPS, PCA_AT_ONCE_MAX_DIM};

/// A CSV wider than `PCA_AT_ONCE_MAX_DIM`: 40 rows of `columns` smooth, distinct columns.
fn wide_csv(columns: usize, phase: f64) -> String {
    let header: Vec<String> = (0..columns).map(|j| format!("c{j}")).collect();
    let mut lines = vec![header.join(",")];
    for i in 0..40 {
        let row: Vec<String> =
            (0..columns).map(|j| format!("{:.4}", ((i * (j % 7 + 1)) as f64 * 0.1 + phase).sin())).collect();
        lines.push(row.join(","));
    }
    lines.join("\n")
}

fn wide_session() -> Playground {
    let mut p = Playground::new(Config::default()).unwrap();
    p.load_csv(&wide_csv(PCA_AT_ONCE_MAX_DIM + 6, 0.0)).unwrap();
    p
}

#[test]
fn cheap_data_knows_its_reference_from_the_start() {
    let mut p = Playground::from_preset("undercomplete", None).unwrap();
    let known = p.pca_reference().expect("3-D data: known at once");
    assert_eq!(p.update_pca_reference(), Some(known));
    assert_eq!(p.pca_reference_error(), known);
    // Another code size on the same data: known without training.
    p.set(r#"{"codeSize": 1}"#).unwrap();
    let one = p.pca_reference().unwrap();
    assert!(one > known, "one component leaves more error ({one}) than two ({known})");
    p.set(r#"{"dataset": "plane"}"#).unwrap();
    assert!(p.pca_reference().is_some(), "new cheap data: known at once");
}

#[test]
fn wide_data_waits_for_training_steps_since_the_reset() {
    let mut p = wide_session();
    assert_eq!(p.pca_reference(), None);
    assert_eq!(p.update_pca_reference(), None, "not due at step 0");
    p.trainer_mut().run(PCA_AFTER_STEPS as usize - 1);
    assert_eq!(p.update_pca_reference(), None, "not due one step early");
    p.trainer_mut().run(1);
    let known = p.update_pca_reference().expect("due after PCA_AFTER_STEPS steps");
    assert_eq!(p.pca_reference(), Some(known));
    p.reset().unwrap();
    assert_eq!(p.pca_reference(), Some(known), "a reset keeps the data, so the reference stays");
    p.load_csv(&wide_csv(PCA_AT_ONCE_MAX_DIM + 6, 1.0)).unwrap();
    assert_eq!(p.pca_reference(), None, "new data forgets it");
    let computed = p.pca_reference_error();
    assert_eq!(p.pca_reference(), Some(computed), "asking for the error computes it whatever the timing");
}

#[test]
fn an_adopted_reference_holds_for_its_data_and_code_size_only() {
    let mut worker = wide_session();
    let mut mirror = wide_session();
    worker.trainer_mut().run(PCA_AFTER_STEPS as usize);
    let error = worker.update_pca_reference().unwrap();
    mirror.adopt_pca_reference(error);
    assert_eq!(mirror.pca_reference(), Some(error));
    let code_size = mirror.config().code_size;
    mirror.set(&format!(r#"{{"codeSize": {}}}"#, code_size - 1)).unwrap();
    assert_eq!(mirror.pca_reference(), None, "another code size needs another value");
    mirror.set(&format!(r#"{{"codeSize": {code_size}}}"#)).unwrap();
    assert_eq!(mirror.pca_reference(), Some(error));
    mirror.load_csv(&wide_csv(PCA_AT_ONCE_MAX_DIM + 6, 2.0)).unwrap();
    assert_eq!(mirror.pca_reference(), None, "new data forgets it");

    // A session that knows its own value keeps it.
    let mut cheap = Playground::from_preset("undercomplete", None).unwrap();
    let own = cheap.pca_reference().unwrap();
    cheap.adopt_pca_reference(own + 1.0);
    assert_eq!(cheap.pca_reference(), Some(own));
}

#[test]
fn wide_data_is_computed_a_bounded_slice_at_a_time() {
    use sae_playground::pca::VarianceJob;
    let mut p = Playground::from_preset("ufldl-mnist", Some(3)).unwrap();
    p.trainer_mut().run(PCA_AFTER_STEPS as usize);
    let rows_per_call = VarianceJob::rows_per_advance(784);
    assert!(rows_per_call * 784 * 784 <= VarianceJob::WORK_PER_ADVANCE, "each call stays within its work");
    let covariance_calls = 6000usize.div_ceil(rows_per_call);
    let mut calls = 1;
    let mut last_progress = 0.0;
    let known = loop {
        if let Some(known) = p.update_pca_reference() {
            break known;
        }
        let progress = p.pca_reference_progress();
        assert!(progress >= last_progress && progress < 1.0, "progress moves on: {progress}");
        last_progress = progress;
        calls += 1;
    };
    // The covariance's slices, then the eigenvalues' (784 columns, each call a bounded number of them).
    assert!(calls > covariance_calls + 10, "{calls} calls");
    assert_eq!(p.pca_reference_progress(), 1.0);
    // The same number as computing it at once, to float rounding.
    let mut fresh = Playground::from_preset("ufldl-mnist", Some(3)).unwrap();
    let at_once = fresh.pca_reference_error();
    assert!((known - at_once).abs() <= 1e-9 * at_once, "{known} against {at_once}");
    // A reset keeps the data and so the value; new data starts over.
    p.reset().unwrap();
    assert_eq!(p.pca_reference(), Some(known));
}

#[test]
fn a_frame_budget_is_shared_with_the_reference_while_it_is_due() {
    use std::cell::Cell;
    let mut p = wide_session();
    // A clock that moves 1 ms at every reading: each step (and each slice of the reference) costs 1 ms.
    let clock = Cell::new(0.0);
    let now = || {
        clock.set(clock.get() + 1.0);
        clock.get()
    };
    let frame = |p: &mut Playground| p.train_for(9.0, u32::MAX, now);
    // Warm up the step estimate; until PCA_AFTER_STEPS the whole budget trains.
    while p.trainer().step_count() < PCA_AFTER_STEPS - 9 {
        frame(&mut p);
    }
    assert!(!p.pca_reference_due());
    let whole = frame(&mut p);
    assert!((8..=10).contains(&whole), "9 ms of 1-ms steps: {whole}");
    while !p.pca_reference_due() {
        frame(&mut p);
    }
    let shared = frame(&mut p);
    assert!(p.pca_reference().is_some(), "this small data's reference takes one slice of the third");
    assert!(shared > 0 && shared < whole, "training gets the rest of the budget: {shared} steps, {whole} alone");
    assert!(!p.pca_reference_due());
    assert!(frame(&mut p) >= whole - 1, "and the whole budget once the reference is known");
}
