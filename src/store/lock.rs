//! The desk lock: one exclusive `std::fs::File::lock` on `.inkdesk/lock`, held for the
//! whole of a mutation (recover, read, change, write, commit), so concurrent invocations
//! on one desk run one after the other. The operating system drops it when the process
//! ends, so a crash never leaves a stale lock behind.
//!
//! A command that finds the desk locked says so after a second and gives up after
//! `TIMEOUT` with an error, rather than waiting silently for ever.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::i18n::t;

/// How long a change waits for another to finish before giving up, unless the
/// context sets another wait (`INKDESK_LOCK_WAIT`).
pub const TIMEOUT: Duration = Duration::from_secs(30);

static WAIT: std::sync::OnceLock<Duration> = std::sync::OnceLock::new();

/// Sets how long to wait for the desk lock (and, at most, for git's locks).
pub fn set_wait(wait: Duration) {
    let _ = WAIT.set(wait);
}

/// How long to wait for the desk lock.
pub fn wait() -> Duration {
    WAIT.get().copied().unwrap_or(TIMEOUT)
}

/// Held while the desk is locked; unlocks on drop.
#[derive(Debug)]
pub struct DeskLock {
    _file: File,
}

impl DeskLock {
    /// Whether another process holds the lock of the desk at `root` right now (a
    /// change is running), without waiting and without creating the lock file.
    pub fn held_elsewhere(root: &Path) -> bool {
        let path = root.join(super::SCRATCH_DIR).join("lock");
        let Ok(file) = OpenOptions::new().write(true).open(&path) else {
            return false;
        };
        match file.try_lock() {
            Ok(()) => false,
            Err(TryLockError::WouldBlock) => true,
            Err(TryLockError::Error(_)) => false,
        }
    }

    /// Takes the lock of the desk at `root`, waiting for another change to finish;
    /// `say` is told when the wait is longer than a second.
    pub fn acquire(root: &Path, say: fn(&str)) -> Result<DeskLock> {
        let dir = root.join(super::SCRATCH_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let path = dir.join("lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        let started = Instant::now();
        let mut told = false;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(DeskLock { _file: file }),
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
            let waited = started.elapsed();
            if waited >= wait() {
                return Err(Error::External {
                    command: "inkdesk".into(),
                    message: t!("lock-timeout", seconds = wait().as_secs()),
                    hint: Some(t!("hint-lock-timeout")),
                });
            }
            if !told && waited >= Duration::from_secs(1) {
                say(&t!("lock-waiting"));
                told = true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
