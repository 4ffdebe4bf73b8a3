//! Finding a desk and reading its files: policy, templates and ticket records. Every
//! problem comes back as `Error::BadRecord` naming the file, line and field.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::i18n::t;
use crate::model::id::{ID_LEN, Id, MIN_PREFIX, canonical_prefix, prefix_time_range};
use crate::model::period::Period;
use crate::model::ticket::month_folder;
use crate::model::{Problem, Ticket};
use crate::policy::{Policy, PolicyFile, Template};

use super::{POLICY_FILE, locate, yaml};

/// An opened desk: where it is, its policy and its templates.
#[derive(Debug, Clone)]
pub struct Desk {
    pub root: PathBuf,
    pub policy: Policy,
    pub templates: BTreeMap<String, Template>,
}

/// Finds the desk root: `dir` when given, else the first folder from `cwd` upwards that
/// holds `inkdesk.yaml`.
pub fn find_root(dir: Option<&Path>, cwd: &Path) -> Result<PathBuf> {
    if let Some(dir) = dir {
        let dir = cwd.join(dir);
        if dir.join(POLICY_FILE).is_file() {
            return Ok(dir);
        }
        return Err(Error::NoDesk { start: dir });
    }
    cwd.ancestors()
        .find(|d| d.join(POLICY_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::NoDesk {
            start: cwd.to_path_buf(),
        })
}

/// The largest file inkdesk reads as a policy, template or record.
pub const MAX_FILE: u64 = 1024 * 1024;

/// Refuses a path below `root` that is, or passes through, a symbolic link (which could
/// lead outside the desk) or that is not a regular file: inkdesk reads and writes only
/// the desk's own files.
pub fn within(root: &Path, path: &Path) -> Result<()> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(bad(
                    &at,
                    1,
                    "(file)",
                    &t!("err-symlink"),
                    Some(&t!("hint-symlink")),
                ));
            }
            Ok(meta) if at == path && !meta.is_file() => {
                return Err(bad(
                    &at,
                    1,
                    "(file)",
                    &t!("err-not-a-file"),
                    Some(&t!("hint-symlink")),
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

fn read_text(path: &Path) -> Result<String> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > MAX_FILE {
        return Err(bad(
            path,
            1,
            "(file)",
            &t!("err-file-too-big", size = size, max = MAX_FILE),
            Some(&t!("hint-file-too-big")),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    // A byte order mark (some Windows editors write one) is not part of the text.
    let bytes = match bytes.strip_prefix("\u{feff}".as_bytes()) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        bad(
            path,
            line,
            "(file)",
            &t!("err-not-utf8"),
            Some(&t!("hint-save-utf8")),
        )
    })
}

fn bad(path: &Path, line: usize, field: &str, message: &str, hint: Option<&str>) -> Error {
    Error::BadRecord {
        path: path.to_path_buf(),
        line,
        field: field.to_string(),
        message: message.to_string(),
        hint: hint.map(str::to_string),
    }
}

/// Turns a problem in a file's text into an error naming the file and line.
pub fn located(path: &Path, text: &str, problem: &Problem, hint: Option<&str>) -> Error {
    bad(
        path,
        locate::line_of(text, &problem.field),
        &problem.field,
        &problem.message,
        hint,
    )
}

pub(super) fn parse<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    if let Some((line, marker)) = conflict_marker(text) {
        return Err(bad(
            path,
            line,
            "(file)",
            &t!("err-conflict-marker", marker = marker),
            Some(&t!("hint-conflict-marker")),
        ));
    }
    yaml::from_str(text).map_err(|e| {
        let line = e
            .line
            .unwrap_or_else(|| locate::line_of(text, &e.problem.field));
        bad(
            path,
            line,
            &e.problem.field,
            &e.problem.message,
            Some(&t!("hint-fix-by-hand")),
        )
    })
}

/// Returns the first merge-conflict marker line in a text.
pub fn conflict_marker(text: &str) -> Option<(usize, &'static str)> {
    text.lines().enumerate().find_map(|(i, l)| {
        let marker = if l.starts_with("<<<<<<<") {
            "<<<<<<<"
        } else if l.starts_with(">>>>>>>") {
            ">>>>>>>"
        } else if l.trim_end() == "=======" {
            "======="
        } else {
            return None;
        };
        Some((i + 1, marker))
    })
}

/// Reads the `lang:` line of a desk's policy without parsing the rest (which may be
/// broken: `check` must still speak the desk's language).
pub fn desk_lang(root: &Path) -> Option<crate::i18n::Lang> {
    let text = std::fs::read_to_string(root.join(POLICY_FILE)).ok()?;
    text.lines().find_map(|line| {
        let value = line.strip_prefix("lang:")?;
        let value = value.split('#').next()?.trim().trim_matches(['"', '\'']);
        crate::i18n::Lang::parse(value)
    })
}

/// Reads and builds the policy file.
pub fn read_policy(path: &Path) -> Result<Policy> {
    let (text, built) = read_policy_checked(path)?;
    built.map_err(|problems| located(path, &text, &problems[0], Some(&t!("hint-policy-comments"))))
}

/// Reads the policy file as every command does (a plain file of at most `MAX_FILE`,
/// UTF-8, a byte order mark dropped, no conflict marker, valid YAML): its text, and
/// the policy or every problem that keeps it from being built (`check` lists them all).
pub fn read_policy_checked(path: &Path) -> Result<(String, Result<Policy, Vec<Problem>>)> {
    let text = read_text(path)?;
    let file: PolicyFile = parse(path, &text)?;
    let built = Policy::build(file);
    Ok((text, built))
}

/// The records folder of the desk at `root`.
pub fn records_dir(root: &Path) -> PathBuf {
    root.join("records")
}

/// The templates folder of the desk at `root`.
pub fn templates_dir(root: &Path) -> PathBuf {
    root.join("templates")
}

/// Reads a template file; its `kind` must match the file name.
pub fn read_template(path: &Path) -> Result<Template> {
    if let Some(folder) = path.parent().and_then(Path::parent) {
        within(folder, path)?;
    }
    let text = read_text(path)?;
    let template: Template = parse(path, &text)?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if template.kind != stem {
        let p = Problem::new(
            "kind",
            t!(
                "err-name-mismatch",
                value = template.kind.as_str(),
                file = format!("{stem}.yaml")
            ),
        );
        return Err(located(path, &text, &p, Some(&t!("hint-template-name"))));
    }
    if let Some(p) = template.answer_problem() {
        return Err(located(path, &text, &p, Some(&t!("hint-answer"))));
    }
    Ok(template)
}

/// Reads a ticket record: its text and the parsed ticket.
pub fn read_ticket_text(path: &Path) -> Result<(String, Ticket)> {
    let text = read_record_text(path)?;
    let ticket = parse_record(path, &text)?;
    Ok((text, ticket))
}

/// Reads a record's text as every command does: never through a link, a plain file of
/// at most `MAX_FILE`, UTF-8 (a byte order mark dropped).
pub fn read_record_text(path: &Path) -> Result<String> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(bad(
            path,
            1,
            "(file)",
            &t!("err-symlink"),
            Some(&t!("hint-symlink")),
        ));
    }
    read_text(path)
}

/// Parses a record's text (read by `read_record_text`); a conflict marker or a YAML
/// error is named with its line.
pub fn parse_record(path: &Path, text: &str) -> Result<Ticket> {
    parse(path, text)
}

impl Desk {
    /// Opens the desk at `root`: reads the policy and every template.
    pub fn open(root: PathBuf) -> Result<Desk> {
        let policy = read_policy(&root.join(POLICY_FILE))?;
        let mut templates = BTreeMap::new();
        for path in Self::yaml_files(&templates_dir(&root))? {
            let template = read_template(&path)?;
            templates.insert(template.kind.clone(), template);
        }
        Ok(Desk {
            root,
            policy,
            templates,
        })
    }

    /// Returns the template of a kind given by its code, its word in either language
    /// or its label, or an error listing the kinds there are, about the input `field`
    /// (the flag or the column the kind was given by).
    pub fn template(&self, kind: &str, field: &str) -> Result<&Template> {
        let names = self.names();
        let found = match names.kind_meant(kind) {
            crate::i18n::words::Meant::One(code) => self.templates.get(&code),
            crate::i18n::words::Meant::Ambiguous(codes) => {
                let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
                return Err(Error::input(
                    field,
                    t!(
                        "err-ambiguous-word",
                        value = kind,
                        choices = crate::i18n::words::choices("kind", &codes)
                    ),
                    t!("hint-type-more"),
                ));
            }
            crate::i18n::words::Meant::Unknown => None,
        };
        found.ok_or_else(|| {
            let codes: Vec<&str> = self.templates.keys().map(String::as_str).collect();
            Error::input(
                field,
                t!("err-unknown-kind", kind = kind),
                t!(
                    "hint-kinds",
                    kinds = crate::i18n::words::choices("kind", &codes),
                    kind = kind
                ),
            )
        })
    }

    /// Refuses to write a record at `path` unless it is a plain file (or none yet) in
    /// a real folder of the desk's `records/`.
    pub fn check_writable(&self, path: &Path) -> Result<()> {
        within(&self.root, path)
    }

    /// Returns what people read for the desk's codes: staff names, kind labels, levels.
    pub fn names(&self) -> crate::i18n::Names {
        self.policy.names(&self.templates)
    }

    /// Returns the kinds, from the template files.
    pub fn kinds(&self) -> Vec<String> {
        self.templates.keys().cloned().collect()
    }

    /// Returns the `.yaml` files below a folder, sorted (none when it does not exist).
    pub fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        Desk::each_yaml_file(dir, |path| {
            out.push(path);
            Ok(())
        })?;
        Ok(out)
    }

    /// Hands the YAML files below `dir` to `each` as `yaml_files` lists them, one at a
    /// time, holding no more than a folder's entries.
    pub fn each_yaml_file(dir: &Path, mut each: impl FnMut(PathBuf) -> Result<()>) -> Result<()> {
        if !dir.exists() {
            return Ok(());
        }
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(dir).to_path_buf();
                Error::io(
                    path,
                    e.into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("loop in folder links")),
                )
            })?;
            // A link named like a record is listed (and refused when read), so that
            // nothing is skipped silently; a linked folder is not entered.
            let name = entry.file_name().to_string_lossy();
            let file_like = entry.file_type().is_file() || entry.path_is_symlink();
            if file_like && name.ends_with(".yaml") && !name.starts_with('.') {
                each(entry.into_path())?;
            }
        }
        Ok(())
    }

    /// Returns every record file of the desk.
    pub fn record_files(&self) -> Result<Vec<PathBuf>> {
        Self::yaml_files(&self.records_dir())
    }

    /// Returns the records folder.
    pub fn records_dir(&self) -> PathBuf {
        records_dir(&self.root)
    }

    /// Returns where a ticket's file belongs: `records/YYYY/MM/<ID>.yaml`.
    pub fn path_for(&self, t: &Ticket) -> PathBuf {
        self.record_path(t.id.as_str(), &t.opened)
    }

    /// Returns where the ticket `id` opened at `opened` is filed.
    pub fn record_path(&self, id: &str, opened: &crate::model::time::Stamp) -> PathBuf {
        self.records_dir()
            .join(month_folder(opened))
            .join(format!("{id}.yaml"))
    }

    /// Finds the record file of an id or unique prefix (at least 4 characters,
    /// case-insensitive).
    pub fn find(&self, prefix: &str) -> Result<PathBuf> {
        let wanted = canonical_prefix(prefix)
            .map_err(|m| Error::input(&t!("help-value-id"), m, t!("hint-id-letters")))?;
        if wanted.len() < MIN_PREFIX {
            return Err(Error::input(
                &t!("help-value-id"),
                t!("err-id-too-short", value = prefix),
                t!("hint-id-min", min = MIN_PREFIX),
            ));
        }
        let matching = |files: Vec<PathBuf>| -> Vec<PathBuf> {
            files
                .into_iter()
                .filter(|p| {
                    p.file_stem()
                        .and_then(|s| s.to_str())
                        .is_some_and(|s| s.to_ascii_uppercase().starts_with(&wanted))
                })
                .collect()
        };
        // The id's first characters are its opening time: look in that month's folder
        // first, and through the whole desk only when nothing is there.
        let mut matches = Vec::new();
        for folder in self.month_folders_for(&wanted) {
            if wanted.len() == ID_LEN {
                let exact = folder.join(format!("{wanted}.yaml"));
                if exact.is_file() {
                    matches.push(exact);
                }
            } else if let Ok(entries) = std::fs::read_dir(&folder) {
                matches.extend(matching(
                    entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                        .collect(),
                ));
            }
        }
        if matches.is_empty() {
            matches = matching(self.record_files()?);
        }
        match matches.len() {
            0 => Err(Error::TicketNotFound {
                id: prefix.to_string(),
            }),
            1 => {
                // The same id filed in another month's folder as well is a duplicate
                // (a hand copy, a bad merge): no command may pick one of the two.
                let found = matches.remove(0);
                let stem = found.file_stem().map(|s| s.to_string_lossy().into_owned());
                let copies = stem.map(|s| self.copies(&s)).unwrap_or_default();
                if copies.len() > 1 {
                    let files: Vec<String> =
                        copies.iter().map(|p| p.display().to_string()).collect();
                    return Err(Error::BadRecord {
                        path: found,
                        line: 1,
                        field: "id".into(),
                        message: t!("err-id-in-several-files", files = files.join(", ")),
                        hint: Some(t!("hint-duplicate-id")),
                    });
                }
                Ok(found)
            }
            _ => {
                let mut candidates: Vec<String> = matches
                    .iter()
                    .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                    .collect();
                candidates.sort();
                candidates.dedup();
                if candidates.len() == 1 {
                    let files: Vec<String> =
                        matches.iter().map(|p| p.display().to_string()).collect();
                    return Err(Error::BadRecord {
                        path: matches[0].clone(),
                        line: 1,
                        field: "id".into(),
                        message: t!("err-id-in-several-files", files = files.join(", ")),
                        hint: Some(t!("hint-duplicate-id")),
                    });
                }
                Err(Error::AmbiguousId {
                    prefix: prefix.to_string(),
                    candidates,
                })
            }
        }
    }

    /// Returns every file named `<stem>.yaml` in a month folder (`records/YYYY/MM/`): a
    /// stat per folder, so cheap at any size.
    fn copies(&self, stem: &str) -> Vec<PathBuf> {
        let name = format!("{stem}.yaml");
        let mut found = Vec::new();
        let Ok(years) = std::fs::read_dir(self.records_dir()) else {
            return found;
        };
        for year in years
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        {
            let Ok(months) = std::fs::read_dir(year.path()) else {
                continue;
            };
            for month in months.flatten() {
                let candidate = month.path().join(&name);
                if candidate.is_file() {
                    found.push(candidate);
                }
            }
        }
        found.sort();
        found
    }

    /// Returns the month folders a ticket whose id starts with `prefix` was filed in.
    fn month_folders_for(&self, prefix: &str) -> Vec<PathBuf> {
        let Some((lo, hi)) = prefix_time_range(prefix) else {
            return Vec::new();
        };
        let tz = self.policy.calendar.tz();
        let (first, last) = (
            lo.with_timezone(&tz).date_naive(),
            hi.with_timezone(&tz).date_naive(),
        );
        let mut folders = Vec::new();
        let mut month = Period::month_of(first);
        while month.from <= last && folders.len() < 3 {
            folders.push(
                self.records_dir()
                    .join(month.from.format("%Y/%m").to_string()),
            );
            month = Period::month_of(month.to + chrono::Duration::days(1));
        }
        folders
    }

    /// Draws an id for a ticket opened now that names no record of the desk.
    pub fn fresh_ticket_id(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Id> {
        draw_id(now, |id| !self.path_of_new(id, now).exists())
    }

    /// Returns where a ticket opened now with this id will be filed.
    pub fn path_of_new(&self, id: &Id, now: chrono::DateTime<chrono::Utc>) -> PathBuf {
        self.record_path(
            id.as_str(),
            &crate::model::time::stamp(now, self.policy.calendar.tz()),
        )
    }

    /// Reads the ticket of an id or prefix and checks that it is where it belongs.
    pub fn load(&self, prefix: &str) -> Result<(PathBuf, Ticket)> {
        let path = self.find(prefix)?;
        within(&self.root, &path)?;
        let (text, ticket) = read_ticket_text(&path)?;
        named_by_id(&path, &text, ticket.id.as_str())?;
        Ok((path, ticket))
    }
}

/// Checks that a file is named by the id it holds (`<ID>.yaml`), or names the field.
pub(super) fn named_by_id(path: &Path, text: &str, id: &str) -> Result<()> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if id == stem {
        return Ok(());
    }
    let p = Problem::new(
        "id",
        t!(
            "err-name-mismatch",
            value = id,
            file = format!("{stem}.yaml")
        ),
    );
    Err(located(path, text, &p, Some(&t!("hint-id-file-name"))))
}

/// Draws ids for `now` (random in their last 30 bits) until `free` takes one; an error
/// after 16 draws, which only a desk with millions of files in one 4-second tick sees.
pub(super) fn draw_id(
    now: chrono::DateTime<chrono::Utc>,
    free: impl Fn(&Id) -> bool,
) -> Result<Id> {
    for _ in 0..16 {
        let entropy = getrandom::u64()
            .map_err(|e| Error::io("<random>", std::io::Error::other(e.to_string())))?;
        let id = Id::new(now, entropy);
        if free(&id) {
            return Ok(id);
        }
    }
    Err(Error::input(
        "id",
        t!("err-no-free-id"),
        t!("hint-try-again"),
    ))
}
