//! What `inkdesk notify` has sent, per channel: `.inkdesk/notify-state.json` (ignored by
//! git, never in the records), replaced atomically after each channel's send; and the
//! lock that keeps two runs of `notify` from sending the same reminder at once.
//!
//! The order is send, then record: a failed send records nothing (the next run tries
//! again), and a crash between a send and its record makes the next run send that one
//! message again — at most one duplicate, never a loss.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::SCRATCH_DIR;
use super::durable::write_atomic;
use crate::error::{Error, Result};
use crate::i18n::t;

const STATE_FILE: &str = "notify-state.json";
const LOCK_FILE: &str = "notify.lock";
const VERSION: u32 = 1;

/// The reminders sent, by channel, and since when `notify` runs on this desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sent {
    version: u32,
    /// The first run: escalations before it are not announced.
    pub since: DateTime<Utc>,
    /// The keys of the reminders each channel took.
    pub sent: BTreeMap<String, BTreeSet<String>>,
}

impl Sent {
    /// What a desk that never ran `notify` starts with.
    pub fn first(now: DateTime<Utc>) -> Sent {
        Sent {
            version: VERSION,
            since: now,
            sent: BTreeMap::new(),
        }
    }

    /// Whether `channel` took the reminder `key`.
    pub fn has(&self, channel: &str, key: &str) -> bool {
        self.sent.get(channel).is_some_and(|s| s.contains(key))
    }

    /// Records that `channel` took these reminders.
    pub fn record<'a>(&mut self, channel: &str, keys: impl IntoIterator<Item = &'a str>) {
        let set = self.sent.entry(channel.to_string()).or_default();
        set.extend(keys.into_iter().map(str::to_string));
    }

    /// Forgets every key that is not among `current` (deadlines met, tickets closed) and
    /// every channel the policy no longer names, so that the file stays small.
    pub fn keep_only(&mut self, channels: &[String], current: &BTreeSet<String>) {
        self.sent.retain(|c, _| channels.contains(c));
        for set in self.sent.values_mut() {
            set.retain(|k| current.contains(k));
        }
    }
}

fn state_path(root: &Path) -> PathBuf {
    root.join(SCRATCH_DIR).join(STATE_FILE)
}

/// Reads what was sent; `None` when `notify` never ran here.
pub fn load(root: &Path) -> Result<Option<Sent>> {
    let path = state_path(root);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    match serde_json::from_str::<Sent>(&text) {
        Ok(sent) if sent.version == VERSION => Ok(Some(sent)),
        Ok(_) | Err(_) => Err(Error::BadRecord {
            path,
            line: 1,
            field: "(file)".into(),
            message: t!("err-notify-state"),
            hint: Some(t!("hint-notify-state")),
        }),
    }
}

/// Replaces what was sent, atomically.
pub fn save(root: &Path, sent: &Sent) -> Result<()> {
    let path = state_path(root);
    super::files::make_folder(&root.join(SCRATCH_DIR))?;
    let text = serde_json::to_string_pretty(sent)
        .map_err(|e| Error::io(&path, std::io::Error::other(e.to_string())))?;
    write_atomic(&path, text.as_bytes())
}

/// Holds the lock of `notify` on a desk while alive.
pub struct NotifyLock {
    _file: File,
}

/// Takes the lock of `notify`; `None` when another run holds it.
pub fn try_lock(root: &Path) -> Result<Option<NotifyLock>> {
    let dir = root.join(SCRATCH_DIR);
    super::files::make_folder(&dir)?;
    let path = dir.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(NotifyLock { _file: file })),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&path, e)),
    }
}
