//! Figures out: every chart panel draws as an SVG document, image panels offer none, and the numbers behind
//! each panel are a CSV with its stated columns and one row per item.

use sae_playground::playground::Playground;
use sae_playground::view::export::{chart_svg, numbers_csv, Numbers};
use sae_playground::view::{DrawOptions, Figure, ViewState, PANELS};

#[test]
fn charts_as_svg_and_numbers_as_csv() {
    let mut playground = Playground::from_preset("kl-sparse", None).unwrap();
    playground.trainer_mut().run(120);
    let mut view = ViewState::default();
    let options = DrawOptions { scale: 1.0, ..DrawOptions::default() };
    for panel in PANELS {
        let svg = chart_svg(panel, &mut playground, &mut view, 480, 300, &options);
        match panel.figure {
            Figure::Chart(_) => {
                let svg = svg.expect("a chart has an SVG").expect("it draws");
                assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{}", panel.spec.id);
                let shapes: usize = ["<path", "<line", "<polyline", "<polygon", "<rect", "<circle", "<text"]
                    .iter()
                    .map(|tag| svg.matches(tag).count())
                    .sum();
                assert!(svg.contains("480") && shapes > 5, "{}: {shapes} shapes", panel.spec.id);
            }
            Figure::Image(_) => assert!(svg.is_none(), "{}: an image is a picture, not an SVG", panel.spec.id),
        }
        let csv = numbers_csv(panel, &playground, &mut view);
        let rows: Vec<Vec<&str>> = csv.trim_end().lines().map(|l| l.split(',').collect()).collect();
        let columns = panel.spec.numbers.columns();
        assert_eq!(&rows[0][..columns.len()], columns, "{}", panel.spec.id);
        assert!(rows.iter().all(|r| r.len() == rows[0].len()), "{}: ragged CSV", panel.spec.id);
        let expected = match panel.spec.numbers {
            Numbers::History => playground.trainer().history().points().len(),
            Numbers::Units => playground.config().code_size,
            Numbers::ProbeCodes => 64,
        };
        assert_eq!(rows.len() - 1, expected, "{}", panel.spec.id);
    }
}
