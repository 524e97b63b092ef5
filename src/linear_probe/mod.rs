//! The linear probe: how well a softmax classifier reads the digit class off each representation's codes
//! (a measured test of "sparse autoencoders learn better representations").
//!
//! - [`softmax`]: multinomial logistic regression, its loss and gradient, its deterministic training;
//! - [`sliced_pca`]: PCA's top directions in slices of milliseconds (so the study never blocks a page);
//! - [`study`]: the resumable representation study (autoencoders, PCA, raw pixels, feature recovery).
//!
//! Not to be confused with `trainer::probe`, which tries learning rates.

pub mod sliced_pca;
pub mod softmax;
pub mod study;

pub use softmax::{ProbeSettings, ProbeTrainer, SoftmaxGradient, SoftmaxRegression, Standardizer};
pub use study::{ProbeResults, ProbeRow, ProbeStudy, Progress, RecoveryRow, StudySettings};
