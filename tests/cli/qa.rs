//! `inkdesk qa`: the quality review's score of a handled ticket, and each agent's count and average in the review.

use crate::harness::{TestDesk, json};

#[test]
fn quality_review_draws_per_agent_and_scores_each_agent() {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", crate::harness::STAFF);
    // November: Lina closes twelve suggestions, Tom two.
    let mut closed: Vec<(String, &str)> = Vec::new();
    for n in 0..14 {
        let who = if n < 12 { "lina" } else { "tom" };
        let day = format!("2026-11-{:02}", 2 + n % 5);
        let at = |time: &str| format!("{day}T{time}:00+08:00");
        // Called back a week later, after the policy's earliest time.
        let later = format!("2026-11-{:02}T15:00:00+08:00", 9 + n % 5);
        let id = desk.open(
            &at("10:00"),
            &[
                "--as",
                who,
                "--kind",
                "suggestion",
                "--title",
                "报价",
                "--customer",
                "客户",
            ],
        );
        desk.ok(
            &at("11:00"),
            &[
                "--as",
                who,
                "resolve",
                &id,
                "--cause",
                "unknown",
                "--remedy",
                "explain",
                "--summary",
                "已报价",
            ],
        );
        desk.ok(
            &later,
            &[
                "--as",
                who,
                "callback",
                &id,
                "--reached",
                "--satisfaction",
                "satisfied",
            ],
        );
        closed.push((id, who));
    }
    let drawn = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["sample", "--month", "2026-11", "--format", "json"];
        args.extend_from_slice(extra);
        json(&desk.ok("2026-12-01T09:00:00+08:00", &args).stdout)
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["assignee"].as_str().unwrap().to_string())
            .collect()
    };
    // 20% of 14 is 3 (rounded up), drawn from all; per agent 20% of 12 is 3 and 20% of
    // 2 is at least the policy's one.
    assert_eq!(drawn(&[]).len(), 3);
    let per_agent = drawn(&["--per-agent"]);
    assert_eq!(
        (
            per_agent.iter().filter(|a| *a == "lina").count(),
            per_agent.iter().filter(|a| *a == "tom").count()
        ),
        (3, 1)
    );
    // The reviewer's results: Lina 80 and 95, Tom 70.
    let at = "2026-11-20T10:00:00+08:00";
    for (n, score) in [(0, "80"), (1, "95"), (12, "70")] {
        desk.ok(
            at,
            &[
                "--as",
                "zhou",
                "qa",
                &closed[n].0,
                "--score",
                score,
                "--note",
                "话术规范",
            ],
        );
    }
    let err = desk.fails(at, &["--as", "zhou", "qa", &closed[2].0, "--score", "101"]);
    assert!(err.contains("101"), "{err}");
    let open = desk.complaint(at);
    desk.fails(at, &["--as", "zhou", "qa", &open, "--score", "90"]);
    let review = desk.review("2026-12-01T09:00:00+08:00", "2026-11", &[])["current"].clone();
    assert_eq!(
        review["quality"],
        serde_json::json!({
            "lina": {"reviewed": 2, "average": 87.5},
            "tom": {"reviewed": 1, "average": 70.0}
        })
    );
    desk.ok(
        "2026-12-01T09:00:00+08:00",
        &["export", "--events", "-o", "events.csv"],
    );
    let events = std::fs::read_to_string(desk.root().join("events.csv")).unwrap();
    assert_eq!(events.lines().filter(|l| l.contains(",qa,")).count(), 3);
    let table = desk
        .ok(
            "2026-12-01T09:00:00+08:00",
            &["report", "--month", "2026-11", "--lang", "zh"],
        )
        .stdout;
    assert!(
        table.contains("各坐席质检") && table.contains("2 · 87.5"),
        "{table}"
    );
}

/// Nobody scores their own work: the holder and whoever resolved the ticket are refused
/// (in the desk's language), and a self-review already in a record (written before the
/// desk refused one) is left out of the holder's average.
#[test]
fn nobody_reviews_their_own_ticket() {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", crate::harness::STAFF);
    let at = "2026-11-03T10:00:00+08:00";
    let id = desk.open(
        at,
        &[
            "--as",
            "lina",
            "--kind",
            "suggestion",
            "--title",
            "报价",
            "--customer",
            "客户",
        ],
    );
    desk.ok(
        "2026-11-03T11:00:00+08:00",
        &[
            "--as",
            "lina",
            "resolve",
            &id,
            "--cause",
            "unknown",
            "--remedy",
            "explain",
            "--summary",
            "已报价",
        ],
    );
    // Handed to Tom after it was resolved: Tom holds it, Lina resolved it.
    desk.ok(
        "2026-11-03T12:00:00+08:00",
        &["--as", "zhou", "update", &id, "--assign", "tom"],
    );
    let later = "2026-11-04T10:00:00+08:00";
    let before = desk.snapshot();
    for (who, words) in [("lina", "李娜 resolved"), ("tom", "Tom Chen holds")] {
        let err = desk.fails(later, &["--as", who, "qa", &id, "--score", "100"]);
        assert!(err.contains(words) && err.contains("--as"), "{err}");
    }
    let zh = desk.run(
        later,
        &["--lang", "zh", "--as", "lina", "qa", &id, "--score", "100"],
    );
    assert_eq!(zh.code, 2);
    assert!(
        zh.stderr
            .contains("这张工单是李娜解决的；质检必须由其他人来做"),
        "{}",
        zh.stderr
    );
    assert_eq!(desk.snapshot(), before, "nothing written");
    desk.ok(later, &["--as", "zhou", "qa", &id, "--score", "60"]);

    // A record holding Tom's own review of 100 from before: his average stays 60.
    let path = crate::harness::walk(&desk.root().join("records"))
        .into_iter()
        .find(|p| p.to_string_lossy().contains(&id))
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let own = "- at: 2026-11-04T11:00:00+08:00\n  by: tom\n  action: qa\n  score: 100\n";
    std::fs::write(&path, format!("{text}{own}")).unwrap();
    desk.ok(later, &["check"]);
    let review = desk.review("2026-12-01T09:00:00+08:00", "2026-11", &[])["current"].clone();
    assert_eq!(
        review["quality"],
        serde_json::json!({"tom": {"reviewed": 1, "average": 60.0}})
    );
}
