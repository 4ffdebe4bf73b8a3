//! The README's set-up steps on a fresh account: the completion and manual-page lines of
//! "Installing it", run as they are written, with a `HOME` of nothing but the program in
//! `~/.cargo/bin` (where `cargo install` puts it); then the shell completes and `man`
//! finds the pages. The parts that need bash or man are skipped where those are missing.

use std::path::Path;
use std::process::Command;

use crate::harness::{TestDesk, demo_desk};

/// The shell lines of the README's set-up block (the one that writes the completions).
fn readme_setup_lines() -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme.find("## Installing it").expect("the section")..];
    let block = section
        .split("```sh\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap_or(""))
        .find(|b| b.contains("completions bash"))
        .expect("a block with the completion lines");
    block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// A fresh account: a home with the program in `~/.cargo/bin` and nothing else, on a
/// PATH of that and the system's folders.
struct Account {
    home: tempfile::TempDir,
}

impl Account {
    fn new() -> Account {
        let home = tempfile::tempdir().unwrap();
        let bin = home.path().join(".cargo/bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::copy(env!("CARGO_BIN_EXE_inkdesk"), bin.join("inkdesk")).unwrap();
        Account { home }
    }

    fn home(&self) -> &Path {
        self.home.path()
    }

    /// A command run in `dir` as this account's user would run it.
    fn command(&self, program: &str, dir: &Path) -> Command {
        let mut cmd = Command::new(program);
        let path = format!(
            "{}:/usr/local/bin:/usr/bin:/bin",
            self.home().join(".cargo/bin").display()
        );
        cmd.env_clear()
            .env("HOME", self.home())
            .env("PATH", path)
            .env("LANG", "C.UTF-8")
            .current_dir(dir);
        cmd
    }

    fn sh(&self, line: &str, dir: &Path) -> std::process::Output {
        self.command("sh", dir).args(["-c", line]).output().unwrap()
    }
}

#[test]
fn the_readmes_set_up_lines_work_on_a_fresh_account() {
    let account = Account::new();
    let desk: TestDesk = demo_desk();
    let lines = readme_setup_lines();
    assert!(lines.len() >= 4, "{lines:?}");
    for line in &lines {
        let out = account.sh(line, desk.root());
        assert!(
            out.status.success(),
            "{line}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let home = account.home();
    let bash = home.join(".local/share/bash-completion/completions/inkdesk");
    for file in [
        bash.clone(),
        home.join(".zfunc/_inkdesk"),
        home.join(".config/fish/completions/inkdesk.fish"),
        home.join(".cargo/share/man/man1/inkdesk.1"),
        home.join(".cargo/share/man/man1/inkdesk-open.1"),
    ] {
        assert!(file.is_file(), "{} written", file.display());
    }
    // bash completes words, the desk's staff and its ticket ids.
    if Path::new("/bin/bash").exists() {
        let complete = |words: &str| {
            let script = format!(
                "source {}; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)); \
                 _inkdesk_with_ids inkdesk \"${{COMP_WORDS[COMP_CWORD]}}\" \
                 \"${{COMP_WORDS[COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                bash.display()
            );
            let out = account
                .command("bash", desk.root())
                .args(["-c", &script])
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).to_string()
        };
        let status = complete("inkdesk update X --status 已");
        assert_eq!(status.lines().collect::<Vec<_>>(), ["已解决", "已关闭"]);
        let cause = complete("inkdesk resolve X --cause ''");
        assert!(
            cause.contains("承运方") && cause.contains("carrier"),
            "{cause}"
        );
        let staff = complete("inkdesk open --assignee ''");
        assert!(staff.contains("李娜") && staff.contains("lina"), "{staff}");
        let open_ids = desk
            .ok("2026-12-01T09:00:00+08:00", &["list", "--ids"])
            .stdout;
        let first = open_ids
            .lines()
            .next()
            .expect("the demo desk has open tickets");
        let ids = complete(&format!("inkdesk update {}", &first[..4]));
        assert!(ids.lines().any(|l| l == first), "{first} in {ids}");
        assert!(ids.lines().all(|l| open_ids.contains(l)), "only open ones");
        // The --dir of the command line, from anywhere.
        let script = format!(
            "source {}; COMP_WORDS=(inkdesk --dir {} show ''); COMP_CWORD=4; \
             _inkdesk_with_ids inkdesk '' show; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            bash.display(),
            desk.root().display()
        );
        let out = account
            .command("bash", home)
            .args(["-c", &script])
            .output()
            .unwrap();
        let every = String::from_utf8_lossy(&out.stdout);
        assert!(
            every.lines().count() > open_ids.lines().count(),
            "show offers closed ones too"
        );
    } else {
        eprintln!("skipped the bash part: bash is not installed");
    }
    // man finds the pages because the program's folder is on PATH.
    let man = account
        .command("man", home)
        .args(["-w", "inkdesk-open"])
        .output();
    match man {
        Ok(out) if out.status.success() || !out.stderr.is_empty() => {
            let found = String::from_utf8_lossy(&out.stdout);
            assert!(
                found
                    .trim()
                    .ends_with(".cargo/share/man/man1/inkdesk-open.1"),
                "man -w: {found}{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        _ => eprintln!("skipped the man part: man is not installed"),
    }
    let said = account.sh("inkdesk man --install", home);
    assert!(
        String::from_utf8_lossy(&said.stderr).contains("`man inkdesk` finds them"),
        "{}",
        String::from_utf8_lossy(&said.stderr)
    );
}

#[test]
fn man_install_says_what_to_add_when_man_would_not_look_there() {
    let account = Account::new();
    let out = account
        .command("inkdesk", account.home())
        .args(["man", "--install"])
        .env("MANPATH", "/usr/share/man")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let said = String::from_utf8_lossy(&out.stderr);
    let root = account.home().join(".cargo/share/man");
    assert!(
        said.contains("will not find them")
            && said.contains(&format!("MANPATH=\"{}", root.display())),
        "{said}"
    );
}
