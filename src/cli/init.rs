//! `inkdesk init`: create a desk, or complete one without touching what is there.

use std::path::{Path, PathBuf};

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::i18n::t;
use crate::policy::defaults::{POLICY_EN, POLICY_ZH, TEMPLATES_EN, TEMPLATES_ZH};
use crate::store::files;
use crate::store::{POLICY_FILE, SCRATCH_DIR, git, read_policy};

use super::terminal::say;

// Create a desk: inkdesk.yaml (the default policy), records/, templates/ and a git
// repository with the ticket merge driver registered and a first commit. On an existing
// desk or a fresh clone, only what is missing is added (run it once in every clone).
#[derive(Debug, clap::Args)]
pub struct Args {
    // Where to create the desk (default: the current folder).
    pub dir: Option<PathBuf>,
    // Leave git alone: no repository, no merge driver, no commit.
    #[arg(long)]
    pub no_git: bool,
    // The shop's time zone, an IANA name (default: $TZ, else Asia/Shanghai).
    #[arg(long, value_name = "IANA-NAME")]
    pub timezone: Option<String>,
    // The shop's name (default: the folder's name).
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub shop: Option<String>,
    // Fill in a country's official holidays and make-up working days (cn: China, the
    // years inkdesk knows; edit them in inkdesk.yaml).
    #[arg(long, value_name = "COUNTRY", value_parser = ["cn"])]
    pub holidays: Option<String>,
}

/// The line of `.gitattributes` that hands ticket files to inkdesk's merge driver.
pub const GITATTRIBUTES: &str = "records/**/*.yaml merge=inkdesk\n";
/// The line that hands messages and shift handovers to it (two reads merge into one).
pub const MESSAGE_ATTRIBUTES: &str = "messages/**/*.yaml merge=inkdesk\n";

/// What the desk's `.gitignore` holds: the scratch folder and interrupted temp files.
const GITIGNORE: &str = "# inkdesk scratch files: the desk lock and caches\n/.inkdesk/\n# temporary files of interrupted writes\n.*.yaml.*\n";

/// Runs `init` for a desk of language `lang` (the demo makes its desk this way).
/// with its staff.
pub fn run_in(ctx: &Ctx, args: &Args, lang: Lang, staff: &[(&str, &str, &str)]) -> Result<i32> {
    create(ctx, args, Some(lang), staff)
}

/// Runs `inkdesk init`: a new desk speaks `--lang` (English by default); an existing
/// desk keeps its language.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    create(ctx, args, ctx.lang_flag, &[])
}

fn write_new(path: &Path, text: &str, created: &mut Vec<String>) -> Result<()> {
    if path.exists() {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        files::make_folder(parent)?;
    }
    // Whole or not at all: an init stopped halfway is completed by the next one, which
    // must never find a half-written policy and keep it.
    crate::store::write_atomic(path, text.as_bytes())?;
    created.push(path.display().to_string());
    Ok(())
}

fn create(ctx: &Ctx, args: &Args, lang: Option<Lang>, staff: &[(&str, &str, &str)]) -> Result<i32> {
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
            t!("err-not-a-zone", value = timezone.as_str()),
            t!("hint-zone"),
        ));
    }
    files::make_folder(&root)?;
    let root = root.canonicalize().map_err(|e| Error::io(&root, e))?;
    let shop = args.shop.clone().unwrap_or_else(|| {
        root.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| t!("init-default-shop"))
    });
    let mut created = Vec::new();
    let policy_path = root.join(POLICY_FILE);
    // An existing desk keeps its language; a new one speaks --lang, English by default.
    let lang = crate::store::desk_lang(&root)
        .filter(|_| policy_path.exists())
        .or(lang)
        .unwrap_or_default();
    let (policy_text, set) = match lang {
        Lang::En => (POLICY_EN, TEMPLATES_EN),
        Lang::Zh => (POLICY_ZH, TEMPLATES_ZH),
    };
    let mut policy = policy_text
        .replace("{TIMEZONE}", &timezone)
        .replace("{SHOP}", &yaml_scalar(&shop));
    if args.holidays.as_deref() == Some("cn") {
        policy = crate::policy::defaults::with_cn_holidays(&policy, lang);
    }
    if !staff.is_empty() {
        policy = crate::policy::defaults::with_staff(&policy, staff);
    }
    write_new(&policy_path, &policy, &mut created)?;
    let templates = root.join("templates");
    if !templates.exists() {
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
    files::make_folder(&root.join(SCRATCH_DIR))?;
    let policy = read_policy(&policy_path)?;
    let fresh_repository = !args.no_git && !git::is_repository(&root);
    if fresh_repository {
        git::init(&root)?;
    }
    let mut registered = None;
    let mut settings = Vec::new();
    if !args.no_git && git::is_repository(&root) {
        add_line(&root.join(".gitattributes"), GITATTRIBUTES, &mut created)?;
        add_line(
            &root.join(".gitattributes"),
            MESSAGE_ATTRIBUTES,
            &mut created,
        )?;
        registered = register_merge_driver(&root)?;
        settings = git::settings::apply(&root)?;
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
            let repo = git::Repo::open(&root).ok_or_else(|| Error::External {
                command: "git rev-parse".into(),
                message: t!("err-not-git"),
                hint: Some(t!("hint-install-git")),
            })?;
            // One look at git's settings gives the name, the address and whether git
            // can sign as committer itself.
            let git_name = repo.config("user.name").map(str::to_string);
            let email = repo.config("user.email").unwrap_or_default().to_string();
            let also_committer = email.is_empty() || git_name.is_none();
            let name = ctx
                .actor
                .clone()
                .or(git_name)
                .unwrap_or_else(|| "inkdesk".into());
            repo.commit(
                &root,
                &files,
                &format!(
                    "{}\n\n{}\n\nAction: init\n",
                    t!("init-commit-subject"),
                    t!("init-commit-body")
                ),
                &git::Author {
                    also_committer,
                    name,
                    email,
                    date: Some(ctx.now.to_rfc3339()),
                },
                None,
            )?;
        }
        if fresh_repository {
            created.push(t!(
                "init-created-repository",
                path = root.join(".git").display().to_string()
            ));
        }
    }
    if created.is_empty() && registered.is_none() && settings.is_empty() {
        say(&t!("init-complete", path = root.display().to_string()));
    } else {
        say(&t!("init-desk-at", path = root.display().to_string()));
        for c in created {
            say(&t!("init-created", path = c));
        }
        if let Some(driver) = registered {
            say(&t!("init-registered", driver = driver));
        }
        for setting in settings {
            say(&t!(
                "init-git-setting",
                key = setting.key,
                value = setting.value,
                why = crate::i18n::tr(setting.why, &[])
            ));
        }
    }
    Ok(0)
}

/// Adds a line to a file unless it is there already.
fn add_line(path: &Path, line: &str, created: &mut Vec<String>) -> Result<()> {
    let text = files::text_or_empty(path);
    if text.lines().any(|l| l.trim() == line.trim()) {
        return Ok(());
    }
    let joined = if text.is_empty() || text.ends_with('\n') {
        format!("{text}{line}")
    } else {
        format!("{text}\n{line}")
    };
    crate::store::write_atomic(path, joined.as_bytes())?;
    let shown = path.display().to_string();
    if !created.contains(&shown) {
        created.push(shown);
    }
    Ok(())
}

/// Registers `inkdesk merge-file` as the clone's merge driver for ticket files (in
/// `.git/config`, which every clone needs once: run `inkdesk init` in a new clone).
/// The driver runs `inkdesk` by name when the `inkdesk` on PATH is this program, so it
/// keeps working when the program is reinstalled; else by this program's full path.
/// Returns the driver's command line when it was not registered like that before.
fn register_merge_driver(root: &Path) -> Result<Option<String>> {
    let exe = std::env::current_exe().map_err(|e| Error::io("inkdesk", e))?;
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let program = match git::find_on_path("inkdesk") {
        Some(on_path) if same(&on_path, &exe) => "inkdesk".to_string(),
        _ => format!("'{}'", exe.display().to_string().replace('\'', "'\\''")),
    };
    let driver = format!("{program} merge-file %O %A %B %P");
    if git::config(root, "merge.inkdesk.driver").as_deref() == Some(driver.as_str()) {
        return Ok(None);
    }
    git::set_config(root, "merge.inkdesk.name", "inkdesk ticket merge")?;
    git::set_config(root, "merge.inkdesk.driver", &driver)?;
    Ok(Some(driver))
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
