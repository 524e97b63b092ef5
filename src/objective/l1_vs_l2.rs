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

/// The step size η of the one-weight demonstration ([`weight_descent`]): with λ up to
/// [`MAX_DEMO_LAMBDA`], 2ηλ stays below 1, so L2's factor (1 − 2ηλ) stays in (0, 1) and the weight
/// shrinks without changing sign.
pub const DEMO_LEARNING_RATE: f64 = 0.1;
/// The largest λ the one-weight demonstration accepts (2ηλ = 0.8).
pub const MAX_DEMO_LAMBDA: f64 = 4.0;
/// The most steps a demonstration trajectory holds.
pub const MAX_DEMO_STEPS: usize = 400;

/// One weight descending from `start` under each penalty alone (seed Fig 09, as a trajectory). Paths
/// have `steps + 1` entries, the first `start`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WeightDescent {
    pub lambda: f64,
    pub learning_rate: f64,
    pub start: f64,
    /// w under L1 after each step: |w| falls by exactly ηλ per step, then stays at exactly 0.
    pub l1: Vec<f64>,
    /// w under L2 after each step: multiplied by (1 − 2ηλ) every step, never 0.
    pub l2: Vec<f64>,
    /// The step at which L1's weight is exactly 0 (⌈|w₀|/(ηλ)⌉; 0 when w₀ = 0), if λ > 0.
    pub l1_steps_to_zero: Option<usize>,
    /// L2's factor per step, 1 − 2ηλ.
    pub l2_factor: f64,
}

/// Steps of L1's constant-size descent from `w0` to exactly 0: ⌈|w₀|/(ηλ)⌉ (None when ηλ is 0).
pub fn l1_steps_to_zero(w0: f64, lambda: f64, learning_rate: f64) -> Option<usize> {
    let step = learning_rate * lambda;
    (step > 0.0 && w0.is_finite()).then(|| (w0.abs() / step).ceil() as usize)
}

/// The demonstration's trajectories over `steps` steps (at most [`MAX_DEMO_STEPS`]) at η =
/// [`DEMO_LEARNING_RATE`]. λ is clamped into [0, [`MAX_DEMO_LAMBDA`]] and `start` into [−10, 10];
/// non-finite values become λ = 0.5, w₀ = 1.
///
/// L1's path is the closed form w_k = sign(w₀)·(|w₀| − k·ηλ) up to step ⌈|w₀|/(ηλ)⌉, where it is set to
/// exactly 0: the same numbers as iterating [`descent_step`], without the rounding that repeated
/// subtraction piles up (1 − 0.1 − 0.1 − … leaves 1.4e-16 after ten steps, not 0).
pub fn weight_descent(start: f64, lambda: f64, steps: usize) -> WeightDescent {
    let lambda = if lambda.is_finite() { lambda.clamp(0.0, MAX_DEMO_LAMBDA) } else { 0.5 };
    let start = if start.is_finite() { start.clamp(-10.0, 10.0) } else { 1.0 };
    let eta = DEMO_LEARNING_RATE;
    let steps = steps.min(MAX_DEMO_STEPS);
    let to_zero = l1_steps_to_zero(start, lambda, eta);
    let l1 = (0..=steps)
        .map(|k| match to_zero {
            Some(k0) if k >= k0 => 0.0,
            _ => start.signum() * (start.abs() - k as f64 * eta * lambda),
        })
        .map(|w| if w == 0.0 { 0.0 } else { w })
        .collect();
    let l2_factor = 1.0 - 2.0 * eta * lambda;
    let mut l2 = Vec::with_capacity(steps + 1);
    let mut w = start;
    for _ in 0..=steps {
        l2.push(w);
        w *= l2_factor;
    }
    WeightDescent { lambda, learning_rate: eta, start, l1, l2, l1_steps_to_zero: to_zero, l2_factor }
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

    #[test]
    fn l1_lands_on_exactly_zero_after_ceil_w0_over_eta_lambda_steps_and_stays() {
        for &w0 in &[1.0, -1.0, 1.5, 0.37, -2.0, 0.05, 3.3] {
            for &lambda in &[0.1, 0.25, 0.5, 1.0, 1.7, 4.0] {
                let d = weight_descent(w0, lambda, MAX_DEMO_STEPS);
                let k0 = (f64::abs(w0) / (DEMO_LEARNING_RATE * lambda)).ceil() as usize;
                assert_eq!(d.l1_steps_to_zero, Some(k0), "w0 {w0} λ {lambda}");
                assert!(d.l1[..k0].iter().all(|&w| w != 0.0 && w.signum() == w0.signum()), "w0 {w0} λ {lambda}");
                assert!(d.l1[k0..].iter().all(|&w| w == 0.0), "stays at 0: w0 {w0} λ {lambda}");
                // Constant steps of ηλ until the landing step (which may be shorter).
                for k in 1..k0 {
                    let moved = (d.l1[k - 1] - d.l1[k]).abs();
                    assert!((moved - DEMO_LEARNING_RATE * lambda).abs() < 1e-12, "step {k}: {moved}");
                }
                // The closed form is the iterated proximal step, up to rounding.
                let iterated = descent_path(Shape::L1, w0, lambda, DEMO_LEARNING_RATE, k0 - 1);
                for (a, b) in iterated.iter().zip(&d.l1) {
                    assert!((a - b).abs() < 1e-9, "{a} vs {b}");
                }
            }
        }
    }

    #[test]
    fn l2_shrinks_by_one_minus_two_eta_lambda_per_step_and_never_reaches_zero() {
        for &w0 in &[1.0, -1.5, 0.01, 2.0] {
            for &lambda in &[0.1, 0.5, 1.0, 4.0] {
                let d = weight_descent(w0, lambda, MAX_DEMO_STEPS);
                let factor = 1.0 - 2.0 * DEMO_LEARNING_RATE * lambda;
                assert!((d.l2_factor - factor).abs() < 1e-15);
                for k in 1..d.l2.len() {
                    assert!(d.l2[k] != 0.0 && d.l2[k].signum() == w0.signum(), "w0 {w0} λ {lambda} step {k}");
                    assert!((d.l2[k] / d.l2[k - 1] - factor).abs() < 1e-12);
                    // The same numbers as the gradient step on λw².
                    let stepped = descent_step(Shape::L2, d.l2[k - 1], lambda, DEMO_LEARNING_RATE);
                    assert!((stepped - d.l2[k]).abs() <= 1e-15 * d.l2[k - 1].abs());
                }
            }
        }
    }

    #[test]
    fn the_demonstration_clamps_what_it_cannot_show() {
        let d = weight_descent(f64::NAN, f64::INFINITY, 10_000);
        assert_eq!((d.start, d.lambda, d.l1.len()), (1.0, 0.5, MAX_DEMO_STEPS + 1));
        let still = weight_descent(1.0, 0.0, 5);
        assert_eq!(still.l1_steps_to_zero, None);
        assert!(still.l1.iter().chain(&still.l2).all(|&w| w == 1.0));
        assert_eq!(weight_descent(0.0, 1.0, 3).l1_steps_to_zero, Some(0));
        assert!(weight_descent(2.0, 99.0, 3).l2_factor > 0.0, "λ clamped so L2 never flips sign");
    }
}
