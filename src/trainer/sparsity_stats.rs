//! Sparsity health of the code layer: ρ̂ per unit (batch and running), L0, firing density, dead units.
//! What counts as firing is a [`FiringRule`] (for sigmoid units it follows the KL target).

use crate::activation::FiringRule;
use crate::float::Real;
use ndarray::ArrayView2;

/// A unit that has not fired (see [`FiringRule`]) in this many consecutive samples is *dead*: it
/// effectively never fires (a sigmoid unit's ρ̂ stuck near 0, or answering every sample the same).
pub const DEAD_WINDOW_SAMPLES: u64 = 5_000;
/// Weight of the newest batch in the running averages (an exponential moving average over ≈ 1/0.05 = 20
/// batches).
pub const RUNNING_WEIGHT: f32 = 0.05;

#[derive(Clone, Debug)]
pub struct SparsityStats {
    /// ρ̂ⱼ of the last batch.
    pub rho_hat_batch: Vec<f32>,
    /// ρ̂ⱼ averaged over recent batches.
    pub rho_hat_running: Vec<f32>,
    /// Fraction of recent samples on which unit j was active (see [`FiringRule`]).
    pub firing_density: Vec<f32>,
    /// Samples since unit j was last active.
    pub samples_since_active: Vec<u64>,
    /// Mean number of active code units per sample in the last batch (L0).
    pub l0: f64,
    /// Samples seen since the stats were cleared.
    pub samples_seen: u64,
    /// Scratch: active count per unit in the current batch.
    active_in_batch: Vec<u32>,
}

impl SparsityStats {
    pub fn new(code_size: usize) -> SparsityStats {
        SparsityStats {
            rho_hat_batch: vec![0.0; code_size],
            rho_hat_running: vec![0.0; code_size],
            firing_density: vec![0.0; code_size],
            samples_since_active: vec![0; code_size],
            l0: 0.0,
            samples_seen: 0,
            active_in_batch: vec![0; code_size],
        }
    }

    /// Records one batch's code activations `h` (`[m, code]`) and their means `rho_hat`.
    pub fn record<F: Real>(&mut self, h: ArrayView2<F>, rho_hat: &[F], rule: FiringRule) {
        let m = h.nrows();
        self.active_in_batch.iter_mut().for_each(|c| *c = 0);
        let mut active_total = 0usize;
        // Rows as plain slices (borrowed, the code buffer is contiguous): ndarray's row views are slower.
        let h = h.as_standard_layout();
        for row in h.as_slice().expect("standard layout").chunks_exact(h.ncols().max(1)) {
            for (count, &a) in self.active_in_batch.iter_mut().zip(row) {
                let on = rule.fires(a) as u32;
                *count += on;
                active_total += on as usize;
            }
        }
        self.l0 = active_total as f64 / m as f64;
        let first = self.samples_seen == 0;
        let w = if first { 1.0 } else { RUNNING_WEIGHT };
        let units = self
            .rho_hat_batch
            .iter_mut()
            .zip(&mut self.rho_hat_running)
            .zip(&mut self.firing_density)
            .zip(&mut self.samples_since_active)
            .zip(&self.active_in_batch)
            .zip(rho_hat);
        for (((((batch, running), density), since_active), &active), &r) in units {
            let r = r.as_f32();
            *batch = r;
            *running += w * (r - *running);
            *density += w * (active as f32 / m as f32 - *density);
            *since_active = if active > 0 { 0 } else { *since_active + m as u64 };
        }
        self.samples_seen += m as u64;
    }

    /// Units that have not fired in the last [`DEAD_WINDOW_SAMPLES`] samples.
    pub fn dead_units(&self) -> usize {
        self.samples_since_active.iter().filter(|&&s| s >= DEAD_WINDOW_SAMPLES).count()
    }

    pub fn is_dead(&self, unit: usize) -> bool {
        self.samples_since_active[unit] >= DEAD_WINDOW_SAMPLES
    }

    pub fn clear(&mut self) {
        *self = SparsityStats::new(self.rho_hat_batch.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::Activation;
    use ndarray::array;

    #[test]
    fn l0_density_and_dead_units() {
        let mut s = SparsityStats::new(3);
        let h = array![[1.0f32, 0.0, 0.0], [2.0, 3.0, 0.0]];
        for _ in 0..3000 {
            s.record(h.view(), &[1.5, 1.5, 0.0], FiringRule::new(Activation::Relu, None));
        }
        assert_eq!(s.l0, 1.5);
        assert_eq!(s.firing_density[0], 1.0);
        assert!((s.firing_density[1] - 0.5).abs() < 1e-6);
        assert_eq!(s.dead_units(), 1);
        assert!(s.is_dead(2) && !s.is_dead(1));
    }

    #[test]
    fn a_sigmoid_unit_on_its_kl_target_everywhere_never_fires_and_a_selective_one_does() {
        // ρ = 0.05: unit 0 answers every sample with 0.05 (a weak, dense code), unit 1 rests at 0.01 and
        // jumps to 0.81 on one sample in 20 (the same mean), unit 2 is stuck near 0.
        let rule = FiringRule::new(Activation::Sigmoid, Some(0.05));
        let mut s = SparsityStats::new(3);
        let mut h = ndarray::Array2::<f32>::from_elem((20, 3), 0.0);
        for (i, mut row) in h.rows_mut().into_iter().enumerate() {
            row[0] = 0.05;
            row[1] = if i == 7 { 0.81 } else { 0.01 };
            row[2] = 1e-4;
        }
        for _ in 0..400 {
            s.record(h.view(), &[0.05, 0.05, 1e-4], rule);
        }
        assert!((s.l0 - 0.05).abs() < 1e-9, "one firing unit on one sample in 20: {}", s.l0);
        assert!((s.firing_density[1] - 0.05).abs() < 1e-6);
        assert_eq!(s.firing_density[0], 0.0);
        assert!(s.is_dead(0) && !s.is_dead(1) && s.is_dead(2));
    }
}
