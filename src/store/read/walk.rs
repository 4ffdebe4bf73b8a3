//! The walk of the records for a read: every record file in path order (about the
//! order of opening) with the stamp `stat` gives it, handed over a window at a time.
//!
//! Threads of their own do it while the caller's thread reads what they find: one
//! lists the folders (a listing of a month's folder takes milliseconds, and the next
//! one is listed while this one is stated), and a few (one a core, at least two) state
//! the files, each taking the next window listed as it is free. The caller puts the
//! windows back in the order they were listed.
//! Nothing here is held per record beyond the folder being listed and a few windows.

use std::ffi::CStr;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use rustix::fd::OwnedFd;
use rustix::fs::{AtFlags, Dir, FileType, Mode, OFlags};

use super::listings::{Kind, Listing, Listings};
use super::stamp::FileStamp;
use crate::error::{Error, Result};

/// Record files handed over at a time.
pub(super) const WINDOW: usize = 1024;
/// Windows listed ahead of the staters: enough that they do not wait while the next
/// folder is listed, few enough that a listing is let go soon.
const LISTED_AHEAD: usize = 16;

/// A window of record files of one folder, sorted: their paths relative to the desk
/// root (one after another in one string) and their stamps.
#[derive(Default)]
pub(super) struct Batch {
    paths: String,
    ends: Vec<usize>,
    stamps: Vec<FileStamp>,
}

impl Batch {
    /// The files in order: path and stamp.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, &FileStamp)> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.paths[start..end])
            .zip(&self.stamps)
    }

    fn push(&mut self, folder: &str, name: &str, stamp: FileStamp) {
        self.paths.push_str(folder);
        self.paths.push_str(name);
        self.ends.push(self.paths.len());
        self.stamps.push(stamp);
    }
}

/// What the walk finds, in path order.
pub(super) enum Found {
    Files(Batch),
    /// A symbolic link among the records (never followed).
    Link(PathBuf),
}

/// Walks the folder `dir` (`rel` is its path relative to the desk root, ending in
/// `/`) in path order — a folder `x` sorts as `x/` among the files — and hands what
/// it finds to `each` on this thread. The first error (of the walk or of `each`)
/// stops it. Folders unchanged since the last walk are not listed again but taken
/// from the kept `listings` (`listings.rs`).
pub(super) fn walk(
    dir: &Path,
    rel: &str,
    mut listings: Listings,
    mut each: impl FnMut(Found) -> Result<()>,
) -> Result<()> {
    let staters = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8));
    // Numbered as they are listed, stated by whichever stater is free, and put back
    // in their order here.
    let (to_staters, listed) = sync_channel::<(usize, Listed)>(LISTED_AHEAD);
    // Shared by the staters alone: when the reader stops and they all end, the lister's
    // next send fails and it ends too (held here, it would wait on a full queue).
    let listed = Arc::new(Mutex::new(listed));
    let (to_reader, stated) = sync_channel::<(usize, Result<Found>)>(2 * staters);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut turn = 0;
            let mut send = |listed: Listed| {
                turn += 1;
                to_staters.send((turn - 1, listed)).is_ok()
            };
            match list(dir, rel, &mut listings, &mut send) {
                // Every folder listed: the listings are kept even if the reader stops
                // later (they are what the folders hold).
                Ok(true) => listings.finish(),
                Ok(false) => {}
                Err(e) => {
                    send(Listed::Failed(e));
                }
            }
        });
        for _ in 0..staters {
            let (listed, to_reader) = (Arc::clone(&listed), to_reader.clone());
            scope.spawn(move || state(&listed, to_reader));
        }
        drop((listed, to_reader));
        // Owned here, so that it is gone once this returns (on an error of `each`
        // too): the staters' sends then fail and they end.
        let stated = stated;
        // What came back before its turn.
        let mut early = std::collections::BTreeMap::new();
        for turn in 0usize.. {
            let found = loop {
                if let Some(found) = early.remove(&turn) {
                    break Some(found);
                }
                match stated.recv() {
                    Ok((t, found)) if t == turn => break Some(found),
                    Ok((t, found)) => {
                        early.insert(t, found);
                    }
                    // Every stater ended: everything listed came back.
                    Err(_) => break None,
                }
            };
            match found {
                Some(found) => each(found?)?,
                None => break,
            }
        }
        Ok(())
    })
}

/// A folder listed: its open descriptor and its entries.
struct Folder {
    fd: OwnedFd,
    dir: PathBuf,
    /// Its path relative to the desk root, ending in `/`.
    rel: String,
    listing: Listing,
}

/// What the lister hands a stater.
enum Listed {
    /// Files of a folder to state: a range of its entries, every one a file.
    Window(Arc<Folder>, Range<usize>),
    Link(PathBuf),
    Failed(Error),
}

/// Lists `dir` and the folders in it, in path order, handing out windows of files;
/// false from `send` (nobody reads any more) stops it.
fn list(
    dir: &Path,
    rel: &str,
    listings: &mut Listings,
    send: &mut dyn FnMut(Listed) -> bool,
) -> Result<bool> {
    let io = |e: rustix::io::Errno| Error::io(dir, std::io::Error::from(e));
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let fd = match rustix::fs::open(dir, flags, Mode::empty()) {
        Ok(fd) => fd,
        Err(rustix::io::Errno::NOENT) => return Ok(true),
        Err(e) => return Err(io(e)),
    };
    // Taken before the folder is read: a file added while it is read changes it.
    let stamp = FileStamp::of_stat(&rustix::fs::fstat(&fd).map_err(io)?);
    let listing = match listings.take(rel, &stamp) {
        Some(kept) => kept,
        None => {
            let listing = read_folder(&fd, dir)?;
            listings.put(rel, &stamp, &listing);
            listing
        }
    };
    let folder = Arc::new(Folder {
        fd,
        dir: dir.to_path_buf(),
        rel: rel.to_string(),
        listing,
    });
    let entries = &folder.listing.entries;
    let mut from = 0;
    let windows = |from: usize, to: usize, send: &mut dyn FnMut(Listed) -> bool| {
        // A month's folder may hold tens of thousands: a window at a time.
        (from..to).step_by(WINDOW).all(|start| {
            send(Listed::Window(
                folder.clone(),
                start..(start + WINDOW).min(to),
            ))
        })
    };
    for (at, &(_, kind)) in entries.iter().enumerate() {
        if kind == Kind::File {
            continue;
        }
        if !windows(from, at, send) {
            return Ok(false);
        }
        from = at + 1;
        let name = folder.listing.name(at);
        if kind == Kind::Folder {
            let inner = dir.join(name.trim_end_matches('/'));
            if !list(&inner, &format!("{rel}{name}"), listings, send)? {
                return Ok(false);
            }
        } else if !send(Listed::Link(dir.join(name))) {
            return Ok(false);
        }
    }
    Ok(windows(from, entries.len(), send))
}

/// Reads the entries of the open folder `fd` the walk looks at (record files, folders,
/// links), sorted.
fn read_folder(fd: &OwnedFd, dir: &Path) -> Result<Listing> {
    let io = |e: rustix::io::Errno| Error::io(dir, std::io::Error::from(e));
    let mut names = String::new();
    let mut entries = Vec::new();
    let mut listing = Dir::read_from(fd).map_err(io)?;
    while let Some(entry) = listing.read() {
        let entry = entry.map_err(io)?;
        let raw = entry.file_name();
        if matches!(raw.to_bytes(), b"." | b"..") {
            continue;
        }
        let mut kind = entry.file_type();
        if kind == FileType::Unknown {
            // Some file systems do not say in the listing.
            kind = rustix::fs::statat(fd, raw, AtFlags::SYMLINK_NOFOLLOW)
                .map(|st| FileType::from_raw_mode(st.st_mode as _))
                .map_err(io)?;
        }
        let name = String::from_utf8_lossy(raw.to_bytes());
        let (kind, slash) = match kind {
            FileType::Symlink => (Kind::Link, ""),
            FileType::Directory => (Kind::Folder, "/"),
            FileType::RegularFile if name.ends_with(".yaml") && !name.starts_with('.') => {
                (Kind::File, "")
            }
            _ => continue,
        };
        let start = names.len();
        names.push_str(&name);
        names.push_str(slash);
        entries.push((start..names.len(), kind));
        names.push('\0');
    }
    drop(listing);
    // Sorted on the first 16 bytes of each name as one number (names of one folder
    // mostly differ there), the rest only where those tie.
    let bytes = names.as_bytes();
    let key = |span: &Range<usize>| {
        let mut head = [0u8; 16];
        let name = &bytes[span.clone()];
        let n = name.len().min(16);
        head[..n].copy_from_slice(&name[..n]);
        u128::from_be_bytes(head)
    };
    let mut keyed: Vec<(u128, Range<usize>, Kind)> = entries
        .into_iter()
        .map(|(span, kind)| (key(&span), span, kind))
        .collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| bytes[a.1.clone()].cmp(&bytes[b.1.clone()]))
    });
    let entries = keyed
        .into_iter()
        .map(|(_, span, kind)| (span, kind))
        .collect();
    Ok(Listing { names, entries })
}

/// States windows of files as they are listed, and hands them on with their number.
fn state(listed: &Mutex<Receiver<(usize, Listed)>>, to: SyncSender<(usize, Result<Found>)>) {
    loop {
        let next = match listed.lock() {
            Ok(listed) => listed.recv(),
            Err(_) => return,
        };
        let Ok((turn, listed)) = next else {
            return;
        };
        let found = match listed {
            Listed::Window(folder, range) => stamps(&folder, range).map(Found::Files),
            Listed::Link(path) => Ok(Found::Link(path)),
            Listed::Failed(e) => Err(e),
        };
        let failed = found.is_err();
        if to.send((turn, found)).is_err() || failed {
            return;
        }
    }
}

/// The stamps of a window of a folder's files, through the folder's descriptor.
fn stamps(folder: &Folder, range: Range<usize>) -> Result<Batch> {
    let mut batch = Batch {
        paths: String::with_capacity(range.len() * (folder.rel.len() + 24)),
        ends: Vec::with_capacity(range.len()),
        stamps: Vec::with_capacity(range.len()),
    };
    let Listing { names, entries } = &folder.listing;
    for at in range {
        let span = entries[at].0.clone();
        let name = &names[span.clone()];
        let failed = |e: std::io::Error| Error::io(folder.dir.join(name), e);
        let c_name = CStr::from_bytes_with_nul(&names.as_bytes()[span.start..=span.end])
            .map_err(|_| failed(std::io::Error::other("a name with a NUL in it")))?;
        let st = rustix::fs::statat(&folder.fd, c_name, AtFlags::SYMLINK_NOFOLLOW)
            .map_err(|e| failed(std::io::Error::from(e)))?;
        batch.push(&folder.rel, name, FileStamp::of_stat(&st));
    }
    Ok(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walked(root: &Path) -> Vec<String> {
        walked_keeping(root, Listings::open(None))
    }

    fn walked_keeping(root: &Path, listings: Listings) -> Vec<String> {
        let mut seen = Vec::new();
        walk(&root.join("records"), "records/", listings, |found| {
            match found {
                Found::Files(batch) => seen.extend(batch.iter().map(|(p, _)| p.to_string())),
                Found::Link(path) => seen.push(format!("link {}", path.display())),
            }
            Ok(())
        })
        .unwrap();
        seen
    }

    #[test]
    fn walks_in_path_order_over_many_windows() {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("records");
        std::fs::create_dir_all(records.join("2026/10")).unwrap();
        std::fs::create_dir_all(records.join("2026/9")).unwrap();
        let mut expected = Vec::new();
        // A folder `2026/10` sorts as `2026/10/` among the files of `2026`.
        for n in 0..(2 * WINDOW + 5) {
            let name = format!("T-{n:05}.yaml");
            std::fs::write(records.join("2026/10").join(&name), "x").unwrap();
            expected.push(format!("records/2026/10/{name}"));
        }
        std::fs::write(records.join("2026/1.yaml"), "x").unwrap();
        std::fs::write(records.join("2026/2.yaml"), "x").unwrap();
        std::fs::write(records.join("2026/9/a.yaml"), "x").unwrap();
        std::fs::write(records.join("2026/notes.txt"), "x").unwrap();
        std::fs::write(records.join("2026/.hidden.yaml"), "x").unwrap();
        std::os::unix::fs::symlink("/etc/hostname", records.join("2026/3.yaml")).unwrap();
        let mut all = vec!["records/2026/1.yaml".to_string()];
        all.extend(expected);
        all.push("records/2026/2.yaml".into());
        all.push(format!("link {}", records.join("2026/3.yaml").display()));
        all.push("records/2026/9/a.yaml".into());
        assert_eq!(walked(dir.path()), all);
    }

    #[test]
    fn an_error_of_the_reader_stops_the_walk() {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("records/a");
        std::fs::create_dir_all(&records).unwrap();
        for n in 0..(3 * WINDOW) {
            std::fs::write(records.join(format!("{n}.yaml")), "x").unwrap();
        }
        // More windows than the lister may hold ahead (a folder is a window at least):
        // stopped, it must not wait for staters that are gone.
        for n in 0..(4 * LISTED_AHEAD) {
            let folder = dir.path().join(format!("records/b/{n:03}"));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("t.yaml"), "x").unwrap();
        }
        // On a thread of its own, so that a walk that never ends fails the test.
        let root = dir.path().to_path_buf();
        let (done, ended) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut windows = 0;
            let stopped = walk(
                &root.join("records"),
                "records/",
                Listings::open(None),
                |_| {
                    windows += 1;
                    Err(Error::io(&root, std::io::Error::other("enough")))
                },
            );
            let _ = done.send((stopped.is_err(), windows));
        });
        let ended = ended.recv_timeout(std::time::Duration::from_secs(60));
        assert_eq!(ended, Ok((true, 1)), "the walk ends at the reader's error");
    }

    #[test]
    fn no_records_folder_is_an_empty_walk() {
        let dir = tempfile::tempdir().unwrap();
        assert!(walked(dir.path()).is_empty());
    }

    /// Sets the modification time of every folder under `dir` to one instant long ago,
    /// as `touch -d` could (their change times move to now).
    fn set_back(dir: &Path) {
        let long_ago = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_767_225_600);
        let times = std::fs::FileTimes::new().set_modified(long_ago);
        for entry in walkdir::WalkDir::new(dir) {
            let entry = entry.unwrap();
            if entry.file_type().is_dir() {
                std::fs::File::open(entry.path())
                    .unwrap()
                    .set_times(times)
                    .unwrap();
            }
        }
    }

    #[test]
    fn folders_kept_from_the_last_walk_give_the_same_walk_and_show_every_change() {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("records");
        let path = dir.path().join("folders");
        // The listings as a walk a minute from now opens them (the folders made here
        // have settled by then).
        let later = || Listings::open(Some(&path)).read_later(60);
        for month in ["2026/09", "2026/10", "2026/11"] {
            std::fs::create_dir_all(records.join(month)).unwrap();
            // Made in another order than they sort.
            for n in (0..300).rev() {
                std::fs::write(records.join(month).join(format!("T{n:04}.yaml")), "x").unwrap();
            }
        }
        std::fs::write(records.join("2026/notes.txt"), "x").unwrap();
        std::os::unix::fs::symlink("/etc/hostname", records.join("2026/3.yaml")).unwrap();
        set_back(&records);
        let fresh = walked(dir.path());
        assert!(fresh.len() > 900);
        // Folders just changed are listed, not kept.
        assert_eq!(
            walked_keeping(dir.path(), Listings::open(Some(&path))),
            fresh
        );
        assert!(!path.exists());
        assert_eq!(walked_keeping(dir.path(), later()), fresh);
        assert!(path.exists(), "settled folders are kept");
        let written = std::fs::read(&path).unwrap();
        // Read from what was kept: the same walk, and nothing written.
        std::fs::remove_file(&path).unwrap();
        std::fs::write(&path, &written).unwrap();
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        assert_eq!(walked_keeping(dir.path(), later()), fresh);
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            before
        );

        // Files added and removed, a folder gone, the folders' times set back to what
        // they were by hand: their change times still moved.
        std::fs::write(records.join("2026/10/T0150a.yaml"), "x").unwrap();
        std::fs::remove_file(records.join("2026/09/T0007.yaml")).unwrap();
        std::fs::remove_dir_all(records.join("2026/11")).unwrap();
        set_back(&records);
        let changed = walked(dir.path());
        assert_eq!(changed.len(), fresh.len() - 300);
        assert!(changed.contains(&"records/2026/10/T0150a.yaml".to_string()));
        assert_eq!(walked_keeping(dir.path(), later()), changed);
        assert_eq!(walked_keeping(dir.path(), later()), changed);
    }
}
