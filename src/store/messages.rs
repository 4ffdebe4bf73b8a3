//! Messages and shift handovers on disk: `messages/YYYY/MM/<ID>.yaml`, one file each,
//! read and checked like records (never through a link, a clear error naming the file,
//! line and field).

use std::path::{Path, PathBuf};

use super::desk::{draw_id, located, named_by_id, parse};
use super::{Desk, read_record_text};
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::model::Id;
use crate::model::message::Message;
use crate::model::ticket::month_folder;
use crate::policy::{Policy, validate};

/// The folder of messages at the desk root.
pub const MESSAGES_DIR: &str = "messages";

/// Messages read, each with its file.
pub type Filed = Vec<(PathBuf, Message)>;

/// Returns the messages folder of the desk at `root`.
pub fn messages_dir(root: &Path) -> PathBuf {
    root.join(MESSAGES_DIR)
}

/// Reads and checks one message file: its YAML, its fields, its id against its name.
pub fn read_message(path: &Path, policy: &Policy) -> Result<Message> {
    let text = read_record_text(path)?;
    let message: Message = parse(path, &text)?;
    named_by_id(path, &text, message.id.as_str())?;
    if let Some(p) = validate::message(&message, policy).first() {
        return Err(located(path, &text, p, Some(&t!("hint-fix-by-hand"))));
    }
    Ok(message)
}

/// Reads a message file git hands the merge driver (any name; its YAML and fields).
pub fn parse_message_file(path: &Path) -> Result<Message> {
    let text = read_record_text(path)?;
    parse(path, &text)
}

impl Desk {
    /// Returns where a message belongs: `messages/YYYY/MM/<ID>.yaml`, by when it was left.
    pub fn message_path(&self, m: &Message) -> PathBuf {
        messages_dir(&self.root)
            .join(month_folder(&m.at))
            .join(format!("{}.yaml", m.id))
    }

    /// Reads every message of the desk, oldest first; the files that cannot be read
    /// are returned as errors beside them (none is skipped silently).
    pub fn read_messages(&self) -> Result<(Filed, Vec<Error>)> {
        let (mut read, mut broken) = (Vec::new(), Vec::new());
        Desk::each_yaml_file(&messages_dir(&self.root), |path| {
            match read_message(&path, &self.policy) {
                Ok(m) => read.push((path, m)),
                Err(e) => broken.push(e),
            }
            Ok(())
        })?;
        read.sort_by(|a, b| (a.1.at, &a.1.id).cmp(&(b.1.at, &b.1.id)));
        Ok((read, broken))
    }

    /// Reads every message of the desk, oldest first; the first unreadable one is the
    /// error.
    pub fn messages(&self) -> Result<Filed> {
        let (read, mut broken) = self.read_messages()?;
        match broken.is_empty() {
            true => Ok(read),
            false => Err(broken.remove(0)),
        }
    }

    /// Draws a message id naming no message of the desk.
    pub fn fresh_message_id(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Id> {
        let tz = self.policy.calendar.tz();
        let folder =
            messages_dir(&self.root).join(month_folder(&crate::model::time::stamp(now, tz)));
        draw_id(now, |id| !folder.join(format!("{id}.yaml")).exists())
    }
}
