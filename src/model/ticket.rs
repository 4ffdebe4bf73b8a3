//! The ticket (工单): one YAML file, keys in this order, history in `log`.
//!
//! State that the log also tells (status, level) is stored for a reader of the file and
//! checked against the log by `inkdesk check`; milestones (first contact, resolution)
//! are read from the log, so a hand edit cannot make the two disagree silently.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::due::Due;
use super::event::{Action, Event};
use super::money::Money;
use super::time::Stamp;
use super::{Cause, Id, Priority, Remedy, Satisfaction, Status};

/// One ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ticket {
    pub id: Id,
    pub title: String,
    pub kind: String,
    pub status: Status,
    pub priority: Priority,
    /// How the complaint came in: one of `CHANNELS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    pub customer: Customer,
    #[serde(default, skip_serializing_if = "Order::is_empty")]
    pub order: Order,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default)]
    pub level: u32,
    pub received: Stamp,
    pub opened: Stamp,
    pub due: Due,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<Satisfaction>,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<String>,
    pub log: Vec<Event>,
}

/// Who complained.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default)]
    pub vip: bool,
}

/// The print job the ticket is about (工程单 / 交货跟踪卡).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Order {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered: Option<NaiveDate>,
}

impl Order {
    /// Returns true when nothing about the order is known.
    pub fn is_empty(&self) -> bool {
        *self == Order::default()
    }
}

/// How the ticket was resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// Whose fault it was; none for a kind that needs no cause (a consultation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
    /// What was done; none for a kind that needs no remedy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedy: Option<Remedy>,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Money>,
    /// The cause is the customer's, and the customer understood and accepted it: the
    /// ticket counts as a dissatisfaction ticket (不满单), not against the shop.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub accepted: bool,
}

/// Returns the month folder (`YYYY/MM`) of a ticket opened at `opened` (shop time).
pub fn month_folder(opened: &Stamp) -> String {
    opened.format("%Y/%m").to_string()
}

impl Ticket {
    /// Returns the events of one action.
    pub fn events(&self, action: Action) -> impl Iterator<Item = &Event> {
        self.log.iter().filter(move |e| e.action == action)
    }

    /// Returns the last care call (按月跟进关怀) recorded at or after `since`.
    pub fn care_call_since(&self, since: DateTime<Utc>) -> Option<Stamp> {
        self.events(Action::Care)
            .filter(|e| e.at.to_utc() >= since)
            .map(|e| e.at)
            .last()
    }

    /// Returns when the customer was first contacted.
    pub fn first_contact(&self) -> Option<DateTime<Utc>> {
        self.events(Action::Contact).next().map(|e| e.at.to_utc())
    }

    /// Returns when the work was last restarted (a reopen, or a dissatisfied callback or
    /// a failed second check sending it back), if it ever was.
    pub fn restarted_at(&self) -> Option<DateTime<Utc>> {
        self.log
            .iter()
            .rfind(|e| e.restarts())
            .map(|e| e.at.to_utc())
    }

    /// Returns the index in the log where the current resolution clock started: the
    /// last reopen (or a dissatisfied callback), else the opening.
    fn current_round_start(&self) -> usize {
        self.log.iter().rposition(Event::restarts).unwrap_or(0)
    }

    /// Returns when the resolution clock of the current round started.
    pub fn clock_start(&self) -> DateTime<Utc> {
        self.log
            .get(self.current_round_start())
            .map(|e| e.at.to_utc())
            .unwrap_or_else(|| self.opened.to_utc())
    }

    /// Returns when the ticket was resolved in the current round.
    pub fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.log[self.current_round_start()..]
            .iter()
            .rfind(|e| e.action == Action::Resolve)
            .map(|e| e.at.to_utc())
    }

    /// Returns when the ticket was closed, if it is.
    pub fn closed_at(&self) -> Option<DateTime<Utc>> {
        if self.status != Status::Closed {
            return None;
        }
        self.log
            .iter()
            .rfind(|e| e.status_after() == Some(Status::Closed))
            .map(|e| e.at.to_utc())
    }

    /// Returns the unreached callback attempts since the last resolution.
    pub fn callback_attempts(&self) -> u32 {
        let since = self
            .log
            .iter()
            .rposition(|e| e.action == Action::Resolve)
            .unwrap_or(0);
        self.log[since..]
            .iter()
            .filter(|e| e.action == Action::Callback && e.reached == Some(false))
            .count() as u32
    }

    /// Returns when the last unreached callback attempt since the last resolution was
    /// made, and whether it found the number wrong.
    pub fn last_attempt(&self) -> Option<&Event> {
        let since = self.log.iter().rposition(|e| e.action == Action::Resolve)?;
        self.log[since..]
            .iter()
            .rfind(|e| e.action == Action::Callback && e.reached == Some(false))
    }

    /// Returns true when a callback since the last resolution found the number wrong.
    pub fn wrong_number(&self) -> bool {
        self.last_attempt()
            .is_some_and(|e| e.wrong_number == Some(true))
    }

    /// Returns the reached callback of the current resolution, if any.
    pub fn callback_reached_at(&self) -> Option<DateTime<Utc>> {
        let since = self.log.iter().rposition(|e| e.action == Action::Resolve)?;
        self.log[since..]
            .iter()
            .find(|e| e.action == Action::Callback && e.reached == Some(true))
            .map(|e| e.at.to_utc())
    }

    /// Returns how many times the customer had the ticket reopened (a reopen or a
    /// dissatisfied callback; a failed second check is not counted here).
    pub fn reopens(&self) -> usize {
        self.log.iter().filter(|e| e.customer_reopened()).count()
    }

    /// Returns the event that resolved the current round, if it is resolved.
    pub fn round_resolution(&self) -> Option<&Event> {
        self.log[self.current_round_start()..]
            .iter()
            .rfind(|e| e.action == Action::Resolve)
    }

    /// Returns the second check of the current round's resolution, if one was made.
    pub fn round_check(&self) -> Option<&Event> {
        let since = self.log.iter().rposition(|e| e.action == Action::Resolve)?;
        self.log[since..]
            .iter()
            .rfind(|e| e.action == Action::Verify && e.verified == Some(true))
    }

    /// Returns when the ticket entered `waiting` the last time, while it is waiting.
    pub fn waiting_since(&self) -> Option<DateTime<Utc>> {
        if self.status != Status::Waiting {
            return None;
        }
        self.log
            .iter()
            .rfind(|e| e.action == Action::Status && e.to.as_deref() == Some("waiting"))
            .map(|e| e.at.to_utc())
    }

    /// Returns the status the log leads to.
    pub fn status_from_log(&self) -> Option<Status> {
        self.log.iter().rev().find_map(Event::status_after)
    }

    /// Returns the month folder of the ticket (`YYYY/MM`) in the shop's zone.
    pub fn month_folder(&self) -> String {
        month_folder(&self.opened)
    }

    /// Returns every text of the ticket, for searching.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        [
            Some(self.title.as_str()),
            Some(self.description.as_str()),
            Some(self.customer.name.as_str()),
        ]
        .into_iter()
        .chain([
            self.customer.company.as_deref(),
            self.order.job.as_deref(),
            self.order.product.as_deref(),
        ])
        .flatten()
        .chain(
            self.log
                .iter()
                .flat_map(|e| [e.note.as_deref(), e.reason.as_deref()])
                .flatten(),
        )
        .chain(self.resolution.iter().map(|r| r.summary.as_str()))
    }
}
