//! Runs the MNIST benchmark case for a while, for profilers: `cargo run --release --example profile_step`.
use sae_playground::bench::Case;
use sae_playground::trainer::Trainer;

fn main() {
    let case = match std::env::args().nth(1).as_deref() {
        Some("swiss") => Case::Swiss,
        _ => Case::Mnist,
    };
    let (config, data) = case.setup();
    let mut trainer = Trainer::new(config.check().expect("valid"), data).expect("valid");
    let steps = if case == Case::Mnist { 1000 } else { 100_000 };
    let start = std::time::Instant::now();
    trainer.run(steps);
    println!("{:.1} µs per step", start.elapsed().as_secs_f64() * 1e6 / steps as f64);
}
