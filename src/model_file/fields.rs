//! Reading the fields of a parsed JSON model file one by one, so every refusal names its field (with a
//! path such as `layers[1].weights`), says what was expected in words and what was found.

use super::ModelFileError;
use crate::config::{self, Config};
use crate::excerpt::{excerpt, quoted};
use serde_json::{Map, Value};

/// What was found, in words: "missing", "null", "-1", "the text \"abc\"", "a list of 3 items", …
pub fn found(value: Option<&Value>) -> String {
    match value {
        None => "missing".into(),
        Some(Value::Null) => "null".into(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => format!("the text {}", quoted(s)),
        Some(Value::Array(items)) if items.len() == 1 => "a list of 1 item".into(),
        Some(Value::Array(items)) => format!("a list of {} items", items.len()),
        Some(Value::Object(_)) => "an object".into(),
    }
}

/// [`found`] for a field that must be a whole number: a whole number written as `3.0`, or one too large
/// for any count, says so (otherwise "must be a whole number, but it is 1e30" reads as nonsense).
fn found_for_whole(value: Option<&Value>) -> String {
    match value.and_then(Value::as_f64) {
        Some(v) if v.fract() == 0.0 && v >= u64::MAX as f64 => format!("{}, which is too large", found(value)),
        Some(v) if v.fract() == 0.0 && v >= 0.0 && value.and_then(Value::as_u64).is_none() => {
            format!("{}, written with a decimal point", found(value))
        }
        _ => found(value),
    }
}

pub fn field_error(path: impl Into<String>, expected: impl Into<String>, value: Option<&Value>) -> ModelFileError {
    ModelFileError::Field { path: path.into(), expected: expected.into(), found: found(value) }
}

/// A whole number in `min..=max`, or an error naming `path`.
pub fn whole_number(value: Option<&Value>, path: &str, min: u64, max: u64) -> Result<u64, ModelFileError> {
    match value.and_then(Value::as_u64) {
        Some(n) if (min..=max).contains(&n) => Ok(n),
        _ => {
            let expected = match (min, max) {
                (0, u64::MAX) => "a whole number, 0 or more".to_owned(),
                (min, u64::MAX) => format!("a whole number of at least {min}"),
                (min, max) => format!("a whole number from {min} to {max}"),
            };
            Err(ModelFileError::Field { path: path.into(), expected, found: found_for_whole(value) })
        }
    }
}

/// A list of numbers that fit an `f32` (the weights are kept in f32), or an error naming the first bad
/// entry, e.g. `layers[0].weights[12]`.
pub fn numbers(value: Option<&Value>, path: &str) -> Result<Vec<f32>, ModelFileError> {
    let Some(Value::Array(items)) = value else {
        return Err(field_error(path, "a list of numbers", value));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item.as_f64() {
            Some(v) if v.abs() <= f32::MAX as f64 => Ok(v as f32),
            Some(_) => Err(field_error(format!("{path}[{i}]"), "a number between -3.4e38 and 3.4e38", Some(item))),
            None => Err(field_error(format!("{path}[{i}]"), "a number", Some(item))),
        })
        .collect()
}

/// Refuses any key of `object` outside `known`, naming it as `prefix` + key.
pub fn only_known_keys(
    object: &Map<String, Value>,
    known: &[&str],
    prefix: &str,
    what: &'static str,
) -> Result<(), ModelFileError> {
    match object.keys().find(|k| !known.contains(&k.as_str())) {
        Some(key) => Err(ModelFileError::UnknownField {
            path: format!("{prefix}{}", excerpt(key, 40)),
            what,
            fields: in_words(known),
        }),
        None => Ok(()),
    }
}

/// "a, b and c".
fn in_words(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The model file's `config`, read setting by setting through the settings table, so a refusal names the
/// setting (`config.rho`) and says what it must be; then checked as a whole.
pub fn settings(value: Option<&Value>) -> Result<Config, ModelFileError> {
    let Some(Value::Object(settings)) = value else {
        return Err(field_error("config", "an object of settings", value));
    };
    let mut config = Config::default();
    for (key, setting_value) in settings {
        let path = format!("config.{}", excerpt(key, 40));
        let Some(setting) = config::setting(key) else {
            return Err(ModelFileError::UnknownSetting { path });
        };
        if setting.store(&mut config, setting_value).is_err() {
            return Err(ModelFileError::Field {
                path,
                expected: setting.expected(),
                found: found_for_whole(Some(setting_value)),
            });
        }
    }
    config.validate().map_err(|e| ModelFileError::InvalidConfig {
        path: match e.field() {
            "" => "config".into(),
            field => format!("config.{field}"),
        },
        sentence: sentence(&e.to_string()),
    })?;
    Ok(config)
}

/// The config's own sentence, cut to 200 characters if it is longer and ending with a full stop.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    let mut s: String = text.chars().take(200).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}
