//! `sae`: the training core on the command line, for headless runs, checks and benchmarks.

use sae_playground::bench;
use sae_playground::data::mnist::MnistDigits;
use sae_playground::gradient_check::GradientCheckReport;
use sae_playground::linear_probe::{ProbeStudy, StudySettings};
use sae_playground::playground::Playground;
use sae_playground::presets;
use sae_playground::trainer::default_clock;
use serde_json::json;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
sae: the Sparse Autoencoder Playground's training core on the command line

USAGE:
    sae train --preset NAME [--steps N] [--seed S] [--set JSON] [--json]
        Trains a preset (by default for as many steps as its lesson needs; --set '{\"lambda\": 0.1}'
        overrides settings) and prints the final metrics: each loss term on the whole data set, mean ρ̂, L0, dead units, PCA's reference
        error at the same code size, the recovery score (sparse-features) and steps per second.
    sae gradcheck [--preset NAME] [--json]
        Compares the analytic gradient with centred differences (f64) for each loss term and the
        total; prints the relative errors. Default preset: kl-sparse.
    sae bench [--json]
        Native µs per training step: MNIST (batch 64, 784-196-784, sigmoid, KL + weight decay,
        SGD) and Swiss roll (batch 128, 3-16-3, same objective).
    sae probe [--seed S] [--quick] [--json]
        The linear-probe study: a softmax probe trained on the codes of a dense, an L1, a KL and a TopK
        autoencoder, PCA and the raw pixels (MNIST, held-out accuracy), and the sparse-features recovery
        score with and without the L1 penalty. --quick runs the much smaller test-only version.
    sae presets
        Lists the presets with their lessons.

PRESETS: ";

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}{}", presets::names().join(", "));
    ExitCode::from(2)
}

/// Parsed `--flag value` options.
#[derive(Default)]
struct Options {
    preset: Option<String>,
    steps: Option<usize>,
    seed: Option<u64>,
    /// A partial JSON config applied over the preset.
    set: Option<String>,
    json: bool,
    /// `probe`: the small test-only study.
    quick: bool,
}

fn parse_options(args: &[String], allowed: &[&str]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        if !allowed.contains(&flag) {
            return Err(format!("unknown option {flag:?}"));
        }
        if flag == "--json" || flag == "--quick" {
            options.json |= flag == "--json";
            options.quick |= flag == "--quick";
            i += 1;
            continue;
        }
        let value = args.get(i + 1).ok_or_else(|| format!("{flag} needs a value"))?;
        match flag {
            "--preset" => options.preset = Some(value.clone()),
            "--set" => options.set = Some(value.clone()),
            "--steps" => {
                let steps: usize =
                    value.parse().map_err(|_| format!("--steps must be a whole number, not {value:?}"))?;
                if steps == 0 || steps > 10_000_000 {
                    return Err(format!("--steps must be between 1 and 10000000, not {steps}"));
                }
                options.steps = Some(steps);
            }
            "--seed" => {
                options.seed = Some(value.parse().map_err(|_| format!("--seed must be a whole number, not {value:?}"))?)
            }
            _ => unreachable!("checked against allowed"),
        }
        i += 2;
    }
    Ok(options)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        return usage_error("no command given");
    };
    let rest = &args[1..];
    let result = match command.as_str() {
        "train" => parse_options(rest, &["--preset", "--steps", "--seed", "--set", "--json"]).and_then(|o| {
            if o.preset.is_none() {
                Err("train needs --preset NAME".to_string())
            } else {
                Ok(train(o))
            }
        }),
        "gradcheck" => parse_options(rest, &["--preset", "--json"]).map(gradcheck),
        "bench" => parse_options(rest, &["--json"]).map(|o| run_bench(o.json)),
        "probe" => parse_options(rest, &["--seed", "--quick", "--json"]).map(probe_study),
        "presets" => parse_options(rest, &[]).map(|_| list_presets()),
        "help" | "--help" | "-h" => {
            println!("{USAGE}{}", presets::names().join(", "));
            return ExitCode::SUCCESS;
        }
        other => Err(format!("unknown command {other:?}")),
    };
    match result {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
        Err(message) => usage_error(&message),
    }
}

fn train(options: Options) -> Result<(), String> {
    let name = options.preset.expect("checked by main");
    let preset = presets::find(&name).ok_or_else(|| {
        format!("there is no preset called {name:?}; the presets are: {}", presets::names().join(", "))
    })?;
    let mut playground = Playground::from_preset(&name, options.seed).map_err(|e| e.to_string())?;
    if let Some(partial) = &options.set {
        playground.set(partial).map_err(|e| e.to_string())?;
    }
    let steps = options.steps.unwrap_or(preset.steps);
    let started = Instant::now();
    let taken = playground.trainer_mut().run(steps);
    let seconds = started.elapsed().as_secs_f64();
    let trainer = playground.trainer();
    let (loss, rho_hat) = trainer.evaluate();
    let metrics = trainer.metrics();
    let mean_rho_hat = rho_hat.iter().map(|&r| r as f64).sum::<f64>() / rho_hat.len() as f64;
    let recovery = playground.recovery();
    let pca_error = playground.pca_reference_error().max(0.0) + 0.0;
    let steps_per_second = taken as f64 / seconds;
    if options.json {
        let report = json!({
            "preset": name,
            "seed": playground.config().seed,
            "steps": taken,
            "status": metrics.status,
            "loss": loss,
            "meanRhoHat": mean_rho_hat,
            "l0": metrics.l0,
            "deadUnits": metrics.dead_units,
            "codeSize": playground.config().code_size,
            "pcaReconstruction": pca_error,
            "recovery": recovery,
            "stepsPerSecond": steps_per_second,
        });
        println!("{report}");
    } else {
        println!("preset            {name} (seed {})", playground.config().seed);
        println!("steps             {taken} of {steps}");
        match &metrics.status {
            sae_playground::trainer::Status::Diverged(d) => println!("status            diverged: {}", d.message),
            sae_playground::trainer::Status::Stuck(c) => println!("status            stuck: {}", c.message),
            sae_playground::trainer::Status::Ok => println!("status            ok"),
        }
        println!("reconstruction    {:.6}   (whole data set)", loss.reconstruction);
        println!("sparsity          {:.6}", loss.sparsity);
        println!("weight decay      {:.6}", loss.weight_decay);
        println!("total             {:.6}", loss.total);
        println!("PCA at k = {:<5}  {:.6}   (reconstruction, same measure)", playground.config().code_size, pca_error);
        println!("mean ρ̂            {mean_rho_hat:.4}");
        println!("L0                {:.2} of {} code units", metrics.l0, playground.config().code_size);
        println!("dead units        {}", metrics.dead_units);
        if let Some(r) = recovery {
            println!(
                "recovery          {:.0}% of true features (best cosine > {})",
                r.fraction_recovered * 100.0,
                r.threshold
            );
        }
        println!("steps per second  {steps_per_second:.0}");
    }
    Ok(())
}

fn gradcheck(options: Options) -> Result<(), String> {
    let name = options.preset.unwrap_or_else(|| "kl-sparse".into());
    let mut playground = Playground::from_preset(&name, None).map_err(|e| e.to_string())?;
    // A few steps first, so the check runs at a generic point rather than the symmetric start.
    playground.trainer_mut().run(20);
    let report: GradientCheckReport = playground.trainer().gradient_check(400);
    if options.json {
        println!("{}", serde_json::to_string(&json!({ "preset": name, "report": report })).expect("serializes"));
    } else {
        println!("gradient check of {name} (f64, centred differences, ε = {:e})", report.epsilon);
        for t in &report.terms {
            println!(
                "  {:<20} relative error {:.3e}   ({} parameters)",
                t.term, t.relative_error, t.parameters_checked
            );
        }
        let verdict = if report.passed { "passed" } else { "FAILED" };
        println!("  {verdict}: worst {:.3e} against the tolerance {:e}", report.worst_relative_error, report.tolerance);
    }
    Ok(())
}

fn run_bench(json_output: bool) -> Result<(), String> {
    let results = bench::run_all();
    if json_output {
        println!("{}", serde_json::to_string(&results).expect("serializes"));
    } else {
        for r in &results {
            println!(
                "{:<8} {:>10.1} µs per step   ({}; {} steps timed, median of {} runs)",
                r.case, r.microseconds_per_step, r.description, r.steps, r.runs
            );
        }
    }
    Ok(())
}

fn probe_study(options: Options) -> Result<(), String> {
    let digits = MnistDigits::load_bundled().map_err(|e| e.to_string())?;
    let settings = if options.quick { StudySettings::quick() } else { StudySettings::standard() };
    let mut study = ProbeStudy::new(digits, options.seed.unwrap_or(1), settings)?;
    let results = study.run_to_end(default_clock)?;
    if options.json {
        println!("{}", serde_json::to_string(&results).expect("serializes"));
        return Ok(());
    }
    let s = &results.settings;
    println!(
        "linear probe on MNIST codes (seed {}): {} training digits, {} held out; code size {}, {} autoencoder \
         steps (batch {}), probe: {} epochs of batch {}, Adam η {}, L2 {}",
        results.seed,
        results.train_digits,
        results.held_out_digits,
        s.code_size,
        s.autoencoder_steps,
        s.autoencoder_batch,
        s.probe_epochs,
        s.probe_batch,
        s.probe_learning_rate,
        s.probe_l2
    );
    println!("{:<64} {:>5} {:>9} {:>7} {:>8} {:>7}", "representation", "dims", "held-out", "train", "L0", "seconds");
    for r in &results.rows {
        println!(
            "{:<64} {:>5} {:>8.1}% {:>6.1}% {:>8.1} {:>7.2}",
            r.label,
            r.code_dims,
            r.held_out_accuracy * 100.0,
            r.train_accuracy * 100.0,
            r.mean_active,
            r.seconds
        );
    }
    println!("\nrecovery of known features (sparse-features, {} steps each)", s.recovery_steps);
    for r in &results.recovery {
        println!(
            "{:<64} {:>2} of {} recovered (cosine > {}), mean best cosine {:.3}, L0 {:.1}, {:.2} s",
            r.label, r.features_recovered, r.true_features, r.threshold, r.mean_best_cosine, r.mean_active, r.seconds
        );
    }
    println!("total {:.1} s", results.seconds);
    Ok(())
}

fn list_presets() -> Result<(), String> {
    for p in presets::all() {
        println!("{:<24} {}\n{:<24} {}\n", p.name, p.title, "", p.lesson);
    }
    Ok(())
}
