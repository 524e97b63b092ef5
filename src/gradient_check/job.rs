//! The gradient check in small units of work, so that a page running it on its own thread keeps drawing
//! (an MNIST-sized check is hundreds of loss evaluations: 0.7 s in one go on a fast machine, 2.9 s on a CPU
//! slowed 4×). One unit is one evaluation: a term's analytic gradient, or one point of one parameter's
//! five-point stencil. [`super::check_model`] runs a job to its end.

use super::{five_point, relative_error, step_for, GradientCheckReport, TermCheck};
use crate::config::Penalty;
use crate::float::Real;
use crate::model::{BackwardWorkspace, ForwardCache, Model, Parameters};
use crate::objective::{Objective, Terms};
use crate::trainer::clock::Clock;
use ndarray::Array2;
use rand::seq::SliceRandom;
use rand::SeedableRng;

/// The stencil's offsets, in steps of ε, in the order [`five_point`] takes its values.
const STENCIL: [f64; 4] = [-2.0, -1.0, 1.0, 2.0];

/// A gradient check under way: each active term alone, then the total.
pub struct GradientCheckJob {
    /// The weights being checked, in f64.
    model: Model<f64>,
    /// `model` with the coordinate under test moved.
    probe: Model<f64>,
    /// The batch, `[m, input]`, and the forward pass's buffers for it (every unit overwrites them).
    x: Array2<f64>,
    cache: ForwardCache<f64>,
    rho_hat: Vec<f64>,
    /// Each term's name and the objective that keeps only it.
    terms: Vec<(String, Objective)>,
    /// The parameters compared: all of them, or a seeded sample.
    indices: Vec<usize>,
    epsilon: f64,
    /// The term under way and its analytic gradient at `indices`, once computed.
    term: usize,
    analytic: Option<Vec<f64>>,
    /// The current term's centred differences so far, and the current parameter's stencil values.
    numeric: Vec<f64>,
    stencil: [f64; 4],
    point: usize,
    checks: Vec<TermCheck>,
}

/// How far a job is: `fraction` of its units done, 1 exactly when the report is ready.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CheckProgress {
    pub fraction: f64,
    pub done: bool,
}

impl GradientCheckJob {
    /// A check of `model` on batch `x` (`[m, input]`) under `objective`, comparing at most
    /// `max_parameters` coordinates (all of them for small models, else a sample drawn from `seed`).
    pub fn new<F: Real>(
        model: &Model<F>,
        x: ndarray::ArrayView2<F>,
        objective: &Objective,
        max_parameters: usize,
        seed: u64,
    ) -> GradientCheckJob {
        let model: Model<f64> = model.cast();
        let x = x.mapv(|v| v.as_f64());
        let epsilon = step_for(&model, objective);
        let mut indices: Vec<usize> = (0..model.params.len()).collect();
        if indices.len() > max_parameters {
            indices.shuffle(&mut rand_pcg::Pcg64Mcg::seed_from_u64(seed));
            indices.truncate(max_parameters);
            crate::sort::sort_by(&mut indices, &usize::cmp);
        }
        let only = |term: Terms| Objective { terms: term, ..objective.clone() };
        let mut terms = vec![(
            "reconstruction".to_string(),
            only(Terms { reconstruction: true, sparsity: false, weight_decay: false }),
        )];
        if objective.settings.weight_decay > 0.0 {
            terms.push((
                "weight decay".into(),
                only(Terms { reconstruction: false, sparsity: false, weight_decay: true }),
            ));
        }
        match objective.settings.penalty {
            Penalty::L1 | Penalty::Kl => terms.push((
                format!("sparsity ({})", objective.settings.penalty.name()),
                only(Terms { reconstruction: false, sparsity: true, weight_decay: false }),
            )),
            Penalty::None | Penalty::TopK => {}
        }
        terms.push(("total".into(), only(Terms::ALL)));
        GradientCheckJob {
            probe: model.clone(),
            cache: ForwardCache::new(&model, x.nrows()),
            rho_hat: vec![0.0; model.code_size()],
            model,
            x,
            terms,
            indices,
            epsilon,
            term: 0,
            analytic: None,
            numeric: Vec::new(),
            stencil: [0.0; 4],
            point: 0,
            checks: Vec::new(),
        }
    }

    pub fn is_done(&self) -> bool {
        self.term == self.terms.len()
    }

    /// Units in the whole job: per term, its analytic gradient and four evaluations per parameter.
    fn total_units(&self) -> usize {
        self.terms.len() * (1 + 4 * self.indices.len())
    }

    fn done_units(&self) -> usize {
        let in_term = if self.analytic.is_some() { 1 + 4 * self.numeric.len() + self.point } else { 0 };
        self.term * (1 + 4 * self.indices.len()) + in_term
    }

    pub fn progress(&self) -> CheckProgress {
        let done = self.is_done();
        let fraction = if done { 1.0 } else { (self.done_units() as f64 / self.total_units() as f64).min(0.99) };
        CheckProgress { fraction, done }
    }

    /// Works for about `budget_seconds` by `clock` (at least one unit), then says how far it is.
    pub fn advance(&mut self, budget_seconds: f64, clock: Clock) -> CheckProgress {
        let start = clock();
        while !self.is_done() {
            self.work_unit();
            if clock() - start >= budget_seconds {
                break;
            }
        }
        self.progress()
    }

    /// One evaluation of the loss (with its gradient for a term's first unit).
    pub fn work_unit(&mut self) {
        if self.is_done() {
            return;
        }
        let objective = &self.terms[self.term].1;
        let Some(analytic) = &self.analytic else {
            let mut ws = BackwardWorkspace::new(&self.model, self.x.nrows());
            let mut d_params = Parameters::zeros(&self.model.sizes);
            objective.loss_and_gradient(
                &self.model,
                self.x.view(),
                &mut self.cache,
                &mut ws,
                &mut self.rho_hat,
                &mut d_params,
            );
            self.analytic = Some(self.indices.iter().map(|&i| d_params.values[i]).collect());
            return;
        };
        let i = self.indices[self.numeric.len()];
        let start = self.model.params.values[i];
        self.probe.params.values[i] = start + STENCIL[self.point] * self.epsilon;
        self.stencil[self.point] = objective.loss(&self.probe, self.x.view(), &mut self.cache, &mut self.rho_hat).total;
        self.probe.params.values[i] = start;
        self.point += 1;
        if self.point < STENCIL.len() {
            return;
        }
        self.point = 0;
        self.numeric.push(five_point(self.stencil, self.epsilon));
        if self.numeric.len() < self.indices.len() {
            return;
        }
        self.checks.push(TermCheck {
            term: self.terms[self.term].0.clone(),
            relative_error: relative_error(&self.numeric, analytic),
            parameters_checked: self.indices.len(),
        });
        self.numeric.clear();
        self.analytic = None;
        self.term += 1;
    }

    /// The report, once done.
    pub fn report(&self) -> Option<GradientCheckReport> {
        self.is_done().then(|| GradientCheckReport::new(self.checks.clone(), self.epsilon))
    }
}
