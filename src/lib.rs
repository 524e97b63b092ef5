//! Sparse Autoencoder Playground: the training core (plain Rust, tested natively) and, on wasm32, the thin
//! browser layer in [`web`].
//!
//! Where things live:
//! - [`model`]: the network, its forward and backward passes;
//! - [`objective`]: each loss term with its gradient (KL in `objective/kl.rs`, L1 in `objective/l1.rs`);
//! - [`optimizer`], [`trainer`]: the update rules and the step-by-step trainer with its metrics;
//! - [`data`]: the data sets; [`pca`]: the linear baseline; [`gradient_check`]: finite differences;
//! - [`linear_probe`]: a softmax probe on each representation's codes (the measured conclusion);
//! - [`presets`]: named configurations shared by the CLI and the page;
//! - [`config`]: every setting with its limits and error sentences.

pub mod activation;
pub mod bench;
pub mod config;
pub mod data;
pub mod excerpt;
pub mod float;
pub mod gradient_check;
pub mod linear_probe;
pub mod model;
pub mod model_file;
pub mod objective;
pub mod optimizer;
pub mod pca;
pub mod playground;
pub mod presets;
pub mod render;
pub mod sort;
pub mod trainer;
pub mod view;
#[cfg(all(target_arch = "wasm32", not(feature = "floor")))]
pub mod web;
/// The size floor `npm run bench` measures in place of the browser layer (never shipped).
#[cfg(all(target_arch = "wasm32", feature = "floor"))]
#[path = "../bench/floor.rs"]
pub mod web;
