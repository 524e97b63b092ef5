//! Learning: the presets show what their lessons promise. These train for real (seconds each, with the
//! test profile's optimisations); the figures they print are the ones quoted in the README.

use sae_playground::playground::Playground;

fn train(preset: &str, set: &str, steps: usize) -> Playground {
    let mut p = Playground::from_preset(preset, None).unwrap();
    if !set.is_empty() {
        p.set(set).unwrap();
    }
    assert_eq!(p.trainer_mut().run(steps), steps, "{preset} diverged");
    p
}

#[test]
fn ufldl_mnist_reaches_the_target_sparsity_and_learns_to_reconstruct() {
    let untrained = Playground::from_preset("ufldl-mnist", None).unwrap().trainer().evaluate().0;
    let p = train("ufldl-mnist", "", 2000);
    let (loss, rho_hat) = p.trainer().evaluate();
    let mean_rho_hat = rho_hat.iter().map(|&r| r as f64).sum::<f64>() / rho_hat.len() as f64;
    println!(
        "ufldl-mnist after 2000 steps: mean ρ̂ {mean_rho_hat:.4}, reconstruction {:.3} (untrained {:.3}), \
         KL {:.4}, weight decay {:.4}",
        loss.reconstruction, untrained.reconstruction, loss.sparsity, loss.weight_decay
    );
    assert!((mean_rho_hat - 0.1).abs() <= 0.02, "mean ρ̂ {mean_rho_hat}");
    assert!(
        loss.reconstruction < 0.2 * untrained.reconstruction,
        "{} vs {}",
        loss.reconstruction,
        untrained.reconstruction
    );
}

#[test]
fn sparsity_recovers_the_true_features_and_no_penalty_does_not() {
    let sparse = train("sparse-features", "", 6000).recovery().unwrap();
    let dense = train("sparse-features", r#"{"penalty": "none", "weightDecay": 0}"#, 6000).recovery().unwrap();
    println!(
        "sparse-features recovery: L1 {:.0}%, no penalty {:.0}%",
        sparse.fraction_recovered * 100.0,
        dense.fraction_recovered * 100.0
    );
    assert!(sparse.fraction_recovered >= 0.9, "L1 recovered {}", sparse.fraction_recovered);
    assert!(dense.fraction_recovered <= 0.5, "no penalty recovered {}", dense.fraction_recovered);
}

#[test]
fn a_linear_undercomplete_autoencoder_reaches_pca() {
    let mut p = train("linear-pca", "", 6000);
    let (loss, _) = p.trainer().evaluate();
    let pca = p.pca_reference_error();
    println!(
        "linear-pca: autoencoder {:.6}, PCA {pca:.6} ({:+.2}%)",
        loss.reconstruction,
        (loss.reconstruction / pca - 1.0) * 100.0
    );
    assert!(loss.reconstruction <= pca * 1.02, "{} vs PCA {pca}", loss.reconstruction);
    assert!(loss.reconstruction >= pca * 0.999, "cannot beat the optimal linear map");
}

#[test]
fn a_nonlinear_bottleneck_beats_pca_on_the_swiss_roll() {
    let mut p = train("undercomplete", "", 4000);
    let (loss, _) = p.trainer().evaluate();
    let pca = p.pca_reference_error();
    println!("undercomplete: autoencoder {:.4}, PCA {pca:.4}", loss.reconstruction);
    assert!(loss.reconstruction < 0.6 * pca);
}

#[test]
fn l1_makes_the_wide_code_sparse_where_no_penalty_keeps_it_dense() {
    let dense = train("overcomplete-memorizes", "", 2000).trainer().metrics();
    let sparse = train("l1-sparse", "", 2000).trainer().metrics();
    println!("L0 of 32 units: no penalty {:.1}, L1 {:.1}", dense.l0, sparse.l0);
    assert!(dense.l0 > 20.0, "{}", dense.l0);
    assert!(sparse.l0 < 6.0, "{}", sparse.l0);
}

/// Steps until every unit's running ρ̂ (the bars) is within 0.02 of ρ, at most `limit`.
fn steps_until_rho_hat_settles(p: &mut Playground, limit: usize) -> Option<usize> {
    let rho = p.config().objective.rho as f32;
    (1..=limit).find(|_| {
        p.trainer_mut().step();
        p.trainer().stats().rho_hat_running.iter().all(|r| (r - rho).abs() <= 0.02)
    })
}

#[test]
fn kl_pulls_every_unit_to_rho_makes_units_fire_selectively_and_follows_a_new_rho() {
    let mut p = Playground::from_preset("kl-sparse", None).unwrap();
    let settled = steps_until_rho_hat_settles(&mut p, 3000).expect("every ρ̂ within 0.02 of 0.05");
    p.trainer_mut().run(3000 - settled);
    let (_, rho_hat) = p.trainer().evaluate();
    let worst = rho_hat.iter().map(|&r| (r - 0.05).abs()).fold(0.0f32, f32::max);
    assert!(worst < 0.02, "a unit's ρ̂ is {worst} from ρ");
    // Selective, not a weak dense code: no unit dead, each firing (above 2ρ) on a few percent of samples.
    let stats = p.trainer().metrics();
    let gap = stats.rho_hat_running.iter().map(|&r| (r - 0.05).abs()).fold(0.0f32, f32::max);
    assert_eq!(stats.rho_hat_largest_gap, Some(gap), "the lesson's checkpoint number");
    assert_eq!(stats.dead_units, 0);
    assert!(stats.l0 > 1.0 && stats.l0 < 16.0, "L0 {}", stats.l0);
    assert!(stats.firing_density.iter().all(|&d| d > 0.01 && d < 0.5), "{:?}", stats.firing_density);
    // The lesson's checkpoint: ρ = 0.2, every bar within 0.02 of it.
    p.set(r#"{"rho": 0.2}"#).unwrap();
    let followed = steps_until_rho_hat_settles(&mut p, 2000).expect("every ρ̂ within 0.02 of 0.2");
    p.trainer_mut().run(1000);
    let (_, rho_hat) = p.trainer().evaluate();
    let mean = rho_hat.iter().sum::<f32>() / rho_hat.len() as f32;
    let after = p.trainer().metrics();
    println!(
        "kl-sparse: every ρ̂ within 0.02 of 0.05 after {settled} steps (worst |ρ̂ − 0.05| at 3000: {worst:.4}); L0 \
         {:.2} of 32, dead {}; after ρ → 0.2 within 0.02 after {followed} more steps; 1000 later mean ρ̂ {mean:.3}, \
         L0 {:.2}, dead {}",
        stats.l0, stats.dead_units, after.l0, after.dead_units
    );
    assert!((mean - 0.2).abs() < 0.02, "{mean}");
    assert!(followed < 500, "{followed} steps to follow ρ = 0.2");
    // At ρ = 0.2 the roll's code turns denser and weaker (firing now means rising above 0.4): a unit or
    // two may stop firing, most keep doing it.
    assert!(after.dead_units <= 3 && after.l0 > 0.5, "dead {}, L0 {}", after.dead_units, after.l0);
}

#[test]
fn kl_without_weight_decay_settles_on_rho_with_a_weak_dense_code() {
    // What the lesson says happens at λ_w = 0: the right mean, but far fewer outputs rise above 2ρ.
    let p = train("kl-sparse", r#"{"weightDecay": 0}"#, 4000);
    let (_, rho_hat) = p.trainer().evaluate();
    let worst = rho_hat.iter().map(|&r| (r - 0.05).abs()).fold(0.0f32, f32::max);
    let weak = p.trainer().metrics();
    let selective = train("kl-sparse", "", 4000).trainer().metrics();
    println!(
        "kl-sparse at λ_w = 0: worst |ρ̂ − 0.05| {worst:.4}, L0 {:.2} (with λ_w = 0.003: {:.2})",
        weak.l0, selective.l0
    );
    assert!(worst < 0.02);
    assert!(weak.l0 < 0.5 * selective.l0, "{} vs {}", weak.l0, selective.l0);
}
