//! The canvas as a plotters backend, measuring text with the canvas itself.
//!
//! plotters measures text on the web by inserting a `<span>` into the page and reading its
//! `offsetHeight`: one forced layout per label, which at every frame cost more than all the drawing
//! (profiled: half the frame). This wrapper answers `estimate_text_size` with `measureText` on the
//! canvas's own context (no layout), memoised, and passes every drawing call straight to
//! `plotters-canvas`.

use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind};
use plotters_canvas::CanvasBackend;
use std::cell::RefCell;
use std::collections::HashMap;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Measured texts kept (labels repeat from frame to frame).
const CACHE_LIMIT: usize = 4096;

thread_local! {
    static MEASURED: RefCell<HashMap<(String, String), (u32, u32)>> = RefCell::new(HashMap::new());
}

pub struct MeasuringCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
}

impl MeasuringCanvas {
    pub fn new(canvas: HtmlCanvasElement, context: CanvasRenderingContext2d) -> Option<MeasuringCanvas> {
        Some(MeasuringCanvas { inner: CanvasBackend::with_canvas_object(canvas)?, context })
    }
}

type Result<E> = std::result::Result<(), DrawingErrorKind<E>>;

impl DrawingBackend for MeasuringCanvas {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<Self::ErrorType> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<Self::ErrorType> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<Self::ErrorType> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<Self::ErrorType> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<Self::ErrorType> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<Self::ErrorType> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<Self::ErrorType> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<Self::ErrorType> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<Self::ErrorType> {
        self.inner.draw_text(text, style, pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        // The same font string plotters-canvas draws with.
        let font = format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str());
        let key = (font, text.to_string());
        if let Some(size) = MEASURED.with(|m| m.borrow().get(&key).copied()) {
            return Ok(size);
        }
        self.context.set_font(&key.0);
        let width = self.context.measure_text(text).map(|m| m.width()).unwrap_or(0.0);
        let size = (width.ceil().max(0.0) as u32, style.size().ceil().max(0.0) as u32);
        MEASURED.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() >= CACHE_LIMIT {
                m.clear();
            }
            m.insert(key, size);
        });
        Ok(size)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<Self::ErrorType> {
        self.inner.blit_bitmap(pos, size, src)
    }
}
