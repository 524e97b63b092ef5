//! What a panel is: its description for the page ([`PanelSpec`]), its figure (a chart or an image), what
//! it reports under the mouse and its read-out line ([`PanelView`]). Each panel is one module of
//! [`super::panels`] exporting a [`Panel`]; the table [`super::panels::PANELS`] lists them.

use super::any_backend::AnyBackend;
use super::{DrawOptions, Hover, ViewState};
use crate::playground::Playground;
use crate::render::{RenderResult, RgbaImage, Style};
use plotters::coord::Shift;
use plotters::prelude::DrawingArea;
use serde::Serialize;

/// The drawing area a chart panel draws into (any backend, see [`AnyBackend`]).
pub type ChartArea<'a> = DrawingArea<AnyBackend<'a>, Shift>;

/// How the page shows a panel: everything the page needs to build its figure.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelSpec {
    /// The name the page and the API use (`draw("kl-curve", …)`).
    pub id: &'static str,
    pub title: &'static str,
    /// The sentence under the title explaining what the figure shows.
    pub caption: &'static str,
    /// Canvas height in CSS pixels.
    pub height: u32,
    /// The page redraws the panel at most this often while its content keeps changing.
    pub min_interval_ms: u32,
    /// Image panels shown without smoothing (heatmap cells, digit tiles).
    pub pixelated: bool,
    /// Drag (and the arrow keys) rotate the figure.
    pub draggable: bool,
    /// The canvas grows to the height of the drawn picture (tile grids).
    pub fit_height: bool,
    /// What makes the figure stale.
    pub depends_on: DependsOn,
    /// Steps of the animation the figure plays after a change (the page raises the `descentSteps` draw
    /// option from 0 to this); 0 for a still figure.
    pub animation_steps: usize,
    /// The settings (page keys) whose change replays the animation from its start.
    pub replays_on: &'static [&'static str],
    /// The live settings the figure draws (λ on the L1/L2 figure, ρ and β on the KL curve, k where TopK
    /// picks the code): a change to one redraws the figure at once, even paused. Other live settings
    /// reach the figure only through training (`tests/figure_revisions.rs` checks the list against the
    /// pixels).
    pub shows_settings: &'static [&'static str],
    /// The numbers behind the figure, for the CSV download.
    pub numbers: super::export::Numbers,
    /// Check boxes under the figure, each setting a boolean draw option.
    pub toggles: &'static [Toggle],
}

/// What a panel's figure follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DependsOn {
    /// The session: training, settings and the selected sample.
    Session,
    /// The settings only (a figure of the objective, not of the model).
    Config,
}

/// A check box: the draw option it sets (camelCase, as in [`DrawOptions`]) and its label.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Toggle {
    pub option: &'static str,
    pub label: &'static str,
}

impl PanelSpec {
    /// What every panel starts from (`..PanelSpec::BASE`): following the session, nothing special.
    pub const BASE: PanelSpec = PanelSpec {
        id: "",
        title: "",
        caption: "",
        height: 240,
        min_interval_ms: 50,
        pixelated: false,
        draggable: false,
        fit_height: false,
        depends_on: DependsOn::Session,
        animation_steps: 0,
        replays_on: &[],
        shows_settings: &[],
        numbers: super::export::Numbers::Units,
        toggles: &[],
    };
}

/// One panel of the page: how the page shows it and what draws it.
pub struct Panel {
    pub spec: PanelSpec,
    pub figure: Figure,
}

/// What a panel's figure is drawn with.
#[derive(Clone, Copy)]
pub enum Figure {
    Chart(&'static dyn ChartFigure),
    Image(&'static dyn ImageFigure),
}

impl Panel {
    /// What the panel reports: hover and read-out.
    pub fn view(&self) -> &'static dyn PanelView {
        match self.figure {
            Figure::Chart(chart) => chart,
            Figure::Image(image) => image,
        }
    }
}

/// What a figure is drawn from: the session, the view state it shares with the other panels (sample
/// sets, the selection, scratch buffers, the last layouts) and the page's options.
pub struct Frame<'a> {
    pub playground: &'a mut Playground,
    pub view: &'a mut ViewState,
    pub options: &'a DrawOptions,
    pub style: Style,
}

/// A figure drawn as a plotters chart.
pub trait ChartFigure: PanelView {
    /// Draws into `area`, keeping in the view state what [`PanelView::hover`] needs.
    fn draw(&self, area: &ChartArea, frame: &mut Frame) -> RenderResult<()>;
}

/// A figure painted as an RGBA image, put on the canvas in one piece.
pub trait ImageFigure: PanelView {
    /// Paints into `image`, about `width × height` device pixels, keeping in the view state what
    /// [`PanelView::hover`] needs.
    fn paint(&self, image: &mut RgbaImage, width: usize, height: usize, frame: &mut Frame);
}

/// A device pixel under the mouse, and the page's scale there.
#[derive(Clone, Copy, Debug)]
pub struct Pointer {
    pub x: f64,
    pub y: f64,
    pub style: Style,
}

/// What a panel reports about its figure.
pub trait PanelView: Sync {
    /// What is under `pointer` in the panel as last drawn (read back from what the draw kept).
    fn hover(&self, playground: &Playground, view: &ViewState, pointer: Pointer) -> Option<Hover>;

    /// The line of text under the figure, if the panel has one.
    fn readout(&self, _playground: &Playground) -> Option<String> {
        None
    }
}
