//! Drawing panels onto canvases: plotters charts through our canvas backend (`canvas.rs`), and RGBA images
//! through one `ImageData` per frame (never plotters pixel by pixel).

use super::canvas::MeasuringCanvas;
use super::{js_error, WebPlayground};
use crate::render::RgbaImage;
use crate::view::{self, DrawOptions, Figure, Panel};
use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// The canvas's 2-D context, asked for as `desynchronized` (the first request fixes a context's attributes):
/// Chromium then hands each redrawn canvas to the compositor itself instead of copying it during the page's
/// frame commit, which was a third of the main thread on a slowed CPU. Browsers without it ignore the hint.
fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    let no_context = || JsError::new("This canvas has no 2-D context.");
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &JsValue::from_str("desynchronized"), &JsValue::TRUE).map_err(|_| no_context())?;
    canvas
        .get_context_with_context_options("2d", &options)
        .map_err(|_| no_context())?
        .ok_or_else(no_context)?
        .dyn_into()
        .map_err(|_| no_context())
}

fn panel_named(name: &str) -> Result<&'static Panel, JsError> {
    view::panel(name).ok_or_else(|| JsError::new(&format!("There is no panel called \"{name}\".")))
}

/// Every panel as JSON, in page order: `[{id, title, caption, height, minIntervalMs, pixelated,
/// draggable, fitHeight, dependsOn: "session"|"config", animationSteps, replaysOn, numbers:
/// "history"|"units"|"probeCodes", toggles: [{option, label}], figure: "chart"|"image"}]`.
#[wasm_bindgen]
pub fn panels() -> String {
    let specs: Vec<_> = view::PANELS
        .iter()
        .map(|p| {
            let mut spec = serde_json::to_value(p.spec).expect("a panel spec serializes");
            let figure = match p.figure {
                Figure::Chart(_) => "chart",
                Figure::Image(_) => "image",
            };
            spec["figure"] = figure.into();
            spec
        })
        .collect();
    serde_json::to_string(&specs).expect("panel specs serialize")
}

#[wasm_bindgen]
impl WebPlayground {
    /// Draws panel `panel` on `canvas` (sized in device pixels by the page). Returns JSON
    /// `{width, height}` of what was drawn, so the page can fit the canvas to a taller picture.
    pub fn draw(&mut self, panel: &str, canvas: HtmlCanvasElement, options_json: &str) -> Result<String, JsError> {
        let panel = panel_named(panel)?;
        let options: DrawOptions = serde_json::from_str(options_json).map_err(js_error)?;
        let (width, height) = (canvas.width() as usize, canvas.height() as usize);
        match panel.figure {
            Figure::Chart(chart) => {
                let mut backend = MeasuringCanvas::new(canvas.clone(), context_2d(&canvas)?);
                view::draw_chart(chart, &mut backend, &mut self.inner, &mut self.view, &options).map_err(js_error)?;
                Ok(json!({ "width": width, "height": height }).to_string())
            }
            Figure::Image(figure) => {
                view::paint(figure, &mut self.inner, &mut self.view, width, height, &options);
                let image = self.view.image();
                put_image(&canvas, image, width, height)?;
                Ok(json!({ "width": image.width, "height": image.height }).to_string())
            }
        }
    }

    /// The line of text under panel `panel`'s figure (the loss terms, L0 and dead units, the KL term, the
    /// recovered features), or undefined if it has none.
    pub fn readout(&self, panel: &str) -> Result<Option<String>, JsError> {
        Ok(panel_named(panel)?.view().readout(&self.inner))
    }

    /// A chart panel as an SVG document of `width × height` (the same drawing as on the canvas, as vectors),
    /// or undefined for an image panel.
    pub fn svg(&mut self, panel: &str, width: u32, height: u32, options_json: &str) -> Result<Option<String>, JsError> {
        let panel = panel_named(panel)?;
        let options: DrawOptions = serde_json::from_str(options_json).map_err(js_error)?;
        let (width, height) = (width.clamp(16, 8192), height.clamp(16, 8192));
        view::export::chart_svg(panel, &mut self.inner, &mut self.view, width, height, &options)
            .transpose()
            .map_err(js_error)
    }

    /// The numbers behind a panel's figure as CSV text with a header row (which table: the panel spec's
    /// `numbers`).
    pub fn numbers(&mut self, panel: &str) -> Result<String, JsError> {
        Ok(view::export::numbers_csv(panel_named(panel)?, &self.inner, &mut self.view))
    }

    /// What is under device pixel (x, y) of a drawn panel, as JSON `{text, index?, sample?}`.
    pub fn hover(&mut self, panel: &str, x: f64, y: f64, scale: Option<f64>) -> Option<String> {
        let panel = view::panel(panel)?;
        let hover = view::hover(panel, &self.inner, &self.view, x, y, scale.unwrap_or(1.0))?;
        Some(serde_json::to_string(&hover).expect("hover serializes"))
    }

    /// Selects a data sample (shown in the network diagram, highlighted in the other figures).
    #[wasm_bindgen(js_name = selectSample)]
    pub fn select_sample(&mut self, sample: u32) {
        if (sample as usize) < self.inner.trainer().data().len() {
            self.view.select(sample as usize);
        }
    }
}

/// Clears the canvas (`width × height`) to white and puts `image` at its top left in one `ImageData`.
pub(super) fn put_image(
    canvas: &HtmlCanvasElement,
    image: &RgbaImage,
    width: usize,
    height: usize,
) -> Result<(), JsError> {
    let context = context_2d(canvas)?;
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, width as f64, height as f64);
    if image.width > 0 && image.height > 0 {
        let data = ImageData::new_with_u8_clamped_array_and_sh(
            Clamped(&image.pixels),
            image.width as u32,
            image.height as u32,
        )
        .map_err(|_| JsError::new("The picture could not be made into ImageData."))?;
        context.put_image_data(&data, 0.0, 0.0).map_err(|_| JsError::new("putImageData failed."))?;
    }
    Ok(())
}
