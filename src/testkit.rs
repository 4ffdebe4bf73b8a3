//! Test helpers for the pure layers: the default policy and templates, and a clerk who
//! acts at given times. Compiled only for tests.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use proptest::prelude::*;

use crate::lifecycle::Result;
use crate::lifecycle::{
    self, Act, Draft, callback, close, contact, escalate, note, promise, reopen, resolve,
    set_priority, set_status,
};
use crate::model::{Cause, Customer, Id, Priority, Remedy, Satisfaction, Status, Ticket};
use crate::policy::{Policy, PolicyFile, Template, defaults};

/// The default policy in Asia/Shanghai, with `extra` replacing text of the file first.
pub fn policy_with(replacements: &[(&str, &str)]) -> Policy {
    let mut text = defaults::POLICY_EN
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

/// Opens a ticket of `kind` at shop time `local`, with the department its template
/// names (so that no dispatch is owed: `open_undispatched` leaves it owed).
pub fn open(policy: &Policy, kind: &str, local: &str, vip: bool, entropy: u64) -> Ticket {
    let department = template(kind).department.or(Some("Production".into()));
    open_with(policy, kind, local, vip, entropy, department)
}

/// Opens a ticket of `kind` at shop time `local` without naming its department.
pub fn open_undispatched(
    policy: &Policy,
    kind: &str,
    local: &str,
    vip: bool,
    entropy: u64,
) -> Ticket {
    open_with(policy, kind, local, vip, entropy, None)
}

fn open_with(
    policy: &Policy,
    kind: &str,
    local: &str,
    vip: bool,
    entropy: u64,
    department: Option<String>,
) -> Ticket {
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
        department,
        ..Draft::default()
    };
    lifecycle::open(Id::new(now, entropy), draft, &act).expect("opens")
}

/// A resolution with this cause, remedy and cost (not accepted by the customer).
pub fn outcome(cause: Cause, remedy: Remedy, cost: Option<f64>) -> lifecycle::Outcome<'static> {
    lifecycle::Outcome {
        cause: Some(cause),
        remedy: Some(remedy),
        summary: "done",
        cost: cost.and_then(crate::model::Money::from_units),
        accepted: false,
        approved_by: None,
        pre_approved: false,
    }
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

/// One random clerk's command, for property tests.
#[derive(Debug, Clone)]
pub enum Step {
    Note,
    Contact,
    Wait,
    Resume,
    Urgent,
    Promise(i64),
    Escalate,
    Resolve,
    /// A resolution with the customer's cause, accepted or not, with some compensation.
    ResolveCustomer(bool),
    /// A second check by someone else: passed, or sent back.
    Verify(bool),
    /// The resolution deadline moved by hand this many hours from now.
    MoveDue(i64),
    Callback(Option<Satisfaction>),
    WrongNumber,
    Close(bool),
    Reopen,
}

pub fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        Just(Step::Note),
        Just(Step::Contact),
        Just(Step::Wait),
        Just(Step::Resume),
        Just(Step::Urgent),
        (1i64..200).prop_map(Step::Promise),
        Just(Step::Escalate),
        Just(Step::Resolve),
        any::<bool>().prop_map(Step::ResolveCustomer),
        any::<bool>().prop_map(Step::Verify),
        (-30i64..60).prop_map(Step::MoveDue),
        prop_oneof![
            Just(None),
            Just(Some(Satisfaction::Satisfied)),
            Just(Some(Satisfaction::Neutral)),
            Just(Some(Satisfaction::Dissatisfied))
        ]
        .prop_map(Step::Callback),
        Just(Step::WrongNumber),
        any::<bool>().prop_map(Step::Close),
        Just(Step::Reopen),
    ]
}

pub fn apply(t: &mut Ticket, act: &Act, step: &Step) -> Result<()> {
    match step {
        Step::Note => {
            note(t, act, "a note");
            Ok(())
        }
        Step::Contact => contact(t, act, Some("called")),
        Step::Wait => set_status(t, act, Status::Waiting, Some("part on order")),
        Step::Resume => set_status(t, act, Status::Open, None),
        Step::Urgent => set_priority(t, act, Priority::Urgent),
        Step::Promise(hours) => promise(
            t,
            act,
            crate::model::time::stamp(act.now + Duration::hours(*hours), act.policy.calendar.tz()),
            None,
        ),
        Step::Escalate => escalate(t, act, None, "not solved", None).map(|_| ()),
        Step::Resolve => resolve(t, act, &outcome(Cause::Ours, Remedy::Reprint, Some(120.0))),
        Step::ResolveCustomer(accepted) => resolve(
            t,
            act,
            &lifecycle::Outcome {
                accepted: *accepted,
                ..outcome(Cause::Customer, Remedy::Discount, Some(55.5))
            },
        ),
        Step::Verify(ok) => {
            let checker = Act { by: "zhou", ..*act };
            lifecycle::verify(t, &checker, *ok, Some("checked")).map(|_| ())
        }
        Step::MoveDue(hours) => lifecycle::change_due(
            t,
            act,
            "resolution",
            crate::model::time::stamp(
                act.policy
                    .calendar
                    .next_working_instant(act.now + Duration::hours(*hours)),
                act.policy.calendar.tz(),
            ),
            Some("agreed with the customer"),
        ),
        Step::Callback(s) => {
            let call = match s {
                Some(s) => lifecycle::Call::Reached(*s),
                None => lifecycle::Call::Unreached,
            };
            callback(t, act, call, None).map(|_| ())
        }
        Step::WrongNumber => callback(t, act, lifecycle::Call::WrongNumber, None).map(|_| ()),
        Step::Close(force) => close(t, act, *force, Some("done")),
        Step::Reopen => reopen(t, act, Some("came back")),
    }
}

/// Plays random commands on a ticket as `by`, each `gap` minutes after the ticket's last
/// event; a command the lifecycle refuses leaves the ticket as it was.
pub fn play(policy: &Policy, t: &mut Ticket, by: &str, steps: &[(Step, i64)]) {
    let template = template(&t.kind);
    let mut now = t
        .log
        .last()
        .map(|e| e.at.to_utc())
        .unwrap_or_else(|| t.opened.to_utc());
    for (step, gap) in steps {
        now += Duration::minutes(*gap);
        let act = Act {
            policy,
            template: &template,
            now,
            by,
        };
        let before = t.clone();
        if apply(t, &act, step).is_err() {
            *t = before;
        }
    }
}
