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
    assert!(
        again
            .stderr
            .contains("a known caller: name, company, VIP mark taken from"),
        "{}",
        again.stderr
    );
    let done = again.stderr.find("opened").unwrap_or(usize::MAX);
    let known = again.stderr.find("known caller").unwrap_or_default();
    assert!(
        done < known,
        "said after the ticket exists: {}",
        again.stderr
    );
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
    // Given his name and company, only the VIP mark is taken, and only that is said.
    let named = open(
        "2026-11-05T10:05:00+08:00",
        &[
            "--kind",
            "reprint",
            "--title",
            "样册",
            "--customer",
            "王建国",
            "--company",
            "蓝海广告",
            "--phone",
            "13800138000",
        ],
    );
    assert_eq!(named.code, 0, "{}", named.stderr);
    assert!(
        named.stderr.contains("a known caller: VIP mark taken from"),
        "{}",
        named.stderr
    );
    // An open that fails says nothing of what it would have filled.
    let failed = open(
        "2026-11-05T10:06:00+08:00",
        &[
            "--kind",
            "reprint",
            "--title",
            "x",
            "--phone",
            "13800138000",
            "--email",
            "notanemail",
        ],
    );
    assert_eq!(failed.code, 2);
    assert!(
        !failed.stderr.contains("known caller") && failed.stderr.contains("--email"),
        "{}",
        failed.stderr
    );
    let everything = open(
        "2026-11-05T10:07:00+08:00",
        &[
            "--kind",
            "reprint",
            "--title",
            "x",
            "--customer",
            "王建国",
            "--company",
            "蓝海广告",
            "--vip",
            "--phone",
            "13800138000",
        ],
    );
    assert!(
        !everything.stderr.contains("known caller"),
        "{}",
        everything.stderr
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
    assert_eq!(rows.len(), 4, "{listed}");
    assert_eq!(rows[0]["id"], everything.stdout.trim(), "the latest first");
    // A number made wrong by hand is found by check, with its key and line.
    let path = crate::harness::walk(&desk.root().join("records"))
        .into_iter()
        .find(|p| p.to_string_lossy().contains(&id))
        .unwrap();
    let good = std::fs::read_to_string(&path).unwrap();
    let bad = good.replacen("phone: '+86 13800138000'", "phone: 'abc'", 1);
    assert_ne!(bad, good, "{good}");
    std::fs::write(&path, bad).unwrap();
    let found = desk.run("2026-11-05T11:00:00+08:00", &["check"]);
    assert_eq!(found.code, 1);
    assert!(
        found
            .stdout
            .contains(": customer.phone: `abc` is not a phone number"),
        "{}",
        found.stdout
    );
    std::fs::write(&path, good).unwrap();
    let by_name = desk.ok(
        "2026-11-05T11:00:00+08:00",
        &["customer", "王建国", "--lang", "zh"],
    );
    assert!(
        by_name.stdout.contains("重印仍有色差") && by_name.stderr.contains("共 4 个工单"),
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

/// The monthly care call (按月跟进关怀): `customer --complained --month 2026-11` lists
/// everyone whose complaint was opened in November — 王先生 twice (the later one
/// reprinted and closed satisfied), 李女士 once — but not October's complainant nor
/// November's consultation; the care call recorded on 王先生's last ticket shows.
#[test]
fn the_month_s_complainants_for_their_care_call() {
    let desk = TestDesk::new();
    let complaint = |at: &str, who: &str| {
        desk.open(
            at,
            &["--kind", "complaint", "--title", "色差", "--customer", who],
        )
    };
    complaint("2026-10-28T10:00:00+08:00", "赵先生");
    complaint("2026-11-03T10:00:00+08:00", "王先生");
    let last = complaint("2026-11-10T10:00:00+08:00", "王先生");
    complaint("2026-11-12T10:00:00+08:00", "李女士");
    desk.open(
        "2026-11-12T11:00:00+08:00",
        &[
            "--kind",
            "consult",
            "--title",
            "报价",
            "--customer",
            "钱先生",
        ],
    );
    desk.reprinted("2026-11-10T16:00:00+08:00", &last);
    desk.ok(
        "2026-11-10T16:30:00+08:00",
        &["verify", &last, "--ok", "--as", "zhou"],
    );
    desk.ok(
        "2026-11-12T16:00:00+08:00",
        &[
            "callback",
            &last,
            "--reached",
            "--satisfaction",
            "satisfied",
        ],
    );
    let listed = |now: &str| -> Vec<(String, String, String, String, bool)> {
        let args = [
            "customer",
            "--complained",
            "--month",
            "2026-11",
            "--format",
            "json",
        ];
        json(&desk.ok(now, &args).stdout)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["customer"].as_str().unwrap().to_string(),
                    r["complaints"].as_str().unwrap().to_string(),
                    r["status"].as_str().unwrap().to_string(),
                    r["satisfaction"].as_str().unwrap().to_string(),
                    !r["cared_at"].as_str().unwrap().is_empty(),
                )
            })
            .collect()
    };
    let row = |who: &str, n: &str, status: &str, sat: &str, cared| {
        (
            who.to_string(),
            n.to_string(),
            status.to_string(),
            sat.to_string(),
            cared,
        )
    };
    assert_eq!(
        listed("2026-12-01T09:00:00+08:00"),
        vec![
            row("李女士", "1", "open", "", false),
            row("王先生", "2", "closed", "satisfied", false)
        ]
    );
    desk.ok(
        "2026-12-02T10:00:00+08:00",
        &[
            "update",
            &last,
            "--care-call",
            "--note",
            "客户对重印满意，下月有新订单",
        ],
    );
    assert!(listed("2026-12-02T10:05:00+08:00")[1].4, "王先生 called");
    let t = desk.ticket(&last);
    assert_eq!(t.status.as_str(), "closed", "the call changes nothing else");
    assert_eq!(t.log.last().unwrap().action.as_str(), "care");
    // Without --month: the last complete month, in the desk's words.
    let zh = desk.run(
        "2026-12-02T10:10:00+08:00",
        &["--lang", "zh", "customer", "--complained"],
    );
    assert_eq!(zh.code, 0);
    assert!(
        zh.stdout.contains("关怀回访") && zh.stdout.contains("王先生"),
        "{}",
        zh.stdout
    );
    assert!(
        zh.stderr
            .contains("2026-11：2 位客户投诉过，其中 1 位已做关怀回访"),
        "{}",
        zh.stderr
    );
}
