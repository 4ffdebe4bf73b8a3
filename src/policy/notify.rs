//! Where reminders go (`notify:` in the policy): group-chat robots, a generic webhook,
//! the desktop, e-mail; quiet hours; how long a send may take and how often it is tried.
//!
//! A robot's address and signing secret are secrets: the committed policy names only the
//! environment variable or the file (outside the desk) that holds them.

use serde::{Deserialize, Serialize};

use super::yes;
use crate::i18n::t;
use crate::model::Problem;

/// The `notify:` section.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyPolicy {
    /// Nothing is sent outside working time but what concerns an urgent ticket.
    #[serde(default = "yes")]
    pub quiet: bool,
    /// Seconds one send may take.
    #[serde(default = "ten")]
    pub timeout: u64,
    /// Tries of one send.
    #[serde(default = "three")]
    pub attempts: u32,
    /// Seconds before the second try, doubled before each next one.
    #[serde(default = "two")]
    pub backoff: u64,
    #[serde(default)]
    pub channels: Vec<Channel>,
}

fn ten() -> u64 {
    10
}
fn three() -> u32 {
    3
}
fn two() -> u64 {
    2
}

impl Default for NotifyPolicy {
    fn default() -> Self {
        NotifyPolicy {
            quiet: true,
            timeout: ten(),
            attempts: three(),
            backoff: two(),
            channels: Vec::new(),
        }
    }
}

/// The kinds of channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    /// 企业微信 group robot.
    Wecom,
    /// 钉钉 custom robot (signed when a secret is given).
    Dingtalk,
    /// 飞书 / Lark custom bot (signed when a secret is given).
    Feishu,
    /// Any address taking a JSON POST.
    Webhook,
    /// `notify-send` on the desktop session.
    Desktop,
    /// The system's `sendmail`.
    Email,
}

impl ChannelKind {
    /// Its code, as the policy writes it.
    pub fn code(self) -> &'static str {
        match self {
            ChannelKind::Wecom => "wecom",
            ChannelKind::Dingtalk => "dingtalk",
            ChannelKind::Feishu => "feishu",
            ChannelKind::Webhook => "webhook",
            ChannelKind::Desktop => "desktop",
            ChannelKind::Email => "email",
        }
    }

    /// Whether it posts to an address.
    pub fn posts(self) -> bool {
        matches!(
            self,
            ChannelKind::Wecom | ChannelKind::Dingtalk | ChannelKind::Feishu | ChannelKind::Webhook
        )
    }
}

/// One channel.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub kind: ChannelKind,
    /// The environment variable holding the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_env: Option<String>,
    /// A file outside the desk holding the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_file: Option<String>,
    /// Refused: an address written into the committed policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The signing secret (DingTalk, Feishu): an environment variable or a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_file: Option<String>,
    /// Refused: a secret written into the committed policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// E-mail: who gets it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
    /// E-mail: the sendmail program (default: `sendmail` on the PATH, /usr/sbin, /usr/lib).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sendmail: Option<String>,
}

impl Channel {
    /// How the channel is named to people: its kind and where its address comes from
    /// (never the address).
    pub fn label(&self, index: usize) -> String {
        match (&self.url_env, &self.url_file) {
            (Some(var), _) => format!("{} #{} (${var})", self.kind.code(), index + 1),
            (None, Some(file)) => format!("{} #{} ({file})", self.kind.code(), index + 1),
            _ => format!("{} #{}", self.kind.code(), index + 1),
        }
    }
}

impl NotifyPolicy {
    /// Every problem of the section, by field path.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.timeout == 0 {
            problems.push(Problem::new("notify.timeout", t!("err-notify-zero")));
        }
        if self.attempts == 0 {
            problems.push(Problem::new("notify.attempts", t!("err-notify-zero")));
        }
        for (i, c) in self.channels.iter().enumerate() {
            let field = |key: &str| format!("notify.channels[{i}].{key}");
            if c.url.is_some() {
                problems.push(Problem::new(field("url"), t!("err-notify-secret-written")));
            }
            if c.secret.is_some() {
                problems.push(Problem::new(
                    field("secret"),
                    t!("err-notify-secret-written"),
                ));
            }
            let named = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
            if c.kind.posts() {
                if !named(&c.url_env) && !named(&c.url_file) && c.url.is_none() {
                    problems.push(Problem::new(field("url_env"), t!("err-notify-no-url")));
                }
            } else {
                for (key, value) in [("url_env", &c.url_env), ("url_file", &c.url_file)] {
                    if value.is_some() {
                        problems.push(Problem::new(
                            field(key),
                            t!("err-notify-not-for", kind = c.kind.code()),
                        ));
                    }
                }
            }
            let signs = matches!(c.kind, ChannelKind::Dingtalk | ChannelKind::Feishu);
            for (key, value) in [
                ("secret_env", &c.secret_env),
                ("secret_file", &c.secret_file),
            ] {
                if value.is_some() && !signs {
                    problems.push(Problem::new(
                        field(key),
                        t!("err-notify-not-for", kind = c.kind.code()),
                    ));
                }
            }
            if c.kind == ChannelKind::Email {
                if c.to.is_empty() {
                    problems.push(Problem::new(field("to"), t!("err-notify-no-to")));
                }
                for (n, to) in c.to.iter().enumerate() {
                    if !crate::model::contact::email_is_plausible(to) {
                        problems.push(Problem::new(
                            format!("notify.channels[{i}].to[{n}]"),
                            t!("err-notify-bad-to", value = to.as_str()),
                        ));
                    }
                }
            } else if !c.to.is_empty() || c.sendmail.is_some() {
                problems.push(Problem::new(
                    field(if c.to.is_empty() { "sendmail" } else { "to" }),
                    t!("err-notify-not-for", kind = c.kind.code()),
                ));
            }
        }
        problems
    }
}
