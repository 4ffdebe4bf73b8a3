//! `inkdesk show`: one ticket, its deadlines and their state, its timeline.

use serde_json::Value;

use crate::context::Ctx;
use crate::error::Result;
use crate::model::Ticket;
use crate::model::time::human;
use crate::policy::Policy;
use crate::policy::deadlines::{Clock, Deadline, State, deadlines};

use super::output::{Format, FormatArgs, json, markdown, out, print_table, rows, table};

/// Show a ticket: its fields, each deadline with its state, and its timeline.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ticket id or a unique prefix (at least 4 characters).
    pub id: String,
    #[command(flatten)]
    pub output: FormatArgs,
}

/// Runs `inkdesk show`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let (_, ticket) = desk.load(&args.id)?;
    let states = deadlines(&Clock::of(&ticket), &desk.policy, ctx.now);
    match args.output.format {
        Format::Json => {
            let mut value = serde_json::to_value(&ticket).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut value {
                map.insert(
                    "deadlines".into(),
                    serde_json::to_value(&states).unwrap_or(Value::Null),
                );
            }
            json(&value)?;
        }
        Format::Csv => {
            let lines = ticket.log.iter().map(|e| {
                vec![
                    ticket.id.to_string(),
                    e.at.to_rfc3339(),
                    e.by.clone(),
                    e.action.as_str().to_string(),
                    e.summary(),
                ]
            });
            rows(Format::Csv, &["id", "at", "by", "action", "details"], lines)?;
        }
        Format::Markdown => {
            let tz = desk.policy.calendar.tz();
            let local = |t: chrono::DateTime<chrono::FixedOffset>| {
                t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
            };
            let vip = if ticket.customer.vip { " ★VIP" } else { "" };
            let mut text = format!(
                "## {} {}\n\n{} · {} · {} · level {} · {}{vip} · held by {}\n\n",
                ticket.id,
                ticket.title,
                ticket.kind,
                ticket.status,
                ticket.priority,
                desk.policy.level_name(ticket.level),
                ticket.customer.name,
                ticket.assignee.as_deref().unwrap_or("nobody"),
            );
            let deadlines: Vec<Vec<String>> = states
                .iter()
                .map(|d| {
                    vec![
                        d.name.to_string(),
                        local(d.due.fixed_offset()),
                        describe(&d.state, &desk.policy.calendar),
                    ]
                })
                .collect();
            text += &markdown(&["deadline", "due", "state"], &deadlines);
            let timeline: Vec<Vec<String>> = ticket
                .log
                .iter()
                .map(|e| {
                    vec![
                        local(e.at),
                        e.by.clone(),
                        e.action.as_str().to_string(),
                        e.summary(),
                    ]
                })
                .collect();
            text += "\n";
            text += &markdown(&["when", "who", "what", "details"], &timeline);
            out(&text)?;
        }
        Format::Table => print_ticket(&ticket, &states, &desk.policy)?,
    }
    Ok(0)
}

/// Describes a deadline's state for people.
pub fn describe(state: &State, cal: &crate::policy::WorkingCalendar) -> String {
    match state {
        State::Met { late: 0, .. } => "met on time".into(),
        State::Met { late, .. } => format!("met {} late", cal.human(*late)),
        State::Pending { left } => {
            format!("pending, {} left", human(chrono::Duration::minutes(*left)))
        }
        State::DueSoon { left } => {
            format!("due soon, {} left", human(chrono::Duration::minutes(*left)))
        }
        State::Missed { late } => format!("MISSED, {} late", cal.human(*late)),
        State::Inactive => "no longer applies".into(),
    }
}

fn print_ticket(t: &Ticket, states: &[Deadline], policy: &Policy) -> Result<()> {
    let tz = policy.calendar.tz();
    let local =
        |s: &crate::model::time::Stamp| s.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    let mut head = String::new();
    let vip = if t.customer.vip { " ★VIP" } else { "" };
    head.push_str(&format!("{}  {}\n", t.id, t.title));
    head.push_str(&format!(
        "{} · {} · {} · level {} ({})\n",
        t.kind,
        t.status,
        t.priority,
        t.level,
        policy.level_name(t.level)
    ));
    let company = t
        .customer
        .company
        .as_deref()
        .map(|c| format!(", {c}"))
        .unwrap_or_default();
    head.push_str(&format!("customer:   {}{company}{vip}\n", t.customer.name));
    let contact: Vec<&str> = [t.customer.phone.as_deref(), t.customer.email.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !contact.is_empty() {
        head.push_str(&format!("contact:    {}\n", contact.join(" · ")));
    }
    if !t.order.is_empty() {
        let o = &t.order;
        let parts: Vec<String> = [
            o.job.clone(),
            o.product.clone(),
            o.quantity.map(|q| format!("×{q}")),
            o.delivered.map(|d| format!("delivered {d}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        head.push_str(&format!("order:      {}\n", parts.join(" · ")));
    }
    head.push_str(&format!(
        "holder:     {} · {}\n",
        t.assignee.as_deref().unwrap_or("(nobody)"),
        t.department.as_deref().unwrap_or("(no department)")
    ));
    head.push_str(&format!(
        "received:   {}   opened: {}\n",
        local(&t.received),
        local(&t.opened)
    ));
    if let Some(r) = &t.resolution {
        let cost = r
            .cost
            .map(|c| format!(" · cost {c} {}", policy.file.shop.currency))
            .unwrap_or_default();
        head.push_str(&format!(
            "resolution: {} / {}{cost}: {}\n",
            r.cause, r.remedy, r.summary
        ));
    }
    if let Some(s) = t.satisfaction {
        head.push_str(&format!("satisfaction: {s}\n"));
    }
    out(&head)?;
    if !t.description.trim().is_empty() {
        out(&format!("\n{}\n", t.description.trim_end()))?;
    }
    if !t.checklist.is_empty() {
        out(&format!(
            "\nchecklist:\n{}\n",
            t.checklist
                .iter()
                .map(|c| format!("  - {c}"))
                .collect::<Vec<_>>()
                .join("\n")
        ))?;
    }
    out("\n")?;
    let mut deadline_table = table(&["deadline", "due", "state"]);
    for d in states {
        deadline_table.add_row(vec![
            d.name.to_string(),
            d.due
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            describe(&d.state, &policy.calendar),
        ]);
    }
    print_table(&mut deadline_table)?;
    out("\n")?;
    let mut timeline = table(&["when", "who", "what", "details"]);
    for e in &t.log {
        timeline.add_row(vec![
            local(&e.at),
            e.by.clone(),
            e.action.as_str().to_string(),
            e.summary(),
        ]);
    }
    print_table(&mut timeline)
}
