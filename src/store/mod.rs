//! The desk on disk: finding it, reading the policy, templates and records, the desk
//! lock, atomic writes, and git. The only module that touches files.

mod desk;
mod durable;
pub mod failpoint;
pub mod files;
pub mod git;
mod gitlock;
pub mod health;
pub mod journal;
pub mod locate;
pub mod lock;
pub mod messages;
pub mod notice;
pub mod read;
mod transaction;
pub mod yaml;

pub use desk::{
    Desk, MAX_FILE, conflict_marker, desk_lang, find_root, located as located_error, parse_record,
    read_policy, read_policy_checked, read_record_text, read_template, read_ticket_text,
    records_dir, templates_dir,
};
pub use durable::{Output, write_atomic, write_atomic_parts};
pub use lock::DeskLock;
pub use transaction::Transaction;

/// The desk's scratch folder (lock, caches), ignored by git.
pub const SCRATCH_DIR: &str = ".inkdesk";
/// The policy file at the desk root.
pub const POLICY_FILE: &str = "inkdesk.yaml";
