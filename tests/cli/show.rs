use crate::harness::{TestDesk, json};

const MON_1730: &str = "2026-11-02T17:30:00+08:00";

#[test]
fn show_json_is_the_ticket_with_deadline_states() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON_1730);
    desk.ok(
        "2026-11-03T10:00:00+08:00",
        &["update", &id, "--contacted", "--note", "called back"],
    );
    let v = json(
        &desk
            .ok(
                "2026-11-03T20:00:00+08:00",
                &["show", &id, "--format", "json"],
            )
            .stdout,
    );
    assert_eq!(v["id"], id.as_str());
    assert_eq!(v["customer"]["name"], "Mr Wang");
    assert_eq!(v["due"]["response"], "2026-11-03T09:30:00+08:00");
    assert_eq!(v["log"][1]["action"], "contact");
    let states: Vec<(String, String)> = v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["name"].as_str().unwrap().to_string(),
                d["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        states.contains(&("response".into(), "met".into())),
        "{states:?}"
    );
    assert!(
        states.contains(&("resolution".into(), "missed".into())),
        "{states:?}"
    );
    let response = v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "response")
        .unwrap();
    assert_eq!(response["late"], 30, "met 30 working minutes late");
}

#[test]
fn show_table_names_each_deadline_state_and_the_timeline() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON_1730);
    let out = desk.ok("2026-11-03T09:00:00+08:00", &["show", &id]).stdout;
    assert!(out.contains("Cover colour is off"), "{out}");
    // The template's description headings, left empty, are not shown.
    let description = desk.ticket(&id).description;
    let heading = description.lines().next().unwrap();
    assert!(heading.ends_with(':'), "{description}");
    assert!(!out.contains(heading), "{out}");
    assert!(
        out.contains("first contact") && out.contains("due soon, 30m left"),
        "{out}"
    );
    assert!(out.contains("opened"), "{out}");
    let out = desk.ok("2026-11-03T10:00:00+08:00", &["show", &id]).stdout;
    assert!(out.contains("MISSED, 30m late"), "{out}");
    let md = desk
        .ok(
            "2026-11-03T10:00:00+08:00",
            &["show", &id, "--format", "markdown"],
        )
        .stdout;
    assert!(
        md.starts_with(&format!("## {id} Cover colour is off")),
        "{md}"
    );
    assert!(
        md.contains("| first contact |")
            && md.contains("MISSED, 30m late")
            && md.contains("| when | who | what | details |"),
        "{md}"
    );
    let csv = desk.ok(MON_1730, &["show", &id, "--format", "csv"]).stdout;
    assert!(
        csv.starts_with("id,at,by,action,deadline,field,from,to,"),
        "one row per event, the file's codes: {csv}"
    );
}

#[test]
fn ids_are_found_by_unique_prefix_in_any_case() {
    let desk = TestDesk::new();
    let a = desk.complaint(MON_1730);
    let b = desk.complaint(MON_1730);
    let unique = |id: &str, other: &str| {
        let n = (0..12).find(|&n| id[..n] != other[..n]).unwrap() + 1;
        id[..n.max(4)].to_lowercase()
    };
    let v = json(
        &desk
            .ok(MON_1730, &["show", &unique(&a, &b), "--format", "json"])
            .stdout,
    );
    assert_eq!(v["id"], a.as_str());
    // Both were opened in the same 4 seconds: their first six characters are equal.
    let err = desk.fails(MON_1730, &["show", &a[..5]]);
    assert!(
        err.contains("ambiguous") && err.contains(&a) && err.contains(&b),
        "{err}"
    );
    let err = desk.fails(MON_1730, &["show", "ZZZZZZ"]);
    assert!(err.contains("no ticket matches"), "{err}");
    let err = desk.fails(MON_1730, &["show", &a[..3]]);
    assert!(err.contains("too short"), "{err}");
}
