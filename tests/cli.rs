//! The `sae` command line: results as JSON, and usage messages (never panics) for bad arguments.

use std::process::Command;

fn sae(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sae")).args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn train_prints_every_metric_as_json() {
    let (code, out, err) = sae(&["train", "--preset", "undercomplete", "--steps", "200", "--seed", "5", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in ["loss", "meanRhoHat", "l0", "deadUnits", "pcaReconstruction", "stepsPerSecond"] {
        assert!(v.get(key).is_some(), "missing {key} in {out}");
    }
    assert_eq!(v["steps"], 200);
    assert_eq!(v["seed"], 5);
    assert!(v["loss"]["reconstruction"].as_f64().unwrap() > 0.0);
}

#[test]
fn train_reports_recovery_for_sparse_features() {
    let (code, out, _) = sae(&["train", "--preset", "sparse-features", "--steps", "50", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["recovery"]["fractionRecovered"].is_number(), "{out}");
}

#[test]
fn gradcheck_json_is_below_the_target() {
    let (code, out, err) = sae(&["gradcheck", "--preset", "kl-sparse", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let terms = v["report"]["terms"].as_array().unwrap();
    assert!(terms.len() >= 3);
    for t in terms {
        assert!(t["relativeError"].as_f64().unwrap() < 1e-9, "{t}");
    }
}

#[test]
fn probe_prints_every_row_as_json() {
    // The small test-only study: the machinery, not the README's numbers (tests/linear_probe.rs has those).
    let (code, out, err) = sae(&["probe", "--quick", "--seed", "4", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = v["rows"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["dense", "l1", "kl", "topk", "pca", "pixels"]);
    assert_eq!(v["seed"], 4);
    assert_eq!(v["recovery"].as_array().unwrap().len(), 2);
}

#[test]
fn bad_arguments_get_usage_and_a_non_zero_exit() {
    for args in [
        vec![],
        vec!["fly"],
        vec!["train"],
        vec!["train", "--preset"],
        vec!["train", "--preset", "topk", "--steps", "many"],
        vec!["train", "--preset", "topk", "--steps", "0"],
        vec!["train", "--preset", "topk", "--seed", "-3"],
        vec!["train", "--preset", "topk", "--colour", "red"],
        vec!["bench", "--steps", "3"],
        vec!["probe", "--steps", "3"],
        vec!["train", "--preset", "topk", "--quick"],
    ] {
        let (code, _, err) = sae(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("USAGE") && !err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn bad_values_get_a_sentence_and_exit_1() {
    let (code, _, err) = sae(&["train", "--preset", "nope"]);
    assert_eq!(code, 1);
    assert!(err.contains("no preset called \"nope\"") && err.contains("ufldl-mnist"), "{err}");
    let (code, _, err) = sae(&["train", "--preset", "kl-sparse", "--set", r#"{"rho": 2}"#]);
    assert_eq!(code, 1);
    assert!(err.contains("ρ") && !err.contains("panicked"), "{err}");
}

#[test]
fn bench_parity_steps_the_same_batch() {
    use sae_playground::bench::{parity, Case};
    let p = parity(Case::Swiss, 20);
    assert_eq!(p.losses.len(), 20);
    assert_eq!(p.batch.len(), 128 * 3);
    assert!(p.losses[19] < p.losses[0], "{:?}", p.losses);
    assert_eq!(p.model.layers.len(), 2);
}
