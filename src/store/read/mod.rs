//! Reading the whole desk: one door, [`Desk::read`], for every command that looks at
//! more than one record.
//!
//! A read hands each record to the caller in path order (about the order of opening),
//! with its [`Summary`] (or, for the review, its [`Story`]) when the caller wants it
//! by its [`Peek`]. Behind the door:
//!
//! - `walk.rs` lists `records/` and states its files on threads of their own, and
//!   `listings.rs` keeps the listings of folders that did not change (`.inkdesk/folders`);
//! - `stored.rs` reads the desk index (`.inkdesk/index`) front to back beside the walk,
//!   `pass.rs` merges the two and parses new or changed records in parallel, and
//!   `new_index.rs` writes the new index when anything differs;
//! - `codec.rs` is how an index entry is written and read, from one list of fields;
//! - `spill.rs` sets texts aside for a command that sorts many lines.
//!
//! The index is a derived cache: keyed on each record's path and stamp, and on a
//! fingerprint of the policy, the templates and the build's format. An index that is
//! missing, foreign, truncated or from another build is rebuilt silently, and `--no-cache`
//! reads every record's YAML. Nothing is held per record beyond a window of them.
//!
//! The index file:
//!
//! ```text
//! magic | fingerprint | chunk 0 | chunk 1 | …
//!       | lengths of each chunk's heads and bodies | number of entries | number of chunks
//! ```
//!
//! A chunk holds `CHUNK` entries (the last one the rest), in path order: first the head
//! of each (the record's path and stamp, its summary's peek and the length of the
//! rest), then the body of each. Fixed-width numbers are little-endian u64.

mod codec;
mod listings;
mod new_index;
mod pass;
pub mod spill;
mod stamp;
mod stored;
mod walk;

use std::path::PathBuf;

pub use codec::Decoded;

use super::{Desk, POLICY_FILE, SCRATCH_DIR, read_ticket_text};
use crate::error::{Error, Result};
use crate::model::Ticket;
use crate::model::fnv::fnv1a;
use crate::summary::{Peek, Summary};
use listings::Listings;
use pass::Pass;
use walk::{Found, walk};

#[cfg(doc)]
use crate::summary::Story;

const MAGIC: &[u8] = b"INKDESK-INDEX\x01";
/// Entries per chunk of the index file.
const CHUNK: usize = 4096;
/// The magic and the fingerprint.
const FIXED_HEAD: usize = MAGIC.len() + 8;

/// How a read takes the desk.
pub struct ReadOptions<W> {
    /// Whether the desk index may be used and brought up to date (`--no-cache`: no).
    pub cache: bool,
    /// Which records are wanted, by their peek: the others are visited with `None`.
    pub want: W,
    /// What a record that cannot be read does to the read.
    pub unreadable: Unreadable,
}

/// What a read does with a record that cannot be read (or a link among the records).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// Stops the read with the error, which names the file.
    Stop,
    /// Leaves the record out and goes on; [`Desk::read`] returns the errors, for the
    /// command to name them (`list`, `overdue`: a broken record must not hide the rest).
    Skip,
}

impl<W: Fn(&Peek) -> bool + Sync> ReadOptions<W> {
    /// A read of the records `want` picks, stopped by the first that cannot be read.
    pub fn new(cache: bool, want: W) -> Self {
        ReadOptions {
            cache,
            want,
            unreadable: Unreadable::Stop,
        }
    }

    /// The same read, leaving out the records that cannot be read.
    pub fn skipping_unreadable(self) -> Self {
        ReadOptions {
            unreadable: Unreadable::Skip,
            ..self
        }
    }
}

impl Desk {
    /// Hands every record to `visit`, in path order, with its path relative to the
    /// desk root and, when `want` asks for it, its [`Summary`] or [`Story`] (`T`);
    /// returns the records left out as unreadable (none unless the options skip them).
    ///
    /// A value comes from the index where the file is unchanged and from its YAML
    /// where it is new or changed. A record that cannot be read stops the read before
    /// `visit` sees anything of its window, unless the options skip it. Each value is
    /// lent to `visit` and its buffers then take a later one: a read of the whole desk
    /// allocates next to nothing per record.
    pub fn read<T: Decoded, W: Fn(&Peek) -> bool + Sync>(
        &self,
        options: ReadOptions<W>,
        mut visit: impl FnMut(&str, Option<&T>) -> Result<()>,
    ) -> Result<Vec<Error>> {
        let ReadOptions {
            cache,
            want,
            unreadable,
        } = options;
        let scratch = self.root.join(SCRATCH_DIR);
        let records = self.records_dir();
        let rel = records
            .strip_prefix(&self.root)
            .map(|r| format!("{}/", r.to_string_lossy()))
            .unwrap_or_else(|_| format!("{}/", records.to_string_lossy()));
        let mut skipped = Vec::new();
        let mut bad = |e: Error| match unreadable {
            Unreadable::Stop => Err(e),
            Unreadable::Skip => {
                skipped.push(e);
                Ok(())
            }
        };
        let mut pass: Pass<_, T> = Pass::new(
            self,
            &want,
            cache,
            scratch.join("index"),
            self.fingerprint(),
        );
        // The folders' listings are kept beside the index, and ignored with it.
        let listings = cache.then(|| scratch.join("folders"));
        walk(
            &records,
            &rel,
            Listings::open(listings.as_deref()),
            |found| match found {
                Found::Files(batch) => pass.window(&batch, &mut visit, &mut bad),
                Found::Link(link) => bad(Error::BadRecord {
                    path: link,
                    line: 1,
                    field: "(file)".into(),
                    message: crate::i18n::t!("err-symlink"),
                    hint: Some(crate::i18n::t!("hint-symlink")),
                }),
            },
        )?;
        pass.finish();
        Ok(skipped)
    }

    /// Reads in full the tickets that `want` (on their peek) and then `wanted` (on their
    /// summary) pick, in path order.
    pub fn load_where(
        &self,
        cache: bool,
        want: impl Fn(&Peek) -> bool + Sync,
        wanted: impl Fn(&Summary) -> bool,
    ) -> Result<Vec<(PathBuf, Ticket)>> {
        let mut picked = Vec::new();
        self.read(ReadOptions::new(cache, want), |rel, s: Option<&Summary>| {
            if s.is_some_and(&wanted) {
                picked.push(self.root.join(rel));
            }
            Ok(())
        })?;
        picked
            .into_iter()
            .map(|path| read_ticket_text(&path).map(|(_, t)| (path, t)))
            .collect()
    }

    /// A hash of everything a summary depends on besides its record: the build's
    /// format, the policy and the templates.
    fn fingerprint(&self) -> u64 {
        let mut parts: Vec<Vec<u8>> = vec![
            codec::FORMAT.to_le_bytes().to_vec(),
            std::fs::read(self.root.join(POLICY_FILE)).unwrap_or_default(),
        ];
        for path in Desk::yaml_files(&self.root.join("templates")).unwrap_or_default() {
            parts.push(
                path.file_name()
                    .map(|n| n.to_string_lossy().as_bytes().to_vec())
                    .unwrap_or_default(),
            );
            parts.push(std::fs::read(&path).unwrap_or_default());
        }
        let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        fnv1a(&refs)
    }
}
