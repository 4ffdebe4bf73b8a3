//! A corpus of bad input: broken records, policies and templates, links, hostile text
//! and wrong flags. For each case: the exit code, the first line of the error (which
//! names the file, line and field), no panic, and every file of the desk byte for byte
//! as it was.

use std::path::PathBuf;

use crate::harness::{STAFF, TestDesk};

const NOW: &str = "2026-11-02T09:30:00+08:00";

/// What a case does to the desk before its command runs.
enum Setup {
    /// Nothing: a bad flag.
    None,
    /// Replaces the text of the ticket's record (`{ID}` is its id).
    Replace(&'static str, &'static str),
    /// Writes these bytes as the ticket's record.
    Record(Vec<u8>),
    /// Replaces text in the policy.
    Policy(&'static str, &'static str),
    /// Writes these bytes as the policy.
    PolicyBytes(Vec<u8>),
    /// Writes this text as `templates/<kind>.yaml`.
    Template(&'static str, &'static str),
    /// Turns the ticket's record into a link to a file outside the desk.
    RecordLink,
    /// Turns the ticket's month folder into a link to a folder outside the desk.
    FolderLink,
    /// Moves the record into another month's folder.
    Misplace,
    /// Copies the record into another month's folder as well.
    Duplicate,
    /// Turns the record into a folder of that name.
    RecordFolder,
    /// Makes a link in the current folder, for an output flag.
    OutputLink,
    /// Gives the ticket a title of 1,200 characters.
    LongTitle,
}

struct Case {
    name: &'static str,
    setup: Setup,
    /// The command (`{ID}` is the ticket's id).
    args: &'static [&'static str],
    exit: i32,
    /// Text the first line of stderr must hold.
    says: &'static str,
}

fn case(
    name: &'static str,
    setup: Setup,
    args: &'static [&'static str],
    exit: i32,
    says: &'static str,
) -> Case {
    Case {
        name,
        setup,
        args,
        exit,
        says,
    }
}

const UPDATE: &[&str] = &["update", "{ID}", "--note", "x"];
const SHOW: &[&str] = &["show", "{ID}"];
const LIST: &[&str] = &["list"];
const EXPORT: &[&str] = &["export"];

fn cases() -> Vec<Case> {
    use Setup::*;
    let r = |from, to| Replace(from, to);
    vec![
        // Records that do not read.
        case("empty record", Record(vec![]), UPDATE, 2, ".yaml:1:"),
        case(
            "blank record",
            Record(b"\n\n  \n".to_vec()),
            UPDATE,
            2,
            ".yaml:",
        ),
        case(
            "unclosed flow",
            r("title: Cover colour is off", "title: [Cover"),
            UPDATE,
            2,
            ".yaml:",
        ),
        case(
            "tab indent",
            r("  name: Mr Wang", "\tname: Mr Wang"),
            UPDATE,
            2,
            ".yaml:",
        ),
        case(
            "conflict markers",
            r(
                "title: Cover colour is off",
                "<<<<<<< ours\ntitle: a\n=======\ntitle: b\n>>>>>>> theirs",
            ),
            UPDATE,
            2,
            "<<<<<<<",
        ),
        case(
            "a lone separator",
            r("status: open", "status: open\n======="),
            UPDATE,
            2,
            "=======",
        ),
        case(
            "not UTF-8",
            Record(b"id: \xff\xfe\n".to_vec()),
            UPDATE,
            2,
            "UTF-8",
        ),
        case(
            "UTF-16",
            Record(b"\xff\xfei\x00d\x00".to_vec()),
            UPDATE,
            2,
            "UTF-8",
        ),
        case(
            "a NUL byte",
            r("title: Cover colour is off", "title: Cover\0colour"),
            UPDATE,
            2,
            ".yaml:",
        ),
        case(
            "unknown field",
            r("level: 0", "level: 0\nfax: 123"),
            UPDATE,
            2,
            "fax",
        ),
        case(
            "missing title",
            r("title: Cover colour is off\n", ""),
            UPDATE,
            2,
            "title",
        ),
        case("missing log", r("log:", "logs:"), UPDATE, 2, "log"),
        case(
            "id of another file",
            r("id: {ID}", "id: 0NAY04ZZZZZZ"),
            UPDATE,
            2,
            "id",
        ),
        case(
            "id in lower case",
            r("id: {ID}", "id: {id}"),
            UPDATE,
            2,
            ".yaml:1: id:",
        ),
        case(
            "id with a bad character",
            r("id: {ID}", "id: 0NAY04*ZZZZZ"),
            UPDATE,
            2,
            "id",
        ),
        case(
            "unknown status",
            r("status: open", "status: bogus"),
            UPDATE,
            2,
            "status",
        ),
        case(
            "unknown priority",
            r("priority: normal", "priority: high"),
            UPDATE,
            2,
            "priority",
        ),
        case(
            "kind with no template",
            r("kind: complaint", "kind: billing"),
            UPDATE,
            2,
            "kind",
        ),
        case(
            "impossible date",
            r(
                "opened: 2026-11-02T09:00:00+08:00",
                "opened: 2026-11-31T09:00:00+08:00",
            ),
            UPDATE,
            2,
            "opened",
        ),
        case(
            "not a time",
            r("opened: 2026-11-02T09:00:00+08:00", "opened: yesterday"),
            UPDATE,
            2,
            "opened",
        ),
        case(
            "received after opened",
            r(
                "received: 2026-11-02T09:00:00+08:00",
                "received: 2026-11-02T09:10:00+08:00",
            ),
            UPDATE,
            2,
            "received",
        ),
        case(
            "level off the ladder",
            r("level: 0", "level: 9"),
            UPDATE,
            2,
            "level",
        ),
        case(
            "negative level",
            r("level: 0", "level: -1"),
            UPDATE,
            2,
            "level",
        ),
        case(
            "level as a word",
            r("level: 0", "level: two"),
            UPDATE,
            2,
            "level",
        ),
        case(
            "customer as text",
            r(
                "customer:\n  name: Mr Wang\n  phone: '13800138000'\n  vip: false",
                "customer: Mr Wang",
            ),
            UPDATE,
            2,
            "customer",
        ),
        case(
            "vip as a word",
            r("vip: false", "vip: maybe"),
            UPDATE,
            2,
            "vip",
        ),
        case(
            "phone as a list",
            r("phone: '13800138000'", "phone: [138, 139]"),
            UPDATE,
            2,
            "phone",
        ),
        case(
            "an empty log",
            r(
                "log:\n- at: 2026-11-02T09:00:00+08:00\n  by: lina\n  action: opened\n  to: lina\n  due:\n    response: 2026-11-02T10:00:00+08:00\n    progress: 2026-11-03T09:00:00+08:00\n    resolution: 2026-11-03T09:00:00+08:00",
                "log: []",
            ),
            UPDATE,
            2,
            "log",
        ),
        case(
            "log not opened first",
            r("  action: opened", "  action: note"),
            UPDATE,
            2,
            "log[0].action",
        ),
        case(
            "log out of order",
            r(
                "  to: lina",
                "  to: lina\n- at: 2026-11-01T09:00:00+08:00\n  by: lina\n  action: note\n  note: early",
            ),
            UPDATE,
            2,
            "log[1].at",
        ),
        case(
            "unknown action",
            r(
                "  action: opened",
                "  action: opened\n- at: 2026-11-02T09:05:00+08:00\n  by: lina\n  action: dance",
            ),
            UPDATE,
            2,
            "dance",
        ),
        case("event without who", r("  by: lina\n", ""), UPDATE, 2, "by"),
        case(
            "event with unknown field",
            r("  to: lina", "  to: lina\n  mood: fine"),
            UPDATE,
            2,
            "mood",
        ),
        case(
            "deadline before opening",
            r(
                "  response: 2026-11-02T10:00:00+08:00",
                "  response: 2026-11-01T10:00:00+08:00",
            ),
            UPDATE,
            2,
            "due.response",
        ),
        case(
            "negative cost",
            r(
                "level: 0",
                "level: 0\nresolution:\n  cause: ours\n  remedy: refund\n  summary: x\n  cost: -5",
            ),
            UPDATE,
            2,
            "resolution.cost",
        ),
        case(
            "accepted on our own cause",
            r(
                "level: 0",
                "level: 0\nresolution:\n  cause: ours\n  remedy: refund\n  summary: x\n  accepted: true",
            ),
            UPDATE,
            2,
            "resolution.accepted",
        ),
        case(
            "resolved without resolution",
            r("status: open", "status: resolved"),
            UPDATE,
            2,
            "resolution",
        ),
        case(
            "status against the log",
            r("status: open", "status: waiting"),
            UPDATE,
            2,
            "status",
        ),
        case(
            "escape in a title",
            r("title: Cover colour is off", "title: \"\\e]0;pwned\\a\""),
            UPDATE,
            2,
            "U+001B",
        ),
        case(
            "right-to-left override",
            r(
                "title: Cover colour is off",
                "title: \"Cover \\u202e colour\"",
            ),
            UPDATE,
            2,
            "U+202E",
        ),
        case(
            "bell in a name",
            r("  name: Mr Wang", "  name: \"Mr\\aWang\""),
            UPDATE,
            2,
            "U+0007",
        ),
        case(
            "carriage return in a title",
            r("title: Cover colour is off", "title: \"Cover\\rcolour\""),
            UPDATE,
            2,
            "U+000D",
        ),
        case(
            "C1 control in a job",
            r("level: 0", "level: 0\norder:\n  job: \"GC\\x85-1\""),
            UPDATE,
            2,
            "order.job",
        ),
        case("a title too long", LongTitle, UPDATE, 2, "title"),
        case(
            "a multi-line title",
            r("title: Cover colour is off", "title: |\n  Cover\n  colour"),
            UPDATE,
            2,
            "title",
        ),
        case(
            "deep nesting",
            r(
                "title: Cover colour is off",
                "title: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
            ),
            UPDATE,
            2,
            "64",
        ),
        case(
            "deep dashes",
            r(
                "title: Cover colour is off",
                "title: x\nx: - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - x",
            ),
            UPDATE,
            2,
            ".yaml:",
        ),
        case(
            "a file over 1 MB",
            Record(vec![b'#'; 1_100_000]),
            UPDATE,
            2,
            "1048576",
        ),
        case(
            "a duplicate key",
            r("status: open", "status: open\nstatus: open"),
            UPDATE,
            2,
            ".yaml:",
        ),
        case(
            "holder not on the staff",
            r("assignee: lina", "assignee: stranger"),
            UPDATE,
            2,
            "assignee",
        ),
        case(
            "description as a list",
            r("description: |", "description: [a]\nx: |"),
            UPDATE,
            2,
            ".yaml:",
        ),
        case(
            "checklist as text",
            r(
                "checklist:\n- Apologise and confirm the facts with the customer",
                "checklist: all\nz:\n- Apologise and confirm the facts with the customer",
            ),
            UPDATE,
            2,
            ".yaml:",
        ),
        case(
            "unknown satisfaction",
            r("level: 0", "level: 0\nsatisfaction: happy"),
            UPDATE,
            2,
            "satisfaction",
        ),
        case(
            "unknown cause",
            r(
                "level: 0",
                "level: 0\nresolution:\n  cause: weather\n  remedy: none\n  summary: x",
            ),
            UPDATE,
            2,
            "cause",
        ),
        case("a record that is a folder", RecordFolder, SHOW, 2, "{ID}"),
        case(
            "a record that is a link",
            RecordLink,
            UPDATE,
            2,
            "symbolic link",
        ),
        case(
            "a month folder that is a link",
            FolderLink,
            UPDATE,
            2,
            "symbolic link",
        ),
        case(
            "a record in the wrong month",
            Misplace,
            UPDATE,
            2,
            "records/2026/11",
        ),
        case(
            "the same id in two months",
            Duplicate,
            UPDATE,
            2,
            "several files",
        ),
        case(
            "a broken record stops export",
            r("status: open", "status: bogus"),
            EXPORT,
            2,
            "status",
        ),
        // Policies that do not hold.
        case(
            "empty policy",
            PolicyBytes(vec![]),
            LIST,
            2,
            "inkdesk.yaml:",
        ),
        case(
            "unknown policy key",
            Policy("commit: true", "commit: true\nfax: 1"),
            LIST,
            2,
            "fax",
        ),
        case(
            "a per-agent sample of at least more than at most",
            Policy("per_agent_min: 1", "per_agent_min: 9"),
            LIST,
            2,
            "review.per_agent_min",
        ),
        case(
            "authority of a level off the ladder",
            Policy("  agent: 500", "  agnt: 500"),
            LIST,
            2,
            "authority.agnt",
        ),
        case(
            "bad time zone",
            Policy("timezone: Asia/Shanghai", "timezone: Asia/Atlantis"),
            LIST,
            2,
            "shop.timezone",
        ),
        case(
            "bad weekday",
            Policy("days: [mon, tue, wed, thu, fri]", "days: [mon, funday]"),
            LIST,
            2,
            "calendar.days[1]",
        ),
        case(
            "bad working hours",
            Policy("hours: [\"09:00-18:00\"]", "hours: [\"18:00-09:00\"]"),
            LIST,
            2,
            "calendar.hours[0]",
        ),
        case(
            "overlapping hours",
            Policy(
                "hours: [\"09:00-18:00\"]",
                "hours: [\"09:00-12:00\", \"11:00-18:00\"]",
            ),
            LIST,
            2,
            "calendar.hours[1]",
        ),
        case(
            "urgent factor over 1",
            Policy("urgent_factor: 0.5", "urgent_factor: 2"),
            LIST,
            2,
            "urgent_factor",
        ),
        case(
            "no default limit",
            Policy("    default: 2wd\n", ""),
            LIST,
            2,
            "limits.resolution",
        ),
        case(
            "empty ladder",
            Policy("ladder: [agent, supervisor, manager]", "ladder: []"),
            LIST,
            2,
            "escalation.ladder",
        ),
        case(
            "no callback attempts",
            Policy("max_attempts: 3", "max_attempts: 0"),
            LIST,
            2,
            "callback.max_attempts",
        ),
        case(
            "sample of 0%",
            Policy("sample_percent: 20", "sample_percent: 0"),
            LIST,
            2,
            "sample_percent",
        ),
        case(
            "staff listed twice",
            Policy(
                "staff:\n",
                "staff:\n  - { id: lina, name: Li, role: agent }\n",
            ),
            LIST,
            2,
            "staff[1].id",
        ),
        case(
            "staff role off the ladder",
            Policy("role: manager }", "role: boss }"),
            LIST,
            2,
            "staff[3].role",
        ),
        case(
            "unknown language",
            Policy("lang: en", "lang: fr"),
            LIST,
            2,
            "lang",
        ),
        case(
            "bad duration",
            Policy("response: 1wh", "response: fortnight"),
            LIST,
            2,
            "fortnight",
        ),
        case(
            "policy conflict markers",
            Policy(
                "commit: true",
                "<<<<<<< ours\ncommit: true\n=======\ncommit: false\n>>>>>>> theirs",
            ),
            LIST,
            2,
            "<<<<<<<",
        ),
        case(
            "policy not UTF-8",
            PolicyBytes(b"shop: \xff\n".to_vec()),
            LIST,
            2,
            "UTF-8",
        ),
        case(
            "control character in a staff name",
            Policy("name: 李娜", "name: \"李\\e娜\""),
            LIST,
            2,
            "staff[0].name",
        ),
        // Templates that do not hold.
        case(
            "template of another kind",
            Template("repair", "kind: complaint\nlabel: x\n"),
            LIST,
            2,
            "kind",
        ),
        case(
            "template with an unknown field",
            Template("repair", "kind: repair\nlabel: x\nfax: 1\n"),
            LIST,
            2,
            "fax",
        ),
        case(
            "template with a bad limit",
            Template(
                "repair",
                "kind: repair\nlabel: x\nlimits:\n  resolution: fortnight\n",
            ),
            LIST,
            2,
            "fortnight",
        ),
        case(
            "template that does not read",
            Template("repair", "kind: [repair\n"),
            LIST,
            2,
            "repair.yaml:",
        ),
        // Flags.
        case("unknown id", None, &["show", "ZZZZZZ"], 2, "ZZZZZZ"),
        case("id too short", None, &["show", "0N"], 2, "too short"),
        case(
            "id with a bad character",
            None,
            &["show", "0N*A"],
            2,
            "cannot appear",
        ),
        case(
            "bad --now",
            None,
            &["--now", "tomorrow", "list"],
            2,
            "--now",
        ),
        case(
            "unknown kind",
            None,
            &["open", "--kind", "fax", "--title", "x", "--customer", "y"],
            2,
            "fax",
        ),
        case(
            "bad --month",
            None,
            &["report", "--month", "2026-13"],
            2,
            "2026-13",
        ),
        case(
            "--from without --to",
            None,
            &["export", "--from", "2026-11-01"],
            2,
            "--to",
        ),
        case(
            "a cost that is not an amount",
            None,
            &[
                "resolve",
                "{ID}",
                "--cause",
                "ours",
                "--remedy",
                "refund",
                "--summary",
                "x",
                "--cost",
                "abc",
            ],
            2,
            "abc",
        ),
        case(
            "a negative cost",
            None,
            &[
                "resolve",
                "{ID}",
                "--cause",
                "ours",
                "--remedy",
                "refund",
                "--summary",
                "x",
                "--cost",
                "-5",
            ],
            2,
            "negative",
        ),
        case(
            "a status update cannot set",
            None,
            &["update", "{ID}", "--status", "closed"],
            2,
            "--status",
        ),
        case(
            "an unknown deadline",
            None,
            &[
                "update",
                "{ID}",
                "--due",
                "lunch=2026-11-06",
                "--reason",
                "x",
            ],
            2,
            "lunch",
        ),
        case(
            "a promise that is not a date",
            None,
            &["update", "{ID}", "--promise", "next friday"],
            2,
            "next friday",
        ),
        case(
            "an unknown flag",
            None,
            &["list", "--colour"],
            2,
            "--colour",
        ),
        case("an unknown command", None, &["frobnicate"], 2, "frobnicate"),
        case(
            "an unknown language",
            None,
            &["--lang", "fr", "list"],
            2,
            "fr",
        ),
        case(
            "an export over a record",
            None,
            &["export", "-o", "records/x.csv"],
            2,
            "records",
        ),
        case(
            "a review over a template",
            None,
            &["report", "--format", "html", "-o", "templates/review.html"],
            2,
            "templates",
        ),
        case(
            "a review over the policy",
            None,
            &["report", "-o", "inkdesk.yaml"],
            2,
            "inkdesk.yaml",
        ),
        case(
            "a workbook export of a record that does not read",
            Record(vec![]),
            &["export", "--format", "xlsx", "-o", "out.xlsx"],
            2,
            ".yaml:1:",
        ),
        case(
            "an export through a link",
            OutputLink,
            &["export", "-o", "out.csv"],
            2,
            "symbolic link",
        ),
        case(
            "a review of a file that is no export",
            None,
            &["report", "--from-csv", "inkdesk.yaml"],
            2,
            "inkdesk.yaml:1",
        ),
        case(
            "an actor with an escape",
            None,
            &["--as", "li\u{1b}na", "update", "{ID}", "--note", "x"],
            2,
            "--as",
        ),
        case(
            "a flag as a title",
            None,
            &[
                "open",
                "--kind",
                "complaint",
                "--title",
                "--vip",
                "--customer",
                "y",
            ],
            2,
            "--title",
        ),
        case(
            "closing what is not resolved",
            None,
            &["close", "{ID}"],
            2,
            "{ID}",
        ),
        case(
            "a callback before resolving",
            None,
            &[
                "callback",
                "{ID}",
                "--reached",
                "--satisfaction",
                "satisfied",
            ],
            2,
            "{ID}",
        ),
    ]
}

/// The ticket's record file.
fn record(desk: &TestDesk, id: &str) -> PathBuf {
    desk.path(id)
}

fn apply(desk: &TestDesk, id: &str, setup: &Setup, original: &str) {
    let path = record(desk, id);
    let policy = desk.root().join("inkdesk.yaml");
    let fill = |s: &str| s.replace("{ID}", id).replace("{id}", &id.to_lowercase());
    match setup {
        Setup::None => {}
        Setup::Replace(from, to) => {
            let from = fill(from);
            assert!(original.contains(&from), "the record holds {from:?}");
            std::fs::write(&path, original.replacen(&from, &fill(to), 1)).unwrap();
        }
        Setup::Record(bytes) => std::fs::write(&path, bytes).unwrap(),
        Setup::Policy(from, to) => {
            let text = std::fs::read_to_string(&policy).unwrap();
            assert!(text.contains(from), "the policy holds {from:?}");
            std::fs::write(&policy, text.replacen(from, to, 1)).unwrap();
        }
        Setup::PolicyBytes(bytes) => std::fs::write(&policy, bytes).unwrap(),
        Setup::Template(kind, text) => {
            std::fs::write(
                desk.root().join("templates").join(format!("{kind}.yaml")),
                text,
            )
            .unwrap();
        }
        Setup::RecordLink => {
            let outside = desk.root().join("outside.yaml");
            std::fs::write(&outside, original).unwrap();
            std::fs::remove_file(&path).unwrap();
            std::os::unix::fs::symlink(&outside, &path).unwrap();
        }
        Setup::FolderLink => {
            let folder = path.parent().unwrap();
            let outside = desk.root().join("outside-folder");
            std::fs::rename(folder, &outside).unwrap();
            std::os::unix::fs::symlink(&outside, folder).unwrap();
        }
        Setup::Misplace => {
            let other = desk.root().join("records/2026/10");
            std::fs::create_dir_all(&other).unwrap();
            std::fs::rename(&path, other.join(path.file_name().unwrap())).unwrap();
        }
        Setup::Duplicate => {
            let other = desk.root().join("records/2026/10");
            std::fs::create_dir_all(&other).unwrap();
            std::fs::copy(&path, other.join(path.file_name().unwrap())).unwrap();
        }
        Setup::RecordFolder => {
            std::fs::remove_file(&path).unwrap();
            std::fs::create_dir(&path).unwrap();
        }
        Setup::LongTitle => {
            let long = format!("title: {}", "x".repeat(1200));
            std::fs::write(&path, original.replace("title: Cover colour is off", &long)).unwrap();
        }
        Setup::OutputLink => {
            std::os::unix::fs::symlink(
                desk.root().join("elsewhere.csv"),
                desk.root().join("out.csv"),
            )
            .unwrap();
        }
    }
}

#[test]
fn every_bad_input_is_refused_clearly_and_changes_nothing() {
    let cases = cases();
    assert!(cases.len() >= 80, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        // A fresh desk per case: what one case breaks never leaks into the next.
        let desk = TestDesk::new();
        desk.set_policy("staff: []\n", STAFF);
        let id = desk.open(
            "2026-11-02T09:00:00+08:00",
            &[
                "--kind",
                "complaint",
                "--title",
                "Cover colour is off",
                "--customer",
                "Mr Wang",
                "--phone",
                "13800138000",
            ],
        );
        let original = desk.text(&id);
        apply(&desk, &id, &case.setup, &original);
        let before = desk.snapshot();
        let args: Vec<String> = case.args.iter().map(|a| a.replace("{ID}", &id)).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = desk.run(NOW, &args);
        let first = run.stderr.lines().next().unwrap_or_default().to_string();
        let says = case.says.replace("{ID}", &id);
        let mut wrong = Vec::new();
        if run.code != case.exit {
            wrong.push(format!("exit {} (wanted {})", run.code, case.exit));
        }
        if run.stderr.contains("panicked") || run.stderr.contains("RUST_BACKTRACE") {
            wrong.push("a panic".into());
        }
        if !first.contains(&says) {
            wrong.push(format!("first line {first:?} lacks {says:?}"));
        }
        if desk.snapshot() != before {
            wrong.push("the desk changed".into());
        }
        // A read's scratch files (a workbook being zipped, a spill) go with it.
        let scratch: Vec<String> = std::fs::read_dir(desk.root().join(".inkdesk"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.starts_with("export-") || n.starts_with("spill"))
                    .collect()
            })
            .unwrap_or_default();
        if !scratch.is_empty() {
            wrong.push(format!("left in .inkdesk: {scratch:?}"));
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{}: {}\n  {}",
                case.name,
                wrong.join("; "),
                run.stderr.replace('\n', "\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
