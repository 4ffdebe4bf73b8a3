//! `inkdesk sync`: the second laptop in step without typing git — fetch, merge with the
//! ticket merge driver, push, and say what came in. All or nothing: a merge the driver
//! cannot settle is aborted and explained, a push that fails undoes the merge, and a
//! desk with hand edits not committed or without the driver is refused before anything.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::store::git::sync::{self as git_sync, Merged};
use crate::store::git::{self, program_exists};
use crate::store::{Desk, Transaction, read_ticket_text};

use super::output::{Format, FormatArgs, json};
use super::terminal::{out, say};

/// How many files an error names before "…".
const NAMED: usize = 8;

// Fetch the other laptops' changes, merge them with the ticket merge driver and push.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The remote to sync with (default: the branch's upstream, else `origin`).
    #[arg(long)]
    pub remote: Option<String>,
    #[command(flatten)]
    pub output: FormatArgs,
}

/// What came in and went out, as scripts read it.
#[derive(Debug, Default, Serialize)]
struct Report {
    remote: String,
    branch: String,
    /// Tickets that came in new.
    new: Vec<String>,
    /// Tickets another laptop changed.
    changed: Vec<String>,
    /// Tickets changed on both sides, settled by the merge driver.
    merged: Vec<String>,
    /// Messages and shift handovers that came in.
    messages: usize,
    /// Other files of the desk that came in (policy, templates).
    other: Vec<String>,
    /// Commits sent to the remote.
    pushed: u32,
}

/// Runs `inkdesk sync`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let root = desk.root.clone();
    if !git::is_repository(&root) {
        return Err(Error::input(
            "git",
            t!("err-sync-no-git"),
            t!("hint-sync-no-git"),
        ));
    }
    // The desk lock for the whole sync: no change of this desk meets the merge.
    let _lock = Transaction::begin(&desk, None, ctx.say)?;
    let driver = git::config(&root, "merge.inkdesk.driver");
    let runs = driver
        .as_deref()
        .and_then(git::driver_program)
        .is_some_and(|p| program_exists(&p));
    if !runs {
        return Err(Error::input(
            "merge.inkdesk.driver",
            t!("err-sync-driver"),
            t!("hint-sync-driver"),
        ));
    }
    if !git::unmerged(&root)?.is_empty() || in_the_middle(&root) {
        return Err(Error::input(
            "git",
            t!("err-sync-midway"),
            t!("hint-sync-midway"),
        ));
    }
    let dirty = git_sync::uncommitted(&root)?;
    if !dirty.is_empty() {
        return Err(Error::input(
            "git",
            t!("err-sync-uncommitted", files = named(&dirty)),
            t!("hint-sync-uncommitted"),
        ));
    }
    let branch = git_sync::branch(&root)
        .ok_or_else(|| Error::input("git", t!("err-sync-detached"), t!("hint-sync-detached")))?;
    let upstream = git_sync::upstream(&root);
    let remotes = git_sync::remotes(&root);
    let remote = match (&args.remote, &upstream) {
        (Some(r), _) => r.clone(),
        (None, Some((r, _))) => r.clone(),
        (None, None) if remotes.iter().any(|r| r == "origin") => "origin".into(),
        (None, None) if remotes.len() == 1 => remotes[0].clone(),
        _ => {
            return Err(Error::input(
                "git",
                t!("err-sync-no-remote"),
                t!("hint-sync-no-remote"),
            ));
        }
    };
    if !remotes.contains(&remote) {
        return Err(Error::input(
            "--remote",
            t!("err-sync-unknown-remote", remote = remote.as_str()),
            t!("hint-sync-no-remote"),
        ));
    }
    let their_branch = match &upstream {
        Some((r, b)) if *r == remote => b.clone(),
        _ => branch.clone(),
    };
    git_sync::fetch(&root, &remote).map_err(|e| {
        Error::input(
            "git",
            t!(
                "err-sync-unreachable",
                remote = remote.as_str(),
                why = first_line(&e)
            ),
            t!("hint-sync-unreachable"),
        )
    })?;
    let mut report = Report {
        remote: remote.clone(),
        branch: branch.clone(),
        ..Report::default()
    };
    let before = git_sync::commit_of(&root, "HEAD").unwrap_or_default();
    let theirs_name = format!("{remote}/{their_branch}");
    let theirs = git_sync::commit_of(&root, &format!("refs/remotes/{theirs_name}"));
    if let Some(theirs) = &theirs {
        let base = git_sync::merge_base(&root, &before, theirs).unwrap_or_default();
        if base != *theirs {
            take_in(&root, &before, theirs, &base, &theirs_name, &mut report)?;
        }
    }
    // What this laptop has that the remote has not goes out; a failed push undoes the
    // merge, so that nothing changed.
    let ours = git_sync::commit_of(&root, "HEAD").unwrap_or_default();
    report.pushed = git_sync::count_commits(&root, &ours, theirs.as_deref());
    if theirs.as_deref() != Some(ours.as_str()) && report.pushed > 0 {
        if let Err(e) = git_sync::push(&root, &remote, &branch, upstream.is_none()) {
            if ours != before {
                git_sync::undo_to(&root, &before)?;
            }
            return Err(Error::input(
                "git",
                t!(
                    "err-sync-push",
                    remote = remote.as_str(),
                    why = first_line(&e)
                ),
                t!("hint-sync-push"),
            ));
        }
    } else {
        report.pushed = 0;
    }
    match args.output.format {
        Format::Json => json(&report)?,
        _ => say(&summary(&report)),
    }
    if args.output.format == Format::Table {
        let ids: String = report
            .new
            .iter()
            .chain(&report.changed)
            .map(|id| format!("{id}\n"))
            .collect();
        out(&ids)?;
    }
    Ok(0)
}

/// Merges the remote's commits: lists what came in, merges (the driver settles the
/// tickets changed on both sides), checks every ticket that came in, and undoes it
/// all when the merge stops or a ticket would not pass `check`.
fn take_in(
    root: &std::path::Path,
    before: &str,
    theirs: &str,
    base: &str,
    theirs_name: &str,
    report: &mut Report,
) -> Result<()> {
    let came = git_sync::changes(root, base, theirs)?;
    let ours_changed: BTreeSet<String> = if base == before {
        BTreeSet::new()
    } else {
        git_sync::changes(root, base, before)?
            .into_iter()
            .map(|(_, p)| p)
            .collect()
    };
    for (status, path) in &came {
        let id = ticket_of(path);
        match (id, *status) {
            (Some(id), 'A') => report.new.push(id),
            (Some(id), _) if ours_changed.contains(path) => {
                report.changed.push(id.clone());
                report.merged.push(id);
            }
            (Some(id), _) => report.changed.push(id),
            (None, _) if path.starts_with("messages/") => report.messages += 1,
            (None, _) => report.other.push(path.clone()),
        }
    }
    let message = t!("sync-merge-subject", remote = theirs_name);
    match git_sync::merge(root, theirs_name, &message) {
        Ok(Merged::Done) => {}
        Ok(Merged::Conflict(files)) => {
            git_sync::merge_abort(root)?;
            return Err(Error::input(
                "git",
                t!("err-sync-conflict", files = named(&files)),
                t!("hint-sync-conflict"),
            ));
        }
        Err(e) => {
            if in_the_middle(root) {
                git_sync::merge_abort(root)?;
            }
            return Err(e);
        }
    }
    // What came in must pass `check` here too (a hand edit committed on the other
    // laptop, a policy this one's tickets break): else the merge is undone.
    let fresh = match Desk::open(root.to_path_buf()) {
        Ok(fresh) => fresh,
        Err(e) => {
            git_sync::undo_to(root, before)?;
            return Err(Error::input(
                "git",
                t!("err-sync-invalid", problem = e.to_string()),
                t!("hint-sync-invalid"),
            ));
        }
    };
    for (status, path) in &came {
        if *status == 'D' || ticket_of(path).is_none() {
            continue;
        }
        let full = root.join(path);
        let problem = match read_ticket_text(&full) {
            Ok((text, ticket)) => {
                crate::policy::validate::ticket(&ticket, &fresh.policy, &fresh.kinds())
                    .first()
                    .map(|p| crate::store::located_error(&full, &text, p, None))
            }
            Err(e) => Some(e),
        };
        if let Some(problem) = problem {
            git_sync::undo_to(root, before)?;
            return Err(Error::input(
                "git",
                t!("err-sync-invalid", problem = problem.to_string()),
                t!("hint-sync-invalid"),
            ));
        }
    }
    Ok(())
}

/// Whether git is in the middle of a merge, rebase, cherry-pick or revert (what a
/// commit of inkdesk refuses too).
fn in_the_middle(root: &std::path::Path) -> bool {
    git::Repo::open(root).is_some_and(|repo| repo.busy().is_some())
}

/// The ticket a path of the desk is the record of: `records/YYYY/MM/<ID>.yaml`.
fn ticket_of(path: &str) -> Option<String> {
    let rest = path.strip_prefix("records/")?;
    let name = rest.rsplit('/').next()?;
    (rest.matches('/').count() == 2)
        .then(|| name.strip_suffix(".yaml"))
        .flatten()
        .map(str::to_string)
}

/// The first few of a list of files, and how many more.
fn named(files: &[String]) -> String {
    let mut text = files
        .iter()
        .take(NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join(&t!("sep-list"));
    if files.len() > NAMED {
        text += &t!("sync-more", count = files.len() - NAMED);
    }
    text
}

/// An error's first line (git's own words).
fn first_line(e: &Error) -> String {
    let text = match e {
        Error::External { message, .. } => message.clone(),
        other => other.to_string(),
    };
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .trim_start_matches("fatal: ")
        .to_string()
}

/// What came in and went out, in words.
fn summary(r: &Report) -> String {
    let came = r.new.len() + r.changed.len() + r.messages + r.other.len();
    let mut lines = Vec::new();
    if came == 0 {
        lines.push(t!("sync-nothing-in", remote = r.remote.as_str()));
    } else {
        lines.push(t!(
            "sync-came-in",
            remote = r.remote.as_str(),
            new = r.new.len(),
            changed = r.changed.len(),
            messages = r.messages
        ));
        if !r.merged.is_empty() {
            lines.push(t!(
                "sync-merged",
                count = r.merged.len(),
                ids = named(&r.merged)
            ));
        }
        if !r.other.is_empty() {
            lines.push(t!("sync-other", files = named(&r.other)));
        }
    }
    lines.push(match r.pushed {
        0 => t!("sync-nothing-out"),
        n => t!("sync-sent", count = n, remote = r.remote.as_str()),
    });
    lines.join("\n")
}
