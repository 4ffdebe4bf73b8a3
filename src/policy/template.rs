//! Ticket templates (`templates/<kind>.yaml`): the defaults of a new ticket of one kind
//! and the time limits that kind overrides. The set of kinds is the set of templates.

use serde::{Deserialize, Serialize};

use super::duration::Span;
use crate::model::Priority;

/// One kind's template.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub kind: String,
    pub label: String,
    #[serde(default)]
    pub priority: Priority,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default)]
    pub limits: TemplateLimits,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub checklist: Vec<String>,
    /// A ticket of this kind needs a phone or an e-mail (for the callback).
    #[serde(default)]
    pub needs_contact: bool,
    /// Resolving it needs a cause (whose fault it was); a consultation has none.
    #[serde(default = "yes")]
    pub needs_cause: bool,
    /// Resolving it needs a remedy (what was done about it).
    #[serde(default = "yes")]
    pub needs_remedy: bool,
    /// The customer is called back after it is resolved; without, it closes as it is
    /// resolved (after its second check, where its kind needs one).
    #[serde(default = "yes")]
    pub needs_callback: bool,
}

fn yes() -> bool {
    true
}

/// Limits a template overrides; an absent one comes from the policy.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_vip: Option<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_urgent: Option<Span>,
}
