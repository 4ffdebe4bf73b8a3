//! `TestDesk`: a desk in a temporary folder and a way to run inkdesk on it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use inkdesk::model::Ticket;
use tempfile::TempDir;

/// A temporary desk.
pub struct TestDesk {
    dir: TempDir,
}

/// The output of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl TestDesk {
    /// Makes a desk (Asia/Shanghai, English templates, git) with no staff list.
    pub fn new() -> TestDesk {
        let desk = TestDesk::empty();
        desk.ok(
            "2026-11-01T09:00:00+08:00",
            &["init", "--timezone", "Asia/Shanghai"],
        );
        desk
    }

    /// Makes an empty temporary folder.
    pub fn empty() -> TestDesk {
        TestDesk {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Uses a new folder at `path` (for a desk on a particular file system).
    pub fn at(path: &Path) -> TestDesk {
        std::fs::create_dir_all(path).expect("create folder");
        TestDesk {
            dir: tempfile::Builder::new()
                .prefix("desk")
                .tempdir_in(path)
                .expect("temp dir"),
        }
    }

    /// Returns the desk folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A command with a scrubbed environment and the clock at `now`.
    pub fn cmd(&self, now: &str) -> Command {
        Command::from_std(self.std_cmd(now))
    }

    /// The same, as a standard command (to spawn several at once).
    pub fn std_cmd(&self, now: &str) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("inkdesk"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("NO_COLOR", "1")
            .env("TZ", "UTC");
        hermetic_git(&mut cmd, self.root());
        cmd.env("INKDESK_USER", "lina")
            .env("INKDESK_NOW", now)
            .current_dir(self.root());
        cmd
    }

    /// Runs inkdesk and returns what it printed and its exit code.
    pub fn run(&self, now: &str, args: &[&str]) -> Run {
        self.run_env(now, &[], args)
    }

    /// Runs inkdesk with these environment variables set as well.
    pub fn run_env(&self, now: &str, env: &[(&str, &str)], args: &[&str]) -> Run {
        let mut cmd = self.cmd(now);
        for (name, value) in env {
            cmd.env(name, value);
        }
        let output = cmd.args(args).output().expect("run inkdesk");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
            stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
        }
    }

    /// Runs inkdesk and asserts success.
    pub fn ok(&self, now: &str, args: &[&str]) -> Run {
        let run = self.run(now, args);
        assert_eq!(
            run.code, 0,
            "inkdesk {args:?} failed:\n{}\n{}",
            run.stdout, run.stderr
        );
        run
    }

    /// Runs inkdesk, asserts exit 2 and returns stderr.
    pub fn fails(&self, now: &str, args: &[&str]) -> String {
        let run = self.run(now, args);
        assert_eq!(
            run.code, 2,
            "inkdesk {args:?} should fail with 2:\n{}\n{}",
            run.stdout, run.stderr
        );
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        run.stderr
    }

    /// Opens a ticket and returns its id. The test clerk always takes the customer's
    /// number: a kind that needs one for its callback gets a phone when the test gives
    /// neither a phone nor an e-mail (`rules.rs` tests the requirement itself).
    pub fn open(&self, now: &str, args: &[&str]) -> String {
        let mut all = vec!["open"];
        all.extend_from_slice(args);
        let needs = ["complaint", "reprint", "repair", "onsite", "delivery"];
        let kind = args
            .iter()
            .position(|a| *a == "--kind")
            .and_then(|i| args.get(i + 1));
        // Each customer their own number, so that no two customers look like one caller.
        let customer = args
            .iter()
            .position(|a| *a == "--customer")
            .and_then(|i| args.get(i + 1))
            .copied()
            .unwrap_or("");
        let phone = format!(
            "139{:08}",
            customer
                .bytes()
                .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)))
                % 100_000_000
        );
        if kind.is_some_and(|k| needs.contains(k))
            && !args
                .iter()
                .any(|a| ["--phone", "--email", "--edit"].contains(a))
        {
            all.extend_from_slice(&["--phone", &phone]);
        }
        // The test clerk passes a kind the policy dispatches to its department as she
        // opens it (a test of the dispatch rule opens without `--department`).
        // (Named as the English templates name them.)
        let department = match kind.copied() {
            Some("complaint") => Some("Customer service"),
            Some("reprint") => Some("Production"),
            Some("repair" | "onsite") => Some("Engineering"),
            _ => None,
        };
        if let Some(d) = department.filter(|_| !args.contains(&"--department")) {
            all.extend_from_slice(&["--department", d]);
        }
        let run = self.ok(now, &all);
        let id = run.stdout.trim().to_string();
        assert_eq!(id.len(), 12, "open prints only the id: {:?}", run.stdout);
        id
    }

    /// The review of `month` as JSON (`{shop, current, previous}`), with further flags.
    pub fn review(&self, now: &str, month: &str, extra: &[&str]) -> serde_json::Value {
        let mut args = vec!["report", "--month", month, "--format", "json"];
        args.extend_from_slice(extra);
        json(&self.ok(now, &args).stdout)
    }

    /// Resolves a ticket as our fault, reprinted ("重印").
    pub fn reprinted(&self, now: &str, id: &str) {
        self.ok(
            now,
            &[
                "resolve",
                id,
                "--cause",
                "ours",
                "--remedy",
                "reprint",
                "--summary",
                "重印",
            ],
        );
    }

    /// Opens a normal complaint from a regular customer.
    pub fn complaint(&self, now: &str) -> String {
        self.open(
            now,
            &[
                "--kind",
                "complaint",
                "--title",
                "Cover colour is off",
                "--customer",
                "Mr Wang",
            ],
        )
    }

    /// Returns the record file of a ticket.
    pub fn path(&self, id: &str) -> PathBuf {
        let found: Vec<PathBuf> = walk(&self.root().join("records"))
            .into_iter()
            .filter(|p| p.file_stem().is_some_and(|s| s == id))
            .collect();
        assert_eq!(found.len(), 1, "one file for {id}: {found:?}");
        found[0].clone()
    }

    /// Returns the text of a ticket's file.
    pub fn text(&self, id: &str) -> String {
        std::fs::read_to_string(self.path(id)).expect("read record")
    }

    /// Reads a ticket's file as the tool wrote it.
    pub fn ticket(&self, id: &str) -> Ticket {
        inkdesk::store::yaml::from_str(&self.text(id)).unwrap_or_else(|e| panic!("{id}: {e:?}"))
    }

    /// Appends text to the policy (e.g. a staff list).
    pub fn set_policy(&self, from: &str, to: &str) {
        let path = self.root().join("inkdesk.yaml");
        let text = std::fs::read_to_string(&path).expect("policy");
        assert!(text.contains(from), "policy has {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write policy");
    }

    /// Returns every file below the desk (but git's and the scratch folder) with its
    /// content, for "nothing changed" checks.
    /// A symbolic link counts as its target's path, never followed.
    pub fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let root = self.root();
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = entry.expect("walk the desk");
            let p = entry.path();
            if p.starts_with(root.join(".git")) || p.starts_with(root.join(".inkdesk")) {
                continue;
            }
            if entry.path_is_symlink() {
                let target = std::fs::read_link(p).expect("read link");
                files.push((
                    p.to_path_buf(),
                    target.into_os_string().into_encoded_bytes(),
                ));
            } else if entry.file_type().is_file() {
                files.push((p.to_path_buf(), std::fs::read(p).expect("read")));
            }
        }
        files
    }
}

/// A copy of the repository's demo desk (its policy, templates and records) in a new
/// temporary folder, outside the project's own git clone.
pub fn demo_desk() -> TestDesk {
    let desk = TestDesk::empty();
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["inkdesk.yaml", "templates", "records"] {
        copy_tree(&source.join(part), &desk.root().join(part));
    }
    desk
}

/// Copies a file or a folder with everything in it.
pub fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("create folder");
        for entry in std::fs::read_dir(from).expect("read folder") {
            let entry = entry.expect("entry");
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).expect("copy file");
    }
}

/// Gives a command git without the machine's configuration and with a fixed identity.
pub fn hermetic_git(cmd: &mut std::process::Command, home: &Path) {
    cmd.env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com");
}

/// Runs git in `dir` with the hermetic configuration; returns success and its output.
pub fn git(dir: &Path, args: &[&str]) -> (bool, String) {
    let mut cmd = std::process::Command::new("git");
    cmd.args(args).current_dir(dir);
    hermetic_git(&mut cmd, dir);
    let out = cmd.output().expect("git runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

/// Runs git in `dir` and asserts it succeeded; returns its output.
pub fn git_ok(dir: &Path, args: &[&str]) -> String {
    let (success, out) = git(dir, args);
    assert!(success, "git {args:?}: {out}");
    out
}

/// Every file below a folder.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// A staff list for tests that need roles.
pub const STAFF: &str = "staff:\n  - { id: lina, name: 李娜, role: agent }\n  - { id: tom, name: Tom Chen, role: agent }\n  - { id: zhou, name: 周强, role: supervisor }\n  - { id: chen, name: 陈总, role: manager }\n";

/// Parses JSON output.
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// A desk whose policy names the staff of `STAFF` (李娜, Tom Chen, 周强, 陈总).
pub fn staffed() -> TestDesk {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", STAFF);
    desk
}

/// A desk with a few tickets across October and November.
pub fn month_of_tickets() -> (TestDesk, Vec<String>) {
    let desk = TestDesk::new();
    let a = desk.open(
        "2026-10-05T10:00:00+08:00",
        &[
            "--kind",
            "complaint",
            "--title",
            "=HYPERLINK(\"x\")",
            "--customer",
            "王先生",
            "--phone",
            "13800138001",
            "--email",
            "wang@example.com",
            "--vip",
        ],
    );
    desk.ok("2026-10-05T10:30:00+08:00", &["update", &a, "--contacted"]);
    desk.ok(
        "2026-10-06T15:00:00+08:00",
        &[
            "resolve",
            &a,
            "--cause",
            "ours",
            "--remedy",
            "reprint",
            "--summary",
            "重印",
            "--cost",
            "800",
            "--approved-by",
            "zhou",
        ],
    );
    desk.ok(
        "2026-10-08T10:00:00+08:00",
        &["callback", &a, "--reached", "--satisfaction", "satisfied"],
    );
    desk.ok(
        "2026-10-08T11:00:00+08:00",
        &["verify", &a, "--ok", "--as", "zhou"],
    );
    let b = desk.open(
        "2026-10-20T10:00:00+08:00",
        &[
            "--kind",
            "suggestion",
            "--title",
            "Paper stock",
            "--customer",
            "Acme",
            "--phone",
            "+86 21 6288 1199",
        ],
    );
    desk.ok(
        "2026-10-20T12:00:00+08:00",
        &[
            "resolve",
            &b,
            "--cause",
            "unknown",
            "--remedy",
            "explain",
            "--summary",
            "answered",
        ],
    );
    let c = desk.open(
        "2026-11-03T10:00:00+08:00",
        &[
            "--kind",
            "complaint",
            "--title",
            "色差",
            "--customer",
            "王先生",
        ],
    );
    (desk, vec![a, b, c])
}
