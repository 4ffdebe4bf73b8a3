//! The listings of the record folders, kept between reads in `.inkdesk/folders`, so
//! that a folder unchanged since the last read is not listed again.
//!
//! Listing a month's folder of tens of thousands of records (reading the directory,
//! sorting the names) was an eighth of a warm read's work. A folder's names change only
//! with its own stamp: adding, removing or renaming a file in it sets its modification
//! and change times (and the change time cannot be set back by hand). So a listing is
//! kept with the folder's stamp (size, both times, inode) and taken again only for the
//! same stamp. A change inside a file leaves its folder as it was: the walk still
//! states every file, so a hand edit shows as it did.
//!
//! Time stamps are coarse on some file systems: a file added in the same tick as the
//! stamp was read would leave it unchanged. A folder changed within the last
//! `SETTLE` seconds (by the file system's clock, not the shop's, which `--now` moves)
//! is therefore not kept; it is listed again by the next read and kept then.
//!
//! The file holds one record a folder, in the order of the walk (path order: `a/` before
//! `a/b/` before `a/c/`), each with a checksum: a record that does not check or decode
//! ends the use of the file for that read (the folders from there are listed afresh and
//! the file written anew). Like the desk index, it is only a cache: failing to read or
//! write it costs speed, never a record.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use atomic_write_file::AtomicWriteFile;

use super::stamp::FileStamp;

const MAGIC: &[u8] = b"INKDESK-FOLDERS\x01";
/// A folder changed less than this many seconds ago is not kept (see above).
const SETTLE: i64 = 2;
/// A record longer than this is taken as damage (a folder of a million names is 30 MB).
const LONGEST: usize = 1 << 30;

/// What an entry of a folder is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    File,
    /// A folder, whose name holds a `/` at its end (which is how it sorts).
    Folder,
    Link,
}

impl Kind {
    fn code(self) -> u8 {
        match self {
            Kind::File => 0,
            Kind::Folder => 1,
            Kind::Link => 2,
        }
    }

    fn of_code(code: u8) -> Option<Kind> {
        Some(match code {
            0 => Kind::File,
            1 => Kind::Folder,
            2 => Kind::Link,
            _ => return None,
        })
    }
}

/// The entries of one folder the walk looks at (record files, folders, links), sorted.
#[derive(Default, Debug, PartialEq)]
pub(super) struct Listing {
    /// Every name followed by a NUL, so that each is a C string as it lies.
    pub(super) names: String,
    /// Where each name lies in `names` (its NUL after it), and what it is.
    pub(super) entries: Vec<(Range<usize>, Kind)>,
}

impl Listing {
    pub(super) fn name(&self, at: usize) -> &str {
        &self.names[self.entries[at].0.clone()]
    }
}

/// The stored listings being read in the walk's order, and the new file written once a
/// folder is found to differ.
pub(super) struct Listings {
    path: PathBuf,
    old: Option<Old>,
    new: Option<BufWriter<AtomicWriteFile>>,
    /// Whether the folders differ from the stored file (which is then written anew).
    changed: bool,
    /// Whether writing the new file failed (it is then not tried again in this read).
    failed: bool,
    /// While nothing differs: where the stored records taken so far end.
    kept_to: u64,
    /// The file system's clock now, in seconds.
    now: i64,
    /// A record being encoded.
    record: Vec<u8>,
}

/// The stored file, read front to back.
struct Old {
    file: BufReader<File>,
    /// The same file, for the records taken to be copied into a new one (by `pread`,
    /// leaving the reading position be): from the very file read, not from whatever
    /// another read may have put at its path since.
    source: File,
    /// Where the next record starts.
    at: u64,
    /// The next record, read but not yet taken: its folder, and its bytes.
    next: Option<(String, Vec<u8>)>,
}

impl Listings {
    /// Opens the stored listings at `path` (`None`: a read that keeps none).
    pub(super) fn open(path: Option<&Path>) -> Listings {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let old = path.and_then(|path| {
            let source = File::open(path).ok()?;
            let mut file = BufReader::new(source.try_clone().ok()?);
            let mut magic = [0u8; MAGIC.len()];
            file.read_exact(&mut magic).ok()?;
            (magic == MAGIC).then_some(Old {
                file,
                source,
                at: MAGIC.len() as u64,
                next: None,
            })
        });
        Listings {
            path: path.map(Path::to_path_buf).unwrap_or_default(),
            changed: false,
            failed: path.is_none(),
            old,
            new: None,
            kept_to: MAGIC.len() as u64,
            now,
            record: Vec::new(),
        }
    }

    /// The same listings, read as if `secs` seconds later (for tests of folders that
    /// settled).
    #[cfg(test)]
    pub(super) fn read_later(mut self, secs: i64) -> Listings {
        self.now += secs;
        self
    }

    /// The stored listing of the folder `rel` (relative to the desk root, ending in `/`)
    /// if it was kept for this very stamp. Folders must be asked for in the walk's order;
    /// stored ones passed over are gone from the desk.
    pub(super) fn take(&mut self, rel: &str, stamp: &FileStamp) -> Option<Listing> {
        loop {
            let old = self.old.as_mut()?;
            if old.next.is_none() {
                match old.read_next() {
                    Ok(Some(next)) => old.next = Some(next),
                    Ok(None) => return None,
                    Err(()) => {
                        self.differ();
                        self.old = None;
                        return None;
                    }
                }
            }
            let (folder, _) = old.next.as_ref()?;
            match folder.as_str().cmp(rel) {
                std::cmp::Ordering::Greater => return None,
                std::cmp::Ordering::Less => {
                    // A folder gone since.
                    old.pass();
                    self.differ();
                }
                std::cmp::Ordering::Equal => {
                    let (_, bytes) = old.next.take()?;
                    let end = old.at;
                    let Some((kept, listing)) = decode(&bytes) else {
                        self.differ();
                        self.old = None;
                        return None;
                    };
                    if kept != *stamp {
                        self.differ();
                        return None;
                    }
                    if self.changed {
                        self.write_record(&bytes);
                    } else {
                        self.kept_to = end;
                    }
                    return Some(listing);
                }
            }
        }
    }

    /// Keeps the listing of the folder `rel` just read, with the stamp the folder had
    /// before it was read, unless it changed too recently to be sure of.
    pub(super) fn put(&mut self, rel: &str, stamp: &FileStamp, listing: &Listing) {
        let settled = |(secs, _): (i64, u32)| secs < self.now - SETTLE;
        if self.failed || !settled(stamp.modified) || !settled(stamp.changed) {
            return;
        }
        self.differ();
        let mut record = std::mem::take(&mut self.record);
        encode(rel, stamp, listing, &mut record);
        self.write_record(&record);
        self.record = record;
    }

    /// Puts the new file in place if the folders differ from the stored one; to be
    /// called once every folder was asked for.
    pub(super) fn finish(mut self) {
        if let Some(old) = &mut self.old
            && (old.next.is_some() || !matches!(old.read_next(), Ok(None)))
        {
            // Folders gone at the end.
            self.differ();
        }
        if let Some(new) = self.new.take()
            && let Ok(file) = new.into_inner()
        {
            let _ = file.commit();
        }
    }

    /// Notes that the folders differ from the stored file: the new one is started with
    /// the stored records taken so far.
    fn differ(&mut self) {
        if self.changed {
            return;
        }
        self.changed = true;
        if self.failed {
            return;
        }
        let started = (|| {
            let file = crate::store::durable::replace_cache(&self.path)?;
            let mut new = BufWriter::with_capacity(1 << 16, file);
            new.write_all(MAGIC).ok()?;
            // The records taken so far, as they are.
            let mut at = MAGIC.len() as u64;
            let mut buffer = vec![0u8; 1 << 16];
            while at < self.kept_to {
                let n = buffer.len().min((self.kept_to - at) as usize);
                let source = &self.old.as_ref()?.source;
                source.read_exact_at(&mut buffer[..n], at).ok()?;
                new.write_all(&buffer[..n]).ok()?;
                at += n as u64;
            }
            Some(new)
        })();
        self.failed = started.is_none();
        self.new = started;
    }

    fn write_record(&mut self, bytes: &[u8]) {
        let Some(new) = &mut self.new else { return };
        let len = (bytes.len() as u32).to_le_bytes();
        if new
            .write_all(&len)
            .and_then(|_| new.write_all(bytes))
            .is_err()
        {
            self.new = None;
            self.failed = true;
        }
    }
}

impl Old {
    /// Reads the next record: `None` at the end, an error for damage.
    fn read_next(&mut self) -> Result<Option<(String, Vec<u8>)>, ()> {
        let mut len = [0u8; 4];
        match self.file.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(_) => return Err(()),
        }
        let len = u32::from_le_bytes(len) as usize;
        if len > LONGEST {
            return Err(());
        }
        let mut bytes = vec![0u8; len];
        self.file.read_exact(&mut bytes).map_err(|_| ())?;
        self.at += 4 + len as u64;
        let folder = folder_of(&bytes).ok_or(())?.to_string();
        Ok(Some((folder, bytes)))
    }

    /// Lets the next record go.
    fn pass(&mut self) {
        self.next = None;
    }
}

/// A record: checksum of the rest | folder | stamp | names | kinds.
fn encode(rel: &str, stamp: &FileStamp, listing: &Listing, out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(&[0u8; 8]);
    let text = |out: &mut Vec<u8>, s: &[u8]| {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s);
    };
    text(out, rel.as_bytes());
    out.extend_from_slice(&stamp.size.to_le_bytes());
    out.extend_from_slice(&stamp.modified.0.to_le_bytes());
    out.extend_from_slice(&stamp.modified.1.to_le_bytes());
    out.extend_from_slice(&stamp.changed.0.to_le_bytes());
    out.extend_from_slice(&stamp.changed.1.to_le_bytes());
    out.extend_from_slice(&stamp.inode.to_le_bytes());
    // The names in the listing's order (a folder read gives them in the order read).
    let names_len: usize = listing.entries.iter().map(|(span, _)| span.len() + 1).sum();
    out.extend_from_slice(&(names_len as u32).to_le_bytes());
    for (span, _) in &listing.entries {
        out.extend_from_slice(listing.names[span.clone()].as_bytes());
        out.push(0);
    }
    let kinds: Vec<u8> = listing.entries.iter().map(|(_, k)| k.code()).collect();
    text(out, &kinds);
    let sum = checksum(&out[8..]);
    out[..8].copy_from_slice(&sum.to_le_bytes());
}

/// Reads a record's fields in turn.
struct Fields<'a>(&'a [u8]);

impl<'a> Fields<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn text(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
}

/// The folder a record is of (checked before anything of it is believed).
fn folder_of(bytes: &[u8]) -> Option<&str> {
    let mut fields = Fields(bytes);
    let sum = fields.u64()?;
    if sum != checksum(fields.0) {
        return None;
    }
    std::str::from_utf8(fields.text()?).ok()
}

/// A record's stamp and listing (its checksum checked by `folder_of` when it was read).
fn decode(bytes: &[u8]) -> Option<(FileStamp, Listing)> {
    let mut fields = Fields(bytes);
    fields.u64()?;
    fields.text()?;
    let size = fields.u64()?;
    let modified = (fields.u64()? as i64, fields.u32()?);
    let changed = (fields.u64()? as i64, fields.u32()?);
    let inode = fields.u64()?;
    let names = String::from_utf8(fields.text()?.to_vec()).ok()?;
    let kinds = fields.text()?;
    if !fields.0.is_empty() || !names.is_empty() && !names.ends_with('\0') {
        return None;
    }
    let mut entries = Vec::with_capacity(kinds.len());
    let mut start = 0;
    for (at, _) in names.match_indices('\0') {
        let kind = Kind::of_code(*kinds.get(entries.len())?)?;
        entries.push((start..at, kind));
        start = at + 1;
    }
    if entries.len() != kinds.len() {
        return None;
    }
    let stamp = FileStamp {
        size,
        modified,
        changed,
        inode,
    };
    Some((stamp, Listing { names, entries }))
}

/// A quick 64-bit checksum of a record, eight bytes at a time (FNV-1a, a byte at a time,
/// took milliseconds over the listings of a big desk).
fn checksum(bytes: &[u8]) -> u64 {
    const MIX: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut sum = bytes.len() as u64 ^ 0x51_7cc1_b727_220a;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        sum = (sum ^ word).wrapping_mul(MIX).rotate_left(29);
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    sum = (sum ^ u64::from_le_bytes(last)).wrapping_mul(MIX);
    sum ^ (sum >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(secs: i64) -> FileStamp {
        FileStamp {
            size: 4096,
            modified: (secs, 7),
            changed: (secs, 9),
            inode: 42,
        }
    }

    fn listing(names: &[(&str, Kind)]) -> Listing {
        // Names laid out in another order than the listing's, as a folder read does.
        let mut out = Listing::default();
        for (name, kind) in names.iter().rev() {
            let start = out.names.len();
            out.names.push_str(name);
            out.entries.push((start..out.names.len(), *kind));
            out.names.push('\0');
        }
        out.entries.reverse();
        out
    }

    fn names(listing: &Listing) -> Vec<(String, Kind)> {
        (0..listing.entries.len())
            .map(|at| (listing.name(at).to_string(), listing.entries[at].1))
            .collect()
    }

    const OLD: i64 = 1_700_000_000;

    #[test]
    fn a_listing_kept_comes_back_in_its_order_for_the_same_stamp_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("folders");
        let a = listing(&[
            ("1.yaml", Kind::File),
            ("b/", Kind::Folder),
            ("c", Kind::Link),
        ]);
        let b = listing(&[("x.yaml", Kind::File), ("y.yaml", Kind::File)]);
        let mut kept = Listings::open(Some(&path));
        assert_eq!(kept.take("r/", &stamp(OLD)), None, "nothing kept yet");
        kept.put("r/", &stamp(OLD), &a);
        kept.put("r/b/", &stamp(OLD + 1), &b);
        kept.finish();

        let mut again = Listings::open(Some(&path));
        let got = again.take("r/", &stamp(OLD)).expect("kept");
        assert_eq!(names(&got), names(&a));
        // Every name is a C string where it lies.
        assert!(
            got.entries
                .iter()
                .all(|(span, _)| got.names.as_bytes()[span.end] == 0)
        );
        assert_eq!(again.take("r/b/", &stamp(OLD)), None, "another stamp");
        assert!(again.changed, "a folder changed: written anew");

        let mut without = Listings::open(None);
        assert_eq!(without.take("r/", &stamp(OLD)), None);
    }

    #[test]
    fn a_folder_changed_within_the_settling_time_is_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("folders");
        let mut kept = Listings::open(Some(&path));
        let now = kept.now;
        kept.put("r/", &stamp(now), &listing(&[("1.yaml", Kind::File)]));
        kept.finish();
        assert!(!path.exists(), "nothing to keep");
        let mut kept = Listings::open(Some(&path));
        kept.put("r/", &stamp(now - 60), &listing(&[("1.yaml", Kind::File)]));
        kept.put("r/a/", &stamp(now - 1), &listing(&[("2.yaml", Kind::File)]));
        kept.finish();
        let mut again = Listings::open(Some(&path));
        assert!(again.take("r/", &stamp(now - 60)).is_some());
        assert_eq!(again.take("r/a/", &stamp(now - 1)), None);
    }

    #[test]
    fn folders_gone_are_dropped_and_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("folders");
        let mut kept = Listings::open(Some(&path));
        for rel in ["r/", "r/a/", "r/b/", "r/c/"] {
            kept.put(rel, &stamp(OLD), &listing(&[(rel, Kind::File)]));
        }
        kept.finish();
        // `r/b/` and `r/c/` are gone: the new file keeps `r/` and `r/a/`.
        let mut again = Listings::open(Some(&path));
        assert!(again.take("r/", &stamp(OLD)).is_some());
        assert!(again.take("r/a/", &stamp(OLD)).is_some());
        assert!(!again.changed);
        again.finish();
        let mut third = Listings::open(Some(&path));
        assert!(third.take("r/", &stamp(OLD)).is_some());
        assert!(third.take("r/a/", &stamp(OLD)).is_some());
        assert!(
            third.take("r/c/", &stamp(OLD)).is_none(),
            "passed over by then"
        );
        // One gone in the middle, before one new.
        let mut fourth = Listings::open(Some(&path));
        assert!(fourth.take("r/", &stamp(OLD)).is_some());
        assert!(fourth.take("r/b/", &stamp(OLD)).is_none());
        fourth.put("r/b/", &stamp(OLD), &listing(&[("new.yaml", Kind::File)]));
        fourth.finish();
        let mut fifth = Listings::open(Some(&path));
        assert!(fifth.take("r/", &stamp(OLD)).is_some());
        assert!(fifth.take("r/a/", &stamp(OLD)).is_none());
        let b = fifth.take("r/b/", &stamp(OLD)).expect("kept");
        assert_eq!(names(&b), [("new.yaml".to_string(), Kind::File)]);
    }

    #[test]
    fn records_kept_are_copied_from_the_file_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("folders");
        let write = |folders: &[&str]| {
            let _ = std::fs::remove_file(&path);
            let mut kept = Listings::open(Some(&path));
            for rel in folders {
                kept.put(rel, &stamp(OLD), &listing(&[(rel, Kind::File)]));
            }
            kept.finish();
        };
        write(&["r/", "r/a/"]);
        let mut reading = Listings::open(Some(&path));
        assert!(reading.take("r/", &stamp(OLD)).is_some());
        // Another read puts a file of other folders in its place meanwhile.
        write(&["q/", "q/x/", "q/y/"]);
        // This read finds `r/b/` new: its file holds what it read, and `r/b/`.
        assert!(reading.take("r/b/", &stamp(OLD)).is_none());
        reading.put("r/b/", &stamp(OLD), &listing(&[("r/b/", Kind::File)]));
        reading.finish();
        let mut again = Listings::open(Some(&path));
        for rel in ["q/", "r/", "r/b/"] {
            let got = again.take(rel, &stamp(OLD));
            assert_eq!(got.is_some(), rel != "q/", "{rel}");
        }
    }

    #[test]
    fn a_folder_or_link_in_the_way_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("folders");
        let outside = dir.path().join("outside");
        std::fs::write(&outside, "mine").unwrap();
        for in_the_way in ["folder", "link"] {
            if in_the_way == "folder" {
                std::fs::create_dir(&path).unwrap();
            } else {
                std::os::unix::fs::symlink(&outside, &path).unwrap();
            }
            let mut kept = Listings::open(Some(&path));
            kept.put("r/", &stamp(OLD), &listing(&[("1.yaml", Kind::File)]));
            kept.finish();
            let names: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            assert_eq!(names.len(), 2, "{in_the_way}: {names:?}");
            let meta = std::fs::symlink_metadata(&path).unwrap();
            assert!(
                meta.is_dir() || meta.file_type().is_symlink(),
                "{in_the_way}"
            );
            assert_eq!(std::fs::read_to_string(&outside).unwrap(), "mine");
            if in_the_way == "folder" {
                std::fs::remove_dir(&path).unwrap();
            }
        }
    }

    #[test]
    fn a_damaged_file_is_not_believed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("folders");
        let mut kept = Listings::open(Some(&path));
        kept.put("r/", &stamp(OLD), &listing(&[("1.yaml", Kind::File)]));
        kept.put("r/a/", &stamp(OLD), &listing(&[("2.yaml", Kind::File)]));
        kept.finish();
        let good = std::fs::read(&path).unwrap();
        // Any one byte of a record changed (a name, a kind, a length, the stamp).
        for at in MAGIC.len() + 4..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0x20;
            std::fs::write(&path, &bad).unwrap();
            let mut again = Listings::open(Some(&path));
            let first = again.take("r/", &stamp(OLD));
            let second = again.take("r/a/", &stamp(OLD));
            let intact = |l: &Option<Listing>, name: &str| {
                l.as_ref()
                    .is_none_or(|l| names(l) == [(name.to_string(), Kind::File)])
            };
            assert!(
                intact(&first, "1.yaml") && intact(&second, "2.yaml"),
                "byte {at}"
            );
            assert!(first.is_none() || second.is_none(), "byte {at} went unseen");
        }
        // Cut short.
        std::fs::write(&path, &good[..good.len() - 3]).unwrap();
        let mut again = Listings::open(Some(&path));
        assert!(again.take("r/", &stamp(OLD)).is_some());
        assert!(again.take("r/a/", &stamp(OLD)).is_none());
    }
}
