use super::schema::Control;
use super::*;
use std::collections::HashSet;

#[test]
fn default_is_valid() {
    Config::default().validate().unwrap();
}

#[test]
fn every_bad_setting_has_a_sentence() {
    let objective = |o: ObjectiveSettings| Config { objective: o, ..Config::default() };
    let bad: Vec<(&str, Config)> = vec![
        ("rho", objective(ObjectiveSettings { rho: 1.0, ..Default::default() })),
        ("rho", objective(ObjectiveSettings { rho: 0.0, ..Default::default() })),
        ("lambda", objective(ObjectiveSettings { lambda: -0.1, ..Default::default() })),
        ("beta", objective(ObjectiveSettings { beta: f64::NAN, ..Default::default() })),
        ("batchSize", Config { batch_size: 0, ..Config::default() }),
        ("batchSize", Config { batch_size: 2000, ..Config::default() }),
        ("learningRate", Config { learning_rate: 0.0, ..Config::default() }),
        ("learningRate", Config { learning_rate: -1.0, ..Config::default() }),
        ("k", objective(ObjectiveSettings { penalty: Penalty::TopK, k: 3, ..Default::default() })),
        ("penalty", objective(ObjectiveSettings { penalty: Penalty::Kl, ..Default::default() })),
        ("encoderLayers", Config { encoder_layers: vec![4, 4, 4, 4], ..Config::default() }),
        ("codeSize", Config { code_size: 0, ..Config::default() }),
        ("samples", Config { samples: 3, batch_size: 2, ..Config::default() }),
        ("weightDecay", objective(ObjectiveSettings { weight_decay: 11.0, ..Default::default() })),
    ];
    for (field, config) in bad {
        let err = config.validate().expect_err(field);
        assert_eq!(err.field(), field, "{err}");
        let sentence = err.to_string();
        assert!(sentence.ends_with('.') && sentence.len() > 20, "{sentence}");
    }
}

#[test]
fn kl_error_explains_why() {
    let config = Config {
        activation: Activation::Relu,
        objective: ObjectiveSettings { penalty: Penalty::Kl, ..Default::default() },
        ..Config::default()
    };
    let err = config.validate().unwrap_err();
    assert!(err.to_string().contains("(0, 1)"), "{err}");
    assert!(err.to_string().contains("relu"), "{err}");
}

#[test]
fn json_round_trip_and_partial_merge() {
    let c = Config::default();
    assert_eq!(Config::from_json(&c.to_json()).unwrap(), c);
    let merged = c.merged_with_json(r#"{"rho": 0.2, "penalty": "kl", "activation": "sigmoid"}"#).unwrap();
    assert_eq!(merged.objective.rho, 0.2);
    assert_eq!(merged.objective.penalty, Penalty::Kl);
    assert!(c.needs_reset(&merged), "the activation restarts");
    let live = c.merged_with_json(r#"{"rho": 0.2, "lambda": 3}"#).unwrap();
    assert!(!c.needs_reset(&live));
    assert!(c.needs_reset(&Config { code_size: 3, ..c.clone() }));
    let typo = c.merged_with_json(r#"{"lamda": 1}"#).unwrap_err();
    assert!(typo.to_string().contains("lamda"), "{typo}");
    assert!(typo.to_string().contains("did you mean \"lambda\""), "{typo}");
}

#[test]
fn layer_sizes_mirror_the_encoder() {
    let c = Config { encoder_layers: vec![32, 8], code_size: 2, ..Config::default() };
    assert_eq!(c.layer_sizes(3), vec![3, 32, 8, 2, 8, 32, 3]);
}

#[test]
fn the_table_has_one_row_per_key_and_every_choice_round_trips() {
    let keys: HashSet<&str> = SETTINGS.iter().map(|s| s.key).collect();
    assert_eq!(keys.len(), SETTINGS.len(), "keys are unique");
    let json_keys: HashSet<String> = Config::default().to_value().as_object().unwrap().keys().cloned().collect();
    assert_eq!(json_keys.len(), SETTINGS.len());
    for s in SETTINGS {
        assert!(!s.label.is_empty() && s.help.len() > 20 && s.name.starts_with(char::is_uppercase), "{}", s.key);
        match &s.control {
            Control::Choice { choices, get, set, .. } => {
                for (choice, label) in *choices {
                    let mut c = Config::default();
                    assert!(set(&mut c, choice), "{}: {choice}", s.key);
                    assert_eq!(get(&c), *choice);
                    assert!(!label.is_empty());
                }
                assert!(!set(&mut Config::default(), "nonsense"));
            }
            Control::Number { valid, slider, get, set, whole, .. } => {
                if let Some(slider) = slider {
                    assert!(
                        valid.contains(slider.max) && slider.min <= slider.max,
                        "{}: slider inside the range",
                        s.key
                    );
                    assert!(valid.contains(slider.min) || slider.min == 0.0, "{}", s.key);
                }
                let mut c = Config::default();
                let v = if *whole { 7.0 } else { 0.25 };
                set(&mut c, v);
                assert_eq!(get(&c), v, "{}", s.key);
            }
            Control::Layers { .. } => {}
        }
    }
    // Every variant of every choice enum is offered.
    let count = |key: &str| match &setting(key).unwrap().control {
        Control::Choice { choices, .. } => choices.len(),
        _ => 0,
    };
    assert_eq!(count("dataset"), DataKind::ALL.len());
    assert_eq!(count("penalty"), Penalty::ALL.len());
    assert_eq!(count("optimizer"), OptimizerKind::ALL.len());
    assert_eq!(count("activation"), Activation::ALL.len());
    assert_eq!(count("outputActivation"), OutputActivation::ALL.len());
}

#[test]
fn reset_rules_come_from_the_table() {
    let base = Config::default();
    for s in SETTINGS {
        let mut next = base.clone();
        let changed = match &s.control {
            Control::Number { get, set, .. } => {
                set(&mut next, get(&base) + 1.0);
                true
            }
            Control::Choice { choices, get, set, .. } => {
                choices.iter().find(|(c, _)| *c != get(&base)).map(|(c, _)| set(&mut next, c)).unwrap_or(false)
            }
            Control::Layers { set, .. } => {
                set(&mut next, vec![5]);
                true
            }
        };
        assert!(changed, "{}", s.key);
        assert_eq!(base.needs_reset(&next), s.restarts.is_some(), "{}", s.key);
        assert_eq!(base.data_differs(&next), s.restarts == Some(Restart::Data), "{}", s.key);
    }
}

#[test]
fn values_of_the_wrong_kind_are_named_in_words() {
    let c = Config::default();
    let message = |json: &str| c.merged_with_json(json).unwrap_err().to_string();
    assert_eq!(message(r#"{"rho": null}"#), "The sparsity target ρ (rho) must be a number, but it is missing (null).");
    assert_eq!(message(r#"{"rho": "abc"}"#), "The sparsity target ρ (rho) must be a number, but it is \"abc\".");
    assert_eq!(message(r#"{"codeSize": 2.5}"#), "The code size (codeSize) must be a whole number, but it is 2.5.");
    assert_eq!(message(r#"{"codeSize": -3}"#), "The code size must be between 1 and 1024, but it is -3.");
    assert_eq!(
        message(r#"{"optimizer": "rmsprop"}"#),
        "The optimizer (optimizer) must be one of \"sgd\", \"momentum\" or \"adam\", but it is \"rmsprop\"."
    );
    assert_eq!(message(r#"{"__proto__": 1}"#), "\"__proto__\" is not a setting of this playground.");
    assert_eq!(message("[1]"), "The settings could not be read: expected an object of settings, like {\"rho\": 0.1}.");
    let long = format!(r#"{{"dataset": "{}"}}"#, "x".repeat(100_000));
    assert!(message(&long).len() < 200, "a long value is quoted short");
}

#[test]
fn url_texts_are_read_strictly_and_refusals_leave_the_rest() {
    let base = Config::default();
    let (config, refused) = base
        .with_texts([
            ("rho", "0.2"),
            ("codeSize", "5"),
            ("rho", "7"),
            ("lambda", ""),
            ("beta", "0x10"),
            ("constructor", "1"),
        ])
        .unwrap();
    assert_eq!(config.objective.rho, 0.2);
    assert_eq!(config.code_size, 5);
    assert_eq!(config.objective.lambda, base.objective.lambda, "a blank value is not 0");
    assert_eq!(config.objective.beta, base.objective.beta, "hex is not read");
    let positions: Vec<usize> = refused.iter().map(|(i, _)| *i).collect();
    assert_eq!(positions, [2, 3, 4, 5]);
    assert_eq!(refused[1].1.to_string(), "The L1 strength λ (lambda) must be a number, but it is blank.");
    assert_eq!(refused[2].1.to_string(), "The KL strength β (beta) must be a number, but it is \"0x10\".");
    let (layers, _) = base.with_texts([("encoderLayers", "32,16")]).unwrap();
    assert_eq!(layers.encoder_layers, vec![32, 16]);
    let (none, _) = base.with_texts([("encoderLayers", "")]).unwrap();
    assert!(none.encoder_layers.is_empty());
}

#[test]
fn availability_says_why() {
    let c = Config::default();
    let a = c.availability();
    assert!(a["rho"]["off"].as_str().unwrap().contains("KL"));
    assert!(a["penalty"]["choicesOff"]["kl"].as_str().unwrap().contains("sigmoid"));
    assert!(a.get("learningRate").is_none());
    let sigmoid = Config { activation: Activation::Sigmoid, ..c };
    assert!(sigmoid.availability()["penalty"].get("choicesOff").is_none());
}
