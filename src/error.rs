//! The one error type of the library.
//!
//! Every variant carries the context a user needs to act: the file, line and field of a
//! bad record, the candidates of an ambiguous id, the state that forbids a transition.
//! `hint()` gives the next step where one exists; `exit_code()` maps to the contract of
//! README's "Exit codes" (every error is bad usage or bad input: 2).

use std::path::PathBuf;

use crate::i18n::t;

/// Result with the library's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can stop a command. Its text (`Display`) is in the current language.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No desk was found from the flags, the environment or the current folder.
    #[error("{}", t!("err-no-desk", start = start.display().to_string()))]
    NoDesk { start: PathBuf },

    /// A file of the desk (record, policy, template) does not hold what it must.
    #[error("{}:{line}: {}: {message}", path.display(), field_label(field))]
    BadRecord {
        path: PathBuf,
        line: usize,
        field: String,
        message: String,
        hint: Option<String>,
    },

    /// No ticket id starts with the given prefix.
    #[error("{}", t!("err-ticket-not-found", id = id.as_str()))]
    TicketNotFound { id: String },

    /// More than one ticket id starts with the given prefix.
    #[error("{}", t!("err-ambiguous-id", prefix = prefix.as_str(), candidates = candidates.join(", ")))]
    AmbiguousId {
        prefix: String,
        candidates: Vec<String>,
    },

    /// The lifecycle forbids this action in the ticket's current state.
    #[error("{}", transition_text(id, from, action, why.as_deref()))]
    InvalidTransition {
        id: String,
        from: String,
        action: String,
        /// Why not, when the status alone does not say (attempts used, no callback yet).
        why: Option<String>,
        hint: Option<String>,
    },

    /// A flag or argument has a value that cannot be used (`field` empty: the command
    /// as a whole).
    #[error("{}{message}", if field.is_empty() { String::new() } else { format!("{field}{}", t!("sep-field")) })]
    BadInput {
        field: String,
        message: String,
        hint: Option<String>,
    },

    /// Reading or writing a file failed.
    #[error("{}: {}", path.display(), io_reason(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// An external program (git, the editor) failed.
    #[error("{}", t!("err-external", command = command.as_str(), message = message.as_str()))]
    External {
        command: String,
        message: String,
        hint: Option<String>,
    },
}

impl Error {
    /// Builds a `BadInput` error with a hint.
    pub fn input(field: &str, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::BadInput {
            field: field.to_string(),
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// Builds an `Io` error for a path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Returns the next step a user can take, when there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::NoDesk { .. } => Some(t!("hint-no-desk")),
            Error::TicketNotFound { .. } => Some(t!("hint-ticket-not-found")),
            Error::AmbiguousId { .. } => Some(t!("hint-ambiguous-id")),
            Error::BadRecord { hint, .. }
            | Error::InvalidTransition { hint, .. }
            | Error::BadInput { hint, .. }
            | Error::External { hint, .. } => hint.clone(),
            Error::Io { .. } => None,
        }
    }

    /// Returns the process exit code for this error (README, "Exit codes").
    pub fn exit_code(&self) -> i32 {
        2
    }
}

/// Says why reading or writing a file failed, in the current language where the
/// reason is a common one, else in the operating system's words.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let id = match e.kind() {
        K::NotFound => "io-not-found",
        K::PermissionDenied => "io-permission-denied",
        K::AlreadyExists => "io-already-exists",
        K::IsADirectory => "io-is-a-directory",
        K::NotADirectory => "io-not-a-directory",
        K::StorageFull => "io-storage-full",
        K::ReadOnlyFilesystem => "io-read-only",
        K::DirectoryNotEmpty => "io-directory-not-empty",
        K::InvalidData => "io-invalid-data",
        _ => return e.to_string(),
    };
    crate::i18n::tr(id, &[])
}

/// A problem's field as people read it: the placeholders for "the whole file", "the
/// desk" and "the folder" in the current language, a key path as it is.
pub fn field_label(field: &str) -> String {
    match field {
        "(file)" => t!("field-file"),
        "(desk)" => t!("field-desk"),
        "(folder)" => t!("field-folder"),
        other => other.to_string(),
    }
}

/// "ticket X is resolved: cannot close", with the reason first when there is one.
fn transition_text(id: &str, from: &str, action: &str, why: Option<&str>) -> String {
    let from = crate::i18n::words::word("status", from);
    match why {
        Some(why) => t!(
            "err-invalid-transition-why",
            id = id,
            from = from,
            why = why,
            action = action
        ),
        None => t!(
            "err-invalid-transition",
            id = id,
            from = from,
            action = action
        ),
    }
}
