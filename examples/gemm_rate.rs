//! Matrix-product rate on the MNIST step's shapes: `cargo run --release --example gemm_rate`.
use ndarray::linalg::general_mat_mul;
use ndarray::Array2;

fn time(label: &str, m: usize, k: usize, n: usize, f: impl Fn(&mut Array2<f32>)) {
    let mut c = Array2::<f32>::zeros((m, n));
    f(&mut c);
    let reps = 200;
    let start = std::time::Instant::now();
    for _ in 0..reps {
        f(&mut c);
    }
    let s = start.elapsed().as_secs_f64() / reps as f64;
    println!("{label:<28} {:>7.1} µs  {:>5.1} GFLOP/s", s * 1e6, 2.0 * (m * k * n) as f64 / s / 1e9);
}

fn main() {
    let x = Array2::<f32>::from_elem((64, 784), 0.5);
    let w1 = Array2::<f32>::from_elem((784, 196), 0.01);
    let h = Array2::<f32>::from_elem((64, 196), 0.5);
    let w2 = Array2::<f32>::from_elem((196, 784), 0.01);
    let d2 = Array2::<f32>::from_elem((64, 784), 0.1);
    time("forward 1: X·W1", 64, 784, 196, |c| general_mat_mul(1.0, &x, &w1, 0.0, c));
    time("forward 2: H·W2", 64, 196, 784, |c| general_mat_mul(1.0, &h, &w2, 0.0, c));
    time("dW2 = Hᵀ·δ2", 196, 64, 784, |c| general_mat_mul(1.0, &h.t(), &d2, 0.0, c));
    time("dH = δ2·W2ᵀ", 64, 784, 196, |c| general_mat_mul(1.0, &d2, &w2.t(), 0.0, c));
    time("dW1 = Xᵀ·δ1", 784, 64, 196, |c| general_mat_mul(1.0, &x.t(), &h, 0.0, c));
}
