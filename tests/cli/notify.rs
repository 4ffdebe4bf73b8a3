//! `inkdesk notify` against a local HTTP server on 127.0.0.1 that answers like each
//! robot: the exact JSON each format gets, the DingTalk and Feishu signatures, each
//! reminder sent once across runs and across a kill between send and record, quiet
//! hours, failures and retries, secrets never shown or stored.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::harness::{Run, STAFF, TestDesk, walk};

/// Monday 2026-11-02, 10:30: a consultation opened at 09:00 is 30 working minutes past
/// its first contact (due 10:00).
const MON_0900: &str = "2026-11-02T09:00:00+08:00";
const MON_1030: &str = "2026-11-02T10:30:00+08:00";

/// How the robot answers one request.
#[derive(Clone)]
enum Answer {
    Json(u16, &'static str),
    /// Reads the request and says nothing for this long.
    Silent(Duration),
}

const OK: Answer = Answer::Json(200, r#"{"errcode":0,"errmsg":"ok"}"#);

/// One request the robot got.
#[derive(Debug, Clone)]
struct Got {
    path: String,
    body: serde_json::Value,
}

/// A robot on 127.0.0.1: answers from a script (then `OK`), keeps what it got.
struct Robot {
    port: u16,
    got: Arc<Mutex<Vec<Got>>>,
}

impl Robot {
    fn start(script: Vec<Answer>) -> Robot {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let got = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&got);
        std::thread::spawn(move || {
            let mut script = script.into_iter();
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let path = line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or_default()
                    .to_string();
                let mut length = 0;
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).unwrap();
                    if header.trim().is_empty() {
                        break;
                    }
                    let lower = header.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let body = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
                kept.lock().unwrap().push(Got { path, body });
                match script.next().unwrap_or(OK) {
                    Answer::Json(status, text) => {
                        let _ = write!(
                            stream,
                            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                            text.len()
                        );
                    }
                    Answer::Silent(d) => std::thread::sleep(d),
                }
            }
        });
        Robot { port, got }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn got(&self) -> Vec<Got> {
        self.got.lock().unwrap().clone()
    }
}

/// A desk with the staff list (李娜 reachable by phone and chat id), these channels, and
/// these settings of `notify:` changed (`attempts: 1` …).
fn desk_with(channels: &str, settings: &str) -> TestDesk {
    let desk = TestDesk::new();
    let staff = STAFF.replace(
        "{ id: lina, name: 李娜, role: agent }",
        "{ id: lina, name: 李娜, role: agent, phone: '+86 138 0013 8000', chat_id: ou_lina }",
    );
    desk.set_policy("staff: []\n", &staff);
    desk.set_policy("  channels: []\n", &format!("  channels:\n{channels}"));
    for setting in settings.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let key = setting.split(':').next().unwrap();
        let policy = std::fs::read_to_string(desk.root().join("inkdesk.yaml")).unwrap();
        let line = policy
            .lines()
            .find(|l| l.starts_with(&format!("  {key}:")))
            .unwrap()
            .to_string();
        desk.set_policy(&line, &format!("  {setting}"));
    }
    desk
}

/// A consultation held by 李娜, opened Monday 09:00.
fn consultation(desk: &TestDesk) -> String {
    desk.open(
        MON_0900,
        &[
            "--kind",
            "consult",
            "--title",
            "Quote for 2000 brochures",
            "--customer",
            "Wang",
        ],
    )
}

fn notify(desk: &TestDesk, now: &str, env: &[(&str, &str)]) -> Run {
    desk.run_env(now, env, &["notify"])
}

#[test]
fn wecom_gets_the_digest_mentioning_the_holder_once_per_deadline() {
    let robot = Robot::start(vec![]);
    let desk = desk_with("    - { kind: wecom, url_env: WECOM_URL }\n", "");
    let id = consultation(&desk);
    let env = [(
        "WECOM_URL",
        robot.url("/cgi-bin/webhook/send?key=K-SECRET-1"),
    )];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let run = notify(&desk, MON_1030, &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        (run.stdout.as_str(), run.stderr.as_str()),
        ("", ""),
        "cron mails nothing"
    );
    let got = robot.got();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].path, "/cgi-bin/webhook/send?key=K-SECRET-1");
    let shop = shop_name(&desk);
    let expected = serde_json::json!({
        "msgtype": "text",
        "text": {
            "content": format!(
                "{shop} · service desk reminders 11-02 10:30\nOverdue (1):\n· {} Wang first contact 30m late — 李娜 · Quote for 2000 brochures",
                &id[..8]
            ),
            "mentioned_mobile_list": ["13800138000"],
            "mentioned_list": ["ou_lina"],
        }
    });
    assert_eq!(got[0].body, expected);
    // Once per deadline: the same reminder is not sent again.
    assert_eq!(notify(&desk, "2026-11-02T10:40:00+08:00", &env).code, 0);
    assert_eq!(robot.got().len(), 1);
    // The resolution and the promised date fall due at 18:00, soon at 17:10: new ones.
    assert_eq!(notify(&desk, "2026-11-02T17:10:00+08:00", &env).code, 0);
    let got = robot.got();
    assert_eq!(got.len(), 2);
    let content = got[1].body["text"]["content"].as_str().unwrap();
    assert!(content.contains("Due soon (2):"), "{content}");
    assert!(content.contains("resolution due 11-02 18:00"), "{content}");
    assert!(
        content.contains("no promised date due 11-02 18:00"),
        "{content}"
    );
    assert!(!content.contains("first contact"), "{content}");
}

/// The shop's name as `init` wrote it.
fn shop_name(desk: &TestDesk) -> String {
    let policy = std::fs::read_to_string(desk.root().join("inkdesk.yaml")).unwrap();
    let value: serde_yaml::Value = serde_yaml::from_str(&policy).unwrap();
    value["shop"]["name"].as_str().unwrap().to_string()
}

fn env_of(pairs: &[(&'static str, String)]) -> Vec<(&'static str, String)> {
    pairs.to_vec()
}

fn borrowed<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Decodes what a query holds percent-encoded.
fn percent_decoded(text: &str) -> String {
    text.replace("%2B", "+")
        .replace("%2F", "/")
        .replace("%3D", "=")
}

fn hmac_base64(key: &[u8], message: &[u8]) -> String {
    use base64::Engine;
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[test]
fn dingtalk_and_feishu_get_their_json_signed_with_the_secret() {
    let robot = Robot::start(vec![OK, Answer::Json(200, r#"{"code":0,"msg":"success"}"#)]);
    let desk = desk_with(
        "    - { kind: dingtalk, url_env: DING_URL, secret_env: DING_SECRET }\n    - { kind: feishu, url_env: FEISHU_URL, secret_env: FEISHU_SECRET }\n",
        "",
    );
    let id = consultation(&desk);
    let env = env_of(&[
        (
            "DING_URL",
            robot.url("/robot/send?access_token=TOKEN-SECRET"),
        ),
        ("DING_SECRET", "SEC-DING-123".into()),
        (
            "FEISHU_URL",
            robot.url("/open-apis/bot/v2/hook/HOOK-SECRET"),
        ),
        ("FEISHU_SECRET", "SEC-FEISHU-456".into()),
    ]);
    let run = notify(&desk, MON_1030, &borrowed(&env));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got = robot.got();
    assert_eq!(got.len(), 2);
    // DingTalk: the signature in the query, milliseconds of --now.
    let ts = chrono::DateTime::parse_from_rfc3339(MON_1030)
        .unwrap()
        .timestamp_millis();
    let (path, query) = got[0].path.split_once('?').unwrap();
    assert_eq!(path, "/robot/send");
    let params: std::collections::HashMap<&str, &str> =
        query.split('&').filter_map(|p| p.split_once('=')).collect();
    assert_eq!(params["access_token"], "TOKEN-SECRET");
    assert_eq!(params["timestamp"], ts.to_string());
    assert_eq!(
        percent_decoded(params["sign"]),
        hmac_base64(b"SEC-DING-123", format!("{ts}\nSEC-DING-123").as_bytes())
    );
    let digest = format!(
        "{} · service desk reminders 11-02 10:30\nOverdue (1):\n· {} Wang first contact 30m late — 李娜 · Quote for 2000 brochures",
        shop_name(&desk),
        &id[..8]
    );
    assert_eq!(
        got[0].body,
        serde_json::json!({
            "msgtype": "text",
            "text": { "content": format!("{digest}\n@13800138000 @ou_lina") },
            "at": { "atMobiles": ["13800138000"], "atUserIds": ["ou_lina"], "isAtAll": false },
        })
    );
    // Feishu: the signature in the body, seconds.
    let body = &got[1].body;
    assert_eq!(got[1].path, "/open-apis/bot/v2/hook/HOOK-SECRET");
    assert_eq!(
        body,
        &serde_json::json!({
            "msg_type": "text",
            "content": { "text": format!("{digest} <at user_id=\"ou_lina\">李娜</at>") },
            "timestamp": (ts / 1000).to_string(),
            "sign": hmac_base64(format!("{}\nSEC-FEISHU-456", ts / 1000).as_bytes(), b""),
        })
    );
}

#[test]
fn the_generic_webhook_gets_codes_for_scripts() {
    let robot = Robot::start(vec![Answer::Json(204, "")]);
    let desk = desk_with("    - { kind: webhook, url_env: HOOK }\n", "");
    let id = consultation(&desk);
    let env = env_of(&[("HOOK", robot.url("/hook"))]);
    assert_eq!(notify(&desk, MON_1030, &borrowed(&env)).code, 0);
    let body = &robot.got()[0].body;
    let title = format!("{} · service desk reminders 11-02 10:30", shop_name(&desk));
    let text = format!(
        "{title}\nOverdue (1):\n· {} Wang first contact 30m late — 李娜 · Quote for 2000 brochures",
        &id[..8]
    );
    assert_eq!(
        body,
        &serde_json::json!({
            "shop": shop_name(&desk),
            "lang": "en",
            "at": "2026-11-02T02:30:00+00:00",
            "title": title,
            "text": text,
            "reminders": [{
                "kind": "overdue",
                "ticket": id,
                "deadline": "response",
                "at": "2026-11-02T02:00:00Z",
                "late": 30,
                "left": 0,
                "level": 0,
                "customer": "Wang",
                "vip": false,
                "title": "Quote for 2000 brochures",
                "holder": "lina",
                "urgent": false,
            }],
            "mention": { "phones": ["13800138000"], "ids": ["ou_lina"] },
        })
    );
}

#[test]
fn a_failed_channel_is_retried_next_run_while_the_others_send() {
    // WeCom refuses the first time (an error code), the webhook takes it.
    let wecom = Robot::start(vec![Answer::Json(
        200,
        r#"{"errcode":93000,"errmsg":"invalid webhook url"}"#,
    )]);
    let hook = Robot::start(vec![]);
    let desk = desk_with(
        "    - { kind: wecom, url_env: WECOM_URL }\n    - { kind: webhook, url_env: HOOK }\n",
        "attempts: 1\n",
    );
    consultation(&desk);
    let env = env_of(&[
        ("WECOM_URL", wecom.url("/send?key=K-SECRET-2")),
        ("HOOK", hook.url("/hook")),
    ]);
    let run = notify(&desk, MON_1030, &borrowed(&env));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("wecom #1 ($WECOM_URL): not sent: 93000 invalid webhook url"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("K-SECRET-2"), "{}", run.stderr);
    assert_eq!((wecom.got().len(), hook.got().len()), (1, 1));
    // The next run sends WeCom its reminder, and the webhook nothing again.
    let run = notify(&desk, "2026-11-02T10:35:00+08:00", &borrowed(&env));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!((wecom.got().len(), hook.got().len()), (2, 1));
    let again = wecom.got()[1].body["text"]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(again.contains("first contact 35m late"), "{again}");
}

#[test]
fn a_server_error_is_tried_again_within_the_run() {
    let robot = Robot::start(vec![Answer::Json(500, "oops")]);
    let desk = desk_with(
        "    - { kind: wecom, url_env: WECOM_URL }\n",
        "attempts: 3\nbackoff: 0\n",
    );
    consultation(&desk);
    let env = env_of(&[("WECOM_URL", robot.url("/send"))]);
    let run = notify(&desk, MON_1030, &borrowed(&env));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(robot.got().len(), 2, "a 500, then the same message taken");
}

#[test]
fn a_robot_that_never_answers_times_out_and_is_named() {
    let robot = Robot::start(vec![Answer::Silent(Duration::from_secs(5))]);
    let desk = desk_with(
        "    - { kind: wecom, url_env: WECOM_URL }\n",
        "timeout: 1\nattempts: 1\n",
    );
    consultation(&desk);
    let env = env_of(&[("WECOM_URL", robot.url("/send?key=K-SECRET-3"))]);
    let run = notify(&desk, MON_1030, &borrowed(&env));
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("not sent: no answer within 1 s (1 tries)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("K-SECRET-3"));
}

#[test]
fn quiet_hours_hold_all_but_urgent_tickets() {
    let robot = Robot::start(vec![]);
    let desk = desk_with("    - { kind: webhook, url_env: HOOK }\n", "");
    let calm = consultation(&desk);
    let urgent = desk.open(
        MON_0900,
        &[
            "--kind",
            "consult",
            "--title",
            "t",
            "--customer",
            "Li",
            "--priority",
            "urgent",
        ],
    );
    let env = env_of(&[("HOOK", robot.url("/hook"))]);
    // Monday 20:00 is outside working time: only the urgent ticket's reminders go.
    assert_eq!(
        notify(&desk, "2026-11-02T20:00:00+08:00", &borrowed(&env)).code,
        0
    );
    let sent = |g: &Got| -> Vec<(String, String)> {
        g.body["reminders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let ticket = r["ticket"].as_str().unwrap().to_string();
                (ticket, format!("{}@{}", r["deadline"], r["at"]))
            })
            .collect()
    };
    let first = sent(&robot.got()[0]);
    assert!(
        !first.is_empty() && first.iter().all(|(t, _)| *t == urgent),
        "{first:?}"
    );
    // Tuesday 09:00 the held ones go; what the urgent ticket was sent is not again.
    assert_eq!(
        notify(&desk, "2026-11-03T09:00:00+08:00", &borrowed(&env)).code,
        0
    );
    let second = sent(&robot.got()[1]);
    assert!(second.iter().any(|(t, _)| *t == calm), "{second:?}");
    assert!(second.iter().all(|s| !first.contains(s)), "{second:?}");
}

#[test]
fn a_kill_between_send_and_record_sends_that_message_once_more_at_most() {
    let robot = Robot::start(vec![]);
    let desk = desk_with("    - { kind: wecom, url_env: WECOM_URL }\n", "");
    consultation(&desk);
    let env = env_of(&[("WECOM_URL", robot.url("/send"))]);
    let mut killed = borrowed(&env);
    killed.push(("INKDESK_FAILPOINT", "after-send"));
    let run = notify(&desk, MON_1030, &killed);
    assert_ne!(run.code, 0, "stopped after the send");
    assert_eq!(robot.got().len(), 1);
    // The record was not written: the next run sends it again, once; then never.
    assert_eq!(notify(&desk, MON_1030, &borrowed(&env)).code, 0);
    assert_eq!(
        notify(&desk, "2026-11-02T10:32:00+08:00", &borrowed(&env)).code,
        0
    );
    let got = robot.got();
    assert_eq!(got.len(), 2, "one duplicate, no more");
    assert_eq!(got[0].body, got[1].body);
}

#[test]
fn secrets_are_never_printed_nor_kept_in_the_desk() {
    let robot = Robot::start(vec![Answer::Json(500, "K-SECRET-4")]);
    let secret_dir = tempfile::tempdir().unwrap();
    let url_file = secret_dir.path().join("url");
    std::fs::write(
        &url_file,
        robot.url("/robot/send?access_token=K-SECRET-4\n"),
    )
    .unwrap();
    let desk = desk_with(
        &format!(
            "    - {{ kind: dingtalk, url_file: '{}', secret_env: DING_SECRET }}\n",
            url_file.display()
        ),
        "attempts: 1\n",
    );
    consultation(&desk);
    let env = [("DING_SECRET", "S-SECRET-5")];
    let mut seen = String::new();
    for args in [&["notify", "--dry-run"][..], &["notify", "-v"], &["notify"]] {
        let run = desk.run_env(MON_1030, &env, args);
        seen += &run.stdout;
        seen += &run.stderr;
    }
    assert!(seen.contains("not sent: HTTP 500"), "{seen}");
    for secret in ["K-SECRET-4", "S-SECRET-5"] {
        assert!(!seen.contains(secret), "{secret} printed: {seen}");
        for path in walk(desk.root()) {
            let bytes = std::fs::read(&path).unwrap_or_default();
            assert!(
                !String::from_utf8_lossy(&bytes).contains(secret),
                "{secret} kept in {}",
                path.display()
            );
        }
    }
    // A secret file inside the desk is refused.
    let inside = desk.root().join("url.txt");
    std::fs::write(&inside, "http://127.0.0.1:1/x").unwrap();
    desk.set_policy(
        &url_file.display().to_string(),
        &inside.display().to_string(),
    );
    let run = desk.run_env(MON_1030, &env, &["notify"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is inside the desk"), "{}", run.stderr);
}

#[test]
fn a_secret_written_in_the_policy_is_refused_by_check() {
    let desk = desk_with(
        "    - { kind: wecom, url: 'https://qyapi.weixin.qq.com/x?key=1' }\n",
        "",
    );
    let run = desk.run(MON_1030, &["check"]);
    assert_ne!(run.code, 0);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("notify.channels[0].url"), "{all}");
    assert!(
        all.contains("must not be written in the committed policy"),
        "{all}"
    );
}

#[test]
fn email_goes_through_sendmail_and_the_desktop_through_notify_send() {
    let tools = tempfile::tempdir().unwrap();
    let mail = tools.path().join("mail.txt");
    let shown = tools.path().join("shown.txt");
    let script = |name: &str, body: String| {
        let path = tools.path().join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    };
    let sendmail = script("sendmail", format!("cat > '{}'", mail.display()));
    script(
        "notify-send",
        format!("printf '%s\\n' \"$@\" > '{}'", shown.display()),
    );
    let desk = desk_with(
        &format!(
            "    - {{ kind: email, to: [boss@example.com], sendmail: '{}' }}\n    - {{ kind: desktop }}\n",
            sendmail.display()
        ),
        "",
    );
    desk.set_policy("lang: en", "lang: zh");
    consultation(&desk);
    let path = format!(
        "{}:{}",
        tools.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let env = [
        ("PATH", path.as_str()),
        ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/x"),
    ];
    let run = notify(&desk, MON_1030, &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mail = std::fs::read_to_string(&mail).unwrap();
    assert!(
        mail.starts_with("To: boss@example.com\nSubject: =?UTF-8?B?"),
        "{mail}"
    );
    assert!(mail.contains("Content-Type: text/plain; charset=UTF-8"));
    assert!(mail.contains("已超时（1）：\n· "), "{mail}");
    assert!(mail.contains("首次联系超时30分钟 — 李娜"), "{mail}");
    let said = std::fs::read_to_string(&shown).unwrap();
    let args: Vec<&str> = said.lines().collect();
    assert_eq!(args[0], "--app-name=inkdesk");
    assert_eq!(args[1], "--urgency=normal");
    assert!(args[2].contains("服务台提醒 11-02 10:30"), "{said}");
    assert_eq!(args[3], "已超时（1）：");
    // Without a desktop session the desktop reminder waits, and is not lost.
    let tools_path = [("PATH", path.as_str())];
    let desk = desk_with("    - { kind: desktop }\n", "");
    consultation(&desk);
    std::fs::remove_file(&shown).unwrap();
    let run = notify(&desk, MON_1030, &tools_path);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("no desktop session"), "{}", run.stderr);
    assert!(!shown.exists());
    assert_eq!(notify(&desk, MON_1030, &env).code, 0);
    assert!(shown.exists(), "sent once a session is there");
}

#[test]
fn without_channels_notify_says_how_to_add_one() {
    let desk = TestDesk::new();
    let err = desk.fails(MON_1030, &["notify"]);
    assert!(err.contains("notify.channels"), "{err}");
    assert!(err.contains("Reminders that reach people"), "{err}");
}

#[test]
fn an_escalation_after_the_first_run_is_told_and_a_broken_state_is_named() {
    let robot = Robot::start(vec![]);
    let desk = desk_with("    - { kind: wecom, url_env: WECOM_URL }\n", "");
    let id = consultation(&desk);
    let env = env_of(&[("WECOM_URL", robot.url("/send"))]);
    assert_eq!(notify(&desk, MON_1030, &borrowed(&env)).code, 0);
    desk.ok(
        "2026-11-02T10:40:00+08:00",
        &["escalate", &id, "--reason", "customer angry"],
    );
    assert_eq!(
        notify(&desk, "2026-11-02T10:45:00+08:00", &borrowed(&env)).code,
        0
    );
    let got = robot.got();
    assert_eq!(got.len(), 2);
    let content = got[1].body["text"]["content"].as_str().unwrap();
    assert!(content.contains("Escalated (1):"), "{content}");
    assert!(content.contains("now with the supervisor"), "{content}");
    // A state file damaged by hand is named, with what removing it does.
    let state = desk.root().join(".inkdesk/notify-state.json");
    std::fs::write(&state, "{ not json").unwrap();
    let err = desk.fails("2026-11-02T10:50:00+08:00", &["notify"]);
    assert!(err.contains("notify-state.json:1"), "{err}");
    assert!(err.contains("remove it"), "{err}");
    assert_eq!(robot.got().len(), 2, "nothing sent");
}

#[test]
fn a_dry_run_prints_what_each_channel_would_get_and_sends_nothing() {
    let robot = Robot::start(vec![]);
    let desk = desk_with(
        "    - { kind: wecom, url_env: WECOM_URL }\n    - { kind: email, to: [boss@example.com] }\n",
        "",
    );
    let id = consultation(&desk);
    let env = env_of(&[("WECOM_URL", robot.url("/send?key=K-SECRET-6"))]);
    let run = desk.run_env(MON_1030, &borrowed(&env), &["notify", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (wecom, email) = run.stdout.split_once("# email #2").unwrap();
    let json_text = wecom.strip_prefix("# wecom #1 ($WECOM_URL)\n").unwrap();
    let body: serde_json::Value = serde_json::from_str(json_text.trim()).unwrap();
    assert_eq!(body["msgtype"], "text");
    assert_eq!(
        body["text"]["mentioned_mobile_list"],
        serde_json::json!(["13800138000"])
    );
    assert!(email.contains("To: boss@example.com\n"), "{email}");
    assert!(email.contains(&format!("· {} Wang first contact 30m late", &id[..8])));
    assert!(!run.stdout.contains("K-SECRET-6"));
    // Nothing was sent or recorded: the real run sends it.
    assert!(robot.got().is_empty());
    assert!(!desk.root().join(".inkdesk/notify-state.json").exists());
    assert_eq!(
        desk.run_env(MON_1030, &borrowed(&env), &["notify", "--dry-run"])
            .stdout,
        run.stdout
    );
}
