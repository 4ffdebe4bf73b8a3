//! `--help`, man pages, completions and usage errors in the desk's language: the help of
//! every command and flag is laid over the derived command line from the catalogue
//! (`help-<command>-<flag>`, else the shared `help-arg-<flag>`), and clap's errors are
//! told again in the catalogue's words with the command's plain usage line.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};

use crate::i18n::t;
use crate::i18n::{lookup, tr};

/// The command line with every help text and placeholder from the catalogue.
pub fn command() -> Command {
    let mut cmd = localize(super::Cli::command(), None)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(t!("help-flag-version"))
                .help_heading(t!("help-heading-options")),
        );
    cmd.build();
    // Building made the `help` command (a copy of the tree): it gets our words too.
    cmd.mut_subcommand("help", |help| {
        help.about(t!("help-cmd-help"))
            .help_template(template())
            .subcommand_help_heading(t!("help-heading-commands"))
            .subcommand_value_name(t!("help-value-command"))
            .mut_subcommand("help", |inner| inner.about(t!("help-cmd-help")))
    })
}

/// The help page layout: the about text, the usage line under our own label, the flags.
fn template() -> String {
    format!(
        "{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
        t!("help-usage").replace(['{', '}'], "")
    )
}

/// Returns the catalogue's text for a help key, trying the command's own key first.
fn help_text(command: Option<&str>, id: &str) -> Option<String> {
    command
        .and_then(|c| lookup(crate::i18n::lang(), &format!("help-{c}-{id}"), &[]))
        .or_else(|| lookup(crate::i18n::lang(), &format!("help-arg-{id}"), &[]))
}

/// Prepares a help text: Chinese text is wrapped here (clap breaks lines only at
/// spaces) to the width clap gives help placed under its flag.
fn shape(text: String) -> String {
    if crate::i18n::lang() != crate::i18n::Lang::Zh {
        return text;
    }
    let width = crate::context::terminal_width().min(MAX_WIDTH);
    super::table::wrap(&text, width.saturating_sub(NEXT_LINE_INDENT))
}

/// The widest help clap lays out (its `max_term_width`).
const MAX_WIDTH: usize = 100;
/// How far clap indents help placed on the line under its flag.
const NEXT_LINE_INDENT: usize = 10;

/// Lays the catalogue over one command and, recursively, its subcommands.
fn localize(cmd: Command, name: Option<&str>) -> Command {
    let about = match name {
        None => tr("help-inkdesk", &[]),
        Some(n) => tr(&format!("help-cmd-{n}"), &[]),
    };
    let chinese = crate::i18n::lang() == crate::i18n::Lang::Zh;
    let mut cmd = cmd
        .about(shape(about))
        .long_about(None)
        .next_line_help(chinese)
        .help_template(template())
        .subcommand_help_heading(t!("help-heading-commands"))
        .subcommand_value_name(t!("help-value-command"))
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(t!("help-flag-help"))
                .help_heading(t!("help-heading-options"))
                .display_order(2000),
        );
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "help")
        .collect();
    // A command's own flags first, then the global ones, then --help.
    let first_order = if name.is_none() { 1000 } else { 0 };
    for (order, id) in ids.into_iter().enumerate() {
        let text = help_text(name, &id);
        let value = name
            .and_then(|n| lookup(crate::i18n::lang(), &format!("help-value-{n}-{id}"), &[]))
            .or_else(|| lookup(crate::i18n::lang(), &format!("help-value-{id}"), &[]));
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() {
                t!("help-heading-arguments")
            } else {
                t!("help-heading-options")
            };
            let takes_values = a.get_action().takes_values();
            let mut a = a
                .long_help(None)
                .help_heading(heading)
                .hide_env(true)
                .display_order(first_order + order);
            if takes_values {
                a = a.hide_possible_values(true).hide_default_value(true);
            }
            if let Some(text) = text {
                a = a.help(shape(text));
            }
            if let Some(value) = value {
                a = a.value_name(value);
            }
            a
        });
    }
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subcommands {
        cmd = cmd.mut_subcommand(&sub, |s| localize(s, Some(&sub)));
    }
    cmd
}

/// Tells a usage error (or prints the help or version asked for) and returns the exit
/// code: 0 for help and version, 2 for a command line that cannot be used.
/// `cmd` is the localized command line the error came from.
pub fn usage_error(e: clap::Error, args: &[OsString], cmd: &mut Command) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    let sub = subcommand_of(cmd, args);
    let target = match &sub {
        Some(name) => cmd.find_subcommand_mut(name).map(|s| s.clone()),
        None => Some(cmd.clone()),
    };
    let usage = target
        .map(|mut c| {
            let text = c.render_usage().to_string();
            let plain = text
                .trim()
                .strip_prefix("Usage:")
                .unwrap_or(&text)
                .trim()
                .to_string();
            format!("{}{plain}", t!("help-usage"))
        })
        .unwrap_or_default();
    let mut message = describe(&e);
    if e.kind() == ErrorKind::InvalidSubcommand {
        // clap's guess prefers `reopen` for `oepn`: the nearest by edits (a swap of two
        // letters is one) is the command meant.
        let typed = context(&e, ContextKind::InvalidSubcommand).join("");
        let names = cmd.get_subcommands().map(|s| s.get_name().to_string());
        message = t!("usage-unknown-command", command = typed.as_str());
        if let Some(near) = nearest(&typed, names) {
            message += &t!("usage-did-you-mean", suggestion = near);
        }
    }
    let hint = match &sub {
        Some(name) => t!("hint-help-of", command = name.as_str()),
        None => t!("hint-help"),
    };
    super::terminal::say(&format!("{}{message}", t!("label-error")));
    if !usage.is_empty() {
        super::terminal::say(&usage);
    }
    super::terminal::say(&format!("{}{hint}", t!("label-hint")));
    ExitCode::from(2)
}

/// The name nearest to `typed` by edits (insert, delete, replace, swap two neighbours),
/// if it is near enough to be meant: at most a third of the word.
fn nearest(typed: &str, names: impl Iterator<Item = String>) -> Option<String> {
    let limit = (typed.chars().count() / 3).max(1);
    names
        .map(|n| (edits(typed, &n), n))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// The optimal string alignment distance between two words.
fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The subcommand the user typed, if any.
fn subcommand_of(cmd: &Command, args: &[OsString]) -> Option<String> {
    args.iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| cmd.find_subcommand(a).is_some())
        .map(str::to_string)
}

/// The strings clap gives for one part of its error.
fn context(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect(),
        Some(ContextValue::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

/// Says what is wrong with the command line in the catalogue's words.
fn describe(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg).join(", ");
    let value = context(e, ContextKind::InvalidValue).join(", ");
    let suggestion = context(e, ContextKind::SuggestedArg)
        .into_iter()
        .chain(context(e, ContextKind::SuggestedSubcommand))
        .chain(context(e, ContextKind::SuggestedValue))
        .next();
    let tip = suggestion
        .map(|s| t!("usage-did-you-mean", suggestion = s))
        .unwrap_or_default();
    let text = match e.kind() {
        ErrorKind::UnknownArgument => t!("usage-unknown-argument", arg = arg),
        ErrorKind::InvalidSubcommand => t!(
            "usage-unknown-command",
            command = context(e, ContextKind::InvalidSubcommand).join(", ")
        ),
        ErrorKind::MissingRequiredArgument => t!("usage-missing", args = arg),
        ErrorKind::MissingSubcommand => t!("usage-missing-command"),
        ErrorKind::ArgumentConflict => t!(
            "usage-conflict",
            arg = arg,
            other = context(e, ContextKind::PriorArg).join(", ")
        ),
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue).join(", ");
            if value.is_empty() {
                t!("usage-value-missing", arg = arg)
            } else {
                t!(
                    "usage-invalid-value",
                    value = value,
                    arg = arg,
                    valid = valid
                )
            }
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            t!("usage-bad-value", arg = arg, why = why)
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            t!("usage-number-of-values", arg = arg)
        }
        ErrorKind::InvalidUtf8 => t!("usage-not-utf8"),
        _ => {
            let raw = e.render().to_string();
            let first = raw.lines().next().unwrap_or_default();
            first.strip_prefix("error: ").unwrap_or(first).to_string()
        }
    };
    format!("{text}{tip}")
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use crate::i18n::{Lang, lookup};

    /// Every help key the command line needs, with the fallbacks `localize` tries.
    fn needed(cmd: &clap::Command, name: Option<&str>, out: &mut Vec<Vec<String>>) {
        out.push(vec![match name {
            None => "help-inkdesk".to_string(),
            Some(n) => format!("help-cmd-{n}"),
        }]);
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            let mut keys = Vec::new();
            if let Some(n) = name {
                keys.push(format!("help-{n}-{id}"));
            }
            keys.push(format!("help-arg-{id}"));
            out.push(keys);
            if arg.get_action().takes_values() {
                let mut keys = Vec::new();
                if let Some(n) = name {
                    keys.push(format!("help-value-{n}-{id}"));
                }
                keys.push(format!("help-value-{id}"));
                out.push(keys);
            }
        }
        for sub in cmd.get_subcommands() {
            needed(sub, Some(sub.get_name()), out);
        }
    }

    #[test]
    fn every_command_and_flag_has_help_in_every_language() {
        let mut keys = Vec::new();
        needed(&super::super::Cli::command(), None, &mut keys);
        let mut missing = Vec::new();
        for lang in Lang::ALL {
            for options in &keys {
                if !options.iter().any(|k| lookup(lang, k, &[]).is_some()) {
                    missing.push(format!("{}: {}", lang.code(), options.join(" or ")));
                }
            }
        }
        assert!(missing.is_empty(), "help missing:\n{}", missing.join("\n"));
    }

    #[test]
    fn the_help_of_a_chinese_desk_is_chinese() {
        let help = crate::i18n::with_lang(Lang::Zh, || {
            super::command()
                .find_subcommand_mut("open")
                .map(|c| c.render_help().to_string())
                .unwrap_or_default()
        });
        assert!(help.contains("用法"), "{help}");
        assert!(help.contains("选项"), "{help}");
        assert!(!help.contains("Print help"), "{help}");
    }

    /// The catalogue is the only home of help: no command or flag carries a text of its
    /// own in the code (a doc comment there would be shown nowhere, and edited in vain;
    /// the notes beside the flags are `//` comments for the developer).
    #[test]
    fn help_lives_only_in_the_catalogue() {
        fn walk(cmd: &clap::Command, name: &str) {
            let own = [cmd.get_about(), cmd.get_long_about()];
            assert!(
                own.iter().all(Option::is_none),
                "{name} has an about of its own"
            );
            for arg in cmd.get_arguments() {
                let own = [arg.get_help(), arg.get_long_help()];
                assert!(
                    own.iter().all(Option::is_none),
                    "{name} {} has help of its own: make its doc comment a // note",
                    arg.get_id()
                );
            }
            for sub in cmd.get_subcommands() {
                walk(sub, sub.get_name());
            }
        }
        walk(&super::super::Cli::command(), "inkdesk");
    }
}
