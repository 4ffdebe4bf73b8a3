//! What each channel is sent: the JSON each chat robot takes, the signatures DingTalk
//! and Feishu check, the e-mail, and how each robot says it took a message. Pure.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use super::{Digest, Reminder};
use crate::policy::Policy;

/// Who the message mentions: the holders of its tickets, by the mobile number or the
/// chat id the staff list gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mentions {
    pub phones: Vec<String>,
    /// Chat ids with the person's name.
    pub ids: Vec<(String, String)>,
}

impl Mentions {
    /// The holders of these reminders that the staff list can reach.
    pub fn of(reminders: &[Reminder], policy: &Policy) -> Mentions {
        let mut m = Mentions::default();
        for r in reminders {
            let Some(staff) = r.holder.as_deref().and_then(|h| policy.staff(h)) else {
                continue;
            };
            if let Some(phone) = staff.phone.as_deref().map(digits_of)
                && !phone.is_empty()
                && !m.phones.contains(&phone)
            {
                m.phones.push(phone);
            }
            if let Some(id) = staff.chat_id.as_deref().map(str::trim)
                && !id.is_empty()
                && !m.ids.iter().any(|(i, _)| i == id)
            {
                m.ids.push((id.to_string(), staff.name.clone()));
            }
        }
        m
    }
}

/// A phone number as the robots take it: its digits (a leading `+86` dropped).
fn digits_of(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    match phone.trim_start().starts_with("+86") {
        true => digits.trim_start_matches("86").to_string(),
        false => digits,
    }
}

/// 企业微信 group robot: a text message mentioning by mobile number and userid.
pub fn wecom(d: &Digest, m: &Mentions) -> Value {
    let mut text = json!({ "content": d.text() });
    if !m.phones.is_empty() {
        text["mentioned_mobile_list"] = json!(m.phones);
    }
    if !m.ids.is_empty() {
        text["mentioned_list"] = json!(m.ids.iter().map(|(i, _)| i).collect::<Vec<_>>());
    }
    json!({ "msgtype": "text", "text": text })
}

/// 钉钉 custom robot: a text message; a mobile number is mentioned both in `at` and as
/// `@number` in the text (DingTalk shows the mention only then).
pub fn dingtalk(d: &Digest, m: &Mentions) -> Value {
    let mut content = d.text();
    let ats: Vec<String> = m
        .phones
        .iter()
        .cloned()
        .chain(m.ids.iter().map(|(i, _)| i.clone()))
        .map(|a| format!("@{a}"))
        .collect();
    if !ats.is_empty() {
        content = format!("{content}\n{}", ats.join(" "));
    }
    json!({
        "msgtype": "text",
        "text": { "content": content },
        "at": {
            "atMobiles": m.phones,
            "atUserIds": m.ids.iter().map(|(i, _)| i).collect::<Vec<_>>(),
            "isAtAll": false,
        }
    })
}

/// The address a signed DingTalk robot is posted to: `timestamp` (milliseconds) and
/// `sign` added to its query.
pub fn dingtalk_url(url: &str, secret: &str, now: DateTime<Utc>) -> String {
    let ts = now.timestamp_millis();
    let sign = url_encode(&dingtalk_sign(ts, secret));
    let join = if url.contains('?') { '&' } else { '?' };
    format!("{url}{join}timestamp={ts}&sign={sign}")
}

/// DingTalk's signature: HMAC-SHA256 of `timestamp\nsecret` keyed by the secret, base64.
pub fn dingtalk_sign(timestamp_ms: i64, secret: &str) -> String {
    hmac_base64(
        secret.as_bytes(),
        format!("{timestamp_ms}\n{secret}").as_bytes(),
    )
}

/// 飞书 custom bot: a text message mentioning by open_id; signed when a secret is given.
pub fn feishu(d: &Digest, m: &Mentions, signed: Option<(&str, DateTime<Utc>)>) -> Value {
    let mut text = d.text();
    for (id, name) in &m.ids {
        text += &format!(
            " <at user_id=\"{}\">{}</at>",
            escape_attr(id),
            escape_attr(name)
        );
    }
    let mut body = json!({ "msg_type": "text", "content": { "text": text } });
    if let Some((secret, now)) = signed {
        let ts = now.timestamp();
        body["timestamp"] = json!(ts.to_string());
        body["sign"] = json!(feishu_sign(ts, secret));
    }
    body
}

/// Feishu's signature: HMAC-SHA256 keyed by `timestamp\nsecret` of nothing, base64.
pub fn feishu_sign(timestamp: i64, secret: &str) -> String {
    hmac_base64(format!("{timestamp}\n{secret}").as_bytes(), b"")
}

/// The generic webhook: the digest for people and every reminder in codes for scripts.
pub fn webhook(
    d: &Digest,
    reminders: &[Reminder],
    m: &Mentions,
    shop: &str,
    lang: &str,
    now: DateTime<Utc>,
) -> Value {
    json!({
        "shop": shop,
        "lang": lang,
        "at": now.to_rfc3339(),
        "title": d.title,
        "text": d.text(),
        "reminders": reminders,
        "mention": {
            "phones": m.phones,
            "ids": m.ids.iter().map(|(i, _)| i).collect::<Vec<_>>(),
        },
    })
}

/// An e-mail for `sendmail -t`: UTF-8 text, the subject encoded as RFC 2047 asks.
pub fn email(d: &Digest, to: &[String]) -> String {
    let subject = format!("=?UTF-8?B?{}?=", STANDARD.encode(d.title.as_bytes()));
    format!(
        "To: {}\nSubject: {subject}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n{}\n",
        to.join(", "),
        d.text()
    )
}

/// Whether a robot took the message: the HTTP status, then the code in its answer
/// (`errcode` for WeCom and DingTalk, `code` or `StatusCode` for Feishu); else what it
/// said, for the error.
pub fn taken(
    kind: crate::policy::notify::ChannelKind,
    status: u16,
    answer: &str,
) -> Result<(), String> {
    use crate::policy::notify::ChannelKind as K;
    if !(200..300).contains(&status) {
        return Err(format!("HTTP {status}"));
    }
    let parsed: Option<Value> = serde_json::from_str(answer).ok();
    let code_of = |key: &str| {
        parsed
            .as_ref()
            .and_then(|v| v.get(key))
            .and_then(Value::as_i64)
    };
    let message_of = |key: &str| {
        parsed
            .as_ref()
            .and_then(|v| v.get(key))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .chars()
            .take(200)
            .collect::<String>()
    };
    let (code, message) = match kind {
        K::Wecom | K::Dingtalk => (code_of("errcode"), message_of("errmsg")),
        K::Feishu => (
            code_of("code").or_else(|| code_of("StatusCode")),
            message_of("msg"),
        ),
        _ => return Ok(()),
    };
    match code {
        Some(0) => Ok(()),
        Some(code) => Err(format!("{code} {message}").trim().to_string()),
        None => Err(format!(
            "HTTP {status}: {}",
            answer.chars().take(200).collect::<String>()
        )),
    }
}

fn hmac_base64(key: &[u8], message: &[u8]) -> String {
    // HMAC takes a key of any length.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(message);
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Percent-encodes what base64 holds that a query may not.
fn url_encode(text: &str) -> String {
    text.replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D")
}

fn escape_attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
