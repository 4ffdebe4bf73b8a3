//! The desk index (`.inkdesk/index`): a derived cache of what the read commands need of
//! every record, so that unchanged YAML is not parsed again.
//!
//! Each entry is keyed on the record's path, size, modification time, change time and
//! inode: a hand edit (even one that keeps the size), a `git checkout`, a merge or a
//! deleted file shows in the very next command. The whole index is keyed on a
//! fingerprint of the policy and templates, which the summaries depend on. An index
//! that is missing, foreign, truncated or from another version is rebuilt silently.
//! It lives in the scratch folder git ignores; `check` never reads it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, TimeZone};
use rayon::prelude::*;

use std::io::{Read, Seek, SeekFrom, Write};
use std::ops::Range;

use super::listings::Listings;
use super::walk::{Batch, FileStamp, Found, walk};
use super::{Desk, POLICY_FILE, SCRATCH_DIR, read_ticket_text};
use crate::error::{Error, Result};
use crate::model::fnv::fnv1a;
use crate::model::ticket::DEADLINES;
use crate::model::{Cause, Remedy, Satisfaction, Status};
use crate::summary::{At, Peek, Summary, TicketFacts};
use crate::summary::history::{History, Live, Occurrence, actions};

const MAGIC: &[u8] = b"INKDESK-INDEX\x01";
/// Bumped whenever the summary or its encoding changes.
const FORMAT: &[u8] = b"summary-v13-heads-bodies";

impl Desk {
    /// Hands every record to `visit`, in path order (about the order of opening), with
    /// its path relative to the desk root and its summary if `want` asks for it (`None`
    /// if not). `want` sees only the few facts of a `Peek`, which the index gives without
    /// decoding the rest; a summary comes from the index where the file is unchanged,
    /// from its YAML (parsed in parallel) where it is new or changed. The first record
    /// that does not parse stops the read, with its file named, before `visit` sees
    /// anything of its window.
    ///
    /// Records are read a window at a time, so memory does not grow with the desk: only
    /// the file list and one window of summaries are held at once. When anything
    /// changed, the new index is written alongside, window by window, and put in place
    /// at the end.
    pub fn each_summary(
        &self,
        use_index: bool,
        want: impl Fn(&Peek) -> bool + Sync,
        visit: impl FnMut(&str, Option<&Summary>) -> Result<()>,
    ) -> Result<()> {
        self.each_summary_in(use_index, false, want, visit, Err)
    }

    /// As `each_summary`, with each summary's history rows when `history` asks for
    /// them (the review and the events export read them; the other commands leave them
    /// undecoded). A summary read for its history from the index has of the facts'
    /// texts only those a `Head` holds (shop, zone, id, kind, customer, company) and
    /// the status; the others (title, priority, phone, email, holder, department,
    /// cause, remedy, satisfaction) are left empty, as rows carry their own.
    pub fn each_summary_with(
        &self,
        use_index: bool,
        history: bool,
        want: impl Fn(&Peek) -> bool + Sync,
        visit: impl FnMut(&str, Option<&Summary>) -> Result<()>,
    ) -> Result<()> {
        self.each_summary_in(use_index, history, want, visit, Err)
    }

    /// As `each_summary`, but a record that cannot be read (or a link among the
    /// records) goes to `bad`, which may stop the read by returning the error or let it
    /// go on without that record (`list` and `overdue` name it and go on).
    pub fn each_summary_or(
        &self,
        use_index: bool,
        want: impl Fn(&Peek) -> bool + Sync,
        visit: impl FnMut(&str, Option<&Summary>) -> Result<()>,
        bad: impl FnMut(Error) -> Result<()>,
    ) -> Result<()> {
        self.each_summary_in(use_index, false, want, visit, bad)
    }

    fn each_summary_in(
        &self,
        use_index: bool,
        history: bool,
        want: impl Fn(&Peek) -> bool + Sync,
        mut visit: impl FnMut(&str, Option<&Summary>) -> Result<()>,
        mut bad: impl FnMut(Error) -> Result<()>,
    ) -> Result<()> {
        let fingerprint = self.fingerprint();
        let index_path = self.root.join(SCRATCH_DIR).join("index");
        let records = self.records_dir();
        let rel = records
            .strip_prefix(&self.root)
            .map(|r| format!("{}/", r.to_string_lossy()))
            .unwrap_or_else(|_| format!("{}/", records.to_string_lossy()));
        // The folders are walked and their files stated on threads of their own, while
        // this one reads the index beside them and hands out the summaries.
        let stored = use_index
            .then(|| Stored::open(&index_path, fingerprint, history))
            .flatten();
        let mut pass = Pass {
            desk: self,
            history,
            want: &want,
            same: stored.is_some(),
            stored,
            seen: 0,
            writing: None,
            use_index,
            left_out: false,
            fingerprint,
            index_path: index_path.clone(),
            spare: Vec::new(),
        };
        if !pass.same {
            pass.start_writing(0);
        }
        // The folders' listings are kept beside the index, and ignored with it.
        let listings = use_index.then(|| self.root.join(SCRATCH_DIR).join("folders"));
        let listings = Listings::open(listings.as_deref());
        walk(&records, &rel, listings, |found| match found {
            Found::Files(batch) => pass.window(&batch, &mut visit, &mut bad),
            Found::Link(link) => bad(Error::BadRecord {
                path: link,
                line: 1,
                field: "(file)".into(),
                message: crate::t!("err-symlink"),
                hint: Some(crate::t!("hint-symlink")),
            }),
        })?;
        pass.finish();
        Ok(())
    }

    /// Reads in full the tickets that `want` (on their peek) and then `wanted` (on their
    /// summary) pick, from the index where it is fresh, in path order.
    pub fn load_where(
        &self,
        use_index: bool,
        want: impl Fn(&Peek) -> bool + Sync,
        wanted: impl Fn(&Summary) -> bool,
    ) -> Result<Vec<(PathBuf, crate::model::Ticket)>> {
        let mut picked = Vec::new();
        self.each_summary(use_index, want, |rel, s| {
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

    /// A hash of everything a summary depends on besides its record.
    fn fingerprint(&self) -> u64 {
        let mut parts: Vec<Vec<u8>> = vec![
            FORMAT.to_vec(),
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

/// Entries per chunk of the index file.
const CHUNK: usize = 4096;

/// The index file:
///
/// ```text
/// magic | fingerprint | chunk 0 | chunk 1 | …
///       | lengths of each chunk's heads and bodies | number of entries | number of chunks
/// ```
///
/// A chunk holds CHUNK entries (the last one the rest), in path order: first the head
/// of each (the record's path and stamp, its summary's peek and the length of the
/// rest), then the body of each (the rest of its summary). A read reads every head and
/// only the bodies of chunks where an entry is wanted: `list` and `overdue` read about
/// a sixth of the file. An entry as a whole (head then body) is what `Writer` writes.
/// The index is written and read front to back while the records are walked, so
/// neither holds more than a few chunks.
/// Fixed-width numbers are little-endian u64; everything inside the chunks is encoded
/// by `Writer`.
const FIXED_HEAD: usize = MAGIC.len() + 8;

/// One read of the desk: the walk, the stored index read alongside it, and the new
/// index written once the desk is found to differ from the stored one.
struct Pass<'d, 'w, W> {
    desk: &'d Desk,
    history: bool,
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
    spare: Vec<Box<Summary>>,
}

impl<W: Fn(&Peek) -> bool + Sync> Pass<'_, '_, W> {
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
    fn window(
        &mut self,
        batch: &Batch,
        visit: &mut impl FnMut(&str, Option<&Summary>) -> Result<()>,
        bad: &mut impl FnMut(Error) -> Result<()>,
    ) -> Result<()> {
        let files: Vec<(&str, &FileStamp)> = batch.iter().collect();
        let mut got: Vec<Fetched> = Vec::with_capacity(files.len());
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
        let (desk, history, want) = (self.desk, self.history, self.want);
        let parsed: Vec<Result<Fetched>> = stale
            .par_iter()
            .map(|&i| {
                let (rel, stamp) = &files[i];
                let (_, t) = read_ticket_text(&desk.root.join(rel))?;
                let mut summary = Summary::of(&t, &desk.policy);
                let mut encoded = Writer(Vec::new());
                if writing {
                    encoded.str(rel);
                    encoded.stamp(stamp);
                    encoded.summary(&summary);
                }
                if !history {
                    summary.history.rows = Vec::new();
                }
                Ok(Fetched {
                    found: true,
                    summary: want(&summary.facts.peek()).then(|| Box::new(summary)),
                    encoded: encoded.0,
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
    fn finish(mut self) {
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

/// What the stored index has of a file.
enum Match {
    /// Its entry, for the same stamp: at this rank, with its summary if wanted and its
    /// bytes if asked for.
    Fresh {
        rank: usize,
        summary: Option<Box<Summary>>,
        encoded: Vec<u8>,
    },
    /// Nothing, or an entry of another version of the file.
    Missing,
}

/// The stored index being read front to back, a chunk at a time: each chunk's heads,
/// which of its entries `want` asks for, and those entries' bodies.
struct Stored {
    file: std::fs::File,
    /// How many entries the index holds.
    count: usize,
    /// Offset of each chunk, and the lengths of its heads and of its bodies.
    chunks: Vec<(u64, u64, u64)>,
    /// The next chunk to read.
    fetched: usize,
    /// Buffers of chunks let go, to read the next ones into (fresh memory for every
    /// chunk costs a page fault per page).
    spare: Vec<Vec<u8>>,
    /// The chunk read and not yet passed (the one holding `next`): `None` for one that
    /// did not decode.
    held: Option<(usize, Option<Chunk>)>,
    /// The rank of the next entry not yet passed by the walk.
    next: usize,
    /// Whether a chunk failed to decode (the entries from there on are read from
    /// their YAML).
    damaged: bool,
    history: bool,
}

impl Stored {
    /// Opens the index and reads its table; `None` when it is missing, foreign,
    /// truncated or for another policy.
    fn open(path: &Path, fingerprint: u64, history: bool) -> Option<Stored> {
        let mut file = std::fs::File::open(path).ok()?;
        let len = file.metadata().ok()?.len();
        let mut head = [0u8; FIXED_HEAD];
        file.read_exact(&mut head).ok()?;
        let stored_print = u64::from_le_bytes(head[MAGIC.len()..].try_into().ok()?);
        if &head[..MAGIC.len()] != MAGIC || stored_print != fingerprint {
            return None;
        }
        let mut tail = [0u8; 16];
        file.seek(SeekFrom::Start(len.checked_sub(16)?)).ok()?;
        file.read_exact(&mut tail).ok()?;
        let count = u64::from_le_bytes(tail[..8].try_into().ok()?) as usize;
        let chunk_count = u64::from_le_bytes(tail[8..].try_into().ok()?) as usize;
        if chunk_count != count.div_ceil(CHUNK) {
            return None;
        }
        let table_len = 16 * chunk_count as u64;
        let table_at = len.checked_sub(16)?.checked_sub(table_len)?;
        let mut table = vec![0u8; table_len as usize];
        file.seek(SeekFrom::Start(table_at)).ok()?;
        file.read_exact(&mut table).ok()?;
        let mut at = FIXED_HEAD as u64;
        let mut chunks = Vec::with_capacity(chunk_count);
        for b in table.chunks_exact(16) {
            let heads = u64::from_le_bytes(b[..8].try_into().ok()?);
            let bodies = u64::from_le_bytes(b[8..].try_into().ok()?);
            chunks.push((at, heads, bodies));
            at = at.checked_add(heads)?.checked_add(bodies)?;
        }
        if at != table_at {
            return None;
        }
        Some(Stored {
            file,
            count,
            chunks,
            fetched: 0,
            spare: Vec::new(),
            held: None,
            next: 0,
            damaged: false,
            history,
        })
    }

    /// Makes the chunk holding entry `rank` the one held, letting go of the one before.
    fn reach(&mut self, rank: usize, want: &(impl Fn(&Peek) -> bool + Sync)) {
        let chunk = rank / CHUNK;
        loop {
            // A chunk passed is let go (a damaged one too), its buffers kept.
            if self.held.as_ref().is_some_and(|(c, _)| *c < chunk)
                && let Some((_, Some(old))) = self.held.take()
            {
                self.spare.extend(old.let_go());
            }
            if self.held.is_some() {
                return;
            }
            match self.fetch(want) {
                Some(next) => self.held = Some(next),
                None => return,
            }
        }
    }

    /// Finds the entry of `rel` among those not yet passed, passing the entries of
    /// files that are gone; its summary (if `want` asks) and, if `raw`, its bytes.
    #[allow(clippy::vec_box)] // Boxes of `Pass::spare`.
    fn find(
        &mut self,
        rel: &str,
        stamp: &FileStamp,
        want: &(impl Fn(&Peek) -> bool + Sync),
        raw: bool,
        spare: &mut Vec<Box<Summary>>,
    ) -> Match {
        while self.next < self.count {
            self.reach(self.next, want);
            let rank = self.next;
            let Some((c, Some(chunk))) = self.held.as_ref() else {
                // The rest of the index is lost: every file from here is read.
                self.damaged = true;
                self.next = self.count;
                return Match::Missing;
            };
            if *c != rank / CHUNK {
                self.damaged = true;
                self.next = self.count;
                return Match::Missing;
            }
            let entry = &chunk.entries[rank % CHUNK];
            match chunk.heads[entry.path.clone()].cmp(rel.as_bytes()) {
                std::cmp::Ordering::Less => self.next += 1,
                std::cmp::Ordering::Greater => return Match::Missing,
                std::cmp::Ordering::Equal => {
                    self.next += 1;
                    if entry.stamp != *stamp {
                        return Match::Missing;
                    }
                    let wanted = entry.wanted;
                    if raw && !self.load_whole() {
                        self.damaged = true;
                        return Match::Missing;
                    }
                    let Some((_, Some(chunk))) = self.held.as_ref() else {
                        return Match::Missing;
                    };
                    let entry = &chunk.entries[rank % CHUNK];
                    let summary = if wanted {
                        let mut summary = spare.pop().unwrap_or_default();
                        match chunk.summary(entry, self.history, std::mem::take(&mut *summary)) {
                            Some(read) => {
                                *summary = read;
                                Some(summary)
                            }
                            None => {
                                // Framed but not decodable: read from its YAML, and
                                // the index written afresh.
                                self.damaged = true;
                                return Match::Missing;
                            }
                        }
                    } else {
                        None
                    };
                    return Match::Fresh {
                        rank,
                        summary,
                        encoded: if raw { chunk.whole(entry) } else { Vec::new() },
                    };
                }
            }
        }
        Match::Missing
    }

    /// Reads every body of the first chunk held, if they are not read yet (a new index
    /// takes its entries whole); false when they cannot be read.
    fn load_whole(&mut self) -> bool {
        let Some((c, Some(chunk))) = self.held.as_mut() else {
            return false;
        };
        if matches!(chunk.bodies, Bodies::Whole(_)) {
            return true;
        }
        let (at, heads, bodies) = self.chunks[*c];
        let mut bytes = Vec::new();
        if read_into(&self.file, &mut bytes, at + heads, bodies as usize).is_none() {
            return false;
        }
        for entry in &mut chunk.entries {
            entry.loaded = entry.body.start;
        }
        chunk.bodies = Bodies::Whole(bytes);
        true
    }

    /// The bytes of entry `rank` (head and body), while its chunk is held.
    fn entry_bytes(&mut self, rank: usize) -> Option<Vec<u8>> {
        if self.held.as_ref().is_none_or(|(c, _)| *c != rank / CHUNK) || !self.load_whole() {
            return None;
        }
        let (_, chunk) = self.held.as_ref()?;
        let chunk = chunk.as_ref()?;
        Some(chunk.whole(chunk.entries.get(rank % CHUNK)?))
    }

    /// Copies the first `n` entries into a new index: whole chunks as they are, the
    /// rest entry by entry.
    fn copy_prefix(&mut self, n: usize, index: &mut NewIndex) -> Option<()> {
        let mut bytes = Vec::new();
        for c in 0..n / CHUNK {
            let (at, heads, bodies) = self.chunks[c];
            read_into(&self.file, &mut bytes, at, (heads + bodies) as usize)?;
            let (h, b) = bytes.split_at(heads as usize);
            index.whole_chunk(h, b).ok()?;
        }
        let rest = n % CHUNK;
        if rest > 0 {
            let c = n / CHUNK;
            let (at, heads, bodies) = self.chunks[c];
            let count = CHUNK.min(self.count - c * CHUNK);
            let mut head_bytes = Vec::new();
            read_into(&self.file, &mut head_bytes, at, heads as usize)?;
            let mut chunk = Chunk::decode(head_bytes, count, bodies as usize, &|_: &Peek| false)?;
            let mut body_bytes = Vec::new();
            read_into(&self.file, &mut body_bytes, at + heads, bodies as usize)?;
            chunk.bodies = Bodies::Whole(body_bytes);
            for entry in &chunk.entries[..rest] {
                index.entry(&chunk.whole(entry)).ok()?;
            }
        }
        Some(())
    }
}

impl Stored {
    /// The next chunk, `None` for one that does not decode; `None` after the last.
    fn fetch(&mut self, want: &(impl Fn(&Peek) -> bool + Sync)) -> Option<(usize, Option<Chunk>)> {
        let c = self.fetched;
        let &(at, heads, bodies) = self.chunks.get(c)?;
        self.fetched += 1;
        let mut bytes = self.spare.pop().unwrap_or_default();
        let chunk = read_into(&self.file, &mut bytes, at, heads as usize)
            .and_then(|()| {
                Chunk::decode(
                    bytes,
                    CHUNK.min(self.count - c * CHUNK),
                    bodies as usize,
                    want,
                )
            })
            .and_then(|mut chunk| {
                let mut bytes = self.spare.pop().unwrap_or_default();
                chunk.load_wanted(&self.file, at + heads, &mut bytes)?;
                chunk.bodies = Bodies::Wanted(bytes);
                Some(chunk)
            });
        Some((c, chunk))
    }
}

/// Reads `len` bytes at `at` of `file` into `bytes` (whose old contents are written
/// over, not cleared first); `None` when they cannot be read.
fn read_into(file: &std::fs::File, bytes: &mut Vec<u8>, at: u64, len: usize) -> Option<()> {
    use std::os::unix::fs::FileExt;
    sized(bytes, len);
    file.read_exact_at(bytes, at).ok()
}

/// Makes `bytes` `len` long, keeping its buffer and without clearing what it held (it
/// is to be read over).
fn sized(bytes: &mut Vec<u8>, len: usize) {
    if bytes.len() > len {
        bytes.truncate(len);
    } else {
        bytes.resize(len, 0);
    }
}

/// One entry as a window of the read has it.
#[derive(Default)]
struct Fetched {
    /// Whether the entry was had at all (from the index or the YAML).
    found: bool,
    /// Its summary, if wanted.
    summary: Option<Box<Summary>>,
    /// Whether its summary was read from the index (into a pooled box).
    pooled: bool,
    /// Its encoding, when a new index is being written.
    encoded: Vec<u8>,
}

/// An entry of a decoded chunk.
struct ChunkEntry {
    /// Where its path lies in the chunk's heads.
    path: std::ops::Range<usize>,
    stamp: FileStamp,
    /// Where its head lies, and where its summary's peek begins in it.
    head: std::ops::Range<usize>,
    summary_at: usize,
    /// Where its body lies in the chunk's bodies.
    body: std::ops::Range<usize>,
    /// Where its body begins in the bodies read (when they are).
    loaded: usize,
    /// Whether `want` asked for it.
    wanted: bool,
}

/// A decoded chunk of the stored index: its heads, and its bodies once read.
struct Chunk {
    heads: Vec<u8>,
    bodies: Bodies,
    entries: Vec<ChunkEntry>,
}

/// The bodies of a chunk read so far.
enum Bodies {
    None,
    /// Those of the wanted entries (each at its entry's `loaded`).
    Wanted(Vec<u8>),
    /// Every one, as the chunk has them.
    Whole(Vec<u8>),
}

impl Chunk {
    /// Finds the entries of a chunk of `count` entries whose bodies take `bodies_len`
    /// bytes, and which of them `want` asks for (their summaries are decoded when
    /// taken, by the thread that keeps them); `None` unless it holds exactly that.
    fn decode(
        heads: Vec<u8>,
        count: usize,
        bodies_len: usize,
        want: &(impl Fn(&Peek) -> bool + Sync),
    ) -> Option<Chunk> {
        let mut r = Reader {
            bytes: &heads,
            at: 0,
            history: false,
        };
        let mut entries = Vec::with_capacity(count);
        let mut body_at = 0usize;
        for _ in 0..count {
            let start = r.at;
            let path_len = r.u64()? as usize;
            let path = r.at..r.at.checked_add(path_len)?;
            r.take(path_len)?;
            let stamp = r.stamp()?;
            let summary_at = r.at;
            let wanted = want(&r.peek()?);
            let len = r.u64()? as usize;
            let body = body_at..body_at.checked_add(len)?;
            body_at = body.end;
            entries.push(ChunkEntry {
                path,
                stamp,
                head: start..r.at,
                summary_at,
                loaded: usize::MAX,
                body,
                wanted,
            });
        }
        (r.at == heads.len() && body_at == bodies_len).then_some(Chunk {
            heads,
            bodies: Bodies::None,
            entries,
        })
    }

    /// Reads the bodies of the entries `want` asked for into `bytes` (its old contents
    /// written over), a run of them at a time: a short gap between two wanted ones is
    /// read along, being cheaper than another read.
    fn load_wanted(
        &mut self,
        file: &std::fs::File,
        bodies_at: u64,
        bytes: &mut Vec<u8>,
    ) -> Option<()> {
        use std::os::unix::fs::FileExt;
        const GAP: usize = 8192;
        let mut runs: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        let mut i = 0;
        let entries = &self.entries;
        while i < entries.len() {
            if !entries[i].wanted {
                i += 1;
                continue;
            }
            let (start, mut end) = (entries[i].body.start, entries[i].body.end);
            let mut j = i + 1;
            while j < entries.len() && entries[j].body.start <= end + GAP {
                if entries[j].wanted {
                    end = entries[j].body.end;
                }
                j += 1;
            }
            runs.push((i..j, start..end));
            i = j;
        }
        sized(bytes, runs.iter().map(|(_, b)| b.len()).sum());
        let mut put = 0;
        for (entries, body) in runs {
            file.read_exact_at(
                &mut bytes[put..put + body.len()],
                bodies_at + body.start as u64,
            )
            .ok()?;
            for entry in &mut self.entries[entries] {
                entry.loaded = put + (entry.body.start - body.start);
            }
            put += body.len();
        }
        Some(())
    }

    /// The summary of an entry (its body read).
    fn summary(&self, entry: &ChunkEntry, history: bool, old: Summary) -> Option<Summary> {
        let (Bodies::Wanted(bodies) | Bodies::Whole(bodies)) = &self.bodies else {
            return None;
        };
        let peek = Reader {
            bytes: &self.heads,
            at: entry.summary_at,
            history,
        }
        .peek()?;
        let end = entry.loaded.checked_add(entry.body.len())?;
        let mut r = Reader {
            bytes: bodies.get(..end)?,
            at: entry.loaded,
            history,
        };
        let summary = r.rest(&peek, old)?;
        (r.at == end).then_some(summary)
    }

    /// An entry as a whole, head then body (the bodies read).
    fn whole(&self, entry: &ChunkEntry) -> Vec<u8> {
        let mut bytes = self.heads[entry.head.clone()].to_vec();
        if let Bodies::Whole(bodies) = &self.bodies {
            bytes.extend_from_slice(&bodies[entry.body.clone()]);
        }
        bytes
    }

    /// The chunk's buffers, to read the next chunks into.
    fn let_go(self) -> impl Iterator<Item = Vec<u8>> {
        let bodies = match self.bodies {
            Bodies::None => None,
            Bodies::Wanted(b) | Bodies::Whole(b) => Some(b),
        };
        std::iter::once(self.heads).chain(bodies)
    }
}

/// A new index being written next to the old one; it replaces it at `commit`.
struct NewIndex {
    file: atomic_write_file::AtomicWriteFile,
    path: PathBuf,
    /// The heads and the bodies of the chunk being filled.
    heads: Vec<u8>,
    bodies: Vec<u8>,
    in_chunk: usize,
    /// The lengths of the heads and bodies of each chunk written.
    chunk_lens: Vec<(u64, u64)>,
}

impl NewIndex {
    /// Starts an index for the policy of this fingerprint.
    fn create(path: &Path, fingerprint: u64) -> Result<NewIndex> {
        let mut head = Vec::with_capacity(FIXED_HEAD);
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&fingerprint.to_le_bytes());
        let mut file = super::atomic::replace_cache(path).ok_or_else(|| {
            Error::io(
                path,
                std::io::Error::other("not a regular file, left as it is"),
            )
        })?;
        file.write_all(&head).map_err(|e| Error::io(path, e))?;
        Ok(NewIndex {
            file,
            path: path.to_path_buf(),
            heads: Vec::new(),
            bodies: Vec::new(),
            in_chunk: 0,
            chunk_lens: Vec::new(),
        })
    }

    /// Appends a whole chunk as it is (only between chunks).
    fn whole_chunk(&mut self, heads: &[u8], bodies: &[u8]) -> Result<()> {
        debug_assert_eq!(self.in_chunk, 0);
        let io = |e| Error::io(&self.path, e);
        self.file.write_all(heads).map_err(io)?;
        self.file.write_all(bodies).map_err(io)?;
        self.chunk_lens
            .push((heads.len() as u64, bodies.len() as u64));
        Ok(())
    }

    /// Appends the next entry (path, stamp and summary, encoded as `Writer` does).
    fn entry(&mut self, bytes: &[u8]) -> Result<()> {
        let split = head_length(bytes).ok_or_else(|| {
            Error::io(
                &self.path,
                std::io::Error::other("an entry that does not read"),
            )
        })?;
        self.heads.extend_from_slice(&bytes[..split]);
        self.bodies.extend_from_slice(&bytes[split..]);
        self.in_chunk += 1;
        if self.in_chunk == CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.in_chunk == 0 {
            return Ok(());
        }
        let io = |e| Error::io(&self.path, e);
        self.file.write_all(&self.heads).map_err(io)?;
        self.file.write_all(&self.bodies).map_err(io)?;
        self.chunk_lens
            .push((self.heads.len() as u64, self.bodies.len() as u64));
        self.heads.clear();
        self.bodies.clear();
        self.in_chunk = 0;
        Ok(())
    }

    /// Writes the chunk table and puts the new index of `count` entries in place.
    fn commit(mut self, count: usize) -> Result<()> {
        self.flush()?;
        let mut table = Vec::with_capacity(16 * self.chunk_lens.len() + 16);
        for (heads, bodies) in &self.chunk_lens {
            table.extend_from_slice(&heads.to_le_bytes());
            table.extend_from_slice(&bodies.to_le_bytes());
        }
        table.extend_from_slice(&(count as u64).to_le_bytes());
        table.extend_from_slice(&(self.chunk_lens.len() as u64).to_le_bytes());
        let io = |e| Error::io(&self.path, e);
        self.file.write_all(&table).map_err(io)?;
        self.file.commit().map_err(io)
    }
}

/// Where an entry's head ends: after its path, stamp, peek and the length of the rest.
fn head_length(bytes: &[u8]) -> Option<usize> {
    let mut r = Reader {
        bytes,
        at: 0,
        history: false,
    };
    r.bytes()?;
    r.stamp()?;
    r.peek()?;
    let len = r.u64()? as usize;
    (r.at.checked_add(len)? == bytes.len()).then_some(r.at)
}

/// `text` in `old`'s buffer.
fn refill(mut old: String, text: &str) -> String {
    old.clear();
    old.push_str(text);
    old
}

/// Encodes values compactly: LEB128 integers, length-prefixed strings, times as
/// seconds, nanoseconds and offset.
struct Writer(Vec<u8>);

impl Writer {
    fn u64(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(byte);
                return;
            }
            self.0.push(byte | 0x80);
        }
    }
    fn i64(&mut self, v: i64) {
        self.u64(((v << 1) ^ (v >> 63)) as u64);
    }
    fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn stamp(&mut self, s: &FileStamp) {
        self.u64(s.size);
        self.i64(s.modified.0);
        self.u64(u64::from(s.modified.1));
        self.i64(s.changed.0);
        self.u64(u64::from(s.changed.1));
        self.u64(s.inode);
    }
    fn opt_str(&mut self, s: &Option<String>) {
        match s {
            Some(s) => {
                self.0.push(1);
                self.str(s);
            }
            None => self.0.push(0),
        }
    }
    fn time(&mut self, t: &DateTime<FixedOffset>) {
        self.i64(t.timestamp());
        self.u64(u64::from(t.timestamp_subsec_nanos()));
        self.i64(i64::from(t.offset().local_minus_utc()));
    }
    fn opt_time(&mut self, t: &Option<DateTime<FixedOffset>>) {
        match t {
            Some(t) => {
                self.0.push(1);
                self.time(t);
            }
            None => self.0.push(0),
        }
    }
    fn opt_bool(&mut self, b: Option<bool>) {
        self.0.push(match b {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        });
    }
    fn opt_i64(&mut self, v: Option<i64>) {
        match v {
            Some(v) => {
                self.0.push(1);
                self.i64(v);
            }
            None => self.0.push(0),
        }
    }
    /// An entry: the facts of its `Peek`, then the length of the rest and the rest,
    /// so that a reader can skip what it does not want.
    fn summary(&mut self, s: &Summary) {
        let f = &s.facts;
        for text in [&f.id, &f.status, &f.timezone] {
            self.str(text);
        }
        self.opt_str(&f.phone);
        self.time(&f.opened);
        self.time(&f.last_event);
        for t in [
            &f.resolved_at,
            &f.closed_at,
            &f.due_promised,
            &f.due_callback,
        ] {
            self.opt_time(t);
        }
        let mut rest = Writer(Vec::with_capacity(256));
        rest.rest(s);
        self.u64(rest.0.len() as u64);
        self.0.extend_from_slice(&rest.0);
    }

    fn rest(&mut self, s: &Summary) {
        let f = &s.facts;
        for text in [&f.shop, &f.kind, &f.title, &f.priority, &f.customer] {
            self.str(text);
        }
        for text in [
            &f.company,
            &f.email,
            &f.assignee,
            &f.department,
            &f.cause,
            &f.remedy,
            &f.satisfaction,
        ] {
            self.opt_str(text);
        }
        self.0.push(
            u8::from(f.vip)
                | (u8::from(f.closed_without_callback) << 1)
                | (u8::from(f.entered_on_time) << 2),
        );
        self.time(&f.received);
        for t in [
            &f.first_contact_at,
            &f.due_response,
            &f.due_resolution,
            &f.callback_at,
            &s.due_progress,
            &s.waiting_since,
            &s.level_since,
        ] {
            self.opt_time(t);
        }
        for b in [
            f.response_on_time,
            f.resolution_on_time,
            f.promise_kept,
            f.callback_on_time,
        ] {
            self.opt_bool(b);
        }
        for n in [
            f.callback_attempts,
            f.max_level,
            f.escalations,
            f.reopens,
            f.breaches,
        ] {
            self.u64(u64::from(n));
        }
        self.opt_i64(f.minutes_to_first_contact);
        self.opt_i64(f.minutes_to_resolution);
        self.money(f.cost);
        // The deadlines in force first (the export of one row per ticket reads them),
        // then the rows of the history behind their length, for a reader to skip.
        self.u64(s.history.live.len() as u64);
        for l in &s.history.live {
            self.0
                .push(opt_place(DEADLINES.iter().copied(), Some(l.deadline)));
            self.time(&l.due);
            self.time(&l.from);
        }
        let mut rows = Writer(Vec::with_capacity(256));
        rows.rows(&s.history.rows);
        self.u64(rows.0.len() as u64);
        self.0.extend_from_slice(&rows.0);
    }

    fn money(&mut self, v: Option<f64>) {
        match v {
            Some(c) => {
                self.0.push(1);
                self.0.extend_from_slice(&c.to_le_bytes());
            }
            None => self.0.push(0),
        }
    }

    fn rows(&mut self, rows: &[Occurrence]) {
        self.u64(rows.len() as u64);
        for r in rows {
            self.time(&r.at);
            self.0.push(place(actions(), r.action));
            self.0.push(place(
                Status::ALL.iter().map(|s| s.as_str()),
                r.status.as_str(),
            ));
            self.0
                .push(opt_place(DEADLINES.iter().copied(), r.deadline));
            self.0.push(r.on_time);
            self.0.push(opt_place(
                Cause::ALL.iter().map(|c| c.as_str()),
                r.cause.map(|c| c.as_str()),
            ));
            self.0.push(opt_place(
                Remedy::ALL.iter().map(|c| c.as_str()),
                r.remedy.map(|c| c.as_str()),
            ));
            self.0.push(opt_place(
                Satisfaction::ALL.iter().map(|c| c.as_str()),
                r.satisfaction.map(|c| c.as_str()),
            ));
            self.str(&r.by);
            self.opt_str(&r.assignee);
            self.opt_str(&r.department);
            self.u64(u64::from(r.level));
            self.opt_time(&r.due);
            self.opt_i64(r.minutes);
            self.opt_i64(r.attempt.map(i64::from));
            self.opt_i64(r.score.map(i64::from));
            self.money(r.cost);
            for b in [r.accepted, r.reached, r.verified, r.wrong_number] {
                self.opt_bool(b);
            }
        }
    }
}

/// The place of a code in its set (`Reader` reads it back by place).
fn place<'s>(mut set: impl Iterator<Item = &'s str>, code: &str) -> u8 {
    set.position(|c| c == code).unwrap_or(0) as u8
}

/// The place of a code in its set, counted from 1; 0 for none.
fn opt_place<'s>(set: impl Iterator<Item = &'s str>, code: Option<&str>) -> u8 {
    code.map_or(0, |c| place(set, c) + 1)
}

/// Decodes what `Writer` wrote; `None` on any inconsistency.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Whether summaries come with their history (else it is skipped), and then only
    /// with the texts a row's head needs (see `Desk::each_summary_with`).
    history: bool,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }
    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u64(&mut self) -> Option<u64> {
        let rest = self.bytes.get(self.at..)?;
        let mut v: u64 = 0;
        for (i, &byte) in rest.iter().take(10).enumerate() {
            v |= u64::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                self.at += i + 1;
                return Some(v);
            }
        }
        None
    }
    fn i64(&mut self) -> Option<i64> {
        let v = self.u64()?;
        Some(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    /// Length-prefixed bytes, left where they lie.
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u64()? as usize;
        self.take(n)
    }
    fn stamp(&mut self) -> Option<FileStamp> {
        Some(FileStamp {
            size: self.u64()?,
            modified: (self.i64()?, self.u64()? as u32),
            changed: (self.i64()?, self.u64()? as u32),
            inode: self.u64()?,
        })
    }
    fn time(&mut self) -> Option<DateTime<FixedOffset>> {
        let (secs, nanos, offset) = (self.i64()?, self.u64()? as u32, self.i64()? as i32);
        FixedOffset::east_opt(offset)?
            .timestamp_opt(secs, nanos)
            .single()
    }
    fn opt_time(&mut self) -> Option<Option<DateTime<FixedOffset>>> {
        match self.byte()? {
            0 => Some(None),
            1 => self.time().map(Some),
            _ => None,
        }
    }
    /// A time as `time` reads it, left as its parts.
    fn at(&mut self) -> Option<At> {
        At::new(
            self.i64()?,
            self.u64()?.try_into().ok()?,
            self.i64()?.try_into().ok()?,
        )
    }
    fn opt_at(&mut self) -> Option<Option<At>> {
        match self.byte()? {
            0 => Some(None),
            1 => self.at().map(Some),
            _ => None,
        }
    }
    fn opt_bool(&mut self) -> Option<Option<bool>> {
        match self.byte()? {
            0 => Some(None),
            1 => Some(Some(false)),
            2 => Some(Some(true)),
            _ => None,
        }
    }
    fn opt_i64(&mut self) -> Option<Option<i64>> {
        match self.byte()? {
            0 => Some(None),
            1 => self.i64().map(Some),
            _ => None,
        }
    }
    fn text(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
    /// A string read into `old`'s buffer.
    fn str_in(&mut self, old: String) -> Option<String> {
        Some(refill(old, self.text()?))
    }
    fn opt_str_in(&mut self, old: Option<String>) -> Option<Option<String>> {
        match self.byte()? {
            0 => Some(None),
            1 => self.str_in(old.unwrap_or_default()).map(Some),
            _ => None,
        }
    }
    /// A string read into `old`'s buffer if `keep`, else passed over (left empty).
    fn str_or_pass(&mut self, mut old: String, keep: bool) -> Option<String> {
        if keep {
            return self.str_in(old);
        }
        self.bytes()?;
        old.clear();
        Some(old)
    }
    fn opt_str_or_pass(&mut self, old: Option<String>, keep: bool) -> Option<Option<String>> {
        if keep {
            return self.opt_str_in(old);
        }
        match self.byte()? {
            0 => Some(None),
            1 => self.bytes().map(|_| None),
            _ => None,
        }
    }

    fn peek(&mut self) -> Option<Peek<'a>> {
        Some(Peek {
            id: self.text()?,
            status: self.text()?,
            timezone: self.text()?,
            phone: match self.byte()? {
                0 => None,
                1 => Some(self.text()?),
                _ => return None,
            },
            opened: self.at()?,
            last: self.at()?,
            resolved_at: self.opt_at()?,
            closed_at: self.opt_at()?,
            due_promised: self.opt_at()?,
            due_callback: self.opt_at()?,
        })
    }

    /// Reads an entry, the whole summary only if `want` asks for it.
    #[cfg(test)]
    fn entry(&mut self, want: &impl Fn(&Peek) -> bool) -> Option<Option<Summary>> {
        let peek = self.peek()?;
        let len = self.u64()? as usize;
        let end = self.at.checked_add(len)?;
        if !want(&peek) {
            self.take(len)?;
            return Some(None);
        }
        let summary = self.rest(&peek, Summary::default())?;
        (self.at == end).then_some(Some(summary))
    }

    #[cfg(test)]
    fn summary(&mut self) -> Option<Summary> {
        self.entry(&|_| true)?
    }

    /// The rest of a summary after its peek, read into the buffers of `old` (a summary
    /// let go, so that reading one allocates next to nothing).
    fn rest(&mut self, p: &Peek, old: Summary) -> Option<Summary> {
        let Summary {
            facts: o,
            history:
                History {
                    rows: old_rows,
                    live: old_live,
                },
            ..
        } = old;
        // Read for the history, the texts no head holds are passed over.
        let all = !self.history;
        let [shop, kind, title, priority, customer] = [
            self.str_in(o.shop)?,
            self.str_in(o.kind)?,
            self.str_or_pass(o.title, all)?,
            self.str_or_pass(o.priority, all)?,
            self.str_in(o.customer)?,
        ];
        let phone = p
            .phone
            .filter(|_| all)
            .map(|text| refill(o.phone.unwrap_or_default(), text));
        let [
            company,
            email,
            assignee,
            department,
            cause,
            remedy,
            satisfaction,
        ] = [
            self.opt_str_in(o.company)?,
            self.opt_str_or_pass(o.email, all)?,
            self.opt_str_or_pass(o.assignee, all)?,
            self.opt_str_or_pass(o.department, all)?,
            self.opt_str_or_pass(o.cause, all)?,
            self.opt_str_or_pass(o.remedy, all)?,
            self.opt_str_or_pass(o.satisfaction, all)?,
        ];
        let flags = self.byte()?;
        let received = self.time()?;
        let [
            first_contact_at,
            due_response,
            due_resolution,
            callback_at,
            due_progress,
            waiting_since,
            level_since,
        ] = [
            self.opt_time()?,
            self.opt_time()?,
            self.opt_time()?,
            self.opt_time()?,
            self.opt_time()?,
            self.opt_time()?,
            self.opt_time()?,
        ];
        let [
            response_on_time,
            resolution_on_time,
            promise_kept,
            callback_on_time,
        ] = [
            self.opt_bool()?,
            self.opt_bool()?,
            self.opt_bool()?,
            self.opt_bool()?,
        ];
        let [callback_attempts, max_level, escalations, reopens, breaches] = [
            self.u64()? as u32,
            self.u64()? as u32,
            self.u64()? as u32,
            self.u64()? as u32,
            self.u64()? as u32,
        ];
        let (minutes_to_first_contact, minutes_to_resolution) = (self.opt_i64()?, self.opt_i64()?);
        let cost = self.money()?;
        let count = self.u64()? as usize;
        let mut live = old_live;
        live.clear();
        for _ in 0..count {
            live.push(Live {
                deadline: self.opt_code(&DEADLINES)??,
                due: self.time()?,
                from: self.time()?,
            });
        }
        let len = self.u64()? as usize;
        let rows = if self.history {
            let end = self.at.checked_add(len)?;
            let rows = self.rows(old_rows)?;
            (self.at == end).then_some(rows)?
        } else {
            self.take(len)?;
            Vec::new()
        };
        let history = History { rows, live };
        Some(Summary {
            facts: TicketFacts {
                shop,
                timezone: refill(o.timezone, p.timezone),
                id: refill(o.id, p.id),
                kind,
                title,
                priority,
                status: refill(o.status, p.status),
                vip: flags & 1 != 0,
                customer,
                company,
                phone,
                email,
                assignee,
                department,
                received,
                opened: p.opened.time(),
                last_event: p.last.time(),
                first_contact_at,
                resolved_at: p.resolved_at.map(At::time),
                closed_at: p.closed_at.map(At::time),
                due_response,
                due_resolution,
                due_promised: p.due_promised.map(At::time),
                due_callback: p.due_callback.map(At::time),
                response_on_time,
                resolution_on_time,
                promise_kept,
                callback_at,
                callback_on_time,
                callback_attempts,
                closed_without_callback: flags & 2 != 0,
                entered_on_time: flags & 4 != 0,
                max_level,
                escalations,
                reopens,
                breaches,
                minutes_to_first_contact,
                minutes_to_resolution,
                cause,
                remedy,
                cost,
                satisfaction,
            },
            history,
            due_progress,
            waiting_since,
            level_since,
        })
    }

    fn money(&mut self) -> Option<Option<f64>> {
        match self.byte()? {
            0 => Some(None),
            1 => Some(Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))),
            _ => None,
        }
    }

    /// The rows of a history, read in place of `rows` (into their buffers).
    fn rows(&mut self, mut rows: Vec<Occurrence>) -> Option<Vec<Occurrence>> {
        let count = self.u64()? as usize;
        rows.truncate(count);
        for i in 0..count {
            let (by, assignee, department) = match rows.get_mut(i) {
                Some(o) => (
                    std::mem::take(&mut o.by),
                    o.assignee.take(),
                    o.department.take(),
                ),
                None => Default::default(),
            };
            let at = self.time()?;
            let action = actions().nth(usize::from(self.byte()?))?;
            let status = *Status::ALL.get(usize::from(self.byte()?))?;
            let deadline = self.opt_code(&DEADLINES)?;
            let on_time = self.byte()?;
            let cause = self.opt_code(Cause::ALL)?;
            let remedy = self.opt_code(Remedy::ALL)?;
            let satisfaction = self.opt_code(Satisfaction::ALL)?;
            let by = self.str_in(by)?;
            let (assignee, department) = (self.opt_str_in(assignee)?, self.opt_str_in(department)?);
            let level = u32::try_from(self.u64()?).ok()?;
            let due = self.opt_time()?;
            let minutes = self.opt_i64()?;
            let attempt = match self.opt_i64()? {
                Some(n) => Some(u32::try_from(n).ok()?),
                None => None,
            };
            let score = match self.opt_i64()? {
                Some(n) => Some(u32::try_from(n).ok()?),
                None => None,
            };
            let cost = self.money()?;
            let [accepted, reached, verified, wrong_number] = [
                self.opt_bool()?,
                self.opt_bool()?,
                self.opt_bool()?,
                self.opt_bool()?,
            ];
            let row = Occurrence {
                at,
                action,
                by,
                status,
                assignee,
                department,
                level,
                deadline,
                due,
                on_time,
                minutes,
                cause,
                remedy,
                cost,
                score,
                accepted,
                satisfaction,
                reached,
                attempt,
                wrong_number,
                verified,
            };
            match rows.get_mut(i) {
                Some(slot) => *slot = row,
                None => rows.push(row),
            }
        }
        Some(rows)
    }

    /// Reads a value of a fixed set written by `opt_place` (0: none).
    fn opt_code<T: Copy>(&mut self, set: &[T]) -> Option<Option<T>> {
        match self.byte()? {
            0 => Some(None),
            n => Some(Some(*set.get(usize::from(n) - 1)?)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{Step, open, play, policy, step};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]

        #[test]
        fn summaries_survive_the_encoding(steps in prop::collection::vec((step(), 1i64..3000), 0..12), vip: bool) {
            let p = policy();
            let mut t = open(&p, "complaint", "2026-11-02 09:00", vip, 3);
            play(&p, &mut t, "lina", &steps);
            let s = Summary::of(&t, &p);
            let mut w = Writer(Vec::new());
            w.summary(&s);
            for history in [true, false] {
                let mut r = Reader {
                    bytes: &w.0,
                    at: 0,
                    history,
                };
                let read = if history { for_history(&s) } else { without_rows(&s) };
                prop_assert_eq!(r.summary(), Some(read));
                prop_assert_eq!(r.at, w.0.len());
            }
            let _: Option<Step> = None;
        }

        #[test]
        fn a_summary_read_into_another_ones_buffers_is_itself(
            steps in prop::collection::vec((step(), 1i64..3000), 0..12),
            others in prop::collection::vec((step(), 1i64..3000), 0..12),
            vip: bool,
        ) {
            let p = policy();
            let mut t = open(&p, "complaint", "2026-11-02 09:00", vip, 3);
            play(&p, &mut t, "lina", &steps);
            let mut u = open(&p, "consult", "2026-10-02 09:00", !vip, 9);
            play(&p, &mut u, "zhang.wei", &others);
            let (s, old) = (Summary::of(&t, &p), Summary::of(&u, &p));
            let mut w = Writer(Vec::new());
            w.summary(&s);
            for history in [true, false] {
                let mut r = Reader { bytes: &w.0, at: 0, history };
                let peek = r.peek().unwrap();
                r.u64().unwrap();
                let read = if history { for_history(&s) } else { without_rows(&s) };
                prop_assert_eq!(r.rest(&peek, old.clone()), Some(read));
            }
        }
    }

    /// `s` as a read for its history has it: the texts no head holds left empty.
    fn for_history(s: &Summary) -> Summary {
        let mut s = s.clone();
        let f = &mut s.facts;
        f.title.clear();
        f.priority.clear();
        for text in [
            &mut f.phone,
            &mut f.email,
            &mut f.assignee,
            &mut f.department,
            &mut f.cause,
            &mut f.remedy,
            &mut f.satisfaction,
        ] {
            *text = None;
        }
        s
    }

    /// `s` as a read without its history has it.
    fn without_rows(s: &Summary) -> Summary {
        let mut s = s.clone();
        s.history.rows.clear();
        s
    }

    fn stamp(n: u64) -> FileStamp {
        FileStamp {
            size: n,
            modified: (n as i64, 0),
            changed: (n as i64, 1),
            inode: n,
        }
    }

    /// An entry as the index holds it: path, stamp, summary.
    fn encoded(rel: &str, stamp: &FileStamp, s: &Summary) -> Vec<u8> {
        let mut w = Writer(Vec::new());
        w.str(rel);
        w.stamp(stamp);
        w.summary(s);
        w.0
    }

    /// Writes an index of these files whose entries are `a`, `b`, `a`, `b`, …
    fn write_index(
        path: &Path,
        fingerprint: u64,
        files: &[(String, FileStamp)],
        a: &Summary,
        b: &Summary,
    ) {
        let mut index = NewIndex::create(path, fingerprint).unwrap();
        for (i, (rel, stamp)) in files.iter().enumerate() {
            let s = if i % 2 == 0 { a } else { b };
            index.entry(&encoded(rel, stamp, s)).unwrap();
        }
        index.commit(files.len()).unwrap();
    }

    fn files(n: usize) -> Vec<(String, FileStamp)> {
        (0..n)
            .map(|i| (format!("records/{i:08}.yaml"), stamp(i as u64)))
            .collect()
    }

    #[test]
    fn a_truncated_or_foreign_index_reads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        std::fs::write(&path, b"not an index").unwrap();
        assert!(Stored::open(&path, 1, false).is_none());
        NewIndex::create(&path, 7).unwrap().commit(0).unwrap();
        assert!(Stored::open(&path, 7, false).is_some());
        assert!(Stored::open(&path, 8, false).is_none(), "another policy");
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert!(Stored::open(&path, 7, false).is_none());
    }

    #[test]
    fn the_walk_finds_what_was_written_across_chunks() {
        let p = policy();
        let a = Summary::of(&open(&p, "complaint", "2026-11-02 09:00", true, 3), &p);
        let b = Summary::of(&open(&p, "complaint", "2026-11-02 09:00", false, 4), &p);
        let files = files(crate::store::walk::WINDOW + CHUNK + 5);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        write_index(&path, 3, &files, &a, &b);
        let mut stored = Stored::open(&path, 3, true).unwrap();
        assert_eq!(stored.count, files.len());
        // One file changed, one gone, one new: only those miss.
        let mut now = files.clone();
        now[10].1 = stamp(1);
        now.remove(20);
        now.insert(0, ("records/0.yaml".into(), stamp(0)));
        // Only `a` is wanted; `b` is found but not decoded. The bytes come back as
        // they were written.
        let want = |p: &Peek| p.id == a.facts.id;
        let (mut wanted, mut skipped, mut missing) = (0, 0, Vec::new());
        for (i, (rel, st)) in now.iter().enumerate() {
            match stored.find(rel, st, &want, true, &mut Vec::new()) {
                Match::Missing => missing.push(i),
                Match::Fresh {
                    rank,
                    summary,
                    encoded: bytes,
                } => {
                    let written = if rank % 2 == 0 { &a } else { &b };
                    assert_eq!(bytes, encoded(rel, st, written));
                    match summary {
                        Some(s) => {
                            assert_eq!(*s, for_history(&a));
                            wanted += 1;
                        }
                        None => {
                            assert_eq!(written, &b);
                            skipped += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(missing, vec![0, 11]);
        assert_eq!(wanted + skipped, now.len() - 2);
        assert!(wanted > 0 && skipped > 0);
        assert!(!stored.damaged);
        assert!(
            stored.held.iter().count() <= 1,
            "chunks left behind are forgotten"
        );

        // Read without writing, only the wanted entries' bodies are read, and they give
        // the same summaries; asking for one entry's bytes then reads the rest.
        let mut stored = Stored::open(&path, 3, true).unwrap();
        let wanted_all = |p: &Peek| p.id == a.facts.id;
        for (rank, (rel, st)) in files.iter().enumerate().take(CHUNK + 3) {
            let Match::Fresh { summary, .. } =
                stored.find(rel, st, &wanted_all, false, &mut Vec::new())
            else {
                panic!("{rel} missing");
            };
            assert_eq!(summary.is_some(), rank % 2 == 0, "{rel}");
            if let Some(s) = summary {
                assert_eq!(*s, for_history(&a));
            }
            let (_, Some(chunk)) = stored.held.as_ref().unwrap() else {
                panic!("no chunk");
            };
            if rank == 5 {
                assert!(matches!(chunk.bodies, Bodies::Wanted(_)));
                let bytes = stored.entry_bytes(3).unwrap();
                assert_eq!(bytes, encoded(&files[3].0, &files[3].1, &b));
                let (_, Some(chunk)) = stored.held.as_ref().unwrap() else {
                    panic!("no chunk");
                };
                assert!(matches!(chunk.bodies, Bodies::Whole(_)));
            }
        }
        // Two wanted entries far apart: two reads of one body each.
        let mut stored = Stored::open(&path, 3, true).unwrap();
        let seen = std::sync::atomic::AtomicUsize::new(0);
        let two = |_: &Peek| {
            let n = seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            n == 2 || n == 3000
        };
        let mut got = Vec::new();
        for (rank, (rel, st)) in files.iter().enumerate().take(CHUNK) {
            if let Match::Fresh {
                summary: Some(s), ..
            } = stored.find(rel, st, &two, false, &mut Vec::new())
            {
                assert_eq!(*s, for_history(&a));
                got.push(rank);
            }
        }
        assert_eq!(got, vec![2, 3000]);
        let (_, Some(chunk)) = stored.held.as_ref().unwrap() else {
            panic!("no chunk");
        };
        let Bodies::Wanted(bytes) = &chunk.bodies else {
            panic!("every body read");
        };
        assert_eq!(
            bytes.len(),
            2 * encoded(&files[2].0, &files[2].1, &a).len() - 2 * chunk.entries[2].head.len()
        );

        // A new index starting from the first 5,000 stored entries holds them as they were.
        let copy = dir.path().join("copy");
        let mut index = NewIndex::create(&copy, 3).unwrap();
        let mut stored = Stored::open(&path, 3, false).unwrap();
        stored.copy_prefix(CHUNK + 904, &mut index).unwrap();
        index.commit(CHUNK + 904).unwrap();
        let mut copied = Stored::open(&copy, 3, false).unwrap();
        for (rel, st) in &files[..CHUNK + 904] {
            assert!(matches!(
                copied.find(rel, st, &|_: &Peek| false, false, &mut Vec::new()),
                Match::Fresh { .. }
            ));
        }
        assert_eq!(copied.count, CHUNK + 904);
    }

    #[test]
    fn a_damaged_chunk_reads_as_missing() {
        let p = policy();
        let s = Summary::of(&open(&p, "complaint", "2026-11-02 09:00", false, 3), &p);
        let files = files(CHUNK + 3);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        write_index(&path, 3, &files, &s, &s);
        let mut bytes = std::fs::read(&path).unwrap();
        // Break the last chunk: its first entry's path is longer than the chunk.
        let at = Stored::open(&path, 3, false).unwrap().chunks[1].0 as usize;
        bytes[at] = 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let mut stored = Stored::open(&path, 3, false).unwrap();
        let got: Vec<bool> = files
            .iter()
            .map(|(rel, st)| {
                matches!(
                    stored.find(rel, st, &|_: &Peek| true, false, &mut Vec::new()),
                    Match::Fresh {
                        summary: Some(_),
                        ..
                    }
                )
            })
            .collect();
        assert!(got[..CHUNK].iter().all(|f| *f));
        assert!(got[CHUNK..].iter().all(|f| !f));
        assert!(stored.damaged);
    }
}
