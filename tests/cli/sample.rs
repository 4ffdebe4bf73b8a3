//! `inkdesk sample`: the month's quality-review sample, the same for the same seed.

use crate::harness::{TestDesk, json};

const NOW: &str = "2026-11-20T17:00:00+08:00";

#[test]
fn the_quality_sample_is_reproducible() {
    let desk = TestDesk::new();
    for day in 1..=9 {
        let id = desk.open(
            &format!("2026-10-{:02}T10:00:00+08:00", day + 10),
            &["--kind", "consult", "--title", "q", "--customer", "c"],
        );
        desk.ok(
            &format!("2026-10-{:02}T11:00:00+08:00", day + 10),
            &["close", &id, "--force", "--reason", "answered on the phone"],
        );
    }
    let first = json(
        &desk
            .ok(NOW, &["sample", "--month", "2026-10", "--format", "json"])
            .stdout,
    );
    assert_eq!(first.as_array().unwrap().len(), 2, "20% of 9, rounded up");
    assert_eq!(
        first,
        json(&desk.ok(NOW, &["sample", "--format", "json"]).stdout),
        "the same month gives the same sample"
    );
    let half = json(
        &desk
            .ok(
                NOW,
                &[
                    "sample",
                    "--month",
                    "2026-10",
                    "--percent",
                    "50",
                    "--seed",
                    "x",
                    "--format",
                    "json",
                ],
            )
            .stdout,
    );
    assert_eq!(half.as_array().unwrap().len(), 5);
    let none = desk.ok(NOW, &["sample", "--month", "2026-09", "--format", "json"]);
    assert_eq!(json(&none.stdout), serde_json::json!([]));
    desk.fails(NOW, &["sample", "--percent", "0"]);
}
