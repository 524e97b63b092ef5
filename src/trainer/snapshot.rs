//! The trainer's state as bytes, so a trainer in a Web Worker can hand everything the page draws (weights,
//! step, losses, sparsity statistics, history, status) to a mirror on the main thread each frame.
//!
//! Little-endian, versioned by [`MAGIC`]; the mirror must have the same architecture (checked).

use super::{HistoryPoint, LossHistory, Status, Trainer};
use crate::objective::LossTerms;

const MAGIC: u32 = 0x5341_4501;

struct Writer(Vec<u8>);

impl Writer {
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f32s(&mut self, values: &[f32]) {
        self.u64(values.len() as u64);
        // Sized once and filled in fixed-size chunks: compiles to a plain copy (MNIST's 1.2 MB of weights
        // go out every frame).
        let start = self.0.len();
        self.0.resize(start + values.len() * 4, 0);
        for (out, v) in self.0[start..].chunks_exact_mut(4).zip(values) {
            out.copy_from_slice(&v.to_le_bytes());
        }
    }
    fn u64s(&mut self, values: &[u64]) {
        self.u64(values.len() as u64);
        values.iter().for_each(|&v| self.u64(v));
    }
    fn loss(&mut self, l: &LossTerms) {
        [l.reconstruction, l.sparsity, l.weight_decay, l.total].into_iter().for_each(|v| self.f64(v));
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.0.extend_from_slice(b);
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        if self.0.len() < n {
            return Err("the trainer state is truncated".into());
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")))
    }
    fn f64(&mut self) -> Result<f64, String> {
        Ok(f64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")))
    }
    fn len(&mut self, limit: usize) -> Result<usize, String> {
        let n = self.u64()? as usize;
        if n > limit {
            return Err(format!("the trainer state holds {n} values where at most {limit} fit"));
        }
        Ok(n)
    }
    fn f32s_into(&mut self, out: &mut Vec<f32>) -> Result<(), String> {
        let n = self.len(self.0.len() / 4)?;
        out.clear();
        out.extend(self.take(n * 4)?.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes"))));
        Ok(())
    }
    fn u64s_into(&mut self, out: &mut Vec<u64>) -> Result<(), String> {
        let n = self.len(self.0.len() / 8)?;
        out.clear();
        for _ in 0..n {
            out.push(self.u64()?);
        }
        Ok(())
    }
    fn loss(&mut self) -> Result<LossTerms, String> {
        Ok(LossTerms {
            reconstruction: self.f64()?,
            sparsity: self.f64()?,
            weight_decay: self.f64()?,
            total: self.f64()?,
        })
    }
    fn bytes(&mut self) -> Result<&[u8], String> {
        let n = self.len(self.0.len())?;
        self.take(n)
    }
}

impl Trainer {
    /// Everything a mirror needs to draw what this trainer knows, as bytes.
    pub fn save_state(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(4096 + 4 * self.model.params.values.len()));
        w.u64(MAGIC as u64);
        w.u64(self.step);
        w.u64(self.epoch);
        w.loss(&self.last_loss);
        w.f64(self.throughput.samples_per_second());
        w.bytes(serde_json::to_string(&self.status).expect("status serializes").as_bytes());
        w.f32s(&self.model.params.values);
        let s = &self.stats;
        w.f32s(&s.rho_hat_batch);
        w.f32s(&s.rho_hat_running);
        w.f32s(&s.firing_density);
        w.u64s(&s.samples_since_active);
        w.f64(s.l0);
        w.u64(s.samples_seen);
        w.u64(self.history.stride());
        w.u64(self.history.points().len() as u64);
        for p in self.history.points() {
            w.u64(p.step);
            w.loss(&p.loss);
        }
        w.0
    }

    /// Takes over the state saved by [`Trainer::save_state`] of a trainer with the same architecture.
    /// A malformed or mismatched state changes nothing.
    pub fn load_state(&mut self, bytes: &[u8]) -> Result<(), String> {
        let mut r = Reader(bytes);
        if r.u64()? != MAGIC as u64 {
            return Err("not a trainer state".into());
        }
        let step = r.u64()?;
        let epoch = r.u64()?;
        let last_loss = r.loss()?;
        let rate = r.f64()?;
        let status: Status = serde_json::from_slice(r.bytes()?).map_err(|e| e.to_string())?;
        let mut params = Vec::new();
        r.f32s_into(&mut params)?;
        if params.len() != self.model.params.len() {
            return Err(format!(
                "the trainer state has {} parameters but this model has {}",
                params.len(),
                self.model.params.len()
            ));
        }
        let mut stats = self.stats.clone();
        r.f32s_into(&mut stats.rho_hat_batch)?;
        r.f32s_into(&mut stats.rho_hat_running)?;
        r.f32s_into(&mut stats.firing_density)?;
        r.u64s_into(&mut stats.samples_since_active)?;
        stats.l0 = r.f64()?;
        stats.samples_seen = r.u64()?;
        if stats.rho_hat_batch.len() != self.model.code_size() {
            return Err("the trainer state is for another code size".into());
        }
        let stride = r.u64()?;
        let count = r.len(super::history::HISTORY_CAPACITY)?;
        let mut points = Vec::with_capacity(count);
        for _ in 0..count {
            points.push(HistoryPoint { step: r.u64()?, loss: r.loss()? });
        }
        self.model.params.values.copy_from_slice(&params);
        self.step = step;
        self.epoch = epoch;
        self.last_loss = last_loss;
        self.status = status;
        self.stats = stats;
        self.history = LossHistory::from_points(points, stride);
        self.mirrored_rate = Some(rate);
        self.weights_revision += 1;
        Ok(())
    }
}
