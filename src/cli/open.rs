//! `inkdesk open`: enter a new ticket from a template and flags (or in the editor).

use std::path::Path;
use std::process::Command;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::lifecycle::{self, Act, Draft};
use crate::model::{Customer, Order, Priority, Ticket};
use crate::store::files::Scratch;
use crate::store::read::ReadOptions;
use crate::store::{Desk, SCRATCH_DIR, yaml};
use crate::summary::{Peek, Summary, TicketFacts};

use super::flags::{holder, instant_flag};
use super::mutation::guard;
use super::refusal::refused;
use super::terminal::{out, say};

// Open a ticket; prints only its id.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The kind: a template name (complaint, repair, onsite, consult, reprint, delivery, suggestion …).
    #[arg(long)]
    pub kind: String,
    // One line saying what it is about.
    #[arg(long, required_unless_present = "edit", allow_hyphen_values = true, value_parser = super::flags::text)]
    pub title: Option<String>,
    // The customer's name (with --phone of a known caller: taken from their last ticket).
    #[arg(long, required_unless_present_any = ["edit", "phone"], allow_hyphen_values = true, value_parser = super::flags::text)]
    pub customer: Option<String>,
    // The customer's company.
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub company: Option<String>,
    // The customer's phone number.
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub phone: Option<String>,
    // The customer's e-mail address.
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub email: Option<String>,
    // The customer is a VIP (大客户).
    #[arg(long)]
    pub vip: bool,
    // The job number (工程单号).
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub job: Option<String>,
    // The product of the job.
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub product: Option<String>,
    // The quantity of the job.
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::quantity)]
    pub quantity: Option<u64>,
    // When the job was delivered (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub delivered: Option<String>,
    // low, normal or urgent (default: the template's).
    #[arg(long)]
    pub priority: Option<Priority>,
    // Who holds the ticket (default: the person opening it).
    #[arg(long)]
    pub assignee: Option<String>,
    // The responsible department (default: the template's).
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub department: Option<String>,
    // When the customer made contact, if earlier than now.
    #[arg(long, value_name = "TIME")]
    pub received: Option<String>,
    // A date or time promised to the customer (a date means the end of that working day).
    #[arg(long, value_name = "TIME|DATE")]
    pub promise: Option<String>,
    // How the complaint came in: visit, phone, letter, book (the comment book) or online.
    #[arg(long, value_name = "CHANNEL")]
    pub channel: Option<String>,
    // The delivery promised to a customer chasing an order (a date means the end of that working day).
    #[arg(long, value_name = "TIME|DATE")]
    pub deliver_by: Option<String>,
    // The description (default: the template's skeleton).
    #[arg(long, conflicts_with = "edit", allow_hyphen_values = true, value_parser = super::flags::text)]
    pub description: Option<String>,
    // Write the ticket in $VISUAL / $EDITOR before saving it.
    #[arg(long)]
    pub edit: bool,
}

/// Placeholders of fields the editor must fill in.
const TITLE_PLACEHOLDER: &str = "TITLE";
const CUSTOMER_PLACEHOLDER: &str = "CUSTOMER";

/// Runs `inkdesk open`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    // The ticket goes to the person opening it unless --assignee says otherwise: then
    // that person must be one who may hold tickets.
    let actor = match &args.assignee {
        None => ctx.staff_actor(&desk)?,
        Some(_) => ctx.actor(&desk)?,
    };
    let policy = &desk.policy;
    let template = desk.template(&args.kind, "--kind")?;
    let delivered = args
        .delivered
        .as_deref()
        .map(|d| super::flags::date_flag("--delivered", d))
        .transpose()?;
    let assignee = args
        .assignee
        .as_deref()
        .map(|a| holder(policy, "--assignee", a))
        .transpose()?;
    // A known caller: what was not given comes from their last ticket.
    let known = match &args.phone {
        Some(phone) => last_ticket_of(ctx, &desk, phone)?,
        None => None,
    };
    if args.customer.is_none() && !args.edit && known.is_none() {
        return Err(Error::input(
            "--customer",
            t!(
                "err-caller-unknown",
                phone = args.phone.as_deref().unwrap_or_default()
            ),
            t!("hint-add-flag", flag = "--customer"),
        ));
    }
    // What the caller's last ticket gave, said once the ticket exists.
    let prefilled = known.as_ref().map(|last| {
        let filled: Vec<String> = [
            (args.customer.is_none(), t!("open-filled-name")),
            (
                args.company.is_none() && last.company.is_some(),
                t!("open-filled-company"),
            ),
            (
                args.email.is_none() && last.email.is_some(),
                t!("open-filled-email"),
            ),
            (!args.vip && last.vip, t!("open-filled-vip")),
        ]
        .into_iter()
        .filter_map(|(taken, word)| taken.then_some(word))
        .collect();
        (filled, last)
    });
    let draft = Draft {
        title: args
            .title
            .clone()
            .unwrap_or_else(|| TITLE_PLACEHOLDER.into()),
        customer: Customer {
            name: args
                .customer
                .clone()
                .or_else(|| known.as_ref().map(|k| k.customer.clone()))
                .unwrap_or_else(|| CUSTOMER_PLACEHOLDER.into()),
            company: args
                .company
                .clone()
                .or_else(|| known.as_ref().and_then(|k| k.company.clone())),
            phone: args.phone.clone(),
            email: args
                .email
                .clone()
                .or_else(|| known.as_ref().and_then(|k| k.email.clone())),
            vip: args.vip || known.as_ref().is_some_and(|k| k.vip),
        },
        order: Order {
            job: args.job.clone(),
            product: args.product.clone(),
            quantity: args.quantity,
            delivered,
        },
        priority: args.priority,
        assignee,
        department: args.department.clone(),
        received: args
            .received
            .as_deref()
            .map(|r| instant_flag(policy, "--received", r))
            .transpose()?,
        promised: args
            .promise
            .as_deref()
            .map(|p| super::flags::promise_flag(policy, ctx.now, "--promise", p))
            .transpose()?,
        channel: args
            .channel
            .as_deref()
            .map(super::flags::channel_flag)
            .transpose()?,
        delivery: args
            .deliver_by
            .as_deref()
            .map(|p| super::flags::promise_flag(policy, ctx.now, "--deliver-by", p))
            .transpose()?,
        description: args.description.clone(),
    };
    let act = Act {
        policy,
        template,
        now: ctx.now,
        by: &actor,
    };
    let id = desk.fresh_ticket_id(ctx.now)?;
    let mut ticket = lifecycle::open(id, draft, &act).map_err(refused(act.policy))?;
    // The editor runs before the desk is locked: a clerk thinking over a ticket never
    // holds up cron or a colleague.
    if args.edit {
        ticket = edit(ctx, &desk, ticket)?;
    }
    let mut tx = ctx.transaction(&desk, &actor)?;
    if desk.path_for(&ticket).exists() {
        return Err(Error::input(
            "id",
            t!("err-no-free-id"),
            t!("hint-try-again"),
        ));
    }
    if ticket.assignee.is_some() {
        let who = ticket.assignee.clone().unwrap_or_default();
        ticket.assignee = Some(holder(policy, "--assignee", &who).map_err(|e| match e {
            Error::BadInput { message, .. } => {
                Error::input("--assignee", message, t!("hint-assignee"))
            }
            other => other,
        })?);
        if let Some(first) = ticket.log.first_mut() {
            first.to = ticket.assignee.clone();
        }
    }
    guard(&desk, &ticket)?;
    let has = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    if template.needs_contact && !has(&ticket.customer.phone) && !has(&ticket.customer.email) {
        return Err(Error::input(
            "--phone",
            t!(
                "err-contact-required",
                kind = desk.names().kind(&ticket.kind)
            ),
            t!("hint-contact-required"),
        ));
    }
    tx.stage(&ticket, 0)?;
    let kind = desk.names().kind(&ticket.kind);
    let subject = t!(
        "open-subject",
        id = ticket.id.to_string(),
        kind = kind.as_str(),
        customer = ticket.customer.name.as_str(),
        title = ticket.title.as_str()
    );
    tx.finish(&subject, "open")?;
    say(&t!(
        "open-done",
        id = ticket.id.to_string(),
        kind = kind,
        customer = ticket.customer.name.as_str()
    ));
    if let Some((filled, last)) = prefilled.filter(|(f, _)| !f.is_empty()) {
        say(&t!(
            "open-prefilled",
            fields = filled.join(&t!("sep-choice")),
            id = last.id.as_str(),
            customer = last.customer.as_str(),
            date = desk.names().time(last.opened)
        ));
    }
    // The agreed answer (统一口径) for this kind, for the clerk still on the phone.
    for answer in template.answers(None) {
        say(&t!("open-answer", answer = answer));
    }
    out(&format!("{}\n", ticket.id))?;
    Ok(0)
}

/// Returns true when two phone numbers are the same line: the same digits, or one ending
/// with the other of at least 7 digits (a country or area code written once and not
/// the next time).
pub fn same_phone(a: &str, b: &str) -> bool {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let (a, b) = (digits(a), digits(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 7 && long.ends_with(&short)
}

/// Returns the facts of the last ticket opened for this phone number, if any.
fn last_ticket_of(ctx: &Ctx, desk: &Desk, phone: &str) -> Result<Option<TicketFacts>> {
    let mut last: Option<TicketFacts> = None;
    // A record that does not read is named and left out of the search: it must not
    // stop a clerk taking a call.
    let want = |p: &Peek| p.phone.is_some_and(|p| same_phone(p, phone));
    let skipped = desk.read(
        ReadOptions::new(ctx.cache, want).skipping_unreadable(),
        |_, s: Option<&Summary>| {
            if let Some(f) = s.map(|s| &s.facts)
                && f.phone.as_deref().is_some_and(|p| same_phone(p, phone))
                && last.as_ref().is_none_or(|l| l.opened <= f.opened)
            {
                last = Some(f.clone());
            }
            Ok(())
        },
    )?;
    for e in skipped {
        say(&t!("open-lookup-skipped", problem = e.to_string()));
    }
    Ok(last)
}

/// Lets the clerk edit the new ticket; the id, kind, times and log stay as opened.
fn edit(ctx: &Ctx, desk: &Desk, ticket: Ticket) -> Result<Ticket> {
    let Some(editor) = &ctx.editor else {
        return Err(Error::input(
            "--edit",
            t!("err-no-editor"),
            t!("hint-editor"),
        ));
    };
    let name = format!("new-{}.yaml", ticket.id);
    let text = yaml::to_string(&ticket)?;
    let scratch = Scratch::named(&desk.root.join(SCRATCH_DIR), &name, text.as_bytes())?;
    run_editor(editor, scratch.path()).and_then(|()| read_edited(scratch.path(), &ticket))
}

fn run_editor(editor: &str, path: &Path) -> Result<()> {
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = Command::new(program)
        .args(words)
        .arg(path)
        .status()
        .map_err(|e| Error::External {
            command: editor.to_string(),
            message: e.to_string(),
            hint: Some(t!("hint-check-editor")),
        })?;
    if !status.success() {
        return Err(Error::External {
            command: editor.to_string(),
            message: t!("err-editor-failed", status = status.to_string()),
            hint: None,
        });
    }
    Ok(())
}

fn read_edited(path: &Path, opened: &Ticket) -> Result<Ticket> {
    let (_, mut edited) = crate::store::read_ticket_text(path)?;
    if edited.title.trim() == TITLE_PLACEHOLDER
        || edited.customer.name.trim() == CUSTOMER_PLACEHOLDER
    {
        return Err(Error::input(
            "--edit",
            t!("err-edit-placeholder"),
            t!("hint-edit-placeholder"),
        ));
    }
    if edited.priority != opened.priority || edited.due != opened.due {
        return Err(Error::input(
            "--edit",
            t!("err-edit-deadlines"),
            t!("hint-edit-deadlines"),
        ));
    }
    edited.id = opened.id.clone();
    edited.kind = opened.kind.clone();
    edited.status = opened.status;
    edited.level = opened.level;
    edited.opened = opened.opened;
    edited.log = opened.log.clone();
    Ok(edited)
}
