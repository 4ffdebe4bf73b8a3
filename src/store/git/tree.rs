//! Git's tree objects as bytes: read one (`<mode> <name>\0<raw id>` per entry), change
//! its entries, and write it back in git's order. Pure: the objects come from and go to
//! git through `commit.rs`.

/// The mode of a folder's entry.
pub const TREE_MODE: &str = "40000";
/// The mode of a plain file.
pub const FILE_MODE: &str = "100644";
/// The mode of an executable file.
pub const EXEC_MODE: &str = "100755";

/// One entry of a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub mode: String,
    pub name: Vec<u8>,
    /// The object's id, raw (20 bytes for SHA-1, 32 for SHA-256).
    pub id: Vec<u8>,
}

impl Entry {
    pub fn is_tree(&self) -> bool {
        self.mode == TREE_MODE
    }
}

/// Reads a tree object's content; `id_len` is the length of a raw object id.
pub fn parse(bytes: &[u8], id_len: usize) -> Option<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let space = rest.iter().position(|b| *b == b' ')?;
        let mode = std::str::from_utf8(&rest[..space]).ok()?.to_string();
        rest = &rest[space + 1..];
        let nul = rest.iter().position(|b| *b == 0)?;
        let name = rest[..nul].to_vec();
        rest = &rest[nul + 1..];
        if rest.len() < id_len {
            return None;
        }
        entries.push(Entry {
            mode,
            name,
            id: rest[..id_len].to_vec(),
        });
        rest = &rest[id_len..];
    }
    Some(entries)
}

/// Git's order of a tree's entries: by name, a folder's name read as if it ended in `/`.
fn order(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    let key = |e: &Entry| {
        let mut k = e.name.clone();
        if e.is_tree() {
            k.push(b'/');
        }
        k
    };
    key(a).cmp(&key(b))
}

/// Writes a tree object's content from its entries, in git's order.
pub fn serialize(entries: &mut [Entry]) -> Vec<u8> {
    entries.sort_by(order);
    let mut out = Vec::with_capacity(entries.len() * 60);
    for e in entries.iter() {
        out.extend_from_slice(e.mode.as_bytes());
        out.push(b' ');
        out.extend_from_slice(&e.name);
        out.push(0);
        out.extend_from_slice(&e.id);
    }
    out
}

/// Puts `entry` in place of the entry of the same name, or adds it.
pub fn put(entries: &mut Vec<Entry>, entry: Entry) {
    match entries.iter_mut().find(|e| e.name == entry.name) {
        Some(old) => *old = entry,
        None => entries.push(entry),
    }
}

/// The mode a file written over `old` keeps: executable stays executable, anything
/// else becomes a plain file.
pub fn file_mode(old: Option<&Entry>) -> &'static str {
    match old {
        Some(e) if e.mode == EXEC_MODE => EXEC_MODE,
        _ => FILE_MODE,
    }
}

/// Turns an object id in hex into its raw bytes.
pub fn raw_id(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Turns a raw object id into hex.
pub fn hex_id(raw: &[u8]) -> String {
    raw.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(mode: &str, name: &str, fill: u8) -> Entry {
        Entry {
            mode: mode.into(),
            name: name.as_bytes().to_vec(),
            id: vec![fill; 20],
        }
    }

    #[test]
    fn a_tree_reads_back_as_it_was_written() {
        let mut entries = vec![
            entry(FILE_MODE, "b.yaml", 1),
            entry(TREE_MODE, "a", 2),
            entry(EXEC_MODE, "run", 3),
        ];
        let bytes = serialize(&mut entries);
        assert_eq!(parse(&bytes, 20).unwrap(), entries);
        assert!(parse(&bytes[..bytes.len() - 1], 20).is_none());
    }

    #[test]
    fn folders_sort_as_if_their_names_ended_in_a_slash() {
        // "a.b" < "a/" < "a0": the folder "a" goes between the files, as git has it.
        let mut entries = vec![
            entry(FILE_MODE, "a0", 1),
            entry(TREE_MODE, "a", 2),
            entry(FILE_MODE, "a.b", 3),
        ];
        serialize(&mut entries);
        let names: Vec<&[u8]> = entries.iter().map(|e| e.name.as_slice()).collect();
        assert_eq!(names, [&b"a.b"[..], b"a", b"a0"]);
    }

    #[test]
    fn put_replaces_or_adds_and_modes_stay_executable() {
        let mut entries = vec![entry(EXEC_MODE, "x", 1)];
        assert_eq!(file_mode(entries.first()), EXEC_MODE);
        assert_eq!(file_mode(None), FILE_MODE);
        put(&mut entries, entry(FILE_MODE, "x", 9));
        put(&mut entries, entry(FILE_MODE, "y", 8));
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].id, vec![9; 20]);
        let hex = hex_id(&[0, 0xab, 0x10]);
        assert_eq!(hex, "00ab10");
        assert_eq!(raw_id(&hex).unwrap(), vec![0, 0xab, 0x10]);
        assert!(raw_id("abc").is_none() && raw_id("zz").is_none());
    }
}
