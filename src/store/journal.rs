//! The journal of a change in progress: what a change is about to do to which files,
//! written (and synced) before its first rename, removed when it is done. A journal
//! found by the next command that takes the desk lock is a change a crash interrupted:
//! `recover` finishes it if it was done (every file renamed and, in a git desk,
//! committed) and otherwise undoes it — all of it, for a batch such as a handover — so
//! that a command that did not exit 0 changed nothing.
//!
//! Everything a change writes before its renames lives in `.inkdesk/tx/`: the new
//! contents, the journal, and the old version of every file it replaces, kept as a hard
//! link (a copy where the file system has none), so that putting it back is a rename,
//! which needs no free space. Under the desk lock, anything else found there belongs to
//! a dead change and is removed.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::durable::sync_parent;
use super::git;
use crate::error::{Error, Result};
use crate::model::fnv::fnv1a;

/// Where journals and the old versions of files live, below the desk root.
pub const TX_DIR: &str = ".inkdesk/tx";

/// One file a change writes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// The file, relative to the desk root.
    pub path: String,
    /// The new content, written and synced in the journal's folder, waiting to be
    /// renamed into place (relative to the desk root).
    pub temp: String,
    /// The old content kept aside (relative to the desk root), or none for a new file.
    pub old: Option<String>,
    /// A hash of the new content, to tell whether it is in place (or committed).
    pub new_hash: u64,
}

/// The version of the journals this build writes and recovers.
pub const VERSION: u32 = 1;

/// A change in progress.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Journal {
    /// The journal's format (`VERSION`); written by builds before versions were
    /// written, it is absent and read as 1.
    #[serde(default = "first_version")]
    pub version: u32,
    pub id: String,
    pub entries: Vec<Entry>,
    /// Whether the change ends with a git commit.
    pub commits: bool,
}

fn first_version() -> u32 {
    1
}

/// The version of a journal's text: its own, 1 when it has none, and 0 for the journals
/// of builds that staged their files before committing (they kept git's index entries,
/// which this build cannot put back).
fn version_of(text: &[u8]) -> Option<u32> {
    let value: serde_json::Value = serde_json::from_slice(text).ok()?;
    let staged = value
        .get("index")
        .and_then(|i| i.as_str())
        .is_some_and(|i| !i.is_empty());
    if staged {
        return Some(0);
    }
    let version = value.get("version").map_or(Some(1), |v| v.as_u64())?;
    u32::try_from(version).ok()
}

/// Where the processes of git a change starts are noted (`<id>.pids`).
pub fn pids_file(root: &Path, id: &str) -> PathBuf {
    root.join(TX_DIR).join(format!("{id}.pids"))
}

/// Waits (up to git's lock wait) for the git processes an interrupted change started
/// and left running when it died: its commit may still be landing. A process is known
/// by its number and by being git, so a number taken over by another program is not
/// waited for. Without `/proc`, nothing can be seen and nothing is waited for.
fn wait_for_gits(root: &Path, id: &str) {
    let noted: Vec<u32> = std::fs::read_to_string(pids_file(root, id))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().parse::<u32>().ok())
        .collect();
    // A git started just before inkdesk died may not have been noted: any git working
    // in the desk's folder is waited for as well.
    let folder = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let is_git = |pid: u32| {
        std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| {
            c.split(|b| *b == 0)
                .next()
                .is_some_and(|p| p.ends_with(b"git"))
        })
    };
    let gits_here = || -> Vec<u32> {
        let Ok(procs) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        procs
            .flatten()
            .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
            .filter(|pid| {
                noted.contains(pid)
                    || std::fs::read_link(format!("/proc/{pid}/cwd")).is_ok_and(|c| c == folder)
            })
            .filter(|pid| is_git(*pid))
            .collect()
    };
    let started = std::time::Instant::now();
    while !gits_here().is_empty() && started.elapsed() < super::gitlock::WAIT {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Hashes a file's content as the journal records it.
pub fn content_hash(bytes: &[u8]) -> u64 {
    fnv1a(&[bytes])
}

impl Journal {
    /// Where this journal is written.
    pub fn path(root: &Path, id: &str) -> PathBuf {
        root.join(TX_DIR).join(format!("{id}.json"))
    }

    /// Writes the journal whole and synced, then syncs its folder: from now on a crash
    /// is recovered from it.
    pub fn write(&self, root: &Path) -> Result<()> {
        let path = Self::path(root, &self.id);
        let text = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::io(&path, std::io::Error::other(e)))?;
        super::durable::write_new_synced(&path, &text)
    }

    /// Finds the journals of interrupted changes (normally none, at most one).
    pub fn pending(root: &Path) -> Result<Vec<(PathBuf, Journal)>> {
        let dir = root.join(TX_DIR);
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&dir, e)),
        };
        let mut found = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|x| x == "json") {
                let text = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                if let Some(version) = version_of(&text).filter(|v| *v != VERSION) {
                    return Err(Error::BadRecord {
                        path,
                        line: 1,
                        field: "version".into(),
                        message: crate::i18n::t!("err-journal-version", version = version),
                        hint: Some(crate::i18n::t!("hint-journal-version")),
                    });
                }
                match serde_json::from_slice::<Journal>(&text) {
                    Ok(j) => found.push((path, j)),
                    // A journal that is not whole was never in force: no rename had
                    // happened when it was being written. Its files are leftovers.
                    Err(_) => found.push((path, Journal::empty())),
                }
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(found)
    }

    fn empty() -> Journal {
        Journal {
            version: VERSION,
            id: String::new(),
            entries: Vec::new(),
            commits: false,
        }
    }

    /// Whether the new content of every file is in place.
    fn all_in_place(&self, root: &Path) -> bool {
        self.entries.iter().all(|e| {
            std::fs::read(root.join(&e.path)).is_ok_and(|b| content_hash(&b) == e.new_hash)
        })
    }

    /// Whether HEAD holds the new content of every file: the commit was made.
    fn committed(&self, root: &Path) -> bool {
        self.entries
            .iter()
            .all(|e| git::show_head(root, &e.path).is_some_and(|b| content_hash(&b) == e.new_hash))
    }

    /// Puts every file back as it was before the change (git's index is touched only
    /// once a commit is made, so it holds nothing of the change); removes what the
    /// change wrote.
    pub fn undo(&self, root: &Path) -> Result<()> {
        for e in &self.entries {
            let target = root.join(&e.path);
            match &e.old {
                Some(old) => {
                    let old = root.join(old);
                    if old.exists() {
                        std::fs::rename(&old, &target).map_err(|err| Error::io(&target, err))?;
                    }
                }
                None => match std::fs::remove_file(&target) {
                    Ok(()) => {}
                    Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                    Err(err) => return Err(Error::io(&target, err)),
                },
            }
            sync_parent(&target);
        }
        self.forget(root)
    }

    /// Removes the journal and what it kept: the temporary files and the old versions.
    pub fn forget(&self, root: &Path) -> Result<()> {
        for e in &self.entries {
            let _ = std::fs::remove_file(root.join(&e.temp));
            if let Some(old) = &e.old {
                let _ = std::fs::remove_file(root.join(old));
            }
        }
        let _ = std::fs::remove_file(pids_file(root, &self.id));
        let path = Self::path(root, &self.id);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&path, e)),
        }
        sync_parent(&path);
        Ok(())
    }
}

/// What recovery did with an interrupted change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovered {
    /// It was done (committed, or written in a desk that does not commit): kept.
    Finished(Vec<String>),
    /// It was not done: every file put back.
    Undone(Vec<String>),
}

impl Recovered {
    /// Says, in the current language, what recovery did.
    pub fn describe(&self) -> String {
        let (id, paths) = match self {
            Recovered::Finished(p) => ("recovered-finished", p),
            Recovered::Undone(p) => ("recovered-undone", p),
        };
        crate::i18n::tr(id, &[("paths", paths.join(", ").into())])
    }
}

/// Makes the desk's files settled before a read: when a change is in progress or a
/// crash left one, waits for the desk lock and finishes or undoes it, so that a read
/// never sees a change that will not stand. Nothing to do (one folder read) otherwise.
pub fn settle(root: &Path, say: fn(&str)) -> Result<()> {
    let busy = std::fs::read_dir(root.join(TX_DIR)).is_ok_and(|mut d| d.next().is_some());
    if !busy {
        return Ok(());
    }
    let _lock = super::DeskLock::acquire(root, say)?;
    for done in recover(root, say)? {
        say(&done.describe());
    }
    Ok(())
}

/// Finishes or undoes every change a crash interrupted. Called with the desk lock
/// held, before anything else is read; `say` is told of git lock files it cleared.
pub fn recover(root: &Path, say: fn(&str)) -> Result<Vec<Recovered>> {
    let mut done = Vec::new();
    let pending = Journal::pending(root)?;
    // The git an interrupted change was running may have died holding git's locks, or
    // may still be finishing: either way git must be free before its state is read.
    if pending.iter().any(|(_, j)| j.commits)
        && let Some(dir) = git::git_dir(root)
    {
        super::gitlock::clear(&dir, say)?;
    }
    for (path, journal) in pending {
        let paths: Vec<String> = journal.entries.iter().map(|e| e.path.clone()).collect();
        if journal.id.is_empty() {
            let _ = std::fs::remove_file(&path);
            continue;
        }
        wait_for_gits(root, &journal.id);
        if journal.commits
            && let Some(dir) = git::git_dir(root)
        {
            super::gitlock::clear(&dir, say)?;
        }
        let finished = if journal.commits {
            journal.committed(root)
        } else {
            journal.all_in_place(root)
        };
        if finished {
            if journal.commits {
                // The commit was made; the crash may have come before git's index
                // entries of its files were brought up to them.
                git::refresh_index(root, &paths)?;
            }
            journal.forget(root)?;
            done.push(Recovered::Finished(paths));
        } else {
            journal.undo(root)?;
            done.push(Recovered::Undone(paths));
        }
    }
    // Old versions and temporary files no journal speaks for belong to a change that
    // crashed before its journal was whole: nothing of it was renamed.
    if let Ok(entries) = std::fs::read_dir(root.join(TX_DIR)) {
        for entry in entries.flatten() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(done)
}
