//! Property tests for every reader of user input: the CSV reader, the model-file reader and the config
//! merger. Any input gets either a usable result or a typed error whose sentence is short (at most
//! [`MAX_MESSAGE`] characters), names the field or the line, and ends with a full stop; a refusal leaves
//! the session exactly as it was.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use sae_playground::config::{CheckedConfig, Config, ConfigError};
use sae_playground::data::{csv, DataError};
use sae_playground::model::Model;
use sae_playground::model_file::ModelFile;
use sae_playground::playground::Playground;
use serde_json::{json, Map, Value};

/// Longest message a student should have to read.
const MAX_MESSAGE: usize = 300;

fn runner_config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Short, and one or more sentences ending with a full stop.
fn check_sentence(message: &str) -> Result<(), TestCaseError> {
    let chars = message.chars().count();
    let start: String = message.chars().take(400).collect();
    prop_assert!(chars <= MAX_MESSAGE, "{chars} characters: {start}");
    prop_assert!(message.ends_with('.'), "no full stop: {start}");
    Ok(())
}

/// Everything a refusal must leave alone: the settings, every parameter and the step.
fn session_state(p: &Playground) -> (Config, Vec<f32>, u64) {
    (p.config().clone(), p.trainer().model().params.values.clone(), p.trainer().step_count())
}

// ---------------------------------------------------------------- CSV

/// A number as a spreadsheet writes it: decimal point, integer, exponent or decimal comma.
fn number_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1e6f64..1e6).prop_map(|v| format!("{v}")),
        (-1000i32..1000).prop_map(|v| v.to_string()),
        (-1e30f64..1e30).prop_map(|v| format!("{v:e}")),
        (0u32..100, 0u32..100).prop_map(|(a, b)| format!("{a},{b}")),
    ]
}

/// Something hostile in place of a number.
fn hostile_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        prop::sample::select(vec!["NaN", "inf", "-infinity", "1e300", "0x10", "1.234,5", "label", "1 2"])
            .prop_map(str::to_owned),
        "[a-z]{1,8}",
        "\"[^\"]{0,10}\"",
        ".{0,60}",
        Just("x".repeat(5000)),
        Just("\u{0}\u{7}\u{202e}\u{feff}".into()),
    ]
}

/// A table of numbers in any of the separators and line ends, with or without header and byte-order
/// mark, sometimes with a hostile cell or a row of another width.
fn table() -> impl Strategy<Value = String> {
    (
        (
            prop::sample::select(vec![",", ";", "\t", " "]),
            prop::sample::select(vec!["\n", "\r\n", "\r"]),
            any::<bool>(),
        ),
        prop::option::of(prop::collection::vec("[a-zA-Z_ ]{0,12}", 1..5)),
        (1usize..5, 0usize..40),
        prop::collection::vec(number_cell(), 200),
        prop::option::weighted(0.5, (0usize..200, hostile_cell())),
        prop::option::weighted(0.2, (0usize..40, 0usize..6)),
    )
        .prop_map(|((sep, end, bom), header, (width, rows), mut cells, hostile, ragged)| {
            if sep == "," {
                // A decimal comma cannot be meant in a comma-separated file.
                cells.iter_mut().for_each(|c| *c = c.replace(',', "."));
            }
            if let Some((at, cell)) = hostile {
                cells[at] = cell;
            }
            let mut text = String::from(if bom { "\u{feff}" } else { "" });
            if let Some(names) = header {
                text.push_str(&names.join(sep));
                text.push_str(end);
            }
            let mut next = cells.iter().cycle();
            for row in 0..rows {
                let n = match ragged {
                    Some((at, n)) if at == row => n,
                    _ => width,
                };
                let fields: Vec<&str> = (0..n).map(|_| next.next().unwrap().as_str()).collect();
                text.push_str(&fields.join(sep));
                text.push_str(end);
            }
            text
        })
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,300}",
        prop::collection::vec(any::<u8>(), 0..400).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

fn check_csv(text: &str) -> Result<(), TestCaseError> {
    match csv::parse(text) {
        Ok(d) => {
            prop_assert!(d.len() >= csv::MIN_ROWS && d.len() <= csv::MAX_ROWS);
            prop_assert!(d.dim() >= csv::MIN_COLUMNS);
            prop_assert_eq!(d.column_names.len(), d.dim());
            prop_assert!(d.x.iter().all(|v| v.is_finite()));
        }
        Err(e) => {
            check_sentence(&e.to_string())?;
            match e {
                DataError::CsvLine { line, .. } => {
                    let lines = text.split(['\n', '\r']).count();
                    prop_assert!(line >= 1 && line <= lines, "line {} of {}", line, lines);
                }
                DataError::Csv(_) => {}
                other => prop_assert!(false, "not a CSV error: {other:?}"),
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(runner_config())]

    #[test]
    fn csv_tables_get_data_or_a_sentence(text in table()) {
        check_csv(&text)?;
    }

    #[test]
    fn csv_arbitrary_text_gets_data_or_a_sentence(text in any_text()) {
        check_csv(&text)?;
    }

    #[test]
    fn a_refused_csv_leaves_the_session_unchanged(text in table()) {
        let mut p = Playground::new(Config::default()).unwrap();
        let before = session_state(&p);
        if let Err(e) = p.load_csv(&text) {
            check_sentence(&e.to_string())?;
            prop_assert!(session_state(&p) == before, "changed by a refused CSV: {e}");
        }
    }
}

// ---------------------------------------------------------------- model files

/// Any JSON value, with the edge cases of numbers and text made likely.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|v| json!(v)),
        any::<f64>().prop_filter("JSON numbers are finite", |v| v.is_finite()).prop_map(|v| json!(v)),
        prop::sample::select(vec![json!(-1), json!(0), json!(1), json!(2), json!(2.5), json!(1e30), json!(3.0)]),
        ".{0,50}".prop_map(Value::String),
        Just(Value::String("\u{202e}x\n".repeat(500))),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..3).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A key: a real one of a model file, a layer or the config, a random one, or a hostile one.
fn key() -> impl Strategy<Value = String> {
    let mut real: Vec<String> = ["format", "version", "config", "inputDim", "step", "layers"]
        .into_iter()
        .chain(["inputs", "outputs", "weights", "biases", "__proto__", "constructor", ""])
        .map(str::to_owned)
        .collect();
    real.extend(serde_json::to_value(Config::default()).unwrap().as_object().unwrap().keys().cloned());
    prop_oneof![3 => prop::sample::select(real), 1 => "[a-zA-Z]{1,10}", 1 => ".{0,80}"]
}

/// A valid model file of a small model, as a JSON value.
fn valid_model_file() -> Value {
    let config = Config { encoder_layers: vec![4], code_size: 2, ..Config::default() };
    let model: Model<f32> = Model::new(&config, 3);
    serde_json::from_str(&ModelFile::capture(&config, &model, 7).to_json()).unwrap()
}

/// Paths to every object member and the first two entries of every list (a path is a list of steps).
fn paths(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(Step::Key(k.clone()));
                out.push(prefix.clone());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate().take(2) {
                prefix.push(Step::Index(i));
                out.push(prefix.clone());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

#[derive(Clone, Debug)]
enum Mutation {
    Replace(prop::sample::Index, Value),
    Remove(prop::sample::Index),
    Insert(prop::sample::Index, String, Value),
    Truncate(prop::sample::Index),
    Bom,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), json_value()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        2 => any::<prop::sample::Index>().prop_map(Mutation::Remove),
        2 => (any::<prop::sample::Index>(), key(), json_value()).prop_map(|(i, k, v)| Mutation::Insert(i, k, v)),
        1 => any::<prop::sample::Index>().prop_map(Mutation::Truncate),
        1 => Just(Mutation::Bom),
    ]
}

/// A valid model file changed by `mutations`, as text.
fn mutated(mutations: &[Mutation]) -> String {
    let mut file = valid_model_file();
    let mut text_edits = Vec::new();
    for m in mutations {
        let mut all = Vec::new();
        paths(&file, &mut Vec::new(), &mut all);
        if all.is_empty() {
            break;
        }
        match m {
            Mutation::Replace(i, v) => {
                let path: &Vec<Step> = i.get(&all);
                *at(&mut file, path) = v.clone();
            }
            Mutation::Remove(i) => {
                let path: &Vec<Step> = i.get(&all);
                let (last, parent) = path.split_last().unwrap();
                match (at(&mut file, parent), last) {
                    (Value::Object(map), Step::Key(k)) => {
                        map.remove(k);
                    }
                    (Value::Array(items), Step::Index(i)) => {
                        items.remove(*i);
                    }
                    _ => {}
                }
            }
            Mutation::Insert(i, k, v) => {
                let path: &Vec<Step> = i.get(&all);
                let target = at(&mut file, &path[..path.len() - 1]);
                if let Value::Object(map) = target {
                    map.insert(k.clone(), v.clone());
                }
            }
            Mutation::Truncate(_) | Mutation::Bom => text_edits.push(m.clone()),
        }
    }
    let mut text = file.to_string();
    for edit in text_edits {
        match edit {
            Mutation::Truncate(i) => {
                let cut = i.index(text.len());
                text = text.char_indices().take_while(|(at, _)| *at < cut).map(|(_, c)| c).collect();
            }
            Mutation::Bom => text.insert(0, '\u{feff}'),
            _ => {}
        }
    }
    text
}

fn check_model_file(text: &str) -> Result<(), TestCaseError> {
    match ModelFile::from_json(text) {
        Ok(file) => {
            let again = ModelFile::from_json(&file.to_json());
            prop_assert!(again.as_ref() == Ok(&file), "a file read once must read again: {again:?}");
        }
        Err(e) => {
            let message = e.to_string();
            check_sentence(&message)?;
            prop_assert!(message.contains('`') || message.contains("line "), "names no field or line: {message}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(runner_config())]

    #[test]
    fn mutated_model_files_load_or_get_a_sentence(mutations in prop::collection::vec(mutation(), 1..4)) {
        check_model_file(&mutated(&mutations))?;
    }

    #[test]
    fn arbitrary_text_as_a_model_file_gets_a_sentence(text in any_text()) {
        check_model_file(&text)?;
    }

    #[test]
    fn any_json_as_a_model_file_gets_a_sentence(value in json_value()) {
        check_model_file(&value.to_string())?;
    }

    #[test]
    fn a_refused_model_file_leaves_the_session_unchanged(mutations in prop::collection::vec(mutation(), 1..3)) {
        let mut p = Playground::new(Config::default()).unwrap();
        p.trainer_mut().run(3);
        let before = session_state(&p);
        if let Err(e) = p.import_model(&mutated(&mutations)) {
            check_sentence(&e.to_string())?;
            prop_assert!(session_state(&p) == before, "changed by a refused model file: {e}");
        }
    }
}

// ---------------------------------------------------------------- the config merger

/// A partial config: real and hostile keys with any values, sometimes in text that is not an object.
fn partial_config() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::collection::btree_map(key(), json_value(), 0..4)
            .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>()).to_string()),
        1 => json_value().prop_map(|v| v.to_string()),
        1 => any_text(),
    ]
}

proptest! {
    #![proptest_config(runner_config())]

    /// The contract the config merger's rewrite fulfils: every refusal is a short sentence naming the
    /// setting it is about (or the line of a JSON syntax error).
    #[test]
    fn config_merger_gets_a_config_or_a_sentence(text in partial_config()) {
        for result in [Config::default().merged_with_json(&text).map(CheckedConfig::into_inner), Config::from_json(&text)] {
            match result {
                Ok(config) => {
                    if let Err(e) = config.validate() {
                        check_sentence(&e.to_string())?;
                        prop_assert!(!e.field().is_empty(), "names no setting: {e}");
                    }
                }
                Err(e) => {
                    let message = e.to_string();
                    check_sentence(&message)?;
                    let is_object = serde_json::from_str::<Value>(&text).is_ok_and(|v| v.is_object());
                    prop_assert!(
                        !e.field().is_empty()
                            || matches!(e, ConfigError::UnknownSetting { .. })
                            || message.contains("line ")
                            || !is_object,
                        "names no setting: {message}"
                    );
                }
            }
        }
    }

    /// A refused setting leaves the session as it was (this holds today and must keep holding).
    #[test]
    fn a_refused_setting_leaves_the_session_unchanged(text in partial_config()) {
        let mut p = Playground::new(Config::default()).unwrap();
        p.trainer_mut().run(3);
        let before = session_state(&p);
        if p.set(&text).is_err() {
            prop_assert!(session_state(&p) == before);
        }
    }
}
