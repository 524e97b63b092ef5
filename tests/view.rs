//! Every registered panel of every preset drawn natively through the view glue (charts into SVG,
//! pictures into RGBA), hovered, and checked for content; the panel table itself checked for what the
//! page needs.

use plotters::prelude::SVGBackend;
use sae_playground::config::Config;
use sae_playground::playground::Playground;
use sae_playground::presets;
use sae_playground::view::{self, DrawOptions, Figure, Hover, Panel, ViewState, PANELS};
use std::collections::HashSet;

fn options(scale: f64) -> DrawOptions {
    DrawOptions {
        scale,
        yaw: 0.5,
        pitch: 1.0,
        sort_units: true,
        descent_steps: 12,
        highlighted: Some(1),
        descent_lambda: Some(1.0),
        descent_start: Some(-1.2),
        point_stride: 0,
    }
}

/// Draws `panel` at `w × h` device pixels; panics with the preset's name if it drew nothing.
fn draw(panel: &Panel, playground: &mut Playground, state: &mut ViewState, (w, h): (u32, u32), scale: f64) {
    let name = format!("{} {}", playground.config().dataset.name(), panel.spec.id);
    match panel.figure {
        Figure::Chart(chart) => {
            let mut svg = String::new();
            {
                let mut backend = SVGBackend::with_string(&mut svg, (w, h));
                view::draw_chart(chart, &mut backend, playground, state, &options(scale))
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
            }
            assert!(svg.len() > 500, "{name} drew almost nothing");
        }
        Figure::Image(figure) => {
            view::paint(figure, playground, state, w as usize, h as usize, &options(scale));
            let image = state.image();
            assert!(image.width > 0 && image.height > 0, "{name}");
            assert!(image.variance() > 1.0, "{name} is blank");
        }
    }
}

/// The first point of a grid over `w × h` where the panel reports something, with the report.
fn first_hover(
    panel: &Panel,
    playground: &Playground,
    state: &ViewState,
    (w, h): (u32, u32),
    scale: f64,
) -> Option<((f64, f64), Hover)> {
    let step = 3.0 * scale;
    let (mut x, mut y) = (0.0, 0.0);
    while y < h as f64 {
        while x < w as f64 {
            if let Some(hover) = view::hover(panel, playground, state, x, y, scale).filter(|h| !h.text.is_empty()) {
                return Some(((x, y), hover));
            }
            x += step;
        }
        x = 0.0;
        y += step;
    }
    None
}

#[test]
fn every_registered_panel_of_every_preset_draws_and_answers_hover() {
    for preset in presets::all() {
        let mut playground = Playground::from_preset(preset.name, None).unwrap();
        playground.trainer_mut().run(30);
        let healthy = playground.trainer().last_loss().is_finite();
        let mut state = ViewState::default();
        for scale in [1.0, 2.0] {
            let size = ((480.0 * scale) as u32, (300.0 * scale) as u32);
            for panel in PANELS {
                draw(panel, &mut playground, &mut state, size, scale);
                // Hovering off the figure never panics and finds nothing.
                assert_eq!(view::hover(panel, &playground, &state, 1e9, -5.0, scale), None);
                let found = first_hover(panel, &playground, &state, size, scale);
                assert!(
                    found.is_some() || !healthy,
                    "{} {} at scale {scale}: no hover anywhere",
                    preset.name,
                    panel.spec.id
                );
            }
        }
    }
}

#[test]
fn the_panel_table_has_unique_ids_and_says_what_each_panel_shows() {
    let mut ids = HashSet::new();
    let config: serde_json::Value = serde_json::from_str(&Config::default().to_json()).unwrap();
    for panel in PANELS {
        let spec = &panel.spec;
        assert!(ids.insert(spec.id), "panel id {} is registered twice", spec.id);
        assert!(spec.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", spec.id);
        assert!(!spec.title.is_empty(), "{} has no title", spec.id);
        assert!(spec.caption.len() > 20, "{} has no caption", spec.id);
        assert!(spec.height >= 100, "{} is {} px tall", spec.id, spec.height);
        assert_eq!(view::panel(spec.id).map(|p| p.spec.title), Some(spec.title));
        for key in spec.replays_on {
            assert!(config.get(key).is_some(), "{} replays on {key}, which is not a setting", spec.id);
        }
    }
    assert!(view::panel("no-such-panel").is_none());
}

#[test]
fn hover_reports_what_was_drawn_even_after_training_moved_on() {
    let mut playground = Playground::from_preset("kl-sparse", None).unwrap();
    playground.trainer_mut().run(20);
    let mut state = ViewState::default();
    let size = (480, 300);
    for id in ["kl-curve", "bars", "loss", "heatmap"] {
        let panel = view::panel(id).unwrap();
        draw(panel, &mut playground, &mut state, size, 1.0);
        let ((x, y), before) = first_hover(panel, &playground, &state, size, 1.0).unwrap();
        playground.trainer_mut().run(50);
        assert_eq!(view::hover(panel, &playground, &state, x, y, 1.0), Some(before), "{id}");
    }
}

#[test]
fn readouts_word_the_session_for_the_page() {
    let readout =
        |playground: &mut Playground, id: &str| view::panel(id).unwrap().view().readout(playground).unwrap_or_default();
    let mut playground = Playground::from_preset("kl-sparse", None).unwrap();
    playground.trainer_mut().run(20);
    let rho = playground.config().objective.rho;
    assert!(readout(&mut playground, "kl-curve").starts_with(&format!("ρ = {rho}, β = ")));
    let health = readout(&mut playground, "health");
    assert!(health.starts_with("L0 = ") && health.ends_with("(no firing in the last 5,000 samples)"), "{health}");
    assert!(health.contains("above 2ρ = 0.1"), "the sigmoid firing level is named: {health}");
    let loss = readout(&mut playground, "loss");
    assert!(loss.starts_with("reconstruction ") && loss.contains(" · PCA (k = "), "{loss}");
    assert_eq!(readout(&mut playground, "features"), "", "no recovery score without true features");
    assert_eq!(readout(&mut playground, "network"), "", "the network has no read-out");

    playground.set(r#"{"penalty": "l1"}"#).unwrap();
    assert!(readout(&mut playground, "kl-curve").starts_with("KL is not the penalty now (l1)"));

    let mut features = Playground::from_preset("sparse-features", None).unwrap();
    let score = features.recovery().unwrap();
    let text = readout(&mut features, "features");
    let expected =
        format!("Recovered {} of {} true features (best cosine above 0.9)", score.recovered(), score.best_cosine.len());
    assert!(text.starts_with(&expected), "{text}");
}

#[test]
fn the_digit_grid_shows_every_class() {
    let mut playground = Playground::from_preset("ufldl-mnist", None).unwrap();
    let mut state = ViewState::default();
    let panel = view::panel("reconstruction").unwrap();
    draw(panel, &mut playground, &mut state, (480, 300), 1.0);
    let labels = playground.trainer().data().labels.clone().unwrap();
    let mut seen = [false; 10];
    // Hover the grid row by row to read back which samples it shows.
    for y in (0..300).step_by(3) {
        for x in (0..480).step_by(3) {
            if let Some(h) = view::hover(panel, &playground, &state, x as f64, y as f64, 1.0) {
                if let Some(sample) = h.sample {
                    seen[labels[sample] as usize] = true;
                }
            }
        }
    }
    assert!(seen.iter().all(|&s| s), "classes shown: {seen:?}");
}

#[test]
fn a_point_stride_thins_the_code_scatter_and_keeps_the_selected_sample() {
    let mut playground = Playground::from_preset("l1-sparse", None).unwrap();
    playground.trainer_mut().run(20);
    let panel = view::panel("code").unwrap();
    let svg_with = |state: &mut ViewState, playground: &mut Playground, stride: usize| {
        let Figure::Chart(chart) = panel.figure else { panic!("the code panel is a chart") };
        let mut svg = String::new();
        {
            let mut backend = SVGBackend::with_string(&mut svg, (480, 300));
            let options = DrawOptions { point_stride: stride, ..options(1.0) };
            view::draw_chart(chart, &mut backend, playground, state, &options).unwrap();
        }
        svg
    };
    let mut state = ViewState::default();
    let all = svg_with(&mut state, &mut playground, 1);
    assert!(all.contains("500 codes"), "every code drawn at full detail");
    state.select(7);
    let quarter = svg_with(&mut state, &mut playground, 4);
    // 0, 4, …, 496, and the selected sample (when it is in the cloud, at a place the stride skips).
    let caption = quarter.split("codes").next().unwrap().rsplit('>').next().unwrap().trim().to_string();
    assert!(caption == "125 of 500" || caption == "126 of 500", "a quarter drawn, and the caption says so: {caption}");
    assert!(all.matches("<rect").count() > quarter.matches("<rect").count() + 300);
}
