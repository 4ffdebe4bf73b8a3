//! The resolved context of one invocation, built once from the flags and the
//! environment: desk location, the clock, the actor, commit and output settings.
//! No subcommand reads the environment, the system clock or the terminal itself.

use std::ffi::OsString;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::i18n::t;
use crate::model::time::{When, parse_when};
use crate::store::git::Author;
use crate::store::{Desk, Transaction, desk_lang, find_root, git};

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
    /// `INKDESK_ASCII`, when set: plain ASCII drawing, whatever the desk says.
    pub ascii: Option<bool>,
    /// `--lang` / `INKDESK_LANG`, when given: it also chooses a new desk's language.
    pub lang_flag: Option<Lang>,
    /// How many cells wide tables may be: `COLUMNS`, else the terminal's width, else 100.
    pub width: usize,
    /// How a message reaches the person running the command (stderr, without control
    /// characters): the command line's, given to the store for what it tells on the way.
    pub say: fn(&str),
    /// The git repository of the desk, looked at once (a change asks for its user, its
    /// settings and its folders).
    repo: std::sync::OnceLock<Option<git::Repo>>,
}

impl Ctx {
    /// Resolves the global flags (clap has already merged the environment variables).
    pub fn new(
        dir: Option<PathBuf>,
        now: Option<&str>,
        actor: Option<String>,
        no_commit: bool,
        say: fn(&str),
    ) -> Result<Ctx> {
        let now = match now {
            None => Utc::now(),
            Some(text) => match parse_when(text, chrono_tz::UTC) {
                Ok(When::Instant(t)) => t,
                _ => {
                    return Err(Error::input(
                        "--now",
                        t!("err-now", value = text),
                        t!("hint-now"),
                    ));
                }
            },
        };
        let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
        // How long to wait for a locked desk (seconds), for scripts that would rather
        // fail fast.
        if let Some(secs) = std::env::var("INKDESK_LOCK_WAIT")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
        {
            crate::store::lock::set_wait(std::time::Duration::from_secs(secs));
        }
        // The crash tests stop a change at a named step.
        if let Ok(point) = std::env::var("INKDESK_FAILPOINT") {
            crate::store::failpoint::set(point.trim());
        }
        // Plain ASCII drawing for one person's terminal; else the desk's setting.
        let ascii = std::env::var("INKDESK_ASCII").ok().and_then(|v| {
            match v.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Some(true),
                "0" | "false" | "no" | "off" => Some(false),
                _ => None,
            }
        });
        if let Some(on) = ascii {
            crate::i18n::format::set_ascii(on);
        }
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
            lang_flag: None,
            ascii,
            width: terminal_width(),
            say,
            repo: std::sync::OnceLock::new(),
        })
    }

    /// Finds and opens the desk, once any change in progress or interrupted there has
    /// settled.
    pub fn desk(&self) -> Result<Desk> {
        let root = find_root(self.dir.as_deref(), &self.cwd)?;
        // A read never sees a change that a crash will undo.
        crate::store::journal::settle(&root, self.say)?;
        let desk = Desk::open(root)?;
        if self.ascii.is_none() {
            crate::i18n::format::set_ascii(desk.policy.file.ascii);
        }
        Ok(desk)
    }

    /// Locks the desk for a change by `actor`; the change is committed when the desk is
    /// a git repository, the policy says `commit: true` and `--no-commit` was not given.
    pub fn transaction<'d>(&self, desk: &'d Desk, actor: &str) -> Result<Transaction<'d>> {
        let repo = (self.commit && desk.policy.file.commit)
            .then(|| self.repo(desk).cloned())
            .flatten();
        let committer = repo.map(|repo| {
            // One look at git's settings serves the author's address and whether git
            // can sign as committer itself.
            let git_name = repo.config("user.name").map(str::to_string);
            let git_email = repo.config("user.email").map(str::to_string);
            let staff = desk.policy.staff(actor);
            let email = staff
                .and_then(|s| s.email.clone())
                .or_else(|| git_email.clone())
                .unwrap_or_default();
            let author = Author {
                name: staff
                    .map(|s| s.id.clone())
                    .unwrap_or_else(|| actor.to_string()),
                email,
                also_committer: git_name.is_none() || git_email.is_none(),
                date: Some(
                    crate::model::time::stamp(self.now, desk.policy.calendar.tz()).to_rfc3339(),
                ),
            };
            git::Committer { repo, author }
        });
        Transaction::begin(desk, committer, self.say)
    }

    /// Returns who is acting: `--as`, `INKDESK_USER`, else git's user.name.
    pub fn actor(&self, desk: &Desk) -> Result<String> {
        if let Some(actor) = &self.actor {
            if let Some(m) = crate::policy::validate::text_problem(actor, false) {
                return Err(Error::input("--as", m, t!("hint-actor")));
            }
            return Ok(actor.trim().to_string());
        }
        // Outside a repository git still has the user's own settings.
        let name = match self.repo(desk) {
            Some(repo) => repo.config("user.name").map(str::to_string),
            None => git::user_name(&desk.root),
        };
        name.ok_or_else(|| Error::input("--as", t!("err-no-actor"), t!("hint-actor")))
    }

    /// The git repository the desk is in, if any (looked at once per command).
    fn repo(&self, desk: &Desk) -> Option<&git::Repo> {
        self.repo
            .get_or_init(|| git::Repo::open(&desk.root))
            .as_ref()
    }

    /// Returns who is acting and checks that they may hold tickets on this desk (when
    /// it lists staff): a name taken from git that is not on the list is refused with
    /// a word on where it came from.
    pub fn staff_actor(&self, desk: &Desk) -> Result<String> {
        let actor = self.actor(desk)?;
        match desk.policy.holder(&actor) {
            Ok(id) => Ok(id),
            Err(message) => {
                let source = if self.actor.is_some() {
                    t!("actor-from-flag")
                } else {
                    t!("actor-from-git")
                };
                Err(Error::input(
                    "--as",
                    t!(
                        "err-actor-not-staff",
                        who = actor.as_str(),
                        source = source,
                        why = message
                    ),
                    t!("hint-actor-staff"),
                ))
            }
        }
    }
}

/// How wide tables may be: `COLUMNS` when it is a number, else the width of the
/// terminal on stdout, else 100 (a pipe, a file, cron).
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0)
        .or_else(|| {
            terminal_size::terminal_size_of(std::io::stdout())
                .map(|(terminal_size::Width(w), _)| w as usize)
        })
        .unwrap_or(100)
}

/// Chooses the language before the command line is parsed, so that its help and its
/// usage errors are in it too: `--lang`, else `INKDESK_LANG`, else the `lang` of the
/// desk the command will use (found from `--dir`, `INKDESK_DIR` or the current folder),
/// else, outside any desk, the system's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else
/// English.
pub fn early_lang(args: &[OsString]) -> Lang {
    let flag = |name: &str| -> Option<String> {
        let long = format!("--{name}");
        let with_eq = format!("--{name}=");
        let mut it = args.iter().skip(1).filter_map(|a| a.to_str());
        while let Some(a) = it.next() {
            if a == "--" {
                break;
            }
            if a == long {
                return it.next().map(str::to_string);
            }
            if let Some(v) = a.strip_prefix(&with_eq) {
                return Some(v.to_string());
            }
        }
        None
    };
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    if let Some(lang) = flag("lang")
        .or_else(|| env("INKDESK_LANG"))
        .and_then(|l| Lang::parse(&l))
    {
        return lang;
    }
    let dir = flag("dir")
        .or_else(|| env("INKDESK_DIR"))
        .map(PathBuf::from);
    let cwd = std::env::current_dir().unwrap_or_default();
    if let Ok(root) = find_root(dir.as_deref(), &cwd) {
        return desk_lang(&root).unwrap_or_default();
    }
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|v| env(v))
        .and_then(|l| Lang::parse(&l))
        .unwrap_or_default()
}
