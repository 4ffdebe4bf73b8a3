//! A thin wrapper around the `git` program: arguments are passed as a list (never a
//! shell string), prompts are off and paths are printed unquoted. Every git call of
//! inkdesk is in this folder: a change's commit in `commit.rs` (built from git's
//! plumbing, tree objects in `tree.rs`), the settings `init` makes for speed in
//! `settings.rs`.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

mod commit;
pub mod settings;
pub mod sync;
mod tree;

pub use commit::Repo;

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-c")
        .arg("core.quotepath=off")
        .args(args)
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null());
    cmd
}

fn failed(shown: &str, e: std::io::Error) -> Error {
    Error::External {
        command: shown.to_string(),
        message: e.to_string(),
        hint: Some(crate::i18n::t!("hint-install-git")),
    }
}

/// Turns a finished git process into its standard output, or an error naming the command.
fn checked(shown: String, output: std::process::Output) -> Result<String> {
    if !output.status.success() {
        let mut message = String::from_utf8_lossy(&output.stderr).trim().to_string();
        if message.is_empty() {
            message = String::from_utf8_lossy(&output.stdout).trim().to_string();
        }
        return Err(Error::External {
            command: shown,
            message,
            hint: None,
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs `git` in `dir` and returns its standard output. Raw git stays in the store:
/// commands call the named verbs below.
pub(in crate::store) fn run(dir: &Path, args: &[&str]) -> Result<String> {
    let shown = format!("git {}", args.join(" "));
    let output = command(dir, args).output().map_err(|e| failed(&shown, e))?;
    checked(shown, output)
}

/// Runs `git` in `dir` with these environment variables and returns its standard output.
fn run_with_env(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Result<String> {
    let shown = format!("git {}", args.join(" "));
    let mut cmd = command(dir, args);
    cmd.envs(envs.iter().copied());
    let output = cmd.output().map_err(|e| failed(&shown, e))?;
    checked(shown, output)
}

/// Returns true when `dir` is inside a git work tree.
pub fn is_repository(dir: &Path) -> bool {
    run(dir, &["rev-parse", "--is-inside-work-tree"]).is_ok_and(|out| out.trim() == "true")
}

/// Returns the git config value in effect for `dir` (of any scope), if set: the one
/// reader of git's settings.
pub fn config(dir: &Path, key: &str) -> Option<String> {
    run(dir, &["config", "--get", key])
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Sets a git config value in the repository of `dir`.
pub fn set_config(dir: &Path, key: &str, value: &str) -> Result<()> {
    run(dir, &["config", "--local", key, value]).map(drop)
}

/// Makes `dir` a new git repository.
pub fn init(dir: &Path) -> Result<()> {
    run(dir, &["init", "--quiet"]).map(drop)
}

/// One commit of a file's history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LogEntry {
    pub commit: String,
    /// When it was authored, RFC 3339.
    pub at: String,
    pub author: String,
    pub subject: String,
}

/// The commits that changed `file` (relative to `dir`), following renames, newest first.
pub fn log_of(dir: &Path, file: &str) -> Result<Vec<LogEntry>> {
    let format = "--format=%H%x1f%aI%x1f%an%x1f%s";
    let log = run(dir, &["log", "--follow", format, "--", file])?;
    Ok(log
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(4, '\u{1f}');
            Some(LogEntry {
                commit: parts.next()?.to_string(),
                at: parts.next()?.to_string(),
                author: parts.next()?.to_string(),
                subject: parts.next()?.to_string(),
            })
        })
        .collect())
}

/// The commits that changed `file`, each with its diff, as `git log --follow --patch`
/// prints them with `format` (git's pretty format) and dates in the zone `tz`.
pub fn log_patches_of(dir: &Path, file: &str, format: &str, tz: &str) -> Result<String> {
    let format = format!("--format={format}");
    let args = [
        "log",
        "--follow",
        "--patch",
        "--date=format-local:%Y-%m-%d %H:%M",
        &format,
        "--",
        file,
    ];
    run_with_env(dir, &args, &[("TZ", tz)])
}

/// git's line merge of three files into `ours`, conflict markers where the sides
/// overlap; whether it merged cleanly.
pub fn merge_file(dir: &Path, ours: &str, base: &str, theirs: &str) -> bool {
    let labels = ["-L", "ours", "-L", "base", "-L", "theirs"];
    let mut args = vec!["merge-file"];
    args.extend(labels);
    args.extend([ours, base, theirs]);
    run(dir, &args).is_ok()
}

/// Returns git's `user.name` for `dir`, if set.
pub fn user_name(dir: &Path) -> Option<String> {
    config(dir, "user.name")
}

/// Who a commit is by.
#[derive(Debug, Clone)]
pub struct Author {
    pub name: String,
    pub email: String,
    /// Git has no identity of its own here, so the author also signs as committer.
    pub also_committer: bool,
    /// When the change happened (RFC 3339): the time of the events it records, which
    /// `--now` sets for replays and back-fills.
    pub date: Option<String>,
}

/// A commit to make at the end of a change: where, and by whom.
#[derive(Debug, Clone)]
pub struct Committer {
    pub repo: Repo,
    pub author: Author,
}

/// Returns the files git holds unmerged (`git ls-files -u`), relative to `dir`.
pub fn unmerged(dir: &Path) -> Result<Vec<String>> {
    let out = run(dir, &["ls-files", "-u", "-z"])?;
    let mut paths: Vec<String> = out
        .split('\0')
        .filter_map(|entry| entry.split_once('\t').map(|(_, path)| path.to_string()))
        .collect();
    paths.sort();
    paths.dedup();
    Ok(paths)
}

/// Returns the program a merge driver's command line runs: its first word, unquoted.
pub fn driver_program(command_line: &str) -> Option<String> {
    let text = command_line.trim();
    if let Some(rest) = text.strip_prefix('\'') {
        // Written by `init` as '…' with every ' inside as '\''.
        let mut program = String::new();
        let mut rest = rest;
        loop {
            let end = rest.find('\'')?;
            program.push_str(&rest[..end]);
            rest = &rest[end + 1..];
            match rest.strip_prefix("\\''") {
                Some(more) => {
                    program.push('\'');
                    rest = more;
                }
                None => return Some(program),
            }
        }
    }
    text.split_whitespace().next().map(str::to_string)
}

/// Whether a program can be run: a path to an existing file, or a name found on PATH.
pub fn program_exists(program: &str) -> bool {
    if program.contains('/') {
        return Path::new(program).is_file();
    }
    find_on_path(program).is_some()
}

/// Finds a program by name on PATH, as a shell would.
pub fn find_on_path(name: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Returns the content of `path` (relative to `dir`) in HEAD, if it is there.
pub fn show_head(dir: &Path, path: &str) -> Option<Vec<u8>> {
    let spec = format!("HEAD:./{path}");
    let output = command(dir, &["show", &spec]).output().ok()?;
    output.status.success().then_some(output.stdout)
}

/// Brings git's index entries of `paths` (relative to `dir`) up to the files on disk:
/// after a commit a crash cut short between moving HEAD and updating the index.
pub fn refresh_index(dir: &Path, paths: &[String]) -> Result<()> {
    let mut args = vec!["update-index", "-q", "--add", "--"];
    args.extend(paths.iter().map(String::as_str));
    run(dir, &args).map(|_| ())
}

/// Returns the folder git keeps its files in: the `.git` folder of the first folder
/// upwards that has one, found without starting git (every change asks); git itself
/// is asked only when `.git` is a file (a worktree or a submodule).
pub fn git_dir(dir: &Path) -> Option<std::path::PathBuf> {
    for folder in dir.ancestors() {
        let dot = folder.join(".git");
        match std::fs::symlink_metadata(&dot) {
            Ok(meta) if meta.is_dir() => return Some(dot),
            Ok(_) => break,
            Err(_) => continue,
        }
    }
    run(dir, &["rev-parse", "--absolute-git-dir"])
        .ok()
        .map(|s| std::path::PathBuf::from(s.trim()))
}
