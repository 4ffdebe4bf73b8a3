//! Writing files that must survive a crash or a power cut, in one place: a whole file
//! replaced atomically (temporary file, fsync, rename, folder fsync) for outputs such as
//! `-o FILE` and the caches, a new file written and synced (the journal, the new
//! contents of a change), and the folder sync that makes a rename last.

use std::io::Write;
use std::path::Path;

use atomic_write_file::AtomicWriteFile;

use crate::error::{Error, Result};

/// Replaces the file at `path` with `bytes`, atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_parts(path, [bytes])
}

/// Replaces the file at `path` with these parts one after the other, atomically,
/// without joining them in memory first. A device, a FIFO or another file that is not
/// a regular one is written into, never replaced; a symbolic link is refused.
pub fn write_atomic_parts<'a>(
    path: &Path,
    parts: impl IntoIterator<Item = &'a [u8]>,
) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(Error::BadRecord {
                path: path.to_path_buf(),
                line: 1,
                field: "(file)".into(),
                message: crate::i18n::t!("err-symlink"),
                hint: Some(crate::i18n::t!("hint-output-symlink")),
            });
        }
        Ok(meta) if !meta.is_file() => {
            let mut out = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| Error::io(path, e))?;
            for part in parts {
                out.write_all(part).map_err(|e| Error::io(path, e))?;
            }
            return out.flush().map_err(|e| Error::io(path, e));
        }
        _ => {}
    }
    let mut file = AtomicWriteFile::options()
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    for part in parts {
        file.write_all(part).map_err(|e| Error::io(path, e))?;
    }
    file.commit().map_err(|e| Error::io(path, e))
}

/// Starts replacing a cache file of the scratch folder (the desk index, the kept folder
/// listings), to be put in place by `commit`. `None` unless the path is free or a
/// regular file: a link, a folder or anything else found there is left as it is
/// (renaming over it would replace it, and a rename that fails leaves the temporary
/// file behind, one more at every read), and the cache is not written.
pub(super) fn replace_cache(path: &Path) -> Option<AtomicWriteFile> {
    let replaceable = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta.is_file(),
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    };
    replaceable
        .then(|| AtomicWriteFile::options().open(path).ok())
        .flatten()
}

/// A file written part by part that replaces its path only when it is finished, with
/// the same rules as `write_atomic_parts`: a device or a FIFO is written into, a
/// symbolic link refused. Dropped unfinished, it leaves the old file as it was.
pub enum Output {
    Atomic(Box<AtomicWriteFile>, std::path::PathBuf),
    Plain(std::fs::File, std::path::PathBuf),
}

impl Output {
    /// Starts the output to `path`.
    pub fn create(path: &Path) -> Result<Output> {
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_symlink() => Err(Error::BadRecord {
                path: path.to_path_buf(),
                line: 1,
                field: "(file)".into(),
                message: crate::i18n::t!("err-symlink"),
                hint: Some(crate::i18n::t!("hint-output-symlink")),
            }),
            Ok(meta) if !meta.is_file() => std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map(|f| Output::Plain(f, path.to_path_buf()))
                .map_err(|e| Error::io(path, e)),
            _ => AtomicWriteFile::options()
                .open(path)
                .map(|f| Output::Atomic(Box::new(f), path.to_path_buf()))
                .map_err(|e| Error::io(path, e)),
        }
    }

    /// Writes the next part.
    pub fn write(&mut self, part: &[u8]) -> Result<()> {
        match self {
            Output::Atomic(f, path) => f.write_all(part).map_err(|e| Error::io(path.clone(), e)),
            Output::Plain(f, path) => f.write_all(part).map_err(|e| Error::io(path.clone(), e)),
        }
    }

    /// Puts the finished file in place.
    pub fn finish(self) -> Result<()> {
        match self {
            Output::Atomic(f, path) => f.commit().map_err(|e| Error::io(&path, e)),
            Output::Plain(mut f, path) => f.flush().map_err(|e| Error::io(&path, e)),
        }
    }
}

/// Writes a new file whole and synced under a temporary name beside it, renames it into
/// place and syncs the folder (for files inkdesk alone writes, such as a journal).
pub fn write_new_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let temp = path.with_extension("tmp");
    let mut file = std::fs::File::create(&temp).map_err(|e| Error::io(&temp, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(&temp, e))?;
    std::fs::rename(&temp, path).map_err(|e| Error::io(path, e))?;
    sync_parent(path);
    Ok(())
}

/// Writes a file whole and syncs it.
pub fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(path, e))
}

/// Syncs the folder holding `path`, so that a rename or removal in it survives a power
/// cut (best effort: a folder that cannot be opened is left to the file system).
pub fn sync_parent(path: &Path) {
    if let Some(dir) = path.parent()
        && let Ok(f) = std::fs::File::open(dir)
    {
        let _ = f.sync_all();
    }
}
