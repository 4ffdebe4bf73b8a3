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
    /// The second check (复检), due before the resolution limit; kept until it is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recheck: Option<Stamp>,
    /// Passing the ticket to the department responsible (派单); kept until it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispatch: Option<Stamp>,
    /// The delivery promised to a customer chasing an order; kept until it is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Stamp>,
}

/// The names of the deadlines, in the order they are shown.
pub const DEADLINES: [&str; 8] = [
    "response",
    "progress",
    "resolution",
    "promised",
    "callback",
    "recheck",
    "dispatch",
    "delivery",
];

/// The duty, in each round of work not solved on its first day, to tell the customer
/// when (a promised date): a deadline no stored time holds, but one that can be missed.
pub const NO_PROMISE: &str = "no-promise";

/// Everything a ticket can miss: the deadlines, and the promise owed.
pub const MISSABLE: [&str; DEADLINES.len() + 1] = {
    let mut all = [NO_PROMISE; DEADLINES.len() + 1];
    let mut i = 0;
    while i < DEADLINES.len() {
        all[i] = DEADLINES[i];
        i += 1;
    }
    all
};

impl Due {
    /// Returns a deadline by name.
    pub fn get(&self, name: &str) -> Option<Stamp> {
        match name {
            "response" => self.response,
            "progress" => self.progress,
            "resolution" => self.resolution,
            "promised" => self.promised,
            "callback" => self.callback,
            "recheck" => self.recheck,
            "dispatch" => self.dispatch,
            "delivery" => self.delivery,
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
            "recheck" => Some(&mut self.recheck),
            "dispatch" => Some(&mut self.dispatch),
            "delivery" => Some(&mut self.delivery),
            _ => None,
        }
    }
}
