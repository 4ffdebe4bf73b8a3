//! What people read, as snapshots (`insta`, files in `snapshots/`): every table on the
//! demo desk in both languages at 60 and 80 columns, the help of every command in both
//! languages, and the review in every text format. A change to a screen shows as a
//! diff of its snapshot; `INSTA_UPDATE=always cargo test` accepts it.
//!
//! `history` is left out: its table shows commit hashes, which a copy of the demo desk
//! (not a repository) has none of; `tests/cli/history.rs` checks it.

use crate::harness::{TestDesk, demo_desk};

/// The demo desk's "now": nothing happens after it.
const NOW: &str = "2026-11-20T17:00:00+08:00";
/// A ticket of the demo desk with a long life (escalated, resolved, called back).
pub const SHOWN: &str = "0MZXPPVN1KY9";
/// A caller of the demo desk with several tickets.
const CALLER: &str = "13800138001";

/// What a command prints on stdout, in a language, at a width.
fn screen(desk: &TestDesk, lang: &str, width: usize, args: &[&str]) -> String {
    let columns = width.to_string();
    let mut all = vec!["--lang", lang];
    all.extend_from_slice(args);
    let run = desk.run_env(NOW, &[("COLUMNS", columns.as_str())], &all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.stdout
}

#[test]
fn every_table_in_both_languages_at_60_and_80_columns() {
    let desk = demo_desk();
    let screens: &[(&str, &[&str])] = &[
        ("list", &["list"]),
        ("list-all", &["list", "--all"]),
        ("overdue", &["overdue", "--within", "2h"]),
        ("show", &["show", SHOWN]),
        ("customer", &["customer", CALLER]),
        ("sample", &["sample", "--month", "2026-10"]),
        ("report", &["report", "--month", "2026-10"]),
    ];
    for (name, args) in screens {
        for lang in ["en", "zh"] {
            for width in [60, 80] {
                let text = screen(&desk, lang, width, args);
                for line in text.lines() {
                    let cells = unicode_width::UnicodeWidthStr::width(line);
                    assert!(cells <= width, "{name} {lang} {width}: {line}");
                }
                insta::assert_snapshot!(format!("{name}-{lang}-{width}"), text);
            }
        }
    }
}

#[test]
fn the_help_of_every_command_in_both_languages() {
    let desk = demo_desk();
    let commands = desk
        .ok(NOW, &["--lang", "en", "completions", "bash"])
        .stdout;
    let mut names: Vec<&str> = COMMANDS.to_vec();
    names.sort_unstable();
    for name in &names {
        assert!(commands.contains(name), "{name} is a command");
    }
    for lang in ["en", "zh"] {
        insta::assert_snapshot!(format!("help-{lang}"), screen(&desk, lang, 80, &["--help"]));
        for name in &names {
            let text = screen(&desk, lang, 80, &[name, "--help"]);
            insta::assert_snapshot!(format!("help-{name}-{lang}"), text);
        }
    }
}

#[test]
fn the_review_in_every_text_format() {
    let desk = demo_desk();
    for format in ["markdown", "html"] {
        for lang in ["en", "zh"] {
            let text = screen(
                &desk,
                lang,
                80,
                &["report", "--month", "2026-10", "--format", format],
            );
            insta::assert_snapshot!(format!("review-{format}-{lang}"), text);
        }
    }
    // Scripts read codes: JSON and CSV are the same in every language.
    for format in ["json", "csv"] {
        let args = ["report", "--month", "2026-10", "--format", format];
        let en = screen(&desk, "en", 80, &args);
        assert_eq!(
            en,
            screen(&desk, "zh", 80, &args),
            "{format} changes with the language"
        );
        insta::assert_snapshot!(format!("review-{format}"), en);
    }
}

/// Every command, as `--help` lists them.
pub const COMMANDS: &[&str] = &[
    "init",
    "demo",
    "open",
    "overdue",
    "notify",
    "show",
    "history",
    "list",
    "customer",
    "merge-file",
    "update",
    "handover",
    "message",
    "inbox",
    "escalate",
    "export",
    "import",
    "report",
    "sample",
    "qa",
    "resolve",
    "callback",
    "close",
    "reopen",
    "verify",
    "sync",
    "check",
    "completions",
    "man",
];
