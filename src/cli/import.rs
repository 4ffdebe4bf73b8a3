//! `inkdesk import`: a shop's existing complaint register (CSV or a workbook) turned
//! into tickets as a map says (`register/`). All or nothing, in one commit; each
//! ticket's log names the file and row it came from, and importing the same file again
//! creates nothing new (a row's ticket id comes from its contents). `--dry-run` runs
//! every check the import runs and writes nothing; `--example-map` writes a map for the
//! register's own headings, to start from.

use std::path::{Path, PathBuf};

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::i18n::words::choices;
use crate::model::{Cause, Remedy, Status, Ticket};
use crate::policy::Policy;
use crate::register::{self, FIELDS, Headings, Map, RowProblem, Source, Why, Year};
use crate::store::Desk;

use unicode_width::UnicodeWidthStr;

use super::refusal::refused;
use super::terminal::{out, say};

// Turn the rows of a complaint register (CSV or xlsx) into tickets, as MAP.yaml says;
// --dry-run shows what would be created and every row that cannot be read.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The register: a .csv or .xlsx file (title rows above the headings are passed over).
    pub file: PathBuf,
    // The map: which column holds which field, the words the sheet uses.
    #[arg(long, value_name = "MAP.yaml", required_unless_present = "example_map")]
    pub map: Option<PathBuf>,
    // Show what would be created and every row that cannot be read; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    // Print a map for this register's own headings, commented, to save and correct.
    #[arg(long, conflicts_with_all = ["map", "dry_run"])]
    pub example_map: bool,
}

/// One row that could not be read: where (the register's column) and why.
struct Unreadable {
    row: usize,
    column: String,
    why: String,
}

/// Runs `inkdesk import`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let rows = read_register(&ctx.cwd.join(&args.file), &args.file)?;
    if args.example_map {
        let actor = ctx.actor(&desk).unwrap_or_default();
        out(&example_map(&rows, &args.file, &desk.policy, &actor))?;
        return Ok(0);
    }
    let map_arg = args.map.clone().unwrap_or_default();
    let map = read_map(&ctx.cwd.join(&map_arg), &map_arg)?;
    let heads = register::headings(&rows, &map).map_err(|m| Error::BadRecord {
        path: args.file.clone(),
        line: m.row,
        field: m.missing.join(&t!("sep-choice")),
        message: t!(
            "err-import-no-column",
            heading = m.missing.join(&t!("sep-choice")),
            row = m.row
        ),
        hint: Some(t!(
            "hint-import-example-map",
            file = args.file.display().to_string()
        )),
    })?;
    // Who imports, by staff id where the desk lists staff (the log's actor, and the
    // holder of a row that names nobody).
    let actor = ctx.actor(&desk)?;
    let actor = desk.policy.holder(&actor).unwrap_or(actor);
    let source = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (untitled, unknown, closed, handled) = (
        t!("import-untitled"),
        t!("import-unknown-customer"),
        t!("import-closed"),
        t!("import-handled"),
    );
    let src = Source {
        policy: &desk.policy,
        templates: &desk.templates,
        actor: &actor,
        untitled: &untitled,
        unknown_customer: &unknown,
        closed_reason: &closed,
        handled: &handled,
    };
    let mut made: Vec<Ticket> = Vec::new();
    let mut bad: Vec<Unreadable> = Vec::new();
    let mut year = Year::default();
    for (n, cells) in rows.iter().enumerate().skip(heads.row) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row = n + 1;
        match register::ticket_of(&map, &heads, cells, row, &src, &mut year) {
            Ok(mut t) => {
                if let Some(first) = t.log.first_mut() {
                    first.note = Some(t!("import-note", file = source.as_str(), row = row));
                }
                // Every check the import makes, the dry run makes too.
                match super::mutation::guard(&desk, &t) {
                    Ok(()) => made.push(t),
                    Err(e) => bad.push(check_failed(&map, &heads, row, e)),
                }
            }
            Err(p) => bad.push(unreadable(&desk, &map, &heads, p)),
        }
    }
    let names = desk.names();
    let fresh: Vec<&Ticket> = made.iter().filter(|t| !desk.path_for(t).exists()).collect();
    if args.dry_run {
        say(&t!("import-headings-row", row = heads.row));
        if !heads.unused.is_empty() {
            say(&t!(
                "import-unused-columns",
                columns = heads.unused.join(&t!("sep-choice"))
            ));
        }
    }
    // One line a ticket, the title cut to what the terminal has left.
    for t in &fresh {
        let lead = format!(
            "{}  {}  {}  {}  ",
            t.id,
            names.time(t.received),
            names.kind(&t.kind),
            t.status.label()
        );
        let room = ctx.width.saturating_sub(lead.width()).max(8);
        let title = super::table::cut(&super::terminal::clean(&t.title), room);
        out(&format!("{lead}{title}\n"))?;
    }
    for b in &bad {
        say(&t!(
            "import-unreadable",
            file = args.file.display().to_string(),
            row = b.row,
            column = b.column.as_str(),
            why = b.why.as_str()
        ));
    }
    say(&t!(
        "import-summary",
        new = fresh.len(),
        known = made.len() - fresh.len(),
        bad = bad.len()
    ));
    if !bad.is_empty() {
        return Err(Error::input(
            &args.file.display().to_string(),
            t!("err-import-rows", count = bad.len()),
            t!("hint-import-rows"),
        ));
    }
    if args.dry_run || fresh.is_empty() {
        return Ok(0);
    }
    let mut tx = ctx.transaction(&desk, &actor)?;
    for t in &fresh {
        tx.stage(t, 0)?;
    }
    tx.finish(
        &t!(
            "import-subject",
            count = fresh.len(),
            file = source.as_str()
        ),
        "import",
    )?;
    say(&t!("import-done", count = fresh.len()));
    Ok(0)
}

/// Reads the cells of a register: a workbook's first sheet, or a CSV file (UTF-8, with
/// or without a byte order mark, or GB18030 as Chinese spreadsheets save it).
fn read_register(path: &Path, shown: &Path) -> Result<Vec<Vec<String>>> {
    let bytes = crate::store::files::read_input(path)?;
    let is_xlsx = shown
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("xlsx"));
    let rows: Vec<Vec<String>> = if is_xlsx {
        crate::report::xlsx::sheet_rows(&bytes).map_err(|message| Error::BadRecord {
            path: shown.to_path_buf(),
            line: 1,
            field: "(xlsx)".into(),
            message,
            hint: None,
        })?
    } else {
        let text = crate::report::csvfile::text_of(&bytes);
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| {
                let r = r.map_err(|e| Error::BadRecord {
                    path: shown.to_path_buf(),
                    line: e.position().map_or(1, |p| p.line() as usize),
                    field: "(csv)".into(),
                    message: t!("err-csv-unreadable"),
                    hint: None,
                })?;
                Ok(r.iter().map(str::to_string).collect())
            })
            .collect::<Result<_>>()?
    };
    if rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
        return Err(Error::input(
            &shown.display().to_string(),
            t!("err-import-empty"),
            String::new(),
        ));
    }
    Ok(rows)
}

/// Reads the map, and checks that it names only fields a column can fill.
fn read_map(path: &Path, shown: &Path) -> Result<Map> {
    let text = crate::store::files::read_input_text(path)?;
    let map: Map = crate::store::yaml::from_str(&text).map_err(|p| Error::BadRecord {
        path: shown.to_path_buf(),
        line: p.line.unwrap_or(1),
        field: p.problem.field,
        message: p.problem.message,
        hint: Some(t!("hint-import-map")),
    })?;
    for field in map.columns.keys() {
        if !FIELDS.contains(&field.as_str()) {
            return Err(Error::BadRecord {
                path: shown.to_path_buf(),
                line: crate::store::locate::line_of(&text, &format!("columns.{field}")),
                field: format!("columns.{field}"),
                message: t!("err-import-field", field = field.as_str()),
                hint: Some(t!("hint-import-fields", fields = FIELDS.join(", "))),
            });
        }
    }
    Ok(map)
}

/// The register's name for a field: its column's heading, or the map's key that
/// stood in for a column the register does not have.
fn column_of(map: &Map, heads: &Headings, field: &str) -> String {
    if heads.place.contains_key(field)
        && let Some(heading) = map.columns.get(field)
    {
        return heading.clone();
    }
    match field {
        "kind" => "default_kind".into(),
        "assignee" => "default_assignee".into(),
        "department" => "default_department".into(),
        "status" if map.with_result.is_some() => "with_result".into(),
        other => map
            .columns
            .get(other)
            .cloned()
            .unwrap_or_else(|| other.to_string()),
    }
}

/// A row that cannot be read, in the desk's words, named by the register's column.
fn unreadable(desk: &Desk, map: &Map, heads: &Headings, p: RowProblem) -> Unreadable {
    let why = match p.why {
        Why::NotADate(value) => t!("err-import-date", value = value.as_str()),
        Why::NoYear(value) => t!("err-import-no-year", value = value.as_str()),
        Why::Word {
            group,
            value,
            ambiguous,
        } => {
            if ambiguous.is_empty() {
                let codes: Vec<&str> = match group {
                    "status" => Status::ALL.iter().map(|s| s.as_str()).collect(),
                    "cause" => Cause::ALL.iter().map(|c| c.as_str()).collect(),
                    _ => Remedy::ALL.iter().map(|r| r.as_str()).collect(),
                };
                t!(
                    "err-import-word",
                    value = value.as_str(),
                    choices = choices(group, &codes),
                    key = format!("{group}{}", if group == "status" { "es" } else { "s" })
                )
            } else {
                let some: Vec<&str> = ambiguous.iter().map(String::as_str).collect();
                t!(
                    "err-ambiguous-word",
                    value = value.as_str(),
                    choices = choices(group, &some)
                )
            }
        }
        Why::Kind { value, ambiguous } if ambiguous.is_empty() => {
            let codes: Vec<&str> = desk.templates.keys().map(String::as_str).collect();
            t!(
                "err-import-kind",
                value = value.as_str(),
                choices = choices("kind", &codes)
            )
        }
        Why::Kind { value, ambiguous } => {
            let some: Vec<&str> = ambiguous.iter().map(String::as_str).collect();
            t!(
                "err-ambiguous-word",
                value = value.as_str(),
                choices = choices("kind", &some)
            )
        }
        Why::NoKind => t!("err-import-no-kind"),
        Why::NotAnAmount(value) => t!("err-not-an-amount", value = value.as_str()),
        Why::Holder { name, message } => {
            t!("err-import-staff", why = message, name = name.as_str())
        }
        Why::WithResult(value) => t!("err-import-with-result", value = value.as_str()),
        Why::Refused(r) => match refused(&desk.policy)(r) {
            Error::BadInput { message, .. } => message,
            other => other.to_string(),
        },
    };
    Unreadable {
        row: p.row,
        column: column_of(map, heads, p.field),
        why,
    }
}

/// A row whose ticket `check` would refuse: named by the register's column of the
/// field at fault, with check's words.
fn check_failed(map: &Map, heads: &Headings, row: usize, e: Error) -> Unreadable {
    let (field, why) = match e {
        Error::BadInput { field, message, .. } => (field, message),
        other => (String::new(), other.to_string()),
    };
    // `customer.phone` is the phone column; `log[0].to` the holder's.
    let top = field.split(['.', '[']).next().unwrap_or_default();
    let field = match (top, field.as_str()) {
        ("customer", f) => f
            .strip_prefix("customer.")
            .unwrap_or("customer")
            .to_string(),
        ("log", _) | ("assignee", _) => "assignee".to_string(),
        ("order", f) => f.strip_prefix("order.").unwrap_or("job").to_string(),
        (t, _) => t.to_string(),
    };
    Unreadable {
        row,
        column: column_of(map, heads, &field),
        why,
    }
}

/// A commented map for a register's own headings, in the desk's language: each heading
/// with the field it most likely holds, the sheet's words for kinds, statuses, causes
/// and remedies with the codes they most likely mean, and the keys a register without
/// some column needs.
fn example_map(rows: &[Vec<String>], file: &Path, policy: &Policy, actor: &str) -> String {
    use register::guess::{code_for, field_of, heading_row};
    let at = heading_row(rows);
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut text = format!(
        "# {}\n# {}\n",
        t!("map-intro", file = file.display().to_string(), row = at + 1),
        t!("map-fields", fields = FIELDS.join(" "))
    );
    text += "columns:\n";
    let mut used: Vec<&str> = Vec::new();
    let mut column_of_field = std::collections::BTreeMap::new();
    for (i, heading) in rows.get(at).into_iter().flatten().enumerate() {
        let heading = heading.trim();
        if heading.is_empty() {
            continue;
        }
        match field_of(heading).filter(|f| !used.contains(f)) {
            Some(field) => {
                used.push(field);
                column_of_field.insert(field, i);
                text += &format!("  {field}: {}\n", quote(heading));
            }
            None => {
                text += &format!(
                    "  # ?: {}    # {}\n",
                    quote(heading),
                    t!("map-unknown-column")
                )
            }
        }
    }
    text += &format!("# {}\n", t!("map-year"));
    text += "# year: 2026\n";
    if !used.contains(&"kind") {
        text += &format!("# {}\n", t!("map-default-kind"));
        text += "default_kind: complaint\n";
    }
    // Rows that name nobody: someone on the staff list holds them (who imports, when
    // they are on it), or the import would be refused.
    let holders: Vec<&str> = match column_of_field.get("assignee") {
        Some(&col) => rows
            .iter()
            .skip(at + 1)
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .map(|r| r.get(col).map_or("", |c| c.trim()))
            .collect(),
        None => Vec::new(),
    };
    if !used.contains(&"assignee") || holders.contains(&"") {
        text += &format!("# {}\n", t!("map-default-assignee"));
        let staff = &policy.file.staff;
        let someone = policy
            .staff(actor)
            .or_else(|| staff.iter().find(|s| s.role == policy.level_name(0)))
            .or(staff.first());
        match someone {
            Some(s) => text += &format!("default_assignee: {}\n", s.id),
            None => text += "# default_assignee: lina\n",
        }
    }
    // Names the staff list does not know: say who holds their tickets now.
    let mut strangers: Vec<&str> = holders
        .iter()
        .copied()
        .filter(|h| !h.is_empty() && !policy.file.staff.is_empty() && policy.holder(h).is_err())
        .collect();
    strangers.sort_unstable();
    strangers.dedup();
    if !strangers.is_empty() {
        let ids: Vec<&str> = policy.file.staff.iter().map(|s| s.id.as_str()).collect();
        text += &format!("# {}\nstaff:\n", t!("map-staff"));
        for name in strangers.iter().take(30) {
            text += &format!(
                "  # {}: ?    # {}\n",
                quote(name),
                t!("map-unknown-word", choices = ids.join(" "))
            );
        }
    }
    if !used.contains(&"status") {
        text += &format!("# {}\n", t!("map-with-result"));
        text += "with_result: closed\n";
    }
    // The words the sheet uses in its kind, status, cause and remedy columns.
    let groups: [(&str, &str, Vec<&str>); 4] = [
        ("kind", "kinds", crate::i18n::words::SHIPPED_KINDS.to_vec()),
        (
            "status",
            "statuses",
            Status::ALL.iter().map(|s| s.as_str()).collect(),
        ),
        (
            "cause",
            "causes",
            Cause::ALL.iter().map(|c| c.as_str()).collect(),
        ),
        (
            "remedy",
            "remedies",
            Remedy::ALL.iter().map(|r| r.as_str()).collect(),
        ),
    ];
    for (field, key, codes) in &groups {
        let Some(&col) = column_of_field.get(field) else {
            continue;
        };
        let mut words: Vec<&str> = rows
            .iter()
            .skip(at + 1)
            .filter_map(|r| r.get(col).map(|c| c.trim()))
            .filter(|c| !c.is_empty())
            .collect();
        words.sort_unstable();
        words.dedup();
        if words.is_empty() {
            continue;
        }
        text += &format!("# {}\n{key}:\n", t!("map-words", field = *field));
        for w in words.iter().take(30) {
            match code_for(field, codes, w) {
                Some(code) => text += &format!("  {}: {code}\n", quote(w)),
                None => {
                    text += &format!(
                        "  # {}: ?    # {}\n",
                        quote(w),
                        t!("map-unknown-word", choices = codes.join(" "))
                    )
                }
            }
        }
    }
    text
}
