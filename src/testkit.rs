//! Test helpers for the pure layers: the default policy and templates, and a clerk who
//! acts at given times. Compiled only for tests.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::lifecycle::{self, Act, Draft};
use crate::model::{Customer, Id, Ticket};
use crate::policy::{Policy, PolicyFile, Template, defaults};

/// The default policy in Asia/Shanghai, with `extra` replacing text of the file first.
pub fn policy_with(replacements: &[(&str, &str)]) -> Policy {
    let mut text = defaults::POLICY
        .replace("{TIMEZONE}", "Asia/Shanghai")
        .replace("{SHOP}", "Test");
    for (from, to) in replacements {
        assert!(text.contains(from), "policy has {from}");
        text = text.replacen(from, to, 1);
    }
    let file: PolicyFile = crate::store::yaml::from_str(&text).expect("policy parses");
    Policy::build(file).expect("policy is valid")
}

/// The default policy in Asia/Shanghai.
pub fn policy() -> Policy {
    policy_with(&[])
}

/// A shipped English template.
pub fn template(kind: &str) -> Template {
    let text = defaults::TEMPLATES_EN
        .iter()
        .find(|t| t.kind == kind)
        .expect("kind")
        .text;
    crate::store::yaml::from_str(text).expect("template parses")
}

/// Shop time `YYYY-MM-DD HH:MM` as an instant.
pub fn at(policy: &Policy, local: &str) -> DateTime<Utc> {
    policy
        .calendar
        .instant(NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").expect("time"))
}

/// Opens a ticket of `kind` at shop time `local`.
pub fn open(policy: &Policy, kind: &str, local: &str, vip: bool, entropy: u64) -> Ticket {
    let template = template(kind);
    let now = at(policy, local);
    let act = Act {
        policy,
        template: &template,
        now,
        by: "lina",
    };
    let draft = Draft {
        title: format!("{kind} at {local}"),
        customer: Customer {
            name: format!("customer {entropy}"),
            vip,
            ..Customer::default()
        },
        ..Draft::default()
    };
    lifecycle::open(Id::new(now, entropy), draft, &act).expect("opens")
}

/// Applies a lifecycle change at shop time `local`.
pub fn act<T>(
    policy: &Policy,
    ticket: &mut Ticket,
    local: &str,
    change: impl FnOnce(&mut Ticket, &Act) -> T,
) -> T {
    let template = template(&ticket.kind);
    let act = Act {
        policy,
        template: &template,
        now: at(policy, local),
        by: "lina",
    };
    change(ticket, &act)
}
