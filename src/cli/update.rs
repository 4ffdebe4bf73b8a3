//! `inkdesk update`: notes, customer contacts, holder, status (waiting), priority,
//! department, promised date and hand-changed deadlines — all in one logged change.

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::lifecycle;
use crate::model::{Priority, Status};

use super::flags::{deadline_flag, holder};
use super::mutation::mutate_one;
use super::refusal::refused;
use crate::i18n::t;
use crate::i18n::words::word;
use crate::model::DEADLINES;

// Update a ticket: add a note, record a customer contact, change fields.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The ticket id or a unique prefix.
    pub id: String,
    // A note for the log (with --contacted, what the customer was told).
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub note: Option<String>,
    // Record a contact with the customer (meets first contact, restarts the progress clock).
    #[arg(long)]
    pub contacted: bool,
    // Give the ticket to someone else.
    #[arg(long, value_name = "WHO")]
    pub assign: Option<String>,
    // open or waiting (on the customer, a part, a supplier); leaving waiting moves the
    // resolution deadline by the working time spent waiting.
    #[arg(long)]
    pub status: Option<Status>,
    // low, normal or urgent; the resolution deadline follows.
    #[arg(long)]
    pub priority: Option<Priority>,
    // The responsible department.
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub department: Option<String>,
    // A date or time promised to the customer (a date means the end of that working day).
    #[arg(long, value_name = "TIME|DATE")]
    pub promise: Option<String>,
    // The delivery promised to a customer chasing an order (a date means the end of that working day).
    #[arg(long, value_name = "TIME|DATE")]
    pub deliver_by: Option<String>,
    // The order was delivered (today, or on the date given): meets the promised delivery.
    #[arg(long, value_name = "DATE", num_args = 0..=1, default_missing_value = "")]
    pub delivered: Option<String>,
    // Change a deadline by hand: response|progress|resolution|promised|callback|recheck|dispatch|delivery=TIME (needs --reason).
    #[arg(long, value_name = "KIND=TIME")]
    pub due: Option<String>,
    // Record the monthly care call to a customer who complained (with --note: what was said).
    #[arg(long)]
    pub care_call: bool,
    // Judge the complaint abnormal (非正常投诉), with --reason: the review keeps it out of the normal figures.
    #[arg(long)]
    pub abnormal: bool,
    // Why (for --due, --abnormal, and for --status).
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub reason: Option<String>,
}

/// Runs `inkdesk update`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let nothing = args.note.is_none()
        && !args.contacted
        && args.assign.is_none()
        && args.status.is_none()
        && args.priority.is_none()
        && args.department.is_none()
        && args.promise.is_none()
        && args.deliver_by.is_none()
        && args.delivered.is_none()
        && !args.abnormal
        && !args.care_call
        && args.due.is_none();
    if nothing {
        return Err(Error::input(
            "",
            t!("err-update-nothing"),
            t!("hint-update-nothing"),
        ));
    }
    mutate_one(ctx, &args.id, "update", |t, act| {
        let policy = act.policy;
        let names = policy.names(&Default::default());
        let mut done = Vec::new();
        let mut note = args.note.as_deref();
        if let Some(to) = args.status {
            let why = args.reason.as_deref().or(note.take());
            lifecycle::set_status(t, act, to, why).map_err(refused(act.policy))?;
            done.push(t!("update-status", status = to.label()));
        }
        if args.contacted {
            lifecycle::contact(t, act, note.take()).map_err(refused(act.policy))?;
            done.push(t!("update-contacted"));
        }
        if let Some(who) = &args.assign {
            let who = holder(policy, "--assign", who)?;
            lifecycle::assign(t, act, &who, note.take()).map_err(refused(act.policy))?;
            done.push(t!("update-assigned", who = names.person(&who)));
        }
        if let Some(p) = args.priority {
            lifecycle::set_priority(t, act, p).map_err(refused(act.policy))?;
            done.push(t!("update-priority", priority = p.label()));
        }
        if let Some(d) = &args.department {
            lifecycle::set_department(t, act, d.trim());
            done.push(t!("update-department", department = d.trim()));
        }
        if let Some(p) = &args.promise {
            let at = super::flags::promise_flag(policy, act.now, "--promise", p)?;
            lifecycle::promise(t, act, at, note.take()).map_err(refused(act.policy))?;
            done.push(t!("update-promised", at = names.time(at)));
        }
        if let Some(p) = &args.deliver_by {
            let at = super::flags::promise_flag(policy, act.now, "--deliver-by", p)?;
            lifecycle::promise_delivery(t, act, at).map_err(refused(act.policy))?;
            done.push(t!("update-deliver-by", at = names.time(at)));
        }
        if let Some(text) = &args.delivered {
            let today = policy.calendar.local_date(act.now);
            let date = if text.trim().is_empty() {
                today
            } else {
                super::flags::date_flag("--delivered", text)?
            };
            if date > today {
                return Err(Error::input(
                    "--delivered",
                    t!("err-delivered-future", date = date.to_string()),
                    t!("hint-delivered-future"),
                ));
            }
            lifecycle::delivered(t, act, date);
            done.push(t!("update-delivered", date = date.to_string()));
        }
        if args.care_call {
            lifecycle::care_call(t, act, note.take());
            done.push(t!("update-care-call"));
        }
        if args.abnormal {
            lifecycle::flag_abnormal(t, act, args.reason.as_deref())
                .map_err(refused(act.policy))?;
            done.push(t!("update-abnormal"));
        }
        if let Some(spec) = &args.due {
            let (name, time) = spec.split_once('=').ok_or_else(|| {
                Error::input(
                    "--due",
                    t!("err-due-spec", value = spec.as_str()),
                    t!("hint-due-spec"),
                )
            })?;
            let at = deadline_flag(policy, "--due", name.trim(), time)?;
            // The deadline by its code or its word in either language.
            let code = crate::i18n::words::code_of("deadline", &DEADLINES, name.trim());
            let code = code.unwrap_or(name.trim());
            lifecycle::change_due(t, act, code, at, args.reason.as_deref())
                .map_err(refused(act.policy))?;
            done.push(t!(
                "update-due",
                deadline = word("deadline", name.trim()),
                at = names.time(at)
            ));
        }
        if let Some(text) = note {
            lifecycle::note(t, act, text);
            done.push(t!("update-noted"));
        }
        Ok(t!(
            "update-done",
            id = t.id.to_string(),
            changes = done.join(&t!("sep-list"))
        ))
    })
}
