//! A config that passed every check, once: the trainer and the session take only this, so nothing
//! downstream validates again.

use super::{Config, ConfigError, DataKind, Penalty, SETTINGS};
use std::ops::Deref;

/// A validated [`Config`]. Read it through `Deref`; change it by making a new one with
/// [`Config::check`].
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedConfig(Config);

impl CheckedConfig {
    pub(super) fn new(config: Config) -> Result<CheckedConfig, ConfigError> {
        validate(&config)?;
        Ok(CheckedConfig(config))
    }

    /// The config itself, to change and check again.
    pub fn into_inner(self) -> Config {
        self.0
    }
}

impl Deref for CheckedConfig {
    type Target = Config;

    fn deref(&self) -> &Config {
        &self.0
    }
}

/// Every setting against its row of the table, then the rules that tie settings together.
pub(super) fn validate(config: &Config) -> Result<(), ConfigError> {
    SETTINGS.iter().try_for_each(|s| s.check(config))?;
    if config.active_features > config.true_features {
        return Err(ConfigError::ActiveFeatures { given: config.active_features, features: config.true_features });
    }
    if config.objective.penalty == Penalty::TopK && config.objective.k > config.code_size {
        return Err(ConfigError::TopKLargerThanCode { k: config.objective.k, code_size: config.code_size });
    }
    // A CSV's size is known only once it is parsed; the trainer checks the batch against its rows then.
    if config.dataset != DataKind::Csv && config.batch_size > config.samples {
        return Err(ConfigError::BatchLargerThanData { batch: config.batch_size, samples: config.samples });
    }
    Ok(())
}
