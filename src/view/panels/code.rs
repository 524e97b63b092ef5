//! The code panel: every cloud sample's code as a point (its first two principal directions when the
//! code is wider than 2), coloured by the data's colouring value or class.

use crate::playground::Playground;
use crate::render::code_scatter::{self, CodeScatterInput, PointColors};
use crate::render::{PlotGeometry, RenderResult};
use crate::view::panel::{ChartArea, ChartFigure, Figure, Frame, Panel, PanelSpec, PanelView, Pointer};
use crate::view::samples::CodeAxes;
use crate::view::{sample_colors, sample_label, Hover, ViewState};

pub struct Code;

pub const PANEL: Panel = Panel {
    spec: PanelSpec {
        id: "code",
        title: "Code",
        caption: "The code of each sample (its first two principal directions when the code is wider than 2), coloured by the roll parameter or the digit. Click a point to select that sample.",
        height: 260,
        min_interval_ms: 100,
        numbers: crate::view::export::Numbers::ProbeCodes,
        shows_settings: &["k", "penalty"],
        ..PanelSpec::BASE
    },
    figure: Figure::Chart(&Code),
};

/// The projection's warm start, and what the last draw showed.
#[derive(Default)]
struct Drawn {
    axes: CodeAxes,
    geometry: PlotGeometry,
    points: Vec<[f32; 2]>,
    /// The data sample of each point.
    samples: Vec<usize>,
}

impl PanelView for Code {
    fn hover(&self, playground: &Playground, view: &ViewState, pointer: Pointer) -> Option<Hover> {
        let drawn = view.kept::<Drawn>()?;
        let input = CodeScatterInput {
            points: &drawn.points,
            colors: PointColors::Plain,
            x_label: "",
            y_label: "",
            selected: None,
            total: None,
        };
        let i = code_scatter::nearest_point(&input, &drawn.geometry, pointer.x, pointer.y, &pointer.style)?;
        let sample = *drawn.samples.get(i)?;
        let p = drawn.points[i];
        Some(Hover {
            text: format!("{}\ncode ({:.3}, {:.3})", sample_label(playground, sample), p[0], p[1]),
            index: None,
            sample: Some(sample),
            unit: None,
        })
    }
}

impl ChartFigure for Code {
    fn draw(&self, area: &ChartArea, frame: &mut Frame) -> RenderResult<()> {
        let playground = &*frame.playground;
        let selected = frame.view.selected();
        let mut drawn = frame.view.take::<Drawn>();
        let cloud = frame.view.cloud(playground);
        let model = playground.trainer().model();
        let Some(codes) = cloud.code(model) else { return Ok(()) };
        drawn.axes.project(codes, &mut drawn.points);
        drawn.samples.clone_from(&cloud.indices);
        let total = drawn.points.len();
        // Lower detail on a busy machine: every `stride`-th code (the selected one always stays).
        let stride = frame.options.point_stride.max(1);
        let selected = selected.and_then(|s| cloud.position_of(s));
        if stride > 1 {
            let keep = |i: usize| i.is_multiple_of(stride) || Some(i) == selected;
            let kept: Vec<usize> = (0..total).filter(|&i| keep(i)).collect();
            drawn.points = kept.iter().map(|&i| drawn.points[i]).collect();
            drawn.samples = kept.iter().map(|&i| cloud.indices[i]).collect();
        }
        let selected = selected.and_then(|s| drawn.samples.iter().position(|&x| x == cloud.indices[s]));
        let (continuous, classes) = sample_colors(playground, &drawn.samples);
        let colors = match (&classes, &continuous) {
            (Some(c), _) => PointColors::Classes(c),
            (None, Some(c)) => PointColors::Continuous(c),
            _ => PointColors::Plain,
        };
        let (x_label, y_label) = if model.code_size() <= 2 { ("h₁", "h₂") } else { ("code PC 1", "code PC 2") };
        let total = (stride > 1).then_some(total);
        let input = CodeScatterInput { points: &drawn.points, colors, x_label, y_label, selected, total };
        drawn.geometry = code_scatter::draw(area, &input, &frame.style)?;
        frame.view.keep(drawn);
        Ok(())
    }
}
