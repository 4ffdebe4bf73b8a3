//! Opening a ticket: the template's defaults, the flags, and the first deadlines.

use chrono::{DateTime, Utc};

use super::{Act, Refusal, Result};
use crate::model::contact;
use crate::model::time::Stamp;
use crate::model::{Action, Customer, Due, Id, Order, Priority, Status, Ticket};

/// What the clerk typed when opening a ticket; empty fields come from the template.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub title: String,
    pub customer: Customer,
    pub order: Order,
    pub priority: Option<Priority>,
    pub assignee: Option<String>,
    pub department: Option<String>,
    pub received: Option<DateTime<Utc>>,
    pub promised: Option<Stamp>,
    /// How the complaint came in (a code of `CHANNELS`).
    pub channel: Option<String>,
    /// The delivery promised to a customer chasing an order.
    pub delivery: Option<Stamp>,
    pub description: Option<String>,
}

/// Makes a new ticket: response, progress and resolution deadlines from the policy on
/// the working calendar, and the `opened` event.
pub fn open(id: Id, draft: Draft, act: &Act) -> Result<Ticket> {
    let title = draft.title.trim();
    if title.is_empty() || title.contains('\n') {
        return Err(Refusal::TitleNotOneLine);
    }
    if draft.customer.name.trim().is_empty() {
        return Err(Refusal::NoCustomer);
    }
    // A way to reach the customer has to be one.
    if let Some(phone) = draft
        .customer
        .phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        && !contact::phone_is_plausible(phone)
    {
        return Err(Refusal::NotAPhone(phone.to_string()));
    }
    if let Some(email) = draft
        .customer
        .email
        .as_deref()
        .filter(|e| !e.trim().is_empty())
        && !contact::email_is_plausible(email)
    {
        return Err(Refusal::NotAnEmail(email.to_string()));
    }
    let received = draft.received.unwrap_or(act.now);
    if received > act.now {
        return Err(Refusal::ReceivedInFuture);
    }
    let template = act.template;
    let now = act.stamp(act.now);
    let dispatched = draft.department.is_some();
    let mut ticket = Ticket {
        id,
        title: title.to_string(),
        kind: template.kind.clone(),
        status: Status::Open,
        priority: draft.priority.unwrap_or(template.priority),
        channel: draft.channel,
        customer: draft.customer,
        order: draft.order,
        assignee: draft.assignee.or_else(|| Some(act.by.to_string())),
        department: draft.department.or_else(|| template.department.clone()),
        level: 0,
        received: act.stamp(received),
        opened: now,
        due: Due::default(),
        resolution: None,
        satisfaction: None,
        description: draft
            .description
            .unwrap_or_else(|| template.description.clone()),
        checklist: template.checklist.clone(),
        log: Vec::new(),
    };
    let limits = act.limits(&ticket);
    // First contact and resolution count from the call; a resolution is never due
    // before the first contact (a consultation called in after hours).
    let cal = &act.policy.calendar;
    let response = act.stamp(cal.deadline(received, limits.response));
    let resolution = act
        .stamp(cal.deadline(received, limits.resolution))
        .max(response);
    ticket.due.response = Some(response);
    ticket.due.progress = Some(act.after(limits.progress));
    ticket.due.resolution = Some(resolution);
    // A kind passed to another department is passed (`update --department`) within
    // the policy's time of the call, unless it was opened with its department named;
    // the template's department is only where it starts.
    if act.policy.needs_dispatch(&ticket.kind) && !dispatched {
        let within = act.policy.file.dispatch.within;
        ticket.due.dispatch = Some(act.stamp(cal.deadline(received, within)));
    }
    let mut e = act.event(Action::Opened);
    e.to = ticket.assignee.clone();
    e.due = Some(ticket.due.clone());
    ticket.log.push(e);
    if let Some(at) = draft.promised {
        super::promise(&mut ticket, act, at, None)?;
    }
    if let Some(at) = draft.delivery {
        super::promise_delivery(&mut ticket, act, at)?;
    }
    Ok(ticket)
}
