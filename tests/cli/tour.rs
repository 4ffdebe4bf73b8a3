//! The README's tour of a complaint's life, step by step, with what it claims.

use crate::harness::{TestDesk, json};

#[test]
fn the_readme_tour_holds() {
    let desk = TestDesk::empty();
    desk.ok(
        "2026-11-02T17:00:00+08:00",
        &["init", ".", "--lang", "zh", "--timezone", "Asia/Shanghai"],
    );
    let id = desk.open(
        "2026-11-02T17:30:00+08:00",
        &[
            "--kind",
            "complaint",
            "--title",
            "画册封面色差严重",
            "--customer",
            "王先生",
            "--company",
            "蓝海广告",
            "--phone",
            "13800138000",
            "--vip",
            "--job",
            "GC-2026-1031",
            "--quantity",
            "2000",
        ],
    );
    let t = desk.ticket(&id);
    assert_eq!(
        t.due.response.unwrap().to_rfc3339(),
        "2026-11-02T18:00:00+08:00"
    );
    assert_eq!(
        t.due.resolution.unwrap().to_rfc3339(),
        "2026-11-03T17:30:00+08:00"
    );
    let short = &id[..6];
    desk.ok(
        "2026-11-03T09:10:00+08:00",
        &[
            "update",
            short,
            "--contacted",
            "--note",
            "已致歉，明天中午前给出方案",
        ],
    );
    desk.ok(
        "2026-11-03T10:00:00+08:00",
        &[
            "update",
            short,
            "--status",
            "waiting",
            "--reason",
            "等客户寄回样品",
        ],
    );
    desk.ok(
        "2026-11-04T14:00:00+08:00",
        &["update", short, "--status", "open", "--note", "样品已收到"],
    );
    let moved = desk.ticket(&id).log.last().unwrap().clone();
    assert_eq!(
        (moved.rule.as_deref(), moved.reason.as_deref()),
        (Some("waited"), None),
        "the wait is recorded as a rule, in no language"
    );
    assert_eq!(
        desk.ticket(&id).due.resolution.unwrap().to_rfc3339(),
        "2026-11-05T12:30:00+08:00"
    );
    desk.ok(
        "2026-11-04T14:05:00+08:00",
        &["update", short, "--promise", "2026-11-06"],
    );
    desk.ok(
        "2026-11-05T11:00:00+08:00",
        &["escalate", short, "--reason", "需要主管批准重印"],
    );
    desk.ok(
        "2026-11-05T16:00:00+08:00",
        &[
            "resolve",
            short,
            "--cause",
            "ours",
            "--remedy",
            "reprint",
            "--summary",
            "重印2000册，11月6日送达",
            "--cost",
            "3200",
        ],
    );
    assert_eq!(
        desk.ticket(&id).due.callback.unwrap().to_rfc3339(),
        "2026-11-10T16:00:00+08:00"
    );
    desk.ok(
        "2026-11-09T10:00:00+08:00",
        &["callback", short, "--unreached"],
    );
    desk.ok(
        "2026-11-09T15:00:00+08:00",
        &[
            "callback",
            short,
            "--reached",
            "--satisfaction",
            "satisfied",
        ],
    );
    // A complaint closes once someone other than the resolver has checked it (复检).
    assert_eq!(desk.ticket(&id).status.as_str(), "resolved");
    desk.ok(
        "2026-11-09T15:30:00+08:00",
        &["verify", short, "--ok", "--as", "zhou"],
    );
    let shown = desk
        .ok("2026-11-09T15:30:00+08:00", &["show", short])
        .stdout;
    // The tour's desk speaks Chinese.
    assert!(shown.contains("已完成，超时10分钟"), "{shown}");
    assert!(shown.contains("已完成，超时3小时30分钟"), "{shown}");
    let v = json(
        &desk
            .ok(
                "2026-11-09T15:30:00+08:00",
                &["show", short, "--format", "json"],
            )
            .stdout,
    );
    assert_eq!(v["status"], "closed");
    assert_eq!(v["level"], 1);
    assert_eq!(v["resolution"]["cost"], 3200);
    desk.ok("2026-11-09T15:30:00+08:00", &["check"]);
}
