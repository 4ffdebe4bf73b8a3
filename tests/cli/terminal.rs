//! Tables fit the terminal: one ticket a line at any width, nothing past the edge, no
//! trailing spaces, less important columns dropped first.

use unicode_width::UnicodeWidthStr;

use crate::harness::{TestDesk, demo_desk, json};

const NOW: &str = "2026-11-20T17:00:00+08:00";

/// Runs a read command at a terminal width and checks every line of its table.
fn fitted(desk: &TestDesk, width: usize, args: &[&str]) -> Vec<String> {
    let out = desk
        .cmd(NOW)
        .env("COLUMNS", width.to_string())
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(
            line.width() <= width,
            "{args:?} at {width} columns: {} cells: {line}",
            line.width()
        );
        assert_eq!(line, line.trim_end(), "{args:?}: a trailing space");
    }
    text.lines().map(str::to_string).collect()
}

#[test]
fn overdue_and_list_are_one_line_a_row_at_60_80_and_100_columns() {
    let desk = demo_desk();
    for lang in ["zh", "en"] {
        let overdue = json(
            &desk
                .ok(NOW, &["--lang", lang, "overdue", "--format", "json"])
                .stdout,
        );
        let missed = overdue.as_array().unwrap().len();
        assert!(missed >= 10, "the demo has a real morning list: {missed}");
        // One row a ticket: those with a missed deadline, then those only due soon
        // under a heading of their own.
        let ids = |state: &str| -> std::collections::BTreeSet<String> {
            overdue
                .as_array()
                .unwrap()
                .iter()
                .filter(|l| l["state"] == state)
                .map(|l| l["id"].as_str().unwrap().to_string())
                .collect()
        };
        let late = ids("overdue");
        let soon = ids("due_soon").difference(&late).count();
        let rows = if late.is_empty() { 0 } else { 2 + late.len() }
            + if soon == 0 {
                0
            } else {
                usize::from(!late.is_empty()) + 3 + soon
            };
        assert!(
            late.len() < missed,
            "some ticket misses more than one deadline"
        );
        let open = json(&desk.ok(NOW, &["list", "--format", "json"]).stdout);
        let listed = open.as_array().unwrap().len();
        for width in [60, 80, 100] {
            let lines = fitted(&desk, width, &["--lang", lang, "overdue"]);
            assert_eq!(
                lines.len(),
                rows,
                "{lang} at {width}:\n{}",
                lines.join("\n")
            );
            let lines = fitted(&desk, width, &["--lang", lang, "list"]);
            assert_eq!(
                lines.len(),
                2 + listed,
                "{lang} at {width}:\n{}",
                lines.join("\n")
            );
            fitted(&desk, width, &["--lang", lang, "list", "--all"]);
            fitted(
                &desk,
                width,
                &["--lang", lang, "report", "--month", "2026-10"],
            );
            fitted(
                &desk,
                width,
                &["--lang", lang, "sample", "--month", "2026-10"],
            );
        }
    }
}

#[test]
fn the_id_the_deadline_the_lateness_and_the_title_stay_when_columns_go() {
    let desk = demo_desk();
    let narrow = fitted(&desk, 60, &["--lang", "en", "overdue"]);
    let head = &narrow[0];
    for kept in ["id", "deadline", "late", "title"] {
        assert!(head.contains(kept), "{kept} stays: {head}");
    }
    assert!(!head.contains("level"), "the level goes first: {head}");
    let wide = fitted(&desk, 140, &["--lang", "en", "overdue"]);
    for all in ["customer", "due", "holder", "level"] {
        assert!(wide[0].contains(all), "{all} at 140 columns: {}", wide[0]);
    }
    let list = fitted(&desk, 60, &["--lang", "en", "list"]);
    for kept in ["id", "status", "title"] {
        assert!(list[0].contains(kept), "{kept} stays: {}", list[0]);
    }
}

#[test]
fn a_long_title_is_cut_at_a_word_with_an_ellipsis() {
    let desk = TestDesk::new();
    desk.open(
        NOW,
        &[
            "--kind",
            "complaint",
            "--title",
            "Wedding invitations printed on the wrong paper 500张 again and again",
            "--customer",
            "Mr Wang",
        ],
    );
    let lines = fitted(&desk, 60, &["list"]);
    let row = &lines[2];
    assert!(row.ends_with('…'), "{row}");
    let shown = row.rsplit("  ").next().unwrap().trim_end_matches('…');
    let title = "Wedding invitations printed on the wrong paper 500张 again and again";
    assert!(title.starts_with(shown), "{shown}");
    assert!(
        title[shown.len()..].starts_with(' '),
        "cut between words, not inside one: {row}"
    );
}

#[test]
fn text_from_records_reaches_no_terminal_with_control_characters() {
    let desk = TestDesk::new();
    let id = desk.complaint(NOW);
    // The tool refuses such text; a hand edit can still put it in a record.
    let err = desk.fails(
        NOW,
        &[
            "open",
            "--kind",
            "complaint",
            "--title",
            "\u{1b}]0;pwned\u{7}",
            "--customer",
            "x",
        ],
    );
    assert!(err.contains("U+001B"), "{err}");
    let path = desk.path(&id);
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "title: Cover colour is off",
        "title: \"\\e]0;pwned\\a\\e[2J bad\\u202etitle\"",
    );
    std::fs::write(&path, text).unwrap();
    // In every format: the tables, and what scripts read (which may be a terminal too).
    for args in [
        vec!["list"],
        vec!["overdue"],
        vec!["show", id.as_str()],
        vec!["list", "--all", "--format", "csv"],
        vec!["list", "--all", "--format", "json"],
        vec!["list", "--all", "--format", "markdown"],
        vec!["overdue", "--format", "csv"],
        vec!["overdue", "--format", "json"],
        vec!["show", id.as_str(), "--format", "json"],
        vec!["export"],
        vec!["export", "--events"],
        vec!["customer", "Mr Wang", "--format", "csv"],
    ] {
        let run = desk.ok("2026-11-23T17:00:00+08:00", &args);
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(
            !all.chars()
                .any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{202e}'),
            "{args:?}: {all:?}"
        );
        // (the events export holds no title)
        assert!(
            all.contains("bad") || args[1..] == ["--events"],
            "{args:?}: the rest is shown"
        );
    }
    let check = desk.run(NOW, &["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("title") && check.stdout.contains("U+001B"),
        "{}",
        check.stdout
    );
}

#[test]
fn the_timeline_wraps_details_under_their_own_column() {
    let desk = TestDesk::new();
    let id = desk.complaint(NOW);
    let long = "the customer explained at length that the covers were darker than the signed proof and wants a reprint";
    desk.ok(
        "2026-11-20T17:10:00+08:00",
        &["update", &id, "--note", long],
    );
    let lines = fitted(&desk, 60, &["show", &id]);
    let at = lines.iter().position(|l| l.contains("explained")).unwrap();
    let column = lines[at].find("the customer explained").unwrap();
    let next = &lines[at + 1];
    assert!(
        next[..column].trim().is_empty() && !next[column..].trim().is_empty(),
        "the rest of the note goes under it:\n{}\n{next}",
        lines[at]
    );
}

/// On a terminal that draws the characters of ambiguous width two cells wide (Xshell's
/// or PuTTY's Chinese setting), plain ASCII drawing (`INKDESK_ASCII=1`, or `ascii: true`
/// in the policy) keeps every table one row a line: tested with every such character
/// counted as two.
#[test]
fn ascii_drawing_fits_a_terminal_that_draws_ambiguous_characters_wide() {
    use unicode_width::UnicodeWidthStr;
    let desk = demo_desk();
    let screens: [&[&str]; 6] = [
        &["list", "--all"],
        &["overdue", "--within", "2h"],
        &["show", crate::screens::SHOWN],
        &["customer", "13800138001"],
        &["sample", "--month", "2026-10"],
        &["report", "--month", "2026-10"],
    ];
    for lang in ["zh", "en"] {
        for width in [60usize, 80] {
            for args in screens {
                let columns = width.to_string();
                let env = [("COLUMNS", columns.as_str()), ("INKDESK_ASCII", "1")];
                let mut all = vec!["--lang", lang];
                all.extend_from_slice(args);
                let run = desk.run_env(NOW, &env, &all);
                assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
                for line in run.stdout.lines() {
                    assert!(
                        line.width_cjk() <= width,
                        "{lang} {args:?} at {width}, ambiguous as wide: {line}"
                    );
                }
            }
        }
    }
    // The desk's setting, and one person's environment over it.
    let overdue = |env: &[(&str, &str)]| desk.run_env(NOW, env, &["overdue"]).stdout;
    assert!(overdue(&[]).contains('─') && overdue(&[]).contains('★'));
    let policy = desk.root().join("inkdesk.yaml");
    let text = std::fs::read_to_string(&policy).unwrap();
    assert!(text.contains("\nascii: false"), "init writes the setting");
    std::fs::write(&policy, text.replace("\nascii: false", "\nascii: true")).unwrap();
    let plain = overdue(&[]);
    assert!(!plain.contains('─') && plain.contains("*"), "{plain}");
    assert!(overdue(&[("INKDESK_ASCII", "0")]).contains('─'));
}

#[test]
fn an_error_on_a_terminal_wraps_at_its_width_not_inside_a_command() {
    let Some(script) = ["/usr/bin/script", "/bin/script"]
        .iter()
        .find(|p| std::path::Path::new(p).is_file())
    else {
        eprintln!("skipped: `script` (util-linux) is not installed, no terminal to test in");
        return;
    };
    let desk = TestDesk::new();
    let inner = desk.std_cmd(NOW);
    let mut cmd = std::process::Command::new(script);
    cmd.env_clear().current_dir(desk.root());
    for (key, value) in inner.get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    let program = inner.get_program().to_string_lossy().into_owned();
    cmd.args([
        "-qec",
        &format!("stty cols 40 rows 20; '{program}' --lang zh sync"),
        "/dev/null",
    ]);
    let out = cmd.output().expect("script runs");
    let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert!(lines.len() >= 3, "{text}");
    assert!(lines[0].starts_with("错误：git："), "{text}");
    for line in &lines {
        assert!(line.width() <= 40, "{} cells: {line}", line.width());
    }
    // Piped, the same message stays one line a sentence.
    let piped = desk.run(NOW, &["--lang", "zh", "sync"]);
    assert_eq!(piped.stderr.lines().count(), 2, "{}", piped.stderr);
}
