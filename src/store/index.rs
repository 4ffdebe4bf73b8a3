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

use std::io::Write;

use super::{Desk, POLICY_FILE, SCRATCH_DIR, read_ticket_text};
use crate::error::{Error, Result};
use crate::model::fnv::fnv1a;
use crate::report::facts::{Summary, TicketFacts};

const MAGIC: &[u8] = b"INKDESK-INDEX\x01";
/// Bumped whenever the summary or its encoding changes.
const FORMAT: &[u8] = b"summary-v2-chunked";

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
    /// Returns the summary of every record, in path order: from the index where a file
    /// is unchanged, from its YAML (parsed in parallel) where it is new or changed. The
    /// first record that does not parse stops the read, with its file named.
    pub fn summaries(&self, use_index: bool) -> Result<Vec<Summary>> {
        let mut files = scan(&self.records_dir(), &self.root)?;
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let fingerprint = self.fingerprint();
        let index_path = self.root.join(SCRATCH_DIR).join("index");
        let cached = if use_index {
            load(&index_path, fingerprint).unwrap_or_default()
        } else {
            Vec::new()
        };
        let known: usize = cached.iter().map(Vec::len).sum();
        // Both lists are sorted by path: walk them side by side, freeing each chunk of
        // the index as it is used up.
        let mut cached = cached.into_iter().flatten().peekable();
        let mut removed = false;
        let mut out: Vec<Option<Summary>> = Vec::with_capacity(files.len());
        for (rel, stamp) in &files {
            while cached.next_if(|c| c.0 < *rel).is_some() {
                removed = true;
            }
            out.push(match cached.next_if(|c| c.0 == *rel) {
                Some((_, old, summary)) if old == *stamp => Some(summary),
                _ => None,
            });
        }
        removed |= cached.next().is_some();
        let stale: Vec<usize> = (0..out.len()).filter(|&i| out[i].is_none()).collect();
        let parsed: Vec<Result<Summary>> = stale
            .par_iter()
            .map(|&i| {
                read_ticket_text(&self.root.join(&files[i].0))
                    .map(|(_, t)| Summary::of(&t, &self.policy))
            })
            .collect();
        for (i, summary) in stale.iter().zip(parsed) {
            out[*i] = Some(summary?);
        }
        let summaries: Vec<Summary> = out.into_iter().flatten().collect();
        if use_index && (!stale.is_empty() || removed || known != summaries.len()) {
            // The index is only a cache: failing to write it costs speed, never data.
            let _ = save(&index_path, fingerprint, &files, &summaries);
        }
        Ok(summaries)
    }

    /// Reads in full the tickets whose summary `wanted` picks (from the index where it
    /// is fresh), in path order.
    pub fn load_where(
        &self,
        use_index: bool,
        wanted: impl Fn(&Summary) -> bool,
    ) -> Result<Vec<(PathBuf, crate::model::Ticket)>> {
        self.summaries(use_index)?
            .iter()
            .filter(|s| wanted(s))
            .map(|s| {
                let path = self.record_path(&s.facts.id, &s.facts.opened);
                read_ticket_text(&path).map(|(_, t)| (path, t))
            })
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

/// Lists the record files below `dir` with their stamps, paths relative to `root`,
/// reading folders and stating files in parallel.
fn scan(dir: &Path, root: &Path) -> Result<Vec<(String, FileStamp)>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let (mut files, mut dirs) = (Vec::new(), Vec::new());
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let kind = entry.file_type().map_err(|e| Error::io(entry.path(), e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if kind.is_dir() {
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
    let nested: Vec<Vec<(String, FileStamp)>> = dirs
        .par_iter()
        .map(|d| scan(d, root))
        .collect::<Result<_>>()?;
    out.extend(nested.into_iter().flatten());
    Ok(out)
}

/// Entries per chunk of the index file; chunks are decoded in parallel.
const CHUNK: usize = 4096;

/// One entry of the index: the record's path, its stamp and its summary.
type Entry = (String, FileStamp, Summary);

/// Reads the index, in its chunks (each in path order, the chunks in order).
fn load(path: &Path, fingerprint: u64) -> Option<Vec<Vec<Entry>>> {
    let bytes = std::fs::read(path).ok()?;
    let mut r = Reader {
        bytes: &bytes,
        at: 0,
    };
    if r.take(MAGIC.len())? != MAGIC || r.u64()? != fingerprint {
        return None;
    }
    let chunks = r.u64()? as usize;
    let mut spans = Vec::with_capacity(chunks.min(1 << 20));
    for _ in 0..chunks {
        let (len, count) = (r.u64()? as usize, r.u64()? as usize);
        spans.push((r.take(len)?, count));
    }
    if r.at != bytes.len() {
        return None;
    }
    spans
        .par_iter()
        .map(|(chunk, count)| {
            let mut r = Reader {
                bytes: chunk,
                at: 0,
            };
            let mut entries = Vec::with_capacity((*count).min(CHUNK));
            for _ in 0..*count {
                let path = r.str()?;
                let stamp = FileStamp {
                    size: r.u64()?,
                    modified: (r.i64()?, r.u64()? as u32),
                    changed: (r.i64()?, r.u64()? as u32),
                    inode: r.u64()?,
                };
                entries.push((path, stamp, r.summary()?));
            }
            (r.at == chunk.len()).then_some(entries)
        })
        .collect()
}

fn save(
    path: &Path,
    fingerprint: u64,
    files: &[(String, FileStamp)],
    summaries: &[Summary],
) -> Result<()> {
    let pairs: Vec<(&(String, FileStamp), &Summary)> = files.iter().zip(summaries).collect();
    let chunks: Vec<(Vec<u8>, usize)> = pairs
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut w = Writer(Vec::with_capacity(chunk.len() * 400));
            for ((rel, stamp), s) in chunk {
                w.str(rel);
                w.u64(stamp.size);
                w.i64(stamp.modified.0);
                w.u64(u64::from(stamp.modified.1));
                w.i64(stamp.changed.0);
                w.u64(u64::from(stamp.changed.1));
                w.u64(stamp.inode);
                w.summary(s);
            }
            (w.0, chunk.len())
        })
        .collect();
    let mut head = Writer(Vec::with_capacity(32));
    head.0.extend_from_slice(MAGIC);
    head.u64(fingerprint);
    head.u64(chunks.len() as u64);
    // Written chunk by chunk, atomically: the file is never held twice in memory.
    let mut file = atomic_write_file::AtomicWriteFile::options()
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    let io = |e| Error::io(path, e);
    file.write_all(&head.0).map_err(io)?;
    for (bytes, count) in &chunks {
        let mut prefix = Writer(Vec::with_capacity(16));
        prefix.u64(bytes.len() as u64);
        prefix.u64(*count as u64);
        file.write_all(&prefix.0).map_err(io)?;
        file.write_all(bytes).map_err(io)?;
    }
    file.commit().map_err(io)
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
    fn summary(&mut self, s: &Summary) {
        let f = &s.facts;
        for text in [
            &f.shop,
            &f.timezone,
            &f.id,
            &f.kind,
            &f.title,
            &f.priority,
            &f.status,
            &f.customer,
        ] {
            self.str(text);
        }
        for text in [
            &f.company,
            &f.phone,
            &f.email,
            &f.assignee,
            &f.department,
            &f.cause,
            &f.remedy,
            &f.satisfaction,
        ] {
            self.opt_str(text);
        }
        self.0
            .push(u8::from(f.vip) | (u8::from(f.closed_without_callback) << 1));
        self.time(&f.received);
        self.time(&f.opened);
        for t in [
            &f.first_contact_at,
            &f.resolved_at,
            &f.closed_at,
            &f.due_response,
            &f.due_resolution,
            &f.due_promised,
            &f.due_callback,
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
        for n in [f.callback_attempts, f.max_level, f.escalations, f.reopens] {
            self.u64(u64::from(n));
        }
        self.opt_i64(f.minutes_to_first_contact);
        self.opt_i64(f.minutes_to_resolution);
        match f.cost {
            Some(c) => {
                self.0.push(1);
                self.0.extend_from_slice(&c.to_le_bytes());
            }
            None => self.0.push(0),
        }
    }
}

/// Decodes what `Writer` wrote; `None` on any inconsistency.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
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
        let n = self.u64()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
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
    fn summary(&mut self) -> Option<Summary> {
        let [shop, timezone, id, kind, title, priority, status, customer] = [
            self.str()?,
            self.str()?,
            self.str()?,
            self.str()?,
            self.str()?,
            self.str()?,
            self.str()?,
            self.str()?,
        ];
        let [
            company,
            phone,
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
            self.opt_str()?,
        ];
        let flags = self.byte()?;
        let (received, opened) = (self.time()?, self.time()?);
        let [
            first_contact_at,
            resolved_at,
            closed_at,
            due_response,
            due_resolution,
            due_promised,
            due_callback,
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
        let [callback_attempts, max_level, escalations, reopens] = [
            self.u64()? as u32,
            self.u64()? as u32,
            self.u64()? as u32,
            self.u64()? as u32,
        ];
        let (minutes_to_first_contact, minutes_to_resolution) = (self.opt_i64()?, self.opt_i64()?);
        let cost = match self.byte()? {
            0 => None,
            1 => Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?)),
            _ => return None,
        };
        Some(Summary {
            facts: TicketFacts {
                shop,
                timezone,
                id,
                kind,
                title,
                priority,
                status,
                vip: flags & 1 != 0,
                customer,
                company,
                phone,
                email,
                assignee,
                department,
                received,
                opened,
                first_contact_at,
                resolved_at,
                closed_at,
                due_response,
                due_resolution,
                due_promised,
                due_callback,
                response_on_time,
                resolution_on_time,
                promise_kept,
                callback_at,
                callback_on_time,
                callback_attempts,
                closed_without_callback: flags & 2 != 0,
                max_level,
                escalations,
                reopens,
                minutes_to_first_contact,
                minutes_to_resolution,
                cause,
                remedy,
                cost,
                satisfaction,
            },
            due_progress,
            waiting_since,
            level_since,
        })
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
            let mut r = Reader { bytes: &w.0, at: 0 };
            prop_assert_eq!(r.summary(), Some(s));
            prop_assert_eq!(r.at, w.0.len());
            let _: Option<Step> = None;
        }
    }

    #[test]
    fn a_truncated_or_foreign_index_reads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        std::fs::write(&path, b"not an index").unwrap();
        assert!(load(&path, 1).is_none());
        save(&path, 7, &[], &[]).unwrap();
        assert!(load(&path, 7).is_some());
        assert!(load(&path, 8).is_none(), "another policy");
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert!(load(&path, 7).is_none());
    }
}
