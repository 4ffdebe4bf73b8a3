//! `inkdesk check`: validate the policy, every template and every record, and list every
//! problem as `path:line: field: what is wrong`. Exit 1 when anything was found.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::Problem;
use crate::policy::{Policy, PolicyFile, validate};
use crate::store::{
    Desk, POLICY_FILE, conflict_marker, find_root, locate, read_template, read_ticket_text, yaml,
};

use super::output::{Format, FormatArgs, json, rows, say};

/// Validate inkdesk.yaml, the templates and every record; exit 1 when problems are found.
#[derive(Debug, clap::Args)]
pub struct Args {
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
            Error::Io { path, source } => self.add(&path, 1, "(file)", &source.to_string()),
            other => self.add(self.root, 1, "(desk)", &other.to_string()),
        }
    }
}

/// Runs `inkdesk check`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let root = find_root(ctx.dir.as_deref(), &ctx.cwd)?;
    let mut found = Findings {
        root: &root,
        list: Vec::new(),
    };
    let policy = check_policy(&root.join(POLICY_FILE), &mut found);
    let mut kinds = Vec::new();
    for path in Desk::yaml_files(&root.join("templates"))? {
        match read_template(&path) {
            Ok(t) => kinds.push(t.kind),
            Err(e) => found.add_error(e),
        }
    }
    if kinds.is_empty() {
        found.add(
            &root.join("templates"),
            1,
            "(folder)",
            "holds no template: every kind needs templates/<kind>.yaml",
        );
    }
    let records = Desk::yaml_files(&root.join("records"))?;
    // Records are checked in parallel, each into its own findings.
    let checked: Vec<(Vec<Finding>, Option<String>)> = records
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
    let mut by_id: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for (path, (list, id)) in records.iter().zip(checked) {
        found.list.extend(list);
        if let Some(id) = id {
            by_id.entry(id).or_default().push(path.clone());
        }
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
                    &format!("{id} is in {} files: {}", paths.len(), others.join(", ")),
                );
            }
        }
    }
    let mut list = found.list;
    list.sort();
    list.dedup();
    match args.output.format {
        Format::Json => json(&list)?,
        format @ (Format::Csv | Format::Markdown) => rows(
            format,
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
        Format::Table => {
            let text: String = list
                .iter()
                .map(|f| format!("{}:{}: {}: {}\n", f.path, f.line, f.field, f.message))
                .collect();
            super::output::out(&text)?;
        }
    }
    if list.is_empty() {
        say(&format!(
            "ok: policy, {} template(s) and {} record(s) checked",
            kinds.len(),
            records.len()
        ));
        Ok(0)
    } else {
        say(&format!("{} problem(s) found", list.len()));
        Ok(1)
    }
}

fn check_policy(path: &Path, found: &mut Findings) -> Option<Policy> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            found.add(path, 1, "(file)", &e.to_string());
            return None;
        }
    };
    if let Some((line, marker)) = conflict_marker(&text) {
        found.add(
            path,
            line,
            "(file)",
            &format!("merge-conflict marker `{marker}`"),
        );
        return None;
    }
    let file: PolicyFile = match yaml::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            let line = e
                .line
                .unwrap_or_else(|| locate::line_of(&text, &e.problem.field));
            found.add(path, line, &e.problem.field, &e.problem.message);
            return None;
        }
    };
    match Policy::build(file) {
        Ok(p) => Some(p),
        Err(problems) => {
            for p in &problems {
                found.add_problem(path, &text, p);
            }
            None
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
    if let Ok(text) = std::fs::read_to_string(path) {
        let markers: Vec<(usize, &str)> = text
            .lines()
            .enumerate()
            .filter_map(|(i, l)| conflict_marker(l).map(|(_, m)| (i + 1, m)))
            .collect();
        if !markers.is_empty() {
            for (line, marker) in markers {
                found.add(path, line, "(file)", &format!("merge-conflict marker `{marker}`: resolve the conflict and delete the markers"));
            }
            return None;
        }
    }
    let (text, ticket) = match read_ticket_text(path) {
        Ok(ok) => ok,
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
                format!("`{}` does not match the file name `{stem}.yaml`", ticket.id),
            ),
        );
    }
    let folder = path
        .parent()
        .and_then(|p| p.strip_prefix(root.join("records")).ok())
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if folder != ticket.month_folder() {
        found.add_problem(
            path,
            &text,
            &Problem::new(
                "opened",
                format!(
                    "the ticket was opened in {} but the file is in records/{folder}/",
                    ticket.month_folder()
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
