//! Tables for people that fit the terminal: one row a line, widths measured in display
//! cells (a Chinese character is two), long texts cut with an ellipsis at a word or
//! character boundary, and less important columns dropped in a fixed order when even
//! the cut texts do not fit. No line ends in spaces; text from records never reaches
//! the terminal with its control characters.
//!
//! The layout (which columns, how wide), the cutting and the wrapping (one rule for
//! Chinese and Latin text) are decided here from every row; comfy-table lays the rows
//! out.

use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, TableComponent, Width};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::terminal::clean;
#[cfg(test)]
use super::terminal::is_unsafe;
use crate::error::Result;

/// Blank cells between two columns.
const GAP: usize = 2;
/// Rows rendered at a time, so a long table never sits in memory twice.
const BLOCK: usize = 500;

/// How a column behaves when the terminal is narrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// Always as wide as its widest cell (ids, dates, numbers, short words).
    Keep,
    /// Cut with an ellipsis, down to `min` cells (titles, names).
    Cut(usize),
    /// Wrapped onto further lines under itself, down to `min` cells (details).
    Wrap(usize),
}

#[derive(Debug, Clone)]
struct Column {
    head: String,
    fit: Fit,
    /// Dropped in this order (1 first) when the table cannot fit; never when `None`.
    drop: Option<u8>,
    right: bool,
    /// Cut only once the other cuttable columns are as narrow as they go (a name
    /// people call back is kept whole before a title).
    last_cut: bool,
}

/// A table being described: its columns, then its rows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    columns: Vec<Column>,
}

/// Which columns are shown and how wide each is.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Layout {
    shown: Vec<usize>,
    widths: Vec<usize>,
}

impl Table {
    /// Starts a table.
    pub fn new() -> Table {
        Table::default()
    }

    /// Adds a column that keeps the width of its widest cell.
    pub fn col(mut self, head: impl Into<String>) -> Table {
        self.columns.push(Column {
            head: clean(&head.into()),
            fit: Fit::Keep,
            drop: None,
            right: false,
            last_cut: false,
        });
        self
    }

    /// Lets the last column be cut, down to `min` cells, only once the other cuttable
    /// columns are cut as far as they go.
    pub fn cut_last(mut self, min: usize) -> Table {
        self = self.cut(min);
        if let Some(c) = self.columns.last_mut() {
            c.last_cut = true;
        }
        self
    }

    /// Lets the last column be cut with an ellipsis, down to `min` cells.
    pub fn cut(mut self, min: usize) -> Table {
        if let Some(c) = self.columns.last_mut() {
            c.fit = Fit::Cut(min.max(2));
        }
        self
    }

    /// Lets the last column wrap under itself, down to `min` cells.
    pub fn wrap(mut self, min: usize) -> Table {
        if let Some(c) = self.columns.last_mut() {
            c.fit = Fit::Wrap(min.max(4));
        }
        self
    }

    /// Lets the last column be dropped, `order`-th (1 first), on a narrow terminal.
    pub fn drop(mut self, order: u8) -> Table {
        if let Some(c) = self.columns.last_mut() {
            c.drop = Some(order);
        }
        self
    }

    /// Aligns the last column to the right (numbers).
    pub fn right(mut self) -> Table {
        if let Some(c) = self.columns.last_mut() {
            c.right = true;
        }
        self
    }

    /// Returns the heads of the columns.
    pub fn heads(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.head.clone()).collect()
    }

    /// Writes the table of `count` rows (`cells(i)` gives row `i`) to stdout, fitted to
    /// `width` cells.
    pub fn print(
        &self,
        width: usize,
        count: usize,
        cells: impl Fn(usize) -> Vec<String>,
    ) -> Result<()> {
        self.render_with(width, count, cells, super::terminal::out_drawn)
    }

    /// Writes a table of the given rows to stdout.
    pub fn print_rows(&self, width: usize, rows: &[Vec<String>]) -> Result<()> {
        self.print(width, rows.len(), |i| rows[i].clone())
    }

    /// Renders the table to a string (for tests and for text that goes elsewhere).
    pub fn render(&self, width: usize, rows: &[Vec<String>]) -> String {
        let mut text = String::new();
        let _ = self.render_with(
            width,
            rows.len(),
            |i| rows[i].clone(),
            |t| {
                text.push_str(t);
                Ok(())
            },
        );
        text
    }

    /// Lays out the table and hands its text to `emit` a block of rows at a time.
    fn render_with(
        &self,
        width: usize,
        count: usize,
        cells: impl Fn(usize) -> Vec<String>,
        emit: impl FnMut(&str) -> Result<()>,
    ) -> Result<()> {
        self.render_replayed(
            width,
            |each| {
                for i in 0..count {
                    each(cells(i))?;
                }
                Ok(())
            },
            |_| {},
            emit,
        )
    }

    /// Writes to stdout, fitted to `width` cells, a table whose rows `replay` hands
    /// over — twice: once to measure them, once to print them a block at a time. Rows
    /// that are read again rather than held keep a long table's memory flat.
    pub fn print_replayed(
        &self,
        width: usize,
        replay: impl FnMut(&mut dyn FnMut(Vec<String>) -> Result<()>) -> Result<()>,
    ) -> Result<()> {
        self.render_replayed(width, replay, |_| {}, super::terminal::out_drawn)
    }

    /// As `print_replayed`, with `measured` told each column's natural width after the
    /// first pass and free to change it (a column whose cells the second pass will
    /// shorten).
    pub fn print_replayed_measured(
        &self,
        width: usize,
        replay: impl FnMut(&mut dyn FnMut(Vec<String>) -> Result<()>) -> Result<()>,
        measured: impl FnOnce(&mut [usize]),
    ) -> Result<()> {
        self.render_replayed(width, replay, measured, super::terminal::out_drawn)
    }

    fn render_replayed(
        &self,
        width: usize,
        mut replay: impl FnMut(&mut dyn FnMut(Vec<String>) -> Result<()>) -> Result<()>,
        measured: impl FnOnce(&mut [usize]),
        mut emit: impl FnMut(&str) -> Result<()>,
    ) -> Result<()> {
        let clean_row = |raw: Vec<String>| -> Vec<String> {
            self.columns
                .iter()
                .enumerate()
                .map(|(c, col)| {
                    let text = raw.get(c).map(String::as_str).unwrap_or_default();
                    match col.fit {
                        Fit::Wrap(_) => clean_lines(text),
                        _ => clean(text),
                    }
                })
                .collect()
        };
        let mut natural: Vec<usize> = self.columns.iter().map(|c| c.head.width()).collect();
        replay(&mut |raw| {
            for (w, cell) in natural.iter_mut().zip(clean_row(raw)) {
                *w = (*w).max(widest_line(&cell));
            }
            Ok(())
        })?;
        measured(&mut natural);
        let layout = self.layout(&natural, width);
        let mut block: Vec<Vec<String>> = Vec::with_capacity(BLOCK);
        let mut header = true;
        replay(&mut |raw| {
            block.push(clean_row(raw));
            if block.len() == BLOCK {
                emit(&self.render_block(&layout, width, header, &block))?;
                header = false;
                block.clear();
            }
            Ok(())
        })?;
        if header || !block.is_empty() {
            emit(&self.render_block(&layout, width, header, &block))?;
        }
        Ok(())
    }

    /// Renders rows (cleaned) in the layout, under the heads when `header`.
    fn render_block(
        &self,
        layout: &Layout,
        width: usize,
        header: bool,
        rows: &[Vec<String>],
    ) -> String {
        let mut t = comfy_table::Table::new();
        // Every cell is cut or wrapped to its width here: comfy-table only lays the
        // rows out.
        t.load_preset(comfy_table::presets::NOTHING)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_width(u16::try_from(width).unwrap_or(u16::MAX));
        for component in [
            TableComponent::LeftBorder,
            TableComponent::RightBorder,
            TableComponent::TopBorder,
            TableComponent::BottomBorder,
            TableComponent::VerticalLines,
            TableComponent::HorizontalLines,
            TableComponent::LeftHeaderIntersection,
            TableComponent::RightHeaderIntersection,
            TableComponent::MiddleHeaderIntersections,
        ] {
            t.remove_style(component);
        }
        t.set_style(TableComponent::HeaderLines, '─');
        if header {
            // Only a terminal too narrow for the heads themselves cuts them.
            t.set_header(
                layout
                    .shown
                    .iter()
                    .zip(&layout.widths)
                    .map(|(c, w)| cut(&self.columns[*c].head, *w)),
            );
        }
        for full in rows {
            t.add_row(layout.shown.iter().zip(&layout.widths).map(|(c, w)| {
                match self.columns[*c].fit {
                    Fit::Cut(_) => cut(&full[*c], *w),
                    Fit::Wrap(_) => wrap(&full[*c], *w),
                    Fit::Keep => full[*c].clone(),
                }
            }));
        }
        for ((k, column), w) in t.column_iter_mut().enumerate().zip(&layout.widths) {
            let left = if k == 0 { 0 } else { GAP };
            column.set_padding((left as u16, 0));
            let total = u16::try_from(w + left).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(total)));
            if self.columns[layout.shown[k]].right {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        let mut text = String::new();
        for line in t.lines() {
            text.push_str(line.trim_end());
            text.push('\n');
        }
        text
    }

    /// Decides which columns are shown and how wide: first every cuttable column is
    /// narrowed (the widest first) down to its minimum; when that is not enough, the
    /// next column in the drop order goes and the widths are decided again.
    fn layout(&self, natural: &[usize], width: usize) -> Layout {
        let mut shown: Vec<usize> = (0..self.columns.len()).collect();
        loop {
            // A column is never narrower than its head, so a head is never cut.
            let floor = |c: usize| match self.columns[c].fit {
                Fit::Keep => natural[c],
                Fit::Cut(min) | Fit::Wrap(min) => {
                    natural[c].min(min.max(self.columns[c].head.width()))
                }
            };
            let gaps = GAP * shown.len().saturating_sub(1);
            let least: usize = shown.iter().map(|c| floor(*c)).sum::<usize>() + gaps;
            let next_drop = shown
                .iter()
                .filter_map(|c| self.columns[*c].drop.map(|o| (o, *c)))
                .min();
            if least > width
                && let Some((_, c)) = next_drop
            {
                shown.retain(|s| *s != c);
                continue;
            }
            let mut widths: Vec<usize> = shown.iter().map(|c| natural[*c]).collect();
            let mut total: usize = widths.iter().sum::<usize>() + gaps;
            // Narrow the widest cuttable column one cell at a time: the long titles
            // give way before the short names, and a column cut last after all others.
            while total > width {
                let widest = shown
                    .iter()
                    .enumerate()
                    .filter(|(k, c)| widths[*k] > floor(**c))
                    .max_by_key(|(k, c)| (!self.columns[**c].last_cut, widths[*k]));
                let Some((k, _)) = widest else { break };
                widths[k] -= 1;
                total -= 1;
            }
            // Still too wide with nothing left to drop: cut further, down to two cells
            // (a column cut last only when the others are down to two).
            while total > width {
                let widest = shown
                    .iter()
                    .enumerate()
                    .filter(|(k, c)| {
                        matches!(self.columns[**c].fit, Fit::Cut(_) | Fit::Wrap(_))
                            && widths[*k] > 2
                    })
                    .max_by_key(|(k, c)| (!self.columns[**c].last_cut, widths[*k]));
                let Some((k, _)) = widest else { break };
                widths[k] -= 1;
                total -= 1;
            }
            return Layout { shown, widths };
        }
    }
}

/// The widest line of a text, in display cells.
fn widest_line(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// Makes text safe for a cell that may hold several lines.
fn clean_lines(text: &str) -> String {
    text.trim_end_matches(['\n', '\r'])
        .lines()
        .map(clean)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Cuts text to `width` display cells with an ellipsis, at a space or between two
/// characters that may be parted: never inside a word or number of Latin letters and
/// digits, unless that word alone is wider than the room.
pub fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let room = width - 1;
    let mut used = 0;
    let mut end = 0;
    let mut boundary = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, (i, c)) in chars.iter().enumerate() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        end = i + c.len_utf8();
        let next = chars.get(k + 1).map(|(_, n)| *n);
        let inside_word = next.is_some_and(|n| is_latin_word(*c) && is_latin_word(n));
        if !inside_word && !c.is_whitespace() {
            boundary = end;
        }
    }
    // A word is never parted unless it is the only one there is room for.
    let keep = if boundary > 0 { boundary } else { end };
    format!("{}…", text[..keep].trim_end())
}

/// Wraps text into lines of at most `width` display cells, breaking at spaces and
/// between Chinese characters (a line never starts with a closing mark such as `，`
/// or ends with an opening one such as `（`), never inside a Latin word or number
/// unless it alone is wider than a line. Clap wraps help only at spaces; Chinese help
/// is wrapped here first.
pub fn wrap(text: &str, width: usize) -> String {
    let width = width.max(8);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let chars: Vec<char> = paragraph.chars().collect();
        let mut start = 0;
        while start < chars.len() {
            let mut used = 0;
            let mut end = start;
            let mut last_break = None;
            while end < chars.len() {
                let w = chars[end].width().unwrap_or(0);
                if used + w > width {
                    break;
                }
                used += w;
                end += 1;
                if end < chars.len() && may_break(chars[end - 1], chars[end]) {
                    last_break = Some(end);
                }
            }
            if end < chars.len()
                && let Some(b) = last_break
            {
                end = b;
            }
            let line: String = chars[start..end].iter().collect();
            out.push(line.trim_end().to_string());
            start = end;
            while start < chars.len() && chars[start] == ' ' {
                start += 1;
            }
        }
        if chars.is_empty() {
            out.push(String::new());
        }
    }
    out.join("\n")
}

/// Whether a line may end between `before` and `after`.
fn may_break(before: char, after: char) -> bool {
    const CLOSING: &str = "，。、；：！？）」』》”’…·";
    const OPENING: &str = "（「『《“‘";
    if CLOSING.contains(after) || OPENING.contains(before) {
        return false;
    }
    if before == ' ' {
        return true;
    }
    let wide = |c: char| c.width().unwrap_or(1) >= 2;
    (wide(before) || wide(after)) && after != ' '
}

/// Letters and digits of the Latin alphabet (and the like): a word of them is not parted.
fn is_latin_word(c: char) -> bool {
    c.is_alphanumeric() && c.width().unwrap_or(1) < 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        text.lines().collect()
    }

    #[test]
    fn cuts_at_word_and_character_boundaries() {
        assert_eq!(cut("Wedding invitations printed", 16), "Wedding…");
        assert_eq!(cut("宣传单数量少了500张", 12), "宣传单数量…");
        assert_eq!(cut("宣传单数量少了500张", 17), "宣传单数量少了…");
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("Supercalifragilistic", 8), "Superca…");
        for w in 1..30 {
            assert!(cut("画册封面色差严重，与签样不符 Brochure", w).width() <= w);
        }
    }

    #[test]
    fn a_table_fits_the_width_one_row_a_line_without_trailing_spaces() {
        let t = Table::new()
            .col("id")
            .col("customer")
            .cut(6)
            .drop(2)
            .col("holder")
            .drop(1)
            .col("title")
            .cut(10);
        let rows: Vec<Vec<String>> = (0..20)
            .map(|i| {
                vec![
                    format!("0NB{i:03}"),
                    "一个非常长的客户名称要换行".to_string(),
                    "Amy Wu".to_string(),
                    "Wedding invitations printed on the wrong paper, again and again".to_string(),
                ]
            })
            .collect();
        for width in [30, 40, 60, 80, 120] {
            let text = t.render(width, &rows);
            let all = lines(&text);
            assert_eq!(
                all.len(),
                22,
                "head, rule and a line per row at {width}:\n{text}"
            );
            for line in all {
                assert!(line.width() <= width, "{width}: {line:?}");
                assert_eq!(line, line.trim_end(), "no trailing spaces");
            }
        }
        let cut = t.render(40, &rows);
        assert!(cut.contains("holder"), "cut before dropping:\n{cut}");
        let narrow = t.render(30, &rows);
        assert!(!narrow.contains("holder"), "dropped first:\n{narrow}");
        assert!(narrow.contains("title") && narrow.contains("customer"));
        let wide = t.render(120, &rows);
        assert!(wide.contains("holder") && wide.contains("customer"));
    }

    #[test]
    fn chinese_text_wraps_between_characters_not_before_commas() {
        let text = "把工单沿升级阶梯升一级（坐席 → 主管 → 经理），或用 --to 升到指定级别";
        let wrapped = wrap(text, 20);
        for line in wrapped.lines() {
            assert!(line.width() <= 20, "{line:?}");
            assert!(
                !line.starts_with('，') && !line.starts_with('）'),
                "{line:?}"
            );
        }
        assert_eq!(wrapped.replace(['\n', ' '], ""), text.replace(' ', ""));
        assert!(
            wrapped.contains("--to"),
            "a flag is never parted: {wrapped}"
        );
        assert_eq!(wrap("short words only", 40), "short words only");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let cleaned = clean("\u{1b}]0;pwned\u{7}\u{1b}[2J ok\u{202e}x\r\n");
        assert!(!cleaned.chars().any(is_unsafe), "{cleaned:?}");
        assert!(cleaned.contains("ok"));
    }

    #[test]
    fn wrapped_chinese_never_starts_a_line_with_a_comma() {
        let t = Table::new().col("when").col("details").wrap(10);
        let rows = vec![vec![
            "10:00".to_string(),
            "李娜休假一周：王总的画册重印明天上午送到，请跟进回访，如有问题请直接联系周强主管处理"
                .to_string(),
        ]];
        for width in 20..40 {
            let text = t.render(width, &rows);
            for line in text.lines().skip(2) {
                let details = line.get(7..).unwrap_or_default().trim_start();
                assert!(!details.starts_with(['，', '：']), "{width}: {line:?}");
                assert!(line.width() <= width, "{width}: {line:?}");
            }
        }
    }

    #[test]
    fn details_wrap_under_their_own_column() {
        let t = Table::new().col("when").col("details").wrap(10);
        let rows = vec![
            vec!["09:00".to_string(), "短".to_string()],
            vec!["10:00".to_string(), "word ".repeat(30)],
        ];
        let text = t.render(40, &rows);
        assert!(text.lines().count() > 4, "{text}");
        assert!(
            text.lines().nth(2).is_some_and(|l| l == "09:00  短"),
            "{text}"
        );
        for line in text.lines() {
            assert!(line.width() <= 40 && line == line.trim_end(), "{line:?}");
        }
    }

    #[test]
    fn a_long_table_reads_as_one_table() {
        let t = Table::new().col("n").col("text").cut(5);
        let rows: Vec<Vec<String>> = (0..(2 * BLOCK + 7))
            .map(|i| vec![i.to_string(), "x".repeat(i % 13)])
            .collect();
        let text = t.render(30, &rows);
        assert_eq!(text.lines().count(), rows.len() + 2);
        let widths: std::collections::BTreeSet<usize> = text
            .lines()
            .skip(2)
            .filter(|l| l.contains('x'))
            .map(|l| l.find('x').unwrap())
            .collect();
        assert_eq!(
            widths.len(),
            1,
            "every block lays the text column out alike"
        );
    }
}
