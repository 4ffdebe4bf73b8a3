//! `inkdesk completions`: the completion script of each shell.

use crate::harness::TestDesk;
use std::path::Path;

const MON: &str = "2026-11-02T09:00:00+08:00";

#[test]
fn completions_for_every_shell_name_the_commands() {
    let desk = TestDesk::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = desk.ok(MON, &["completions", shell]).stdout;
        assert!(
            script.contains("inkdesk") && script.contains("overdue") && script.contains("escalate"),
            "{shell}"
        );
    }
    desk.fails(MON, &["completions", "cmd.exe"]);
    if Path::new("/bin/bash").exists() {
        let script = desk.ok(MON, &["completions", "bash"]).stdout;
        let path = desk.root().join("inkdesk.bash");
        std::fs::write(&path, script).unwrap();
        let status = std::process::Command::new("/bin/bash")
            .arg("-n")
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success(), "bash reads the script");
    }
}
