//! The new index, written beside the stored one while a read walks the desk (whole
//! chunks copied from the stored index, the rest entry by entry) and put in its place
//! at the end; only ever where its path is free or a regular file.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::codec;
use super::{CHUNK, FIXED_HEAD, MAGIC};
use crate::error::{Error, Result};

/// A new index being written next to the old one; it replaces it at `commit`.
pub(super) struct NewIndex {
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
    pub(super) fn create(path: &Path, fingerprint: u64) -> Result<NewIndex> {
        let mut head = Vec::with_capacity(FIXED_HEAD);
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&fingerprint.to_le_bytes());
        let mut file = crate::store::durable::replace_cache(path).ok_or_else(|| {
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
    pub(super) fn whole_chunk(&mut self, heads: &[u8], bodies: &[u8]) -> Result<()> {
        debug_assert_eq!(self.in_chunk, 0);
        let io = |e| Error::io(&self.path, e);
        self.file.write_all(heads).map_err(io)?;
        self.file.write_all(bodies).map_err(io)?;
        self.chunk_lens
            .push((heads.len() as u64, bodies.len() as u64));
        Ok(())
    }

    /// Appends the next entry (path, stamp and summary, encoded as `Writer` does).
    pub(super) fn entry(&mut self, bytes: &[u8]) -> Result<()> {
        let split = codec::head_length(bytes).ok_or_else(|| {
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
    pub(super) fn commit(mut self, count: usize) -> Result<()> {
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
