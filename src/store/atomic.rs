//! Writing one whole file atomically (temporary file, fsync, rename, folder fsync), for
//! outputs such as `-o FILE`: a reader sees the old file or the new one, never half.

use std::io::Write;
use std::path::Path;

use atomic_write_file::AtomicWriteFile;

use crate::error::{Error, Result};

/// Replaces the file at `path` with `bytes`, atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_parts(path, [bytes])
}

/// Replaces the file at `path` with these parts one after the other, atomically,
/// without joining them in memory first.
pub fn write_atomic_parts<'a>(
    path: &Path,
    parts: impl IntoIterator<Item = &'a [u8]>,
) -> Result<()> {
    let mut file = AtomicWriteFile::options()
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    for part in parts {
        file.write_all(part).map_err(|e| Error::io(path, e))?;
    }
    file.commit().map_err(|e| Error::io(path, e))
}
