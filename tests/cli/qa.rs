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
            &at("15:00"),
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
