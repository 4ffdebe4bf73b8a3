//! The deadlines a ticket commits to: their names, and the stored times of each.

use serde::{Deserialize, Serialize};

use super::time::Stamp;

/// The deadlines committed to this ticket; stored, never recomputed from the policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Due {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Stamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Stamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Stamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promised: Option<Stamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback: Option<Stamp>,
}

/// The names of the deadlines, in the order they are shown.
pub const DEADLINES: [&str; 5] = ["response", "progress", "resolution", "promised", "callback"];

/// The duty, in each round of work not solved on its first day, to tell the customer
/// when (a promised date): a deadline no stored time holds, but one that can be missed.
pub const NO_PROMISE: &str = "no-promise";

/// Everything a ticket can miss: the deadlines, and the promise owed.
pub const MISSABLE: [&str; 6] = [
    "response",
    "progress",
    "resolution",
    "promised",
    "callback",
    NO_PROMISE,
];

impl Due {
    /// Returns a deadline by name.
    pub fn get(&self, name: &str) -> Option<Stamp> {
        match name {
            "response" => self.response,
            "progress" => self.progress,
            "resolution" => self.resolution,
            "promised" => self.promised,
            "callback" => self.callback,
            _ => None,
        }
    }

    /// Returns a deadline slot by name.
    pub fn slot(&mut self, name: &str) -> Option<&mut Option<Stamp>> {
        match name {
            "response" => Some(&mut self.response),
            "progress" => Some(&mut self.progress),
            "resolution" => Some(&mut self.resolution),
            "promised" => Some(&mut self.promised),
            "callback" => Some(&mut self.callback),
            _ => None,
        }
    }
}
