//! The files a command reads or writes besides the desk's records and policy: its
//! inputs (exports, registers, maps), the folders it makes, new files it must never
//! write over, and scratch files in the desk's scratch folder that are gone when the
//! command is. Records, templates and the policy are read by `desk.rs` with the
//! desk's rules; anything written to last goes through `durable.rs`.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::durable::Output;
use crate::error::{Error, Result};

/// Reads a file a command was given (an export, a register, a map) whole.
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// Reads a text file a command was given whole.
pub fn read_input_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

/// The text of a file, or nothing when it cannot be read (a file that may be missing:
/// `.gitattributes`, a file git reports unmerged).
pub fn text_or_empty(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Whether a file is empty or missing (git hands the merge driver an empty file for a
/// side that has none).
pub fn empty_or_missing(path: &Path) -> bool {
    std::fs::metadata(path).map_or(true, |m| m.len() == 0)
}

/// Makes a folder and the folders above it that are missing.
pub fn make_folder(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))
}

/// Writes a new file (making its folder), never over one that exists; false when the
/// file is there already.
pub fn write_new_file(path: &Path, bytes: &[u8]) -> Result<bool> {
    if let Some(dir) = path.parent() {
        make_folder(dir)?;
    }
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(bytes));
    match written {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// A file in the desk's scratch folder that lives as long as the value: a ticket being
/// edited in `$EDITOR`, a workbook being zipped before it is copied to its place.
pub struct Scratch {
    path: PathBuf,
    file: Option<File>,
}

impl Scratch {
    /// A scratch file of this process: `<prefix>-<pid>.<ext>` in `folder`, empty. The
    /// files of the same prefix left by processes that no longer run (killed while
    /// they worked) are removed first; where processes cannot be seen, none is.
    pub fn of_process(folder: &Path, prefix: &str, ext: &str) -> Result<Scratch> {
        make_folder(folder)?;
        remove_dead(folder, prefix, ext);
        let path = folder.join(format!("{prefix}-{}.{ext}", std::process::id()));
        let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Scratch {
            path,
            file: Some(file),
        })
    }

    /// A scratch file of this name in `folder`, holding `bytes`.
    pub fn named(folder: &Path, name: &str, bytes: &[u8]) -> Result<Scratch> {
        make_folder(folder)?;
        let path = folder.join(name);
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        Ok(Scratch { path, file: None })
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The open file of a process's scratch file, to write into (once).
    pub fn take_file(&mut self) -> Option<File> {
        self.file.take()
    }

    /// Copies what it holds into an output, a block at a time.
    pub fn copy_into(&self, out: &mut Output) -> Result<()> {
        let path = &self.path;
        let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
        let mut block = vec![0u8; 1 << 20];
        loop {
            let n = file.read(&mut block).map_err(|e| Error::io(path, e))?;
            if n == 0 {
                return Ok(());
            }
            out.write(&block[..n])?;
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        self.file = None;
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Removes the scratch files `<prefix>-<pid>.<ext>` of processes that no longer run.
fn remove_dead(folder: &Path, prefix: &str, ext: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let suffix = format!(".{ext}");
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix(prefix)
            .and_then(|n| n.strip_prefix('-'))
            .and_then(|n| n.strip_suffix(&suffix))
            .and_then(|n| n.parse::<u32>().ok());
        if let Some(pid) = pid
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
