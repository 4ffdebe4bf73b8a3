//! The desk index is never stale: every change to the records shows in the very next
//! command, whatever made it.

use std::path::Path;

use crate::harness::{TestDesk, json};

const NOW: &str = "2026-11-02T12:00:00+08:00";

fn titles(desk: &TestDesk, extra: &[&str]) -> Vec<String> {
    let mut args = extra.to_vec();
    args.extend(["list", "--all", "--format", "json"]);
    json(&desk.ok(NOW, &args).stdout)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect()
}

fn git(dir: &Path, args: &[&str]) {
    crate::harness::git_ok(dir, args);
}

#[test]
fn hand_edits_checkouts_and_deletions_show_at_once() {
    let desk = TestDesk::new();
    let a = desk.open(
        "2026-11-02T10:00:00+08:00",
        &["--kind", "complaint", "--title", "AAAA", "--customer", "c"],
    );
    let b = desk.open(
        "2026-11-02T10:01:00+08:00",
        &["--kind", "complaint", "--title", "BBBB", "--customer", "c"],
    );
    assert_eq!(titles(&desk, &[]), ["AAAA", "BBBB"]);
    assert!(
        desk.root().join(".inkdesk/index").is_file(),
        "the read built the index"
    );

    // A hand edit that keeps the file's size.
    let path = desk.path(&a);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("title: AAAA", "title: ZZZZ")).unwrap();
    assert_eq!(titles(&desk, &[]), ["ZZZZ", "BBBB"]);

    // git checkout brings the old version back.
    git(desk.root(), &["checkout", "--", "."]);
    assert_eq!(titles(&desk, &[]), ["AAAA", "BBBB"]);

    // A deleted file is gone from the next list; a new one appears.
    std::fs::remove_file(desk.path(&b)).unwrap();
    assert_eq!(titles(&desk, &[]), ["AAAA"]);
    git(desk.root(), &["checkout", "--", "."]);
    assert_eq!(titles(&desk, &[]), ["AAAA", "BBBB"]);

    // A change made by inkdesk itself.
    desk.ok(
        "2026-11-02T11:00:00+08:00",
        &[
            "resolve",
            &a,
            "--cause",
            "ours",
            "--remedy",
            "explain",
            "--summary",
            "ok",
        ],
    );
    let open: Vec<String> = json(
        &desk
            .ok(NOW, &["list", "--status", "open", "--format", "json"])
            .stdout,
    )
    .as_array()
    .unwrap()
    .iter()
    .map(|r| r["id"].as_str().unwrap().to_string())
    .collect();
    assert_eq!(open, [b.as_str()]);

    // A broken hand edit is reported, not hidden behind the index.
    std::fs::write(desk.path(&b), "id: [\n").unwrap();
    let run = desk.run(NOW, &["list"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(&format!("{b}.yaml")), "{}", run.stderr);
}

#[test]
fn a_merge_from_another_clone_shows_at_once() {
    let front = TestDesk::new();
    let a = front.open(
        "2026-11-02T10:00:00+08:00",
        &["--kind", "complaint", "--title", "AAAA", "--customer", "c"],
    );
    let back = TestDesk::empty();
    git(
        back.root(),
        &["clone", "-q", front.root().to_str().unwrap(), "."],
    );
    back.ok(NOW, &["init"]);
    assert_eq!(titles(&front, &[]), ["AAAA"]);
    back.ok(
        "2026-11-02T10:30:00+08:00",
        &["update", &a, "--priority", "urgent"],
    );
    back.open(
        "2026-11-02T10:40:00+08:00",
        &["--kind", "consult", "--title", "CCCC", "--customer", "c"],
    );
    git(
        front.root(),
        &[
            "pull",
            "-q",
            "--no-rebase",
            "--no-edit",
            back.root().to_str().unwrap(),
            "HEAD",
        ],
    );
    assert_eq!(titles(&front, &[]), ["AAAA", "CCCC"]);
    let row = &json(&front.ok(NOW, &["list", "--format", "json"]).stdout)[0];
    assert_eq!(row["priority"], "urgent");
}

#[test]
fn a_corrupt_or_foreign_index_is_rebuilt_and_no_cache_ignores_it() {
    let desk = TestDesk::new();
    desk.open(
        "2026-11-02T10:00:00+08:00",
        &["--kind", "complaint", "--title", "AAAA", "--customer", "c"],
    );
    titles(&desk, &[]);
    let index = desk.root().join(".inkdesk/index");
    for junk in [&b"garbage"[..], b"", b"INKDESK-INDEX\x01\xff\xff\xff"] {
        std::fs::write(&index, junk).unwrap();
        assert_eq!(titles(&desk, &[]), ["AAAA"]);
        assert!(
            std::fs::read(&index).unwrap().starts_with(b"INKDESK-INDEX"),
            "rebuilt"
        );
    }
    // A chunk of summaries that no longer decodes (here the last byte of the only
    // summary's body, just before the chunk table and the two counts: in its history,
    // which the events export reads)
    // is read from the YAML instead, and the index written afresh by the same read.
    titles(&desk, &[]);
    let review = desk.ok(NOW, &["export", "--events"]).stdout;
    let mut bytes = std::fs::read(&index).unwrap();
    let at = bytes.len() - 33;
    bytes[at] = 0xff;
    std::fs::write(&index, &bytes).unwrap();
    assert_eq!(desk.ok(NOW, &["export", "--events"]).stdout, review);
    assert_ne!(
        std::fs::read(&index).unwrap(),
        bytes,
        "the damaged index is replaced"
    );
    assert_eq!(desk.ok(NOW, &["export", "--events"]).stdout, review);
    assert_eq!(titles(&desk, &[]), ["AAAA"]);
    // A policy change re-summarises every record (the shop's name is in each summary).
    desk.set_policy("name: ", "name: Renamed ");
    let csv = desk.ok(NOW, &["export"]).stdout;
    assert!(csv.lines().nth(1).unwrap().contains("Renamed "), "{csv}");
    // --no-cache reads the YAML and leaves the index alone.
    std::fs::write(&index, b"garbage").unwrap();
    assert_eq!(titles(&desk, &["--no-cache"]), ["AAAA"]);
    assert_eq!(std::fs::read(&index).unwrap(), b"garbage");
    // check always reads the YAML itself.
    let path = crate::harness::walk(&desk.root().join("records"))
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "yaml"))
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("status: open", "status: closed")).unwrap();
    assert_eq!(desk.run(NOW, &["check"]).code, 1);
}

#[test]
fn a_folder_or_link_where_the_index_goes_is_left_alone() {
    let desk = TestDesk::new();
    desk.open(
        "2026-11-02T10:00:00+08:00",
        &["--kind", "complaint", "--title", "AAAA", "--customer", "c"],
    );
    let scratch = desk.root().join(".inkdesk");
    let _ = std::fs::remove_file(scratch.join("index"));
    std::fs::create_dir_all(scratch.join("index")).unwrap();
    std::fs::write(desk.root().join("outside.txt"), "mine").unwrap();
    std::os::unix::fs::symlink(desk.root().join("outside.txt"), scratch.join("folders")).unwrap();
    for _ in 0..2 {
        assert_eq!(titles(&desk, &[]), ["AAAA"]);
    }
    assert!(scratch.join("index").is_dir());
    assert!(scratch.join("folders").is_symlink());
    assert_eq!(
        std::fs::read_to_string(desk.root().join("outside.txt")).unwrap(),
        "mine"
    );
    let left: Vec<String> = std::fs::read_dir(&scratch)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
}

#[test]
fn a_desk_of_many_chunks_reads_the_same_from_the_index_after_changes_anywhere() {
    // More records than a chunk of the index (4,096) and many windows of the walk: the
    // index is read beside the walk, and a change starts a new index from the stored
    // one's first entries.
    let desk = TestDesk::empty();
    let now = "2026-11-20T17:00:00+08:00";
    desk.ok(now, &["demo", "big", "--tickets", "6000", "--seed", "3"]);
    let dir = desk.root().join("big");
    let listed = |extra: &[&str]| {
        let mut args = vec!["--dir", "big", "list", "--all", "--format", "json"];
        args.extend(extra);
        desk.ok(now, &args).stdout
    };
    let yaml = listed(&["--no-cache"]);
    assert_eq!(listed(&[]), yaml, "built");
    assert_eq!(listed(&[]), yaml, "read back");
    let rows = json(&yaml).as_array().unwrap().len();
    assert!(rows > 4096, "{rows}");
    let mut files: Vec<_> = crate::harness::walk(&dir.join("records"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    // A hand edit past the first chunk, a record deleted at the very end and one in
    // the middle, and a new one (a copy of the first under a new name, first in order).
    let edited = &files[4500];
    let text = std::fs::read_to_string(edited).unwrap();
    let title = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    std::fs::write(edited, text.replacen(&title, "title: 手改的标题", 1)).unwrap();
    std::fs::remove_file(files.last().unwrap()).unwrap();
    std::fs::remove_file(&files[3000]).unwrap();
    let first = std::fs::read_to_string(&files[0]).unwrap();
    let id = files[0].file_stem().unwrap().to_string_lossy().into_owned();
    let new_id = format!("{}0", &id[..11]);
    let copy = files[0].with_file_name(format!("{new_id}.yaml"));
    std::fs::write(&copy, first.replace(&id, &new_id)).unwrap();
    let yaml = listed(&["--no-cache"]);
    assert!(yaml.contains("手改的标题") && yaml.contains(&new_id));
    assert_eq!(json(&yaml).as_array().unwrap().len(), rows - 1);
    assert_eq!(listed(&[]), yaml, "the changes show at once");
    assert_eq!(listed(&[]), yaml, "and the index written then reads back");
    let csv = |extra: &[&str]| {
        let mut args = vec!["--dir", "big", "export"];
        args.extend(extra);
        desk.ok(now, &args).stdout
    };
    assert_eq!(csv(&[]), csv(&["--no-cache"]));
}
