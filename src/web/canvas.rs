//! The canvas as a plotters backend: every drawing call straight onto the canvas's 2-D context, with the
//! context's state set only when it changes.
//!
//! plotters-canvas (which this replaced) measured text by inserting a `<span>` into the page and reading
//! its `offsetHeight`: one forced layout per label, at every frame more than all the drawing (profiled:
//! half the frame). Here `measureText` on the canvas's own context answers, memoised.
//!
//! It also set the colour (a CSS string the canvas parses), and for text the font (a CSS font the canvas
//! parses), alignment and baseline, for every shape and every label. On a CPU slowed 4× (a classroom
//! laptop) a 500-point scatter cost 31 ms and text was a quarter of all chart drawing. So: a run of
//! filled rectangles in one colour sets the colour once; a run of lines and paths in one colour and width
//! becomes one path stroked once (where they overlap, translucent lines of one run blend once, not
//! twice); and [`Pen`] remembers what the context was last given, so a label in the same font, colour and
//! alignment as the one before sets nothing.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontTransform,
};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Measured texts kept (labels repeat from frame to frame).
const CACHE_LIMIT: usize = 4096;

thread_local! {
    static MEASURED: RefCell<HashMap<(String, String), (u32, u32)>> = RefCell::new(HashMap::new());
}

/// A canvas call that threw (none does on a live 2-D context; a detached canvas might).
#[derive(Debug, thiserror::Error)]
#[error("the canvas refused a drawing call: {0}")]
pub struct CanvasError(String);

fn refused(error: JsValue) -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::DrawingError(CanvasError(format!("{error:?}")))
}

type Rgba = ((u8, u8, u8), f64);

/// The run of shapes drawn with one colour set.
#[derive(Clone, Copy, PartialEq)]
enum Run {
    None,
    /// Filled rectangles in one colour: each is still its own `fillRect` (the canvas's fast path; one
    /// path of many rectangles filled once measured slower), only the colour is set once.
    Rects(Rgba),
    /// Lines in one colour and width, collected into one path stroked once.
    Lines(Rgba, u32),
}

/// What the context was last given by this backend (`None`: not known, set it). Drawing state that
/// outlives one draw is not trusted: a backend starts knowing nothing.
#[derive(Clone, Default)]
struct Pen {
    fill: Option<Rgba>,
    stroke: Option<(Rgba, u32)>,
    font: Option<String>,
    align: Option<&'static str>,
    baseline: Option<&'static str>,
}

pub struct MeasuringCanvas {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    run: Run,
    /// Interior: measuring text (`&self` in plotters' trait) sets the font too.
    pen: RefCell<Pen>,
}

/// The colour string plotters-canvas set (the same pixels as before).
fn css_color(((r, g, b), alpha): Rgba) -> String {
    format!("rgba({r},{g},{b},{alpha})")
}

fn rgba(color: BackendColor) -> Rgba {
    (color.rgb, color.alpha)
}

/// The font string plotters-canvas drew with.
fn css_font<S: BackendTextStyle>(style: &S) -> String {
    format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str())
}

/// Lines along a pixel row or column sit on pixel centres, as plotters-canvas drew them (sharp, not
/// smeared over two pixels).
fn crisp(from: BackendCoord, to: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let (mut from, mut to) = ((from.0 as f64, from.1 as f64), (to.0 as f64, to.1 as f64));
    if from.0 == to.0 {
        from.0 -= 0.5;
        to.0 -= 0.5;
    }
    if from.1 == to.1 {
        from.1 -= 0.5;
        to.1 -= 0.5;
    }
    (from, to)
}

impl MeasuringCanvas {
    pub fn new(canvas: HtmlCanvasElement, context: CanvasRenderingContext2d) -> MeasuringCanvas {
        MeasuringCanvas { canvas, context, run: Run::None, pen: RefCell::new(Pen::default()) }
    }

    /// Strokes the lines collected so far; ends any run (another drawing call may set other colours).
    fn flush(&mut self) {
        if let Run::Lines(..) = std::mem::replace(&mut self.run, Run::None) {
            self.context.stroke();
        }
    }

    /// Continues the run `run`, or ends the current one and starts it with its colour set.
    fn join(&mut self, run: Run) {
        if self.run == run {
            return;
        }
        self.flush();
        match run {
            Run::None => return,
            Run::Rects(color) => self.set_fill(color),
            Run::Lines(color, width) => {
                self.set_stroke(color, width);
                self.context.begin_path();
            }
        }
        self.run = run;
    }

    fn set_fill(&self, color: Rgba) {
        let mut pen = self.pen.borrow_mut();
        if pen.fill != Some(color) {
            self.context.set_fill_style_str(&css_color(color));
            pen.fill = Some(color);
        }
    }

    fn set_stroke(&self, color: Rgba, width: u32) {
        let mut pen = self.pen.borrow_mut();
        if pen.stroke != Some((color, width)) {
            self.context.set_stroke_style_str(&css_color(color));
            self.context.set_line_width(f64::from(width));
            pen.stroke = Some((color, width));
        }
    }

    fn set_font(&self, font: String) {
        let mut pen = self.pen.borrow_mut();
        if pen.font.as_deref() != Some(font.as_str()) {
            self.context.set_font(&font);
            pen.font = Some(font);
        }
    }

    fn set_anchor(&self, align: &'static str, baseline: &'static str) {
        let mut pen = self.pen.borrow_mut();
        if pen.align != Some(align) {
            self.context.set_text_align(align);
            pen.align = Some(align);
        }
        if pen.baseline != Some(baseline) {
            self.context.set_text_baseline(baseline);
            pen.baseline = Some(baseline);
        }
    }
}

impl Drop for MeasuringCanvas {
    fn drop(&mut self) {
        self.flush();
    }
}

type Result<E> = std::result::Result<(), DrawingErrorKind<E>>;

impl DrawingBackend for MeasuringCanvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        (self.canvas.width(), self.canvas.height())
    }

    fn ensure_prepared(&mut self) -> Result<CanvasError> {
        self.flush();
        Ok(())
    }

    fn present(&mut self) -> Result<CanvasError> {
        self.flush();
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<CanvasError> {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.join(Run::Rects(rgba(color)));
        self.context.fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<CanvasError> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.join(Run::Lines(rgba(color), style.stroke_width()));
        let (from, to) = crisp(from, to);
        self.context.move_to(from.0, from.1);
        self.context.line_to(to.0, to.1);
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<CanvasError> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let (x0, y0) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let (width, height) = (f64::from(bottom_right.0) - x0, f64::from(bottom_right.1) - y0);
        if fill {
            self.join(Run::Rects(rgba(color)));
            self.context.fill_rect(x0, y0, width, height);
        } else {
            self.flush();
            self.set_stroke(rgba(color), style.stroke_width());
            self.context.stroke_rect(x0, y0, width, height);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<CanvasError> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let mut path = path.into_iter();
        if let Some(start) = path.next() {
            self.join(Run::Lines(rgba(color), style.stroke_width()));
            self.context.move_to(f64::from(start.0), f64::from(start.1));
            for next in path {
                self.context.line_to(f64::from(next.0), f64::from(next.1));
            }
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<CanvasError> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.flush();
        if fill {
            self.set_fill(rgba(color));
        } else {
            self.set_stroke(rgba(color), style.stroke_width());
        }
        self.context.begin_path();
        let (x, y) = (f64::from(center.0), f64::from(center.1));
        self.context.arc(x, y, f64::from(radius), 0.0, std::f64::consts::TAU).map_err(refused)?;
        if fill {
            self.context.fill();
        } else {
            self.context.stroke();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<CanvasError> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.flush();
        let mut vert = vert.into_iter();
        if let Some(start) = vert.next() {
            self.set_fill(rgba(color));
            self.context.begin_path();
            self.context.move_to(f64::from(start.0), f64::from(start.1));
            for next in vert {
                self.context.line_to(f64::from(next.0), f64::from(next.1));
            }
            self.context.close_path();
            self.context.fill();
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<CanvasError> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.flush();
        let turn = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 0.25,
            FontTransform::Rotate180 => 0.5,
            FontTransform::Rotate270 => 0.75,
        };
        let (x, y) = (f64::from(pos.0), f64::from(pos.1));
        // A turned label draws in a turned frame; `restore` takes the context's text state back to
        // before it, and the pen with it.
        let before = (turn != 0.0).then(|| self.pen.borrow().clone());
        if before.is_some() {
            self.context.save();
            self.context.translate(x, y).map_err(refused)?;
            self.context.rotate(turn * std::f64::consts::TAU).map_err(refused)?;
        }
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        self.set_anchor(align, baseline);
        self.set_fill(rgba(color));
        self.set_font(css_font(style));
        let drawn = match before {
            Some(_) => self.context.fill_text(text, 0.0, 0.0),
            None => self.context.fill_text(text, x, y),
        };
        if let Some(before) = before {
            self.context.restore();
            *self.pen.borrow_mut() = before;
        }
        drawn.map_err(refused)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        let key = (css_font(style), text.to_string());
        if let Some(size) = MEASURED.with(|m| m.borrow().get(&key).copied()) {
            return Ok(size);
        }
        self.set_font(key.0.clone());
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
}
