//! `inkdesk history`: a ticket's life as git recorded it.

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::store::git;

use super::output::{Format, FormatArgs, human, json, machine};
use super::table::Table;
use super::terminal::clean;
use super::terminal::out;
use crate::i18n::t;

// Show the commits that changed a ticket (`git log --follow` on its file): time,
// author and subject; with --patch, the YAML diff of each.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The ticket id or a unique prefix.
    pub id: String,
    // Show each commit's diff of the ticket file.
    #[arg(long)]
    pub patch: bool,
    #[command(flatten)]
    pub output: FormatArgs,
}

/// Runs `inkdesk history`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let (path, ticket) = desk.load(&args.id)?;
    if !git::is_repository(&desk.root) {
        return Err(Error::input("", t!("err-not-git"), t!("hint-not-git")));
    }
    let file = path
        .strip_prefix(&desk.root)
        .unwrap_or(&path)
        .display()
        .to_string();
    if args.patch {
        // Times in the shop's zone, labels in the desk's language.
        let format = format!(
            "{} %H%n{} %ad%n{} %an%n%n    %s%n",
            t!("history-commit"),
            t!("history-date"),
            t!("history-author")
        );
        let zone = desk.policy.calendar.tz().name();
        let text = git::log_patches_of(&desk.root, &file, &format, zone)?;
        let safe: Vec<String> = text.lines().map(clean).collect();
        out(&(safe.join("\n") + "\n"))?;
        return Ok(0);
    }
    let commits = git::log_of(&desk.root, &file)?;
    match args.output.format {
        Format::Json => json(&commits)?,
        Format::Csv => machine(
            Format::Csv,
            &["commit", "at", "author", "subject"],
            commits.iter().map(|c| {
                vec![
                    c.commit.clone(),
                    c.at.clone(),
                    c.author.clone(),
                    c.subject.clone(),
                ]
            }),
        )?,
        format @ (Format::Table | Format::Markdown) => {
            let names = desk.names();
            let rows: Vec<Vec<String>> = commits
                .iter()
                .map(|c| {
                    let at = chrono::DateTime::parse_from_rfc3339(&c.at)
                        .map(|t| names.time(t))
                        .unwrap_or_else(|_| c.at.clone());
                    let commit = match format {
                        Format::Table => c.commit[..c.commit.len().min(10)].to_string(),
                        _ => c.commit.clone(),
                    };
                    // Every subject names the ticket, which the table is of: said once.
                    let subject = without_id(&c.subject, ticket.id.as_str());
                    vec![commit, at, names.person(&c.author), subject.to_string()]
                })
                .collect();
            let table = Table::new()
                .col(t!("col-commit"))
                .col(t!("col-when"))
                .col(t!("col-who"))
                .cut(6)
                .drop(1)
                .col(t!("col-subject"))
                .cut(16);
            human(format, ctx.width, &table, &rows)?;
        }
    }
    Ok(0)
}

/// A commit's subject without the ticket's id it starts with (`0NB5F6S264C3：已解决…`).
fn without_id<'s>(subject: &'s str, id: &str) -> &'s str {
    match subject.strip_prefix(id) {
        Some(rest) => rest.trim_start_matches([':', '：', ' ']),
        None => subject,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_subject_loses_the_ticket_s_id_only() {
        let id = "0NB5F6S264C3";
        assert_eq!(super::without_id("0NB5F6S264C3：已解决", id), "已解决");
        assert_eq!(super::without_id("0NB5F6S264C3: resolved", id), "resolved");
        assert_eq!(
            super::without_id("handed over 3 tickets", id),
            "handed over 3 tickets"
        );
    }
}
