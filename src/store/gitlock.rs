//! Git's lock files (`index.lock`, `HEAD.lock`, `packed-refs.lock`, a branch's
//! `refs/heads/…lock`) left by a git process that died — for instance killed together
//! with the inkdesk that ran it — block every later commit until someone deletes them.
//!
//! A lock file is *live* while a running process holds it open (git keeps it open from
//! creating it until it renames it into place), and *stale* otherwise. On Linux the
//! open files of every process are read from `/proc/<pid>/fd`; where `/proc` cannot be
//! read, a lock untouched for `STALE_AFTER` is taken as stale. A stale lock is removed,
//! and said so; a live one is waited for, up to `WAIT`, and never removed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::error::{Error, Result};
use crate::i18n::t;

/// How long to wait for a running git to let go of its lock.
pub const WAIT: Duration = Duration::from_secs(10);
/// How old a lock must be to count as stale where processes cannot be seen.
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// The lock files of a git folder: at its top and below `refs/`.
fn lock_files(git_dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![git_dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                // Only refs/ holds locks below the top.
                if path.starts_with(git_dir.join("refs")) || path == git_dir.join("refs") {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|x| x == "lock") {
                found.push(path);
            }
        }
    }
    found
}

/// The processes holding a file open, when they can be seen: `None` without `/proc`.
fn holders(file: &Path) -> Option<Vec<u32>> {
    let proc_dir = std::fs::read_dir("/proc").ok()?;
    let target = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
    let mut pids = Vec::new();
    for entry in proc_dir.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        if fds
            .flatten()
            .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|l| l == target))
        {
            pids.push(pid);
        }
    }
    Some(pids)
}

/// Whether a lock file is held by a running process (by its age where that cannot be
/// seen).
fn live(lock: &Path) -> Option<u32> {
    match holders(lock) {
        Some(pids) => pids.first().copied(),
        None => {
            let age = std::fs::metadata(lock)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|m| SystemTime::now().duration_since(m).ok())
                .unwrap_or_default();
            (age < STALE_AFTER).then_some(0)
        }
    }
}

/// Makes git usable for the next command: removes the stale locks of the repository's
/// git folder (`say` is told of each) and waits for the live ones to go; a lock still
/// held after `WAIT` is an error that names it and its process.
pub fn clear(git_dir: &Path, mut say: impl FnMut(&str)) -> Result<()> {
    let started = Instant::now();
    let mut told = false;
    loop {
        let mut held = None;
        for lock in lock_files(git_dir) {
            match live(&lock) {
                None => {
                    if std::fs::remove_file(&lock).is_ok() {
                        say(&t!("git-lock-stale", path = lock.display().to_string()));
                    }
                }
                Some(pid) => held = Some((lock, pid)),
            }
        }
        let Some((lock, pid)) = held else {
            return Ok(());
        };
        if started.elapsed() >= WAIT.min(super::lock::wait()) {
            return Err(Error::External {
                command: "git".into(),
                message: t!(
                    "git-lock-live",
                    path = lock.display().to_string(),
                    pid = pid.to_string()
                ),
                hint: Some(t!("hint-git-lock-live")),
            });
        }
        if !told && started.elapsed() >= Duration::from_secs(1) {
            say(&t!(
                "git-lock-waiting",
                path = lock.display().to_string(),
                pid = pid.to_string()
            ));
            told = true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
