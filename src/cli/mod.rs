//! The command line: flags, the one dispatch, and one module per subcommand.
//!
//! Each subcommand module has a documented `Args` struct (its doc comment is the help)
//! and `run(ctx, args)`; it parses, calls the domain, and prints. Nothing else here.

mod callback;
mod check;
mod close;
mod common;
mod demo;
mod escalate;
mod export;
mod handover;
mod history;
pub mod init;
mod list;
mod merge_file;
mod open;
pub mod output;
mod overdue;
mod period;
mod reopen;
mod report;
mod resolve;
mod sample;
mod show;
mod update;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::context::Ctx;
use crate::error::Result;

/// inkdesk — the after-sales service desk of a print shop, in plain YAML files.
#[derive(Debug, Parser)]
#[command(name = "inkdesk", version, about, max_term_width = 100)]
pub struct Cli {
    /// The desk folder (default: the first folder upwards holding inkdesk.yaml).
    #[arg(long, global = true, env = "INKDESK_DIR", value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The time every rule uses, RFC 3339 (for tests, replays and back-fills).
    #[arg(long, global = true, env = "INKDESK_NOW", value_name = "TIME")]
    pub now: Option<String>,
    /// Who is acting (default: git's user.name).
    #[arg(long = "as", global = true, env = "INKDESK_USER", value_name = "STAFF")]
    pub actor: Option<String>,
    /// Write the records without making a git commit.
    #[arg(long, global = true)]
    pub no_commit: bool,
    /// Read every record's YAML instead of the desk index (.inkdesk/index).
    #[arg(long, global = true)]
    pub no_cache: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// Every subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    Demo(demo::Args),
    Open(open::Args),
    Overdue(overdue::Args),
    Show(show::Args),
    History(history::Args),
    List(list::Args),
    MergeFile(merge_file::Args),
    Update(update::Args),
    Handover(handover::Args),
    Escalate(escalate::Args),
    Export(export::Args),
    Report(report::Args),
    Sample(sample::Args),
    Resolve(resolve::Args),
    Callback(callback::Args),
    Close(close::Args),
    Reopen(reopen::Args),
    Check(check::Args),
}

/// Runs a parsed command line; returns the exit code of a command that succeeded
/// (1 when it found what it was asked to look for).
pub fn run(cli: Cli) -> Result<i32> {
    let mut ctx = Ctx::new(cli.dir, cli.now.as_deref(), cli.actor, cli.no_commit)?;
    ctx.cache = !cli.no_cache;
    match &cli.command {
        Command::Init(args) => init::run(&ctx, args),
        Command::Demo(args) => demo::run(&ctx, args),
        Command::Open(args) => open::run(&ctx, args),
        Command::Overdue(args) => overdue::run(&ctx, args),
        Command::Show(args) => show::run(&ctx, args),
        Command::History(args) => history::run(&ctx, args),
        Command::List(args) => list::run(&ctx, args),
        Command::MergeFile(args) => merge_file::run(&ctx, args),
        Command::Update(args) => update::run(&ctx, args),
        Command::Handover(args) => handover::run(&ctx, args),
        Command::Escalate(args) => escalate::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Report(args) => report::run(&ctx, args),
        Command::Sample(args) => sample::run(&ctx, args),
        Command::Resolve(args) => resolve::run(&ctx, args),
        Command::Callback(args) => callback::run(&ctx, args),
        Command::Close(args) => close::run(&ctx, args),
        Command::Reopen(args) => reopen::run(&ctx, args),
        Command::Check(args) => check::run(&ctx, args),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
