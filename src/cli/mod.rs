//! The command line: flags, the one dispatch, and one module per subcommand.
//!
//! Each subcommand module has an `Args` struct and `run(ctx, args)`; it parses, calls
//! the domain, and prints. The help people read comes from the message catalogue
//! (`help.rs` lays it over the derived command), so `--help` speaks the desk's language.

mod callback;
mod check;
mod close;
mod completions;
mod customer;
mod demo;
mod escalate;
mod export;
mod flags;
mod handover;
mod help;
mod history;
mod ids;
mod import;
mod inbox;
pub mod init;
mod list;
mod man;
mod merge_file;
mod message;
mod mutation;
mod notify;
pub mod open;
pub mod output;
mod overdue;
mod period;
mod qa;
mod refusal;
mod reopen;
mod report;
mod resolve;
mod sample;
mod show;
mod sync;
pub mod table;
pub mod terminal;
mod update;
mod verify;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{FromArgMatches, Parser, Subcommand};

use crate::context::{Ctx, early_lang};
use crate::error::Result;
use crate::i18n::Lang;
use crate::i18n::t;

pub use help::command;

// inkdesk — the after-sales service desk of a print shop, in plain YAML files.
#[derive(Debug, Parser)]
#[command(name = "inkdesk", version, max_term_width = 100)]
pub struct Cli {
    // The desk folder (default: the first folder upwards holding inkdesk.yaml).
    #[arg(long, global = true, env = "INKDESK_DIR", value_name = "DIR")]
    pub dir: Option<PathBuf>,
    // The time every rule uses, RFC 3339 (for tests, replays and back-fills).
    #[arg(long, global = true, env = "INKDESK_NOW", value_name = "TIME")]
    pub now: Option<String>,
    // Who is acting (default: git's user.name).
    #[arg(long = "as", global = true, env = "INKDESK_USER", value_name = "STAFF")]
    pub actor: Option<String>,
    // The language of this command's messages (default: the desk's `lang`).
    #[arg(long, global = true, env = "INKDESK_LANG", value_name = "en|zh")]
    pub lang: Option<Lang>,
    // Write the records without making a git commit.
    #[arg(long, global = true)]
    pub no_commit: bool,
    // Read every record's YAML instead of the desk index (.inkdesk/index).
    #[arg(long, global = true)]
    pub no_cache: bool,
    #[command(subcommand)]
    pub command: Command,
}

// Every subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    Demo(demo::Args),
    Open(open::Args),
    Overdue(overdue::Args),
    Notify(notify::Args),
    Show(show::Args),
    History(history::Args),
    List(list::Args),
    Customer(customer::Args),
    MergeFile(merge_file::Args),
    Update(update::Args),
    Handover(handover::Args),
    Message(message::Args),
    Inbox(inbox::Args),
    Escalate(escalate::Args),
    Export(export::Args),
    Import(import::Args),
    Report(report::Args),
    Sample(sample::Args),
    Qa(qa::Args),
    Resolve(resolve::Args),
    Callback(callback::Args),
    Close(close::Args),
    Reopen(reopen::Args),
    Verify(verify::Args),
    Sync(sync::Args),
    Check(check::Args),
    Completions(completions::Args),
    Man(man::Args),
}

/// The whole program: chooses the language, parses the command line (help and usage
/// errors in that language), runs the command and maps its outcome to an exit code.
pub fn main(args: Vec<OsString>) -> ExitCode {
    let lang = early_lang(&args);
    crate::i18n::set(lang);
    // The command line is parsed as derived; only help and usage errors need the
    // catalogue laid over every command (a millisecond on every run otherwise).
    let matches = match <Cli as clap::CommandFactory>::command().try_get_matches_from(&args) {
        Ok(m) => m,
        Err(_) => {
            let mut localized = command();
            match localized.try_get_matches_from_mut(&args) {
                Ok(m) => m,
                Err(e) => return help::usage_error(e, &args, &mut localized),
            }
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return help::usage_error(e, &args, &mut command()),
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(crate::Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            report_error(&e.to_string(), e.hint().as_deref());
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// Writes `error: …` and `hint: …` (in the current language) to stderr.
pub fn report_error(message: &str, hint: Option<&str>) {
    terminal::say(&format!("{}{message}", t!("label-error")));
    if let Some(hint) = hint {
        terminal::say(&format!("{}{hint}", t!("label-hint")));
    }
}

/// Runs a parsed command line; returns the exit code of a command that succeeded
/// (1 when it found what it was asked to look for).
pub fn run(cli: Cli) -> Result<i32> {
    let mut ctx = Ctx::new(
        cli.dir,
        cli.now.as_deref(),
        cli.actor,
        cli.no_commit,
        terminal::say,
    )?;
    ctx.cache = !cli.no_cache;
    ctx.lang_flag = cli.lang;
    match &cli.command {
        Command::Init(args) => init::run(&ctx, args),
        Command::Demo(args) => demo::run(&ctx, args),
        Command::Open(args) => open::run(&ctx, args),
        Command::Overdue(args) => overdue::run(&ctx, args),
        Command::Notify(args) => notify::run(&ctx, args),
        Command::Show(args) => show::run(&ctx, args),
        Command::History(args) => history::run(&ctx, args),
        Command::List(args) => list::run(&ctx, args),
        Command::Customer(args) => customer::run(&ctx, args),
        Command::MergeFile(args) => merge_file::run(&ctx, args),
        Command::Update(args) => update::run(&ctx, args),
        Command::Handover(args) => handover::run(&ctx, args),
        Command::Message(args) => message::run(&ctx, args),
        Command::Inbox(args) => inbox::run(&ctx, args),
        Command::Escalate(args) => escalate::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Import(args) => import::run(&ctx, args),
        Command::Report(args) => report::run(&ctx, args),
        Command::Sample(args) => sample::run(&ctx, args),
        Command::Qa(args) => qa::run(&ctx, args),
        Command::Resolve(args) => resolve::run(&ctx, args),
        Command::Callback(args) => callback::run(&ctx, args),
        Command::Close(args) => close::run(&ctx, args),
        Command::Reopen(args) => reopen::run(&ctx, args),
        Command::Verify(args) => verify::run(&ctx, args),
        Command::Sync(args) => sync::run(&ctx, args),
        Command::Check(args) => check::run(&ctx, args),
        Command::Completions(args) => completions::run(&ctx, args),
        Command::Man(args) => man::run(&ctx, args),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
        super::command().debug_assert();
    }
}
