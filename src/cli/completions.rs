//! `inkdesk completions SHELL`: the shell's completion script, printed to stdout.

use crate::context::Ctx;
use crate::error::Result;

// Print the completion script of a shell (bash, zsh, fish, powershell, elvish).
#[derive(Debug, clap::Args)]
pub struct Args {
    // The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Runs `inkdesk completions`.
pub fn run(_ctx: &Ctx, args: &Args) -> Result<i32> {
    let mut cmd = super::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "inkdesk", &mut script);
    super::terminal::out_parts([script.as_slice()])?;
    Ok(0)
}
