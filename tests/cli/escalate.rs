//! `inkdesk escalate`: one level up the ladder, a skip with its reason, and the policy's rules under cron (`--auto`).

use crate::harness::{TestDesk, staffed};

const MON: &str = "2026-11-02T10:00:00+08:00";

#[test]
fn escalation_climbs_the_ladder_to_the_named_holders() {
    let desk = staffed();
    let id = desk.complaint(MON);
    desk.ok("2026-11-03T09:30:00+08:00", &["update", &id, "--contacted"]);
    desk.ok(
        "2026-11-03T11:00:00+08:00",
        &["escalate", &id, "--reason", "not solved in a working day"],
    );
    let t = desk.ticket(&id);
    assert_eq!((t.level, t.assignee.as_deref()), (1, Some("zhou")));
    // The new holder's contact is due within 2 working days.
    assert_eq!(
        t.due.progress.unwrap().to_rfc3339(),
        "2026-11-05T11:00:00+08:00"
    );
    let e = t
        .log
        .iter()
        .find(|e| e.action.as_str() == "escalate")
        .unwrap();
    assert_eq!(
        (e.from.as_deref(), e.to.as_deref(), e.skip),
        (Some("agent"), Some("supervisor"), None)
    );
    desk.ok(
        "2026-11-06T11:00:00+08:00",
        &["escalate", &id, "--reason", "needs the manager"],
    );
    assert_eq!(desk.ticket(&id).assignee.as_deref(), Some("chen"));
    let err = desk.fails(
        "2026-11-06T12:00:00+08:00",
        &["escalate", &id, "--reason", "again"],
    );
    assert!(err.contains("top of the ladder"), "{err}");
}

#[test]
fn skipping_a_level_is_logged_as_a_skip() {
    let desk = staffed();
    let id = desk.complaint(MON);
    desk.ok(
        MON,
        &[
            "escalate",
            &id,
            "--to",
            "manager",
            "--reason",
            "customer threatens to leave",
        ],
    );
    let t = desk.ticket(&id);
    assert_eq!(t.level, 2);
    let e = t
        .log
        .iter()
        .find(|e| e.action.as_str() == "escalate")
        .unwrap();
    assert_eq!(e.skip, Some(true));
    assert_eq!(e.reason.as_deref(), Some("customer threatens to leave"));
    desk.fails(MON, &["escalate", &id, "--to", "agent", "--reason", "x"]);
    desk.fails(MON, &["escalate", &id, "--to", "director", "--reason", "x"]);
    desk.fails(MON, &["escalate", &id]);
}

/// A shop time of November 2026 (`"02 09:00"`) as `--now` takes it.
fn at(local: &str) -> String {
    format!("2026-11-{local}:00+08:00").replace(' ', "T")
}

#[test]
fn escalate_auto_under_cron() {
    let desk = TestDesk::new();
    let id = desk.complaint(&at("02 09:00"));
    // Cron: no user named, no git identity, no terminal.
    let run = desk
        .cmd(&at("03 09:01"))
        .env_remove("INKDESK_USER")
        .args(["escalate", "--auto"])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(
        stdout.starts_with(&format!(
            "{id}: escalated to supervisor (resolution deadline passed"
        )),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{1b}'), "no colour codes");
    assert_eq!(desk.ticket(&id).log.last().unwrap().by, "inkdesk");
    // Nothing due: nothing printed, exit 0.
    let run = desk.ok(&at("03 09:02"), &["escalate", "--auto"]);
    assert!(run.stdout.is_empty());
    // A broken desk: exit 2 naming the file.
    std::fs::write(desk.path(&id), "id: [\n").unwrap();
    let err = desk.fails(&at("03 09:03"), &["escalate", "--auto"]);
    assert!(err.contains(&format!("{id}.yaml")), "{err}");
    desk.fails(&at("03 09:03"), &["escalate", "--auto", &id]);
}

/// A deadline passed after working hours is no working minute late: the automatic
/// escalation says "just past", never "0m late" (超时0分钟).
#[test]
fn an_escalation_just_after_hours_says_just_past() {
    for (lang, words, zero) in [
        (
            "en",
            "resolution was due 2026-11-02 18:00, not resolved (just past, after working hours)",
            "0m",
        ),
        (
            "zh",
            "解决时限 2026-11-02 18:00，仍未解决（下班后刚过时限）",
            "0分钟",
        ),
    ] {
        let desk = TestDesk::new();
        // A consultation of Monday 10:00 is due at the end of the day, 18:00.
        desk.open(
            &at("02 10:00"),
            &[
                "--kind",
                "consult",
                "--title",
                "价格",
                "--customer",
                "王先生",
            ],
        );
        let said = desk
            .ok(&at("02 18:30"), &["--lang", lang, "escalate", "--auto"])
            .stdout;
        assert!(said.contains(words) && !said.contains(zero), "{said}");
    }
}
