//! The samples the figures show, and the model's activations on them, recomputed only when the weights
//! change.
//!
//! - the *probe*: 64 fixed samples ordered by their colouring value (roll parameter, digit), so the
//!   heatmap's rows show structure; MNIST's reconstruction grid uses its first digits;
//! - the *cloud*: up to 500 fixed samples (160 for images, whose forward pass costs far more) for the 3-D scatter, the code scatter and the
//!   per-unit maps.

use crate::data::Dataset;
use crate::model::{ForwardCache, Model};
use crate::objective::Objective;
use ndarray::{Array2, ArrayView2};

pub const PROBE_SIZE: usize = 64;
pub const CLOUD_SIZE: usize = 500;
pub const CLOUD_SIZE_IMAGES: usize = 160;

/// Fixed samples with their inputs and the activations of every layer.
#[derive(Clone, Debug)]
pub struct SampleSet {
    /// Data indices of the samples.
    pub indices: Vec<usize>,
    /// Inputs `[n, d]`.
    pub x: Array2<f32>,
    cache: Option<ForwardCache<f32>>,
    /// The trainer's weights revision the activations belong to, and the last layer computed for it.
    computed_for: Option<u64>,
    computed_through: usize,
}

impl SampleSet {
    /// `count` samples spread evenly over the data set (over each class in turn when there are labels,
    /// so no class is missed however the file is ordered), sorted by colour or class when asked.
    pub fn spread(data: &Dataset, count: usize, sort_by_color: bool) -> SampleSet {
        let n = data.len();
        let count = count.min(n);
        let mut indices: Vec<usize> = match &data.labels {
            Some(labels) => {
                let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); 256];
                for (i, &l) in labels.iter().enumerate() {
                    by_class[l as usize].push(i);
                }
                let mut picked = Vec::with_capacity(count);
                let mut round = 0;
                while picked.len() < count {
                    for class in by_class.iter().filter(|c| !c.is_empty()) {
                        // The round-th of an evenly spaced walk through this class.
                        let i = round * 7919 % class.len();
                        if picked.len() < count && round < class.len() {
                            picked.push(class[i]);
                        }
                    }
                    round += 1;
                }
                picked
            }
            None => (0..count).map(|i| i * n / count.max(1)).collect(),
        };
        if sort_by_color {
            if let Some(labels) = &data.labels {
                crate::sort::sort_by(&mut indices, &|&a, &b| labels[a].cmp(&labels[b]));
            } else if let Some(color) = &data.color {
                crate::sort::sort_by(&mut indices, &|&a, &b| color[a].total_cmp(&color[b]));
            }
        }
        let mut x = Array2::zeros((indices.len(), data.dim()));
        data.gather(&indices, x.view_mut());
        SampleSet { indices, x, cache: None, computed_for: None, computed_through: 0 }
    }

    pub fn len(&self) -> usize {
        self.indices.len()
    }

    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }

    /// Runs the encoder (up to the code) if the weights changed since the last call: most figures need
    /// the codes alone, and the decoder is as much work again (MNIST's 784-wide output).
    pub fn refresh(&mut self, model: &Model<f32>, objective: &Objective, weights_revision: u64) {
        self.refresh_through(model, objective, weights_revision, model.code_layer);
    }

    /// [`SampleSet::refresh`] through the decoder too, for the reconstructions.
    pub fn refresh_with_output(&mut self, model: &Model<f32>, objective: &Objective, weights_revision: u64) {
        self.refresh_through(model, objective, weights_revision, model.depth());
    }

    fn refresh_through(&mut self, model: &Model<f32>, objective: &Objective, weights_revision: u64, last: usize) {
        let cache = self.cache.get_or_insert_with(|| ForwardCache::new(model, self.indices.len()));
        if cache.activations.len() != model.depth() || cache.rows() != self.indices.len() {
            *cache = ForwardCache::new(model, self.indices.len());
            self.computed_for = None;
        }
        if self.computed_for != Some(weights_revision) {
            self.computed_for = Some(weights_revision);
            self.computed_through = 0;
        }
        if self.computed_through < last {
            model.forward_layers(self.x.view(), objective.topk(), cache, self.computed_through + 1..=last);
            self.computed_through = last;
        }
    }

    /// Code activations `[n, code]` (after [`SampleSet::refresh`]).
    pub fn code<'a>(&'a self, model: &Model<f32>) -> Option<ArrayView2<'a, f32>> {
        self.cache.as_ref().filter(|_| self.computed_through >= model.code_layer).map(|c| c.code(model))
    }

    /// Reconstructions `[n, d]` (after [`SampleSet::refresh_with_output`]).
    pub fn output(&self) -> Option<ArrayView2<'_, f32>> {
        self.cache.as_ref().filter(|c| self.computed_through == c.activations.len()).map(|c| c.output())
    }

    /// Position of data sample `index` in this set.
    pub fn position_of(&self, index: usize) -> Option<usize> {
        self.indices.iter().position(|&i| i == index)
    }
}

/// Top two principal directions of a set of codes, warm-started from the previous frame so a few
/// subspace iterations per refresh keep them current (a full eigen-decomposition of a 196-wide code
/// every frame would cost more than the frame).
#[derive(Clone, Debug, Default)]
pub struct CodeAxes {
    axes: Vec<[f64; 2]>,
    mean: Vec<f64>,
}

impl CodeAxes {
    const ITERATIONS: usize = 4;

    /// Projects `codes` (`[n, k]`) onto their two principal directions into `out`.
    pub fn project(&mut self, codes: ArrayView2<f32>, out: &mut Vec<[f32; 2]>) {
        let (n, k) = codes.dim();
        out.clear();
        if k <= 2 {
            out.extend(codes.rows().into_iter().map(|r| [r[0], if k == 2 { r[1] } else { 0.0 }]));
            return;
        }
        self.mean.clear();
        self.mean.resize(k, 0.0);
        for row in codes.rows() {
            for (m, &v) in self.mean.iter_mut().zip(row) {
                *m += v as f64 / n.max(1) as f64;
            }
        }
        if self.axes.len() != k {
            // Start from the first two coordinate axes.
            self.axes = (0..k).map(|j| [(j == 0) as u8 as f64, (j == 1) as u8 as f64]).collect();
        }
        let mut scores = vec![[0.0f64; 2]; n];
        for _ in 0..Self::ITERATIONS {
            // V ← Cᵀ C V with C the centred codes, then orthonormalise V (Gram–Schmidt).
            for (s, row) in scores.iter_mut().zip(codes.rows()) {
                *s = [0.0, 0.0];
                for ((&v, m), a) in row.iter().zip(&self.mean).zip(&self.axes) {
                    let c = v as f64 - m;
                    s[0] += c * a[0];
                    s[1] += c * a[1];
                }
            }
            let mut next = vec![[0.0f64; 2]; k];
            for (s, row) in scores.iter().zip(codes.rows()) {
                for ((&v, m), a) in row.iter().zip(&self.mean).zip(next.iter_mut()) {
                    let c = v as f64 - m;
                    a[0] += c * s[0];
                    a[1] += c * s[1];
                }
            }
            orthonormalise(&mut next, &self.axes);
            self.axes = next;
        }
        out.extend(scores.iter().map(|s| [s[0] as f32, s[1] as f32]));
    }
}

/// Gram–Schmidt on two columns; keeps each column's sign pointing the way the previous one did, so the
/// scatter does not flip between frames. A degenerate column falls back to the previous one.
fn orthonormalise(v: &mut [[f64; 2]], previous: &[[f64; 2]]) {
    for c in 0..2 {
        if c == 1 {
            let dot: f64 = v.iter().map(|a| a[0] * a[1]).sum();
            v.iter_mut().for_each(|a| a[1] -= dot * a[0]);
        }
        let norm = v.iter().map(|a| a[c] * a[c]).sum::<f64>().sqrt();
        if norm.is_nan() || norm <= 1e-12 || !norm.is_finite() {
            v.iter_mut().zip(previous).for_each(|(a, p)| a[c] = p[c]);
            continue;
        }
        let sign = if v.iter().zip(previous).map(|(a, p)| a[c] * p[c]).sum::<f64>() < 0.0 { -1.0 } else { 1.0 };
        v.iter_mut().for_each(|a| a[c] *= sign / norm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn code_axes_find_the_spread_directions() {
        // Points along (1, 1, 0) with a little spread along (0, 0, 1).
        let codes = array![[-2.0f32, -2.0, 0.1], [-1.0, -1.0, -0.1], [1.0, 1.0, 0.1], [2.0, 2.0, -0.1]];
        let mut axes = CodeAxes::default();
        let mut out = Vec::new();
        for _ in 0..5 {
            axes.project(codes.view(), &mut out);
        }
        let first: Vec<f32> = out.iter().map(|p| p[0]).collect();
        // The first coordinate orders the points along the line, spread √2·(…).
        assert!(first.windows(2).all(|w| w[0] < w[1]) || first.windows(2).all(|w| w[0] > w[1]), "{first:?}");
        assert!((first[3] - first[0]).abs() > 5.0);
        assert!(out.iter().all(|p| p[1].abs() < 0.2), "{out:?}");
    }
}
