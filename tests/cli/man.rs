//! `inkdesk man`: a manual page per command, in the desk's language, written into a
//! folder or installed where `man` finds it.

use crate::harness::TestDesk;
use unicode_width::UnicodeWidthStr;

const MON: &str = "2026-11-02T09:00:00+08:00";

/// A page as `man` shows it at `width` columns, or `None` where `man` is missing.
fn rendered(page: &std::path::Path, width: usize) -> Option<String> {
    let out = std::process::Command::new("man")
        .arg("-l")
        .arg(page)
        .env("MANWIDTH", width.to_string())
        .env("LANG", "C.UTF-8")
        .output()
        .ok()?;
    // Bold and underline come as overstrikes (`x\bx`): each backspace takes back the
    // character before it.
    let mut text = String::new();
    for c in String::from_utf8_lossy(&out.stdout).chars() {
        if c == '\u{8}' {
            text.pop();
        } else {
            text.push(c);
        }
    }
    out.status.success().then_some(text)
}

#[test]
fn man_writes_a_page_per_command_in_the_desks_language() {
    let desk = TestDesk::new();
    let run = desk.ok(MON, &["man", "pages"]);
    assert!(run.stderr.contains("pages"), "{}", run.stderr);
    let dir = desk.root().join("pages");
    let main = std::fs::read_to_string(dir.join("inkdesk.1")).unwrap();
    assert!(main.contains(".TH") && main.contains("overdue"), "{main}");
    assert!(main.contains(".SH NAME") && main.contains("inkdesk manual"));
    let open = std::fs::read_to_string(dir.join("inkdesk-open.1")).unwrap();
    assert!(
        open.contains("\\-\\-title") || open.contains("--title"),
        "{open}"
    );
    desk.ok(MON, &["--lang", "zh", "man", "zh"]);
    let zh = std::fs::read_to_string(desk.root().join("zh").join("inkdesk-open.1")).unwrap();
    for heading in [".SH 名称", ".SH 概要", ".SH 描述", ".SH 选项"] {
        assert!(zh.contains(heading), "{heading} in\n{zh}");
    }
    assert!(!zh.contains(".SH NAME") && !zh.contains(".SH SYNOPSIS"));
    assert!(zh.contains("\n.ad l\n"), "flush left, no stretched gaps");
    assert!(
        zh.contains("开\\:一\\:个\\:工\\:单"),
        "a break after each character"
    );
    // As man shows it: within the terminal, the words whole.
    let Some(text) = rendered(&desk.root().join("zh").join("inkdesk-open.1"), 80) else {
        eprintln!("skipped the rendering part: man is not installed");
        return;
    };
    for width in [80, 60] {
        let page = desk.root().join("zh").join("inkdesk.1");
        for file in [page, desk.root().join("zh").join("inkdesk-open.1")] {
            let text = rendered(&file, width).unwrap();
            for line in text.lines() {
                assert!(line.width() <= width, "{width}: {line}");
            }
        }
    }
    let joined: String = text.split_whitespace().collect();
    assert!(joined.contains("按模板开一个工单"), "{text}");
    assert!(
        text.contains("名称") && text.contains("inkdesk 使用手册"),
        "{text}"
    );
}
