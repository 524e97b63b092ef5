//! The seed's "why L1 gives sparsity" argument (Fig 09) as numbers a chart can draw.
//!
//! L1 = |w| has derivative ±1: every step moves w by the same amount η λ, so w reaches exactly zero in
//! finitely many steps. L2 = w² has derivative 2w: the step shrinks with w, so w only approaches zero.

/// Which penalty shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    L1,
    L2,
}

/// The penalty λ·|w| or λ·w².
pub fn penalty(shape: Shape, w: f64, lambda: f64) -> f64 {
    match shape {
        Shape::L1 => lambda * w.abs(),
        Shape::L2 => lambda * w * w,
    }
}

/// Its derivative: λ·sign(w) (0 at 0) or 2λw.
pub fn derivative(shape: Shape, w: f64, lambda: f64) -> f64 {
    match shape {
        Shape::L1 => lambda * super::l1::l1_derivative(w),
        Shape::L2 => 2.0 * lambda * w,
    }
}

/// One gradient step on the penalty alone. The L1 step is clipped at zero (the proximal step, i.e.
/// soft thresholding): a constant-size step that would cross zero lands on it and stays there, which is
/// how L1 produces exact zeros instead of oscillating around them.
pub fn descent_step(shape: Shape, w: f64, lambda: f64, learning_rate: f64) -> f64 {
    match shape {
        Shape::L1 => w.signum() * (w.abs() - learning_rate * lambda).max(0.0),
        Shape::L2 => w - learning_rate * derivative(Shape::L2, w, lambda),
    }
}

/// The weight after each of `steps` steps from `w0` (first entry is `w0`).
pub fn descent_path(shape: Shape, w0: f64, lambda: f64, learning_rate: f64, steps: usize) -> Vec<f64> {
    let mut path = Vec::with_capacity(steps + 1);
    let mut w = w0;
    path.push(w);
    for _ in 0..steps {
        w = descent_step(shape, w, lambda, learning_rate);
        path.push(w);
    }
    path
}

/// Steps until w is exactly zero, if it gets there within `max_steps`.
pub fn steps_to_zero(shape: Shape, w0: f64, lambda: f64, learning_rate: f64, max_steps: usize) -> Option<usize> {
    descent_path(shape, w0, lambda, learning_rate, max_steps).iter().position(|&w| w == 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_are_the_seeds() {
        assert_eq!(derivative(Shape::L1, 0.3, 1.0), 1.0);
        assert_eq!(derivative(Shape::L1, -0.3, 1.0), -1.0);
        assert_eq!(derivative(Shape::L1, 0.0, 1.0), 0.0);
        assert_eq!(derivative(Shape::L2, 0.3, 1.0), 0.6);
        assert_eq!(penalty(Shape::L2, -0.5, 2.0), 0.5);
    }

    #[test]
    fn l1_reaches_exactly_zero_with_constant_steps_l2_never_does() {
        // η λ = 0.1: from 1.0, ten constant steps (up to rounding the tenth lands on zero).
        let l1 = steps_to_zero(Shape::L1, 1.0, 1.0, 0.1, 1000).expect("L1 reaches zero");
        assert!((10..=11).contains(&l1), "{l1}");
        let path = descent_path(Shape::L1, 1.0, 1.0, 0.1, 5);
        let steps: Vec<f64> = path.windows(2).map(|p| p[0] - p[1]).collect();
        assert!(steps.iter().all(|s| (s - 0.1).abs() < 1e-12), "constant steps {steps:?}");
        assert_eq!(steps_to_zero(Shape::L2, 1.0, 1.0, 0.1, 1000), None);
        let l2 = descent_path(Shape::L2, 1.0, 1.0, 0.1, 1000);
        assert!(l2.last().unwrap() > &0.0 && l2.last().unwrap() < &1e-90);
    }
}
