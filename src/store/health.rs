//! What is wrong with a desk beyond its files' contents, for `check`: symbolic links
//! among its records and templates, temporary files and journals of dead changes,
//! records git holds that differ from the last commit, git lock files no process
//! holds. `repair` fixes what can be fixed without guessing and says what it did.

use std::path::{Path, PathBuf};

use super::journal::{Recovered, TX_DIR, recover};
use super::{DeskLock, git};
use crate::error::Result;

/// Something `check` reports about the desk's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Oddity {
    /// A symbolic link in `records/` or `templates/`.
    Link(PathBuf),
    /// A temporary file of an interrupted write (`.ID.yaml.…`).
    Temp(PathBuf),
    /// A journal or kept file of a change that is not running.
    Leftover(PathBuf),
    /// A record that differs from the last commit (or git does not track), with no
    /// change in progress.
    Uncommitted(PathBuf),
}

/// Lists the oddities of the desk at `root`; `commits` says whether its records are
/// meant to be committed (a git desk whose policy commits).
pub fn oddities(root: &Path, commits: bool) -> Vec<Oddity> {
    let mut found = Vec::new();
    for folder in ["records", "templates"] {
        let dir = root.join(folder);
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
            found.push(Oddity::Link(dir));
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir)
            .min_depth(1)
            .into_iter()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy();
            if entry.path_is_symlink() {
                found.push(Oddity::Link(entry.into_path()));
            } else if entry.file_type().is_file()
                && name.starts_with('.')
                && name.contains(".yaml.")
            {
                found.push(Oddity::Temp(entry.into_path()));
            }
        }
    }
    let running = DeskLock::held_elsewhere(root);
    if !running && let Ok(entries) = std::fs::read_dir(root.join(TX_DIR)) {
        for entry in entries.flatten() {
            found.push(Oddity::Leftover(entry.path()));
        }
    }
    if commits
        && !running
        && let Ok(status) = git::run(
            root,
            &[
                "status",
                "--porcelain",
                "-z",
                "--untracked-files=all",
                "--",
                "records",
            ],
        )
    {
        for entry in status.split('\0').filter(|e| e.len() > 3) {
            let rel = &entry[3..];
            if rel.ends_with(".yaml") {
                found.push(Oddity::Uncommitted(root.join(rel)));
            }
        }
    }
    found.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    found
}

/// What `repair` did.
#[derive(Debug, Clone, Default)]
pub struct Repaired {
    /// Changes a crash interrupted, finished or undone.
    pub recovered: Vec<Recovered>,
    /// Files removed: temporary files and leftovers of dead changes.
    pub removed: Vec<PathBuf>,
    /// Git lock files no process held, removed.
    pub git_locks: Vec<String>,
}

/// Fixes what can be fixed without guessing, under the desk lock: finishes or undoes
/// an interrupted change, removes dead temporary files and git's stale locks. Leaves
/// alone what only a person can decide (an uncommitted edit, a link).
pub fn repair(root: &Path) -> Result<Repaired> {
    let _lock = DeskLock::acquire(root, |_| {})?;
    let mut done = Repaired::default();
    if let Some(dir) = git::git_dir(root) {
        let mut said = Vec::new();
        super::gitlock::clear(&dir, |m| said.push(m.to_string()))?;
        done.git_locks = said;
    }
    done.recovered = recover(root, |_| {})?;
    for odd in oddities(root, false) {
        if let Oddity::Temp(path) = odd
            && std::fs::remove_file(&path).is_ok()
        {
            done.removed.push(path);
        }
    }
    Ok(done)
}
