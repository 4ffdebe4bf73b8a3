//! A change is all or nothing, whatever stops it: a crash at each step of a change
//! (failpoints), kills at random moments (of inkdesk alone, and of its whole process
//! group with its git), and git refusing. After each, the next change finishes or
//! undoes what was interrupted; `check` passes, nothing is left behind, and git's
//! status is clean.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::harness::{STAFF, TestDesk, git_ok};

const MON: &str = "2026-11-02T09:00:00+08:00";

/// The steps of a change where a failpoint can stop it.
const STEPS: &[&str] = &[
    "after-temp",
    "before-journal",
    "after-journal",
    "after-first-rename",
    "after-renames",
    "after-update-ref",
    "after-commit",
];

/// The steps after which the change is committed, so kept.
fn committed(step: &str) -> bool {
    matches!(step, "after-update-ref" | "after-commit")
}

fn desk_with_tickets(n: usize) -> (TestDesk, Vec<String>) {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", STAFF);
    git_ok(desk.root(), &["commit", "-qam", "staff"]);
    let ids = (0..n).map(|_| desk.complaint(MON)).collect();
    (desk, ids)
}

/// What must hold after any interruption once the next change has run.
fn sound(desk: &TestDesk, context: &str) {
    let check = desk.run("2026-11-02T10:00:00+08:00", &["check"]);
    assert_eq!(
        check.code, 0,
        "{context}: check: {}{}",
        check.stdout, check.stderr
    );
    let tx = desk.root().join(".inkdesk/tx");
    let left: Vec<_> = std::fs::read_dir(&tx)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{context}: leftovers {left:?}");
    let status = git_ok(desk.root(), &["status", "--porcelain", "--", "records"]);
    assert_eq!(status, "", "{context}: uncommitted records");
    let temps: Vec<_> = crate::harness::walk(&desk.root().join("records"))
        .into_iter()
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy().starts_with('.') && !n.to_string_lossy().contains("gitkeep")
            })
        })
        .collect();
    assert!(temps.is_empty(), "{context}: temporary files {temps:?}");
}

/// Runs the change that takes the desk lock and changes nothing: it recovers.
fn next_change(desk: &TestDesk) {
    desk.ok("2026-11-02T10:00:00+08:00", &["escalate", "--auto"]);
}

fn holders(desk: &TestDesk, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| desk.ticket(id).assignee.unwrap_or_default())
        .collect()
}

#[test]
fn a_crash_at_any_step_leaves_all_or_nothing() {
    for step in STEPS {
        let (desk, ids) = desk_with_tickets(3);
        let head = git_ok(desk.root(), &["rev-parse", "HEAD"]);
        let before = desk.snapshot();
        // A batch: every ticket of lina goes to tom.
        let run = desk.run_env(
            "2026-11-02T09:30:00+08:00",
            &[("INKDESK_FAILPOINT", step)],
            &[
                "handover", "--from", "lina", "--to", "tom", "--note", "leave",
            ],
        );
        assert_ne!(run.code, 0, "{step}: stopped");
        // A read right after the crash already sees the desk as before or as after.
        let listed = crate::harness::json(
            &desk
                .ok("2026-11-02T09:35:00+08:00", &["list", "--format", "json"])
                .stdout,
        );
        let seen: Vec<&str> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["assignee"].as_str().unwrap())
            .collect();
        let want = if committed(step) { "tom" } else { "lina" };
        assert!(seen.iter().all(|h| *h == want), "{step}: read {seen:?}");
        next_change(&desk);
        sound(&desk, step);
        let now = holders(&desk, &ids);
        if committed(step) {
            assert!(
                now.iter().all(|h| h == "tom"),
                "{step}: committed, so kept: {now:?}"
            );
            assert_ne!(git_ok(desk.root(), &["rev-parse", "HEAD"]), head);
        } else {
            assert!(now.iter().all(|h| h == "lina"), "{step}: undone: {now:?}");
            assert_eq!(desk.snapshot(), before, "{step}: byte for byte as before");
            assert_eq!(git_ok(desk.root(), &["rev-parse", "HEAD"]), head);
        }
        // A retry does it once.
        desk.ok(
            "2026-11-02T09:40:00+08:00",
            &[
                "handover", "--from", "lina", "--to", "tom", "--note", "leave",
            ],
        );
        for id in &ids {
            let handovers = desk
                .ticket(id)
                .log
                .iter()
                .filter(|e| e.action.as_str() == "handover")
                .count();
            assert_eq!(handovers, 1, "{step}: {id}");
        }
    }
}

#[test]
fn a_new_ticket_interrupted_is_not_left_half_made() {
    for step in STEPS {
        let (desk, _) = desk_with_tickets(0);
        let run = desk.run_env(
            MON,
            &[("INKDESK_FAILPOINT", step)],
            &[
                "open",
                "--kind",
                "complaint",
                "--title",
                "x",
                "--customer",
                "y",
                "--phone",
                "13800138000",
            ],
        );
        assert_ne!(run.code, 0);
        next_change(&desk);
        sound(&desk, step);
        let count = crate::harness::walk(&desk.root().join("records"))
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .count();
        assert_eq!(count, usize::from(committed(step)), "{step}");
    }
}

/// Kills a running inkdesk after `delay`: the process alone, or its process group
/// (with a git it is running).
fn kill_during(desk: &TestDesk, args: &[&str], now: &str, delay: Duration, group: bool) {
    use std::os::unix::process::CommandExt;
    let mut cmd = desk.std_cmd(now);
    cmd.args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0);
    let mut child = cmd.spawn().unwrap();
    std::thread::sleep(delay);
    let target = if group {
        format!("-{}", child.id())
    } else {
        child.id().to_string()
    };
    let _ = Command::new("kill").args(["-9", "--", &target]).status();
    let _ = child.wait();
    if group {
        // The git a killed inkdesk was running may still be finishing.
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A small generator, so that the kills are reproducible.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[test]
fn two_hundred_kills_at_random_moments() {
    let (desk, ids) = desk_with_tickets(4);
    let mut rng = Lcg(20261202);
    let mut kills = 0;
    let mut minute = 0;
    let (mut undone, mut finished, mut stale) = (0, 0, 0);
    while kills < 200 {
        minute += 1;
        let now = format!(
            "2026-11-02T{:02}:{:02}:00+08:00",
            10 + minute / 60,
            minute % 60
        );
        let id = &ids[rng.next(ids.len() as u64) as usize];
        let (from, to) = if rng.next(2) == 0 {
            ("lina", "tom")
        } else {
            ("tom", "lina")
        };
        let note = format!("note {kills}");
        // Every kind of change goes through the same transaction; some of these are
        // refused by the lifecycle at times (a resolve of a resolved ticket), which is
        // an ordinary exit 2.
        let args: Vec<&str> = match rng.next(7) {
            0 => vec!["update", id, "--note", &note],
            1 => vec!["handover", "--from", from, "--to", to, "--note", &note],
            2 => vec![
                "open",
                "--kind",
                "complaint",
                "--title",
                &note,
                "--customer",
                "y",
            ],
            3 => vec!["update", id, "--contacted", "--promise", "2026-11-06"],
            4 => vec!["escalate", id, "--reason", &note],
            5 => vec![
                "resolve",
                id,
                "--cause",
                "ours",
                "--remedy",
                "refund",
                "--summary",
                &note,
                "--cost",
                "10",
            ],
            _ => vec!["reopen", id, "--reason", &note],
        };
        let before: Vec<String> = holders(&desk, &ids);
        let delay = Duration::from_micros(rng.next(60_000));
        kill_during(&desk, &args, &now, delay, rng.next(2) == 0);
        kills += 1;
        let said = next_change_at(&desk, &now);
        undone += said.matches("was undone").count();
        finished += said.matches("was complete").count();
        stale += said.matches("removed git's lock file").count();
        if args[0] == "handover" {
            let after = holders(&desk, &ids);
            let moved = after.iter().zip(&before).filter(|(a, b)| a != b).count();
            let could = before.iter().filter(|h| *h == from).count();
            assert!(
                moved == 0 || moved == could,
                "kill {kills}: a torn handover {before:?} → {after:?}"
            );
        }
        if kills % 20 == 0 {
            sound_at(&desk, &now, &format!("kill {kills}"));
        }
    }
    sound_at(&desk, "2026-11-02T23:00:00+08:00", "the end");
    eprintln!(
        "200 kills: {undone} changes undone, {finished} found complete, {stale} stale git locks removed"
    );
    assert!(undone + finished >= 5, "the kills land inside changes");
}

/// Runs the next change (which recovers) and returns what it said.
fn next_change_at(desk: &TestDesk, now: &str) -> String {
    desk.ok(now, &["escalate", "--auto"]).stderr
}

fn sound_at(desk: &TestDesk, now: &str, context: &str) {
    let check = desk.run(now, &["check"]);
    assert_eq!(check.code, 0, "{context}: {}{}", check.stdout, check.stderr);
    let status = git_ok(desk.root(), &["status", "--porcelain", "--", "records"]);
    assert_eq!(status, "", "{context}: uncommitted records");
    assert!(
        std::fs::read_dir(desk.root().join(".inkdesk/tx")).map_or(true, |mut d| d.next().is_none()),
        "{context}: leftovers"
    );
}

#[test]
fn a_stale_git_lock_is_removed_and_a_live_one_waited_for() {
    let (desk, ids) = desk_with_tickets(1);
    let lock = desk.root().join(".git/index.lock");
    // A lock no process holds: a git that died left it.
    std::fs::write(&lock, "").unwrap();
    let run = desk.ok(
        "2026-11-02T09:10:00+08:00",
        &["update", &ids[0], "--note", "after"],
    );
    assert!(run.stderr.contains("index.lock"), "said so: {}", run.stderr);
    assert!(!lock.exists());
    sound(&desk, "stale lock");
    // A lock a running process holds is never removed: the change waits, then gives up
    // with nothing changed.
    std::fs::write(&lock, "").unwrap();
    let mut holder = Command::new("sh")
        .arg("-c")
        .arg("exec 3<\"$0\"; sleep 30")
        .arg(&lock)
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let before = desk.snapshot();
    let run = desk.run_env(
        "2026-11-02T09:20:00+08:00",
        &[("INKDESK_LOCK_WAIT", "2")],
        &["update", &ids[0], "--note", "blocked"],
    );
    let _ = holder.kill();
    let _ = holder.wait();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("running git") || run.stderr.contains("index.lock"),
        "{}",
        run.stderr
    );
    assert_eq!(desk.snapshot(), before);
    assert!(lock.exists(), "a live lock is not deleted");
    std::fs::remove_file(&lock).unwrap();
}

#[test]
fn git_failing_leaves_the_records_as_they_were() {
    let (desk, ids) = desk_with_tickets(2);
    let git_dir = desk.root().join(".git");
    let before = desk.snapshot();
    let index = git_ok(desk.root(), &["ls-files", "-s"]);
    // A read-only object store: git cannot write the commit.
    let objects = git_dir.join("objects");
    set_mode(&objects, 0o555);
    let run = desk.run(
        "2026-11-02T09:10:00+08:00",
        &["handover", "--from", "lina", "--to", "tom", "--note", "x"],
    );
    set_mode(&objects, 0o755);
    if run.code == 0 {
        eprintln!("skipped: running as a user who may write a read-only folder");
        return;
    }
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(desk.snapshot(), before, "records byte-identical");
    assert_eq!(git_ok(desk.root(), &["ls-files", "-s"]), index);
    // The retry adds the event once.
    desk.ok(
        "2026-11-02T09:20:00+08:00",
        &["handover", "--from", "lina", "--to", "tom", "--note", "x"],
    );
    for id in &ids {
        assert_eq!(
            desk.ticket(id)
                .log
                .iter()
                .filter(|e| e.action.as_str() == "handover")
                .count(),
            1
        );
    }
    sound(&desk, "read-only objects");
}

/// Sets a folder's permission bits and those of the folders in it.
fn set_mode(dir: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode));
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.path().is_dir() {
                set_mode(&e.path(), mode);
            }
        }
    }
}

/// Runs a command as root would to mount or unmount; false when it cannot.
fn mount(args: &[&str]) -> bool {
    Command::new("mount")
        .args(args)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn umount(path: &Path) {
    let _ = Command::new("umount").arg(path).status();
}

#[test]
fn a_full_disk_changes_nothing() {
    let outer = tempfile::tempdir().unwrap();
    let disk = outer.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    if !mount(&[
        "-t",
        "tmpfs",
        "-o",
        "size=4m",
        "tmpfs",
        disk.to_str().unwrap(),
    ]) {
        eprintln!("skipped: a small tmpfs cannot be mounted here (needs root)");
        return;
    }
    let result = std::panic::catch_unwind(|| {
        let mut outcomes = Vec::new();
        for free_kb in [4u64, 8, 16, 24, 32, 48, 64, 96] {
            let desk = TestDesk::at(&disk.join(format!("desk{free_kb}")));
            let root = desk.root().to_path_buf();
            desk.ok(MON, &["init", ".", "--timezone", "Asia/Shanghai"]);
            let id = desk.complaint(MON);
            // Fill the disk but for `free_kb`.
            let filler = disk.join(format!("filler{free_kb}"));
            let free = fs_free(&disk);
            let _ = std::fs::write(
                &filler,
                vec![0u8; free.saturating_sub(free_kb * 1024) as usize],
            );
            let before = desk.snapshot();
            let index = git_ok(&root, &["ls-files", "-s"]);
            let head = git_ok(&root, &["rev-parse", "HEAD"]);
            let run = desk.run(
                "2026-11-02T09:10:00+08:00",
                &["update", &id, "--note", &"x".repeat(2000)],
            );
            assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
            if run.code == 0 {
                outcomes.push(format!("{free_kb} KB: done"));
                assert_ne!(git_ok(&root, &["rev-parse", "HEAD"]), head);
            } else {
                outcomes.push(format!("{free_kb} KB: refused"));
                assert_eq!(run.code, 2, "{}", run.stderr);
                assert_eq!(
                    desk.snapshot(),
                    before,
                    "{free_kb} KB: records byte-identical"
                );
                assert_eq!(
                    git_ok(&root, &["ls-files", "-s"]),
                    index,
                    "{free_kb} KB: index"
                );
                assert_eq!(git_ok(&root, &["rev-parse", "HEAD"]), head);
            }
            let _ = std::fs::remove_file(&filler);
            // With room again, the next change goes through and the desk is sound.
            desk.ok(
                "2026-11-02T09:20:00+08:00",
                &["update", &id, "--note", "room again"],
            );
            sound(&desk, &format!("{free_kb} KB"));
        }
        eprintln!("full disk: {}", outcomes.join(", "));
    });
    umount(&disk);
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// Free bytes of the file system holding `path`.
fn fs_free(path: &Path) -> u64 {
    let out = Command::new("df")
        .args(["--output=avail", "-B1"])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_read_only_git_folder_changes_nothing() {
    let (desk, ids) = desk_with_tickets(1);
    let objects = desk.root().join(".git/objects");
    let path = objects.to_str().unwrap();
    if !(mount(&["--bind", path, path]) && mount(&["-o", "remount,bind,ro", path])) {
        umount(&objects);
        eprintln!("skipped: a read-only bind mount is not possible here (needs root)");
        return;
    }
    let before = desk.snapshot();
    let index = git_ok(desk.root(), &["ls-files", "-s"]);
    let run = desk.run(
        "2026-11-02T09:10:00+08:00",
        &["update", &ids[0], "--note", "x"],
    );
    umount(&objects);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("git"),
        "says what git said: {}",
        run.stderr
    );
    assert_eq!(desk.snapshot(), before);
    assert_eq!(git_ok(desk.root(), &["ls-files", "-s"]), index);
    desk.ok(
        "2026-11-02T09:20:00+08:00",
        &["update", &ids[0], "--note", "x"],
    );
    assert_eq!(
        desk.text(&ids[0]).matches("note: x").count(),
        1,
        "the retry adds it once"
    );
    sound(&desk, "read-only .git");
}

#[test]
fn a_locked_desk_is_waited_for_and_then_given_up_on_with_nothing_changed() {
    let (desk, ids) = desk_with_tickets(1);
    if Command::new("flock").arg("--version").output().is_err() {
        eprintln!("skipped: flock(1) is not installed");
        return;
    }
    // Another process holds the desk lock (as a long change would).
    let lock = desk.root().join(".inkdesk/lock");
    let mut holder = {
        use std::os::unix::process::CommandExt;
        Command::new("flock")
            .arg(&lock)
            .args(["sleep", "30"])
            .process_group(0)
            .spawn()
            .unwrap()
    };
    std::thread::sleep(Duration::from_millis(300));
    let before = desk.snapshot();
    let started = std::time::Instant::now();
    let out = desk
        .cmd("2026-11-02T09:10:00+08:00")
        .env("INKDESK_LOCK_WAIT", "2")
        .args(["update", &ids[0], "--note", "x"])
        .output()
        .unwrap();
    // The lock goes with the whole group (flock and the sleep holding its file).
    let _ = Command::new("kill")
        .args(["-9", "--", &format!("-{}", holder.id())])
        .status();
    let _ = holder.wait();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(started.elapsed() >= Duration::from_secs(2));
    assert!(stderr.contains("waiting for another inkdesk"), "{stderr}");
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert_eq!(desk.snapshot(), before);
    // Free again: the change goes through.
    desk.ok(
        "2026-11-02T09:20:00+08:00",
        &["update", &ids[0], "--note", "x"],
    );
}

#[test]
fn an_export_into_a_fifo_writes_into_it_and_leaves_it_a_fifo() {
    let (desk, _) = desk_with_tickets(2);
    let fifo = desk.root().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::read_to_string(fifo).unwrap()
    });
    let out = fifo.to_str().unwrap().to_string();
    desk.ok("2026-11-02T09:10:00+08:00", &["export", "-o", &out]);
    let text = reader.join().unwrap();
    assert!(text.starts_with("shop,timezone,id"), "{text}");
    assert_eq!(text.lines().count(), 3);
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[test]
fn a_workbook_left_by_a_killed_export_is_removed_by_the_next() {
    let (desk, _) = desk_with_tickets(2);
    let scratch = desk.root().join(".inkdesk");
    std::fs::create_dir_all(&scratch).unwrap();
    // No process has this number (above any pid limit): its export died zipping.
    let dead = scratch.join("export-999999999.xlsx");
    std::fs::write(&dead, b"half a zip").unwrap();
    let own = scratch.join("export-1.xlsx");
    std::fs::write(&own, b"the workbook of a running export").unwrap();
    desk.ok(MON, &["export", "--format", "xlsx", "-o", "out.xlsx"]);
    assert!(!dead.exists(), "the dead export's workbook is removed");
    assert!(own.exists(), "a running process's workbook is left alone");
    assert!(desk.root().join("out.xlsx").exists());
}

/// A journal this build cannot finish or undo (another version's, or one of the builds
/// that staged files and kept git's index entries) stops every command with the
/// journal named and what to do; a journal of this version, or of the builds that
/// wrote none, is recovered.
#[test]
fn a_journal_of_another_version_is_refused_with_a_hint() {
    let (desk, ids) = desk_with_tickets(1);
    let tx = desk.root().join(".inkdesk/tx");
    std::fs::create_dir_all(&tx).unwrap();
    let journal = tx.join("0000000000000000-1.json");
    for (text, refused) in [
        (
            r#"{"version":7,"id":"x","entries":[],"commits":false}"#,
            true,
        ),
        (
            r#"{"id":"x","entries":[],"commits":true,"index":"100644 abc 0\trecords/a.yaml"}"#,
            true,
        ),
        (
            r#"{"id":"x","entries":[],"commits":false,"index":""}"#,
            false,
        ),
        (
            r#"{"version":1,"id":"x","entries":[],"commits":false}"#,
            false,
        ),
    ] {
        std::fs::write(&journal, text).unwrap();
        let run = desk.run(MON, &["show", &ids[0]]);
        if refused {
            assert_eq!(run.code, 2, "{text}: {}", run.stderr);
            assert!(
                run.stderr.contains("0000000000000000-1.json:1: version:"),
                "{}",
                run.stderr
            );
            assert!(run.stderr.contains("check --repair"), "{}", run.stderr);
            assert!(journal.exists(), "a refused journal is kept");
        } else {
            assert_eq!(run.code, 0, "{text}: {}", run.stderr);
            assert!(!journal.exists(), "{text}: recovered and removed");
        }
    }
}

#[test]
fn marking_messages_read_interrupted_is_all_or_nothing() {
    for step in STEPS {
        let (desk, _) = desk_with_tickets(0);
        for note in ["call Wang", "the proof is at the counter"] {
            desk.ok(MON, &["message", "--to", "tom", "--note", note]);
        }
        let head = git_ok(desk.root(), &["rev-parse", "HEAD"]);
        let before = desk.snapshot();
        let tom = [("INKDESK_USER", "tom"), ("INKDESK_FAILPOINT", *step)];
        let run = desk.run_env("2026-11-02T09:30:00+08:00", &tom, &["inbox", "--read"]);
        assert_ne!(run.code, 0, "{step}: stopped");
        next_change(&desk);
        sound(&desk, step);
        let status = git_ok(desk.root(), &["status", "--porcelain", "--", "messages"]);
        assert_eq!(status, "", "{step}: uncommitted messages");
        let unread = crate::harness::json(
            &desk
                .run_env(
                    "2026-11-02T10:00:00+08:00",
                    &[("INKDESK_USER", "tom")],
                    &["inbox", "--format", "json"],
                )
                .stdout,
        );
        let left = unread.as_array().unwrap().len();
        if committed(step) {
            assert_eq!(left, 0, "{step}: both marked");
        } else {
            assert_eq!(left, 2, "{step}: neither marked");
            assert_eq!(desk.snapshot(), before, "{step}: byte for byte as before");
            assert_eq!(git_ok(desk.root(), &["rev-parse", "HEAD"]), head);
        }
    }
}
