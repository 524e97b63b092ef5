//! A bounded loss history for the loss chart: never more than [`HISTORY_CAPACITY`] points, however long
//! training runs.
//!
//! Each point averages `stride` consecutive steps. When the buffer is full, neighbouring points are merged
//! pairwise and the stride doubles, so the chart always covers the whole run at even resolution.

use crate::objective::LossTerms;
use serde::Serialize;

/// Most points kept.
pub const HISTORY_CAPACITY: usize = 1024;

/// One point of the chart: the mean of the terms over `steps` steps ending at `step`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryPoint {
    /// The last step the point covers (1-based).
    pub step: u64,
    pub loss: LossTerms,
}

#[derive(Clone, Debug)]
pub struct LossHistory {
    points: Vec<HistoryPoint>,
    /// Steps averaged per point.
    stride: u64,
    /// The point being accumulated and how many steps it holds.
    pending: LossTerms,
    pending_steps: u64,
}

impl Default for LossHistory {
    fn default() -> Self {
        LossHistory {
            points: Vec::with_capacity(HISTORY_CAPACITY),
            stride: 1,
            pending: LossTerms::default(),
            pending_steps: 0,
        }
    }
}

fn add(a: LossTerms, b: LossTerms) -> LossTerms {
    LossTerms {
        reconstruction: a.reconstruction + b.reconstruction,
        sparsity: a.sparsity + b.sparsity,
        weight_decay: a.weight_decay + b.weight_decay,
        total: a.total + b.total,
    }
}

fn scale(a: LossTerms, s: f64) -> LossTerms {
    LossTerms {
        reconstruction: a.reconstruction * s,
        sparsity: a.sparsity * s,
        weight_decay: a.weight_decay * s,
        total: a.total * s,
    }
}

impl LossHistory {
    /// Records the terms of step `step`.
    pub fn push(&mut self, step: u64, loss: LossTerms) {
        self.pending = add(self.pending, loss);
        self.pending_steps += 1;
        if self.pending_steps < self.stride {
            return;
        }
        self.points.push(HistoryPoint { step, loss: scale(self.pending, 1.0 / self.pending_steps as f64) });
        self.pending = LossTerms::default();
        self.pending_steps = 0;
        if self.points.len() == HISTORY_CAPACITY {
            self.halve();
        }
    }

    /// Merges neighbouring points and doubles the stride.
    fn halve(&mut self) {
        let merged: Vec<HistoryPoint> = self
            .points
            .chunks(2)
            .map(|pair| match pair {
                [a, b] => HistoryPoint { step: b.step, loss: scale(add(a.loss, b.loss), 0.5) },
                [a] => *a,
                _ => unreachable!("chunks(2) yields one or two"),
            })
            .collect();
        self.points.clear();
        self.points.extend(merged);
        self.stride *= 2;
    }

    pub fn points(&self) -> &[HistoryPoint] {
        &self.points
    }

    pub fn stride(&self) -> u64 {
        self.stride
    }

    /// A history with these points (a mirror of another trainer's history).
    pub fn from_points(points: Vec<HistoryPoint>, stride: u64) -> LossHistory {
        LossHistory { points, stride: stride.max(1), pending: LossTerms::default(), pending_steps: 0 }
    }

    pub fn clear(&mut self) {
        *self = LossHistory::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(v: f64) -> LossTerms {
        LossTerms { reconstruction: v, sparsity: 0.0, weight_decay: 0.0, total: v }
    }

    #[test]
    fn stays_bounded_over_100_000_steps() {
        let mut h = LossHistory::default();
        for step in 1..=100_000u64 {
            h.push(step, terms(step as f64));
            assert!(h.points().len() < HISTORY_CAPACITY);
        }
        assert!(h.points().len() >= HISTORY_CAPACITY / 4);
        // Points stay in step order and cover the run.
        assert!(h.points().windows(2).all(|w| w[0].step < w[1].step));
        assert!(h.points().last().unwrap().step > 99_000);
    }

    #[test]
    fn points_are_means_of_their_steps() {
        let mut h = LossHistory::default();
        for step in 1..=(HISTORY_CAPACITY as u64) {
            h.push(step, terms(step as f64));
        }
        assert_eq!(h.stride(), 2);
        assert_eq!(h.points()[0].loss.total, 1.5);
        assert_eq!(h.points()[0].step, 2);
    }
}
