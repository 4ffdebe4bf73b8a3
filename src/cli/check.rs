//! `inkdesk check`: validate the policy, every template and every record, and list every
//! problem as `path:line: field: what is wrong`. Exit 1 when anything was found.

use std::collections::BTreeMap;

use crate::model::id::{ID_LEN, Packed};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::model::Problem;
use crate::policy::{Policy, validate};
use crate::store::files;
use crate::store::messages::{messages_dir, read_message};
use crate::store::{
    Desk, POLICY_FILE, conflict_marker, find_root, git, health, locate, parse_record,
    read_policy_checked, read_record_text, read_template, records_dir, templates_dir,
};

use super::output::{Format, FormatArgs, json, machine};
use super::terminal::clean;
use super::terminal::say;

// Validate inkdesk.yaml, the templates and every record; exit 1 when problems are found.
#[derive(Debug, clap::Args)]
pub struct Args {
    // First fix what can be fixed without guessing: finish or undo a change a crash
    // interrupted, remove dead temporary files and git's stale lock files.
    #[arg(long)]
    pub repair: bool,
    #[command(flatten)]
    pub output: FormatArgs,
}

/// One problem with its place.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    path: String,
    line: usize,
    field: String,
    message: String,
}

struct Findings<'a> {
    root: &'a Path,
    list: Vec<Finding>,
}

impl Findings<'_> {
    fn add(&mut self, path: &Path, line: usize, field: &str, message: &str) {
        let shown = path.strip_prefix(self.root).unwrap_or(path);
        self.list.push(Finding {
            path: shown.display().to_string(),
            line,
            field: field.to_string(),
            message: message.to_string(),
        });
    }

    fn add_problem(&mut self, path: &Path, text: &str, p: &Problem) {
        self.add(path, locate::line_of(text, &p.field), &p.field, &p.message);
    }

    fn add_error(&mut self, e: Error) {
        match e {
            Error::BadRecord {
                path,
                line,
                field,
                message,
                ..
            } => self.add(&path, line, &field, &message),
            Error::Io { path, source } => {
                self.add(&path, 1, "(file)", &crate::error::io_reason(&source))
            }
            other => self.add(self.root, 1, "(desk)", &other.to_string()),
        }
    }
}

/// Runs `inkdesk check`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let root = find_root(ctx.dir.as_deref(), &ctx.cwd)?;
    if args.repair {
        let done = health::repair(&root)?;
        for r in &done.recovered {
            say(&r.describe());
        }
        for path in &done.removed {
            let shown = path.strip_prefix(&root).unwrap_or(path);
            say(&t!("repair-removed", path = shown.display().to_string()));
        }
        for line in &done.git_locks {
            say(line);
        }
        if done.recovered.is_empty() && done.removed.is_empty() && done.git_locks.is_empty() {
            say(&t!("repair-nothing"));
        }
    }
    let mut found = Findings {
        root: &root,
        list: Vec::new(),
    };
    let policy_path = root.join(POLICY_FILE);
    let (policy, policy_text) = check_policy(&policy_path, &mut found);
    let mut kinds = Vec::new();
    for path in Desk::yaml_files(&templates_dir(&root))? {
        match read_template(&path) {
            Ok(t) => kinds.push(t.kind),
            Err(e) => found.add_error(e),
        }
    }
    if kinds.is_empty() {
        found.add(
            &templates_dir(&root),
            1,
            "(folder)",
            &t!("check-no-templates"),
        );
    }
    if let Some(policy) = &policy {
        let listed = [
            ("verify", &policy.file.verify.kinds),
            ("dispatch", &policy.file.dispatch.kinds),
        ];
        for (section, list) in listed {
            for (i, kind) in list.iter().enumerate() {
                if !kinds.is_empty() && !kinds.contains(kind) {
                    let p = Problem::new(
                        format!("{section}.kinds[{i}]"),
                        t!("err-verify-kind", kind = kind.as_str()),
                    );
                    found.add_problem(&policy_path, &policy_text, &p);
                }
            }
        }
    }
    // Records are checked in parallel a batch at a time, each into its own findings;
    // of each only its id is kept (12 bytes and its place in the walk), to find ids
    // used twice, so that checking a big desk needs no more memory than a small one.
    let mut ids: Vec<(Packed, u32)> = Vec::new();
    let mut odd_ids: Vec<(String, u32)> = Vec::new();
    let mut count: u32 = 0;
    let mut batch: Vec<PathBuf> = Vec::with_capacity(BATCH);
    let mut check_batch = |batch: &mut Vec<PathBuf>, found: &mut Findings| {
        let checked: Vec<(Vec<Finding>, Option<String>)> = batch
            .par_iter()
            .map(|path| {
                let mut own = Findings {
                    root: &root,
                    list: Vec::new(),
                };
                let id = check_record(&root, path, policy.as_ref(), &kinds, &mut own);
                (own.list, id)
            })
            .collect();
        for (list, id) in checked {
            found.list.extend(list);
            match id {
                Some(id) if id.len() == ID_LEN => ids.push((Packed::new(&id), count)),
                Some(id) => odd_ids.push((id, count)),
                None => {}
            }
            count += 1;
        }
        batch.clear();
    };
    Desk::each_yaml_file(&records_dir(&root), |path| {
        batch.push(path);
        if batch.len() == BATCH {
            check_batch(&mut batch, &mut found);
        }
        Ok(())
    })?;
    check_batch(&mut batch, &mut found);
    // The tickets messages name must be on the desk.
    let named = match &policy {
        Some(policy) => check_messages(&root, policy, &mut found)?,
        None => Vec::new(),
    };
    let present: std::collections::HashSet<Packed> = {
        let wanted: std::collections::HashSet<Packed> =
            named.iter().map(|(_, id)| Packed::new(id)).collect();
        ids.iter()
            .map(|(id, _)| *id)
            .filter(|id| wanted.contains(id))
            .collect()
    };
    for (path, id) in &named {
        if !present.contains(&Packed::new(id)) {
            let text = read_record_text(path).unwrap_or_default();
            let p = Problem::new("ticket", t!("err-message-ticket", id = id.as_str()));
            found.add_problem(path, &text, &p);
        }
    }
    // Ids used twice: the places of their files, then the files (read again by name).
    let mut places: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    twice(ids, |id| id.as_str().to_string(), &mut places);
    twice(odd_ids, String::clone, &mut places);
    let mut by_id: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    if !places.is_empty() {
        let mut at = 0u32;
        Desk::each_yaml_file(&records_dir(&root), |path| {
            for (id, list) in &places {
                if list.contains(&at) {
                    by_id.entry(id.clone()).or_default().push(path.clone());
                }
            }
            at += 1;
            Ok(())
        })?;
    }
    for (id, paths) in &by_id {
        if paths.len() > 1 {
            let others: Vec<String> = paths
                .iter()
                .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
                .collect();
            for p in paths {
                found.add(
                    p,
                    1,
                    "id",
                    &t!(
                        "check-duplicate-id",
                        id = id.as_str(),
                        count = paths.len(),
                        files = others.join(", ")
                    ),
                );
            }
        }
    }
    let in_git = git::is_repository(&root);
    if in_git {
        check_git(&root, &mut found);
    }
    // A record edited by hand and not yet committed is told of, not counted as a
    // problem: committing a hand edit after `check` passes is the way to edit.
    let commits = in_git && policy.as_ref().is_some_and(|p| p.file.commit);
    let mut notices = Findings {
        root: &root,
        list: Vec::new(),
    };
    for odd in health::oddities(&root, commits) {
        match odd {
            health::Oddity::Link(p) => found.add(&p, 1, "(file)", &t!("err-symlink")),
            health::Oddity::Temp(p) => found.add(&p, 1, "(file)", &t!("check-temp-left")),
            health::Oddity::Leftover(p) => found.add(&p, 1, "(file)", &t!("check-leftover")),
            health::Oddity::Uncommitted(p) => {
                notices.add(&p, 1, "(file)", &t!("check-uncommitted"))
            }
        }
    }
    if in_git {
        let config = root.join(".git").join("config");
        let missing: Vec<String> = git::settings::missing(&root)
            .iter()
            .map(|s| format!("{}={}", s.key, s.value))
            .collect();
        if !missing.is_empty() {
            notices.add(
                &config,
                1,
                "(file)",
                &t!(
                    "check-git-setting-missing",
                    settings = missing.join(&t!("sep-list"))
                ),
            );
        }
    }
    for n in &notices.list {
        say(&format!("{}{}: {}", t!("label-note"), n.path, n.message));
    }
    let mut list = found.list;
    list.sort();
    list.dedup();
    let field = |f: &Finding| crate::error::field_label(&f.field);
    match args.output.format {
        Format::Json => json(&list)?,
        Format::Csv => machine(
            Format::Csv,
            &["path", "line", "field", "message"],
            list.iter().map(|f| {
                vec![
                    f.path.clone(),
                    f.line.to_string(),
                    f.field.clone(),
                    f.message.clone(),
                ]
            }),
        )?,
        Format::Markdown => {
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|f| {
                    vec![
                        f.path.clone(),
                        f.line.to_string(),
                        field(f),
                        f.message.clone(),
                    ]
                })
                .collect();
            let heads = [
                t!("col-file"),
                t!("col-line"),
                t!("col-field"),
                t!("col-problem"),
            ];
            super::terminal::out(&super::output::markdown(&heads, &rows))?;
        }
        Format::Table => {
            let text: String = list
                .iter()
                .map(|f| {
                    let line = format!("{}:{}: {}: {}", f.path, f.line, field(f), f.message);
                    format!("{}\n", clean(&line))
                })
                .collect();
            super::terminal::out(&text)?;
        }
    }
    if list.is_empty() {
        say(&t!("check-ok", templates = kinds.len(), records = count));
        Ok(0)
    } else {
        say(&t!("check-problems", count = list.len()));
        Ok(1)
    }
}

/// Checks every message and shift handover like a record; returns the tickets they
/// name, each with its message's file, to be found on the desk.
fn check_messages(
    root: &Path,
    policy: &Policy,
    found: &mut Findings,
) -> Result<Vec<(PathBuf, String)>> {
    let mut named = Vec::new();
    Desk::each_yaml_file(&messages_dir(root), |path| {
        match read_message(&path, policy) {
            Ok(m) => {
                if let Some(ticket) = m.ticket {
                    named.push((path, ticket.to_string()));
                }
            }
            Err(e) => found.add_error(e),
        }
        Ok(())
    })?;
    Ok(named)
}

/// Adds to `places` the places of every id that `ids` (id and place) holds more than once.
fn twice<T: Ord>(
    mut ids: Vec<(T, u32)>,
    text: impl Fn(&T) -> String,
    places: &mut BTreeMap<String, Vec<u32>>,
) {
    ids.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for pair in ids.windows(2) {
        if pair[0].0 == pair[1].0 {
            let list = places.entry(text(&pair[0].0)).or_default();
            for (_, at) in pair {
                if !list.contains(at) {
                    list.push(*at);
                }
            }
        }
    }
}

/// Records checked at a time, in parallel.
const BATCH: usize = 1024;

/// In a git repository: the merge driver of this clone is registered and can run, the
/// records are handed to it, and no ticket file is left unmerged.
fn check_git(root: &Path, found: &mut Findings) {
    let config = root.join(".git").join("config");
    match git::config(root, "merge.inkdesk.driver") {
        None => found.add(
            &config,
            1,
            "merge.inkdesk.driver",
            &t!("check-driver-missing"),
        ),
        Some(driver) => {
            if let Some(program) = git::driver_program(&driver)
                && !git::program_exists(&program)
            {
                found.add(
                    &config,
                    1,
                    "merge.inkdesk.driver",
                    &t!("check-driver-gone", program = program.as_str()),
                );
            }
        }
    }
    let attributes = root.join(".gitattributes");
    let routed = files::text_or_empty(&attributes)
        .lines()
        .any(|l| l.trim() == super::init::GITATTRIBUTES.trim());
    if !routed {
        found.add(&attributes, 1, "(file)", &t!("check-attributes-missing"));
    }
    match git::unmerged(root) {
        Ok(paths) => {
            for rel in paths {
                let path = root.join(&rel);
                let line =
                    conflict_marker(&files::text_or_empty(&path)).map_or(1, |(line, _)| line);
                found.add(&path, line, "(file)", &t!("check-unmerged"));
            }
        }
        Err(e) => found.add_error(e),
    }
}

/// Reads the policy as every command does, and lists every problem that keeps it from
/// being built; returns it (if it builds) and its text.
fn check_policy(path: &Path, found: &mut Findings) -> (Option<Policy>, String) {
    match read_policy_checked(path) {
        Ok((text, Ok(policy))) => (Some(policy), text),
        Ok((text, Err(problems))) => {
            for p in &problems {
                found.add_problem(path, &text, p);
            }
            (None, text)
        }
        Err(e) => {
            found.add_error(e);
            (None, String::new())
        }
    }
}

/// Checks one record into `found`; returns its id when it could be read.
fn check_record(
    root: &Path,
    path: &Path,
    policy: Option<&Policy>,
    kinds: &[String],
    found: &mut Findings,
) -> Option<String> {
    // Read once, as every command reads a record; every conflict marker is listed.
    let text = match read_record_text(path) {
        Ok(text) => text,
        Err(e) => {
            found.add_error(e);
            return None;
        }
    };
    let markers: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, l)| conflict_marker(l).map(|(_, m)| (i + 1, m)))
        .collect();
    if !markers.is_empty() {
        for (line, marker) in markers {
            found.add(
                path,
                line,
                "(file)",
                &format!(
                    "{} {}",
                    t!("err-conflict-marker", marker = marker),
                    t!("hint-conflict-marker")
                ),
            );
        }
        return None;
    }
    let ticket = match parse_record(path, &text) {
        Ok(ticket) => ticket,
        Err(e) => {
            found.add_error(e);
            return None;
        }
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if ticket.id.as_str() != stem {
        found.add_problem(
            path,
            &text,
            &Problem::new(
                "id",
                t!(
                    "err-name-mismatch",
                    value = ticket.id.to_string(),
                    file = format!("{stem}.yaml")
                ),
            ),
        );
    }
    let folder = path
        .parent()
        .and_then(|p| p.strip_prefix(records_dir(root)).ok())
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if folder != ticket.month_folder() {
        found.add_problem(
            path,
            &text,
            &Problem::new(
                "opened",
                t!(
                    "check-wrong-month",
                    month = ticket.month_folder(),
                    folder = folder.as_str()
                ),
            ),
        );
    }
    if let Some(policy) = policy {
        for p in validate::ticket(&ticket, policy, kinds) {
            found.add_problem(path, &text, &p);
        }
    }
    Some(ticket.id.to_string())
}
