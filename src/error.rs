//! The one error type of the library.
//!
//! Every variant carries the context a user needs to act: the file, line and field of a
//! bad record, the candidates of an ambiguous id, the state that forbids a transition.
//! `hint()` gives the next step where one exists; `exit_code()` maps to the contract of
//! SPEC section 6 (every error is bad usage or bad input: 2).

use std::path::PathBuf;

/// Result with the library's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No desk was found from the flags, the environment or the current folder.
    #[error("no desk found (looked for inkdesk.yaml in {start} and every folder above it)")]
    NoDesk { start: PathBuf },

    /// A file of the desk (record, policy, template) does not hold what it must.
    #[error("{}:{line}: {field}: {message}", path.display())]
    BadRecord {
        path: PathBuf,
        line: usize,
        field: String,
        message: String,
        hint: Option<String>,
    },

    /// No ticket id starts with the given prefix.
    #[error("no ticket matches `{id}`")]
    TicketNotFound { id: String },

    /// More than one ticket id starts with the given prefix.
    #[error("`{prefix}` is ambiguous: it matches {}", candidates.join(", "))]
    AmbiguousId {
        prefix: String,
        candidates: Vec<String>,
    },

    /// The lifecycle forbids this action in the ticket's current state.
    #[error("ticket {id} is {from}: cannot {action}")]
    InvalidTransition {
        id: String,
        from: String,
        action: String,
        hint: Option<String>,
    },

    /// A flag or argument has a value that cannot be used.
    #[error("{field}: {message}")]
    BadInput {
        field: String,
        message: String,
        hint: Option<String>,
    },

    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// An external program (git, the editor) failed.
    #[error("`{command}` failed: {message}")]
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
            Error::NoDesk { .. } => {
                Some("run `inkdesk init` to create a desk, or pass --dir / set INKDESK_DIR".into())
            }
            Error::TicketNotFound { .. } => {
                Some("`inkdesk list --all` shows every ticket id".into())
            }
            Error::AmbiguousId { .. } => Some("type more characters of the id".into()),
            Error::BadRecord { hint, .. }
            | Error::InvalidTransition { hint, .. }
            | Error::BadInput { hint, .. }
            | Error::External { hint, .. } => hint.clone(),
            Error::Io { .. } => None,
        }
    }

    /// Returns the process exit code for this error (SPEC section 6).
    pub fn exit_code(&self) -> i32 {
        2
    }
}
