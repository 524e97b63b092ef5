//! The rotatable 3-D scatter of the reconstruction panel for 3-D data (seed Fig 04, 05, 06): the inputs
//! and their reconstructions, coloured by the roll parameter (or class), with the PCA plane for
//! comparison. The Swiss roll is curved, so PCA can only flatten it onto the plane; the autoencoder's
//! reconstructions can follow the roll.
//!
//! Projection: the points are centred on the inputs' bounding-box centre, rotated by `yaw` around the
//! vertical data axis (y, the roll's height) and then by `pitch` around the screen's horizontal axis,
//! and projected orthographically. The scale comes from the bounding radius around that centre of
//! everything drawn: the inputs, the reconstructions (shown or not, so toggling them does not zoom) and the
//! PCA plane's corners. A sphere of that radius projects to a disc whatever the rotation, so it is fitted
//! inside the image with a margin for the marks ([`CloudLayout::margin`]): every point and the plane stay
//! in the picture at any rotation, and rotating never zooms. Reconstructions or a plane reaching beyond
//! [`REACH`] times the inputs' radius (a diverged model) are clipped rather than shrinking the inputs to
//! a dot.
//!
//! Marks, chosen so both can be told apart at a glance in one colour scheme:
//! - input: a **filled square**, 3 CSS px (`■`);
//! - reconstruction: a **hollow square**, 5 CSS px with a 1 CSS px border (`□`), same colour as its input,
//!   so the colouring by roll parameter shows whether the reconstruction is in the right place; the
//!   hollow middle lets the points behind show through.
//!
//! The page's legend can say "■ input, □ reconstruction". With both shown and at most
//! [`CONNECT_MAX`] samples, a faint grey line joins each input to its reconstruction.
//!
//! Depth: painter's algorithm. Every mark is sorted by depth (far first) in a scratch buffer that the
//! [`PointCloudPainter`] keeps between frames, so painting allocates nothing once warmed up. The PCA plane
//! is a translucent quad with a grid and an outline: marks behind it are drawn first, then the plane
//! (so they show through a light film), then the marks in front of it. Faint 3-D axes through the centre
//! are drawn first, without text: [`CloudLayout::axis_tips`] tells the page where to write x, y, z.
//!
//! [`PointCloudPainter::paint`] returns a reference to the [`CloudLayout`] the painter keeps (its per-sample
//! screen positions are a reused buffer too), so a click is `painter.layout().pick(x, y)`. Rows with a
//! non-finite coordinate are skipped; the selected sample gets ink rings joined by a line.

use super::heatmap::ColorLut;
use super::rgba::{RgbaImage, MAX_SIDE};
use super::style::{self, Style, GRID, INK, PAPER};
use ndarray::ArrayView2;
use plotters::style::RGBColor;

/// Input–reconstruction connecting lines are drawn up to this many samples.
pub const CONNECT_MAX: usize = 300;
/// Reconstructions and the plane widen the view up to this many times the inputs' bounding radius.
pub const REACH: f64 = 3.0;

/// How to colour each sample.
#[derive(Clone, Copy, Debug)]
pub enum PointColoring<'a> {
    /// A value per sample (the roll parameter t), on the sequential map from its min to its max.
    Continuous(&'a [f32]),
    /// A class per sample, categorical colours.
    Classes(&'a [u8]),
    /// One colour for all (the first categorical colour).
    Plain,
}

/// A plane to draw (the PCA plane): centre, two orthonormal in-plane directions and the half side of
/// the square shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlaneView {
    pub center: [f32; 3],
    /// Unit vectors spanning the plane.
    pub axes: [[f32; 3]; 2],
    pub half_extent: f32,
}

/// What the point cloud shows.
#[derive(Clone, Copy, Debug)]
pub struct PointCloudInput<'a> {
    /// Samples `[n, 3]` (missing columns are taken as 0, extra ones ignored).
    pub inputs: ArrayView2<'a, f32>,
    /// Reconstructions `[n, 3]`, row i belonging to input i.
    pub reconstructions: Option<ArrayView2<'a, f32>>,
    pub colors: PointColoring<'a>,
    pub pca_plane: Option<PlaneView>,
    /// Rotation around the vertical data axis, radians (set by dragging).
    pub yaw: f64,
    /// Rotation around the screen's horizontal axis, radians (set by dragging).
    pub pitch: f64,
    /// Image size in device pixels.
    pub width: usize,
    pub height: usize,
    /// A sample to ring (input and reconstruction, joined by a line), if any.
    pub selected: Option<usize>,
    pub show_inputs: bool,
    pub show_reconstructions: bool,
}

/// The projection of the last frame, for labels, overlays and click-to-select.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CloudLayout {
    /// Image size in device pixels.
    pub width: usize,
    pub height: usize,
    /// The data point at the image centre (the inputs' bounding-box centre).
    pub center: [f64; 3],
    /// The bounding radius around `center` of the inputs, reconstructions and plane corners (data units,
    /// at most [`REACH`] times the inputs' own).
    pub radius: f64,
    /// Device pixels per data unit.
    pub scale: f64,
    /// Rotation, row-major: view = rotation · (p − center); view x right, y up, z towards the viewer.
    pub rotation: [[f64; 3]; 3],
    /// How close (device px) a click must be to a mark to pick it.
    pub pick_radius: f64,
    /// Per sample: screen position of its input mark and of its reconstruction mark (NaN when not drawn).
    marks: Vec<[f32; 4]>,
}

impl CloudLayout {
    /// View coordinates of data point `p` (x right, y up, z towards the viewer), in data units.
    pub fn view(&self, p: [f64; 3]) -> [f64; 3] {
        let d = [p[0] - self.center[0], p[1] - self.center[1], p[2] - self.center[2]];
        let r = &self.rotation;
        std::array::from_fn(|i| r[i][0] * d[0] + r[i][1] * d[1] + r[i][2] * d[2])
    }

    /// Device pixel (x, y) of data point `p`.
    pub fn project(&self, p: [f32; 3]) -> (f64, f64) {
        let v = self.view(p.map(|c| c as f64));
        self.screen(v)
    }

    /// Depth of data point `p`: larger is nearer the viewer.
    pub fn depth(&self, p: [f32; 3]) -> f64 {
        self.view(p.map(|c| c as f64))[2]
    }

    /// Device pixels of the positive ends of the x, y and z axes drawn (where the page writes their names).
    pub fn axis_tips(&self) -> [(f64, f64); 3] {
        std::array::from_fn(|i| {
            let mut p = self.center;
            p[i] += self.radius;
            self.screen(self.view(p))
        })
    }

    /// The sample whose input (or reconstruction) mark is nearest to device pixel (x, y), if within
    /// [`CloudLayout::pick_radius`]. Only marks drawn in the last frame count.
    pub fn pick(&self, x_px: f64, y_px: f64) -> Option<usize> {
        let (x, y) = (x_px as f32, y_px as f32);
        let r2 = (self.pick_radius * self.pick_radius) as f32;
        let mut best: Option<(f32, usize)> = None;
        for (i, m) in self.marks.iter().enumerate() {
            for (mx, my) in [(m[0], m[1]), (m[2], m[3])] {
                let d2 = (mx - x) * (mx - x) + (my - y) * (my - y);
                // NaN (mark not drawn) fails the comparison.
                if d2 <= r2 && best.is_none_or(|(b, _)| d2 < b) {
                    best = Some((d2, i));
                }
            }
        }
        best.map(|(_, i)| i)
    }

    /// Device pixels kept free between the bounding sphere's outline and the image edge: room for half a
    /// reconstruction mark and the selection rings, and at least 4% of the smaller side.
    pub fn margin(width: usize, height: usize, style: &Style) -> f64 {
        (style.px(9.0) as f64).max(0.04 * width.min(height) as f64)
    }

    fn screen(&self, v: [f64; 3]) -> (f64, f64) {
        (self.width as f64 * 0.5 + self.scale * v[0], self.height as f64 * 0.5 - self.scale * v[1])
    }
}

/// One mark to draw, in depth order.
#[derive(Clone, Copy, Debug)]
struct Mark {
    depth: f32,
    x: f32,
    y: f32,
    /// Sample index.
    sample: u32,
    reconstruction: bool,
    /// On the viewer's side of the plane (drawn after it).
    front: bool,
}

/// Paints point clouds, keeping its scratch buffers (and the last layout) between frames.
#[derive(Clone, Debug, Default)]
pub struct PointCloudPainter {
    marks: Vec<Mark>,
    layout: CloudLayout,
}

impl PointCloudPainter {
    pub fn new() -> PointCloudPainter {
        PointCloudPainter::default()
    }

    /// The layout of the last frame (for picking on click).
    pub fn layout(&self) -> &CloudLayout {
        &self.layout
    }

    /// Paints `input` into `img`, resized to `width × height` (clamped to `MAX_SIDE`).
    pub fn paint(&mut self, img: &mut RgbaImage, input: &PointCloudInput, style: &Style) -> &CloudLayout {
        let (width, height) = (input.width.min(MAX_SIDE), input.height.min(MAX_SIDE));
        img.reset(width, height, PAPER);
        let n = input.inputs.nrows().min(u32::MAX as usize);
        let recon = input.reconstructions.filter(|r| r.nrows() > 0);
        let (center, own) = bounds(input.inputs).or_else(|| recon.and_then(bounds)).unwrap_or(([0.0; 3], 1.0));
        // Everything else drawn widens the sphere, up to REACH times the inputs' own.
        let mut reach = recon.map_or(0.0, |r| farthest(r, center));
        if let Some(corners) = input.pca_plane.and_then(|p| plane_corners(&p)) {
            reach = corners.iter().map(|c| distance(*c, center)).fold(reach, f64::max);
        }
        let radius = if reach.is_finite() { own.max(reach.min(REACH * own)) } else { REACH * own };
        let angle = |a: f64| if a.is_finite() { a } else { 0.0 };
        let layout = &mut self.layout;
        layout.width = width;
        layout.height = height;
        layout.center = center;
        layout.radius = radius;
        let half = 0.5 * width.min(height) as f64;
        layout.scale = (half - CloudLayout::margin(width, height, style)).max(0.5 * half) / radius;
        layout.rotation = rotation(angle(input.yaw), angle(input.pitch));
        layout.pick_radius = style.px(6.0).max(2) as f64;
        layout.marks.clear();
        layout.marks.resize(n, [f32::NAN; 4]);
        if width == 0 || height == 0 {
            return &self.layout;
        }

        // The plane in view space: its corners and on which side of it the viewer is.
        let plane = input.pca_plane.and_then(|p| PlaneGeometry::new(&p, layout));

        // Marks, far first.
        self.marks.clear();
        let mut add = |layout: &mut CloudLayout, data: ArrayView2<f32>, reconstruction: bool, shown: bool| {
            if !shown {
                return;
            }
            for i in 0..n.min(data.nrows()) {
                let Some(p) = point(data, i) else { continue };
                let v = layout.view(p);
                let (x, y) = layout.screen(v);
                let slot = if reconstruction { 2 } else { 0 };
                layout.marks[i][slot] = x as f32;
                layout.marks[i][slot + 1] = y as f32;
                let front = plane.as_ref().is_none_or(|g| g.in_front(p));
                let depth = v[2] as f32;
                self.marks.push(Mark { depth, x: x as f32, y: y as f32, sample: i as u32, reconstruction, front });
            }
        };
        add(layout, input.inputs, false, input.show_inputs);
        if let Some(r) = recon {
            add(layout, r, true, input.show_reconstructions);
        }
        self.marks.sort_unstable_by(|a, b| a.depth.total_cmp(&b.depth));

        let layout = &self.layout;
        draw_axes(img, layout);
        let colors = Colors::new(input.colors, n);
        if let (Some(r), true) = (recon, input.show_inputs && input.show_reconstructions && n <= CONNECT_MAX) {
            for m in &layout.marks[..n.min(r.nrows())] {
                img.line(m[0] as f64, m[1] as f64, m[2] as f64, m[3] as f64, INK, 50);
            }
        }
        let sizes = MarkSizes::new(style);
        for m in self.marks.iter().filter(|m| !m.front) {
            draw_mark(img, m, colors.of(m.sample as usize), &sizes);
        }
        if let Some(g) = &plane {
            g.draw(img, layout);
        }
        for m in self.marks.iter().filter(|m| m.front) {
            draw_mark(img, m, colors.of(m.sample as usize), &sizes);
        }
        if let Some(i) = input.selected.filter(|&i| i < n) {
            draw_selection(img, layout.marks[i], &sizes, style);
        }
        &self.layout
    }
}

/// Mark sizes in device pixels.
struct MarkSizes {
    input: i64,
    reconstruction: i64,
    stroke: i64,
}

impl MarkSizes {
    fn new(style: &Style) -> MarkSizes {
        MarkSizes {
            input: style.px(3.0).max(2) as i64,
            reconstruction: style.px(5.0).max(4) as i64,
            stroke: style.px(1.0).max(1) as i64,
        }
    }
}

fn draw_mark(img: &mut RgbaImage, m: &Mark, color: RGBColor, sizes: &MarkSizes) {
    let (x, y) = (m.x as f64, m.y as f64);
    if m.reconstruction {
        let s = sizes.reconstruction;
        let (x0, y0) = (corner(x, s), corner(y, s));
        img.stroke_rect(x0, y0, s, s, sizes.stroke, color);
    } else {
        let s = sizes.input;
        img.fill_rect(corner(x, s), corner(y, s), s, s, color);
    }
}

/// Left/top pixel of a `size`-pixel mark centred at `c` (saturating for far-off points).
fn corner(c: f64, size: i64) -> i64 {
    (c - size as f64 * 0.5).round().clamp(-1e9, 1e9) as i64
}

/// Rings around the selected sample's marks, joined by a line.
fn draw_selection(img: &mut RgbaImage, m: [f32; 4], sizes: &MarkSizes, style: &Style) {
    let t = style.px(1.5).max(1) as i64;
    let [ix, iy, rx, ry] = m.map(|v| v as f64);
    img.line(ix, iy, rx, ry, INK, 220);
    for (x, y, size) in [(ix, iy, sizes.input), (rx, ry, sizes.reconstruction)] {
        if x.is_finite() && y.is_finite() {
            let s = size + 2 * (t + style.px(2.0).max(1) as i64);
            img.stroke_rect(corner(x, s), corner(y, s), s, s, t, INK);
        }
    }
}

/// Faint axes through the centre, from −radius to +radius along each data axis.
fn draw_axes(img: &mut RgbaImage, layout: &CloudLayout) {
    for i in 0..3 {
        let (mut a, mut b) = (layout.center, layout.center);
        a[i] -= layout.radius;
        b[i] += layout.radius;
        let (ax, ay) = layout.screen(layout.view(a));
        let (bx, by) = layout.screen(layout.view(b));
        img.line(ax, ay, bx, by, GRID, 255);
    }
}

/// Colour of each sample.
struct Colors<'a> {
    coloring: PointColoring<'a>,
    lut: Option<ColorLut>,
    offset: f32,
    scale: f32,
}

impl<'a> Colors<'a> {
    fn new(coloring: PointColoring<'a>, n: usize) -> Colors<'a> {
        let (mut offset, mut scale, mut lut) = (0.0, 0.0, None);
        if let PointColoring::Continuous(values) = coloring {
            let (lo, hi) = values[..n.min(values.len())]
                .iter()
                .filter(|v| v.is_finite())
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
            if hi > lo && (hi - lo).is_finite() {
                scale = 1.0 / (hi - lo);
                offset = -lo * scale;
            } else {
                offset = 0.5;
            }
            lut = Some(ColorLut::sequential());
        }
        Colors { coloring, lut, offset, scale }
    }

    #[inline]
    fn of(&self, i: usize) -> RGBColor {
        match (self.coloring, &self.lut) {
            (PointColoring::Continuous(values), Some(lut)) => match values.get(i) {
                Some(&v) if !v.is_nan() => lut.at(v * self.scale + self.offset),
                _ => GRID,
            },
            (PointColoring::Classes(classes), _) => classes.get(i).map_or(GRID, |&c| style::categorical(c as usize)),
            _ => style::categorical(0),
        }
    }
}

/// Row i as a 3-D point (missing columns 0), or `None` if not finite.
fn point(data: ArrayView2<f32>, i: usize) -> Option<[f64; 3]> {
    let row = data.row(i);
    let p: [f64; 3] = std::array::from_fn(|k| row.get(k).map_or(0.0, |&v| v as f64));
    p.iter().all(|v| v.is_finite()).then_some(p)
}

/// Bounding-box centre and bounding radius of the finite rows, if any.
fn bounds(data: ArrayView2<f32>) -> Option<([f64; 3], f64)> {
    let (mut lo, mut hi) = ([f64::INFINITY; 3], [f64::NEG_INFINITY; 3]);
    for i in 0..data.nrows() {
        if let Some(p) = point(data, i) {
            for k in 0..3 {
                lo[k] = lo[k].min(p[k]);
                hi[k] = hi[k].max(p[k]);
            }
        }
    }
    if lo[0] > hi[0] {
        return None;
    }
    let center: [f64; 3] = std::array::from_fn(|k| 0.5 * lo[k] + 0.5 * hi[k]);
    let mut r2 = 0.0f64;
    for i in 0..data.nrows() {
        if let Some(p) = point(data, i) {
            r2 = r2.max((0..3).map(|k| (p[k] - center[k]) * (p[k] - center[k])).sum());
        }
    }
    let radius = r2.sqrt();
    let radius = if radius > 0.0 && radius.is_finite() {
        radius
    } else if radius.is_finite() {
        // One point, or all equal: any scale will do.
        1.0
    } else {
        // Coordinates near f64::MAX: use the box's half diagonal computed without overflow.
        (0..3).map(|k| 0.5 * hi[k] - 0.5 * lo[k]).fold(0.0, f64::max).max(f64::MIN_POSITIVE)
    };
    Some((center, radius))
}

/// The largest distance from `center` of a finite row (0 if none).
fn farthest(data: ArrayView2<f32>, center: [f64; 3]) -> f64 {
    (0..data.nrows()).filter_map(|i| point(data, i)).map(|p| distance(p, center)).fold(0.0, f64::max)
}

fn distance(p: [f64; 3], c: [f64; 3]) -> f64 {
    (0..3).map(|k| (p[k] - c[k]) * (p[k] - c[k])).sum::<f64>().sqrt()
}

/// The corners of the plane's square, if the plane is drawable.
fn plane_corners(p: &PlaneView) -> Option<[[f64; 3]; 4]> {
    let c = p.center.map(|v| v as f64);
    let a = p.axes[0].map(|v| v as f64);
    let b = p.axes[1].map(|v| v as f64);
    let h = p.half_extent as f64;
    if !(c.iter().chain(&a).chain(&b).all(|v| v.is_finite()) && h.is_finite() && h > 0.0) {
        return None;
    }
    let at = |u: f64, v: f64| -> [f64; 3] { std::array::from_fn(|k| c[k] + u * a[k] + v * b[k]) };
    Some([at(-h, -h), at(h, -h), at(h, h), at(-h, h)])
}

/// Each row's view x and y under the scatter's rotation (before centring and scaling; missing columns
/// are 0): other figures place points where the scatter shows them.
pub fn rotated_xy(points: ArrayView2<f32>, yaw: f64, pitch: f64) -> Vec<[f32; 2]> {
    let r = rotation(yaw, pitch);
    points
        .rows()
        .into_iter()
        .map(|row| {
            let p: [f64; 3] = std::array::from_fn(|k| row.get(k).map_or(0.0, |&v| v as f64));
            let along = |axis: [f64; 3]| (axis[0] * p[0] + axis[1] * p[1] + axis[2] * p[2]) as f32;
            [along(r[0]), along(r[1])]
        })
        .collect()
}

/// Yaw around data y, then pitch around the view's x axis.
fn rotation(yaw: f64, pitch: f64) -> [[f64; 3]; 3] {
    let (sy, cy) = yaw.sin_cos();
    let (sp, cp) = pitch.sin_cos();
    // Yaw: x' = cy·x + sy·z, z' = −sy·x + cy·z. Pitch: y'' = cp·y − sp·z', z'' = sp·y + cp·z'.
    [[cy, 0.0, sy], [sp * sy, cp, -sp * cy], [-cp * sy, sp, cp * cy]]
}

/// The plane's corners on screen and which side of it faces the viewer.
struct PlaneGeometry {
    center: [f64; 3],
    normal: [f64; 3],
    /// Sign of the normal's view-z: points with (p − c)·n of this sign are in front.
    viewer_side: f64,
    corners: [(f64, f64); 4],
    /// Grid lines: endpoints on screen.
    grid: [((f64, f64), (f64, f64)); 6],
}

/// Grid cells per side of the plane.
const PLANE_GRID: usize = 4;

impl PlaneGeometry {
    fn new(p: &PlaneView, layout: &CloudLayout) -> Option<PlaneGeometry> {
        let corners3 = plane_corners(p)?;
        let c = p.center.map(|v| v as f64);
        let a = p.axes[0].map(|v| v as f64);
        let b = p.axes[1].map(|v| v as f64);
        let h = p.half_extent as f64;
        let normal = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
        let nz = layout.rotation[2].iter().zip(&normal).map(|(r, n)| r * n).sum::<f64>();
        let at = |u: f64, v: f64| -> (f64, f64) {
            let q: [f64; 3] = std::array::from_fn(|k| c[k] + u * a[k] + v * b[k]);
            layout.screen(layout.view(q))
        };
        let corners = corners3.map(|q| layout.screen(layout.view(q)));
        let grid = std::array::from_fn(|k| {
            let s = -h + 2.0 * h * ((k % 3) + 1) as f64 / PLANE_GRID as f64;
            if k < 3 {
                (at(s, -h), at(s, h))
            } else {
                (at(-h, s), at(h, s))
            }
        });
        Some(PlaneGeometry { center: c, normal, viewer_side: nz, corners, grid })
    }

    fn in_front(&self, p: [f64; 3]) -> bool {
        let s: f64 = (0..3).map(|k| (p[k] - self.center[k]) * self.normal[k]).sum();
        s * self.viewer_side > 0.0
    }

    fn draw(&self, img: &mut RgbaImage, _layout: &CloudLayout) {
        fill_convex(img, &self.corners, INK, 14);
        for &((x0, y0), (x1, y1)) in &self.grid {
            img.line(x0, y0, x1, y1, INK, 36);
        }
        for k in 0..4 {
            let ((x0, y0), (x1, y1)) = (self.corners[k], self.corners[(k + 1) % 4]);
            img.line(x0, y0, x1, y1, INK, 140);
        }
    }
}

/// Blends `color` over the pixels whose centres lie inside the convex polygon (scanline fill, clipped).
fn fill_convex(img: &mut RgbaImage, poly: &[(f64, f64)], color: RGBColor, alpha: u8) {
    if poly.iter().any(|&(x, y)| !(x.is_finite() && y.is_finite())) {
        return;
    }
    let (w, h) = (img.width as f64, img.height as f64);
    let y_min = poly.iter().map(|p| p.1).fold(f64::INFINITY, f64::min).max(0.0);
    let y_max = poly.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max).min(h);
    if y_min >= y_max {
        return;
    }
    for row in (y_min.floor() as i64)..(y_max.ceil() as i64) {
        let yc = row as f64 + 0.5;
        let (mut xl, mut xr) = (f64::INFINITY, f64::NEG_INFINITY);
        for k in 0..poly.len() {
            let (p, q) = (poly[k], poly[(k + 1) % poly.len()]);
            if (p.1 <= yc) != (q.1 <= yc) {
                let x = p.0 + (yc - p.1) / (q.1 - p.1) * (q.0 - p.0);
                xl = xl.min(x);
                xr = xr.max(x);
            }
        }
        if xl > xr {
            continue;
        }
        let x0 = (xl - 0.5).ceil().clamp(0.0, w) as i64;
        let x1 = (xr - 0.5).floor().clamp(-1.0, w - 1.0) as i64;
        img.blend_rect(x0, row, x1 - x0 + 1, 1, color, alpha);
    }
}
