//! A quick reader for the block YAML that inkdesk writes itself: mappings, sequences,
//! plain and quoted one-line scalars, and literal blocks, read into a tree of `Node`s
//! that borrow the text and handed to serde from there.
//!
//! It is only a shortcut. Whatever it is not certain to read exactly as the full YAML
//! reader would (comments, anchors, tags, flow collections, folded or multi-line
//! scalars, tabs, anything that might be a number in another notation, a duplicate
//! key, …) makes it give up with `None`, and the caller reads the text with the full
//! reader, which also gives the error messages with their lines.

use std::borrow::Cow;

use serde::de::value::{BorrowedStrDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};

/// A value read by the quick reader.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(Cow<'a, str>),
    Sequence(Vec<Node<'a>>),
    /// Entries in the order written; a repeated key is caught by the deserialiser.
    Mapping(Vec<(&'a str, Node<'a>)>),
}

/// Reads a value of type `T` from `text` if the text keeps to the subset and `T` takes
/// it; `None` otherwise.
pub fn read<T: de::DeserializeOwned>(text: &str) -> Option<T> {
    T::deserialize(parse(text)?).ok()
}

/// Whether the text holds a character the subset leaves to the full reader: a tab, a
/// carriage return or another control character, a byte order mark, or one of the
/// characters YAML also takes for a line break.
fn has_odd_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\n' => false,
        0..0x20 | 0x7f => true,
        // U+0085
        0xc2 => bytes.get(i + 1) == Some(&0x85),
        // U+2028, U+2029
        0xe2 => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9)),
        // U+FEFF
        0xef => bytes.get(i + 1) == Some(&0xbb) && bytes.get(i + 2) == Some(&0xbf),
        _ => false,
    })
}

/// Reads `text` if it keeps to the subset; `None` otherwise.
pub fn parse(text: &str) -> Option<Node<'_>> {
    if has_odd_characters(text) {
        return None;
    }
    let mut r = Lines {
        lines: text.split('\n').collect(),
        at: 0,
    };
    r.skip_blank();
    if r.at == r.lines.len() || indent(r.lines[r.at]) != 0 {
        return None;
    }
    let value = r.mapping(0, None)?;
    r.skip_blank();
    (r.at == r.lines.len()).then_some(value)
}

/// The deepest indentation the quick reader follows (each level is at least one column
/// deeper, so this bounds its recursion); deeper text goes to the full reader, behind
/// its depth guard.
const MAX_INDENT: usize = 256;

struct Lines<'a> {
    lines: Vec<&'a str>,
    at: usize,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ')
}

/// Whether a line's content (past its indentation) is a sequence entry.
fn is_dash(body: &str) -> bool {
    body == "-" || body.starts_with("- ")
}

/// Splits `key: rest` (or `key:`) where the key is a plain identifier.
fn split_key(body: &str) -> Option<(&str, &str)> {
    let (key, rest) = body.split_once(':')?;
    let first = key.bytes().next()?;
    let identifier = (first.is_ascii_alphabetic() || first == b'_')
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !identifier || !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, rest.trim_start_matches(' ')))
}

impl<'a> Lines<'a> {
    fn skip_blank(&mut self) {
        while self.at < self.lines.len() && is_blank(self.lines[self.at]) {
            self.at += 1;
        }
    }

    /// The next line that is not blank, without moving past it.
    fn peek(&mut self) -> Option<&'a str> {
        self.skip_blank();
        self.lines.get(self.at).copied()
    }

    /// A block mapping whose keys sit at column `n`; `first` is the content of its
    /// first line when that line began with a sequence dash.
    fn mapping(&mut self, n: usize, first: Option<&'a str>) -> Option<Node<'a>> {
        if n > MAX_INDENT {
            return None;
        }
        let mut map = Vec::new();
        let mut body = first;
        loop {
            let line = match body.take() {
                Some(b) => b,
                None => {
                    let Some(line) = self.peek() else { break };
                    match indent(line) {
                        i if i < n => break,
                        i if i > n => return None,
                        _ => {}
                    }
                    let content = &line[n..];
                    if is_dash(content) {
                        return None;
                    }
                    content
                }
            };
            self.at += 1;
            let (key, rest) = split_key(line)?;
            let value = self.value(n, rest)?;
            map.push((key, value));
        }
        Some(Node::Mapping(map))
    }

    /// A block sequence whose dashes sit at column `n`.
    fn sequence(&mut self, n: usize) -> Option<Node<'a>> {
        if n > MAX_INDENT {
            return None;
        }
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            match indent(line) {
                i if i < n => break,
                i if i > n => return None,
                _ => {}
            }
            let body = &line[n..];
            if !is_dash(body) {
                break;
            }
            let item = body.get(2..)?;
            let content = item.trim_start_matches(' ');
            let column = n + 2 + (item.len() - content.len());
            if content.is_empty() || is_dash(content) {
                return None;
            }
            if split_key(content).is_some() {
                items.push(self.mapping(column, Some(content))?);
            } else {
                self.at += 1;
                if content.starts_with(['|', '>']) {
                    return None;
                }
                items.push(scalar(content)?);
            }
        }
        Some(Node::Sequence(items))
    }

    /// The value of a key at column `n`, `rest` being what follows its colon; the line
    /// of the key has been read.
    fn value(&mut self, n: usize, rest: &'a str) -> Option<Node<'a>> {
        if rest.starts_with('|') {
            return self.literal(n, rest);
        }
        if !rest.is_empty() {
            return scalar(rest);
        }
        let back = self.at;
        if let Some(line) = self.peek() {
            let i = indent(line);
            if i > n {
                return if is_dash(&line[i..]) {
                    self.sequence(i)
                } else {
                    self.mapping(i, None)
                };
            }
            if i == n && is_dash(&line[n..]) {
                return self.sequence(n);
            }
        }
        self.at = back;
        Some(Node::Null)
    }

    /// A literal block (`|` or `|-`) under a key at column `n`.
    fn literal(&mut self, n: usize, header: &'a str) -> Option<Node<'a>> {
        let strip = match header {
            "|" => false,
            "|-" => true,
            _ => return None,
        };
        let first = *self.lines.get(self.at)?;
        let m = indent(first);
        if is_blank(first) || m <= n {
            return None;
        }
        let mut parts: Vec<&str> = Vec::new();
        while let Some(&line) = self.lines.get(self.at) {
            if is_blank(line) {
                if line.len() > m {
                    return None;
                }
                parts.push("");
            } else if indent(line) >= m {
                parts.push(&line[m..]);
            } else {
                break;
            }
            self.at += 1;
        }
        while parts.last() == Some(&"") {
            parts.pop();
        }
        let mut text = parts.join("\n");
        if !strip {
            text.push('\n');
        }
        Some(Node::Text(Cow::Owned(text)))
    }
}

/// A scalar on one line: quoted, plain, or an empty flow collection.
fn scalar(text: &str) -> Option<Node<'_>> {
    let text = text.trim_end_matches(' ');
    match text.as_bytes().first()? {
        b'\'' => single_quoted(text).map(Node::Text),
        b'"' => double_quoted(text).map(|s| Node::Text(Cow::Owned(s))),
        _ if text == "[]" => Some(Node::Sequence(Vec::new())),
        _ if text == "{}" => Some(Node::Mapping(Vec::new())),
        b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b'#' | b'|' | b'>' | b'[' | b']' | b'{'
        | b'}' | b',' | b'?' | b':' => None,
        b'-' if text == "-" || text.starts_with("- ") => None,
        _ => plain(text),
    }
}

/// A plain scalar, typed as the full reader types it.
fn plain(text: &str) -> Option<Node<'_>> {
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return None;
    }
    match text {
        "~" | "null" => return Some(Node::Null),
        "true" => return Some(Node::Bool(true)),
        "false" => return Some(Node::Bool(false)),
        "Null" | "NULL" | "True" | "TRUE" | "False" | "FALSE" => return None,
        _ => {}
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    let canonical = |d: &str| {
        !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) && (d == "0" || !d.starts_with('0'))
    };
    if canonical(digits) {
        return Some(if text.starts_with('-') {
            Node::Signed(text.parse().ok()?)
        } else {
            Node::Unsigned(text.parse().ok()?)
        });
    }
    if let Some((whole, fraction)) = digits.split_once('.')
        && canonical(whole)
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return Some(Node::Float(text.parse().ok()?));
    }
    // Anything else that some notation could read as a number is left to the full
    // reader (1e3, +5, 0x1f, .5, 007, .inf, …).
    let first = text.as_bytes()[0];
    if first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.') {
        let unsigned = text.trim_start_matches(['+', '-']);
        if unsigned.parse::<f64>().is_ok()
            || ["0x", "0o", "0b"].iter().any(|p| unsigned.starts_with(p))
            || unsigned.starts_with('.')
        {
            return None;
        }
    }
    Some(Node::Text(Cow::Borrowed(text)))
}

/// `'…'` with `''` for a quote, wholly on this line.
fn single_quoted(text: &str) -> Option<Cow<'_, str>> {
    let inner = text.strip_prefix('\'')?;
    if let Some(plain) = inner.strip_suffix('\'')
        && !plain.contains('\'')
    {
        return Some(Cow::Borrowed(plain));
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\'' {
            out.push(c);
        } else if inner[i + 1..].starts_with('\'') {
            out.push('\'');
            chars.next();
        } else {
            return inner[i + 1..].is_empty().then_some(Cow::Owned(out));
        }
    }
    None
}

/// `"…"` with backslash escapes, wholly on this line.
fn double_quoted(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return inner[i + 1..].is_empty().then_some(out),
            '\\' => {
                let (_, e) = chars.next()?;
                let hex = |chars: &mut std::str::CharIndices, n: usize| {
                    let mut v = 0u32;
                    for _ in 0..n {
                        v = v * 16 + chars.next()?.1.to_digit(16)?;
                    }
                    char::from_u32(v)
                };
                out.push(match e {
                    '0' => '\0',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    't' => '\t',
                    'n' => '\n',
                    'v' => '\u{b}',
                    'f' => '\u{c}',
                    'r' => '\r',
                    'e' => '\u{1b}',
                    ' ' => ' ',
                    '"' => '"',
                    '/' => '/',
                    '\\' => '\\',
                    'N' => '\u{85}',
                    '_' => '\u{a0}',
                    'L' => '\u{2028}',
                    'P' => '\u{2029}',
                    'x' => hex(&mut chars, 2)?,
                    'u' => hex(&mut chars, 4)?,
                    'U' => hex(&mut chars, 8)?,
                    _ => return None,
                });
            }
            c => out.push(c),
        }
    }
    None
}

/// Why the quick reader's tree did not fit the type asked for; the full reader then
/// says it properly.
#[derive(Debug)]
pub struct Mismatch;

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not read by the quick reader")
    }
}

impl std::error::Error for Mismatch {}

impl de::Error for Mismatch {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Mismatch
    }
}

impl<'de> IntoDeserializer<'de, Mismatch> for Node<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for Node<'de> {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self {
            Node::Null => visitor.visit_unit(),
            Node::Bool(b) => visitor.visit_bool(b),
            Node::Unsigned(n) => visitor.visit_u64(n),
            Node::Signed(n) => visitor.visit_i64(n),
            Node::Float(n) => visitor.visit_f64(n),
            Node::Text(Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            Node::Text(Cow::Owned(s)) => visitor.visit_string(s),
            Node::Sequence(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Node::Mapping(entries) => {
                let entries = entries
                    .into_iter()
                    .map(|(k, v)| (BorrowedStrDeserializer::<Mismatch>::new(k), v));
                let mut map = MapDeserializer::new(entries);
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self {
            Node::Null => visitor.visit_none(),
            node => visitor.visit_some(node),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        match self {
            Node::Text(Cow::Borrowed(s)) => visitor.visit_enum(s.into_deserializer()),
            Node::Text(Cow::Owned(s)) => visitor.visit_enum(s.into_deserializer()),
            _ => Err(Mismatch),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Ticket;
    use crate::testkit::{open, play, policy, step};
    use proptest::prelude::*;
    use serde_yaml::Value;

    /// Texts a clerk might type, and texts chosen to trip a YAML reader.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[a-zA-Z0-9 中文印刷:#'\"\\\\|>&*!%@`{}\\[\\],?~.+\\-\n]{0,40}",
            prop::sample::select(vec![
                "",
                " ",
                "yes",
                "no",
                "on",
                "~",
                "null",
                "Null",
                "true",
                "FALSE",
                "0x1f",
                "0o17",
                "1e3",
                ".5",
                "5.",
                "+5",
                "-5",
                "007",
                "1_000",
                ".inf",
                "-.INF",
                ".nan",
                "12.50",
                "2026-10-01",
                "2026-10-01T09:00:00+08:00",
                "a: b",
                "a #b",
                "- x",
                "? x",
                "|",
                ">",
                "line\nline",
                "line\n",
                "\nline",
                "  lead",
                "trail  ",
                "'q'",
                "\"q\"",
                "中文：冒号",
                "#comment",
                "key:",
                "[]",
                "{}",
                "<<",
                "=",
                "\t tab",
            ])
            .prop_map(str::to_string),
        ]
    }

    /// A value as someone might write it after a key: mostly one-line scalars.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => prop::sample::select(vec![
                "x", "中文", "3100", "-5", "12.5", "~", "null", "true", "yes", "007", "1e3", "+5",
                ".5", "0x1f", "True", "'it''s'", "'open", "\"a\\tb\"", "\"bad\\q\"", "[]", "{}",
                "[a]", "a: b", "a #b", "a#b", "&x", "*x", "!x", "|", "|-", ">", "- x", "2026-10-01",
                "2026-10-01T09:00:00+08:00", "http://x", "x:", "'a'  ", "\"a\" #c", "",
            ])
            .prop_map(str::to_string),
            1 => text(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Whatever inkdesk writes, the quick reader reads exactly as the full one does,
        /// or leaves it to the full one.
        #[test]
        fn tickets_read_alike(
            steps in prop::collection::vec((step(), 1i64..3000), 0..10),
            texts in prop::collection::vec(text(), 6),
        ) {
            let p = policy();
            let mut t = open(&p, "complaint", "2026-11-02 09:00", true, 5);
            play(&p, &mut t, "lina", &steps);
            t.title = texts[0].clone();
            t.description = texts[1].clone();
            t.customer.name = texts[2].clone();
            t.customer.phone = Some(texts[3].clone());
            t.checklist = vec![texts[4].clone(), texts[5].clone()];
            if let Some(e) = t.log.last_mut() {
                e.note = Some(texts[5].clone());
            }
            let written = crate::store::yaml::to_string(&t).expect("a ticket writes");
            let full: Ticket = serde_yaml::from_str(&written).expect("the full reader reads it");
            prop_assert_eq!(&full, &t);
            if let Some(quick) = read::<Ticket>(&written) {
                prop_assert_eq!(quick, full, "{}", written);
            }
        }

        /// On hand-made text, whatever the quick reader accepts, the full reader reads
        /// to the same value.
        #[test]
        fn hand_made_text_reads_alike_or_is_left_alone(
            entries in prop::collection::vec(
                (0usize..6, prop::sample::select(vec!["a", "b", "log", "x_1", "note", "id", "a b", "-"]), value(), value()),
                1..4,
            ),
        ) {
            let text: String = entries
                .iter()
                .map(|(shape, key, v, w)| match shape {
                    0 => format!("{key}: {v}\n"),
                    1 => format!("{key}:\n  a: {v}\n  b: {w}\n"),
                    2 => format!("{key}:\n- {v}\n- {w}\n"),
                    3 => format!("{key}: |\n  {}\n", v.replace('\n', "\n  ")),
                    4 => format!("{key}:\n- at: {v}\n  by: {w}\n- {w}\n"),
                    _ => format!("{key}: {v}\n  {w}\n"),
                })
                .collect();
            if let Some(quick) = read::<Value>(&text) {
                let full = serde_yaml::from_str::<Value>(&text);
                prop_assert!(full.is_ok(), "the full reader refuses what the quick one read:\n{}", text);
                prop_assert_eq!(quick, full.unwrap(), "{}", text);
            }
        }
    }

    #[test]
    fn what_inkdesk_writes_takes_the_quick_path() {
        let p = policy();
        let mut t = open(&p, "complaint", "2026-11-02 09:00", true, 5);
        let steps: Vec<_> = [
            crate::testkit::Step::Contact,
            crate::testkit::Step::Escalate,
            crate::testkit::Step::Resolve,
            crate::testkit::Step::Callback(Some(crate::model::Satisfaction::Satisfied)),
        ]
        .into_iter()
        .map(|s| (s, 60))
        .collect();
        play(&p, &mut t, "lina", &steps);
        t.title = "名片印错了 Business cards: wrong phone".into();
        t.description = "订单：GC-1\n客户说\"颜色\"不对\n".into();
        t.customer.phone = Some("13900001111".into());
        let written = crate::store::yaml::to_string(&t).expect("a ticket writes");
        assert_eq!(read::<Ticket>(&written), Some(t), "{written}");
    }

    #[test]
    fn scalars_are_typed_as_the_full_reader_types_them() {
        for (plain, want) in [
            ("~", Node::Null),
            ("null", Node::Null),
            ("true", Node::Bool(true)),
            ("3100", Node::Unsigned(3100)),
            ("-5", Node::Signed(-5)),
            ("12.5", Node::Float(12.5)),
            (
                "2026-10-01T09:00:00+08:00",
                Node::Text("2026-10-01T09:00:00+08:00".into()),
            ),
            ("yes", Node::Text("yes".into())),
        ] {
            assert_eq!(scalar(plain), Some(want), "{plain}");
        }
        for unsure in [
            "007", "1e3", "+5", ".5", "0x1f", ".inf", "True", "a: b", "a #b", "&x", "*x", "!x",
        ] {
            assert_eq!(scalar(unsure), None, "{unsure}");
        }
        assert_eq!(scalar("'it''s'"), Some(Node::Text("it's".into())));
        assert_eq!(scalar(r#""a\tb\u00e9""#), Some(Node::Text("a\tbé".into())));
        assert_eq!(scalar("'open"), None);
    }
}
