//! The page's panels, one module each. A new panel is a new module exporting its [`Panel`] (spec and
//! figure, implementing [`super::PanelView`] and a figure trait) and one line in [`PANELS`].

mod bars;
mod code;
mod features;
mod health;
mod heatmap;
mod kl_curve;
mod l1_l2;
mod loss;
mod network;
mod objective;
mod reconstruction;
mod weight_descent;

pub use weight_descent::{DEFAULT_DESCENT_LAMBDA, DEFAULT_DESCENT_START};

use super::Panel;

/// Every panel, in page order.
pub static PANELS: &[Panel] = &[
    network::PANEL,
    heatmap::PANEL,
    bars::PANEL,
    kl_curve::PANEL,
    l1_l2::PANEL,
    weight_descent::PANEL,
    loss::PANEL,
    objective::PANEL,
    reconstruction::PANEL,
    features::PANEL,
    code::PANEL,
    health::PANEL,
];
