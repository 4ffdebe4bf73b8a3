//! The shape of every change to a ticket: take the desk lock, read the ticket, refuse
//! a change dated before its last event or a record a hand edit broke, apply the
//! lifecycle, check the result as `check` would, stage it, and commit.

use std::path::Path;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::lifecycle::Act;
use crate::model::{Problem, Ticket};
use crate::policy::validate;
use crate::store::{Desk, Transaction, read_ticket_text};

/// Locks the desk, loads one ticket, applies `change`, checks the result, writes it
/// atomically and commits it. `change` returns the message printed on stderr, which is
/// also the commit's subject; `action` names the command in the commit's trailer.
pub fn mutate_one(
    ctx: &Ctx,
    prefix: &str,
    action: &str,
    change: impl FnOnce(&mut Ticket, &Act) -> Result<String>,
) -> Result<i32> {
    let desk = ctx.desk()?;
    let actor = ctx.actor(&desk)?;
    let mut tx = ctx.transaction(&desk, &actor)?;
    let (path, mut ticket) = desk.load(prefix)?;
    let message = change_and_stage(ctx, &desk, &mut tx, &actor, &path, &mut ticket, change)?;
    tx.finish(&message, action)?;
    super::terminal::say(&message);
    Ok(0)
}

/// Applies a lifecycle change to a loaded ticket as `actor` at the context's time,
/// checks the result as `check` would and stages it: the step every mutation shares.
pub fn change_and_stage<R>(
    ctx: &Ctx,
    desk: &Desk,
    tx: &mut Transaction<'_>,
    actor: &str,
    path: &Path,
    ticket: &mut Ticket,
    change: impl FnOnce(&mut Ticket, &Act) -> Result<R>,
) -> Result<R> {
    not_before_last_event(ctx, ticket)?;
    // A record is written where it was read: one filed in the wrong month's folder is
    // refused, never copied to where it belongs (that would make two of it).
    let expected = desk.path_for(ticket);
    if expected != path {
        let text = read_ticket_text(path).map(|(t, _)| t).unwrap_or_default();
        return Err(crate::store::located_error(
            path,
            &text,
            &Problem::new(
                "opened",
                t!(
                    "err-misplaced",
                    expected = expected
                        .strip_prefix(&desk.root)
                        .unwrap_or(&expected)
                        .display()
                        .to_string()
                ),
            ),
            Some(&t!("hint-misplaced")),
        ));
    }
    let template = template_of(desk, ticket, path)?;
    // A record a hand edit broke is named with its file and line, before any change.
    if let Some(p) = validate::ticket(ticket, &desk.policy, &desk.kinds())
        .into_iter()
        .next()
    {
        let text = read_ticket_text(path).map(|(t, _)| t).unwrap_or_default();
        return Err(crate::store::located_error(
            path,
            &text,
            &p,
            Some(&t!("hint-fix-by-hand")),
        ));
    }
    let act = Act {
        policy: &desk.policy,
        template,
        now: ctx.now,
        by: actor,
    };
    let since = ticket.log.len();
    let out = change(ticket, &act)?;
    guard(desk, ticket)?;
    tx.stage(ticket, since)?;
    Ok(out)
}

/// Refuses a change dated before the ticket's last event: the log only grows in time.
pub fn not_before_last_event(ctx: &Ctx, ticket: &Ticket) -> Result<()> {
    match ticket.log.last() {
        Some(last) if ctx.now < last.at.to_utc() => Err(Error::input(
            "--now",
            t!(
                "err-now-before-last",
                now = ctx
                    .now
                    .with_timezone(last.at.offset())
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                id = ticket.id.to_string(),
                last = last.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ),
            t!("hint-now-before-last"),
        )),
        _ => Ok(()),
    }
}

/// Returns the template of a loaded ticket's kind, or an error naming its file.
pub fn template_of<'d>(
    desk: &'d Desk,
    ticket: &Ticket,
    path: &Path,
) -> Result<&'d crate::policy::Template> {
    desk.templates.get(&ticket.kind).ok_or_else(|| {
        let text = read_ticket_text(path).map(|(t, _)| t).unwrap_or_default();
        crate::store::located_error(
            path,
            &text,
            &Problem::new(
                "kind",
                t!("err-kind-no-template-file", kind = ticket.kind.as_str()),
            ),
            Some(&t!(
                "hint-kinds",
                kinds = desk
                    .kinds()
                    .iter()
                    .map(|k| desk.names().kind(k))
                    .collect::<Vec<_>>()
                    .join(&t!("sep-choice")),
                kind = ticket.kind.as_str()
            )),
        )
    })
}

/// Refuses to write a ticket that `check` would reject.
pub fn guard(desk: &Desk, ticket: &Ticket) -> Result<()> {
    let kinds = desk.kinds();
    match validate::ticket(ticket, &desk.policy, &kinds)
        .into_iter()
        .next()
    {
        None => Ok(()),
        Some(p) => Err(Error::input(
            &p.field,
            p.message,
            t!("hint-nothing-written"),
        )),
    }
}
