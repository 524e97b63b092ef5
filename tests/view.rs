//! Every panel of every preset drawn natively through the view glue (charts into SVG, pictures into
//! RGBA), hovered, and checked for content.

use plotters::prelude::{IntoDrawingArea, SVGBackend};
use sae_playground::playground::Playground;
use sae_playground::presets;
use sae_playground::view::{self, DrawOptions, Panel, Picture, ViewState};

fn options(scale: f64) -> DrawOptions {
    DrawOptions {
        scale,
        yaw: 0.5,
        pitch: 1.0,
        sort_units: true,
        descent_steps: 12,
        highlighted: Some(1),
        pca_reference: None,
    }
}

#[test]
fn every_panel_of_every_preset_draws_and_hovers() {
    for preset in presets::all() {
        let mut playground = Playground::from_preset(preset.name, None).unwrap();
        playground.trainer_mut().run(30);
        let mut state = ViewState::default();
        for scale in [1.0, 2.0] {
            let (w, h) = ((480.0 * scale) as u32, (300.0 * scale) as u32);
            for panel in Panel::ALL {
                match view::picture(panel) {
                    Picture::Chart => {
                        let mut svg = String::new();
                        {
                            let area = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
                            view::draw_chart(panel, &area, &mut playground, &mut state, &options(scale))
                                .unwrap_or_else(|e| panic!("{} {}: {e}", preset.name, panel.name()));
                        }
                        assert!(svg.len() > 500, "{} {} drew almost nothing", preset.name, panel.name());
                    }
                    Picture::Image => {
                        view::paint(panel, &mut playground, &mut state, w as usize, h as usize, &options(scale));
                        let image = state.image();
                        assert!(image.width > 0 && image.height > 0, "{} {}", preset.name, panel.name());
                        assert!(image.variance() > 1.0, "{} {} is blank", preset.name, panel.name());
                    }
                }
                // Hovering anywhere never panics; somewhere in the middle usually finds something.
                for (x, y) in
                    [(0.0, 0.0), (w as f64 / 2.0, h as f64 / 2.0), (w as f64 * 0.7, h as f64 * 0.4), (1e9, -5.0)]
                {
                    let _ = view::hover(panel, &mut playground, &mut state, x, y, scale);
                }
            }
        }
    }
}

#[test]
fn the_digit_grid_shows_every_class() {
    let mut playground = Playground::from_preset("ufldl-mnist", None).unwrap();
    let mut state = ViewState::default();
    view::paint(Panel::Reconstruction, &mut playground, &mut state, 480, 300, &options(1.0));
    let labels = playground.trainer().data().labels.clone().unwrap();
    let mut seen = [false; 10];
    // Hover the grid row by row to read back which samples it shows.
    for y in (0..300).step_by(3) {
        for x in (0..480).step_by(3) {
            if let Some(h) = view::hover(Panel::Reconstruction, &mut playground, &mut state, x as f64, y as f64, 1.0) {
                if let Some(sample) = h.sample {
                    seen[labels[sample] as usize] = true;
                }
            }
        }
    }
    assert!(seen.iter().all(|&s| s), "classes shown: {seen:?}");
}
