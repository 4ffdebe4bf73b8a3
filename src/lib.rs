//! inkdesk: the after-sales service desk of a print shop, kept as one YAML file per
//! ticket in a git-tracked folder.
//!
//! Floors, from the ground up (each uses only those below it; ARCHITECTURE.md):
//! - [`i18n`]: the message catalogues — every word a person reads, in the desk's language;
//! - [`error`]: the one error type, with its place, hint and exit code;
//! - [`model`]: the ticket, its log, ids and money — types and their file form, no I/O;
//! - [`policy`]: the shop's policy, working calendar, deadlines and validation — pure;
//! - [`lifecycle`]: every change a command can make to a ticket, or why not — pure;
//! - [`summary`]: what a read knows of a ticket (facts, history, the morning list) — pure;
//!   [`register`]: an old complaint register read into tickets — pure;
//! - [`report`]: the monthly review (pure) and its forms, the exports;
//! - [`store`]: the desk on disk — files, the lock, atomic changes, git, the index;
//!   [`demo`]: a realistic desk made through the lifecycle;
//! - [`context`] resolves the invocation once; [`cli`]: flags, the dispatch, printing.

pub mod cli;
pub mod context;
pub mod demo;
pub mod error;
pub mod i18n;
pub mod lifecycle;
pub mod model;
pub mod notify;
pub mod policy;
pub mod register;
pub mod report;
pub mod store;
pub mod summary;

#[cfg(test)]
mod testkit;

pub use error::{Error, Result};
