//! Sending: a JSON POST to a robot's address, `notify-send` on the desktop, the
//! system's `sendmail`. Each send may take `timeout`, is tried `attempts` times with a
//! back-off doubling from `backoff`, and fails with words that never hold the address
//! or the secret (a robot's address is its password).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::Digest;
use crate::i18n::t;
use crate::policy::notify::{ChannelKind, NotifyPolicy};

/// How long a send may take and how often it is tried.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    pub timeout: Duration,
    pub attempts: u32,
    pub backoff: Duration,
}

impl Patience {
    /// The policy's.
    pub fn of(p: &NotifyPolicy) -> Patience {
        Patience {
            timeout: Duration::from_secs(p.timeout),
            attempts: p.attempts.max(1),
            backoff: Duration::from_secs(p.backoff),
        }
    }

    /// Runs `once` until it succeeds or the attempts are spent, waiting the back-off
    /// between; the error is the last one, with how many tries were made.
    fn retried(&self, mut once: impl FnMut() -> Result<(), String>) -> Result<(), String> {
        let mut wait = self.backoff;
        let mut last = String::new();
        for attempt in 1..=self.attempts {
            match once() {
                Ok(()) => return Ok(()),
                Err(e) => last = e,
            }
            if attempt < self.attempts {
                std::thread::sleep(wait);
                wait *= 2;
            }
        }
        Err(t!("notify-err-tries", why = last, count = self.attempts))
    }
}

/// Posts a robot's JSON body and checks that it took it.
pub fn post(kind: ChannelKind, url: &str, body: &Value, patience: &Patience) -> Result<(), String> {
    let text = body.to_string();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(patience.timeout))
        .http_status_as_error(false)
        .build()
        .into();
    patience.retried(|| {
        let mut answer = agent
            .post(url)
            .header("Content-Type", "application/json; charset=utf-8")
            .send(&text)
            .map_err(|e| described(&e, patience.timeout))?;
        let status = answer.status().as_u16();
        let said = answer
            .body_mut()
            .with_config()
            .limit(64 * 1024)
            .read_to_string()
            .unwrap_or_default();
        super::body::taken(kind, status, &said)
    })
}

/// What went wrong with a request, in words that hold no address.
fn described(e: &ureq::Error, timeout: Duration) -> String {
    match e {
        ureq::Error::Timeout(_) => t!("notify-err-timeout", seconds = timeout.as_secs()),
        ureq::Error::HostNotFound => t!("notify-err-host"),
        ureq::Error::ConnectionFailed | ureq::Error::Io(_) => t!("notify-err-connect"),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => t!("notify-err-address"),
        ureq::Error::Tls(_) | ureq::Error::Pem(_) | ureq::Error::Rustls(_) => {
            t!("notify-err-tls")
        }
        _ => t!("notify-err-protocol"),
    }
}

/// Whether this process runs where a desktop session can show a notification.
pub fn desktop_session() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// Shows the digest with `notify-send` (critical when something is urgent).
pub fn desktop(d: &Digest, urgent: bool, patience: &Patience) -> Result<(), String> {
    let program = on_path("notify-send").ok_or_else(|| t!("notify-err-no-notify-send"))?;
    patience.retried(|| {
        let mut cmd = Command::new(&program);
        cmd.arg("--app-name=inkdesk")
            .arg(format!(
                "--urgency={}",
                if urgent { "critical" } else { "normal" }
            ))
            .arg(&d.title)
            .arg(d.lines.join("\n"));
        finished(cmd, None, patience.timeout)
    })
}

/// Hands the e-mail to `sendmail -t -oi` (the channel's program, else the first found).
pub fn sendmail(program: Option<&str>, message: &str, patience: &Patience) -> Result<(), String> {
    let program = match program {
        Some(p) => PathBuf::from(p),
        None => on_path("sendmail")
            .or_else(|| {
                ["/usr/sbin/sendmail", "/usr/lib/sendmail"]
                    .iter()
                    .map(PathBuf::from)
                    .find(|p| p.is_file())
            })
            .ok_or_else(|| t!("notify-err-no-sendmail"))?,
    };
    patience.retried(|| {
        let mut cmd = Command::new(&program);
        cmd.arg("-t").arg("-oi");
        finished(cmd, Some(message.as_bytes()), patience.timeout)
    })
}

/// Runs a program with `input` on its standard input; an error unless it exits 0
/// within `timeout` (then it is killed).
fn finished(mut cmd: Command, input: Option<&[u8]>, timeout: Duration) -> Result<(), String> {
    let name = cmd.get_program().to_string_lossy().into_owned();
    let mut child = cmd
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            t!(
                "notify-err-run",
                program = name.as_str(),
                why = e.to_string()
            )
        })?;
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        let _ = stdin.write_all(input);
    }
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                let mut said = String::new();
                if let Some(mut err) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut err, &mut said);
                }
                let why = format!("{status} {}", said.trim()).trim().to_string();
                return Err(t!("notify-err-run", program = name.as_str(), why = why));
            }
            Ok(None) if started.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(t!("notify-err-timeout", seconds = timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => {
                return Err(t!(
                    "notify-err-run",
                    program = name.as_str(),
                    why = e.to_string()
                ));
            }
        }
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| Path::new(candidate).is_file())
}
