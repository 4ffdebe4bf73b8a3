//! `inkdesk man [DIR]`: the manual pages (`inkdesk.1` and one per command, in the
//! desk's language), written into a folder.

use std::path::PathBuf;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::store::write_atomic;

use super::terminal::say;

// Write the manual pages (inkdesk.1, inkdesk-open.1 …) into a folder.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The folder to write them to (default: the current folder).
    #[arg(value_name = "DIR")]
    pub folder: Option<PathBuf>,
}

/// Runs `inkdesk man`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let folder = ctx.cwd.join(args.folder.clone().unwrap_or_default());
    crate::store::files::make_folder(&folder)?;
    let cmd = super::command();
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
        write_atomic(&folder.join(format!("{name}.1")), &text)?;
    }
    say(&t!(
        "man-written",
        count = pages.len(),
        path = folder.display().to_string()
    ));
    Ok(0)
}
