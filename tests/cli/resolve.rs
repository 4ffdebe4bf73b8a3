//! `inkdesk resolve`: cause, remedy, summary and compensation (within authority or approved), and the callback it schedules.

use crate::harness::TestDesk;

const MON: &str = "2026-11-02T10:00:00+08:00";

#[test]
fn resolve_then_a_satisfied_callback_closes() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    desk.ok(
        "2026-11-02T15:00:00+08:00",
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "reprint",
            "--summary",
            "reprinted 2000 covers",
            "--cost",
            "3200",
            "--approved-by",
            "zhou",
        ],
    );
    let t = desk.ticket(&id);
    assert_eq!(t.status.as_str(), "resolved");
    let r = t.resolution.as_ref().unwrap();
    assert_eq!(
        (
            r.cause.unwrap().as_str(),
            r.remedy.unwrap().as_str(),
            r.cost.map(|c| c.units())
        ),
        ("ours", "reprint", Some(3200.0))
    );
    assert!(desk.text(&id).contains("  cost: 3200\n"));
    assert_eq!(
        t.due.callback.unwrap().to_rfc3339(),
        "2026-11-05T15:00:00+08:00"
    );
    assert_eq!(t.due.progress, None);
    let said = desk.ok(
        "2026-11-04T10:00:00+08:00",
        &[
            "callback",
            &id,
            "--reached",
            "--satisfaction",
            "satisfied",
            "--note",
            "happy",
        ],
    );
    // A complaint closes once someone other than the resolver has checked it (复检).
    assert!(said.stderr.contains("second check"), "{}", said.stderr);
    assert_eq!(desk.ticket(&id).status.as_str(), "resolved");
    let err = desk.fails("2026-11-04T10:30:00+08:00", &["verify", &id, "--ok"]);
    assert!(
        err.contains("someone else"),
        "the resolver cannot check: {err}"
    );
    desk.ok(
        "2026-11-04T10:30:00+08:00",
        &["verify", &id, "--ok", "--as", "zhou"],
    );
    let t = desk.ticket(&id);
    assert_eq!(
        (t.status.as_str(), t.satisfaction.map(|s| s.as_str())),
        ("closed", Some("satisfied"))
    );
    let (callback, check) = (&t.log[t.log.len() - 2], &t.log[t.log.len() - 1]);
    assert_eq!(
        (callback.to.as_deref(), check.verified, check.to.as_deref()),
        (Some("resolved"), Some(true), Some("closed")),
        "the log says which event closed it"
    );
    let err = desk.fails(
        "2026-11-04T11:00:00+08:00",
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "none",
            "--summary",
            "x",
        ],
    );
    assert!(err.contains("is closed: cannot resolve"), "{err}");
    desk.fails(
        "2026-11-04T11:00:00+08:00",
        &["callback", &id, "--reached", "--satisfaction", "satisfied"],
    );
}

#[test]
fn compensation_above_a_levels_authority_needs_an_approver_who_may_grant_it() {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", crate::harness::STAFF);
    let refund = |id: &str, cost: &str, extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "resolve",
            id,
            "--cause",
            "ours",
            "--remedy",
            "refund",
            "--summary",
            "全额退款",
            "--cost",
            cost,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        desk.run("2026-11-02T15:00:00+08:00", &args)
    };
    let id = desk.complaint("2026-11-02T10:00:00+08:00");
    // Lina is an agent: ¥500 alone, not ¥50,000.
    assert_eq!(run(refund(&id, "500", &[])).code, 0);
    let id = desk.complaint("2026-11-02T10:00:00+08:00");
    let big = run(refund(&id, "50000", &[]));
    assert_eq!(big.code, 2);
    assert!(
        big.stderr.contains("¥50,000")
            && big.stderr.contains("¥500")
            && big.stderr.contains("陈总"),
        "the limit and who may approve: {}",
        big.stderr
    );
    // The supervisor may grant up to ¥5,000: not this.
    let err = run(refund(&id, "50000", &["--approved-by", "zhou"]));
    assert_eq!(err.code, 2, "{}", err.stderr);
    // The manager may grant any amount; the approval is logged.
    assert_eq!(
        run(refund(&id, "50000", &["--approved-by", "陈总"])).code,
        0
    );
    let t = desk.ticket(&id);
    let resolved = t
        .log
        .iter()
        .find(|e| e.action.as_str() == "resolve")
        .unwrap();
    assert_eq!(resolved.approved_by.as_deref(), Some("chen"));
    assert!(desk.text(&id).contains("  approved_by: chen\n"));
}

/// A template says what resolving its kind needs: a consultation needs no cause, no
/// remedy and no callback, so it closes as it is answered and the review does not count
/// it as closed without a callback; a complaint without its cause is refused, naming
/// the flag. A kind that needs a second check but no callback closes after the check.
#[test]
fn a_kind_resolves_with_what_its_template_needs() {
    let desk = TestDesk::new();
    let consult = desk.open(
        MON,
        &[
            "--kind",
            "consult",
            "--title",
            "Paper stock?",
            "--customer",
            "Acme",
        ],
    );
    let said = desk
        .ok(MON, &["resolve", &consult, "--summary", "answered: 3 days"])
        .stderr;
    assert!(said.contains("closed"), "{said}");
    let t = desk.ticket(&consult);
    assert_eq!(t.status.as_str(), "closed");
    assert_eq!(t.due.callback, None);
    let r = t.resolution.unwrap();
    assert_eq!((r.cause, r.remedy), (None, None));
    assert!(
        !desk.text(&consult).contains("cause:"),
        "no empty cause is written"
    );
    let review = desk.review("2026-12-01T09:00:00+08:00", "2026-11", &[])["current"].clone();
    assert_eq!(review["closed"], 1);
    assert_eq!(review["closed_without_callback"], 0);
    assert_eq!(review["callback_rate"]["total"], 0, "{review}");
    assert_eq!(review["causes"]["unknown"], 0);

    let complaint = desk.complaint(MON);
    let before = desk.text(&complaint);
    let refused = desk.fails(
        MON,
        &[
            "resolve",
            &complaint,
            "--remedy",
            "reprint",
            "--summary",
            "x",
        ],
    );
    assert!(refused.contains("--cause"), "{refused}");
    assert_eq!(desk.text(&complaint), before);

    // A complaint template without a callback: closed by its second check.
    let template = desk.root().join("templates/complaint.yaml");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, format!("{text}needs_callback: false\n")).unwrap();
    desk.ok(
        MON,
        &[
            "resolve",
            &complaint,
            "--cause",
            "ours",
            "--remedy",
            "reprint",
            "--summary",
            "x",
        ],
    );
    assert_eq!(desk.ticket(&complaint).status.as_str(), "resolved");
    desk.ok(MON, &["verify", &complaint, "--ok", "--as", "zhou"]);
    assert_eq!(desk.ticket(&complaint).status.as_str(), "closed");
}
