//! `inkdesk customer`: a caller's history — every ticket of a phone number or a name,
//! open ones first, with the verdicts and how often they complained.

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::store::read::ReadOptions;
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
    #[arg(allow_hyphen_values = true, value_parser = super::flags::text)]
    pub who: String,
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

/// Runs `inkdesk customer`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    if args.who.trim().is_empty() {
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
                if matches(f, &args.who) {
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
        say(&t!("customer-none", who = args.who.as_str()));
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
            let words = |group: &str, code: &Option<String>| {
                code.as_deref()
                    .map(|c| crate::i18n::words::word(group, c))
                    .unwrap_or_else(|| "–".into())
            };
            let rows: Vec<Vec<String>> = found
                .iter()
                .map(|f| {
                    vec![
                        f.id.chars().take(id_len).collect(),
                        names.time(f.opened),
                        names.kind(&f.kind),
                        crate::i18n::words::word("status", &f.status),
                        words("satisfaction", &f.satisfaction),
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
