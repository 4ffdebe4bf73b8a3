//! The desk's language: a Chinese desk speaks Chinese on every screen, and the machine
//! formats do not change with the language.

use std::collections::BTreeSet;

use crate::harness::{TestDesk, git_ok, json, walk};

const MON: &str = "2026-11-02T09:00:00+08:00";

/// Chinese staff, so that a staff id shown instead of a name is caught.
const STAFF_ZH: &str = "staff:\n  - { id: lina, name: 李娜, role: agent }\n  - { id: wang, name: 王芳, role: agent }\n  - { id: zhou, name: 周强, role: supervisor }\n  - { id: chen, name: 陈总, role: manager }\n";

/// Words a Chinese screen may hold: the product, the formats and standards it names.
const ALLOWED: &[&str] = &[
    "inkdesk", "git", "cron", "WPS", "Excel", "YAML", "CSV", "JSON", "HTML", "RFC", "IANA", "UTF",
    "OPTIONS", "en", "zh", "eod", "Tab", "webhook",
];

/// The commands, as `--help` lists them and usage lines name them.
const COMMANDS: &[&str] = &[
    "init",
    "demo",
    "open",
    "overdue",
    "notify",
    "show",
    "history",
    "list",
    "merge-file",
    "update",
    "handover",
    "message",
    "inbox",
    "escalate",
    "export",
    "report",
    "sample",
    "resolve",
    "callback",
    "close",
    "reopen",
    "verify",
    "qa",
    "customer",
    "import",
    "sync",
    "check",
    "completions",
    "man",
];

/// What `--help` may add besides the commands: the codes and values flags take.
const ALLOWED_IN_HELP: &[&str] = &[
    "origin",
    "xlsx",
    "Excel",
    "cn",
    "help",
    "low",
    "normal",
    "urgent",
    "waiting",
    "resolved",
    "closed",
    "ours",
    "customer",
    "import",
    "supplier",
    "carrier",
    "unknown",
    "reprint",
    "refund",
    "discount",
    "repair",
    "explain",
    "none",
    "complaint",
    "onsite",
    "consult",
    "delivery",
    "suggestion",
    "response",
    "progress",
    "resolution",
    "promised",
    "table",
    "json",
    "csv",
    "markdown",
    "html",
    "bash",
    "zsh",
    "fish",
    "powershell",
    "elvish",
    "user.name",
    "sample_percent",
    "review",
    "ladder",
    "escalation",
    "lang",
    "true",
    "false",
];

/// The English words of a text a person reads, leaving out what is not language: ids,
/// times and numbers, flags, paths, code in backticks and environment variables.
fn english_words(text: &str, help: bool) -> BTreeSet<String> {
    // A usage line is command syntax, like a flag.
    let text: String = visible_text(text)
        .lines()
        .filter(|l| !l.starts_with("用法："))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut outside_code = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 0 {
            outside_code.push_str(part);
            outside_code.push(' ');
        }
    }
    let is_token = |c: char| c.is_ascii_alphanumeric() || "_./:@$-=|".contains(c);
    let mut found = BTreeSet::new();
    for token in outside_code.split(|c: char| !is_token(c)) {
        let token = token.trim_matches(|c: char| ".:|=".contains(c));
        let letters = token.chars().filter(|c| c.is_ascii_alphabetic()).count();
        let skip = letters < 2
            || token.starts_with('-')
            || token.starts_with('$')
            || token.contains('/')
            || token.contains('.') && !token.eq("user.name")
            || token.chars().any(|c| c.is_ascii_digit())
            || token.contains('_') && token.chars().all(|c| !c.is_ascii_lowercase())
            || token.contains('=')
            || token.contains('|');
        if skip {
            continue;
        }
        let allowed = ALLOWED.contains(&token)
            || (help && (COMMANDS.contains(&token) || ALLOWED_IN_HELP.contains(&token)));
        if !allowed {
            found.insert(token.to_string());
        }
    }
    found
}

/// What a browser shows of an HTML page (its text and titles); other text as it is.
fn visible_text(text: &str) -> String {
    if !text.starts_with("<!DOCTYPE") {
        return text.to_string();
    }
    let without_style = match (text.find("<style>"), text.find("</style>")) {
        (Some(a), Some(b)) => format!("{}{}", &text[..a], &text[b..]),
        _ => text.to_string(),
    };
    let mut shown = String::new();
    let mut in_tag = false;
    for c in without_style.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                shown.push(' ');
            }
            c if !in_tag => shown.push(c),
            _ => {}
        }
    }
    shown
}

/// A Chinese desk with Chinese staff, git, and a ticket through most of its life.
fn chinese_desk() -> TestDesk {
    let desk = TestDesk::empty();
    desk.ok(
        MON,
        &[
            "init",
            "--lang",
            "zh",
            "--timezone",
            "Asia/Shanghai",
            "--shop",
            "墨香印务",
        ],
    );
    desk.set_policy("staff: []\n", STAFF_ZH);
    git_ok(desk.root(), &["add", "-A"]);
    git_ok(desk.root(), &["commit", "-qm", "员工名单"]);
    desk
}

/// Every screen a person reads, in the order a ticket's life produces them.
fn screens(desk: &TestDesk) -> Vec<(String, String, bool)> {
    let mut seen = Vec::new();
    let mut run = |now: &str, args: &[&str]| {
        let r = desk.run(now, args);
        seen.push((args.join(" "), format!("{}{}", r.stdout, r.stderr), false));
        r
    };
    let id = run(
        MON,
        &[
            "open",
            "--kind",
            "投诉",
            "--title",
            "画册封面色差严重",
            "--customer",
            "王先生",
            "--company",
            "蓝海广告",
            "--phone",
            "13800138000",
            "--vip",
            "--job",
            "GC-2026-1031",
            "--quantity",
            "2000",
        ],
    )
    .stdout
    .trim()
    .to_string();
    assert_eq!(id.len(), 12, "opened: {id}");
    let other = run(
        MON,
        &[
            "open",
            "--kind",
            "咨询",
            "--title",
            "咨询特种纸价格",
            "--customer",
            "李女士",
            "--priority",
            "低",
        ],
    )
    .stdout
    .trim()
    .to_string();
    let t = |h: &str| format!("2026-11-{h}:00+08:00");
    run(
        &t("02T09:40"),
        &["update", &id, "--contacted", "--note", "已致歉"],
    );
    run(
        &t("02T10:00"),
        &[
            "update",
            &id,
            "--status",
            "等待中",
            "--reason",
            "等客户寄回样品",
        ],
    );
    run(
        &t("03T14:00"),
        &["update", &id, "--status", "处理中", "--note", "样品已收到"],
    );
    run(&t("03T14:05"), &["update", &id, "--promise", "2026-11-06"]);
    run(
        &t("03T14:10"),
        &[
            "update",
            &id,
            "--due",
            "解决=2026-11-05",
            "--reason",
            "客户同意",
        ],
    );
    run(&t("03T14:20"), &["update", &other, "--assign", "王芳"]);
    run(&t("03T15:00"), &["show", &id]);
    run(&t("03T15:00"), &["show", &id, "--format", "markdown"]);
    run(&t("03T15:00"), &["list"]);
    run(&t("03T15:00"), &["list", "--all", "--format", "markdown"]);
    run(&t("03T15:00"), &["overdue"]);
    run(
        &t("03T15:00"),
        &["overdue", "--within", "2h", "--format", "markdown"],
    );
    run(&t("04T12:00"), &["escalate", "--auto"]);
    run(
        &t("05T11:00"),
        &[
            "escalate",
            &id,
            "--to",
            "经理",
            "--reason",
            "需要经理批准重印",
        ],
    );
    run(
        &t("05T16:00"),
        &[
            "resolve",
            &id,
            "--cause",
            "我方",
            "--remedy",
            "重印",
            "--summary",
            "重印2000册",
            "--cost",
            "3200",
            "--approved-by",
            "zhou",
        ],
    );
    run(&t("06T10:00"), &["callback", &id, "--unreached"]);
    run(
        &t("09T15:00"),
        &[
            "callback",
            &id,
            "--reached",
            "--satisfaction",
            "不满意",
            "--note",
            "仍有色差",
        ],
    );
    run(
        &t("10T10:00"),
        &[
            "resolve",
            &id,
            "--cause",
            "我方",
            "--remedy",
            "退款",
            "--summary",
            "全额退款",
            "--cost",
            "1500",
            "--approved-by",
            "zhou",
        ],
    );
    run(
        &t("11T10:00"),
        &["callback", &id, "--reached", "--satisfaction", "满意"],
    );
    run(&t("12T10:00"), &["reopen", &id, "--reason", "客户又来电"]);
    run(
        &t("12T10:30"),
        &["close", &id, "--force", "--reason", "重复工单"],
    );
    run(
        &t("12T11:00"),
        &[
            "handover",
            "--from",
            "王芳",
            "--to",
            "李娜",
            "--note",
            "休假一周",
        ],
    );
    run(
        &t("12T11:05"),
        &[
            "message",
            "--to",
            "王芳",
            "--note",
            "王先生来电，请回电",
            "--ticket",
            &id,
        ],
    );
    run(
        &t("12T17:30"),
        &[
            "handover",
            "--shift",
            "--to",
            "王芳",
            "--note",
            "复检单放在柜台",
        ],
    );
    run(&t("12T17:30"), &["handover", "--log"]);
    run(&t("12T17:31"), &["inbox", "--for", "王芳"]);
    run(&t("12T17:31"), &["inbox", "--for", "王芳", "--read"]);
    run(&t("12T17:31"), &["inbox"]);
    run(&t("12T17:31"), &["overdue", "--assignee", "王芳"]);
    run(&t("12T17:31"), &["overdue"]);
    run(&t("12T17:31"), &["notify"]);
    run(&t("12T17:31"), &["sync"]);
    run(&t("12T11:00"), &["history", &id]);
    run(&t("12T11:00"), &["check"]);
    run(
        "2026-12-02T09:00:00+08:00",
        &["report", "--month", "2026-11"],
    );
    run(
        "2026-12-02T09:00:00+08:00",
        &["report", "--month", "2026-11", "--format", "markdown"],
    );
    run(
        "2026-12-02T09:00:00+08:00",
        &["report", "--month", "2026-11", "--format", "html"],
    );
    run(
        "2026-12-02T09:00:00+08:00",
        &["sample", "--month", "2026-11"],
    );
    run("2026-12-02T09:00:00+08:00", &["export", "-o", "export.csv"]);
    run(MON, &["init"]);
    run(MON, &["man", "pages"]);
    run(MON, &["demo", "demo-desk", "--tickets", "20"]);
    // What goes wrong, and how the tool says so.
    run(MON, &["show", "ZZZZ"]);
    run(
        MON,
        &[
            "open",
            "--kind",
            "传真",
            "--title",
            "某事",
            "--customer",
            "某人",
        ],
    );
    run(MON, &["open", "--kind", "投诉", "--title", "某事"]);
    run(
        MON,
        &[
            "open",
            "--kind",
            "投诉",
            "--title",
            "某事",
            "--customer",
            "某人",
            "--received",
            "明天",
        ],
    );
    run(MON, &["list", "--status", "完了"]);
    run(MON, &["list", "--bogus"]);
    run(
        &t("13T10:00"),
        &[
            "resolve",
            &id,
            "--cause",
            "我方",
            "--remedy",
            "重印",
            "--summary",
            "再次重印",
        ],
    );
    run(
        &t("13T10:00"),
        &[
            "resolve",
            &other,
            "--cause",
            "我方",
            "--remedy",
            "无",
            "--summary",
            "已答复",
            "--cost",
            "-10",
        ],
    );
    run(&t("13T10:00"), &["update", &other]);
    run(&t("13T10:00"), &["frobnicate"]);
    run(&t("13T10:00"), &["report", "--month", "十一月"]);
    run(&t("13T10:00"), &["history", "0000"]);
    for sub in std::iter::once("").chain(COMMANDS.iter().copied()) {
        let mut args: Vec<&str> = sub.split_whitespace().collect();
        args.push("--help");
        let r = desk.run(MON, &args);
        seen.push((args.join(" "), format!("{}{}", r.stdout, r.stderr), true));
    }
    seen
}

#[test]
fn every_screen_of_a_chinese_desk_is_chinese() {
    let desk = chinese_desk();
    let mut leaks = Vec::new();
    for (command, text, help) in screens(&desk) {
        assert!(!text.contains("panicked"), "{command}: {text}");
        let words = english_words(&text, help);
        if !words.is_empty() {
            leaks.push(format!("inkdesk {command}: {words:?}\n{text}"));
        }
    }
    assert!(
        leaks.is_empty(),
        "English on a Chinese desk:\n\n{}",
        leaks.join("\n\n")
    );
}

#[test]
fn the_language_comes_from_the_flag_then_the_environment_then_the_desk() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    let desk_says = desk.ok(MON, &["show", &id]).stdout;
    assert!(desk_says.contains("first contact"), "{desk_says}");
    let env_says = desk.run_env(MON, &[("INKDESK_LANG", "zh")], &["show", &id]);
    assert!(env_says.stdout.contains("首次联系"), "{}", env_says.stdout);
    let flag_says = desk.run_env(
        MON,
        &[("INKDESK_LANG", "zh")],
        &["--lang", "en", "show", &id],
    );
    assert!(
        flag_says.stdout.contains("first contact"),
        "{}",
        flag_says.stdout
    );
}

#[test]
fn the_review_page_says_its_language() {
    let desk = chinese_desk();
    desk.complaint(MON);
    let html = desk
        .ok("2026-12-02T09:00:00+08:00", &["report", "--format", "html"])
        .stdout;
    assert!(html.contains("<html lang=\"zh\">"), "{}", &html[..200]);
    assert!(html.contains("服务报告"));
    let html = desk
        .ok(
            "2026-12-02T09:00:00+08:00",
            &["--lang", "en", "report", "--format", "html"],
        )
        .stdout;
    assert!(html.contains("<html lang=\"en\">") && html.contains("Service review"));
}

/// Runs the same life on an English and a Chinese desk at the same times.
fn both(args_of_life: &[(&str, Vec<&str>)]) -> [(TestDesk, Vec<String>); 2] {
    ["en", "zh"].map(|lang| {
        let desk = TestDesk::empty();
        desk.ok(
            MON,
            &[
                "init",
                "--lang",
                lang,
                "--timezone",
                "Asia/Shanghai",
                "--shop",
                "测试印务",
            ],
        );
        let mut outs = Vec::new();
        let mut id = String::new();
        for (now, args) in args_of_life {
            let args: Vec<&str> = args
                .iter()
                .map(|a| if *a == "ID" { id.as_str() } else { *a })
                .collect();
            let r = desk.ok(now, &args);
            if args[0] == "open" {
                id = r.stdout.trim().to_string();
            }
            outs.push(r.stdout);
        }
        (desk, outs)
    })
}

#[test]
fn scripts_read_the_same_codes_on_every_desk() {
    let life = [
        (
            MON,
            vec![
                "open",
                "--kind",
                "complaint",
                "--title",
                "色差",
                "--customer",
                "王先生",
                "--phone",
                "13800138000",
                "--department",
                "客服部",
            ],
        ),
        (
            "2026-11-02T09:30:00+08:00",
            vec!["update", "ID", "--contacted"],
        ),
        (
            "2026-11-03T12:00:00+08:00",
            vec!["overdue", "--format", "json"],
        ),
        (
            "2026-11-03T12:00:00+08:00",
            vec!["overdue", "--format", "csv"],
        ),
        ("2026-11-03T12:00:00+08:00", vec!["list", "--format", "csv"]),
        (
            "2026-11-03T12:00:00+08:00",
            vec!["list", "--format", "json"],
        ),
        (
            "2026-11-03T12:00:00+08:00",
            vec!["show", "ID", "--format", "csv"],
        ),
        (
            "2026-11-03T12:10:00+08:00",
            vec![
                "resolve",
                "ID",
                "--cause",
                "ours",
                "--remedy",
                "refund",
                "--summary",
                "退款",
                "--cost",
                "300",
            ],
        ),
        (
            "2026-12-01T09:00:00+08:00",
            vec!["report", "--format", "csv"],
        ),
        (
            "2026-12-01T09:00:00+08:00",
            vec!["report", "--format", "json"],
        ),
        ("2026-12-01T09:00:00+08:00", vec!["export"]),
        (
            "2026-12-01T09:00:00+08:00",
            vec!["check", "--format", "json"],
        ),
    ];
    let [(en_desk, en), (zh_desk, zh)] = both(&life);
    // Ids and the lines that carry them differ between the two desks; the rest is equal.
    let (en_id, zh_id) = (en[0].trim(), zh[0].trim());
    for (i, (a, b)) in en.iter().zip(&zh).enumerate().skip(1) {
        let b = b.replace(zh_id, en_id);
        if life[i].1[0] == "report" && life[i].1.contains(&"json") {
            // The shop's name is the folder's name.
            let (a, b) = (json(a), json(&b));
            assert_eq!(a["current"], b["current"], "{:?}", life[i].1);
            continue;
        }
        assert_eq!(
            a, &b,
            "{:?} differs between an English and a Chinese desk",
            life[i].1
        );
    }
    // The records on disk are the same YAML (but for the id and the template texts).
    let (a, b) = (en_desk.ticket(en_id), zh_desk.ticket(zh_id));
    assert_eq!(
        (a.status, a.priority, &a.due, &a.log.len(), &a.resolution),
        (b.status, b.priority, &b.due, &b.log.len(), &b.resolution)
    );
    assert_eq!(
        a.log.iter().map(|e| e.action).collect::<Vec<_>>(),
        b.log.iter().map(|e| e.action).collect::<Vec<_>>()
    );
}

#[test]
fn codes_can_be_typed_in_either_language() {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", STAFF_ZH);
    let id = desk.open(
        MON,
        &[
            "--as",
            "李娜",
            "--kind",
            "投诉",
            "--title",
            "色差",
            "--customer",
            "王先生",
            "--phone",
            "13800138000",
            "--priority",
            "急单",
        ],
    );
    let t = desk.ticket(&id);
    assert_eq!(
        (t.kind.as_str(), t.priority.as_str()),
        ("complaint", "urgent")
    );
    assert_eq!(
        t.assignee.as_deref(),
        Some("lina"),
        "a staff name is stored as the id"
    );
    desk.ok(
        "2026-11-02T09:10:00+08:00",
        &["update", &id, "--status", "等待中", "--reason", "x"],
    );
    assert_eq!(desk.ticket(&id).status.as_str(), "waiting");
    desk.ok(
        "2026-11-02T09:20:00+08:00",
        &["escalate", &id, "--to", "主管", "--reason", "x"],
    );
    assert_eq!(desk.ticket(&id).level, 1);
    desk.ok(
        "2026-11-02T09:30:00+08:00",
        &[
            "resolve",
            &id,
            "--cause",
            "客户",
            "--remedy",
            "解释说明",
            "--summary",
            "x",
        ],
    );
    let r = desk.ticket(&id).resolution.unwrap();
    assert_eq!(
        (r.cause.unwrap().as_str(), r.remedy.unwrap().as_str()),
        ("customer", "explain")
    );
    let rows = json(
        &desk
            .ok(
                MON,
                &["list", "--all", "--kind", "投诉", "--format", "json"],
            )
            .stdout,
    );
    assert_eq!(rows.as_array().unwrap().len(), 1);
    let text = desk.text(&id);
    assert!(
        text.contains("kind: complaint") && text.contains("cause: customer"),
        "the file keeps the codes:\n{text}"
    );
}

/// A shop types its own words: the start of a word that only one has (`重印` for 重印退换,
/// `解释` for 解释说明, `上门` for 上门维护), another word shops use (`其他` for 不明,
/// `已结案` for closed), a staff member's name or its start; a start several share is
/// refused with the candidates, in the desk's language.
#[test]
fn the_shops_own_words_are_understood() {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", STAFF_ZH);
    desk.set_policy("lang: en", "lang: zh");
    let open = |kind: &str| {
        desk.open(
            MON,
            &[
                "--as",
                "李",
                "--kind",
                kind,
                "--title",
                "色差",
                "--customer",
                "王先生",
                "--phone",
                "13800138000",
            ],
        )
    };
    let id = open("重印");
    assert_eq!(desk.ticket(&id).kind, "reprint");
    assert_eq!(
        desk.ticket(&id).assignee.as_deref(),
        Some("lina"),
        "李 is 李娜 alone"
    );
    assert_eq!(desk.ticket(&open("上门")).kind, "onsite");
    assert_eq!(desk.ticket(&open("compl")).kind, "complaint");
    desk.ok(
        MON,
        &[
            "resolve",
            &id,
            "--cause",
            "其他",
            "--remedy",
            "解释",
            "--summary",
            "已说明",
            "--cost",
            "¥４００元",
        ],
    );
    let r = desk.ticket(&id).resolution.unwrap();
    assert_eq!(
        (
            r.cause.unwrap().as_str(),
            r.remedy.unwrap().as_str(),
            r.cost.map(|c| c.hundredths())
        ),
        ("unknown", "explain", Some(40_000)),
        "an amount as the shop writes it"
    );
    desk.ok(MON, &["update", &open("投诉"), "--assign", "周"]);

    // A start several share names them, and nothing is written.
    let before = desk.snapshot();
    let refused = desk.run(
        MON,
        &["open", "--kind", "c", "--title", "t", "--customer", "c"],
    );
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.starts_with("错误："), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("投诉") && refused.stderr.contains("咨询"),
        "{}",
        refused.stderr
    );
    let listed = desk.run(MON, &["list", "--status", "已"]);
    assert_eq!(listed.code, 2);
    assert!(
        listed.stderr.contains("已解决") && listed.stderr.contains("已关闭"),
        "{}",
        listed.stderr
    );
    assert_eq!(desk.snapshot(), before);
}

/// What a Chinese desk still showed in English or as codes: a positional argument's
/// name, a parser's own words, a resolver's login id, nanoseconds, serde's and clap's
/// phrases, a doubled "working time", a merge's field path and RFC 3339 times.
#[test]
fn a_chinese_desk_shows_no_parser_words_ids_or_raw_times() {
    let desk = chinese_desk();
    let zh = |args: &[&str]| {
        let r = desk.run(MON, args);
        (r.code, r.stderr)
    };
    let (code, said) = zh(&["show", "0NR"]);
    assert_eq!(code, 2);
    assert!(said.contains("编号：`0NR`"), "{said}");
    let id = desk.open(
        MON,
        &[
            "--as",
            "李娜",
            "--kind",
            "投诉",
            "--title",
            "纸价",
            "--customer",
            "王",
            "--phone",
            "13800138000",
            "--quantity",
            "10盒",
        ],
    );
    assert_eq!(desk.ticket(&id).order.quantity, Some(10));
    for args in [
        vec![
            "open",
            "--kind",
            "咨询",
            "--title",
            "t",
            "--customer",
            "c",
            "--quantity",
            "10.5",
        ],
        vec!["qa", id.as_str(), "--score", "72.5"],
        vec!["qa", id.as_str(), "--score", "-1"],
    ] {
        let (code, said) = zh(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(
            said.contains("整数") && !said.contains("invalid"),
            "{args:?}: {said}"
        );
    }
    let (_, said) = zh(&["oepn"]);
    assert!(said.contains("`open`"), "{said}");
    // The resolver by name, not login; the gap's "working time" said once.
    desk.ok(
        MON,
        &[
            "--as",
            "李娜",
            "resolve",
            &id,
            "--cause",
            "我方",
            "--remedy",
            "解释",
            "--summary",
            "已答复",
        ],
    );
    let (_, said) = zh(&["--as", "李娜", "verify", &id, "--ok"]);
    assert!(said.contains("李娜") && !said.contains("lina"), "{said}");
    let later = |h: &str| format!("2026-11-03T{h}:00+08:00");
    desk.ok(&later("10:00"), &["callback", &id, "--unreached"]);
    let r = desk.run(&later("10:30"), &["callback", &id, "--unreached"]);
    assert_eq!(r.stderr.matches("工作时间").count(), 1, "{}", r.stderr);
    // serde's words for a key given twice, and for a working date not written as one.
    let policy = desk.root().join("inkdesk.yaml");
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(&policy, format!("{text}lang: zh\n")).unwrap();
    let checked = desk.run(MON, &["check"]).stdout;
    assert!(
        checked.contains("写了两次") && !checked.contains("duplicate"),
        "{checked}"
    );
    std::fs::write(
        &policy,
        text.replace("  workdays: []", "  workdays: [{ dates: x }]"),
    )
    .unwrap();
    let checked = desk.run(MON, &["check"]).stdout;
    assert!(
        checked.contains("工作日期") && !checked.contains("untagged"),
        "{checked}"
    );
    std::fs::write(&policy, &text).unwrap();
    // A merge settled the resolution deadline: the deadline's word and shop times.
    let path = desk.path(&id);
    let record = std::fs::read_to_string(&path).unwrap();
    let merged = format!(
        "{record}- at: '2026-11-03T11:00:00+08:00'\n  by: merge\n  action: merge\n  field: due.resolution\n  from: '2026-11-03T18:00:00+08:00'\n  to: '2026-11-04T18:00:00+08:00'\n"
    );
    std::fs::write(&path, merged).unwrap();
    let shown = desk.ok(&later("12:00"), &["show", &id]).stdout;
    assert!(
        !shown.contains("due.resolution") && !shown.contains("T18:00"),
        "{shown}"
    );
    assert!(shown.contains("2026-11-04 18:00"), "{shown}");
}

/// The hand edits that usually break a record — a pasted control character, a tab, an
/// unclosed quote, a colon in a value, a lost colon, a value YAML keeps for itself, a
/// list where text belongs — are explained on a Chinese desk in Chinese, with what to
/// do, never in the YAML reader's English.
#[test]
fn a_broken_record_is_explained_in_the_desks_language() {
    let desk = chinese_desk();
    let id = desk.complaint(MON);
    let path = walk(&desk.root().join("records"))
        .into_iter()
        .find(|p| p.to_string_lossy().contains(&id))
        .unwrap();
    let good = std::fs::read_to_string(&path).unwrap();
    let cases: [(&str, &str, &str); 8] = [
        ("title: ", "title: \u{1b}[31m", "控制字符"),
        ("\nkind:", "\n\tkind:", "Tab"),
        ("title: ", "title: \"未闭合", "引号没有配对"),
        ("title: ", "title: 颜色: 偏红 ", "加上引号"),
        ("\nkind: ", "\nkind ", "冒号"),
        ("title: ", "title: @张", "加上引号"),
        ("title: ", "title: [一, 二]\nx: ", "文字"),
        ("\nlevel: 0", "\nlevel: [1]", "整数"),
    ];
    for (from, to, words) in cases {
        std::fs::write(&path, good.replacen(from, to, 1)).unwrap();
        for (args, code) in [(&["check"][..], 1), (&["list"][..], 2)] {
            let run = desk.run(MON, args);
            assert_eq!(run.code, code, "{to:?} {args:?}: {}", run.stdout);
            let text = format!("{}{}", run.stdout, run.stderr);
            let line = text
                .lines()
                .find(|l| l.contains(&id))
                .unwrap_or_else(|| panic!("{to:?} {args:?}: names the file\n{text}"));
            assert!(line.contains(words), "{to:?} {args:?}: {line}");
            // `file:line: key: message`: the key is the file's own word.
            let message = line.splitn(4, ": ").last().unwrap_or_default();
            assert!(
                !line.contains("(file)") && english_words(message, false).is_empty(),
                "{to:?} {args:?}: {line} {:?}",
                english_words(message, false)
            );
        }
    }
    std::fs::write(&path, good).unwrap();
    desk.ok(MON, &["check"]);
}
