//! Texts set aside in a temporary file of the desk's scratch folder while a read
//! gathers more than it should hold (the overdue list of a big desk), read back by
//! place. The file is removed as soon as it is made, so nothing is left behind, even
//! after a crash; where it cannot be made, the texts stay in memory.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Where a text was put: its offset and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place(u64, u32);

/// Texts put aside.
pub struct Spill {
    file: Option<std::io::BufWriter<std::fs::File>>,
    memory: Vec<u8>,
    at: u64,
}

impl Spill {
    /// Starts a spill in the desk's scratch folder `scratch`.
    pub fn new(scratch: &Path) -> Spill {
        let file = (|| {
            let name = format!("spill-{}-{:x}", std::process::id(), getrandom::u64().ok()?);
            let path = scratch.join(name);
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
                .ok()?;
            // Gone from the folder at once; the open file lives until it is dropped.
            std::fs::remove_file(&path).ok()?;
            Some(std::io::BufWriter::new(file))
        })();
        Spill {
            file,
            memory: Vec::new(),
            at: 0,
        }
    }

    /// Puts a text aside.
    pub fn put(&mut self, bytes: &[u8]) -> Result<Place> {
        let place = Place(self.at, bytes.len() as u32);
        match &mut self.file {
            Some(file) => file.write_all(bytes).map_err(|e| Error::io("<spill>", e))?,
            None => self.memory.extend_from_slice(bytes),
        }
        self.at += bytes.len() as u64;
        Ok(place)
    }

    /// Ends the putting aside: from now on texts are read back.
    pub fn seal(self) -> Result<Sealed> {
        let file = match self.file {
            Some(w) => Some(
                w.into_inner()
                    .map_err(|e| Error::io("<spill>", e.into_error()))?,
            ),
            None => None,
        };
        Ok(Sealed {
            file,
            memory: self.memory,
        })
    }
}

/// Texts put aside, to be read back.
pub struct Sealed {
    file: Option<std::fs::File>,
    memory: Vec<u8>,
}

impl Sealed {
    /// Reads back the text put at `place`.
    pub fn get(&self, place: Place) -> Result<Vec<u8>> {
        let Place(at, len) = place;
        match &self.file {
            Some(file) => {
                use std::os::unix::fs::FileExt;
                let mut bytes = vec![0u8; len as usize];
                file.read_exact_at(&mut bytes, at)
                    .map_err(|e| Error::io("<spill>", e))?;
                Ok(bytes)
            }
            None => Ok(self.memory[at as usize..at as usize + len as usize].to_vec()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_by_place_from_a_file_left_nowhere() {
        let dir = tempfile::tempdir().unwrap();
        for scratch in [dir.path().to_path_buf(), dir.path().join("missing")] {
            let mut spill = Spill::new(&scratch);
            let a = spill.put("色差 reprint".as_bytes()).unwrap();
            let b = spill.put(b"").unwrap();
            let c = spill.put(b"third").unwrap();
            let sealed = spill.seal().unwrap();
            assert_eq!(sealed.get(c).unwrap(), b"third");
            assert_eq!(sealed.get(a).unwrap(), "色差 reprint".as_bytes());
            assert_eq!(sealed.get(b).unwrap(), b"");
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        }
    }
}
