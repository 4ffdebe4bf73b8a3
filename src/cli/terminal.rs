//! The terminal's two streams: data to stdout, messages to stderr, and the rule that
//! no text from a record reaches either with its control characters. Every other
//! printing module of the command line writes through these.

use std::io::Write;

use crate::error::{Error, Result};
pub use crate::i18n::format::is_unsafe;

pub(super) fn stdout_error(e: std::io::Error) -> Error {
    Error::io("<stdout>", e)
}

/// Writes a person's screen to stdout: a table, a ticket, a list — in ASCII drawing
/// where that is chosen (`INKDESK_ASCII`, the policy's `ascii`).
pub fn out_drawn(text: &str) -> Result<()> {
    out(&crate::i18n::format::drawn(text))
}

/// Writes text to stdout as it is (data for scripts, files, diffs).
pub fn out(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes()).map_err(stdout_error)?;
    stdout.flush().map_err(stdout_error)
}

/// Writes these parts to stdout one after the other.
pub fn out_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Result<()> {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for part in parts {
        stdout.write_all(part).map_err(stdout_error)?;
    }
    stdout.flush().map_err(stdout_error)
}

/// Writes a message to stderr (ignoring a closed stderr); text from records in it
/// loses its control characters.
pub fn say(text: &str) {
    let text = crate::i18n::format::drawn(text);
    let width = stderr_width();
    let safe: Vec<String> = text
        .lines()
        .map(clean)
        .map(|line| match width {
            Some(w) => super::table::wrap(&line, w),
            None => line,
        })
        .collect();
    let _ = writeln!(std::io::stderr().lock(), "{}", safe.join("\n"));
}

/// The width of the terminal stderr is, if it is one: a message to a person is wrapped
/// there between words (and between Chinese characters), not cut by the terminal in
/// the middle of a command. Piped or redirected, it is left whole.
fn stderr_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    terminal_size::terminal_size_of(std::io::stderr())
        .map(|(terminal_size::Width(w), _)| w as usize)
}

/// Makes text safe for one table cell: line breaks become ` / `, tabs spaces, and any
/// other control character a visible `�`.
pub fn clean(text: &str) -> String {
    let one_line = text
        .trim_end_matches(['\n', '\r'])
        .replace("\r\n", "\n")
        .replace('\n', " / ")
        .replace('\t', " ");
    one_line
        .chars()
        .map(|c| if is_unsafe(c) { '\u{fffd}' } else { c })
        .collect()
}
