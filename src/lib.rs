//! inkdesk: the after-sales service desk of a print shop, kept as one YAML file per
//! ticket in a git-tracked folder.
//!
//! Layers, from the inside out:
//! - [`i18n`]: the message catalogues — every word a person reads, in the desk's language;
//! - [`model`]: the ticket, its log and ids — types and their file form, no I/O;
//! - [`policy`]: the shop's policy, working calendar, deadlines and validation — pure;
//! - [`lifecycle`]: every change a command can make to a ticket — pure;
//! - [`store`]: the desk on disk — files, the lock, atomic writes, git;
//! - [`cli`]: flags, the dispatch and printing; [`context`] resolves the invocation once.

pub mod cli;
pub mod context;
pub mod demo;
pub mod error;
pub mod i18n;
pub mod lifecycle;
pub mod model;
pub mod policy;
pub mod report;
pub mod store;
pub mod summary;

#[cfg(test)]
mod testkit;

pub use error::{Error, Result};
