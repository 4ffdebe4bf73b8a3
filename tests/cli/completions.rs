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

#[test]
fn every_shell_but_the_two_windows_ones_asks_the_desk_for_ticket_ids() {
    let desk = crate::harness::demo_desk();
    let zsh = desk.ok(MON, &["completions", "zsh"]).stdout;
    assert!(
        zsh.starts_with("#compdef inkdesk\n"),
        "zsh reads the first line"
    );
    assert!(zsh.contains("_inkdesk_open_ids() {") && zsh.contains("list --ids"));
    assert!(zsh.contains("_inkdesk_every_id() {") && zsh.contains("list --all --ids"));
    let update = zsh.find("\n(update)\n").expect("the update command");
    let id_line = zsh[update..]
        .lines()
        .find(|l| l.starts_with("':id -- "))
        .unwrap();
    assert!(id_line.ends_with(":_inkdesk_open_ids' \\"), "{id_line}");
    assert!(
        zsh.contains(":(open 处理中 waiting 等待中 resolved 已解决 closed 已关闭)"),
        "statuses as codes and words"
    );
    let fish = desk.ok(MON, &["completions", "fish"]).stdout;
    assert!(
        fish.contains(
            "-n \"__fish_inkdesk_using_subcommand show\" -f -a \"(inkdesk (__fish_inkdesk_dir) list --all --ids 2>/dev/null)\""
        ),
        "{fish}"
    );
    assert!(fish.contains("李娜"), "the desk's staff");
    for (shell, program) in [("zsh", "zsh"), ("fish", "fish")] {
        let script = desk.ok(MON, &["completions", shell]).stdout;
        let path = desk.root().join(format!("inkdesk.{shell}"));
        std::fs::write(&path, script).unwrap();
        match std::process::Command::new(program)
            .arg("-n")
            .arg(&path)
            .status()
        {
            Ok(status) => assert!(status.success(), "{shell} reads the script"),
            Err(_) => eprintln!("skipped reading the {shell} script: {program} is not installed"),
        }
    }
}
