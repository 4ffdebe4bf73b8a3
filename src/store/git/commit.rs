//! A change's commit, built from git's plumbing instead of `git add` + `git commit`.
//!
//! `git commit -- paths` stats and rewrites the whole index three times, which on a
//! desk of 100,000 records costs a third of a second for every change. A change knows
//! exactly which files it wrote, so the commit is built from them alone:
//!
//! 1. the new contents are stored as blobs (`git hash-object -w`);
//! 2. only the trees on the way to them are read from HEAD (`git cat-file --batch`) and
//!    written again with the new entries (`git hash-object -t tree`) — the rest of the
//!    repository is not looked at;
//! 3. the hooks a commit runs are run (`git hook run`): `pre-commit` with an index of
//!    exactly what is committed, `prepare-commit-msg` and `commit-msg` on the message;
//! 4. the commit is made (`git commit-tree`, signed when `commit.gpgSign` says so) and
//!    HEAD moved to it only if nobody else moved it meanwhile (`git update-ref` with the
//!    old value);
//! 5. the index entries of those files, and only those, are updated, so `git status`
//!    is clean and the user's own staged work stays staged; then `post-commit` runs,
//!    and git's automatic upkeep, as after any commit.
//!
//! Until step 4 nothing a user can see has changed (git keeps unreferenced objects
//! until it collects them); if step 5 fails (once more after any other git let go of
//! the index), HEAD is moved back. So an error still means nothing changed.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};

use super::tree::{self, Entry};
use super::{Author, checked, command, failed};
use crate::error::{Error, Result};
use crate::i18n::t;

/// A git repository holding a desk, as one look at it found it.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The top of the work tree.
    pub top: PathBuf,
    /// The folder git keeps this work tree's files in.
    pub git_dir: PathBuf,
    /// Where the hooks are (`core.hooksPath` or the git folder's `hooks`).
    pub hooks: PathBuf,
    /// The settings git reads here (`git config -l`), keys as git prints them.
    config: Vec<(String, String)>,
}

/// Notes every git process a commit starts, so that recovery can wait for one an
/// interrupted change left running.
/// The file is opened once for the whole commit.
struct Pids(Option<std::fs::File>);

impl Pids {
    fn open(file: Option<&Path>) -> Pids {
        Pids(file.and_then(|f| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(f)
                .ok()
        }))
    }

    fn note(&self, pid: u32) {
        if let Some(mut f) = self.0.as_ref() {
            let _ = writeln!(f, "{pid}");
        }
    }
}

impl Repo {
    /// Looks at the repository `dir` is in (two git processes); `None` when it is in
    /// none or git cannot be run.
    pub fn open(dir: &Path) -> Option<Repo> {
        let places = super::run(
            dir,
            &[
                "rev-parse",
                "--show-toplevel",
                "--absolute-git-dir",
                "--git-path",
                "hooks",
            ],
        )
        .ok()?;
        let mut lines = places.lines();
        let top = PathBuf::from(lines.next()?);
        let git_dir = PathBuf::from(lines.next()?);
        let hooks = dir.join(lines.next()?);
        let listed = super::run(dir, &["config", "-l", "-z"]).unwrap_or_default();
        let config = listed
            .split('\0')
            .filter(|e| !e.is_empty())
            .map(|e| match e.split_once('\n') {
                Some((k, v)) => (k.to_ascii_lowercase(), v.to_string()),
                // A key without a value: a boolean set to true.
                None => (e.to_ascii_lowercase(), "true".to_string()),
            })
            .collect();
        Some(Repo {
            top,
            git_dir,
            hooks,
            config,
        })
    }

    /// The value git reads for `key` (the last one set), if any.
    pub fn config(&self, key: &str) -> Option<&str> {
        let key = key.to_ascii_lowercase();
        self.config
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    /// Whether a boolean setting is on.
    pub fn enabled(&self, key: &str) -> bool {
        self.config(key)
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "yes" | "on" | "1"))
    }

    /// The hook `name`, when one that can run is installed.
    fn hook(&self, name: &str) -> Option<PathBuf> {
        let path = self.hooks.join(name);
        let meta = std::fs::metadata(&path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            (meta.is_file() && meta.permissions().mode() & 0o111 != 0).then_some(path)
        }
        #[cfg(not(unix))]
        {
            meta.is_file().then_some(path)
        }
    }

    /// What git is in the middle of that a commit must not cut into, if anything.
    pub fn busy(&self) -> Option<&'static str> {
        [
            ("MERGE_HEAD", "merge"),
            ("CHERRY_PICK_HEAD", "cherry-pick"),
            ("REVERT_HEAD", "revert"),
            ("rebase-merge", "rebase"),
            ("rebase-apply", "rebase"),
        ]
        .into_iter()
        .find(|(file, _)| self.git_dir.join(file).exists())
        .map(|(_, what)| what)
    }

    /// Commits exactly `paths` (relative to `dir`, as they are on disk now) on top of
    /// HEAD with `message` by `author`; nothing else of the index or the work tree is
    /// taken. An error means HEAD and the index are as they were.
    pub fn commit(
        &self,
        dir: &Path,
        paths: &[String],
        message: &str,
        author: &Author,
        pids: Option<&Path>,
    ) -> Result<()> {
        let pids = Pids::open(pids);
        if let Some(what) = self.busy() {
            return Err(Error::External {
                command: "git commit".into(),
                message: t!("err-git-busy", what = what),
                hint: Some(t!("hint-git-busy", what = what)),
            });
        }
        let prefix = dir
            .canonicalize()
            .ok()
            .zip(self.top.canonicalize().ok())
            .and_then(|(d, t)| d.strip_prefix(t).ok().map(Path::to_path_buf))
            .unwrap_or_default();
        let mut objects = Objects::start(&self.top, &pids)?;
        let head = objects.read("HEAD")?;
        let (parent, base) = match &head {
            Some(object) if object.kind == "commit" => {
                let tree = String::from_utf8_lossy(&object.body)
                    .lines()
                    .next()
                    .and_then(|l| l.strip_prefix("tree "))
                    .map(str::to_string);
                (Some(object.id.clone()), tree)
            }
            _ => (None, None),
        };
        let id_len = match &parent {
            Some(id) => id.len() / 2,
            None if self.config("extensions.objectformat") == Some("sha256") => 32,
            None => 20,
        };
        let full: Vec<PathBuf> = paths.iter().map(|p| prefix.join(p)).collect();
        let blobs = hash_files(&self.top, &full, &pids)?;
        let mut changes: Vec<(Vec<String>, Vec<u8>)> = Vec::new();
        for (full, blob) in full.iter().zip(&blobs) {
            let parts = full
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let raw = tree::raw_id(blob).ok_or_else(|| odd("git hash-object", blob))?;
            changes.push((parts, raw));
        }
        let refs: Vec<(&[String], &[u8])> = changes
            .iter()
            .map(|(p, b)| (p.as_slice(), b.as_slice()))
            .collect();
        let mut new_tree = rebuild(
            &mut objects,
            base.as_deref(),
            &refs,
            id_len,
            &self.top,
            &pids,
        )?;
        objects.close();

        if self.hook("pre-commit").is_some() {
            new_tree = self.pre_commit(&new_tree, &pids)?;
        }
        let message = self.message_hooks(message, &pids)?;
        let commit = self.commit_tree(&new_tree, parent.as_deref(), &message, author, &pids)?;
        let subject = message.lines().next().unwrap_or_default();
        let reflog = match parent {
            Some(_) => format!("commit: {subject}"),
            None => format!("commit (initial): {subject}"),
        };
        let old = parent.clone().unwrap_or_default();
        run_noted(
            &self.top,
            &["update-ref", "-m", &reflog, "HEAD", &commit, &old],
            &[],
            None,
            &pids,
        )?;
        crate::store::failpoint::hit("after-update-ref");
        let mut update = vec!["update-index", "--add", "--"];
        update.extend(paths.iter().map(String::as_str));
        let updated = run_noted(dir, &update, &[], None, &pids).or_else(|_| {
            // Another git (a `git status` in the clerk's terminal) may have held the
            // index for a moment: once it lets go, try again.
            crate::store::gitlock::clear(&self.git_dir, |_| {})?;
            run_noted(dir, &update, &[], None, &pids)
        });
        if let Err(e) = updated {
            // Put HEAD back where it was: the change is not made. Should that fail too
            // (HEAD moved meanwhile), the commit stands with the records in place — the
            // change is made, and only the index entries of its files lag behind.
            let back: Vec<&str> = match &parent {
                Some(old) => vec!["update-ref", "-m", "inkdesk: undo", "HEAD", old, &commit],
                None => vec!["update-ref", "-d", "HEAD", &commit],
            };
            if run_noted(&self.top, &back, &[], None, &pids).is_ok() {
                return Err(e);
            }
        }
        if self.hook("post-commit").is_some() {
            // Git itself ignores what post-commit answers.
            let _ = run_noted(&self.top, &["hook", "run", "post-commit"], &[], None, &pids);
        }
        // As after any commit, git packs its objects when enough have piled up (in the
        // background; off with gc.auto=0 or maintenance.auto=false).
        let _ = run_noted(
            &self.top,
            &["maintenance", "run", "--auto", "--quiet"],
            &[],
            None,
            &pids,
        );
        Ok(())
    }

    /// Runs `pre-commit` with an index of exactly the tree to commit, as `git commit`
    /// does for a commit of some paths; returns the tree that index holds afterwards
    /// (a hook may stage changes of its own).
    fn pre_commit(&self, tree: &str, pids: &Pids) -> Result<String> {
        let index = self.git_dir.join("inkdesk-commit.index");
        let index_text = index.to_string_lossy().into_owned();
        let env = [("GIT_INDEX_FILE", index_text.as_str()), ("GIT_EDITOR", ":")];
        let result = (|| {
            run_noted(&self.top, &["read-tree", tree], &env, None, pids)?;
            run_noted(&self.top, &["hook", "run", "pre-commit"], &env, None, pids)?;
            Ok(run_noted(&self.top, &["write-tree"], &env, None, pids)?
                .trim()
                .to_string())
        })();
        let _ = std::fs::remove_file(&index);
        result
    }

    /// Lets `prepare-commit-msg` and `commit-msg` see and change the message, in git's
    /// `COMMIT_EDITMSG`, then tidies it as git would; the message as given when neither
    /// hook is installed.
    fn message_hooks(&self, message: &str, pids: &Pids) -> Result<String> {
        let prepare = self.hook("prepare-commit-msg").is_some();
        let check = self.hook("commit-msg").is_some();
        if !prepare && !check {
            return Ok(message.to_string());
        }
        let file = self.git_dir.join("COMMIT_EDITMSG");
        std::fs::write(&file, message).map_err(|e| Error::io(&file, e))?;
        let name = file.to_string_lossy().into_owned();
        if prepare {
            run_noted(
                &self.top,
                &["hook", "run", "prepare-commit-msg", "--", &name, "message"],
                &[("GIT_EDITOR", ":")],
                None,
                pids,
            )?;
        }
        if check {
            run_noted(
                &self.top,
                &["hook", "run", "commit-msg", "--", &name],
                &[("GIT_EDITOR", ":")],
                None,
                pids,
            )?;
        }
        let edited = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
        let tidy = run_noted(&self.top, &["stripspace"], &[], Some(&edited), pids)?;
        if tidy.trim().is_empty() {
            return Err(Error::External {
                command: "git hook run commit-msg".into(),
                message: t!("err-git-empty-message"),
                hint: None,
            });
        }
        Ok(tidy)
    }

    fn commit_tree(
        &self,
        tree: &str,
        parent: Option<&str>,
        message: &str,
        author: &Author,
        pids: &Pids,
    ) -> Result<String> {
        let mut args = vec!["commit-tree", tree];
        if let Some(parent) = parent {
            args.extend(["-p", parent]);
        }
        if self.enabled("commit.gpgsign") {
            args.push("-S");
        }
        args.extend(["-F", "-"]);
        let mut env = vec![
            ("GIT_AUTHOR_NAME", author.name.as_str()),
            ("GIT_AUTHOR_EMAIL", author.email.as_str()),
        ];
        if let Some(date) = &author.date {
            env.push(("GIT_AUTHOR_DATE", date));
        }
        if author.also_committer {
            env.push(("GIT_COMMITTER_NAME", &author.name));
            env.push(("GIT_COMMITTER_EMAIL", &author.email));
        }
        Ok(
            run_noted(&self.top, &args, &env, Some(message.as_bytes()), pids)?
                .trim()
                .to_string(),
        )
    }
}

/// Runs git in `dir` with `env` and, when given, `input` on its standard input; notes
/// the process and returns its standard output.
fn run_noted(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    input: Option<&[u8]>,
    pids: &Pids,
) -> Result<String> {
    let shown = format!("git {}", args.join(" "));
    let mut cmd = command(dir, args);
    cmd.envs(env.iter().copied())
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| failed(&shown, e))?;
    pids.note(child.id());
    if let (Some(bytes), Some(mut stdin)) = (input, child.stdin.take()) {
        stdin.write_all(bytes).map_err(|e| failed(&shown, e))?;
    }
    let output = child.wait_with_output().map_err(|e| failed(&shown, e))?;
    checked(shown, output)
}

/// Stores the files' contents as blobs (git's filters for their paths applied) and
/// returns their ids in hex, in order; `paths` are relative to the top of the work tree.
fn hash_files(top: &Path, paths: &[PathBuf], pids: &Pids) -> Result<Vec<String>> {
    let mut input = String::new();
    for path in paths {
        input.push_str(&path.to_string_lossy());
        input.push('\n');
    }
    let out = run_noted(
        top,
        &["hash-object", "-w", "--stdin-paths"],
        &[],
        Some(input.as_bytes()),
        pids,
    )?;
    let ids: Vec<String> = out.lines().map(str::to_string).collect();
    if ids.len() != paths.len() {
        return Err(odd("git hash-object --stdin-paths", &out));
    }
    Ok(ids)
}

/// Git answered something this module cannot read.
fn odd(command: &str, answer: &str) -> Error {
    Error::External {
        command: command.into(),
        message: t!("err-git-odd-answer", answer = answer.trim()),
        hint: None,
    }
}

/// Writes again the tree `old` (none: an empty one) with `changes` — each a path below
/// it and the blob to put there — and returns the new tree's id in hex. Only the
/// folders a change goes through are read and written.
fn rebuild(
    objects: &mut Objects,
    old: Option<&str>,
    changes: &[(&[String], &[u8])],
    id_len: usize,
    top: &Path,
    pids: &Pids,
) -> Result<String> {
    let mut entries = match old {
        Some(id) => match objects.read(id)? {
            Some(object) if object.kind == "tree" => tree::parse(&object.body, id_len)
                .ok_or_else(|| odd("git cat-file --batch", &object.id))?,
            _ => return Err(odd("git cat-file --batch", id)),
        },
        None => Vec::new(),
    };
    let mut folders: Vec<&String> = Vec::new();
    for (path, blob) in changes {
        match path {
            [name] => {
                let existing = entries
                    .iter()
                    .find(|e| e.name == name.as_bytes() && !e.is_tree());
                let mode = tree::file_mode(existing).to_string();
                tree::put(
                    &mut entries,
                    Entry {
                        mode,
                        name: name.as_bytes().to_vec(),
                        id: blob.to_vec(),
                    },
                );
            }
            [folder, ..] if !folders.contains(&folder) => folders.push(folder),
            _ => {}
        }
    }
    for folder in folders {
        let below: Vec<(&[String], &[u8])> = changes
            .iter()
            .filter(|(p, _)| p.len() > 1 && &p[0] == folder)
            .map(|(p, b)| (&p[1..], *b))
            .collect();
        let old_id = entries
            .iter()
            .find(|e| e.name == folder.as_bytes() && e.is_tree())
            .map(|e| tree::hex_id(&e.id));
        let id = rebuild(objects, old_id.as_deref(), &below, id_len, top, pids)?;
        let raw = tree::raw_id(&id).ok_or_else(|| odd("git hash-object -t tree", &id))?;
        tree::put(
            &mut entries,
            Entry {
                mode: tree::TREE_MODE.into(),
                name: folder.as_bytes().to_vec(),
                id: raw,
            },
        );
    }
    let bytes = tree::serialize(&mut entries);
    Ok(run_noted(
        top,
        &["hash-object", "-w", "-t", "tree", "--stdin"],
        &[],
        Some(&bytes),
        pids,
    )?
    .trim()
    .to_string())
}

/// One object read from git.
struct Object {
    id: String,
    kind: String,
    body: Vec<u8>,
}

/// A running `git cat-file --batch`: objects asked for one at a time.
struct Objects {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Objects {
    fn start(top: &Path, pids: &Pids) -> Result<Objects> {
        let shown = "git cat-file --batch";
        let mut child = command(top, &["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| failed(shown, e))?;
        pids.note(child.id());
        let input = child.stdin.take().ok_or_else(|| odd(shown, ""))?;
        let output = BufReader::new(child.stdout.take().ok_or_else(|| odd(shown, ""))?);
        Ok(Objects {
            child,
            input,
            output,
        })
    }

    /// The object `spec` names, or `None` when there is none (an unborn HEAD).
    fn read(&mut self, spec: &str) -> Result<Option<Object>> {
        let shown = "git cat-file --batch";
        writeln!(self.input, "{spec}")
            .and_then(|()| self.input.flush())
            .map_err(|e| failed(shown, e))?;
        let mut header = String::new();
        self.output
            .read_line(&mut header)
            .map_err(|e| failed(shown, e))?;
        let words: Vec<&str> = header.split_whitespace().collect();
        match words.as_slice() {
            [_, "missing"] | [_, "ambiguous"] => Ok(None),
            [id, kind, size] => {
                let size: usize = size.parse().map_err(|_| odd(shown, &header))?;
                let mut body = vec![0; size + 1];
                self.output
                    .read_exact(&mut body)
                    .map_err(|e| failed(shown, e))?;
                body.pop();
                Ok(Some(Object {
                    id: id.to_string(),
                    kind: kind.to_string(),
                    body,
                }))
            }
            _ => Err(odd(shown, &header)),
        }
    }

    fn close(self) {
        let Objects {
            mut child, input, ..
        } = self;
        drop(input);
        let _ = child.wait();
    }
}
