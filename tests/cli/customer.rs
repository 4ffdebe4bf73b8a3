//! `inkdesk customer`: a caller's tickets by phone, name or company; `open --phone` of a known caller fills in who they are.

use crate::harness::{TestDesk, json};

#[test]
fn a_known_caller_is_recognised_and_a_callback_kind_needs_a_number() {
    let desk = TestDesk::new();
    let open = |now: &str, args: &[&str]| {
        let mut all = vec!["open"];
        all.extend_from_slice(args);
        desk.run(now, &all)
    };
    // A complaint without a phone or an e-mail cannot be called back: refused.
    let refused = open(
        "2026-11-02T09:00:00+08:00",
        &[
            "--kind",
            "complaint",
            "--title",
            "色差",
            "--customer",
            "王建国",
        ],
    );
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("--phone"), "{}", refused.stderr);
    // A consultation may be anonymous.
    let consult = open(
        "2026-11-02T09:00:00+08:00",
        &["--kind", "consult", "--title", "报价", "--customer", "路人"],
    );
    assert_eq!(consult.code, 0, "{}", consult.stderr);
    let first = open(
        "2026-11-02T09:10:00+08:00",
        &[
            "--kind",
            "complaint",
            "--title",
            "色差",
            "--customer",
            "王建国",
            "--company",
            "蓝海广告",
            "--phone",
            "138 0013 8000",
            "--vip",
        ],
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    // He calls again: his number alone fills in the rest, and says so.
    let again = open(
        "2026-11-05T10:00:00+08:00",
        &[
            "--kind",
            "reprint",
            "--title",
            "重印仍有色差",
            "--phone",
            "+86 13800138000",
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("known caller"), "{}", again.stderr);
    let id = again.stdout.trim().to_string();
    let t = desk.ticket(&id);
    assert_eq!(
        (
            t.customer.name.as_str(),
            t.customer.company.as_deref(),
            t.customer.vip
        ),
        ("王建国", Some("蓝海广告"), true)
    );
    // A number nobody called from before needs a name.
    let unknown = open(
        "2026-11-05T10:00:00+08:00",
        &[
            "--kind",
            "reprint",
            "--title",
            "x",
            "--phone",
            "13912345678",
        ],
    );
    assert_eq!(unknown.code, 2);
    // His history: both tickets, open first, and he complained before.
    let listed = json(
        &desk
            .ok(
                "2026-11-05T11:00:00+08:00",
                &["customer", "13800138000", "--format", "json"],
            )
            .stdout,
    );
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{listed}");
    assert_eq!(rows[0]["id"], id.as_str(), "the latest first");
    let by_name = desk.ok(
        "2026-11-05T11:00:00+08:00",
        &["customer", "王建国", "--lang", "zh"],
    );
    assert!(
        by_name.stdout.contains("重印仍有色差") && by_name.stderr.contains("共 2 个工单"),
        "{}{}",
        by_name.stdout,
        by_name.stderr
    );
}

#[test]
fn an_unknown_caller_lists_nothing_and_says_so() {
    let desk = TestDesk::new();
    desk.complaint("2026-11-02T10:00:00+08:00");
    let run = desk.ok("2026-11-02T11:00:00+08:00", &["customer", "Nobody"]);
    assert_eq!(run.stdout, "", "no empty table");
    assert!(run.stderr.contains("Nobody"), "{}", run.stderr);
    let run = desk.run("2026-11-02T11:00:00+08:00", &["customer", " "]);
    assert_eq!(run.code, 2);
}
