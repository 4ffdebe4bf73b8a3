//! A mutation of the desk: take the lock (finishing or undoing any change a crash
//! interrupted), read, change in memory, then write every changed record and, in a git
//! repository, commit exactly those files.
//!
//! The contract: `finish` returning `Ok` means every record is written and, in a git
//! desk, committed; an error means nothing changed — no record, no entry of git's
//! index, no commit. To hold it, `finish` first writes every new content and a journal
//! (`journal.rs`) and only then renames; the commit (`git/commit.rs`) touches git's
//! index only once it is made, so if git refuses, putting the old files back is all
//! there is to undo. A crash at any point is finished or undone by the next command
//! that takes the lock.

use std::path::{Path, PathBuf};

use super::durable::{sync_parent, write_synced};
use super::git::Committer;
use super::journal::{Entry, Journal, TX_DIR, content_hash};
use super::{Desk, DeskLock, failpoint, yaml};
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::model::Ticket;
use crate::model::message::Message;

/// The longest commit subject, in characters.
const SUBJECT_MAX: usize = 72;

struct Staged {
    path: PathBuf,
    text: String,
    id: String,
    /// `Ticket` or `Message`: the commit trailer's key.
    what: &'static str,
    /// One line per event the change added to the ticket's log.
    events: Vec<String>,
}

/// An open mutation of one desk.
pub struct Transaction<'a> {
    desk: &'a Desk,
    _lock: DeskLock,
    staged: Vec<Staged>,
    /// Where and as whom to commit; `None` when this change is not committed.
    git: Option<Committer>,
    /// Told what recovery and git's lock files needed (stderr).
    say: fn(&str),
    /// The desk's names, for the commit message's lines.
    names: crate::i18n::Names,
}

impl<'a> Transaction<'a> {
    /// Locks the desk for a mutation (commits at the end when `git` is given), and
    /// finishes or undoes whatever change a crash left; `say` is told what was done.
    pub fn begin(desk: &'a Desk, git: Option<Committer>, say: fn(&str)) -> Result<Transaction<'a>> {
        let lock = DeskLock::acquire(&desk.root, say)?;
        for done in super::journal::recover(&desk.root, say)? {
            say(&done.describe());
        }
        Ok(Transaction {
            desk,
            _lock: lock,
            staged: Vec::new(),
            git,
            say,
            names: desk.names(),
        })
    }

    /// Returns the desk.
    pub fn desk(&self) -> &'a Desk {
        self.desk
    }

    /// Returns true when nothing was staged.
    pub fn is_empty(&self) -> bool {
        self.staged.is_empty()
    }

    /// Stages a ticket to be written at `finish` to the file it belongs in; `since` is
    /// the length its log had when it was read (0 for a new ticket).
    pub fn stage(&mut self, ticket: &Ticket, since: usize) -> Result<()> {
        let path = self.desk.path_for(ticket);
        self.desk.check_writable(&path)?;
        let events = ticket.log[since.min(ticket.log.len())..]
            .iter()
            .map(|e| {
                format!("{} · {}", e.action.label(), e.summary(&self.names))
                    .trim_end_matches(" · ")
                    .to_string()
            })
            .collect();
        let text = yaml::to_string(ticket)?;
        self.staged.retain(|s| s.path != path);
        self.staged.push(Staged {
            path,
            text,
            id: ticket.id.to_string(),
            what: "Ticket",
            events,
        });
        Ok(())
    }

    /// Stages a message (new, or marked read) to be written at `finish`; `event` is its
    /// line in the commit message.
    pub fn stage_message(&mut self, message: &Message, event: String) -> Result<()> {
        let path = self.desk.message_path(message);
        self.desk.check_writable(&path)?;
        let text = yaml::to_string(message)?;
        self.staged.retain(|s| s.path != path);
        self.staged.push(Staged {
            path,
            text,
            id: message.id.to_string(),
            what: "Message",
            events: vec![event],
        });
        Ok(())
    }

    /// Writes every staged ticket and commits them with `subject` when the desk commits:
    /// all of it, or — on any error — none of it. Returns the paths written.
    pub fn finish(self, subject: &str, action: &str) -> Result<Vec<PathBuf>> {
        if self.staged.is_empty() {
            return Ok(Vec::new());
        }
        let root = &self.desk.root;
        let rel = |p: &Path| {
            p.strip_prefix(root)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned()
        };
        let paths: Vec<String> = self.staged.iter().map(|s| rel(&s.path)).collect();
        let commits = self.git.is_some();
        if let Some(git) = &self.git {
            super::gitlock::clear(&git.repo.git_dir, self.say)?;
        }
        let journal = self.prepare(&paths, commits)?;
        failpoint::hit("after-journal");
        if let Err(e) = self.rename_all(&journal) {
            journal.undo(root)?;
            return Err(e);
        }
        failpoint::hit("after-renames");
        if let Some(git) = &self.git
            && let Err(e) = self.commit(git, subject, action, &paths, &journal.id)
        {
            // Git refused after the records were in place: put everything back.
            let _ = super::gitlock::clear(&git.repo.git_dir, |_| {});
            journal.undo(root)?;
            return Err(e);
        }
        failpoint::hit("after-commit");
        journal.forget(root)?;
        Ok(self.staged.iter().map(|s| s.path.clone()).collect())
    }

    /// Writes every new content and keeps every old version aside in `.inkdesk/tx/`,
    /// then the journal: nothing in the desk has changed yet. On an error, what was
    /// written there is removed.
    fn prepare(&self, paths: &[String], commits: bool) -> Result<Journal> {
        let root = &self.desk.root;
        let dir = root.join(TX_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let id = format!(
            "{:016x}",
            getrandom::u64().map_err(|e| Error::io(&dir, std::io::Error::other(e.to_string())))?
        );
        let mut journal = Journal {
            version: super::journal::VERSION,
            id: id.clone(),
            entries: Vec::new(),
            commits,
        };
        let result = (|| {
            for (n, (staged, path)) in self.staged.iter().zip(paths).enumerate() {
                let temp = format!("{TX_DIR}/{id}-{n}.new");
                write_synced(&root.join(&temp), staged.text.as_bytes())?;
                failpoint::hit("after-temp");
                let old = if staged.path.exists() {
                    let old = format!("{TX_DIR}/{id}-{n}.old");
                    keep_aside(&staged.path, &root.join(&old))?;
                    Some(old)
                } else {
                    None
                };
                journal.entries.push(Entry {
                    path: path.clone(),
                    temp,
                    old,
                    new_hash: content_hash(staged.text.as_bytes()),
                });
            }
            failpoint::hit("before-journal");
            journal.write(root)
        })();
        match result {
            Ok(()) => Ok(journal),
            Err(e) => {
                journal.forget(root)?;
                Err(e)
            }
        }
    }

    /// Moves every new content into place, creating its folders, and syncs them.
    fn rename_all(&self, journal: &Journal) -> Result<()> {
        let root = &self.desk.root;
        for (n, entry) in journal.entries.iter().enumerate() {
            let target = root.join(&entry.path);
            if let Some(dir) = target.parent() {
                create_dir_synced(dir)?;
            }
            std::fs::rename(root.join(&entry.temp), &target).map_err(|e| Error::io(&target, e))?;
            sync_parent(&target);
            if n == 0 {
                failpoint::hit("after-first-rename");
            }
        }
        sync_parent(&root.join(TX_DIR).join("x"));
        Ok(())
    }

    fn commit(
        &self,
        git: &Committer,
        subject: &str,
        action: &str,
        paths: &[String],
        id: &str,
    ) -> Result<()> {
        let batch = self.staged.len() > 1;
        let mut body: Vec<String> = Vec::new();
        for s in &self.staged {
            for e in &s.events {
                body.push(if batch {
                    format!("{}: {e}", s.id)
                } else {
                    e.clone()
                });
            }
        }
        let trailers: Vec<String> = self
            .staged
            .iter()
            .map(|s| format!("{}: {}", s.what, s.id))
            .chain([format!("Action: {action}")])
            .collect();
        let message = format!(
            "{}\n\n{}\n\n{}\n",
            shorten(subject),
            body.join("\n"),
            trailers.join("\n")
        );
        let pids = super::journal::pids_file(&self.desk.root, id);
        git.repo
            .commit(&self.desk.root, paths, &message, &git.author, Some(&pids))
            .map_err(|e| match e {
                Error::External {
                    command,
                    message,
                    hint,
                } => Error::External {
                    command,
                    message,
                    hint: Some(hint.unwrap_or_else(|| t!("hint-git-refused"))),
                },
                other => other,
            })
    }
}

/// Keeps a file's current version at `aside`: a hard link where the file system makes
/// one (no data is copied, so it works on a full disk), else a synced copy.
fn keep_aside(path: &Path, aside: &Path) -> Result<()> {
    if std::fs::hard_link(path, aside).is_ok() {
        return Ok(());
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    write_synced(aside, &bytes)
}

/// Cuts a commit subject to at most 72 characters (on one line).
fn shorten(subject: &str) -> String {
    let line = subject.lines().next().unwrap_or_default().trim();
    if line.chars().count() <= SUBJECT_MAX {
        return line.to_string();
    }
    let cut: String = line.chars().take(SUBJECT_MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Creates a folder and its parents, syncing each parent so the new entry survives a
/// power cut.
fn create_dir_synced(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dir_synced(parent)?;
    }
    std::fs::create_dir(dir)
        .or_else(|e| if dir.is_dir() { Ok(()) } else { Err(e) })
        .map_err(|e| Error::io(dir, e))?;
    sync_parent(dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn subjects_fit_in_72_characters() {
        assert_eq!(shorten("short"), "short");
        let long = "0NB5F6S264C3: escalated to supervisor — 画册封面色差严重，与签样不符，客户要求全部重印并赔偿运费以及其他所有损失";
        let cut = shorten(long);
        assert_eq!(cut.chars().count(), 72);
        assert!(cut.ends_with('…'));
        assert_eq!(shorten("one\ntwo"), "one");
    }
}
