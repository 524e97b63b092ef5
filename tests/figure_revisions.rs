//! Which figures a live setting redraws. Every panel lists the live settings it draws
//! (`PanelSpec::shows_settings`); the page redraws only those figures when one changes (a slider dragged
//! on a paused model), so the list must be right: checked here against the pixels, for every preset and
//! every live setting, in both directions (a figure that changes lists the setting; a listed setting
//! changes the figure in some preset).

use plotters::prelude::SVGBackend;
use sae_playground::config::schema::Control;
use sae_playground::config::{Config, SETTINGS};
use sae_playground::playground::Playground;
use sae_playground::presets;
use sae_playground::view::{self, DrawOptions, Figure, FigureRevisions, ViewState, PANELS};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Every panel drawn from a fresh view state with sample 3 selected (a kept state, such as the code
/// scatter's warm-started axes, would differ from draw to draw without any change).
fn draw_all(playground: &mut Playground) -> Vec<Vec<u8>> {
    let options = DrawOptions { scale: 1.0, yaw: 0.5, pitch: 1.0, highlighted: Some(1), ..DrawOptions::default() };
    PANELS
        .iter()
        .map(|panel| {
            let mut state = ViewState::default();
            state.select(3);
            match panel.figure {
                Figure::Chart(chart) => {
                    let mut svg = String::new();
                    {
                        let mut backend = SVGBackend::with_string(&mut svg, (480, 300));
                        view::draw_chart(chart, &mut backend, playground, &mut state, &options).unwrap();
                    }
                    svg.into_bytes()
                }
                Figure::Image(figure) => {
                    view::paint(figure, playground, &mut state, 480, 300, &options);
                    state.image().pixels.clone()
                }
            }
        })
        .collect()
}

/// Other values to try for a live setting: a larger and a smaller number, or every other choice.
fn other_values(control: &Control, config: &Config, current: &Value) -> Vec<Value> {
    match control {
        Control::Number { get, whole: true, .. } => {
            let v = get(config) as u64;
            vec![json!(v + 1), json!(v.saturating_sub(1))]
        }
        Control::Number { get, .. } => {
            let v = get(config);
            vec![json!(v * 1.5), json!(v * 0.5), json!(0.05)]
        }
        Control::Choice { choices, .. } => {
            choices.iter().map(|(name, _)| json!(name)).filter(|name| name != current).collect()
        }
        Control::Layers { .. } => Vec::new(),
    }
}

#[test]
fn a_live_setting_redraws_exactly_the_figures_that_draw_it() {
    let live: Vec<_> = SETTINGS.iter().filter(|s| s.restarts.is_none()).collect();
    // (panel, setting) pairs seen changing a figure, in any preset.
    let mut seen: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for preset in presets::all() {
        let mut playground = Playground::from_preset(preset.name, None).unwrap();
        playground.trainer_mut().run(30);
        let before = draw_all(&mut playground);
        for setting in &live {
            let current = setting.value(playground.config());
            for value in other_values(&setting.control, playground.config(), &current) {
                // A value this preset refuses (KL with tanh units) is skipped.
                if playground.set(&json!({ setting.key: value }).to_string()).is_err() {
                    continue;
                }
                let after = draw_all(&mut playground);
                for ((panel, a), b) in PANELS.iter().zip(&after).zip(&before) {
                    if a != b {
                        assert!(
                            panel.spec.shows_settings.contains(&setting.key),
                            "{}: {} = {value} changed the {} figure, which does not list it in shows_settings",
                            preset.name,
                            setting.key,
                            panel.spec.id
                        );
                        seen.entry(panel.spec.id).or_default().insert(setting.key);
                    }
                }
                playground.set(&json!({ setting.key: current }).to_string()).unwrap();
            }
        }
    }
    for panel in PANELS {
        for key in panel.spec.shows_settings {
            assert!(live.iter().any(|s| s.key == *key), "{} lists {key}, which is not a live setting", panel.spec.id);
            assert!(
                seen.get(panel.spec.id).is_some_and(|keys| keys.contains(key)),
                "{} lists {key}, but no change to it changed the figure in any preset",
                panel.spec.id
            );
        }
    }
}

#[test]
fn a_figure_revision_moves_with_training_restarts_and_only_the_settings_it_draws() {
    let spec = |id: &str| view::panel(id).unwrap().spec;
    let (kl_curve, loss, l1_l2) = (spec("kl-curve"), spec("loss"), spec("l1-l2"));
    let mut revisions = FigureRevisions::default();
    let at =
        |r: &FigureRevisions, session: u64| [r.of(&kl_curve, session), r.of(&loss, session), r.of(&l1_l2, session)];
    let start = at(&revisions, 10);
    // Training moves the session figures, not a figure of the objective.
    let trained = at(&revisions, 11);
    assert!(trained[0] != start[0] && trained[1] != start[1] && trained[2] == start[2]);

    let before = Config::default();
    let rho = before.merged_with_json(r#"{"rho": 0.2}"#).unwrap().into_inner();
    revisions.settings_changed(&before, &rho);
    let after_rho = at(&revisions, 11);
    assert!(after_rho[0] > trained[0], "ρ is drawn by the KL curve");
    assert_eq!(after_rho[1..], trained[1..], "the loss chart and the L1/L2 figure do not draw ρ");
    assert_eq!(revisions.settings(), 1);

    // Every later change to ρ moves the KL curve again (a count, never a value that could repeat).
    let lambda = rho.merged_with_json(r#"{"lambda": 0.5, "rho": 0.3}"#).unwrap().into_inner();
    revisions.settings_changed(&rho, &lambda);
    let after_both = at(&revisions, 11);
    assert!(after_both[0] > after_rho[0] && after_both[2] > after_rho[2] && after_both[1] == after_rho[1]);
    // Setting the same values again changes nothing.
    revisions.settings_changed(&lambda, &lambda);
    assert_eq!(at(&revisions, 11), after_both);

    revisions.restarted();
    let restarted = at(&revisions, 11);
    assert!(restarted.iter().zip(&after_both).all(|(a, b)| a > b), "a restart moves every figure");
}
