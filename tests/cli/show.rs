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

/// The agreed answer (统一口径) of a kind is what every agent says: `open` tells the
/// clerk still on the phone, `show` prints it with the cause's once the cause is known,
/// and `check` names a cause the answers list that is not one, by its line.
#[test]
fn the_agreed_answer_of_a_kind_and_of_its_cause() {
    let desk = TestDesk::new();
    let run = desk.run(
        "2026-11-02T10:00:00+08:00",
        &[
            "open",
            "--kind",
            "complaint",
            "--title",
            "Colour off",
            "--customer",
            "Mr Wang",
            "--phone",
            "13900000000",
            "--department",
            "Production",
        ],
    );
    assert_eq!(run.code, 0);
    assert!(
        run.stderr
            .contains("agreed answer (统一口径): We are sorry for the trouble."),
        "{}",
        run.stderr
    );
    let id = run.stdout.trim().to_string();
    let shown = desk.ok("2026-11-02T10:05:00+08:00", &["show", &id]).stdout;
    assert!(
        shown.contains("Agreed answer (统一口径):\n  We are sorry"),
        "{shown}"
    );
    desk.ok(
        "2026-11-02T11:00:00+08:00",
        &[
            "resolve",
            &id,
            "--cause",
            "customer",
            "--remedy",
            "explain",
            "--summary",
            "RGB file",
            "--accepted",
        ],
    );
    let answers = json(
        &desk
            .ok(
                "2026-11-02T11:05:00+08:00",
                &["show", &id, "--format", "json"],
            )
            .stdout,
    )["answers"]
        .clone();
    assert_eq!(answers.as_array().unwrap().len(), 2, "{answers}");
    assert!(
        answers[1]
            .as_str()
            .unwrap()
            .starts_with("The file we printed from had the fault")
    );
    // A consultation's template has no agreed answer: nothing is printed.
    let consult = desk.run(
        "2026-11-02T12:00:00+08:00",
        &[
            "open",
            "--kind",
            "consult",
            "--title",
            "Price",
            "--customer",
            "Ms Li",
        ],
    );
    assert!(
        !consult.stderr.contains("agreed answer"),
        "{}",
        consult.stderr
    );
    let path = desk.root().join("templates/complaint.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("  carrier:", "  weather:")).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("  carrier:"))
        .unwrap()
        + 1;
    let run = desk.run("2026-11-02T12:05:00+08:00", &["check"]);
    assert_ne!(run.code, 0);
    let wanted = format!("templates/complaint.yaml:{line}: cause_answers.weather");
    assert!(
        run.stdout
            .lines()
            .chain(run.stderr.lines())
            .any(|l| l.contains(&wanted)),
        "{}{}",
        run.stdout,
        run.stderr
    );
}
