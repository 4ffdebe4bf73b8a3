//! The rows of `inkdesk export --events`: a ticket's head and one history row, as one
//! line of the CSV, and back.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::model::{CHANNELS, MISSABLE};
use crate::model::{Cause, Money, Remedy, Satisfaction, Status};
use crate::summary::history::{Head, ON_TIME, Occurrence, actions, code_in};

/// One row of `inkdesk export --events`: the ticket's head, then what happened. Field
/// names are the CSV columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    pub shop: String,
    pub timezone: String,
    pub id: String,
    pub kind: String,
    pub vip: bool,
    pub customer: String,
    pub company: Option<String>,
    /// Absent from exports made before the channel was recorded.
    #[serde(default)]
    pub channel: Option<String>,
    pub at: DateTime<FixedOffset>,
    pub action: String,
    pub by: String,
    pub status: String,
    pub assignee: Option<String>,
    pub department: Option<String>,
    pub level: u32,
    pub deadline: Option<String>,
    pub due: Option<DateTime<FixedOffset>>,
    pub on_time: String,
    pub minutes: Option<i64>,
    pub cause: Option<String>,
    pub remedy: Option<String>,
    pub cost: Option<Money>,
    pub score: Option<u32>,
    pub accepted: Option<bool>,
    pub satisfaction: Option<String>,
    pub reached: Option<bool>,
    pub attempt: Option<u32>,
    pub wrong_number: Option<bool>,
    pub verified: Option<bool>,
}

/// The columns of `export --events`, in order.
pub const EVENT_COLUMNS: &[&str] = &[
    "shop",
    "timezone",
    "id",
    "kind",
    "vip",
    "customer",
    "company",
    "channel",
    "at",
    "action",
    "by",
    "status",
    "assignee",
    "department",
    "level",
    "deadline",
    "due",
    "on_time",
    "minutes",
    "cause",
    "remedy",
    "cost",
    "score",
    "accepted",
    "satisfaction",
    "reached",
    "attempt",
    "wrong_number",
    "verified",
];

impl EventRow {
    /// Joins a ticket's head and one of its rows.
    pub fn of(h: &Head, o: &Occurrence) -> EventRow {
        EventRow {
            shop: h.shop.clone(),
            timezone: h.timezone.clone(),
            id: h.id.clone(),
            kind: h.kind.clone(),
            vip: h.vip,
            customer: h.customer.clone(),
            company: h.company.clone(),
            channel: h.channel.clone(),
            at: o.at,
            action: o.action.to_string(),
            by: o.by.clone(),
            status: o.status.to_string(),
            assignee: o.assignee.clone(),
            department: o.department.clone(),
            level: o.level,
            deadline: o.deadline.map(str::to_string),
            due: o.due,
            on_time: o.met().collect::<Vec<_>>().join(" "),
            minutes: o.minutes,
            cause: o.cause.map(|c| c.to_string()),
            remedy: o.remedy.map(|r| r.to_string()),
            cost: o.cost,
            score: o.score,
            accepted: o.accepted,
            satisfaction: o.satisfaction.map(|s| s.to_string()),
            reached: o.reached,
            attempt: o.attempt,
            wrong_number: o.wrong_number,
            verified: o.verified,
        }
    }

    /// Splits the row into the ticket's head and what happened, or names the column
    /// whose code is not one inkdesk writes.
    pub fn split(self) -> Result<(Head, Occurrence), (&'static str, String)> {
        let unknown = |column: &'static str, value: &str| {
            (column, crate::i18n::t!("csv-not-a-code", value = value))
        };
        let code = |column: &'static str, set: &[&'static str], text: &str| {
            code_in(set, text).ok_or_else(|| unknown(column, text))
        };
        let actions: Vec<&'static str> = actions().collect();
        let action = code("action", &actions, &self.action)?;
        let status = Status::parse(&self.status).map_err(|_| unknown("status", &self.status))?;
        let deadline = match self.deadline.as_deref() {
            Some(d) => Some(code("deadline", &MISSABLE, d)?),
            None => None,
        };
        let mut on_time = 0u8;
        for d in self.on_time.split(' ').filter(|d| !d.is_empty()) {
            let code = code("on_time", &ON_TIME, d)?;
            on_time |= 1 << ON_TIME.iter().position(|x| *x == code).unwrap_or(0);
        }
        let cause = match self.cause.as_deref() {
            Some(c) => Some(Cause::parse(c).map_err(|_| unknown("cause", c))?),
            None => None,
        };
        let remedy = match self.remedy.as_deref() {
            Some(r) => Some(Remedy::parse(r).map_err(|_| unknown("remedy", r))?),
            None => None,
        };
        let satisfaction = match self.satisfaction.as_deref() {
            Some(v) => Some(Satisfaction::parse(v).map_err(|_| unknown("satisfaction", v))?),
            None => None,
        };
        Ok((
            Head {
                shop: self.shop,
                timezone: self.timezone,
                id: self.id,
                kind: self.kind,
                vip: self.vip,
                customer: self.customer,
                company: self.company,
                channel: match self.channel {
                    Some(c) => Some(code("channel", &CHANNELS, &c)?.to_string()),
                    None => None,
                },
            },
            Occurrence {
                at: self.at,
                action,
                by: self.by,
                status,
                assignee: self.assignee,
                department: self.department,
                level: self.level,
                deadline,
                due: self.due,
                on_time,
                minutes: self.minutes,
                cause,
                remedy,
                cost: self.cost,
                score: self.score,
                accepted: self.accepted,
                satisfaction,
                reached: self.reached,
                attempt: self.attempt,
                wrong_number: self.wrong_number,
                verified: self.verified,
            },
        ))
    }

    /// Applies `op` to every text cell (for neutralising formulas and undoing it).
    pub fn map_text(&mut self, op: &dyn Fn(&mut String)) {
        for s in [
            &mut self.shop,
            &mut self.timezone,
            &mut self.id,
            &mut self.kind,
            &mut self.customer,
            &mut self.action,
            &mut self.by,
            &mut self.status,
            &mut self.on_time,
        ] {
            op(s);
        }
        for s in [
            &mut self.company,
            &mut self.channel,
            &mut self.assignee,
            &mut self.department,
            &mut self.deadline,
            &mut self.cause,
            &mut self.remedy,
            &mut self.satisfaction,
        ]
        .into_iter()
        .flatten()
        {
            op(s);
        }
    }
}
