//! The git verbs of `inkdesk sync`: what is uncommitted, the remote and branch, fetch,
//! what came in, merge (with the ticket driver), abort, undo, push. Paths are relative
//! to the desk's folder (`--relative`), so a desk inside a bigger repository sees its own.

use std::path::Path;

use super::{command, run};
use crate::error::{Error, Result};

/// The files of the desk git sees changed or new and not committed (`git status`),
/// but what git ignores.
pub fn uncommitted(dir: &Path) -> Result<Vec<String>> {
    let out = run(
        dir,
        &[
            "status",
            "--porcelain",
            "-z",
            "--untracked-files=all",
            "--",
            ".",
        ],
    )?;
    let mut paths = Vec::new();
    let mut entries = out.split('\0').filter(|e| !e.is_empty());
    while let Some(entry) = entries.next() {
        let (code, path) = entry.split_at(3.min(entry.len()));
        // A rename's entry is followed by its old name.
        if code.starts_with('R') || code.starts_with('C') {
            entries.next();
        }
        paths.push(path.to_string());
    }
    Ok(paths)
}

/// The branch checked out, if any (not a detached HEAD).
pub fn branch(dir: &Path) -> Option<String> {
    run(dir, &["symbolic-ref", "--quiet", "--short", "HEAD"])
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The remotes of the repository.
pub fn remotes(dir: &Path) -> Vec<String> {
    run(dir, &["remote"])
        .map(|out| out.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

/// The upstream of the branch checked out, as (remote, branch on it).
pub fn upstream(dir: &Path) -> Option<(String, String)> {
    let remote = super::config(dir, &format!("branch.{}.remote", branch(dir)?))?;
    let merge = super::config(dir, &format!("branch.{}.merge", branch(dir)?))?;
    Some((remote, merge.trim_start_matches("refs/heads/").to_string()))
}

/// Fetches a remote; git's own words on failure (no network, no such repository).
pub fn fetch(dir: &Path, remote: &str) -> Result<()> {
    run(dir, &["fetch", "--quiet", "--no-tags", remote]).map(drop)
}

/// The commit a name stands for, if it names one.
pub fn commit_of(dir: &Path, name: &str) -> Option<String> {
    run(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{name}^{{commit}}"),
        ],
    )
    .ok()
    .map(|s| s.trim().to_string())
    .filter(|s| !s.is_empty())
}

/// The newest commit both histories share.
pub fn merge_base(dir: &Path, a: &str, b: &str) -> Option<String> {
    run(dir, &["merge-base", a, b])
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// How many commits `from` has that `not` has not (all of them without `not`).
pub fn count_commits(dir: &Path, from: &str, not: Option<&str>) -> u32 {
    let not = not.map(|n| format!("^{n}"));
    let mut args = vec!["rev-list", "--count", from];
    args.extend(not.as_deref());
    run(dir, &args)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

/// The desk's files added (`A`), changed (`M`) or deleted (`D`) from one commit to
/// another, as (status, path).
pub fn changes(dir: &Path, from: &str, to: &str) -> Result<Vec<(char, String)>> {
    let out = run(
        dir,
        &[
            "diff",
            "--name-status",
            "-z",
            "--no-renames",
            "--relative",
            from,
            to,
            "--",
        ],
    )?;
    let parts: Vec<&str> = out.split('\0').filter(|p| !p.is_empty()).collect();
    Ok(parts
        .chunks(2)
        .filter_map(|c| match c {
            [status, path] => Some((status.chars().next().unwrap_or('M'), path.to_string())),
            _ => None,
        })
        .collect())
}

/// How a merge ended.
pub enum Merged {
    /// Done (a merge commit, or a fast-forward).
    Done,
    /// Stopped with these files unmerged; the repository is mid-merge.
    Conflict(Vec<String>),
}

/// Merges `theirs` into the branch checked out with `message`; the ticket files go
/// through the merge driver the clone registered.
pub fn merge(dir: &Path, theirs: &str, message: &str) -> Result<Merged> {
    let output = command(
        dir,
        &["merge", "--no-edit", "--no-stat", "-m", message, theirs],
    )
    .output()
    .map_err(|e| super::failed("git merge", e))?;
    if output.status.success() {
        return Ok(Merged::Done);
    }
    let unmerged = super::unmerged(dir)?;
    if unmerged.is_empty() {
        let said = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(Error::External {
            command: "git merge".into(),
            message: said,
            hint: None,
        });
    }
    Ok(Merged::Conflict(unmerged))
}

/// Gives up a merge that stopped, putting every file back as before it.
pub fn merge_abort(dir: &Path) -> Result<()> {
    run(dir, &["merge", "--abort"]).map(drop)
}

/// Moves the branch back to `commit` with the files (the work tree was clean).
pub fn undo_to(dir: &Path, commit: &str) -> Result<()> {
    run(dir, &["reset", "--quiet", "--keep", commit]).map(drop)
}

/// Pushes the branch to the remote (setting it as the upstream when asked).
pub fn push(dir: &Path, remote: &str, branch: &str, set_upstream: bool) -> Result<()> {
    let spec = format!("refs/heads/{branch}:refs/heads/{branch}");
    let mut args = vec!["push", "--quiet", "--porcelain"];
    if set_upstream {
        args.push("--set-upstream");
    }
    args.extend([remote, spec.as_str()]);
    run(dir, &args).map(drop)
}
