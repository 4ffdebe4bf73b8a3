//! `inkdesk completions SHELL`: the shell's completion script, printed to stdout.
//!
//! Besides commands and flags, the script completes the words flags take — statuses,
//! kinds, priorities, causes, remedies, satisfaction and levels, as codes and in both
//! languages, and the staff of the desk it was made in, by id and name — and, in bash,
//! zsh and fish, ticket ids, asked of the desk (`inkdesk list --ids`) at the moment of
//! completing.

use clap::Command;
use clap::builder::PossibleValuesParser;

use crate::context::Ctx;
use crate::error::Result;
use crate::i18n::words::SHIPPED_KINDS;
use crate::i18n::{Lang, Names, lookup};
use crate::model::{Cause, Priority, Remedy, Satisfaction, Status};

// Print the completion script of a shell (bash, zsh, fish, powershell, elvish).
#[derive(Debug, clap::Args)]
pub struct Args {
    // The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Runs `inkdesk completions`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    // The desk here (when there is one) names its staff, kinds and levels.
    let names = ctx.desk().map(|d| d.names()).unwrap_or_default();
    let mut cmd = with_words(super::command(), &names);
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "inkdesk", &mut script);
    let script = with_ids(args.shell, &String::from_utf8_lossy(&script), &cmd);
    super::terminal::out_parts([script.as_bytes()])?;
    Ok(0)
}

/// A code's names a shell can offer: the code and its word in each language (words
/// with spaces left out: a shell splits them).
fn names_of(group: &str, code: &str, out: &mut Vec<String>) {
    let words = Lang::ALL
        .iter()
        .filter_map(|lang| lookup(*lang, &format!("{group}-{code}"), &[]));
    for name in std::iter::once(code.to_string()).chain(words) {
        if !name.contains(char::is_whitespace) && !out.contains(&name) {
            out.push(name);
        }
    }
}

/// Every name of a group's codes.
fn group(group: &str, codes: impl IntoIterator<Item = &'static str>) -> Vec<String> {
    let mut out = Vec::new();
    for code in codes {
        names_of(group, code, &mut out);
    }
    out
}

/// What each flag that takes a word can be given: (command or "" for any, flag id,
/// the words).
fn words(names: &Names) -> Vec<(&'static str, &'static str, Vec<String>)> {
    let staff: Vec<String> = names
        .staff
        .iter()
        .flat_map(|(id, name)| [id.clone(), name.clone()])
        .filter(|n| !n.contains(char::is_whitespace))
        .collect();
    let mut kinds = Vec::new();
    let codes: Vec<String> = if names.kinds.is_empty() {
        SHIPPED_KINDS.iter().map(|k| k.to_string()).collect()
    } else {
        names.kinds.keys().cloned().collect()
    };
    for code in &codes {
        names_of("kind", code, &mut kinds);
        if let Some(label) = names.kinds.get(code)
            && !label.contains(char::is_whitespace)
            && !kinds.contains(label)
        {
            kinds.push(label.clone());
        }
    }
    let mut levels = Vec::new();
    let ladder: Vec<String> = if names.ladder.is_empty() {
        ["agent", "supervisor", "manager"]
            .map(String::from)
            .to_vec()
    } else {
        names.ladder.clone()
    };
    for level in &ladder {
        names_of("level", level, &mut levels);
    }
    vec![
        (
            "",
            "status",
            group("status", Status::ALL.iter().map(|s| s.as_str())),
        ),
        (
            "",
            "priority",
            group("priority", Priority::ALL.iter().map(|s| s.as_str())),
        ),
        (
            "",
            "cause",
            group("cause", Cause::ALL.iter().map(|s| s.as_str())),
        ),
        (
            "",
            "remedy",
            group("remedy", Remedy::ALL.iter().map(|s| s.as_str())),
        ),
        (
            "",
            "satisfaction",
            group("satisfaction", Satisfaction::ALL.iter().map(|s| s.as_str())),
        ),
        ("", "kind", kinds),
        ("", "level", levels.clone()),
        ("escalate", "to", levels),
        ("", "assignee", staff.clone()),
        ("", "as", staff.clone()),
        ("handover", "from", staff.clone()),
        ("handover", "to", staff),
    ]
}

/// The command tree with the words each flag takes, for the completion script only
/// (the flags themselves read words as they always do).
fn with_words(mut cmd: Command, names: &Names) -> Command {
    let table = words(names);
    let offer = |cmd: Command, command: &str| {
        let mut cmd = cmd;
        for (of, id, values) in &table {
            let applies = of.is_empty() || *of == command;
            let present = cmd.get_arguments().any(|a| a.get_id() == id);
            if applies && present && !values.is_empty() {
                let values = values.clone();
                cmd = cmd.mut_arg(*id, |a| a.value_parser(PossibleValuesParser::new(values)));
            }
        }
        cmd
    };
    cmd = offer(cmd, "");
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(&sub, |s| offer(s, &sub));
    }
    cmd
}

/// The commands whose first argument is a ticket id, each with the `list` flags that
/// give the ids worth offering (every ticket where a closed one makes sense).
fn id_commands(cmd: &Command) -> Vec<(String, &'static str)> {
    cmd.get_subcommands()
        .filter(|s| {
            s.get_positionals()
                .next()
                .is_some_and(|a| a.get_id() == "id")
        })
        .map(|s| {
            let name = s.get_name().to_string();
            let all = matches!(name.as_str(), "show" | "history" | "reopen" | "qa");
            (name, if all { "--all --ids" } else { "--ids" })
        })
        .collect()
}

/// Adds ticket ids to a shell's script: where a command takes an id, the desk is asked
/// for them as the shell completes (in the folder, or the `--dir`, of the command line).
fn with_ids(shell: clap_complete::Shell, script: &str, cmd: &Command) -> String {
    use clap_complete::Shell;
    let commands = id_commands(cmd);
    match shell {
        Shell::Bash => {
            let cases: String = commands
                .iter()
                .map(|(name, flags)| format!("        {name}) flags=\"{flags}\" ;;\n"))
                .collect();
            format!(
                "{script}
# Ticket ids, asked of the desk: the first argument of a command that takes one.
_inkdesk_with_ids() {{
    _inkdesk \"$@\"
    local cur=\"${{COMP_WORDS[COMP_CWORD]}}\" prev=\"${{COMP_WORDS[COMP_CWORD-1]}}\"
    local flags dir=() i
    [[ \"$cur\" == -* ]] && return
    case \"$prev\" in
{cases}        *) return ;;
    esac
    for ((i = 1; i < COMP_CWORD; i++)); do
        [[ \"${{COMP_WORDS[i]}}\" == --dir ]] && dir=(--dir \"${{COMP_WORDS[i+1]}}\")
    done
    COMPREPLY=($(compgen -W \"$(inkdesk \"${{dir[@]}}\" list $flags 2>/dev/null)\" -- \"$cur\"))
}}
if [[ \"${{BASH_VERSINFO[0]}}\" -eq 4 && \"${{BASH_VERSINFO[1]}}\" -ge 4 || \"${{BASH_VERSINFO[0]}}\" -gt 4 ]]; then
    complete -F _inkdesk_with_ids -o nosort -o bashdefault -o default inkdesk
else
    complete -F _inkdesk_with_ids -o bashdefault -o default inkdesk
fi
"
            )
        }
        Shell::Zsh => {
            // The id argument of each command is completed by a function of ours.
            let mut out = String::new();
            let mut current: Option<&str> = None;
            for line in script.lines() {
                if let Some(name) = line.strip_prefix('(').and_then(|l| l.strip_suffix(')')) {
                    current = commands
                        .iter()
                        .find(|(c, _)| c == name)
                        .map(|(_, flags)| *flags);
                }
                match current {
                    Some(flags)
                        if line.starts_with("':id -- ") || line.starts_with("'::id -- ") =>
                    {
                        let function = zsh_function(flags);
                        out.push_str(&line.replacen(":_default'", &format!(":{function}'"), 1));
                    }
                    _ => out.push_str(line),
                }
                out.push('\n');
            }
            let functions = ["--ids", "--all --ids"]
                .iter()
                .map(|flags| {
                    format!(
                        "(( $+functions[{name}] )) ||
{name}() {{
    local -a ids dir
    local i
    for ((i = 1; i < CURRENT; i++)); do
        [[ ${{words[i]}} == --dir ]] && dir=(--dir ${{words[i+1]}})
    done
    ids=(${{(f)\"$(inkdesk $dir list {flags} 2>/dev/null)\"}})
    compadd -a ids
}}
",
                        name = zsh_function(flags)
                    )
                })
                .collect::<String>();
            match out.split_once('\n') {
                Some((first, rest)) => format!("{first}\n\n{functions}\n{rest}"),
                None => out,
            }
        }
        Shell::Fish => {
            let lines: String = commands
                .iter()
                .map(|(name, flags)| {
                    format!(
                        "complete -c inkdesk -n \"__fish_inkdesk_using_subcommand {name}\" -f -a \"(inkdesk (__fish_inkdesk_dir) list {flags} 2>/dev/null)\"\n"
                    )
                })
                .collect();
            format!(
                "{script}
# Ticket ids, asked of the desk (the command line's --dir, if it has one).
function __fish_inkdesk_dir
    set -l words (commandline -opc)
    set -l at (contains -i -- --dir $words)
    and echo --dir $words[(math $at + 1)]
end
{lines}"
            )
        }
        _ => script.to_string(),
    }
}

/// The zsh function that offers the ids `list` gives with these flags.
fn zsh_function(flags: &str) -> &'static str {
    if flags.contains("--all") {
        "_inkdesk_every_id"
    } else {
        "_inkdesk_open_ids"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_offered_are_the_codes_and_both_languages_words() {
        let names = Names {
            staff: vec![("zhou".into(), "周强".into())],
            ..Names::default()
        };
        let table = words(&names);
        let of = |id: &str| {
            table
                .iter()
                .find(|(c, i, _)| c.is_empty() && *i == id)
                .map(|(_, _, v)| v.clone())
                .unwrap()
        };
        let status = of("status");
        for w in ["open", "closed", "处理中", "已关闭"] {
            assert!(status.contains(&w.to_string()), "{w} in {status:?}");
        }
        assert!(of("kind").contains(&"重印退换".to_string()));
        assert!(of("level").contains(&"主管".to_string()));
        assert_eq!(of("assignee"), ["zhou", "周强"]);
        assert!(
            table
                .iter()
                .all(|(_, _, v)| v.iter().all(|w| !w.contains(' '))),
            "no word a shell would split"
        );
    }
}
