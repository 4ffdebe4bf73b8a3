//! `inkdesk man`: a manual page per command, in the desk's language.

use crate::harness::TestDesk;

const MON: &str = "2026-11-02T09:00:00+08:00";

#[test]
fn man_writes_a_page_per_command_in_the_desks_language() {
    let desk = TestDesk::new();
    let run = desk.ok(MON, &["man", "pages"]);
    assert!(run.stderr.contains("pages"), "{}", run.stderr);
    let dir = desk.root().join("pages");
    let main = std::fs::read_to_string(dir.join("inkdesk.1")).unwrap();
    assert!(main.contains(".TH") && main.contains("overdue"), "{main}");
    let open = std::fs::read_to_string(dir.join("inkdesk-open.1")).unwrap();
    assert!(
        open.contains("\\-\\-title") || open.contains("--title"),
        "{open}"
    );
    desk.ok(MON, &["--lang", "zh", "man", "zh"]);
    let zh = std::fs::read_to_string(desk.root().join("zh").join("inkdesk-open.1")).unwrap();
    assert!(zh.contains("开一个工单"), "{zh}");
}
