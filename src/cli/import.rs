//! `inkdesk import`: a shop's existing complaint register (CSV or a workbook) turned
//! into tickets, by a map that says which column holds which field and how the sheet
//! spells kinds, statuses and causes. All or nothing, in one commit; each ticket's log
//! names the file and row it came from, and importing the same file again creates
//! nothing new (a row's ticket id comes from its contents).

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::lifecycle::{self, Act, Draft, Input, Outcome, Refusal};
use crate::model::fnv::fnv1a;
use crate::model::{Cause, Customer, Id, Money, Order, Remedy, Status, Ticket};

use unicode_width::UnicodeWidthStr;

use super::refusal::refused;
use super::terminal::{out, say};

// Turn the rows of a complaint register (CSV or xlsx) into tickets, as MAP.yaml says;
// --dry-run shows what would be created and every row that cannot be read.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The register: a .csv or .xlsx file whose first row names the columns.
    pub file: PathBuf,
    // The map: which column holds which field, the date format, the words the sheet uses.
    #[arg(long, value_name = "MAP.yaml")]
    pub map: PathBuf,
    // Show what would be created and every row that cannot be read; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The map of a register, as written (see `examples/register-map.yaml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Map {
    /// Ticket field → the column's heading in the register.
    columns: BTreeMap<String, String>,
    /// How dates (and times) are written, in chrono's notation, tried in order.
    #[serde(default = "default_dates")]
    date_formats: Vec<String>,
    /// The kind of a row with no kind column (or an empty cell).
    #[serde(default)]
    default_kind: Option<String>,
    /// The sheet's words → codes.
    #[serde(default)]
    kinds: BTreeMap<String, String>,
    #[serde(default)]
    statuses: BTreeMap<String, String>,
    #[serde(default)]
    causes: BTreeMap<String, String>,
    #[serde(default)]
    remedies: BTreeMap<String, String>,
}

fn default_dates() -> Vec<String> {
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%Y/%m/%d %H:%M",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// The fields a map may name.
const FIELDS: &[&str] = &[
    "title",
    "kind",
    "customer",
    "company",
    "phone",
    "email",
    "vip",
    "job",
    "product",
    "quantity",
    "received",
    "assignee",
    "department",
    "description",
    "status",
    "cause",
    "remedy",
    "summary",
    "cost",
    "resolved",
];

/// One row that could not be read: where and why.
struct Unreadable {
    row: usize,
    column: String,
    why: String,
}

/// Runs `inkdesk import`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let map_path = ctx.cwd.join(&args.map);
    let map_text = crate::store::files::read_input_text(&map_path)?;
    let map: Map = crate::store::yaml::from_str(&map_text).map_err(|p| Error::BadRecord {
        path: args.map.clone(),
        line: p.line.unwrap_or(1),
        field: p.problem.field,
        message: p.problem.message,
        hint: Some(t!("hint-import-map")),
    })?;
    for field in map.columns.keys() {
        if !FIELDS.contains(&field.as_str()) {
            return Err(Error::BadRecord {
                path: args.map.clone(),
                line: crate::store::locate::line_of(&map_text, &format!("columns.{field}")),
                field: format!("columns.{field}"),
                message: t!("err-import-field", field = field.as_str()),
                hint: Some(t!("hint-import-fields", fields = FIELDS.join(", "))),
            });
        }
    }
    let file = ctx.cwd.join(&args.file);
    let bytes = crate::store::files::read_input(&file)?;
    let is_xlsx = args
        .file
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("xlsx"));
    let rows: Vec<Vec<String>> = if is_xlsx {
        crate::report::xlsx::sheet_rows(&bytes).map_err(|message| Error::BadRecord {
            path: args.file.clone(),
            line: 1,
            field: "(xlsx)".into(),
            message,
            hint: None,
        })?
    } else {
        let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))
            .into_owned();
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .filter_map(|r| r.ok())
            .map(|r| r.iter().map(str::to_string).collect())
            .collect()
    };
    let Some((heads, body)) = rows.split_first() else {
        return Err(Error::input(
            &t!("help-value-import-file"),
            t!("err-import-empty"),
            String::new(),
        ));
    };
    // Every column the map names must be in the register.
    let mut place = BTreeMap::new();
    for (field, heading) in &map.columns {
        match heads.iter().position(|h| h.trim() == heading.trim()) {
            Some(i) => {
                place.insert(field.as_str(), i);
            }
            None => {
                return Err(Error::BadRecord {
                    path: args.file.clone(),
                    line: 1,
                    field: heading.clone(),
                    message: t!("err-import-no-column", heading = heading.as_str()),
                    hint: Some(t!("hint-import-map")),
                });
            }
        }
    }
    let policy = &desk.policy;
    let source = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut made: Vec<Ticket> = Vec::new();
    let mut bad: Vec<Unreadable> = Vec::new();
    for (n, row) in body.iter().enumerate() {
        let line = n + 2;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |field: &str| -> String {
            place
                .get(field)
                .and_then(|&i| row.get(i))
                .map(|c| c.trim().to_string())
                .unwrap_or_default()
        };
        let fail = |field: &str, why: String| Unreadable {
            row: line,
            column: map
                .columns
                .get(field)
                .cloned()
                .unwrap_or_else(|| field.into()),
            why,
        };
        match ticket_of(&map, &cell, policy, &desk, &source, line) {
            Ok(t) => made.push(t),
            Err((field, why)) => bad.push(fail(&field, why)),
        }
    }
    let names = desk.names();
    // What would be made, and what cannot be read.
    let fresh: Vec<&Ticket> = made.iter().filter(|t| !desk.path_for(t).exists()).collect();
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
            &t!("help-value-import-file"),
            t!("err-import-rows", count = bad.len()),
            t!("hint-import-rows"),
        ));
    }
    if args.dry_run || fresh.is_empty() {
        return Ok(0);
    }
    let actor = ctx.actor(&desk)?;
    let mut tx = ctx.transaction(&desk, &actor)?;
    for t in &fresh {
        super::mutation::guard(&desk, t)?;
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

/// The register's field a refusal is about (`otherwise` when it is the ticket's state
/// or an input the register has no column for), and why, in the desk's words.
fn refused_at(policy: &crate::policy::Policy, r: &Refusal, otherwise: &str) -> (String, String) {
    let field = match r.input() {
        Some(Input::Title) => "title",
        Some(Input::Customer) => "customer",
        Some(Input::Received) => "received",
        Some(Input::Summary) => "summary",
        Some(Input::Approver) => "cost",
        _ => otherwise,
    };
    let why = match refused(policy)(r.clone()) {
        Error::BadInput { message, .. } => message,
        other => other.to_string(),
    };
    (field.to_string(), why)
}

/// Makes the ticket of one row, or says which field is wrong and why.
fn ticket_of(
    map: &Map,
    cell: &dyn Fn(&str) -> String,
    policy: &crate::policy::Policy,
    desk: &crate::store::Desk,
    source: &str,
    line: usize,
) -> std::result::Result<Ticket, (String, String)> {
    let word = |field: &str, words: &BTreeMap<String, String>| -> String {
        let c = cell(field);
        words.get(&c).cloned().unwrap_or(c)
    };
    let when = |text: &str| -> Option<chrono::DateTime<chrono::Utc>> {
        map.date_formats.iter().find_map(|f| {
            NaiveDateTime::parse_from_str(text, f)
                .ok()
                .or_else(|| {
                    NaiveDate::parse_from_str(text, f)
                        .ok()
                        .and_then(|d| d.and_hms_opt(9, 0, 0))
                })
                .map(|local| policy.calendar.instant(local))
        })
    };
    let received_text = cell("received");
    let received = when(&received_text).ok_or_else(|| {
        (
            "received".to_string(),
            t!("err-import-date", value = received_text.as_str()),
        )
    })?;
    let kind = match word("kind", &map.kinds) {
        k if k.is_empty() => map.default_kind.clone().unwrap_or_default(),
        k => k,
    };
    let template = desk.template(&kind, "kind").map_err(|e| {
        let why = match e {
            Error::BadInput { message, .. } => message,
            other => other.to_string(),
        };
        ("kind".to_string(), why)
    })?;
    let title = cell("title");
    let customer = cell("customer");
    let text = |field: &str| Some(cell(field)).filter(|c| !c.is_empty());
    // The row's own contents pick its id: the same row imported again — from this file
    // or from the same register saved as a workbook — is the same ticket.
    let row_text: Vec<String> = FIELDS.iter().map(|f| cell(f)).collect();
    let entropy = fnv1a(&[row_text.join("\u{1f}").as_bytes()]);
    let draft = Draft {
        title: if title.is_empty() {
            t!("import-untitled")
        } else {
            title
        },
        customer: Customer {
            name: if customer.is_empty() {
                t!("import-unknown-customer")
            } else {
                customer
            },
            company: text("company"),
            phone: text("phone"),
            email: text("email"),
            vip: matches!(
                cell("vip").to_lowercase().as_str(),
                "true" | "yes" | "1" | "是" | "y"
            ),
        },
        order: Order {
            job: text("job"),
            product: text("product"),
            quantity: text("quantity").and_then(|q| q.parse().ok()),
            delivered: None,
        },
        priority: None,
        assignee: text("assignee"),
        department: text("department"),
        received: None,
        promised: None,
        description: text("description"),
    };
    let by = "import";
    let act = Act {
        policy,
        template,
        now: received,
        by,
    };
    let mut t = lifecycle::open(Id::new(received, entropy), draft, &act)
        .map_err(|r| refused_at(policy, &r, "title"))?;
    if let Some(first) = t.log.first_mut() {
        first.note = Some(t!("import-note", file = source, row = line));
    }
    let status = word("status", &map.statuses);
    let status = if status.is_empty() {
        Status::Open
    } else {
        Status::parse(&status).map_err(|e| ("status".to_string(), e))?
    };
    if matches!(status, Status::Resolved | Status::Closed) {
        let resolved_text = cell("resolved");
        let at = if resolved_text.is_empty() {
            received
        } else {
            when(&resolved_text).ok_or_else(|| {
                (
                    "resolved".to_string(),
                    t!("err-import-date", value = resolved_text.as_str()),
                )
            })?
        }
        .max(received);
        // An empty cell is the register saying nothing: not known, nothing done — or
        // nothing at all for a kind that needs neither.
        let cause = match word("cause", &map.causes) {
            c if c.is_empty() => template.needs_cause.then_some(Cause::Unknown),
            c => Some(Cause::parse(&c).map_err(|e| ("cause".to_string(), e))?),
        };
        let remedy = match word("remedy", &map.remedies) {
            r if r.is_empty() => template.needs_remedy.then_some(Remedy::None),
            r => Some(Remedy::parse(&r).map_err(|e| ("remedy".to_string(), e))?),
        };
        let cost = match cell("cost") {
            c if c.is_empty() => None,
            c => Some(
                Money::parse(c.replace(',', "").trim_start_matches(['¥', '￥'])).ok_or_else(
                    || {
                        (
                            "cost".to_string(),
                            t!("err-not-an-amount", value = c.as_str()),
                        )
                    },
                )?,
            ),
        };
        let summary = cell("summary");
        let act = Act { now: at, ..act };
        let outcome = Outcome {
            cause,
            remedy,
            summary: if summary.is_empty() {
                "—"
            } else {
                summary.as_str()
            },
            cost,
            accepted: false,
            approved_by: None,
            // The register's compensation was granted before inkdesk kept the rules.
            pre_approved: true,
        };
        lifecycle::resolve(&mut t, &act, &outcome).map_err(|r| refused_at(policy, &r, "status"))?;
        if status == Status::Closed {
            lifecycle::close(&mut t, &act, true, Some(&t!("import-closed")))
                .map_err(|r| refused_at(policy, &r, "status"))?;
        }
    }
    Ok(t)
}
