//! Reminders that reach people (`inkdesk notify`): what became due soon, overdue or
//! escalated, worked out from the summaries the morning list reads; the digest people
//! read (in the desk's language); the bodies each chat robot takes (`body.rs`); and the
//! sending itself (`send.rs`, the only code here that leaves the process).
//!
//! Each reminder has a key naming the ticket, the deadline and the instant it fell due
//! (or the level and the instant it was reached), so a reminder is one per deadline: a
//! deadline moved by hand is a new reminder, the same one seen again is not.

pub mod body;
pub mod send;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::i18n::format;
use crate::i18n::words::word;
use crate::i18n::{Names, t};
use crate::policy::Policy;
use crate::summary::Summary;
use crate::summary::overdue::{Urgency, lines_of};

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Overdue,
    DueSoon,
    Escalated,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::Overdue => "overdue",
            Kind::DueSoon => "due_soon",
            Kind::Escalated => "escalated",
        }
    }
}

/// One reminder, as scripts read it (the generic webhook's `reminders`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reminder {
    /// Names it across runs: `overdue/<id>/<deadline>/<due>`, `escalated/<id>/<level>/<at>`.
    #[serde(skip)]
    pub key: String,
    pub kind: Kind,
    pub ticket: String,
    /// The deadline's code (none for an escalation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<&'static str>,
    /// When it fell (or falls) due; for an escalation, when the level was reached.
    pub at: DateTime<Utc>,
    /// Working minutes late (overdue), minutes left (due soon).
    pub late: i64,
    pub left: i64,
    pub level: u32,
    pub customer: String,
    pub vip: bool,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// The ticket's priority is urgent: sent in quiet hours too.
    pub urgent: bool,
}

/// The reminders of one ticket at `now`: every deadline missed or due within the
/// policy's warning window, and its escalation when it was reached after `since`.
pub fn reminders_of(
    s: &Summary,
    policy: &Policy,
    now: DateTime<Utc>,
    since: DateTime<Utc>,
) -> Vec<Reminder> {
    let f = &s.facts;
    let urgent = f.priority == "urgent";
    let mut out: Vec<Reminder> = lines_of(s, policy, now, policy.file.limits.warning)
        .into_iter()
        .map(|l| {
            let kind = match l.state {
                Urgency::Overdue => Kind::Overdue,
                Urgency::DueSoon => Kind::DueSoon,
            };
            Reminder {
                key: format!(
                    "{}/{}/{}/{}",
                    kind.code(),
                    l.id,
                    l.deadline,
                    l.due.timestamp()
                ),
                kind,
                ticket: l.id,
                deadline: Some(l.deadline),
                at: l.due,
                late: l.late,
                left: l.left,
                level: l.level,
                customer: l.customer,
                vip: l.vip,
                title: l.title,
                holder: l.assignee,
                urgent,
            }
        })
        .collect();
    if let Some(reached) = s.level_since.map(|t| t.with_timezone(&Utc))
        && f.max_level > 0
        && reached > since
        && reached <= now
        && f.status != "closed"
    {
        out.push(Reminder {
            key: format!("escalated/{}/{}/{}", f.id, f.max_level, reached.timestamp()),
            kind: Kind::Escalated,
            ticket: f.id.clone(),
            deadline: None,
            at: reached,
            late: 0,
            left: 0,
            level: f.max_level,
            customer: f.customer.clone(),
            vip: f.vip,
            title: f.title.clone(),
            holder: f.assignee.clone(),
            urgent,
        });
    }
    out
}

/// Puts reminders in the order people read them: overdue, then due soon, then
/// escalated; the latest or soonest first within each.
pub fn sort(reminders: &mut [Reminder]) {
    reminders.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(b.late.cmp(&a.late))
            .then(a.at.cmp(&b.at))
            .then(a.ticket.cmp(&b.ticket))
    });
}

/// How many reminders a digest names before "and N more".
pub const NAMED: usize = 20;

/// What people read: a title line and one line a reminder, in the desk's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    pub title: String,
    pub lines: Vec<String>,
}

impl Digest {
    /// The digest of these reminders (already sorted).
    pub fn of(
        reminders: &[Reminder],
        shop: &str,
        names: &Names,
        now: DateTime<Utc>,
        tz: Tz,
    ) -> Digest {
        let title = t!("notify-title", shop = shop, at = format::short(now, tz));
        let mut lines = Vec::new();
        let mut heading = None;
        for r in reminders.iter().take(NAMED) {
            if heading != Some(r.kind) {
                let count = reminders.iter().filter(|x| x.kind == r.kind).count();
                lines.push(match r.kind {
                    Kind::Overdue => t!("notify-overdue", count = count),
                    Kind::DueSoon => t!("notify-soon", count = count),
                    Kind::Escalated => t!("notify-escalated", count = count),
                });
                heading = Some(r.kind);
            }
            lines.push(line(r, names, tz));
        }
        if reminders.len() > NAMED {
            lines.push(t!("notify-more", count = reminders.len() - NAMED));
        }
        Digest { title, lines }
    }

    /// The title, then the lines.
    pub fn text(&self) -> String {
        format!("{}\n{}", self.title, self.lines.join("\n"))
    }
}

/// One reminder as a line: the ticket, the customer (★ VIP), what and when, the holder.
fn line(r: &Reminder, names: &Names, tz: Tz) -> String {
    let short: String = r.ticket.chars().take(8).collect();
    let customer = format!("{}{}", if r.vip { "★" } else { "" }, r.customer);
    let what = match (r.kind, r.deadline) {
        (Kind::Overdue, Some(d)) => t!(
            "notify-line-late",
            deadline = word("deadline", d),
            late = if r.late == 0 {
                t!("overdue-just-due")
            } else {
                names.working(r.late)
            }
        ),
        (Kind::DueSoon, Some(d)) => t!(
            "notify-line-soon",
            deadline = word("deadline", d),
            due = format::short(r.at, tz)
        ),
        _ => t!("notify-line-level", level = names.level(r.level)),
    };
    let holder = r
        .holder
        .as_deref()
        .map(|h| format!(" — {}", names.person(h)))
        .unwrap_or_default();
    let urgent = if r.urgent {
        format!(" {}", t!("notify-urgent"))
    } else {
        String::new()
    };
    one_line(&format!(
        "· {short} {customer} {what}{holder}{urgent} · {}",
        r.title
    ))
}

/// Text of a record on one line, with no character a chat or a terminal must not get.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if format::is_unsafe(c) => '\u{fffd}',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests;
