//! A thin wrapper around the `git` program: arguments are passed as a list (never a
//! shell string), prompts are off and paths are printed unquoted.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

/// Runs `git` in `dir` and returns its standard output.
pub fn run(dir: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new("git")
        .arg("-c")
        .arg("core.quotepath=off")
        .args(args)
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::External {
            command: format!("git {}", args.join(" ")),
            message: e.to_string(),
            hint: Some("install git, or use --no-git".into()),
        })?;
    if !output.status.success() {
        return Err(Error::External {
            command: format!("git {}", args.join(" ")),
            message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
            hint: None,
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Returns true when `dir` is inside a git work tree.
pub fn is_repository(dir: &Path) -> bool {
    run(dir, &["rev-parse", "--is-inside-work-tree"]).is_ok_and(|out| out.trim() == "true")
}

/// Returns git's `user.name` for `dir`, if set.
pub fn user_name(dir: &Path) -> Option<String> {
    run(dir, &["config", "user.name"])
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}
