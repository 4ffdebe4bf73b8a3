//! The resolved context of one invocation, built once from the flags and the
//! environment: desk location, the clock, the actor, commit and output settings.
//! No subcommand reads the environment, the system clock or the terminal itself.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::model::time::{When, parse_when};
use crate::store::git::Author;
use crate::store::{Desk, Transaction, find_root, git};

/// Everything a command needs to know about its invocation.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The folder the command runs from.
    pub cwd: PathBuf,
    /// `--dir` / `INKDESK_DIR`.
    pub dir: Option<PathBuf>,
    /// The clock of every rule: `--now` / `INKDESK_NOW`, else the system clock.
    pub now: DateTime<Utc>,
    /// `--as` / `INKDESK_USER`.
    pub actor: Option<String>,
    /// False with `--no-commit`.
    pub commit: bool,
    /// `$VISUAL` or `$EDITOR`.
    pub editor: Option<String>,
    /// A valid IANA name from `$TZ`, the default zone of a new desk.
    pub system_timezone: Option<String>,
    /// Progress may be shown: stderr is a terminal (never under cron).
    pub progress: bool,
    /// False with `--no-cache`: read every record's YAML, ignore the desk index.
    pub cache: bool,
}

impl Ctx {
    /// Resolves the global flags (clap has already merged the environment variables).
    pub fn new(
        dir: Option<PathBuf>,
        now: Option<&str>,
        actor: Option<String>,
        no_commit: bool,
    ) -> Result<Ctx> {
        let now = match now {
            None => Utc::now(),
            Some(text) => match parse_when(text, chrono_tz::UTC) {
                Ok(When::Instant(t)) => t,
                _ => {
                    return Err(Error::input(
                        "--now",
                        format!("`{text}` is not an RFC 3339 time"),
                        "write e.g. --now 2026-11-02T09:30:00+08:00 (or set INKDESK_NOW)",
                    ));
                }
            },
        };
        let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
        let editor = std::env::var("VISUAL")
            .ok()
            .or_else(|| std::env::var("EDITOR").ok())
            .filter(|e| !e.trim().is_empty());
        let system_timezone = std::env::var("TZ")
            .ok()
            .map(|tz| tz.trim_start_matches(':').to_string())
            .filter(|tz| tz.parse::<chrono_tz::Tz>().is_ok());
        Ok(Ctx {
            cwd,
            dir,
            now,
            actor: actor.filter(|a| !a.trim().is_empty()),
            commit: !no_commit,
            editor,
            system_timezone,
            progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
            cache: true,
        })
    }

    /// Finds and opens the desk.
    pub fn desk(&self) -> Result<Desk> {
        Desk::open(find_root(self.dir.as_deref(), &self.cwd)?)
    }

    /// Locks the desk for a change by `actor`; the change is committed when the desk is
    /// a git repository, the policy says `commit: true` and `--no-commit` was not given.
    pub fn transaction<'d>(&self, desk: &'d Desk, actor: &str) -> Result<Transaction<'d>> {
        let commits = self.commit && desk.policy.file.commit && git::is_repository(&desk.root);
        let author = commits.then(|| {
            // One look at git's identity serves both the author's address and whether
            // git can sign as committer itself.
            let (git_name, git_email) = (
                git::user_name(&desk.root),
                git::config(&desk.root, "user.email"),
            );
            let staff = desk.policy.staff(actor);
            let email = staff
                .and_then(|s| s.email.clone())
                .or_else(|| {
                    (git_name.as_deref() == Some(actor))
                        .then(|| git_email.clone())
                        .flatten()
                })
                .unwrap_or_default();
            Author {
                name: staff
                    .map(|s| s.id.clone())
                    .unwrap_or_else(|| actor.to_string()),
                email,
                also_committer: git_name.is_none() || git_email.is_none(),
            }
        });
        Transaction::begin(desk, author)
    }

    /// Returns who is acting: `--as`, `INKDESK_USER`, else git's user.name.
    pub fn actor(&self, desk: &Desk) -> Result<String> {
        if let Some(actor) = &self.actor {
            return Ok(actor.trim().to_string());
        }
        git::user_name(&desk.root).ok_or_else(|| {
            Error::input(
                "--as",
                "nobody is named as the person acting",
                "pass --as NAME, set INKDESK_USER, or set git's user.name",
            )
        })
    }
}
