//! `inkdesk init`: create a desk, or complete one without touching what is there.

use std::path::{Path, PathBuf};

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::policy::defaults::{POLICY, TEMPLATES_EN, TEMPLATES_ZH};
use crate::store::{POLICY_FILE, SCRATCH_DIR, git, read_policy};

use super::output::say;

/// Create a desk: inkdesk.yaml (the default policy), records/, templates/ and a git
/// repository with the ticket merge driver registered and a first commit. On an existing
/// desk or a fresh clone, only what is missing is added (run it once in every clone).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to create the desk (default: the current folder).
    pub dir: Option<PathBuf>,
    /// Leave git alone: no repository, no merge driver, no commit.
    #[arg(long)]
    pub no_git: bool,
    /// The shop's time zone, an IANA name (default: $TZ, else Asia/Shanghai).
    #[arg(long, value_name = "IANA-NAME")]
    pub timezone: Option<String>,
    /// The language of the ticket templates.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// The shop's name (default: the folder's name).
    #[arg(long)]
    pub shop: Option<String>,
}

/// Template languages shipped with inkdesk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    En,
    Zh,
}

/// The line of `.gitattributes` that hands ticket files to inkdesk's merge driver.
const GITATTRIBUTES: &str = "records/**/*.yaml merge=inkdesk\n";

/// What the desk's `.gitignore` holds: the scratch folder and interrupted temp files.
const GITIGNORE: &str = "# inkdesk scratch files: the desk lock and caches\n/.inkdesk/\n# temporary files of interrupted writes\n.*.yaml.*\n";

fn write_new(path: &Path, text: &str, created: &mut Vec<String>) -> Result<()> {
    if path.exists() {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
    created.push(path.display().to_string());
    Ok(())
}

/// Runs `inkdesk init`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let root = match (&args.dir, &ctx.dir) {
        (Some(d), _) | (None, Some(d)) => ctx.cwd.join(d),
        (None, None) => ctx.cwd.clone(),
    };
    let timezone = args
        .timezone
        .clone()
        .or_else(|| ctx.system_timezone.clone())
        .unwrap_or_else(|| "Asia/Shanghai".to_string());
    if timezone.parse::<chrono_tz::Tz>().is_err() {
        return Err(Error::input(
            "--timezone",
            format!("`{timezone}` is not an IANA time zone"),
            "e.g. Asia/Shanghai, Europe/Berlin, America/New_York",
        ));
    }
    std::fs::create_dir_all(&root).map_err(|e| Error::io(&root, e))?;
    let root = root.canonicalize().map_err(|e| Error::io(&root, e))?;
    let shop = args.shop.clone().unwrap_or_else(|| {
        root.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Print shop".into())
    });
    let mut created = Vec::new();
    let policy_path = root.join(POLICY_FILE);
    let policy = POLICY
        .replace("{TIMEZONE}", &timezone)
        .replace("{SHOP}", &yaml_scalar(&shop));
    write_new(&policy_path, &policy, &mut created)?;
    let templates = root.join("templates");
    if !templates.exists() {
        let set = match args.lang {
            Lang::En => TEMPLATES_EN,
            Lang::Zh => TEMPLATES_ZH,
        };
        for t in set {
            write_new(
                &templates.join(format!("{}.yaml", t.kind)),
                t.text,
                &mut created,
            )?;
        }
    }
    write_new(&root.join("records").join(".gitkeep"), "", &mut created)?;
    write_new(&root.join(".gitignore"), GITIGNORE, &mut created)?;
    std::fs::create_dir_all(root.join(SCRATCH_DIR))
        .map_err(|e| Error::io(root.join(SCRATCH_DIR), e))?;
    let policy = read_policy(&policy_path)?;
    let fresh_repository = !args.no_git && !git::is_repository(&root);
    if fresh_repository {
        git::run(&root, &["init", "--quiet"])?;
    }
    if !args.no_git && git::is_repository(&root) {
        add_line(&root.join(".gitattributes"), GITATTRIBUTES, &mut created)?;
        register_merge_driver(&root)?;
        if fresh_repository && ctx.commit && policy.file.commit {
            let files: Vec<String> = created
                .iter()
                .map(|p| {
                    Path::new(p)
                        .strip_prefix(&root)
                        .unwrap_or(Path::new(p))
                        .display()
                        .to_string()
                })
                .collect();
            let name = ctx
                .actor
                .clone()
                .or_else(|| git::user_name(&root))
                .unwrap_or_else(|| "inkdesk".into());
            let email = git::config(&root, "user.email").unwrap_or_default();
            git::commit(
                &root,
                &files,
                "inkdesk: new desk\n\nPolicy, templates and an empty records folder.\n\nAction: init\n",
                &git::Author {
                    also_committer: email.is_empty() || git::user_name(&root).is_none(),
                    name,
                    email,
                },
            )?;
        }
        if fresh_repository {
            created.push(format!(
                "{} (git repository, merge driver registered)",
                root.join(".git").display()
            ));
        }
    }
    if created.is_empty() {
        say(&format!(
            "desk at {} is complete; nothing changed",
            root.display()
        ));
    } else {
        say(&format!("desk at {}:", root.display()));
        for c in created {
            say(&format!("  created {c}"));
        }
    }
    Ok(0)
}

/// Adds a line to a file unless it is there already.
fn add_line(path: &Path, line: &str, created: &mut Vec<String>) -> Result<()> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    if text.lines().any(|l| l.trim() == line.trim()) {
        return Ok(());
    }
    let joined = if text.is_empty() || text.ends_with('\n') {
        format!("{text}{line}")
    } else {
        format!("{text}\n{line}")
    };
    std::fs::write(path, joined).map_err(|e| Error::io(path, e))?;
    created.push(path.display().to_string());
    Ok(())
}

/// Registers `inkdesk merge-file` as the clone's merge driver for ticket files (in
/// `.git/config`, which every clone needs once: run `inkdesk init` in a new clone).
fn register_merge_driver(root: &Path) -> Result<()> {
    let exe = std::env::current_exe().map_err(|e| Error::io("inkdesk", e))?;
    let quoted = format!("'{}'", exe.display().to_string().replace('\'', "'\\''"));
    git::run(
        root,
        &["config", "merge.inkdesk.name", "inkdesk ticket merge"],
    )?;
    git::run(
        root,
        &[
            "config",
            "merge.inkdesk.driver",
            &format!("{quoted} merge-file %O %A %B"),
        ],
    )?;
    Ok(())
}

/// Quotes a shop name when YAML would misread it.
fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " -_.".contains(c) || !c.is_ascii())
        && !text.starts_with(['-', ' ', '.'])
        && !text.ends_with(' ');
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}
