//! A mutation of the desk: take the lock, read, change in memory, then write every
//! changed record atomically. Nothing is written before `finish`; if anything fails
//! before the renames, every file stays as it was.

use std::io::Write;
use std::path::PathBuf;

use atomic_write_file::AtomicWriteFile;

use super::{Desk, DeskLock, yaml};
use crate::error::{Error, Result};
use crate::model::Ticket;

/// An open mutation of one desk.
pub struct Transaction<'a> {
    desk: &'a Desk,
    _lock: DeskLock,
    staged: Vec<(PathBuf, String)>,
}

impl<'a> Transaction<'a> {
    /// Locks the desk for a mutation.
    pub fn begin(desk: &'a Desk) -> Result<Transaction<'a>> {
        Ok(Transaction {
            desk,
            _lock: DeskLock::acquire(&desk.root)?,
            staged: Vec::new(),
        })
    }

    /// Returns the desk.
    pub fn desk(&self) -> &'a Desk {
        self.desk
    }

    /// Stages a ticket to be written at `finish`.
    pub fn stage(&mut self, ticket: &Ticket) {
        let path = self.desk.path_for(ticket);
        let text = yaml::to_string(ticket);
        self.staged.retain(|(p, _)| p != &path);
        self.staged.push((path, text));
    }

    /// Writes every staged ticket: all temporary files first (written and synced), then
    /// the renames. Returns the paths written.
    pub fn finish(self) -> Result<Vec<PathBuf>> {
        let mut files = Vec::with_capacity(self.staged.len());
        for (path, text) in &self.staged {
            if let Some(dir) = path.parent() {
                create_dir_synced(dir)?;
            }
            let mut file = AtomicWriteFile::options()
                .open(path)
                .map_err(|e| Error::io(path, e))?;
            file.write_all(text.as_bytes())
                .map_err(|e| Error::io(path, e))?;
            files.push((path, file));
        }
        let mut written = Vec::with_capacity(files.len());
        for (path, file) in files {
            file.commit().map_err(|e| Error::io(path, e))?;
            written.push(path.clone());
        }
        Ok(written)
    }
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
