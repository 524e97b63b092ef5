//! One drawing backend type for every backend: the panels sit in one table of trait objects, and a trait
//! object cannot have a method generic over `DrawingBackend`. [`AnyBackend`] borrows any backend (the
//! canvas in the browser, SVG in native tests) and forwards every call to it unchanged, with the styles
//! copied into plain values and the backend's error turned into its message.

use plotters::style::{FontDesc, FontError, TextStyle};
use plotters_backend::text_anchor::Pos;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontFamily,
    FontStyle, FontTransform,
};

/// The error of a borrowed backend, as its message.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BackendError(String);

type Drawn = Result<(), DrawingErrorKind<BackendError>>;

fn erase<E: std::error::Error + Send + Sync>(e: DrawingErrorKind<E>) -> DrawingErrorKind<BackendError> {
    match e {
        DrawingErrorKind::DrawingError(e) => DrawingErrorKind::DrawingError(BackendError(e.to_string())),
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    }
}

/// A stroke or fill: colour and width.
#[derive(Clone, Copy)]
struct PlainStyle {
    color: BackendColor,
    stroke_width: u32,
}

impl PlainStyle {
    fn of<S: BackendStyle>(style: &S) -> PlainStyle {
        PlainStyle { color: style.color(), stroke_width: style.stroke_width() }
    }
}

impl BackendStyle for PlainStyle {
    fn color(&self) -> BackendColor {
        self.color
    }

    fn stroke_width(&self) -> u32 {
        self.stroke_width
    }
}

/// A text style as values; font layout (for backends that rasterise text themselves) goes through
/// plotters' own [`TextStyle`] built from them.
struct PlainTextStyle<'a> {
    text: TextStyle<'a>,
}

impl<'a> PlainTextStyle<'a> {
    fn of<S: BackendTextStyle>(style: &'a S) -> PlainTextStyle<'a> {
        let font = FontDesc::new(style.family(), style.size(), style.style()).transform(style.transform());
        PlainTextStyle { text: TextStyle { font, color: style.color(), pos: style.anchor() } }
    }
}

impl BackendTextStyle for PlainTextStyle<'_> {
    type FontError = FontError;

    fn color(&self) -> BackendColor {
        BackendTextStyle::color(&self.text)
    }

    fn size(&self) -> f64 {
        self.text.size()
    }

    fn transform(&self) -> FontTransform {
        BackendTextStyle::transform(&self.text)
    }

    fn style(&self) -> FontStyle {
        self.text.style()
    }

    fn anchor(&self) -> Pos {
        self.text.anchor()
    }

    fn family(&self) -> FontFamily<'_> {
        self.text.family()
    }

    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), FontError> {
        self.text.layout_box(text)
    }

    fn draw<E, DrawFunc: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        text: &str,
        pos: BackendCoord,
        draw: DrawFunc,
    ) -> Result<Result<(), E>, FontError> {
        self.text.draw(text, pos, draw)
    }
}

/// The backend calls with concrete argument types, so they can be called through `dyn`.
trait ErasedBackend {
    fn get_size(&self) -> (u32, u32);
    fn ensure_prepared(&mut self) -> Drawn;
    fn present(&mut self) -> Drawn;
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn;
    fn draw_line(&mut self, from: BackendCoord, to: BackendCoord, style: &PlainStyle) -> Drawn;
    fn draw_rect(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &PlainStyle,
        fill: bool,
    ) -> Drawn;
    fn draw_path(&mut self, path: &[BackendCoord], style: &PlainStyle) -> Drawn;
    fn draw_circle(&mut self, center: BackendCoord, radius: u32, style: &PlainStyle, fill: bool) -> Drawn;
    fn fill_polygon(&mut self, vertices: &[BackendCoord], style: &PlainStyle) -> Drawn;
    fn draw_text(&mut self, text: &str, style: &PlainTextStyle, pos: BackendCoord) -> Drawn;
    fn estimate_text_size(
        &self,
        text: &str,
        style: &PlainTextStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<BackendError>>;
    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Drawn;
}

impl<DB: DrawingBackend> ErasedBackend for DB {
    fn get_size(&self) -> (u32, u32) {
        DrawingBackend::get_size(self)
    }

    fn ensure_prepared(&mut self) -> Drawn {
        DrawingBackend::ensure_prepared(self).map_err(erase)
    }

    fn present(&mut self) -> Drawn {
        DrawingBackend::present(self).map_err(erase)
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        DrawingBackend::draw_pixel(self, point, color).map_err(erase)
    }

    fn draw_line(&mut self, from: BackendCoord, to: BackendCoord, style: &PlainStyle) -> Drawn {
        DrawingBackend::draw_line(self, from, to, style).map_err(erase)
    }

    fn draw_rect(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &PlainStyle,
        fill: bool,
    ) -> Drawn {
        DrawingBackend::draw_rect(self, upper_left, bottom_right, style, fill).map_err(erase)
    }

    fn draw_path(&mut self, path: &[BackendCoord], style: &PlainStyle) -> Drawn {
        DrawingBackend::draw_path(self, path.iter().copied(), style).map_err(erase)
    }

    fn draw_circle(&mut self, center: BackendCoord, radius: u32, style: &PlainStyle, fill: bool) -> Drawn {
        DrawingBackend::draw_circle(self, center, radius, style, fill).map_err(erase)
    }

    fn fill_polygon(&mut self, vertices: &[BackendCoord], style: &PlainStyle) -> Drawn {
        DrawingBackend::fill_polygon(self, vertices.iter().copied(), style).map_err(erase)
    }

    fn draw_text(&mut self, text: &str, style: &PlainTextStyle, pos: BackendCoord) -> Drawn {
        DrawingBackend::draw_text(self, text, style, pos).map_err(erase)
    }

    fn estimate_text_size(
        &self,
        text: &str,
        style: &PlainTextStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<BackendError>> {
        DrawingBackend::estimate_text_size(self, text, style).map_err(erase)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Drawn {
        DrawingBackend::blit_bitmap(self, pos, size, src).map_err(erase)
    }
}

/// Any drawing backend, borrowed.
pub struct AnyBackend<'a> {
    inner: &'a mut dyn ErasedBackend,
}

impl<'a> AnyBackend<'a> {
    pub fn new<DB: DrawingBackend>(backend: &'a mut DB) -> AnyBackend<'a> {
        AnyBackend { inner: backend }
    }
}

impl DrawingBackend for AnyBackend<'_> {
    type ErrorType = BackendError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Drawn {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Drawn {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Drawn {
        self.inner.draw_line(from, to, &PlainStyle::of(style))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        self.inner.draw_rect(upper_left, bottom_right, &PlainStyle::of(style), fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Drawn {
        let path: Vec<BackendCoord> = path.into_iter().collect();
        self.inner.draw_path(&path, &PlainStyle::of(style))
    }

    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Drawn {
        self.inner.draw_circle(center, radius, &PlainStyle::of(style), fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Drawn {
        let vertices: Vec<BackendCoord> = vert.into_iter().collect();
        self.inner.fill_polygon(&vertices, &PlainStyle::of(style))
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Drawn {
        self.inner.draw_text(text, &PlainTextStyle::of(style), pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<BackendError>> {
        self.inner.estimate_text_size(text, &PlainTextStyle::of(style))
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Drawn {
        self.inner.blit_bitmap(pos, size, src)
    }
}
