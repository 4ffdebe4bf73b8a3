//! A mutation of the desk: take the lock, read, change in memory, then write every
//! changed record atomically and, in a git repository, commit exactly those files.
//! Nothing is written before `finish`; if anything fails before the renames, every file
//! stays as it was. The lock is held until the commit is made, so concurrent inkdesk
//! processes never meet in git's index.

use std::io::Write;
use std::path::PathBuf;

use atomic_write_file::AtomicWriteFile;

use super::git::{self, Author};
use super::{Desk, DeskLock, yaml};
use crate::error::{Error, Result};
use crate::model::Ticket;

/// The longest commit subject, in characters.
const SUBJECT_MAX: usize = 72;

struct Staged {
    path: PathBuf,
    text: String,
    id: String,
    /// One line per event the change added to the ticket's log.
    events: Vec<String>,
}

/// An open mutation of one desk.
pub struct Transaction<'a> {
    desk: &'a Desk,
    _lock: DeskLock,
    staged: Vec<Staged>,
    /// Who to commit as; `None` when this change is not committed.
    author: Option<Author>,
}

impl<'a> Transaction<'a> {
    /// Locks the desk for a mutation; commits as `author` at the end when given.
    pub fn begin(desk: &'a Desk, author: Option<Author>) -> Result<Transaction<'a>> {
        Ok(Transaction {
            desk,
            _lock: DeskLock::acquire(&desk.root)?,
            staged: Vec::new(),
            author,
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

    /// Stages a ticket to be written at `finish`; `since` is the length its log had
    /// when it was read (0 for a new ticket).
    pub fn stage(&mut self, ticket: &Ticket, since: usize) -> Result<()> {
        let path = self.desk.path_for(ticket);
        let names = self.desk.names();
        let events = ticket.log[since.min(ticket.log.len())..]
            .iter()
            .map(|e| {
                format!("{} · {}", e.action.label(), e.summary(&names))
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
            events,
        });
        Ok(())
    }

    /// Writes every staged ticket — all temporary files first (written and synced), then
    /// the renames — and commits them with `subject` when the desk commits. Returns the
    /// paths written.
    pub fn finish(self, subject: &str, action: &str) -> Result<Vec<PathBuf>> {
        let mut files = Vec::with_capacity(self.staged.len());
        for staged in &self.staged {
            let path = &staged.path;
            if let Some(dir) = path.parent() {
                create_dir_synced(dir)?;
            }
            let mut file = AtomicWriteFile::options()
                .open(path)
                .map_err(|e| Error::io(path, e))?;
            file.write_all(staged.text.as_bytes())
                .map_err(|e| Error::io(path, e))?;
            files.push((path, file));
        }
        let mut written = Vec::with_capacity(files.len());
        for (path, file) in files {
            file.commit().map_err(|e| Error::io(path, e))?;
            written.push(path.clone());
        }
        if let Some(author) = &self.author
            && !self.staged.is_empty()
        {
            self.commit(author, subject, action)?;
        }
        Ok(written)
    }

    fn commit(&self, author: &Author, subject: &str, action: &str) -> Result<()> {
        let paths: Vec<String> = self
            .staged
            .iter()
            .map(|s| {
                s.path
                    .strip_prefix(&self.desk.root)
                    .unwrap_or(&s.path)
                    .display()
                    .to_string()
            })
            .collect();
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
            .map(|s| format!("Ticket: {}", s.id))
            .chain([format!("Action: {action}")])
            .collect();
        let message = format!(
            "{}\n\n{}\n\n{}\n",
            shorten(subject),
            body.join("\n"),
            trailers.join("\n")
        );
        git::commit(&self.desk.root, &paths, &message, author).map_err(|e| match e {
            Error::External {
                command, message, ..
            } => Error::External {
                command,
                message,
                hint: Some(crate::t!("hint-commit-by-hand", paths = paths.join(" "))),
            },
            other => other,
        })
    }
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
fn create_dir_synced(dir: &std::path::Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dir_synced(parent)?;
    }
    std::fs::create_dir(dir)
        .or_else(|e| if dir.is_dir() { Ok(()) } else { Err(e) })
        .map_err(|e| Error::io(dir, e))?;
    if let Some(parent) = dir.parent() {
        std::fs::File::open(parent)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(parent, e))?;
    }
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
