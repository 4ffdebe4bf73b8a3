//! The stored index, read front to back beside the walk a chunk at a time: each
//! chunk's heads, which of its entries the read wants (on their peeks), and only those
//! entries' bodies (in runs: a short gap between two is read along).

use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;

use super::codec::{self, Decoded, Get};
use super::new_index::NewIndex;
use super::stamp::FileStamp;
use super::{CHUNK, FIXED_HEAD, MAGIC};
use crate::summary::Peek;

/// What the stored index has of a file.
pub(super) enum Match<T> {
    /// Its entry, for the same stamp: at this rank, with its summary if wanted and its
    /// bytes if asked for.
    Fresh {
        rank: usize,
        summary: Option<Box<T>>,
        encoded: Vec<u8>,
    },
    /// Nothing, or an entry of another version of the file.
    Missing,
}

/// The stored index being read front to back, a chunk at a time: each chunk's heads,
/// which of its entries `want` asks for, and those entries' bodies.
pub(super) struct Stored {
    file: std::fs::File,
    /// How many entries the index holds.
    pub(super) count: usize,
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
    pub(super) damaged: bool,
}

impl Stored {
    /// Opens the index and reads its table; `None` when it is missing, foreign,
    /// truncated or for another policy.
    pub(super) fn open(path: &Path, fingerprint: u64) -> Option<Stored> {
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
    pub(super) fn find<T: Decoded>(
        &mut self,
        rel: &str,
        stamp: &FileStamp,
        want: &(impl Fn(&Peek) -> bool + Sync),
        raw: bool,
        spare: &mut Vec<Box<T>>,
    ) -> Match<T> {
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
                        match chunk.decode_entry(entry, &mut *summary) {
                            Some(()) => Some(summary),
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
    pub(super) fn entry_bytes(&mut self, rank: usize) -> Option<Vec<u8>> {
        if self.held.as_ref().is_none_or(|(c, _)| *c != rank / CHUNK) || !self.load_whole() {
            return None;
        }
        let (_, chunk) = self.held.as_ref()?;
        let chunk = chunk.as_ref()?;
        Some(chunk.whole(chunk.entries.get(rank % CHUNK)?))
    }

    /// Copies the first `n` entries into a new index: whole chunks as they are, the
    /// rest entry by entry.
    pub(super) fn copy_prefix(&mut self, n: usize, index: &mut NewIndex) -> Option<()> {
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
        let mut r = Get::new(&heads, 0);
        let mut entries = Vec::with_capacity(count);
        let mut body_at = 0usize;
        for _ in 0..count {
            let start = r.at;
            let head = codec::get_head(&mut r)?;
            let body = body_at..body_at.checked_add(head.body_len)?;
            body_at = body.end;
            entries.push(ChunkEntry {
                path: head.path,
                stamp: head.stamp,
                head: start..r.at,
                summary_at: head.peek_at,
                loaded: usize::MAX,
                body,
                wanted: want(&head.peek),
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

    /// Reads an entry (its body read) into `into`, in place.
    fn decode_entry<T: Decoded>(&self, entry: &ChunkEntry, into: &mut T) -> Option<()> {
        let (Bodies::Wanted(bodies) | Bodies::Whole(bodies)) = &self.bodies else {
            return None;
        };
        let peek = codec::get_peek(&mut Get::new(&self.heads, entry.summary_at))?;
        let end = entry.loaded.checked_add(entry.body.len())?;
        let mut r = Get::new(bodies.get(..end)?, entry.loaded);
        codec::read_body(into, &peek, &mut r, entry.body.len())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::Summary;
    use crate::testkit::{open, policy};

    /// No summaries read before: a read's pool of buffers, empty.
    #[allow(clippy::vec_box)] // The boxes of `Pass::spare`.
    fn pool() -> Vec<Box<Summary>> {
        Vec::new()
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
        let mut bytes = Vec::new();
        codec::put_entry(&mut bytes, rel, stamp, &mut s.clone(), &mut Vec::new());
        bytes
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
        assert!(Stored::open(&path, 1).is_none());
        NewIndex::create(&path, 7).unwrap().commit(0).unwrap();
        assert!(Stored::open(&path, 7).is_some());
        assert!(Stored::open(&path, 8).is_none(), "another policy");
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert!(Stored::open(&path, 7).is_none());
    }

    #[test]
    fn the_walk_finds_what_was_written_across_chunks() {
        let p = policy();
        let a = Summary::of(&open(&p, "complaint", "2026-11-02 09:00", true, 3), &p);
        let b = Summary::of(&open(&p, "complaint", "2026-11-02 09:00", false, 4), &p);
        let files = files(super::super::walk::WINDOW + CHUNK + 5);
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
        // Only `a` is wanted; `b` is found but not decoded. The bytes come back as
        // they were written.
        let want = |p: &Peek| p.id == a.facts.id;
        let (mut wanted, mut skipped, mut missing) = (0, 0, Vec::new());
        for (i, (rel, st)) in now.iter().enumerate() {
            match stored.find(rel, st, &want, true, &mut pool()) {
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
                            assert_eq!(*s, a.clone());
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
        let mut stored = Stored::open(&path, 3).unwrap();
        let wanted_all = |p: &Peek| p.id == a.facts.id;
        for (rank, (rel, st)) in files.iter().enumerate().take(CHUNK + 3) {
            let Match::Fresh { summary, .. } =
                stored.find(rel, st, &wanted_all, false, &mut pool())
            else {
                panic!("{rel} missing");
            };
            assert_eq!(summary.is_some(), rank % 2 == 0, "{rel}");
            if let Some(s) = summary {
                assert_eq!(*s, a.clone());
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
        let mut stored = Stored::open(&path, 3).unwrap();
        let seen = std::sync::atomic::AtomicUsize::new(0);
        let two = |_: &Peek| {
            let n = seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            n == 2 || n == 3000
        };
        let mut got = Vec::new();
        for (rank, (rel, st)) in files.iter().enumerate().take(CHUNK) {
            if let Match::Fresh {
                summary: Some(s), ..
            } = stored.find(rel, st, &two, false, &mut pool())
            {
                assert_eq!(*s, a.clone());
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
        let mut stored = Stored::open(&path, 3).unwrap();
        stored.copy_prefix(CHUNK + 904, &mut index).unwrap();
        index.commit(CHUNK + 904).unwrap();
        let mut copied = Stored::open(&copy, 3).unwrap();
        for (rel, st) in &files[..CHUNK + 904] {
            assert!(matches!(
                copied.find(rel, st, &|_: &Peek| false, false, &mut pool()),
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
        let at = Stored::open(&path, 3).unwrap().chunks[1].0 as usize;
        bytes[at] = 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let mut stored = Stored::open(&path, 3).unwrap();
        let got: Vec<bool> = files
            .iter()
            .map(|(rel, st)| {
                matches!(
                    stored.find(rel, st, &|_: &Peek| true, false, &mut pool()),
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
