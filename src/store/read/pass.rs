//! One read of the desk: the walk of the records merged with the stored index read
//! beside it (two sorted runs: an entry of the same path and stamp is fresh, an entry
//! passed over is a deleted file), new or changed records parsed in parallel, and the
//! new index written once the desk is found to differ from the stored one.

use std::path::PathBuf;

use rayon::prelude::*;

use super::codec::{self, Decoded};
use super::new_index::NewIndex;
use super::stamp::FileStamp;
use super::stored::{Match, Stored};
use super::walk::Batch;
use crate::error::{Error, Result};
use crate::store::{Desk, read_ticket_text};
use crate::summary::{Peek, derive};

/// One read of the desk: the walk, the stored index read alongside it, and the new
/// index written once the desk is found to differ from the stored one.
pub(super) struct Pass<'d, 'w, W, T> {
    desk: &'d Desk,
    want: &'w W,
    stored: Option<Stored>,
    /// Whether every file so far is the stored entry of the same rank, unchanged.
    same: bool,
    /// Files walked so far.
    seen: usize,
    writing: Option<NewIndex>,
    use_index: bool,
    /// Whether a record that cannot be read was left out (no index is then written).
    left_out: bool,
    fingerprint: u64,
    index_path: PathBuf,
    /// Summaries visited, whose buffers the next ones are read into (boxed: a window
    /// moves its files' matches about, most without a summary, and a box moves as a
    /// pointer).
    #[allow(clippy::vec_box)]
    spare: Vec<Box<T>>,
}

impl<'d, 'w, W: Fn(&Peek) -> bool + Sync, T: Decoded> Pass<'d, 'w, W, T> {
    /// Starts a read of `desk`: the stored index at `index_path` is read beside the
    /// walk when `use_index` (and when it is of this fingerprint).
    pub(super) fn new(
        desk: &'d Desk,
        want: &'w W,
        use_index: bool,
        index_path: PathBuf,
        fingerprint: u64,
    ) -> Self {
        let stored = use_index
            .then(|| Stored::open(&index_path, fingerprint))
            .flatten();
        let mut pass = Pass {
            desk,
            want,
            same: stored.is_some(),
            stored,
            seen: 0,
            writing: None,
            use_index,
            left_out: false,
            fingerprint,
            index_path,
            spare: Vec::new(),
        };
        if !pass.same {
            pass.start_writing(0);
        }
        pass
    }

    /// Starts the new index with the first `n` entries of the stored one, which are
    /// known to be those of the first `n` files. The index is only a cache: failing to
    /// write it costs speed, never data.
    fn start_writing(&mut self, n: usize) {
        self.same = false;
        if !self.use_index || self.writing.is_some() || self.left_out {
            return;
        }
        let mut index = NewIndex::create(&self.index_path, self.fingerprint).ok();
        if n > 0 {
            let copied = match (&mut index, &mut self.stored) {
                (Some(index), Some(stored)) => stored.copy_prefix(n, index),
                _ => None,
            };
            if copied.is_none() {
                index = None;
            }
        }
        self.writing = index;
    }

    /// Reads one window of files (sorted, following every file walked before) and
    /// hands each to `visit`.
    pub(super) fn window(
        &mut self,
        batch: &Batch,
        visit: &mut impl FnMut(&str, Option<&T>) -> Result<()>,
        bad: &mut impl FnMut(Error) -> Result<()>,
    ) -> Result<()> {
        let files: Vec<(&str, &FileStamp)> = batch.iter().collect();
        let mut got: Vec<Fetched<T>> = Vec::with_capacity(files.len());
        // The first file of the window the new index takes (those before it are in the
        // stored entries copied when writing started).
        let mut from = 0;
        for (i, (rel, stamp)) in files.iter().enumerate() {
            let rank = self.seen + i;
            let raw = self.writing.is_some();
            let found = match &mut self.stored {
                Some(stored) => stored.find(rel, stamp, self.want, raw, &mut self.spare),
                None => Match::Missing,
            };
            let in_step = matches!(&found, Match::Fresh { rank: r, .. } if *r == rank);
            let mut found = found;
            if self.same && !in_step {
                self.start_writing(rank);
                from = i;
                // Found just before writing started: take its bytes while its chunk
                // is decoded.
                if let Match::Fresh { rank, encoded, .. } = &mut found
                    && self.writing.is_some()
                {
                    match self.stored.as_mut().and_then(|s| s.entry_bytes(*rank)) {
                        Some(bytes) => *encoded = bytes,
                        None => self.writing = None,
                    }
                }
            }
            got.push(match found {
                Match::Fresh {
                    summary, encoded, ..
                } => Fetched {
                    found: true,
                    summary,
                    encoded,
                    pooled: true,
                },
                Match::Missing => Fetched::default(),
            });
        }
        let writing = self.writing.is_some();
        let stale: Vec<usize> = (0..got.len()).filter(|&i| !got[i].found).collect();
        let (desk, want) = (self.desk, self.want);
        let parsed: Vec<Result<Fetched<T>>> = stale
            .par_iter()
            .map(|&i| {
                let (rel, stamp) = &files[i];
                let (_, t) = read_ticket_text(&desk.root.join(rel))?;
                let (mut summary, mut rows) = derive(&t, &desk.policy);
                let mut encoded = Vec::new();
                if writing {
                    codec::put_entry(&mut encoded, rel, stamp, &mut summary, &mut rows);
                }
                let wanted = want(&summary.facts.peek());
                Ok(Fetched {
                    found: true,
                    summary: wanted.then(|| Box::new(T::from_parts(summary, rows))),
                    encoded,
                    pooled: false,
                })
            })
            .collect();
        for (&i, fetched) in stale.iter().zip(parsed) {
            match fetched {
                Ok(f) => got[i] = f,
                Err(e) => {
                    bad(e)?;
                    // A record left out has no index entry: this read writes none.
                    self.left_out = true;
                    self.writing = None;
                }
            }
        }
        if let Some(index) = &mut self.writing
            && got[from..]
                .iter()
                .any(|f| f.encoded.is_empty() || index.entry(&f.encoded).is_err())
        {
            self.writing = None;
        }
        self.seen += files.len();
        for ((rel, _), fetched) in files.iter().zip(got) {
            visit(rel, fetched.summary.as_deref())?;
            // Its buffers take the next summary read from the index; no more are kept
            // than a window uses, and none of those read from the YAML (a read of a
            // desk of new files would keep a window of them for nothing).
            if fetched.pooled && self.spare.len() < files.len() {
                self.spare.extend(fetched.summary);
            }
        }
        Ok(())
    }

    /// Puts the new index in place when one was written; drops a damaged one.
    pub(super) fn finish(mut self) {
        if self.same && self.stored.as_ref().is_some_and(|s| s.count != self.seen) {
            // Records at the end were deleted.
            self.start_writing(self.seen);
        }
        match self.writing {
            Some(index) => {
                let _ = index.commit(self.seen);
            }
            // A part of the stored index that did not decode was read from the YAML;
            // drop the index so that the next read builds it afresh.
            None if self.stored.is_some_and(|s| s.damaged) => {
                let _ = std::fs::remove_file(&self.index_path);
            }
            None => {}
        }
    }
}

/// One entry as a window of the read has it.
struct Fetched<T> {
    /// Whether the entry was had at all (from the index or the YAML).
    found: bool,
    /// Its summary, if wanted.
    summary: Option<Box<T>>,
    /// Whether its summary was read from the index (into a pooled box).
    pooled: bool,
    /// Its encoding, when a new index is being written.
    encoded: Vec<u8>,
}

impl<T> Default for Fetched<T> {
    fn default() -> Self {
        Fetched {
            found: false,
            summary: None,
            pooled: false,
            encoded: Vec::new(),
        }
    }
}
