//! Times one optimiser pass over MNIST-sized parameters (784-196-784: 308,308 values) for each rule:
//! `cargo run --release --example optimizer_rate`.
use sae_playground::config::OptimizerKind;
use sae_playground::optimizer::{Optimizer, Update};

fn main() {
    let n = 2 * 784 * 196 + 196 + 784;
    let mut params: Vec<f32> = (0..n).map(|i| ((i % 97) as f32 - 48.0) * 1e-3).collect();
    let grads: Vec<f32> = (0..n).map(|i| ((i % 89) as f32 - 44.0) * 1e-4).collect();
    let update = Update { learning_rate: 1e-3, momentum: 0.9, weight_decay: 3e-3, weight_count: 2 * 784 * 196 };
    for kind in [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam] {
        let mut optimizer = Optimizer::new(kind);
        let passes = 200;
        let start = std::time::Instant::now();
        for _ in 0..passes {
            assert!(optimizer.step(&mut params, &grads, &update).finite);
        }
        println!("{kind:?}: {:.0} µs per pass", start.elapsed().as_secs_f64() * 1e6 / passes as f64);
    }
}
