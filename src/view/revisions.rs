//! One number per figure that changes whenever what the figure draws changes: the page redraws a panel
//! when its number moves. Training, the selected sample, PCA's reference and a restart move every
//! session figure's number; a live setting moves only the numbers of the figures that draw it
//! ([`PanelSpec::shows_settings`]). Dragging λ on a paused model redraws the two figures that show λ,
//! not all twelve: on a slow machine, redrawing every figure at every step of a drag dropped most frames.

use super::panel::{DependsOn, PanelSpec};
use crate::config::{Config, SETTINGS};

/// The settings' and restarts' part of every figure's revision (the session's part, weights and
/// selection, comes with each call to [`FigureRevisions::of`]).
#[derive(Clone, Debug, Default)]
pub struct FigureRevisions {
    /// Bumped by every restart (new data, architecture, seed, model file, reset).
    restarts: u64,
    /// Every settings change, counted: a changed setting takes the next count.
    changes: u64,
    /// `(key, count at its last change)`, for the settings changed since the session began.
    settings: Vec<(&'static str, u64)>,
}

impl FigureRevisions {
    /// A restart: every figure is stale.
    pub fn restarted(&mut self) {
        self.restarts += 1;
    }

    /// Notes which settings differ between `before` and `after`.
    pub fn settings_changed(&mut self, before: &Config, after: &Config) {
        for setting in SETTINGS.iter().filter(|s| s.value(before) != s.value(after)) {
            self.changes += 1;
            match self.settings.iter_mut().find(|(key, _)| *key == setting.key) {
                Some((_, count)) => *count = self.changes,
                None => self.settings.push((setting.key, self.changes)),
            }
        }
    }

    /// Any settings change or restart so far (the page's controls and formula cards follow this).
    pub fn settings(&self) -> u64 {
        self.restarts + self.changes
    }

    /// The revision of the figure `spec`, for a session whose weights, selection and PCA reference add
    /// up to `session` (ignored by figures of the objective alone, [`DependsOn::Config`]).
    pub fn of(&self, spec: &PanelSpec, session: u64) -> u64 {
        let shown: u64 =
            self.settings.iter().filter(|(key, _)| spec.shows_settings.contains(key)).map(|(_, count)| count).sum();
        let session = if spec.depends_on == DependsOn::Session { session } else { 0 };
        session + self.restarts + shown
    }
}
