//! `inkdesk customer`: a caller's history — every ticket of a phone number or a name,
//! open ones first, with the verdicts and how often they complained.

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::store::read::ReadOptions;
use crate::summary::care::Complainants;
use crate::summary::{Peek, Summary, TicketFacts};

use super::open::same_phone;
use super::output::{Format, FormatArgs, human, machine};
use super::table::Table;
use super::terminal::say;

// A caller's tickets, by phone number or by name (or company): open ones first, then
// the latest; with their satisfaction and the count of complaints.
#[derive(Debug, clap::Args)]
pub struct Args {
    // A phone number (any spacing, with or without the country code), a name or a company.
    #[arg(allow_hyphen_values = true, value_parser = super::flags::text, required_unless_present = "complained")]
    pub who: Option<String>,
    // Instead: everyone who complained in a month, with the outcome, for the monthly care call.
    #[arg(long, conflicts_with = "who")]
    pub complained: bool,
    // The month of --complained (default: the last complete month).
    #[arg(long, value_name = "YYYY-MM", requires = "complained")]
    pub month: Option<String>,
    #[command(flatten)]
    pub output: FormatArgs,
}

/// Whether a ticket is the caller's: the same phone line, or the same name or company.
fn matches(f: &TicketFacts, who: &str) -> bool {
    let digits = who.chars().filter(char::is_ascii_digit).count();
    if digits >= 7 {
        return f.phone.as_deref().is_some_and(|p| same_phone(p, who));
    }
    let same = |s: &str| s.trim().to_lowercase() == who.trim().to_lowercase();
    same(&f.customer) || f.company.as_deref().is_some_and(same)
}

/// A code in the desk's words, or a dash when there is none.
fn word_or_dash(group: &str, code: &Option<String>) -> String {
    code.as_deref()
        .map(|c| crate::i18n::words::word(group, c))
        .unwrap_or_else(|| "–".into())
}

/// Runs `inkdesk customer`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    if args.complained {
        return complainants(ctx, &desk, args);
    }
    let who = args.who.as_deref().unwrap_or_default();
    if who.trim().is_empty() {
        return Err(Error::input(
            &t!("help-value-customer-who"),
            t!("err-customer-empty"),
            t!("hint-customer-who"),
        ));
    }
    let mut found: Vec<TicketFacts> = Vec::new();
    let mut all_ids: Vec<String> = Vec::new();
    desk.read(
        ReadOptions::new(ctx.cache, |_: &Peek| true),
        |_, s: Option<&Summary>| {
            if let Some(f) = s.map(|s| &s.facts) {
                all_ids.push(f.id.clone());
                if matches(f, who) {
                    found.push(f.clone());
                }
            }
            Ok(())
        },
    )?;
    // Tables show the shortest prefix that tells every ticket of the desk apart.
    let id_len = super::ids::short_id_len(all_ids.iter().map(String::as_str));
    found.sort_by(|a, b| {
        (a.status == "closed")
            .cmp(&(b.status == "closed"))
            .then(b.opened.cmp(&a.opened))
    });
    let open = found.iter().filter(|f| f.status != "closed").count();
    let complaints = found.iter().filter(|f| f.kind == "complaint").count();
    let dissatisfied = found
        .iter()
        .filter(|f| f.satisfaction.as_deref() == Some("dissatisfied"))
        .count();
    let names = desk.names();
    if found.is_empty() {
        say(&t!("customer-none", who = who));
    } else {
        let first = &found[0];
        let vip = found.iter().any(|f| f.vip);
        say(&t!(
            "customer-summary",
            customer = first.customer.as_str(),
            company = first.company.clone().unwrap_or_default(),
            vip = if vip {
                format!(" ★{}", t!("word-vip"))
            } else {
                String::new()
            },
            tickets = found.len(),
            open = open,
            complaints = complaints,
            dissatisfied = dissatisfied
        ));
        if complaints > 1 {
            say(&t!("customer-repeat", complaints = complaints));
        }
    }
    let codes = |f: &TicketFacts| {
        vec![
            f.id.clone(),
            f.opened.to_rfc3339(),
            f.kind.clone(),
            f.status.clone(),
            f.customer.clone(),
            f.company.clone().unwrap_or_default(),
            f.phone.clone().unwrap_or_default(),
            f.satisfaction.clone().unwrap_or_default(),
            f.title.clone(),
        ]
    };
    match args.output.format {
        format @ (Format::Json | Format::Csv) => machine(
            format,
            &[
                "id",
                "opened",
                "kind",
                "status",
                "customer",
                "company",
                "phone",
                "satisfaction",
                "title",
            ],
            found.iter().map(codes),
        )?,
        Format::Table | Format::Markdown if found.is_empty() => {}
        format @ (Format::Table | Format::Markdown) => {
            let rows: Vec<Vec<String>> = found
                .iter()
                .map(|f| {
                    vec![
                        f.id.chars().take(id_len).collect(),
                        names.time(f.opened),
                        names.kind(&f.kind),
                        crate::i18n::words::word("status", &f.status),
                        word_or_dash("satisfaction", &f.satisfaction),
                        f.title.clone(),
                    ]
                })
                .collect();
            let table = Table::new()
                .col(t!("col-id"))
                .col(t!("col-opened"))
                .drop(1)
                .col(t!("col-kind"))
                .cut(4)
                .col(t!("col-status"))
                .col(t!("col-satisfaction"))
                .drop(2)
                .col(t!("col-title"))
                .cut(16);
            human(format, ctx.width, &table, &rows)?;
        }
    }
    Ok(0)
}

/// `customer --complained --month M`: everyone whose complaint was opened in the month,
/// with its outcome and the care call made since the month began (按月跟进关怀).
fn complainants(ctx: &Ctx, desk: &crate::store::Desk, args: &Args) -> Result<i32> {
    use crate::model::period::Period;
    let tz = desk.policy.calendar.tz();
    let month = match args.month.as_deref() {
        Some(m) => Period::parse_month(m.trim())
            .map_err(|e| Error::input("--month", e, t!("hint-month")))?,
        None => Period::last_complete_month(desk.policy.calendar.local_date(ctx.now)),
    };
    let mut tally = Complainants::new(month, tz);
    desk.read(
        ReadOptions::new(ctx.cache, |p: &Peek| month.contains(p.opened.time(), tz)),
        |_, s: Option<&Summary>| {
            if let Some(s) = s {
                tally.add(&s.facts);
            }
            Ok(())
        },
    )?;
    let since = chrono::DateTime::from_timestamp(month.bounds(tz).0, 0).unwrap_or_default();
    let mut found = Vec::new();
    for c in tally.finish() {
        let (_, ticket) = desk.load(&c.last.id)?;
        found.push((ticket.care_call_since(since), c));
    }
    let names = desk.names();
    let code = |c: &Option<String>| c.clone().unwrap_or_default();
    match args.output.format {
        format @ (Format::Json | Format::Csv) => machine(
            format,
            &[
                "customer",
                "company",
                "phone",
                "complaints",
                "last_ticket",
                "status",
                "remedy",
                "satisfaction",
                "cared_at",
            ],
            found.iter().map(|(cared, c)| {
                vec![
                    c.last.customer.clone(),
                    code(&c.last.company),
                    code(&c.last.phone),
                    c.complaints.to_string(),
                    c.last.id.clone(),
                    c.last.status.clone(),
                    code(&c.last.remedy),
                    code(&c.last.satisfaction),
                    cared.map(|t| t.to_rfc3339()).unwrap_or_default(),
                ]
            }),
        )?,
        _ if found.is_empty() => say(&t!("complained-none", month = month.to_string())),
        format @ (Format::Table | Format::Markdown) => {
            say(&t!(
                "complained-summary",
                month = month.to_string(),
                customers = found.len(),
                called = found.iter().filter(|(cared, _)| cared.is_some()).count()
            ));
            let rows: Vec<Vec<String>> = found
                .iter()
                .map(|(cared, c)| {
                    let f = &c.last;
                    vec![
                        f.customer.clone(),
                        code(&f.phone),
                        c.complaints.to_string(),
                        f.id.chars().take(8).collect(),
                        crate::i18n::words::word("status", &f.status),
                        word_or_dash("satisfaction", &f.satisfaction),
                        cared.map_or_else(|| "–".into(), |t| names.time(t.to_utc())),
                    ]
                })
                .collect();
            let table = Table::new()
                .col(t!("col-customer"))
                .col(t!("col-phone"))
                .drop(3)
                .col(t!("col-complaints"))
                .drop(4)
                .col(t!("col-id"))
                .col(t!("col-status"))
                .col(t!("col-satisfaction"))
                .drop(2)
                .col(t!("col-cared"))
                .drop(1);
            human(format, ctx.width, &table, &rows)?;
        }
    }
    Ok(0)
}
