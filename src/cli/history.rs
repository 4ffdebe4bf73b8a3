//! `inkdesk history`: a ticket's life as git recorded it.

use serde::Serialize;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::store::git;

use super::output::{Format, FormatArgs, json, out, rows};

/// Show the commits that changed a ticket (`git log --follow` on its file): time,
/// author and subject; with --patch, the YAML diff of each.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ticket id or a unique prefix.
    pub id: String,
    /// Show each commit's diff of the ticket file.
    #[arg(long)]
    pub patch: bool,
    #[command(flatten)]
    pub output: FormatArgs,
}

#[derive(Debug, Serialize)]
struct Commit {
    commit: String,
    at: String,
    author: String,
    subject: String,
}

/// Runs `inkdesk history`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let (path, _) = desk.load(&args.id)?;
    if !git::is_repository(&desk.root) {
        return Err(Error::input(
            "history",
            "this desk is not a git repository",
            "run `git init` and commit the desk, or `inkdesk init` without --no-git",
        ));
    }
    let file = path
        .strip_prefix(&desk.root)
        .unwrap_or(&path)
        .display()
        .to_string();
    if args.patch {
        out(&git::run(
            &desk.root,
            &[
                "log",
                "--follow",
                "--patch",
                "--format=commit %H%nDate:   %aI%nAuthor: %an%n%n    %s%n",
                "--",
                &file,
            ],
        )?)?;
        return Ok(0);
    }
    let log = git::run(
        &desk.root,
        &[
            "log",
            "--follow",
            "--format=%H%x1f%aI%x1f%an%x1f%s",
            "--",
            &file,
        ],
    )?;
    let commits: Vec<Commit> = log
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(4, '\u{1f}');
            Some(Commit {
                commit: parts.next()?.to_string(),
                at: parts.next()?.to_string(),
                author: parts.next()?.to_string(),
                subject: parts.next()?.to_string(),
            })
        })
        .collect();
    match args.output.format {
        Format::Json => json(&commits)?,
        format => {
            let shown = |c: &Commit| match format {
                Format::Table => c.commit[..c.commit.len().min(10)].to_string(),
                _ => c.commit.clone(),
            };
            let cells = commits
                .iter()
                .map(|c| vec![shown(c), c.at.clone(), c.author.clone(), c.subject.clone()]);
            rows(format, &["commit", "at", "author", "subject"], cells)?;
        }
    }
    Ok(0)
}
