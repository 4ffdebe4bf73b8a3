//! The first hour: completions and man pages, a merge driver that survives a moved
//! binary, flags that take a leading hyphen, and errors that name the real problem.

use crate::harness::{STAFF, TestDesk, git_ok};

const MON: &str = "2026-11-02T09:00:00+08:00";

#[test]
fn a_leading_hyphen_is_an_ordinary_value_and_a_negative_cost_is_refused() {
    let desk = TestDesk::new();
    let id = desk.open(
        MON,
        &[
            "--kind",
            "complaint",
            "--title",
            "-5mm 偏差",
            "--customer",
            "-Wang",
        ],
    );
    let t = desk.ticket(&id);
    assert_eq!(
        (t.title.as_str(), t.customer.name.as_str()),
        ("-5mm 偏差", "-Wang")
    );
    desk.ok(
        "2026-11-02T09:05:00+08:00",
        &["update", &id, "--note", "-2 boxes short"],
    );
    let before = desk.snapshot();
    let err = desk.fails(
        "2026-11-02T09:10:00+08:00",
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "refund",
            "--summary",
            "x",
            "--cost",
            "-10",
        ],
    );
    assert!(err.contains("negative"), "{err}");
    assert!(!err.contains("unexpected argument"), "{err}");
    let err = desk.fails(
        MON,
        &[
            "open",
            "--kind",
            "complaint",
            "--title",
            "--vip",
            "--customer",
            "x",
        ],
    );
    assert!(err.contains("--title"), "a flag is not a title: {err}");
    assert_eq!(desk.snapshot(), before, "nothing changed");
}

#[test]
fn a_usage_error_shows_the_commands_own_usage() {
    let desk = TestDesk::new();
    // INKDESK_NOW and INKDESK_USER are set by the harness: they are not asked for.
    let err = desk.fails(MON, &["open", "--kind", "complaint"]);
    let usage = err
        .lines()
        .find(|l| l.starts_with("Usage: "))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        !usage.contains("--now") && !usage.contains("--as"),
        "{usage}"
    );
    assert!(
        err.contains("--title") && err.contains("--customer"),
        "{err}"
    );
    assert!(err.contains("inkdesk open --help"), "{err}");
}

#[test]
fn an_actor_from_git_who_is_not_on_the_staff_list_is_told_so() {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", STAFF);
    git_ok(desk.root(), &["config", "user.name", "Stranger"]);
    let run = desk
        .cmd(MON)
        .env_remove("INKDESK_USER")
        .args([
            "open",
            "--kind",
            "complaint",
            "--title",
            "x",
            "--customer",
            "y",
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8(run.stderr).unwrap();
    assert!(
        err.contains("Stranger") && err.contains("user.name") && err.contains("--as"),
        "{err}"
    );
    assert!(!err.contains("--assignee"), "{err}");
}

#[test]
fn the_commit_carries_gits_email_when_the_staff_list_has_none() {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", STAFF);
    git_ok(desk.root(), &["config", "user.email", "desk@example.com"]);
    git_ok(desk.root(), &["config", "user.name", "Front desk"]);
    desk.complaint(MON);
    let author = git_ok(desk.root(), &["log", "-1", "--format=%an <%ae> %aI"]);
    assert_eq!(
        author.trim(),
        "lina <desk@example.com> 2026-11-02T09:00:00+08:00"
    );
}
