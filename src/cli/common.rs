//! What several subcommands share: the one-ticket mutation, time flags, and the
//! validation that guards every write.

use std::path::Path;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::lifecycle::Act;
use crate::model::time::{Stamp, When, parse_when, stamp};
use crate::model::{Problem, Ticket};
use crate::policy::{Policy, validate};
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
                now = ctx.now.with_timezone(last.at.offset()).to_rfc3339(),
                id = ticket.id.to_string(),
                last = last.at.to_rfc3339()
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

/// Reads a time flag: an instant, or a date taken as the end of that working day.
pub fn deadline_flag(policy: &Policy, flag: &str, text: &str) -> Result<Stamp> {
    let tz = policy.calendar.tz();
    match parse_when(text, tz).map_err(|m| Error::input(flag, m, t!("hint-time-forms")))? {
        When::Instant(t) => Ok(stamp(t, tz)),
        When::Date(d) => Ok(stamp(policy.calendar.end_of_date(d), tz)),
    }
}

/// Reads a promised date or time (`--promise`): a date means the end of that day's
/// working hours; a day the shop is closed is refused with the next working day, and a
/// promise in the past is refused.
pub fn promise_flag(
    policy: &Policy,
    now: chrono::DateTime<chrono::Utc>,
    text: &str,
) -> Result<Stamp> {
    let cal = &policy.calendar;
    let tz = cal.tz();
    let when =
        parse_when(text, tz).map_err(|m| Error::input("--promise", m, t!("hint-time-forms")))?;
    let (day, at) = match when {
        When::Instant(t) => (cal.local_date(t), t),
        When::Date(d) => (d, cal.end_of_date(d)),
    };
    if !cal.is_working_day(day) {
        let next = (1..=400)
            .map(|n| day + chrono::Duration::days(n))
            .find(|d| cal.is_working_day(*d))
            .unwrap_or(day);
        return Err(Error::input(
            "--promise",
            t!("err-promise-closed-day", date = day.to_string()),
            t!("hint-promise-next-day", date = next.to_string()),
        ));
    }
    if at < now {
        return Err(Error::input(
            "--promise",
            t!("err-promise-past", at = crate::i18n::format::local(at, tz)),
            t!("hint-promise-past"),
        ));
    }
    Ok(stamp(at, tz))
}

/// Reads a time flag where a bare date means the start of that day.
pub fn instant_flag(
    policy: &Policy,
    flag: &str,
    text: &str,
) -> Result<chrono::DateTime<chrono::Utc>> {
    let tz = policy.calendar.tz();
    match parse_when(text, tz).map_err(|m| Error::input(flag, m, t!("hint-time-forms")))? {
        When::Instant(t) => Ok(t),
        When::Date(d) => Ok(policy.calendar.instant(d.and_time(chrono::NaiveTime::MIN))),
    }
}

/// Reads a free-text flag (a title, a note, a reason): any text, also one that starts
/// with a hyphen (`--title "-5mm 偏差"`), but not a flag's name (`--title --vip`), which
/// means the value was left out.
pub fn text(value: &str) -> std::result::Result<String, String> {
    let looks_like_flag = value.len() > 2
        && value.starts_with("--")
        && value[2..]
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-');
    if looks_like_flag {
        return Err(t!("err-value-is-flag", value = value));
    }
    Ok(value.to_string())
}

/// Resolves an output file (`-o`) against the current folder, refusing one among the
/// desk's own records or templates (an export must never overwrite a ticket).
pub fn output_path(ctx: &Ctx, path: &Path) -> Result<std::path::PathBuf> {
    let full = ctx.cwd.join(path);
    if let Ok(root) = crate::store::find_root(ctx.dir.as_deref(), &ctx.cwd) {
        let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let parent = full.parent().map(canonical).unwrap_or_default();
        for folder in ["records", "templates"] {
            if parent.starts_with(canonical(&root.join(folder))) {
                return Err(Error::input(
                    "--output",
                    t!("err-output-in-desk", folder = folder),
                    t!("hint-output-in-desk"),
                ));
            }
        }
        if canonical(&full) == canonical(&root.join(crate::store::POLICY_FILE)) {
            return Err(Error::input(
                "--output",
                t!("err-output-in-desk", folder = crate::store::POLICY_FILE),
                t!("hint-output-in-desk"),
            ));
        }
    }
    Ok(full)
}

/// Names every record a read command could not read (after what it could show) and
/// returns the exit code: 2 when there was any, so that cron notices.
pub fn name_unreadable(errors: Vec<Error>) -> i32 {
    if errors.is_empty() {
        return 0;
    }
    for e in &errors {
        super::report_error(&e.to_string(), e.hint().as_deref());
    }
    super::terminal::say(&t!("unreadable-summary", count = errors.len()));
    2
}

/// Returns how many characters of an id are enough to tell every given id apart (at
/// least 6), as git shortens hashes.
/// The ids of a desk held compactly (12 bytes each, from their record files' names),
/// to find how long its short ids must be.
#[derive(Default)]
pub struct Ids(Vec<crate::model::id::Packed>);

impl Ids {
    /// Notes the id a record file (path or name) is named by.
    pub fn push_file(&mut self, rel: &str) {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let stem = name.strip_suffix(".yaml").unwrap_or(name);
        self.0.push(crate::model::id::Packed::new(stem));
    }

    /// How many characters tell every id apart.
    pub fn short_len(&self) -> usize {
        short_id_len(self.0.iter().map(crate::model::id::Packed::as_str))
    }
}

pub fn short_id_len<'a>(ids: impl Iterator<Item = &'a str>) -> usize {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    let shared = ids
        .windows(2)
        .map(|w| {
            w[0].bytes()
                .zip(w[1].bytes())
                .take_while(|(a, b)| a == b)
                .count()
        })
        .max()
        .unwrap_or(0);
    (shared + 1).max(6)
}

/// Reads a level flag: a number, a name of the ladder or its word in either language.
pub fn level_flag(policy: &Policy, flag: &str, text: &str) -> Result<u32> {
    policy.level(text).ok_or_else(|| {
        Error::input(
            flag,
            t!("err-not-on-ladder", value = text),
            t!(
                "hint-ladder",
                ladder = policy.names(&Default::default()).ladder_choices()
            ),
        )
    })
}

/// Checks a holder against the staff list; returns the canonical staff id.
pub fn holder(policy: &Policy, flag: &str, who: &str) -> Result<String> {
    policy
        .holder(who.trim())
        .map_err(|m| Error::input(flag, m, t!("hint-add-staff")))
}
