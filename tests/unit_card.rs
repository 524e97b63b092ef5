//! The formula card's numbers are the core's: ρ̂ from the trainer, KL and L1 from the objective's own
//! functions, shares that add up, and every figure that shows units says which unit a click hit.

use plotters::prelude::SVGBackend;
use sae_playground::objective::kl;
use sae_playground::playground::Playground;
use sae_playground::render::unit_weights::WeightsPicture;
use sae_playground::render::{RgbaImage, Style};
use sae_playground::view::unit_card::{unit_card, weights_picture};
use sae_playground::view::{self, DrawOptions, Figure, ViewState};

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * b.abs().max(1e-12)
}

#[test]
fn kl_card_numbers_are_the_trainers_and_the_objectives() {
    let mut p = Playground::from_preset("kl-sparse", None).unwrap();
    let mut state = ViewState::default();
    // After one step the running ρ̂ is that batch's ρ̂, so the units' KL parts add up to the very term the
    // objective reported for the step.
    p.trainer_mut().run(1);
    let units = p.config().code_size;
    let cards: Vec<_> = (0..units).map(|j| unit_card(&p, &mut state, j).unwrap()).collect();
    let kl_sum: f64 = cards.iter().map(|c| c.kl_term).sum();
    assert!(close(kl_sum, p.trainer().last_loss().sparsity, 1e-5), "{kl_sum} vs {}", p.trainer().last_loss().sparsity);

    p.trainer_mut().run(300);
    let stats = p.trainer().stats().clone();
    let settings = p.config().objective.clone();
    let cards: Vec<_> = (0..units).map(|j| unit_card(&p, &mut state, j).unwrap()).collect();
    let rho_hat: Vec<f64> = stats.rho_hat_running.iter().map(|&r| r as f64).collect();
    let total = kl::kl_penalty(&rho_hat, settings.rho, settings.beta);
    for (j, c) in cards.iter().enumerate() {
        assert_eq!((c.unit, c.units, c.penalty), (j, units, "kl"));
        assert_eq!(c.rho_hat, stats.rho_hat_running[j] as f64, "ρ̂ is the bars' value");
        assert_eq!(c.kl, kl::kl_divergence(settings.rho, kl::clamp_rho_hat(c.rho_hat)));
        assert_eq!(c.d_kl, kl::kl_derivative(settings.rho, kl::clamp_rho_hat(c.rho_hat)));
        assert_eq!(c.kl_term, settings.beta * c.kl);
        assert_eq!(c.kl_push, settings.beta * c.d_kl);
        assert_eq!(c.firing_density, stats.firing_density[j] as f64);
        assert_eq!(c.dead, stats.is_dead(j));
        assert_eq!(c.sparsity_total, Some(total));
        assert!(close(c.l1_term, settings.lambda * c.mean_abs, 1e-5), "λ·mean |a|");
        assert!(c.firing_rule.contains("2ρ = 0.1"));
        assert_eq!((c.weights.kind, c.weights.count), ("arrow", 3), "3-D data: an arrow in the data space");
        let w = c.weights.values.as_ref().unwrap();
        let norm = w.iter().map(|&v| (v as f64).powi(2)).sum::<f64>().sqrt();
        assert!(close(c.weights.norm, norm, 1e-9));
    }
    let kl_sum: f64 = cards.iter().map(|c| c.kl_term).sum();
    assert!(close(kl_sum, total, 1e-9), "parts add up to the objective's KL term of the same ρ̂");
    let shares: f64 = cards.iter().map(|c| c.share.unwrap()).sum();
    assert!(close(shares, 1.0, 1e-9), "shares add up to 1: {shares}");
    // The derivative's sign says which way the gradient pushes ρ̂ⱼ.
    for c in &cards {
        assert_eq!(c.d_kl > 0.0, c.rho_hat > settings.rho, "unit {}", c.unit);
    }
    assert!(unit_card(&p, &mut state, units).is_none(), "no card past the code");
}

#[test]
fn l1_card_parts_add_up_to_the_l1_penalty_of_the_same_samples() {
    let mut p = Playground::from_preset("l1-sparse", None).unwrap();
    p.trainer_mut().run(200);
    let mut state = ViewState::default();
    let units = p.config().code_size;
    let cards: Vec<_> = (0..units).map(|j| unit_card(&p, &mut state, j).unwrap()).collect();
    let mean_abs = state.mean_abs_code(&p);
    let lambda = p.config().objective.lambda;
    for c in &cards {
        assert_eq!(c.mean_abs, mean_abs[c.unit] as f64, "mean |a| is the L1 bars' value");
        assert_eq!(c.sparsity_part, Some(c.l1_term));
        assert!(close(c.l1_term, lambda * c.mean_abs, 1e-5));
    }
    let total = cards[0].sparsity_total.unwrap();
    let sum: f64 = cards.iter().map(|c| c.l1_term).sum();
    assert!(close(sum, total, 1e-9) && total > 0.0);
    let shares: f64 = cards.iter().filter_map(|c| c.share).sum();
    assert!(close(shares, 1.0, 1e-9), "{shares}");
    // The Swiss roll's 1000 samples are more than the cloud's 500: the cloud's penalty is close to the
    // data set's, not equal; with every sample it would be equal.
    let (loss, _) = p.trainer().evaluate();
    assert!(close(total, loss.sparsity, 0.1), "{total} vs {}", loss.sparsity);
}

#[test]
fn topk_and_no_penalty_have_no_share_and_mnist_weights_are_a_tile() {
    let mut p = Playground::from_preset("topk", None).unwrap();
    p.trainer_mut().run(20);
    let mut state = ViewState::default();
    let c = unit_card(&p, &mut state, 0).unwrap();
    assert_eq!((c.sparsity_part, c.share), (None, None));
    p.set(r#"{"penalty": "none"}"#).unwrap();
    assert_eq!(unit_card(&p, &mut state, 0).unwrap().share, None);
    // A code behind an encoder layer: its weights come from that layer, drawn as bars.
    let mut deep = Playground::from_preset("undercomplete", None).unwrap();
    deep.trainer_mut().run(5);
    let c = unit_card(&deep, &mut state, 1).unwrap();
    assert_eq!((c.weights.kind, c.weights.from.as_str(), c.weights.count), ("bars", "hidden layer 1", 32));

    let mut mnist = Playground::from_preset("ufldl-mnist", None).unwrap();
    mnist.trainer_mut().run(2);
    let mut state = ViewState::default();
    let c = unit_card(&mnist, &mut state, 5).unwrap();
    assert_eq!((c.weights.kind, c.weights.count), ("tile", 784));
    assert!(c.weights.values.is_none(), "784 weights are drawn, not listed");
    let picture = weights_picture(&mnist, 5, 0.0, 0.0).unwrap();
    assert!(matches!(picture, WeightsPicture::Tile { shape: (28, 28), .. }));
    let mut image = RgbaImage::default();
    sae_playground::render::unit_weights::paint(&mut image, &picture, 140, 140, &Style::new(1.0));
    assert_eq!((image.width, image.height), (140, 140), "one 28×28 tile at 5× fills the picture");
}

#[test]
fn every_figure_that_shows_units_reports_the_unit_a_click_hits() {
    let mut p = Playground::from_preset("kl-sparse", None).unwrap();
    p.trainer_mut().run(50);
    let mut state = ViewState::default();
    let (w, h) = (480u32, 300u32);
    let options = DrawOptions { scale: 1.0, yaw: 0.5, pitch: 1.05, ..DrawOptions::default() };
    for id in ["heatmap", "bars", "kl-curve", "network", "features"] {
        let panel = view::panel(id).unwrap();
        match panel.figure {
            Figure::Chart(chart) => {
                let mut svg = String::new();
                let mut backend = SVGBackend::with_string(&mut svg, (w, h));
                view::draw_chart(chart, &mut backend, &mut p, &mut state, &options).unwrap();
            }
            Figure::Image(figure) => view::paint(figure, &mut p, &mut state, w as usize, h as usize, &options),
        }
        let mut found = None;
        'grid: for y in (0..h).step_by(2) {
            for x in (0..w).step_by(2) {
                if let Some(unit) = view::hover(panel, &p, &state, x as f64, y as f64, 1.0).and_then(|h| h.unit) {
                    found = Some(unit);
                    break 'grid;
                }
            }
        }
        let unit = found.unwrap_or_else(|| panic!("{id}: no unit under any point"));
        assert!(unit < 32, "{id}: unit {unit}");
    }
    // Panels without units never report one.
    for id in ["loss", "health", "code", "l1-l2"] {
        let panel = view::panel(id).unwrap();
        if let Figure::Chart(chart) = panel.figure {
            let mut svg = String::new();
            let mut backend = SVGBackend::with_string(&mut svg, (w, h));
            view::draw_chart(chart, &mut backend, &mut p, &mut state, &options).unwrap();
        }
        for y in (0..h).step_by(6) {
            for x in (0..w).step_by(6) {
                let hover = view::hover(panel, &p, &state, x as f64, y as f64, 1.0);
                assert_eq!(hover.and_then(|h| h.unit), None, "{id}");
            }
        }
    }
}
