//! `inkdesk merge-file`: the git merge driver for ticket files.
//!
//! Git runs it as `inkdesk merge-file %O %A %B` (base, ours, theirs) and expects the
//! result in the "ours" file. A file that is not a ticket, or that does not parse, is
//! handed to `git merge-file`, so git reports an ordinary conflict with markers.

use std::path::{Path, PathBuf};

use crate::context::Ctx;
use crate::error::Result;
use crate::i18n::t;
use crate::model::Ticket;
use crate::model::merge::merge;
use crate::model::message::Message;
use crate::policy::validate;
use crate::store::messages::parse_message_file;
use crate::store::{Desk, find_root, git, read_ticket_text, write_atomic, yaml};

use super::terminal::say;

// Merge two versions of a ticket file against their base (the git merge driver; `init`
// registers it). Writes the result to OURS; exits 1 and leaves conflict markers when
// the files cannot be merged as tickets.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The common ancestor (empty when both sides added the file).
    pub base: PathBuf,
    // Our version; receives the result.
    pub ours: PathBuf,
    // Their version.
    pub theirs: PathBuf,
    // The file's path in the repository (git's `%P`), to find its desk when the desk
    // is a folder inside the repository.
    pub path: Option<PathBuf>,
}

/// Runs `inkdesk merge-file`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    // A message or a shift handover (messages/): both reads are one.
    if parse_message_file(&args.ours).is_ok() {
        return match merge_messages(args) {
            Ok(()) => Ok(0),
            Err(why) => {
                say(&t!("merge-to-git", why = why));
                text_merge(&ctx.cwd, args)
            }
        };
    }
    match merge_tickets(ctx, args) {
        Ok(clashes) => {
            if clashes > 0 {
                say(&t!("merge-clashes", count = clashes));
            }
            Ok(0)
        }
        Err(why) => {
            say(&t!("merge-to-git", why = why));
            text_merge(&ctx.cwd, args)
        }
    }
}

fn read(path: &Path) -> std::result::Result<Option<Ticket>, String> {
    if crate::store::files::empty_or_missing(path) {
        return Ok(None);
    }
    read_ticket_text(path)
        .map(|(_, t)| Some(t))
        .map_err(|e| e.to_string())
}

fn merge_tickets(ctx: &Ctx, args: &Args) -> std::result::Result<usize, String> {
    let base = read(&args.base)?;
    let ours = read(&args.ours)?.ok_or_else(|| t!("merge-ours-empty"))?;
    let theirs = read(&args.theirs)?.ok_or_else(|| t!("merge-theirs-empty"))?;
    let (merged, clashes) = merge(base.as_ref(), &ours, &theirs)?;
    // Check the result against the desk's policy when the desk can be read: git runs
    // the driver at the top of the repository, and the desk may be a folder below it.
    let start = args
        .path
        .as_ref()
        .and_then(|p| ctx.cwd.join(p).parent().map(Path::to_path_buf))
        .unwrap_or_else(|| ctx.cwd.clone());
    let desk = find_root(ctx.dir.as_deref(), &start)
        .ok()
        .and_then(|root| Desk::open(root).ok());
    if let Some(desk) = desk
        && let Some(p) = validate::ticket(&merged, &desk.policy, &desk.kinds())
            .into_iter()
            .next()
    {
        return Err(t!(
            "merge-would-fail-check",
            field = p.field.as_str(),
            message = p.message.as_str()
        ));
    }
    let text = yaml::to_string(&merged).map_err(|e| e.to_string())?;
    write_atomic(&args.ours, text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(clashes.len())
}

fn merge_messages(args: &Args) -> std::result::Result<(), String> {
    let read = |p: &Path| -> std::result::Result<Option<Message>, String> {
        if crate::store::files::empty_or_missing(p) {
            return Ok(None);
        }
        parse_message_file(p).map(Some).map_err(|e| e.to_string())
    };
    let base = read(&args.base)?;
    let ours = read(&args.ours)?.ok_or_else(|| t!("merge-ours-empty"))?;
    let theirs = read(&args.theirs)?.ok_or_else(|| t!("merge-theirs-empty"))?;
    let merged = crate::model::message::merge(base.as_ref(), &ours, &theirs)
        .ok_or_else(|| t!("merge-message-clash"))?;
    let text = yaml::to_string(&merged).map_err(|e| e.to_string())?;
    write_atomic(&args.ours, text.as_bytes()).map_err(|e| e.to_string())
}

/// Falls back to git's line merge, which writes conflict markers into OURS where the
/// sides overlap, and reports a conflict either way: a file inkdesk cannot read as a
/// ticket needs a person to look at it.
fn text_merge(cwd: &Path, args: &Args) -> Result<i32> {
    let path = |p: &Path| p.display().to_string();
    let (ours, base, theirs) = (path(&args.ours), path(&args.base), path(&args.theirs));
    // Its own exit code only counts the overlaps; the merge is a conflict regardless.
    git::merge_file(cwd, &ours, &base, &theirs);
    Ok(1)
}
