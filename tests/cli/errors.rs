use crate::harness::{TestDesk, walk};

const MON: &str = "2026-11-02T10:00:00+08:00";

#[test]
fn a_failing_command_changes_nothing() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    desk.ok(MON, &["close", &id, "--force", "--reason", "test"]);
    let before = desk.snapshot();
    desk.fails(
        MON,
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "reprint",
            "--summary",
            "x",
        ],
    );
    desk.fails(MON, &["update", &id, "--contacted"]);
    desk.fails(
        MON,
        &[
            "resolve",
            &id,
            "--cause",
            "weather",
            "--remedy",
            "reprint",
            "--summary",
            "x",
        ],
    );
    desk.fails(
        MON,
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "reprint",
            "--summary",
            "x",
            "--cost",
            "1,0",
        ],
    );
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn no_temporary_file_is_left_behind() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    for n in 0..5 {
        desk.ok(MON, &["update", &id, "--note", &format!("note {n}")]);
    }
    let stray: Vec<_> = walk(&desk.root().join("records"))
        .into_iter()
        .filter(|p| !p.to_string_lossy().ends_with(".yaml") && !p.ends_with(".gitkeep"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
    assert_eq!(walk(&desk.root().join("records")).len(), 2);
}

#[test]
fn concurrent_updates_are_serialised_by_the_lock() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    let children: Vec<_> = (0..8)
        .map(|n| {
            let mut cmd = desk.std_cmd(MON);
            cmd.args(["update", &id, "--note", &format!("parallel {n}")])
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let t = desk.ticket(&id);
    let mut notes: Vec<String> = t.log.iter().filter_map(|e| e.note.clone()).collect();
    notes.sort();
    assert_eq!(
        notes,
        (0..8).map(|n| format!("parallel {n}")).collect::<Vec<_>>(),
        "no update was lost"
    );
    desk.ok(MON, &["check"]);
}

#[test]
fn bad_records_and_flags_get_exit_2_with_the_place() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    let path = desk.path(&id);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("  name: Mr Wang\n", "  name: Mr Wang\n  fax: '1234'\n"),
    )
    .unwrap();
    let err = desk.fails(MON, &["show", &id]);
    let line = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .position(|l| l.contains("fax:"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!(
            "{id}.yaml:{line}: customer.fax: unknown field `fax`"
        )),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    std::fs::write(&path, "id: [unclosed\n").unwrap();
    let err = desk.fails(MON, &["update", &id, "--note", "x"]);
    assert!(err.contains(&format!("{id}.yaml:")), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "id: [unclosed\n",
        "the broken file is left as it was"
    );

    let err = desk.fails(
        "2026-11-01T09:00:00+08:00",
        &["update", &desk.complaint(MON), "--note", "back-dated"],
    );
    assert!(
        err.contains("--now") && err.contains("earlier than the last event"),
        "{err}"
    );
    let err = desk.fails("yesterday", &["list"]);
    assert!(err.contains("--now"), "{err}");
    let err = desk.fails(MON, &["show", "AB-1"]);
    assert!(err.contains("cannot appear in an id"), "{err}");
}

#[test]
fn no_desk_and_no_actor_are_explained() {
    let empty = TestDesk::empty();
    let err = empty.fails(MON, &["list"]);
    assert!(
        err.contains("no desk found") && err.contains("inkdesk init"),
        "{err}"
    );
    let desk = TestDesk::new();
    let run = desk
        .cmd(MON)
        .env_remove("INKDESK_USER")
        .args([
            "open",
            "--kind",
            "complaint",
            "--title",
            "t",
            "--customer",
            "c",
            "--phone",
            "13800138000",
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--as"));
    let run = desk
        .cmd(MON)
        .env_remove("INKDESK_USER")
        .args([
            "--as",
            "tom",
            "open",
            "--kind",
            "complaint",
            "--title",
            "t",
            "--customer",
            "c",
            "--email",
            "c@example.com",
        ])
        .output()
        .unwrap();
    assert!(run.status.success());
}

#[test]
fn the_desk_is_found_from_a_subfolder_and_from_inkdesk_dir() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    let sub = desk.root().join("records/2026");
    let run = desk
        .cmd(MON)
        .current_dir(&sub)
        .args(["show", &id, "--format", "json"])
        .output()
        .unwrap();
    assert!(run.status.success());
    let elsewhere = tempfile::tempdir().unwrap();
    let run = desk
        .cmd(MON)
        .current_dir(elsewhere.path())
        .env("INKDESK_DIR", desk.root())
        .args(["show", &id])
        .output()
        .unwrap();
    assert!(run.status.success());
}

#[test]
fn the_remaining_formats_and_flag_errors_read_as_documented() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    desk.ok("2026-11-02T10:30:00+08:00", &["update", &id, "--contacted"]);

    // check speaks CSV too: a header and one row per problem.
    let path = desk.path(&id);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("kind: complaint", "kind: billing")).unwrap();
    let run = desk.run(MON, &["check", "--format", "csv"]);
    assert_eq!(run.code, 1);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["path", "line", "field", "message"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (&rows[0][2], rows[0][3].contains("billing")),
        ("kind", true)
    );
    std::fs::write(&path, text).unwrap();

    // history speaks CSV with full commit hashes, newest first.
    let csv = desk.ok(MON, &["history", &id, "--format", "csv"]).stdout;
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][0].len(), 40);
    assert!(
        rows[0][3].contains("contact recorded") && rows[1][3].contains("open complaint"),
        "{rows:?}"
    );

    // open --edit with no editor set, and a deadline that is not a time.
    let err = desk.fails(MON, &["open", "--kind", "repair", "--edit"]);
    assert!(
        err.contains("no editor") && err.contains("$EDITOR"),
        "{err}"
    );
    let err = desk.fails(
        "2026-11-02T11:00:00+08:00",
        &["update", &id, "--due", "resolution=soon", "--reason", "x"],
    );
    assert!(
        err.contains("--due") && err.contains("`soon` is not a time"),
        "{err}"
    );
}
