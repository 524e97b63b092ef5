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

#[test]
fn kl_pulls_every_unit_to_rho_and_follows_a_new_rho() {
    let mut p = train("kl-sparse", "", 3000);
    let (_, rho_hat) = p.trainer().evaluate();
    let worst = rho_hat.iter().map(|&r| (r - 0.05).abs()).fold(0.0f32, f32::max);
    assert!(worst < 0.02, "a unit's ρ̂ is {worst} from ρ");
    p.set(r#"{"rho": 0.2}"#).unwrap();
    p.trainer_mut().run(3000);
    let (_, rho_hat) = p.trainer().evaluate();
    let mean = rho_hat.iter().sum::<f32>() / rho_hat.len() as f32;
    println!("kl-sparse: worst |ρ̂ − 0.05| {worst:.4}; after ρ → 0.2 the mean ρ̂ is {mean:.3}");
    assert!((mean - 0.2).abs() < 0.02, "{mean}");
}
