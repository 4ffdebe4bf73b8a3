//! Short ids: the fewest characters that tell every ticket of the desk apart (at least
//! six), from the ids alone, 12 bytes each.

/// The ids of a desk held compactly (12 bytes each, from their record files' names),
/// to find how long its short ids must be.
#[derive(Default)]
pub struct Ids(Vec<crate::model::id::Packed>);

impl Ids {
    /// Notes the id a record file (path or name) is named by.
    pub fn push_file(&mut self, rel: &str) {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let stem = name.strip_suffix(".yaml").unwrap_or(name);
        self.0.push(crate::model::id::Packed::new(stem));
    }

    /// How many characters tell every id apart.
    pub fn short_len(&self) -> usize {
        short_id_len(self.0.iter().map(crate::model::id::Packed::as_str))
    }
}

/// Returns how many characters of an id are enough to tell every given id apart (at
/// least 6), as git shortens hashes.
pub fn short_id_len<'a>(ids: impl Iterator<Item = &'a str>) -> usize {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    let shared = ids
        .windows(2)
        .map(|w| {
            w[0].bytes()
                .zip(w[1].bytes())
                .take_while(|(a, b)| a == b)
                .count()
        })
        .max()
        .unwrap_or(0);
    (shared + 1).max(6)
}
