//! The formula card's methods: one code unit's live numbers ([`crate::view::unit_card`]) and its incoming
//! weights drawn on a canvas (one `ImageData`).

use super::draw::put_image;
use super::{js_error, WebPlayground};
use crate::render::unit_weights;
use crate::render::{RgbaImage, Style};
use crate::view::unit_card;
use serde::Deserialize;
use serde_json::json;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// What the page passes with [`WebPlayground::draw_unit_weights`].
#[derive(Default, Deserialize)]
#[serde(default)]
struct WeightsOptions {
    /// Device pixels per CSS pixel.
    scale: f64,
    /// The 3-D figures' rotation, radians (the arrow is turned the same way).
    yaw: f64,
    pitch: f64,
}

fn no_unit(unit: u32, units: usize) -> JsError {
    JsError::new(&format!(
        "There is no code unit {unit}: the code has {units} units, numbered 0 to {}.",
        units.max(1) - 1
    ))
}

#[wasm_bindgen]
impl WebPlayground {
    /// Code unit `unit`'s numbers as JSON (see `UnitCard`): `{unit, units, step, penalty, rho, beta, lambda,
    /// rhoHat, kl, dKl, klTerm, klPush, meanAbs, l1Term, sparsityPart, sparsityTotal, share, firingDensity,
    /// dead, firingRule, deadWindow, weights: {kind: "tile"|"arrow"|"bars", from, count, norm, values?,
    /// caption}}`. Throws a sentence for a unit the code does not have.
    #[wasm_bindgen(js_name = unitCard)]
    pub fn unit_card(&mut self, unit: u32) -> Result<String, JsError> {
        let units = self.inner.config().code_size;
        let card =
            unit_card::unit_card(&self.inner, &mut self.view, unit as usize).ok_or_else(|| no_unit(unit, units))?;
        serde_json::to_string(&card).map_err(js_error)
    }

    /// Draws code unit `unit`'s incoming weights on `canvas` (sized in device pixels by the page): a tile for
    /// images, an arrow in the data space for 2-D and 3-D data, bars otherwise. `options_json`: `{scale, yaw,
    /// pitch}`. Returns JSON `{width, height, kind}` of what was drawn.
    #[wasm_bindgen(js_name = drawUnitWeights)]
    pub fn draw_unit_weights(
        &mut self,
        unit: u32,
        canvas: HtmlCanvasElement,
        options_json: &str,
    ) -> Result<String, JsError> {
        let options: WeightsOptions = serde_json::from_str(options_json).map_err(js_error)?;
        let units = self.inner.config().code_size;
        let picture = unit_card::weights_picture(&self.inner, unit as usize, options.yaw, options.pitch)
            .ok_or_else(|| no_unit(unit, units))?;
        let kind = match picture {
            unit_weights::WeightsPicture::Tile { .. } => "tile",
            unit_weights::WeightsPicture::Arrow { .. } => "arrow",
            unit_weights::WeightsPicture::Bars { .. } => "bars",
        };
        let (width, height) = (canvas.width() as usize, canvas.height() as usize);
        let mut image = RgbaImage::default();
        unit_weights::paint(&mut image, &picture, width, height, &Style::new(options.scale));
        put_image(&canvas, &image, width, height)?;
        Ok(json!({ "width": image.width, "height": image.height, "kind": kind }).to_string())
    }
}
