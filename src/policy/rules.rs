//! The sections of the policy that set the service's rules past the calendar and the
//! limits: the escalation ladder, callbacks, the quality review, the second check and
//! dispatch — each as the file writes it, with its defaults.

use serde::{Deserialize, Serialize};

use super::{Span, yes};

/// The escalation ladder and its automatic rules.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationPolicy {
    pub ladder: Vec<String>,
    pub on_missed_resolution: bool,
    pub on_broken_promise: bool,
    pub next_level_after: Span,
}

/// When the customer is called back, and how often we try.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallbackPolicy {
    pub within: Span,
    /// No satisfaction callback sooner than this after the resolution: the customer
    /// needs time to see the result (a reprint delivered, a repair used).
    #[serde(default = "default_earliest")]
    pub earliest: Span,
    pub max_attempts: u32,
    /// How far apart unreached attempts must be to count.
    #[serde(default = "default_gap")]
    pub gap: Span,
    /// A dissatisfied customer's ticket goes one level up as it reopens.
    #[serde(default = "yes")]
    pub escalate_dissatisfied: bool,
}

fn default_earliest() -> Span {
    Span::WorkingDays { days: 1.0 }
}

fn default_gap() -> Span {
    Span::Working { minutes: 120 }
}

/// The monthly quality review.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewPolicy {
    pub sample_percent: u32,
    /// Drawn per agent (`sample --per-agent`): at least this many of each agent's closed
    /// tickets a month, when they have that many …
    #[serde(default = "one")]
    pub per_agent_min: u32,
    /// … and at most this many.
    #[serde(default = "five")]
    pub per_agent_max: u32,
}

fn one() -> u32 {
    1
}

fn five() -> u32 {
    5
}

impl Default for ReviewPolicy {
    fn default() -> Self {
        ReviewPolicy {
            sample_percent: 20,
            per_agent_min: 1,
            per_agent_max: 5,
        }
    }
}

/// The second check (复检): the kinds whose resolution someone other than the resolver
/// must check before the ticket closes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyPolicy {
    pub kinds: Vec<String>,
    /// The second check is due this long before the resolution limit (复检工单时限前1小时).
    #[serde(default = "one_working_hour")]
    pub before: Span,
}

fn one_working_hour() -> Span {
    Span::Working { minutes: 60 }
}

impl Default for VerifyPolicy {
    fn default() -> Self {
        VerifyPolicy {
            kinds: vec!["complaint".into()],
            before: one_working_hour(),
        }
    }
}

/// Passing tickets to the department responsible (派单): which kinds are passed, and
/// within how long of the call. A desk without the key passes none.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DispatchPolicy {
    #[serde(default)]
    pub kinds: Vec<String>,
    #[serde(default = "one_working_hour")]
    pub within: Span,
}

impl Default for DispatchPolicy {
    fn default() -> Self {
        DispatchPolicy {
            kinds: Vec::new(),
            within: one_working_hour(),
        }
    }
}
