//! The desk lock: one exclusive `std::fs::File::lock` on `.inkdesk/lock`, held for the
//! whole of a mutation (read, change, write, commit), so concurrent invocations on one
//! desk run one after the other. The operating system drops it when the process ends,
//! so a crash never leaves a stale lock behind.

use std::fs::{File, OpenOptions};
use std::path::Path;

use crate::error::{Error, Result};

/// Held while the desk is locked; unlocks on drop.
#[derive(Debug)]
pub struct DeskLock {
    _file: File,
}

impl DeskLock {
    /// Waits for and takes the lock of the desk at `root`.
    pub fn acquire(root: &Path) -> Result<DeskLock> {
        let dir = root.join(super::SCRATCH_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let path = dir.join("lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        file.lock().map_err(|e| Error::io(&path, e))?;
        Ok(DeskLock { _file: file })
    }
}
