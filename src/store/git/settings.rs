//! The git settings `init` makes in a desk's repository, for speed on a desk of many
//! records. Each is said by `init` when it sets it, and explained in the README.

use std::path::Path;

use super::{config, set_config};
use crate::error::Result;

/// A setting: key, value, and the catalogue id of the sentence saying why.
pub struct Setting {
    pub key: &'static str,
    pub value: &'static str,
    pub why: &'static str,
}

/// What `init` sets.
pub const SPEED: &[Setting] = &[
    // A change updates one entry of the index: with the index split, git writes a
    // small file of the changed entries instead of rewriting every record's entry.
    Setting {
        key: "core.splitIndex",
        value: "true",
        why: "git-setting-split-index",
    },
    // `feature.manyFiles` turns on index.skipHash, which together with the split index
    // was seen to empty the index on git 2.47: kept off in this repository.
    Setting {
        key: "index.skipHash",
        value: "false",
        why: "git-setting-skip-hash",
    },
];

/// Sets in the repository of `dir` every setting of `SPEED` it does not have yet;
/// returns those it set.
pub fn apply(dir: &Path) -> Result<Vec<&'static Setting>> {
    let mut set = Vec::new();
    for setting in SPEED {
        if config(dir, setting.key).as_deref() == Some(setting.value) {
            continue;
        }
        set_config(dir, setting.key, setting.value)?;
        set.push(setting);
    }
    Ok(set)
}

/// The settings of `SPEED` the repository of `dir` does not have as `init` makes them.
pub fn missing(dir: &Path) -> Vec<&'static Setting> {
    SPEED
        .iter()
        .filter(|s| config(dir, s.key).as_deref() != Some(s.value))
        .collect()
}
