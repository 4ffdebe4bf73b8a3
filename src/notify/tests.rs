use chrono::TimeZone;

use super::body::{self, Mentions, taken};
use super::*;
use crate::policy::notify::ChannelKind;
use crate::testkit;

#[test]
fn the_signatures_are_the_ones_dingtalk_and_feishu_compute() {
    // Worked out with Python's hmac and base64 modules.
    assert_eq!(
        body::dingtalk_sign(1_796_349_600_000, "SEC123"),
        "OQdG1giBwO3jSBl8Mpt1FkjRsXShUk7qxC7h1Am6dKM="
    );
    assert_eq!(
        body::feishu_sign(1_796_349_600, "SEC123"),
        "m5ijdpHyt155zyvCUOLONi7Gg52K8YAeEe+dJAyR8/s="
    );
    let now = Utc.timestamp_millis_opt(1_796_349_600_000).unwrap();
    assert_eq!(
        body::dingtalk_url("http://h/robot/send?access_token=T", "SEC123", now),
        "http://h/robot/send?access_token=T&timestamp=1796349600000&sign=OQdG1giBwO3jSBl8Mpt1FkjRsXShUk7qxC7h1Am6dKM%3D"
    );
}

#[test]
fn a_robot_took_the_message_only_when_its_code_says_so() {
    let ok = r#"{"errcode":0,"errmsg":"ok"}"#;
    assert_eq!(taken(ChannelKind::Wecom, 200, ok), Ok(()));
    assert_eq!(
        taken(
            ChannelKind::Dingtalk,
            200,
            r#"{"errcode":310000,"errmsg":"sign not match"}"#
        ),
        Err("310000 sign not match".to_string())
    );
    assert_eq!(
        taken(ChannelKind::Feishu, 200, r#"{"code":0,"msg":"success"}"#),
        Ok(())
    );
    assert_eq!(
        taken(
            ChannelKind::Feishu,
            200,
            r#"{"code":19021,"msg":"sign match fail"}"#
        ),
        Err("19021 sign match fail".to_string())
    );
    assert_eq!(
        taken(ChannelKind::Wecom, 500, ok),
        Err("HTTP 500".to_string())
    );
    assert_eq!(taken(ChannelKind::Webhook, 204, ""), Ok(()));
    assert!(taken(ChannelKind::Wecom, 200, "<html>").is_err());
}

#[test]
fn holders_are_mentioned_by_the_number_and_id_the_staff_list_gives() {
    let policy = testkit::policy_with(&[(
        "staff: []\n",
        "staff:\n  - { id: lina, name: 李娜, role: agent, phone: '+86 138-0013-8000', chat_id: ou_1 }\n  - { id: tom, name: Tom, role: agent }\n",
    )]);
    let t = testkit::open(&policy, "consult", "2026-11-02 09:00", false, 1);
    let now = testkit::at(&policy, "2026-11-02 10:30");
    let summary = crate::summary::derive(&t, &policy).0;
    let mut reminders = reminders_of(&summary, &policy, now, now);
    for r in reminders.iter_mut() {
        r.holder = Some("lina".into());
    }
    let m = Mentions::of(&reminders, &policy);
    assert_eq!(m.phones, ["13800138000"]);
    assert_eq!(m.ids, [("ou_1".to_string(), "李娜".to_string())]);
}

#[test]
fn an_escalation_is_announced_once_it_happened_after_the_first_run() {
    let policy = testkit::policy();
    let mut t = testkit::open(&policy, "complaint", "2026-11-02 09:00", false, 1);
    let at = testkit::at(&policy, "2026-11-02 11:00");
    testkit::act(&policy, &mut t, "2026-11-02 11:00", |t, act| {
        crate::lifecycle::escalate(t, act, None, "angry", None)
    })
    .unwrap();
    let s = crate::summary::derive(&t, &policy).0;
    let now = testkit::at(&policy, "2026-11-02 11:05");
    let of = |since| {
        reminders_of(&s, &policy, now, testkit::at(&policy, since))
            .into_iter()
            .filter(|r| r.kind == Kind::Escalated)
            .map(|r| (r.level, r.key))
            .collect::<Vec<_>>()
    };
    let key = format!("escalated/{}/1/{}", t.id, at.timestamp());
    assert_eq!(of("2026-11-02 10:00"), [(1, key)]);
    assert!(of("2026-11-02 11:00").is_empty());
}
