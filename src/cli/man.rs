//! `inkdesk man [DIR | --install]`: the manual pages (`inkdesk.1` and one per command,
//! in the desk's language), written into a folder, or installed where `man` looks for
//! the program's own pages.

use std::path::{Path, PathBuf};

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::store::write_atomic;

use super::terminal::say;

// Write the manual pages (inkdesk.1, inkdesk-open.1 …) into a folder, or install them
// where `man` finds them.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The folder to write them to (default: the current folder).
    #[arg(value_name = "DIR", conflicts_with = "install")]
    pub folder: Option<PathBuf>,
    // Install them beside the program (BIN/../share/man/man1), where `man` looks for
    // the pages of a program on PATH.
    #[arg(long)]
    pub install: bool,
}

/// Runs `inkdesk man`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let folder = if args.install {
        installed_folder()?
    } else {
        ctx.cwd.join(args.folder.clone().unwrap_or_default())
    };
    crate::store::files::make_folder(&folder)?;
    let cmd = super::command();
    let version = cmd.get_version().unwrap_or_default().to_string();
    let mut pages = vec![("inkdesk".to_string(), cmd.clone())];
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("inkdesk-{}", sub.get_name());
        pages.push((name.clone(), sub.clone().name(name)));
    }
    for (name, page) in &pages {
        let mut text = Vec::new();
        clap_mangen::Man::new(page.clone())
            .render(&mut text)
            .map_err(|e| Error::io(folder.join(format!("{name}.1")), e))?;
        let title = format!(
            ".TH {name} 1 \"\" \"inkdesk {version}\" \"{}\"",
            t!("man-manual")
        );
        let text = localized(&String::from_utf8_lossy(&text), &title);
        write_atomic(&folder.join(format!("{name}.1")), text.as_bytes())?;
    }
    say(&t!(
        "man-written",
        count = pages.len(),
        path = folder.display().to_string()
    ));
    if args.install {
        say(&found_by_man(&folder));
    }
    Ok(0)
}

/// Where `--install` puts the pages: `share/man/man1` beside the folder of the running
/// program (`~/.cargo/bin/inkdesk`: `~/.cargo/share/man/man1`).
fn installed_folder() -> Result<PathBuf> {
    let exe = std::env::current_exe().map_err(|e| Error::io("inkdesk", e))?;
    let bin = exe.parent().unwrap_or(Path::new("/"));
    let prefix = bin.parent().unwrap_or(bin);
    Ok(prefix.join("share").join("man").join("man1"))
}

/// Says whether `man inkdesk` will find pages in `folder`: man looks beside every
/// folder of PATH (`X/bin` → `X/share/man`) unless MANPATH is set without an empty
/// part; else says what to add to the shell's start-up file.
fn found_by_man(folder: &Path) -> String {
    let root = folder.parent().unwrap_or(folder);
    let bin = root.parent().and_then(Path::parent).map(|p| p.join("bin"));
    let on_path = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|p| Some(&p) == bin.as_ref()));
    // With MANPATH set, man looks beside PATH only where MANPATH has an empty part.
    let manpath = std::env::var("MANPATH").ok();
    let parts: Option<Vec<&str>> = manpath.as_deref().map(|m| m.split(':').collect());
    let listed = parts.iter().flatten().any(|p| Path::new(p) == root);
    let beside_path = parts
        .as_ref()
        .is_none_or(|ps| ps.iter().any(|p| p.is_empty()));
    if listed || (beside_path && on_path) {
        t!("man-found")
    } else {
        t!("man-not-found", path = root.display().to_string())
    }
}

/// Section headings clap_mangen writes in English, and the catalogue's word for each.
const HEADINGS: [(&str, &str); 5] = [
    ("NAME", "man-section-name"),
    ("SYNOPSIS", "man-section-synopsis"),
    ("DESCRIPTION", "man-section-description"),
    ("VERSION", "man-section-version"),
    ("AUTHORS", "man-section-authors"),
];

/// Punctuation a line must not begin with.
const NO_LINE_START: &str = "，。、；：？！）》」』”’…";

/// Makes a page read well in the desk's language: section headings in its words, text
/// set flush left (no stretched gaps between words) without hyphenation, and a place
/// to break the line after every Chinese character (a line of Chinese has no spaces,
/// so it would otherwise run past the terminal's edge); `title` is the page's `.TH`
/// line (the program's version, the manual's name in the desk's language).
fn localized(roff: &str, title: &str) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::with_capacity(roff.len() * 2);
    for line in roff.lines() {
        if let Some(heading) = line.strip_prefix(".SH ") {
            let id = HEADINGS.iter().find(|(h, _)| *h == heading.trim());
            match id {
                Some((_, id)) => {
                    out.push_str(".SH ");
                    out.push_str(&crate::i18n::tr(id, &[]));
                }
                None => out.push_str(line),
            }
        } else if line.starts_with(".TH ") {
            out.push_str(title);
            out.push_str("\n.ad l\n.nh");
        } else if line.starts_with('.') || line.starts_with('\'') {
            out.push_str(line);
        } else {
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                out.push(c);
                let wide = c.width() == Some(2);
                if let Some(next) = chars.peek()
                    && wide
                    && !NO_LINE_START.contains(*next)
                    && *next != ' '
                {
                    out.push_str("\\:");
                }
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::localized;
    use crate::i18n::{Lang, with_lang};

    #[test]
    fn a_page_has_its_headings_in_the_desks_words_and_breaks_in_chinese_text() {
        let roff = ".TH inkdesk 1\n.SH NAME\ninkdesk \\- 售后服务台，工单\n.SH 选项\n";
        let zh = with_lang(Lang::Zh, || {
            localized(roff, ".TH inkdesk 1 \"\" \"v\" \"手册\"")
        });
        assert_eq!(
            zh,
            ".TH inkdesk 1 \"\" \"v\" \"手册\"\n.ad l\n.nh\n.SH 名称\ninkdesk \\- 售\\:后\\:服\\:务\\:台，\\:工\\:单\n.SH 选项\n"
        );
        let en = with_lang(Lang::En, || localized(roff, ".TH inkdesk 1"));
        assert!(en.contains(".SH NAME\n"), "{en}");
    }
}
