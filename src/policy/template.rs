//! Ticket templates (`templates/<kind>.yaml`): the defaults of a new ticket of one kind
//! and the time limits that kind overrides. The set of kinds is the set of templates.

use serde::{Deserialize, Serialize};

use super::duration::Span;
use std::collections::BTreeMap;

use crate::i18n::t;
use crate::model::{Cause, Priority, Problem};

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
    /// The agreed answer (统一口径) the shop gives a customer about this kind: what every
    /// agent says, word for word; `open` and `show` print it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub answer: String,
    /// The agreed answer once the cause is known, by cause code (`customer`, `supplier` …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cause_answers: BTreeMap<String, String>,
}

impl Template {
    /// Returns the first thing wrong with the agreed answers: a cause that is not one,
    /// or an empty answer.
    pub fn answer_problem(&self) -> Option<Problem> {
        for (cause, text) in &self.cause_answers {
            let field = format!("cause_answers.{cause}");
            if Cause::parse(cause).is_err() {
                let known: Vec<&str> = Cause::ALL.iter().map(|c| c.as_str()).collect();
                return Some(Problem::new(
                    field,
                    t!(
                        "err-answer-cause",
                        cause = cause.as_str(),
                        known = known.join(", ")
                    ),
                ));
            }
            if text.trim().is_empty() {
                return Some(Problem::new(field, t!("err-answer-empty")));
            }
        }
        None
    }

    /// Returns the agreed answers that apply: the kind's, then the cause's (when known).
    pub fn answers(&self, cause: Option<Cause>) -> Vec<&str> {
        let by_cause = cause.and_then(|c| self.cause_answers.get(c.as_str()));
        [Some(&self.answer), by_cause]
            .into_iter()
            .flatten()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect()
    }
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
