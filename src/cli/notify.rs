//! `inkdesk notify`: run by cron every few minutes, sends what became due soon, overdue
//! or escalated since the last run to the channels the policy names — chat robots, a
//! webhook, the desktop, e-mail — each reminder once per channel. Silent when all went
//! well (cron mails nothing); a channel that failed is named on stderr, exit 1, and
//! tried again at the next run while the others still send.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{DateTime, Utc};

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::notify::body::{self, Mentions};
use crate::notify::send::{self, Patience};
use crate::notify::{Digest, Reminder, reminders_of, sort};
use crate::policy::notify::{Channel, ChannelKind};
use crate::store::failpoint;
use crate::store::notice::{self, Sent};
use crate::store::read::ReadOptions;
use crate::summary::overdue::may_be_listed;
use crate::summary::{Peek, Summary};

use super::terminal::{out, say};

// Send the reminders that fell due since the last run to the policy's channels.
#[derive(Debug, clap::Args)]
pub struct Args {
    // Print what each channel would be sent, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    // Say what was sent to each channel (silent otherwise, for cron).
    #[arg(long, short)]
    pub verbose: bool,
}

/// Runs `inkdesk notify`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let policy = &desk.policy;
    let channels = &policy.file.notify.channels;
    if channels.is_empty() {
        return Err(Error::input(
            "notify.channels",
            t!("err-notify-no-channels"),
            t!("hint-notify-channels"),
        ));
    }
    let Some(_lock) = notice::try_lock(&desk.root)? else {
        say(&t!("notify-busy"));
        return Ok(0);
    };
    let mut sent = notice::load(&desk.root)?.unwrap_or_else(|| Sent::first(ctx.now));
    let mut reminders: Vec<Reminder> = Vec::new();
    let since = sent.since;
    let unreadable = desk.read(
        ReadOptions::new(ctx.cache, |p: &Peek| may_be_listed(p.status)).skipping_unreadable(),
        |_, s: Option<&Summary>| {
            if let Some(s) = s {
                reminders.extend(reminders_of(s, policy, ctx.now, since));
            }
            Ok(())
        },
    )?;
    sort(&mut reminders);
    let quiet = policy.file.notify.quiet && !policy.calendar.is_working_time(ctx.now);
    let names = desk.names();
    let tz = policy.calendar.tz();
    let shop = policy.file.shop.name.clone();
    let lang = policy.file.lang.code();
    let patience = Patience::of(&policy.file.notify);
    let mut failed = 0;
    for (i, channel) in channels.iter().enumerate() {
        let id = channel_id(channel);
        let label = channel.label(i);
        let pending: Vec<Reminder> = reminders
            .iter()
            .filter(|r| !sent.has(&id, &r.key) && (!quiet || r.urgent))
            .cloned()
            .collect();
        if pending.is_empty() {
            continue;
        }
        let message = Outgoing {
            digest: Digest::of(&pending, &shop, &names, ctx.now, tz),
            mentions: Mentions::of(&pending, policy),
            pending: &pending,
            shop: &shop,
            lang,
            now: ctx.now,
        };
        let outcome = match args.dry_run {
            true => preview(channel, &label, &message),
            false => deliver(&desk.root, channel, &message, &patience),
        };
        match outcome {
            Ok(true) => {
                failpoint::hit("after-send");
                sent.record(&id, pending.iter().map(|r| r.key.as_str()));
                notice::save(&desk.root, &sent)?;
                if args.verbose {
                    say(&t!(
                        "notify-sent",
                        channel = label.as_str(),
                        count = pending.len()
                    ));
                }
            }
            Ok(false) => {}
            Err(why) => {
                super::report_error(
                    &t!("notify-failed", channel = label.as_str(), why = why),
                    Some(&t!("hint-notify-failed")),
                );
                failed += 1;
            }
        }
    }
    if !args.dry_run {
        let current: BTreeSet<String> = reminders.iter().map(|r| r.key.clone()).collect();
        let ids: Vec<String> = channels.iter().map(channel_id).collect();
        sent.keep_only(&ids, &current);
        notice::save(&desk.root, &sent)?;
    }
    let code = super::output::name_unreadable(unreadable);
    Ok(if failed > 0 { code.max(1) } else { code })
}

/// Names a channel in the state file: its kind and where its address comes from (the
/// environment variable's or the file's name, the e-mail's addressees), never a secret.
fn channel_id(c: &Channel) -> String {
    let from = c
        .url_env
        .clone()
        .or_else(|| c.url_file.clone())
        .unwrap_or_else(|| c.to.join(","));
    format!("{}:{from}", c.kind.code())
}

/// One channel's message: what people read, the reminders in it, whom it mentions.
struct Outgoing<'a> {
    digest: Digest,
    pending: &'a [Reminder],
    mentions: Mentions,
    shop: &'a str,
    lang: &'a str,
    now: DateTime<Utc>,
}

impl Outgoing<'_> {
    /// The JSON a robot is posted (Feishu signed with `secret` when given).
    fn payload(&self, kind: ChannelKind, secret: Option<&str>) -> serde_json::Value {
        let (d, m) = (&self.digest, &self.mentions);
        match kind {
            ChannelKind::Wecom => body::wecom(d, m),
            ChannelKind::Dingtalk => body::dingtalk(d, m),
            ChannelKind::Feishu => body::feishu(d, m, secret.map(|s| (s, self.now))),
            _ => body::webhook(d, self.pending, m, self.shop, self.lang, self.now),
        }
    }
}

/// Prints what a channel would be sent; sends nothing, records nothing.
fn preview(
    channel: &Channel,
    label: &str,
    message: &Outgoing,
) -> std::result::Result<bool, String> {
    let shown = match channel.kind {
        ChannelKind::Desktop => message.digest.text(),
        ChannelKind::Email => body::email(&message.digest, &channel.to),
        kind => serde_json::to_string_pretty(&message.payload(kind, None)).unwrap_or_default(),
    };
    out(&format!("# {label}\n{shown}\n\n")).map_err(|e| e.to_string())?;
    Ok(false)
}

/// Sends to one channel; `Ok(true)` when it took the message, `Ok(false)` when it was
/// left for later (no desktop session), else why it failed.
fn deliver(
    root: &Path,
    channel: &Channel,
    message: &Outgoing,
    patience: &Patience,
) -> std::result::Result<bool, String> {
    match channel.kind {
        ChannelKind::Desktop => {
            if !send::desktop_session() {
                say(&t!("notify-no-session"));
                return Ok(false);
            }
            let urgent = message.pending.iter().any(|r| r.urgent);
            send::desktop(&message.digest, urgent, patience).map(|()| true)
        }
        ChannelKind::Email => send::sendmail(
            channel.sendmail.as_deref(),
            &body::email(&message.digest, &channel.to),
            patience,
        )
        .map(|()| true),
        kind => {
            let url = secret(root, &channel.url_env, &channel.url_file)?
                .ok_or_else(|| t!("err-notify-no-url"))?;
            let key = secret(root, &channel.secret_env, &channel.secret_file)?;
            let body = message.payload(kind, key.as_deref());
            let url = match (kind, key.as_deref()) {
                (ChannelKind::Dingtalk, Some(key)) => body::dingtalk_url(&url, key, message.now),
                _ => url,
            };
            send::post(kind, &url, &body, patience).map(|()| true)
        }
    }
}

/// Reads a secret from the environment variable or the file named (never a file inside
/// the desk, which git would share); `None` when neither is named.
fn secret(
    root: &Path,
    env: &Option<String>,
    file: &Option<String>,
) -> std::result::Result<Option<String>, String> {
    if let Some(var) = env {
        return match std::env::var(var) {
            Ok(value) if !value.trim().is_empty() => Ok(Some(value.trim().to_string())),
            _ => Err(t!("err-notify-env-unset", var = var.as_str())),
        };
    }
    let Some(file) = file else {
        return Ok(None);
    };
    let path = Path::new(file);
    let inside = match (path.canonicalize(), root.canonicalize()) {
        (Ok(p), Ok(r)) => p.starts_with(r),
        _ => false,
    };
    if inside {
        return Err(t!("err-notify-file-in-desk", file = file.as_str()));
    }
    crate::store::files::read_input_text(path)
        .map(|t| Some(t.trim().to_string()))
        .map_err(|_| t!("err-notify-file-unread", file = file.as_str()))
}
