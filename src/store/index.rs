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

use super::{Desk, POLICY_FILE, SCRATCH_DIR, read_ticket_text};
use crate::error::{Error, Result};
use crate::model::fnv::fnv1a;
use crate::model::ticket::DEADLINES;
use crate::model::{Cause, Remedy, Satisfaction, Status};
use crate::report::facts::{Peek, Summary, TicketFacts};
use crate::report::history::{History, Live, Occurrence, actions};

const MAGIC: &[u8] = b"INKDESK-INDEX\x01";
/// Bumped whenever the summary or its encoding changes.
const FORMAT: &[u8] = b"summary-v11-phone-peek";

/// What identifies one version of a file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    size: u64,
    modified: (i64, u32),
    changed: (i64, u32),
    inode: u64,
}

impl FileStamp {
    fn of(meta: &std::fs::Metadata) -> FileStamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            FileStamp {
                size: meta.len(),
                modified: (meta.mtime(), meta.mtime_nsec() as u32),
                changed: (meta.ctime(), meta.ctime_nsec() as u32),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos()));
            FileStamp {
                size: meta.len(),
                modified,
                changed: (0, 0),
                inode: 0,
            }
        }
    }
}

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
        visit: impl FnMut(&str, Option<Summary>) -> Result<()>,
    ) -> Result<()> {
        self.each_summary_in(use_index, false, want, visit, Err)
    }

    /// As `each_summary`, with each summary's history rows when `history` asks for
    /// them (the review and the events export read them; the other commands leave them
    /// undecoded).
    pub fn each_summary_with(
        &self,
        use_index: bool,
        history: bool,
        want: impl Fn(&Peek) -> bool + Sync,
        visit: impl FnMut(&str, Option<Summary>) -> Result<()>,
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
        visit: impl FnMut(&str, Option<Summary>) -> Result<()>,
        bad: impl FnMut(Error) -> Result<()>,
    ) -> Result<()> {
        self.each_summary_in(use_index, false, want, visit, bad)
    }

    fn each_summary_in(
        &self,
        use_index: bool,
        history: bool,
        want: impl Fn(&Peek) -> bool + Sync,
        mut visit: impl FnMut(&str, Option<Summary>) -> Result<()>,
        mut bad: impl FnMut(Error) -> Result<()>,
    ) -> Result<()> {
        let (mut files, links) = scan(&self.records_dir(), &self.root)?;
        for link in links {
            bad(Error::BadRecord {
                path: link,
                line: 1,
                field: "(file)".into(),
                message: crate::t!("err-symlink"),
                hint: Some(crate::t!("hint-symlink")),
            })?;
        }
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let fingerprint = self.fingerprint();
        let index_path = self.root.join(SCRATCH_DIR).join("index");
        let mut stored = use_index
            .then(|| Stored::open(&index_path, fingerprint))
            .flatten();
        // Where each file's summary sits in the stored index, if it is fresh there.
        let sources: Vec<Option<usize>> = match &mut stored {
            Some(s) => s.match_files(&files),
            None => vec![None; files.len()],
        };
        let fresh = sources.iter().flatten().count();
        let unchanged = stored
            .as_ref()
            .is_some_and(|s| fresh == files.len() && s.count == files.len());
        let mut fresh_index = if use_index && !unchanged {
            // The index is only a cache: failing to write it costs speed, never data.
            NewIndex::create(&index_path, fingerprint, &files).ok()
        } else {
            None
        };
        for start in (0..files.len()).step_by(WINDOW) {
            let window = start..(start + WINDOW).min(files.len());
            let writing = fresh_index.is_some();
            let mut got: Vec<Fetched> = match &mut stored {
                Some(s) => s.take(&sources[window.clone()], &want, writing, history),
                None => (0..window.len()).map(|_| Fetched::default()).collect(),
            };
            let stale: Vec<usize> = (0..got.len()).filter(|&i| !got[i].found).collect();
            let parsed: Vec<Result<Fetched>> = stale
                .par_iter()
                .map(|&i| {
                    let (_, t) = read_ticket_text(&self.root.join(&files[start + i].0))?;
                    let mut summary = Summary::of(&t, &self.policy);
                    let mut encoded = Writer(Vec::new());
                    if writing {
                        encoded.summary(&summary);
                    }
                    if !history {
                        summary.history.rows = Vec::new();
                    }
                    Ok(Fetched {
                        found: true,
                        summary: want(&summary.facts.peek()).then_some(summary),
                        encoded: encoded.0,
                    })
                })
                .collect();
            for (&i, fetched) in stale.iter().zip(parsed) {
                match fetched {
                    Ok(f) => got[i] = f,
                    Err(e) => {
                        bad(e)?;
                        // A record left out has no index entry: this read writes none.
                        fresh_index = None;
                    }
                }
            }
            if let Some(index) = &mut fresh_index
                && index.add(got.iter().map(|f| f.encoded.as_slice())).is_err()
            {
                fresh_index = None;
            }
            for ((rel, _), fetched) in files[window].iter().zip(got) {
                visit(rel, fetched.summary)?;
            }
        }
        match fresh_index {
            Some(index) => {
                let _ = index.commit();
            }
            // A part of the stored index that did not decode was read from the YAML;
            // drop the index so that the next read builds it afresh.
            None if stored.is_some_and(|s| s.damaged) => {
                let _ = std::fs::remove_file(&index_path);
            }
            None => {}
        }
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
            if s.is_some_and(|s| wanted(&s)) {
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

/// The record files below a folder with their stamps (paths relative to the desk root),
/// and the symbolic links found among them (never followed).
type Scanned = (Vec<(String, FileStamp)>, Vec<PathBuf>);

/// Lists the record files below `dir` with their stamps, paths relative to `root`,
/// reading folders and stating files in parallel.
fn scan(dir: &Path, root: &Path) -> Result<Scanned> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let (mut files, mut dirs, mut links) = (Vec::new(), Vec::new(), Vec::new());
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let kind = entry.file_type().map_err(|e| Error::io(entry.path(), e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if kind.is_symlink() {
            links.push(entry.path());
        } else if kind.is_dir() {
            dirs.push(entry.path());
        } else if kind.is_file() && name.ends_with(".yaml") && !name.starts_with('.') {
            files.push(entry);
        }
    }
    // Stat through the open folder (no path walk per file).
    let mut out: Vec<(String, FileStamp)> = files
        .par_iter()
        .map(|entry| {
            let path = entry.path();
            let meta = entry.metadata().map_err(|e| Error::io(&path, e))?;
            Ok((
                path.strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .into_owned(),
                FileStamp::of(&meta),
            ))
        })
        .collect::<Result<_>>()?;
    let nested: Vec<Scanned> = dirs
        .par_iter()
        .map(|d| scan(d, root))
        .collect::<Result<_>>()?;
    for (more, more_links) in nested {
        out.extend(more);
        links.extend(more_links);
    }
    Ok((out, links))
}

/// Entries per chunk of summaries in the index file; chunks are decoded in parallel.
const CHUNK: usize = 4096;
/// Records read at a time: a whole number of chunks.
const WINDOW: usize = 4 * CHUNK;

/// The index file:
///
/// ```text
/// magic | fingerprint | entries N | stamps length | stamps (path and stamp of each file)
///       | chunk 0 | chunk 1 | … (the summaries, CHUNK at a time, in the stamps' order)
///       | byte length of each chunk | number of chunks
/// ```
///
/// Fixed-width numbers are little-endian u64; everything inside the stamps and the
/// chunks is encoded by `Writer`.
const FIXED_HEAD: usize = MAGIC.len() + 3 * 8;

/// The stored index being read: every file's stamp, and the summary chunks decoded a
/// window at a time as the read walks through them.
struct Stored {
    file: std::fs::File,
    /// How many records the index holds.
    count: usize,
    /// Their paths and stamps, encoded, until matched against the files.
    stamps: Vec<u8>,
    /// Offset and length of each chunk.
    chunks: Vec<(u64, u64)>,
    /// Chunks read and still to be used, by chunk number: `None` for one that did not
    /// decode (its records are read from their YAML).
    decoded: std::collections::BTreeMap<usize, Option<Chunk>>,
    /// Whether a chunk failed to decode.
    damaged: bool,
}

impl Stored {
    /// Opens the index and reads its stamps; `None` when it is missing, foreign,
    /// truncated or for another policy.
    fn open(path: &Path, fingerprint: u64) -> Option<Stored> {
        let mut file = std::fs::File::open(path).ok()?;
        let len = file.metadata().ok()?.len();
        let mut head = [0u8; FIXED_HEAD];
        file.read_exact(&mut head).ok()?;
        let fixed = |i: usize| {
            let at = MAGIC.len() + 8 * i;
            u64::from_le_bytes(head[at..at + 8].try_into().unwrap_or_default())
        };
        if &head[..MAGIC.len()] != MAGIC || fixed(0) != fingerprint {
            return None;
        }
        let (count, stamps_len) = (fixed(1) as usize, fixed(2));
        let chunk_count = count.div_ceil(CHUNK);
        let table_len = 8 * chunk_count as u64 + 8;
        let mut at = (FIXED_HEAD as u64).checked_add(stamps_len)?;
        if at.checked_add(table_len)? > len {
            return None;
        }
        let mut stamps = vec![0u8; stamps_len as usize];
        file.read_exact(&mut stamps).ok()?;
        let mut table = vec![0u8; table_len as usize];
        file.seek(SeekFrom::Start(len - table_len)).ok()?;
        file.read_exact(&mut table).ok()?;
        let numbers: Vec<u64> = table
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
            .collect();
        if numbers.last() != Some(&(chunk_count as u64)) {
            return None;
        }
        let mut chunks = Vec::with_capacity(chunk_count);
        for &chunk_len in &numbers[..chunk_count] {
            chunks.push((at, chunk_len));
            at = at.checked_add(chunk_len)?;
        }
        if at + table_len != len {
            return None;
        }
        Some(Stored {
            file,
            count,
            stamps,
            chunks,
            decoded: Default::default(),
            damaged: false,
        })
    }

    /// For each file (sorted by path), the position of its summary in the index if the
    /// index holds it for the same stamp; `None` for all when the stamps do not decode.
    /// Positions only grow. The stamps are compared where they lie, then let go.
    fn match_files(&mut self, files: &[(String, FileStamp)]) -> Vec<Option<usize>> {
        let stamps = std::mem::take(&mut self.stamps);
        let mut r = Reader {
            bytes: &stamps,
            at: 0,
            history: false,
        };
        let mut decoded = 0;
        let found: Vec<Option<usize>> = {
            let mut stored = (0..self.count)
                .map_while(|at| Some((at, r.bytes()?, r.stamp()?)))
                .inspect(|_| decoded += 1)
                .peekable();
            let found = files
                .iter()
                .map(|(rel, stamp)| {
                    let rel = rel.as_bytes();
                    while stored.next_if(|(_, path, _)| *path < rel).is_some() {}
                    match stored.next_if(|(_, path, _)| *path == rel) {
                        Some((at, _, old)) if old == *stamp => Some(at),
                        _ => None,
                    }
                })
                .collect();
            stored.for_each(drop);
            found
        };
        // Every entry must decode, to the last byte, for any of them to count.
        if decoded == self.count && r.at == stamps.len() {
            found
        } else {
            vec![None; files.len()]
        }
    }

    /// Takes the entries at these positions (increasing), decoding the chunks that hold
    /// them in parallel and forgetting those left behind: the summary if `want` asks for
    /// it, and the entry's encoded bytes if `raw` (to be copied into a new index). An
    /// entry of a chunk that does not decode comes back not found, to be read from its
    /// YAML.
    fn take(
        &mut self,
        positions: &[Option<usize>],
        want: &(impl Fn(&Peek) -> bool + Sync),
        raw: bool,
        history: bool,
    ) -> Vec<Fetched> {
        let mut wanted: Vec<usize> = positions.iter().flatten().map(|p| p / CHUNK).collect();
        wanted.dedup();
        wanted.retain(|c| !self.decoded.contains_key(c));
        let bytes: Vec<(usize, Option<Vec<u8>>)> = wanted
            .into_iter()
            .map(|c| (c, self.read_chunk(c)))
            .collect();
        let count = self.count;
        let decoded: Vec<(usize, Option<Chunk>)> = bytes
            .into_par_iter()
            .map(|(c, bytes)| {
                let n = CHUNK.min(count - c * CHUNK);
                (c, bytes.and_then(|b| Chunk::decode(b, n, want, history)))
            })
            .collect();
        for (c, chunk) in decoded {
            self.damaged |= chunk.is_none();
            self.decoded.insert(c, chunk);
        }
        let taken = positions
            .iter()
            .map(|p| {
                let Some(p) = *p else {
                    return Fetched::default();
                };
                let Some(Some(chunk)) = self.decoded.get_mut(&(p / CHUNK)) else {
                    return Fetched::default();
                };
                let (range, summary) = &mut chunk.entries[p % CHUNK];
                Fetched {
                    found: true,
                    summary: summary.take(),
                    encoded: if raw {
                        chunk.bytes[range.clone()].to_vec()
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect();
        // Later windows ask for later positions only.
        if let Some(&last) = positions.iter().flatten().next_back() {
            self.decoded.retain(|&chunk, _| chunk >= last / CHUNK);
        }
        taken
    }

    fn read_chunk(&mut self, chunk: usize) -> Option<Vec<u8>> {
        let (at, len) = *self.chunks.get(chunk)?;
        let mut bytes = vec![0u8; usize::try_from(len).ok()?];
        self.file.seek(SeekFrom::Start(at)).ok()?;
        self.file.read_exact(&mut bytes).ok()?;
        Some(bytes)
    }
}

/// One entry as a window of the read has it.
#[derive(Default)]
struct Fetched {
    /// Whether the entry was had at all (from the index or the YAML).
    found: bool,
    /// Its summary, if wanted.
    summary: Option<Summary>,
    /// Its encoding, when a new index is being written.
    encoded: Vec<u8>,
}

/// A decoded chunk of the stored index: its bytes, and each entry's place in them with
/// its summary if wanted (until taken).
struct Chunk {
    bytes: Vec<u8>,
    entries: Vec<(std::ops::Range<usize>, Option<Summary>)>,
}

impl Chunk {
    /// Decodes a chunk of `count` entries; `None` unless it holds exactly that.
    fn decode(
        bytes: Vec<u8>,
        count: usize,
        want: &(impl Fn(&Peek) -> bool + Sync),
        history: bool,
    ) -> Option<Chunk> {
        let mut r = Reader {
            bytes: &bytes,
            at: 0,
            history,
        };
        let mut entries = Vec::with_capacity(count);
        for _ in 0..count {
            let start = r.at;
            let summary = r.entry(want)?;
            entries.push((start..r.at, summary));
        }
        let whole = r.at == bytes.len();
        whole.then_some(Chunk { bytes, entries })
    }
}

/// A new index being written next to the old one; it replaces it at `commit`.
struct NewIndex {
    file: atomic_write_file::AtomicWriteFile,
    path: PathBuf,
    chunk_lens: Vec<u64>,
}

impl NewIndex {
    /// Starts the index of these files (sorted by path) with their stamps.
    fn create(path: &Path, fingerprint: u64, files: &[(String, FileStamp)]) -> Result<NewIndex> {
        let mut stamps = Writer(Vec::with_capacity(files.len() * 64));
        for (rel, stamp) in files {
            stamps.str(rel);
            stamps.stamp(stamp);
        }
        let mut head = Vec::with_capacity(FIXED_HEAD);
        head.extend_from_slice(MAGIC);
        for n in [fingerprint, files.len() as u64, stamps.0.len() as u64] {
            head.extend_from_slice(&n.to_le_bytes());
        }
        let mut file = atomic_write_file::AtomicWriteFile::options()
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        file.write_all(&head).map_err(|e| Error::io(path, e))?;
        file.write_all(&stamps.0).map_err(|e| Error::io(path, e))?;
        Ok(NewIndex {
            file,
            path: path.to_path_buf(),
            chunk_lens: Vec::new(),
        })
    }

    /// Appends the encoded entries of the next window of files.
    fn add<'e>(&mut self, entries: impl Iterator<Item = &'e [u8]>) -> Result<()> {
        let mut chunk = Vec::new();
        let mut entries = entries.peekable();
        while entries.peek().is_some() {
            chunk.clear();
            for entry in entries.by_ref().take(CHUNK) {
                chunk.extend_from_slice(entry);
            }
            self.file
                .write_all(&chunk)
                .map_err(|e| Error::io(&self.path, e))?;
            self.chunk_lens.push(chunk.len() as u64);
        }
        Ok(())
    }

    /// Writes the chunk table and puts the new index in place.
    fn commit(mut self) -> Result<()> {
        let mut table = Vec::with_capacity(8 * self.chunk_lens.len() + 8);
        for n in self
            .chunk_lens
            .iter()
            .chain([&(self.chunk_lens.len() as u64)])
        {
            table.extend_from_slice(&n.to_le_bytes());
        }
        let io = |e| Error::io(&self.path, e);
        self.file.write_all(&table).map_err(io)?;
        self.file.commit().map_err(io)
    }
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
    /// Whether summaries come with their history (else it is skipped).
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
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    fn i64(&mut self) -> Option<i64> {
        let v = self.u64()?;
        Some(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    fn str(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
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
    fn opt_str(&mut self) -> Option<Option<String>> {
        match self.byte()? {
            0 => Some(None),
            1 => self.str().map(Some),
            _ => None,
        }
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

    /// Reads an entry, the whole summary only if `want` asks for it.
    fn entry(&mut self, want: &impl Fn(&Peek) -> bool) -> Option<Option<Summary>> {
        let peek = Peek {
            id: self.text()?,
            status: self.text()?,
            timezone: self.text()?,
            phone: match self.byte()? {
                0 => None,
                1 => Some(self.text()?),
                _ => return None,
            },
            opened: self.time()?,
            last: self.time()?,
            resolved_at: self.opt_time()?,
            closed_at: self.opt_time()?,
            due_promised: self.opt_time()?,
            due_callback: self.opt_time()?,
        };
        let len = self.u64()? as usize;
        let end = self.at.checked_add(len)?;
        if !want(&peek) {
            self.take(len)?;
            return Some(None);
        }
        let summary = self.rest(&peek)?;
        (self.at == end).then_some(Some(summary))
    }

    #[cfg(test)]
    fn summary(&mut self) -> Option<Summary> {
        self.entry(&|_| true)?
    }

    fn rest(&mut self, p: &Peek) -> Option<Summary> {
        let [shop, kind, title, priority, customer] = [
            self.str()?,
            self.str()?,
            self.str()?,
            self.str()?,
            self.str()?,
        ];
        let phone = p.phone.map(str::to_string);
        let [
            company,
            email,
            assignee,
            department,
            cause,
            remedy,
            satisfaction,
        ] = [
            self.opt_str()?,
            self.opt_str()?,
            self.opt_str()?,
            self.opt_str()?,
            self.opt_str()?,
            self.opt_str()?,
            self.opt_str()?,
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
        let mut live = Vec::with_capacity(count.min(8));
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
            let rows = self.rows()?;
            (self.at == end).then_some(rows)?
        } else {
            self.take(len)?;
            Vec::new()
        };
        let history = History { rows, live };
        Some(Summary {
            facts: TicketFacts {
                shop,
                timezone: p.timezone.to_string(),
                id: p.id.to_string(),
                kind,
                title,
                priority,
                status: p.status.to_string(),
                vip: flags & 1 != 0,
                customer,
                company,
                phone,
                email,
                assignee,
                department,
                received,
                opened: p.opened,
                last_event: p.last,
                first_contact_at,
                resolved_at: p.resolved_at,
                closed_at: p.closed_at,
                due_response,
                due_resolution,
                due_promised: p.due_promised,
                due_callback: p.due_callback,
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

    fn rows(&mut self) -> Option<Vec<Occurrence>> {
        let count = self.u64()? as usize;
        let mut rows = Vec::with_capacity(count.min(4096));
        for _ in 0..count {
            let at = self.time()?;
            let action = actions().nth(usize::from(self.byte()?))?;
            let status = *Status::ALL.get(usize::from(self.byte()?))?;
            let deadline = self.opt_code(&DEADLINES)?;
            let on_time = self.byte()?;
            let cause = self.opt_code(Cause::ALL)?;
            let remedy = self.opt_code(Remedy::ALL)?;
            let satisfaction = self.opt_code(Satisfaction::ALL)?;
            let by = self.str()?;
            let (assignee, department) = (self.opt_str()?, self.opt_str()?);
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
            rows.push(Occurrence {
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
            });
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
            let mut r = Reader {
                bytes: &w.0,
                at: 0,
                history: true,
            };
            prop_assert_eq!(r.summary(), Some(s));
            prop_assert_eq!(r.at, w.0.len());
            let _: Option<Step> = None;
        }
    }

    fn stamp(n: u64) -> FileStamp {
        FileStamp {
            size: n,
            modified: (n as i64, 0),
            changed: (n as i64, 1),
            inode: n,
        }
    }

    fn encoded(s: &Summary) -> Vec<u8> {
        let mut w = Writer(Vec::new());
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
        let (a, b) = (encoded(a), encoded(b));
        let mut index = NewIndex::create(path, fingerprint, files).unwrap();
        for start in (0..files.len()).step_by(WINDOW) {
            let n = WINDOW.min(files.len() - start);
            index
                .add((start..start + n).map(|i| {
                    if i % 2 == 0 {
                        a.as_slice()
                    } else {
                        b.as_slice()
                    }
                }))
                .unwrap();
        }
        index.commit().unwrap();
    }

    #[test]
    fn a_truncated_or_foreign_index_reads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        std::fs::write(&path, b"not an index").unwrap();
        assert!(Stored::open(&path, 1).is_none());
        NewIndex::create(&path, 7, &[]).unwrap().commit().unwrap();
        assert!(Stored::open(&path, 7).is_some());
        assert!(Stored::open(&path, 8).is_none(), "another policy");
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert!(Stored::open(&path, 7).is_none());
    }

    #[test]
    fn windows_read_back_what_was_written_across_chunks() {
        let p = policy();
        let a = Summary::of(&open(&p, "complaint", "2026-11-02 09:00", true, 3), &p);
        let b = Summary::of(&open(&p, "complaint", "2026-11-02 09:00", false, 4), &p);
        let files: Vec<(String, FileStamp)> = (0..WINDOW + CHUNK + 5)
            .map(|i| (format!("records/{i:08}.yaml"), stamp(i as u64)))
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        write_index(&path, 3, &files, &a, &b);
        let mut stored = Stored::open(&path, 3).unwrap();
        assert_eq!(stored.count, files.len());
        // One file changed, one gone, one new: only those miss.
        let mut now = files.clone();
        now[10].1 = stamp(1);
        now.remove(20);
        now.insert(0, ("records/0.yaml".into(), stamp(0)));
        let sources = stored.match_files(&now);
        assert_eq!(sources.iter().filter(|s| s.is_none()).count(), 2);
        assert_eq!(
            (sources[0], sources[1], sources[21]),
            (None, Some(0), Some(21))
        );
        // Only `a` is wanted; `b` is found but not decoded. The encoded bytes come
        // back as they were written.
        let want = |p: &Peek| p.id == a.facts.id;
        let (mut wanted, mut skipped) = (0, 0);
        for start in (0..now.len()).step_by(WINDOW) {
            let window = &sources[start..(start + WINDOW).min(now.len())];
            let got = stored.take(window, &want, true, true);
            for (position, got) in window.iter().zip(&got) {
                assert_eq!(position.is_some(), got.found);
                let Some(position) = position else { continue };
                let written = if position % 2 == 0 { &a } else { &b };
                assert_eq!(got.encoded, encoded(written));
                match &got.summary {
                    Some(s) => {
                        assert_eq!(s, &a);
                        wanted += 1;
                    }
                    None => {
                        assert_eq!(written, &b);
                        skipped += 1;
                    }
                }
            }
        }
        assert_eq!(wanted + skipped, now.len() - 2);
        assert!(wanted > 0 && skipped > 0);
        assert!(!stored.damaged);
        assert!(
            stored.decoded.len() <= 1,
            "chunks left behind are forgotten"
        );
    }

    #[test]
    fn a_damaged_chunk_reads_as_missing() {
        let p = policy();
        let s = Summary::of(&open(&p, "complaint", "2026-11-02 09:00", false, 3), &p);
        let files: Vec<(String, FileStamp)> = (0..CHUNK + 3)
            .map(|i| (format!("records/{i:08}.yaml"), stamp(i as u64)))
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        write_index(&path, 3, &files, &s, &s);
        let mut bytes = std::fs::read(&path).unwrap();
        // Break the last chunk (just before the table of two chunks and the count).
        let at = bytes.len() - 3 * 8 - 1;
        bytes[at] = 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let mut stored = Stored::open(&path, 3).unwrap();
        let sources = stored.match_files(&files);
        let got = stored.take(&sources, &|_: &Peek| true, false, true);
        assert!(got[..CHUNK].iter().all(|f| f.summary.is_some()));
        assert!(got[CHUNK..].iter().all(|f| !f.found));
        assert!(stored.damaged);
        assert!(
            matches!(stored.decoded.get(&1), Some(None)),
            "a chunk that did not decode is remembered, not read again"
        );
    }
}
