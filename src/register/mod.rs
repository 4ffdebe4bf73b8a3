//! A shop's old complaint register — the rows of a spreadsheet — read into tickets as a
//! map says: which column holds which field, how the sheet spells its kinds, statuses,
//! causes and remedies, and what a row leaves out (the kind, the holder, the year).
//!
//! Pure: it takes the cells, the map, the policy and the templates, and returns tickets
//! or, row by row, what cannot be read and in which column. The command reads the file,
//! says it in the desk's words and writes the tickets in one transaction.

pub mod guess;
pub mod when;

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::Deserialize;

use crate::i18n::words::Meant;
use crate::lifecycle::{self, Act, Draft, Outcome, Refusal};
use crate::model::fnv::fnv1a;
use crate::model::{Cause, Customer, Id, Money, Order, Remedy, Status, Ticket};
use crate::policy::{Policy, Template};

/// The map of a register (`import --example-map` writes one for a register's headings).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Map {
    /// Ticket field → the column's heading in the register.
    pub columns: BTreeMap<String, String>,
    /// How dates (and times) are written, in chrono's notation, tried before the forms
    /// registers commonly use.
    #[serde(default)]
    pub date_formats: Vec<String>,
    /// The year of a date written without one (`11月3日`), when no earlier row gives it.
    #[serde(default)]
    pub year: Option<i32>,
    /// The kind of a row with no kind column (or an empty cell).
    #[serde(default)]
    pub default_kind: Option<String>,
    /// Who holds a row's ticket when the register names nobody (default: who imports).
    #[serde(default)]
    pub default_assignee: Option<String>,
    /// The department of a row's ticket when the register names none (default: the
    /// kind's template's).
    #[serde(default)]
    pub default_department: Option<String>,
    /// What a row with a result (a summary, a cause, a remedy, a cost or a date
    /// resolved) and no status is: `resolved` (the callback still to make) or `closed`.
    #[serde(default)]
    pub with_result: Option<String>,
    /// The sheet's words → codes.
    #[serde(default)]
    pub kinds: BTreeMap<String, String>,
    #[serde(default)]
    pub statuses: BTreeMap<String, String>,
    #[serde(default)]
    pub causes: BTreeMap<String, String>,
    #[serde(default)]
    pub remedies: BTreeMap<String, String>,
    /// The sheet's names for people → staff ids (someone who has left, a nickname).
    #[serde(default)]
    pub staff: BTreeMap<String, String>,
}

/// The fields a map may name.
pub const FIELDS: &[&str] = &[
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

/// How many rows at the top of a register may be titles and banners before its
/// headings.
const HEADINGS_WITHIN: usize = 20;

/// Where a register's headings are, and which column each mapped field is.
#[derive(Debug, Clone, PartialEq)]
pub struct Headings {
    /// The row of the headings, counted from 1.
    pub row: usize,
    /// Field → column.
    pub place: BTreeMap<&'static str, usize>,
    /// The headings the map does not name (listed, so nothing is dropped unseen).
    pub unused: Vec<String>,
}

/// The map names columns the register does not have: in the row taken as headings
/// (the one holding most of them, within the first rows), these are missing.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingColumns {
    pub row: usize,
    pub missing: Vec<String>,
}

/// The row that holds the headings: the first that holds the most of the map's
/// (title rows and merged banners above it are passed over).
pub fn headings(rows: &[Vec<String>], map: &Map) -> Result<Headings, MissingColumns> {
    let wanted: Vec<&str> = map.columns.values().map(|h| h.trim()).collect();
    let found = |row: &Vec<String>| {
        wanted
            .iter()
            .filter(|h| row.iter().any(|c| same_heading(c, h)))
            .count()
    };
    let (at, best) = rows
        .iter()
        .take(HEADINGS_WITHIN)
        .enumerate()
        .map(|(i, row)| (i, found(row)))
        .fold(
            (0, 0),
            |(bi, bn), (i, n)| if n > bn { (i, n) } else { (bi, bn) },
        );
    let row = rows.get(at).cloned().unwrap_or_default();
    let mut place = BTreeMap::new();
    let mut missing = Vec::new();
    for (field, heading) in &map.columns {
        match row.iter().position(|c| same_heading(c, heading)) {
            Some(i) => {
                if let Some(f) = FIELDS.iter().find(|f| **f == field) {
                    place.insert(*f, i);
                }
            }
            None => missing.push(heading.clone()),
        }
    }
    if best == 0 || !missing.is_empty() {
        return Err(MissingColumns {
            row: at + 1,
            missing,
        });
    }
    let unused = row
        .iter()
        .enumerate()
        .filter(|(i, c)| !c.trim().is_empty() && !place.values().any(|p| p == i))
        .map(|(_, c)| c.trim().to_string())
        .collect();
    Ok(Headings {
        row: at + 1,
        place,
        unused,
    })
}

fn same_heading(cell: &str, heading: &str) -> bool {
    cell.trim().eq_ignore_ascii_case(heading.trim())
}

/// What a row's ticket is made with besides its cells.
pub struct Source<'a> {
    pub policy: &'a Policy,
    pub templates: &'a BTreeMap<String, Template>,
    /// Who imports: the log's actor, and the holder when the register and the map name
    /// nobody.
    pub actor: &'a str,
    /// The words for what the register leaves empty, in the desk's language.
    pub untitled: &'a str,
    pub unknown_customer: &'a str,
    /// The reason logged when a row closed in the register is closed here.
    pub closed_reason: &'a str,
    /// The note of the contact a row with a result stands for.
    pub handled: &'a str,
}

/// Why a row cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// Not a date.
    NotADate(String),
    /// A date without a year, and no year known (from the map or an earlier row).
    NoYear(String),
    /// A word of a group (`status`, `cause`, `remedy`) that means nothing, or several.
    Word {
        group: &'static str,
        value: String,
        ambiguous: Vec<String>,
    },
    /// A kind the desk has no template for (or the start of several).
    Kind {
        value: String,
        ambiguous: Vec<String>,
    },
    /// No kind column, no kind in the cell, and no `default_kind` in the map.
    NoKind,
    /// Not an amount of money.
    NotAnAmount(String),
    /// A holder not on the staff list: the name the row gave, and the policy's words.
    Holder { name: String, message: String },
    /// `with_result` of the map is neither resolved nor closed.
    WithResult(String),
    /// The lifecycle refused the row's ticket.
    Refused(Refusal),
}

/// A row that cannot be read: its row (counted from 1), the field, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    pub row: usize,
    pub field: &'static str,
    pub why: Why,
}

/// The register's year as it reads: the year of the last full date read, which a date
/// without a year in a later row takes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Year(pub Option<i32>);

/// Makes the ticket of one row (`row` counted from 1).
pub fn ticket_of(
    map: &Map,
    headings: &Headings,
    cells: &[String],
    row: usize,
    src: &Source,
    year: &mut Year,
) -> Result<Ticket, RowProblem> {
    let fail = |field: &'static str, why: Why| RowProblem { row, field, why };
    let cell = |field: &str| -> String {
        headings
            .place
            .get(field)
            .and_then(|&i| cells.get(i))
            .map(|c| c.trim().to_string())
            .unwrap_or_default()
    };
    let text = |field: &str| Some(cell(field)).filter(|c| !c.is_empty());
    // The sheet's own word for a code, or the cell as it is.
    let sheet_word = |field: &str, words: &BTreeMap<String, String>| -> String {
        let c = cell(field);
        words.get(&c).cloned().unwrap_or(c)
    };
    let mut when = |field: &'static str, value: &str| -> Result<NaiveDateTime, RowProblem> {
        let given = map.year.or(year.0);
        match when::read(value, &map.date_formats, given) {
            Ok((t, own_year)) => {
                if own_year {
                    year.0 = Some(chrono::Datelike::year(&t));
                }
                Ok(t)
            }
            Err(when::NotATime::NoYear) => Err(fail(field, Why::NoYear(value.to_string()))),
            Err(when::NotATime::Unreadable) => Err(fail(field, Why::NotADate(value.to_string()))),
        }
    };
    let received_text = cell("received");
    let received = src
        .policy
        .calendar
        .instant(when("received", &received_text)?);
    let kind = match sheet_word("kind", &map.kinds) {
        k if k.is_empty() => map
            .default_kind
            .clone()
            .ok_or_else(|| fail("kind", Why::NoKind))?,
        k => k,
    };
    let names = src.policy.names(src.templates);
    let template = match names.kind_meant(&kind) {
        Meant::One(code) => src.templates.get(&code),
        Meant::Ambiguous(some) => {
            return Err(fail(
                "kind",
                Why::Kind {
                    value: kind,
                    ambiguous: some,
                },
            ));
        }
        Meant::Unknown => None,
    }
    .ok_or_else(|| {
        fail(
            "kind",
            Why::Kind {
                value: kind.clone(),
                ambiguous: Vec::new(),
            },
        )
    })?;
    let named = text("assignee").map(|who| map.staff.get(&who).cloned().unwrap_or(who));
    let holder = match named.or_else(|| map.default_assignee.clone()) {
        Some(who) => src.policy.holder(&who).map_err(|message| {
            let name = who.clone();
            fail("assignee", Why::Holder { name, message })
        })?,
        None => src
            .policy
            .holder(src.actor)
            .unwrap_or_else(|_| src.actor.to_string()),
    };
    // The row's own contents pick its id: the same row imported again — from this file
    // or from the same register saved as a workbook — is the same ticket.
    let row_text: Vec<String> = FIELDS.iter().map(|f| cell(f)).collect();
    let entropy = fnv1a(&[row_text.join("\u{1f}").as_bytes()]);
    let draft = Draft {
        title: text("title").unwrap_or_else(|| src.untitled.to_string()),
        customer: Customer {
            name: text("customer").unwrap_or_else(|| src.unknown_customer.to_string()),
            company: text("company"),
            phone: text("phone"),
            email: text("email"),
            vip: matches!(
                cell("vip").to_lowercase().as_str(),
                "true" | "yes" | "y" | "1" | "是" | "√" | "✓" | "vip" | "大客户"
            ),
        },
        order: Order {
            job: text("job"),
            product: text("product"),
            quantity: text("quantity").and_then(|q| count(&q)),
            delivered: None,
        },
        priority: None,
        assignee: Some(holder),
        department: text("department").or_else(|| map.default_department.clone()),
        received: None,
        promised: None,
        channel: None,
        delivery: None,
        description: text("description"),
    };
    let act = Act {
        policy: src.policy,
        template,
        now: received,
        by: src.actor,
    };
    let refused = |field: &'static str| move |r: Refusal| fail(field, Why::Refused(r));
    let mut t = lifecycle::open(Id::new(received, entropy), draft, &act).map_err(|r| {
        let field = match r.input() {
            Some(lifecycle::Input::Title) => "title",
            Some(lifecycle::Input::Customer) => "customer",
            Some(lifecycle::Input::Phone) => "phone",
            Some(lifecycle::Input::Email) => "email",
            _ => "received",
        };
        fail(field, Why::Refused(r))
    })?;
    let status = word(
        "status",
        &sheet_word("status", &map.statuses),
        Status::ALL,
        Status::as_str,
    )
    .map_err(|why| fail("status", why))?;
    let result = ["summary", "cause", "remedy", "cost", "resolved"]
        .iter()
        .any(|f| !cell(f).is_empty());
    let status = match status {
        Some(s) => s,
        None if result => match map.with_result.as_deref() {
            None | Some("resolved") => Status::Resolved,
            Some("closed") => Status::Closed,
            Some(other) => return Err(fail("status", Why::WithResult(other.to_string()))),
        },
        None => Status::Open,
    };
    if !matches!(status, Status::Resolved | Status::Closed) {
        return Ok(t);
    }
    let resolved_text = cell("resolved");
    let at = if resolved_text.is_empty() {
        received
    } else {
        src.policy
            .calendar
            .instant(when("resolved", &resolved_text)?)
    }
    .max(received);
    // An empty cell is the register saying nothing: not known, nothing done — or
    // nothing at all for a kind that needs neither.
    let cause = word(
        "cause",
        &sheet_word("cause", &map.causes),
        Cause::ALL,
        Cause::as_str,
    )
    .map_err(|why| fail("cause", why))?
    .or_else(|| template.needs_cause.then_some(Cause::Unknown));
    let remedy = word(
        "remedy",
        &sheet_word("remedy", &map.remedies),
        Remedy::ALL,
        Remedy::as_str,
    )
    .map_err(|why| fail("remedy", why))?
    .or_else(|| {
        // No remedy column: the result often says what was done (`已重印`, `退款`).
        let codes: Vec<&str> = Remedy::ALL
            .iter()
            .filter(|r| **r != Remedy::None)
            .map(|r| r.as_str())
            .collect();
        let named = crate::i18n::words::mentioned("remedy", &codes, &cell("summary"))?;
        Remedy::ALL.iter().copied().find(|r| r.as_str() == named)
    })
    .or_else(|| template.needs_remedy.then_some(Remedy::None));
    let cost = match cell("cost") {
        c if c.is_empty() => None,
        c => {
            Some(Money::read_written(&c).ok_or_else(|| fail("cost", Why::NotAnAmount(c.clone())))?)
        }
    };
    let summary = cell("summary");
    let act = Act { now: at, ..act };
    // A result means the customer was dealt with: the register's row stands for the
    // contact too, or every settled row would wait for its first contact for ever.
    lifecycle::contact(&mut t, &act, Some(src.handled)).map_err(refused("status"))?;
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
        // The register's compensation was granted before the desk kept its rules.
        pre_approved: true,
    };
    lifecycle::resolve(&mut t, &act, &outcome).map_err(refused("status"))?;
    if status == Status::Closed && t.status != Status::Closed {
        lifecycle::close(&mut t, &act, true, Some(src.closed_reason)).map_err(refused("status"))?;
    }
    Ok(t)
}

/// The code a register's word means in a group, none for an empty cell.
fn word<T: Copy>(
    group: &'static str,
    text: &str,
    all: &[T],
    code: fn(T) -> &'static str,
) -> Result<Option<T>, Why> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let codes: Vec<&str> = all.iter().map(|v| code(*v)).collect();
    let pick = |c: &str| all.iter().copied().find(|v| code(*v) == c);
    match crate::i18n::words::meant(group, &codes, text) {
        Meant::One(c) => Ok(pick(c)),
        Meant::Ambiguous(some) => Err(Why::Word {
            group,
            value: text.to_string(),
            ambiguous: some.iter().map(|s| s.to_string()).collect(),
        }),
        Meant::Unknown => Err(Why::Word {
            group,
            value: text.to_string(),
            ambiguous: Vec::new(),
        }),
    }
}

/// A quantity as a register writes it: digits, perhaps a unit after them.
fn count(text: &str) -> Option<u64> {
    let digits: String = text
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn the_headings_are_found_below_title_rows_and_banners() {
        let map = Map {
            columns: [
                ("received", "日期"),
                ("customer", "客户"),
                ("title", "问题"),
            ]
            .iter()
            .map(|(f, h)| (f.to_string(), h.to_string()))
            .collect(),
            ..Map::default()
        };
        let sheet = rows(&[
            &["2026年客户投诉登记表", "", "", ""],
            &["", "", "", ""],
            &["日期", "客户", "问题", "备注"],
            &["2026/11/3", "张丽", "色差", ""],
        ]);
        let h = headings(&sheet, &map).unwrap();
        assert_eq!(h.row, 3);
        assert_eq!(h.place["customer"], 1);
        assert_eq!(h.unused, ["备注"]);
        let wrong = rows(&[&["日期", "姓名", "问题"]]);
        assert_eq!(
            headings(&wrong, &map),
            Err(MissingColumns {
                row: 1,
                missing: vec!["客户".into()]
            })
        );
    }

    #[test]
    fn amounts_and_quantities_as_registers_write_them() {
        for (text, units) in [
            ("1200", 1200.0),
            ("¥1,200", 1200.0),
            ("1,200.50", 1200.5),
            ("300元", 300.0),
        ] {
            assert_eq!(
                Money::read_written(text),
                Money::from_units(units),
                "{text}"
            );
        }
        for bad in ["", "一千", "-5", "1.234"] {
            assert_eq!(Money::read_written(bad), None, "{bad}");
        }
        assert_eq!(count("10盒"), Some(10));
        assert_eq!(count("2,000 张"), Some(2000));
        assert_eq!(count("很多"), None);
    }
}
