//! What a setting is: the one description of each setting that validation, reset rules, JSON and URL
//! reading, the page's controls and the embed's control selection all read. The table itself is in
//! [`super::table`].

use super::error::ConfigError;
use super::range::{Slider, ValidRange};
use super::Config;
use crate::excerpt::quoted;
use serde_json::{json, Value};

/// The largest seed: every whole number up to it is exact in a JavaScript number.
pub const MAX_SEED: f64 = 9_007_199_254_740_991.0;

/// The heading a setting is shown under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Data,
    Architecture,
    Sparsity,
    Training,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::Data => "Data",
            Group::Architecture => "Architecture",
            Group::Sparsity => "Sparsity",
            Group::Training => "Training",
        }
    }
}

/// What changing a setting restarts. Settings without one are live: they apply to the next step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Restart {
    /// A new data set (and new weights).
    Data,
    /// New weights for another shape.
    Architecture,
    /// New weights for another activation.
    Activation,
    /// New weights from another seed.
    Seed,
}

impl Restart {
    /// The phrase for "Changing … restarted training".
    pub fn what(self) -> &'static str {
        match self {
            Restart::Data => "the data set",
            Restart::Architecture => "the architecture",
            Restart::Activation => "the activation",
            Restart::Seed => "the seed",
        }
    }
}

/// One choice of a choice setting: its name in configs and URLs, and its label on the page.
pub type Choice = (&'static str, &'static str);

/// How a setting's value is stored and shown.
pub enum Control {
    /// A number: a slider over `slider` with an exact box beside it, or a number box alone when there is
    /// no slider (seeds).
    Number {
        valid: ValidRange,
        /// Only whole numbers.
        whole: bool,
        slider: Option<Slider>,
        /// The key of a setting whose value is this slider's top (k follows the code size).
        slider_max_from: Option<&'static str>,
        get: fn(&Config) -> f64,
        /// Stores a value already known to be finite (and whole, for whole settings).
        set: fn(&mut Config, f64),
    },
    /// One of a few names.
    Choice {
        choices: &'static [Choice],
        get: fn(&Config) -> &'static str,
        /// Stores the choice; `false` for a name that is not a choice.
        set: fn(&mut Config, &str) -> bool,
        /// Why `choice` cannot be used with the rest of `config`, if it cannot.
        unavailable: fn(choice: &str, config: &Config) -> Option<ConfigError>,
    },
    /// A list of layer widths.
    Layers { max_depth: usize, width: ValidRange, get: fn(&Config) -> &[usize], set: fn(&mut Config, Vec<usize>) },
}

/// Everything about one setting.
pub struct Setting {
    /// The config key: camelCase, the same in JSON, URLs, model files and the embed's `controls=`.
    pub key: &'static str,
    pub group: Group,
    pub label: &'static str,
    /// The report's symbol, "" when it has none.
    pub symbol: &'static str,
    /// How a sentence names it: "The sparsity target ρ".
    pub name: &'static str,
    pub help: &'static str,
    /// Where it enters the objective or the update, "" when it does not.
    pub formula: &'static str,
    pub control: Control,
    /// What changing it restarts; `None`: live.
    pub restarts: Option<Restart>,
    /// Why it does not apply to `config` (the control is then disabled with this sentence).
    pub off_when: fn(&Config) -> Option<&'static str>,
}

/// Applies to every config.
pub fn always(_: &Config) -> Option<&'static str> {
    None
}

/// Every choice is available.
pub fn any_choice(_: &str, _: &Config) -> Option<ConfigError> {
    None
}

impl Setting {
    /// The value in `config`, as JSON.
    pub fn value(&self, config: &Config) -> Value {
        match &self.control {
            Control::Number { whole: true, get, .. } => json!(get(config) as u64),
            Control::Number { get, .. } => json!(get(config)),
            Control::Choice { get, .. } => json!(get(config)),
            Control::Layers { get, .. } => json!(get(config)),
        }
    }

    /// Stores a JSON value, or says what is wrong with it. Ranges are checked by validation, except
    /// where the value could not even be stored (a negative count, more layers than there can be).
    pub fn store(&self, config: &mut Config, value: &Value) -> Result<(), ConfigError> {
        match &self.control {
            Control::Number { whole, set, .. } => {
                let number = value.as_f64().ok_or_else(|| self.wrong_type(describe_json(value)))?;
                set(config, self.storable_number(number, *whole)?);
            }
            Control::Choice { set, .. } => {
                let name = value.as_str().ok_or_else(|| self.wrong_type(describe_json(value)))?;
                if !set(config, name) {
                    return Err(self.wrong_type(quoted(name)));
                }
            }
            Control::Layers { set, .. } => {
                let items = value.as_array().ok_or_else(|| self.wrong_type(describe_json(value)))?;
                let widths = items
                    .iter()
                    .map(|item| {
                        let width = item.as_f64().ok_or_else(|| self.wrong_type(describe_json(value)))?;
                        self.storable_number(width, true).map(|w| w as usize)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                set(config, widths);
            }
        }
        Ok(())
    }

    /// Stores a value typed as text (the URL, the exact-value boxes): numbers in plain decimal notation
    /// only, so a blank, `0x10` or `Infinity` is refused rather than read as 0, 16 or a non-number.
    pub fn store_text(&self, config: &mut Config, text: &str) -> Result<(), ConfigError> {
        let value = match &self.control {
            Control::Number { .. } => {
                json!(parse_decimal(text).ok_or_else(|| self.wrong_type(describe_text(text)))?)
            }
            Control::Choice { .. } => json!(text),
            Control::Layers { .. } if text.trim().is_empty() => json!([]),
            Control::Layers { .. } => {
                let widths: Option<Vec<f64>> = text.split(',').map(parse_decimal).collect();
                json!(widths.ok_or_else(|| self.wrong_type(describe_text(text)))?)
            }
        };
        self.store(config, &value)
    }

    /// The values a numeric setting accepts (a layer list: each width's), `None` for a choice.
    pub fn valid_range(&self) -> Option<ValidRange> {
        match &self.control {
            Control::Number { valid, .. } => Some(*valid),
            Control::Layers { width, .. } => Some(*width),
            Control::Choice { .. } => None,
        }
    }

    /// Checks the value in `config` against the valid range and the available choices.
    pub fn check(&self, config: &Config) -> Result<(), ConfigError> {
        match &self.control {
            Control::Number { valid, get, .. } => self.check_in(*valid, get(config)),
            Control::Choice { get, unavailable, .. } => unavailable(get(config), config).map_or(Ok(()), Err),
            Control::Layers { max_depth, width, get, .. } => {
                let widths = get(config);
                if widths.len() > *max_depth {
                    return Err(ConfigError::TooManyLayers { given: widths.len(), max: *max_depth });
                }
                widths.iter().try_for_each(|&w| self.check_in(*width, w as f64))
            }
        }
    }

    fn check_in(&self, valid: ValidRange, value: f64) -> Result<(), ConfigError> {
        if valid.contains(value) {
            Ok(())
        } else {
            Err(self.out_of_range(valid, shown(value)))
        }
    }

    /// A number that fits the setting's storage: finite, and for whole settings a whole number from 0 to
    /// [`MAX_SEED`].
    fn storable_number(&self, number: f64, whole: bool) -> Result<f64, ConfigError> {
        if !number.is_finite() {
            return Err(self.wrong_type(shown(number)));
        }
        if whole && number.fract() != 0.0 {
            return Err(self.wrong_type(shown(number)));
        }
        if whole && !(0.0..=MAX_SEED).contains(&number) {
            let valid = match &self.control {
                Control::Number { valid, .. } => *valid,
                Control::Layers { width, .. } => *width,
                Control::Choice { .. } => unreachable!("choices hold no numbers"),
            };
            return Err(self.out_of_range(valid, shown(number)));
        }
        Ok(number)
    }

    fn out_of_range(&self, valid: ValidRange, value: String) -> ConfigError {
        ConfigError::OutOfRange { field: self.key, name: self.name, value, allowed: valid.describe() }
    }

    fn wrong_type(&self, got: String) -> ConfigError {
        ConfigError::WrongType { field: self.key, name: self.name, expected: self.expected(), got }
    }

    /// What a value must be, in words: "a number", "one of \"sgd\", \"momentum\" or \"adam\"".
    pub fn expected(&self) -> String {
        match &self.control {
            Control::Number { whole: false, .. } => "a number".into(),
            Control::Number { whole: true, .. } => "a whole number".into(),
            Control::Layers { .. } => "a list of whole numbers".into(),
            Control::Choice { choices, .. } => {
                let names: Vec<String> = choices.iter().map(|(name, _)| format!("\"{name}\"")).collect();
                match names.split_last() {
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => format!("one of {} or {last}", rest.join(", ")),
                    None => "nothing".into(),
                }
            }
        }
    }

    /// The setting for the page: every field but the accessors, with the choices' availability left to
    /// [`Config::availability`].
    pub fn describe(&self) -> Value {
        let mut d = json!({
            "key": self.key,
            "group": self.group.title(),
            "label": self.label,
            "symbol": self.symbol,
            "name": self.name,
            "help": self.help,
            "formula": self.formula,
            "live": self.restarts.is_none(),
            "restarts": self.restarts.map(Restart::what),
        });
        let control = match &self.control {
            Control::Number { valid, whole, slider, slider_max_from, .. } => json!({
                "kind": if slider.is_some() { "range" } else { "number" },
                "valid": valid, "whole": whole, "slider": slider, "sliderMaxFrom": slider_max_from,
            }),
            Control::Choice { choices, .. } => json!({
                "kind": "select",
                "choices": choices.iter().map(|(value, label)| json!({ "value": value, "label": label })).collect::<Vec<_>>(),
            }),
            Control::Layers { max_depth, width, .. } => {
                json!({ "kind": "layers", "maxDepth": max_depth, "width": width })
            }
        };
        d.as_object_mut().expect("an object").extend(control.as_object().expect("an object").clone());
        d
    }
}

/// A number written in plain decimal notation (sign, digits, fraction, exponent), surrounding spaces
/// allowed; anything else (blank, hex, `Infinity`, `1,5`) is `None`.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let t = text.trim();
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    let mantissa = digits.split(['e', 'E']).next().unwrap_or("");
    let plain = !mantissa.is_empty()
        && mantissa.chars().any(|c| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    if !plain {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A number as a message shows it: as written when that is short, in scientific notation otherwise (so
/// 4.5e-260 is not 260 digits long).
fn shown(v: f64) -> String {
    let plain = format!("{v}");
    if plain.len() <= 16 {
        plain
    } else {
        format!("{v:e}")
    }
}

/// A JSON value in words, for "but it is …".
fn describe_json(value: &Value) -> String {
    match value {
        Value::Null => "missing (null)".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), shown),
        Value::String(s) => quoted(s),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn describe_text(text: &str) -> String {
    if text.trim().is_empty() {
        "blank".into()
    } else {
        quoted(text)
    }
}

#[cfg(test)]
mod tests {
    use super::parse_decimal;

    #[test]
    fn numbers_in_messages_stay_short() {
        assert_eq!(super::shown(0.25), "0.25");
        assert_eq!(super::shown(1e30), "1e30");
        assert_eq!(super::shown(4.507147113168147e-260), "4.507147113168147e-260");
    }

    #[test]
    fn only_plain_decimals_are_numbers() {
        for (text, value) in [("0.2", 0.2), ("-3", -3.0), ("+1e-3", 1e-3), (" 7 ", 7.0), (".5", 0.5), ("5.", 5.0)] {
            assert_eq!(parse_decimal(text), Some(value), "{text}");
        }
        for text in ["", " ", "+", "\u{a0}", "0x10", "Infinity", "NaN", "1,5", "1e", "e5", "--1", "1e999", "abc"] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
        }
    }
}
