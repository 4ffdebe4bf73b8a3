//! The YAML codec: every call into the YAML crate is here, so it can be swapped without
//! touching anything else. Errors come back as `Problem`s with the field path and line.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::i18n::t;
use crate::model::Problem;

mod fast;

/// A problem found while reading YAML, with the line when the parser knows it.
#[derive(Debug, Clone)]
pub struct YamlProblem {
    pub line: Option<usize>,
    pub problem: Problem,
}

/// How deep brackets (`[`, `{`) or sequence dashes may nest: far beyond any ticket, and
/// short of where the full reader's time grows with the square of the depth.
pub const MAX_DEPTH: usize = 64;

/// Finds the line where a text nests deeper than `MAX_DEPTH`, in one linear pass
/// (quoted text and comments do not count).
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (n, line) in text.lines().enumerate() {
        // Compact sequences ("- - - x") nest within a line.
        let dashes = line
            .trim_start()
            .split("- ")
            .take_while(|part| part.trim().is_empty())
            .count();
        if dashes > MAX_DEPTH {
            return Some(n + 1);
        }
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (quote, c) {
                (Some('\''), '\'') if chars.peek() == Some(&'\'') => {
                    chars.next();
                }
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some(n + 1);
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

/// Reads a value from YAML text: by the quick reader when the text keeps to what
/// inkdesk writes, by the full reader otherwise (and for every error).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlProblem> {
    if let Some(read) = fast::read(text) {
        return Ok(read);
    }
    // The quick reader follows no more than a bounded indentation and no flow
    // collections; the full reader is guarded against deep nesting.
    if let Some(line) = too_deep(text) {
        return Err(YamlProblem {
            line: Some(line),
            problem: Problem::new("(file)", t!("yaml-too-deep", max = MAX_DEPTH)),
        });
    }
    full(text)
}

/// Reads a value with the full YAML reader.
fn full<T: DeserializeOwned>(text: &str) -> Result<T, YamlProblem> {
    serde_yaml::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        let mut message = e.to_string();
        if let Some(cut) = message.rfind(" at line ") {
            message.truncate(cut);
        }
        let (field, message) = split_field(&message);
        let (line, field) = exact_key(text, line, field, &message);
        YamlProblem {
            line,
            problem: Problem::new(field, friendlier(&message)),
        }
    })
}

/// Writes a value as YAML text; a value that cannot be written is an error, never text.
///
/// The text reads the same in a YAML 1.1 reader (PyYAML) as in inkdesk: every string a
/// 1.1 reader would take for something else — `no`, `on`, `y` in any case, `12:30`,
/// `0123`, `2026-11-02`, `<<`, `~` … — is written in single quotes. The instants and
/// dates of the record (`at`, `opened`, the deadlines …) stay plain: a 1.1 reader takes
/// them for the timestamps they are.
pub fn to_string<T: Serialize>(value: &T) -> crate::error::Result<String> {
    let failed = |e: serde_yaml::Error| crate::error::Error::BadInput {
        field: "(yaml)".into(),
        message: t!("err-serialise", reason = e.to_string()),
        hint: None,
    };
    let mut tree = serde_yaml::to_value(value).map_err(failed)?;
    let mut quoted = Vec::new();
    mark_ambiguous(&mut tree, None, false, &mut quoted);
    let mut text = serde_yaml::to_string(&tree).map_err(failed)?;
    for (n, original) in quoted.iter().enumerate().rev() {
        let holder = placeholder(n);
        let single = format!("'{}'", original.replace('\'', "''"));
        for form in [
            format!("'{holder}'"),
            format!("\"{holder}\""),
            holder.clone(),
        ] {
            if text.contains(&form) {
                text = text.replace(&form, &single);
                break;
            }
        }
    }
    Ok(text)
}

fn placeholder(n: usize) -> String {
    format!("\u{E000}{n}\u{E001}")
}

/// Keys whose values are instants or dates of the record, written plain.
const TIMES: &[&str] = &["at", "received", "opened", "delivered"];

/// Replaces every string a YAML 1.1 reader would misread by a placeholder, noting the
/// original; `key` is the key of the value, `timely` whether its mapping holds times
/// (a `due` map, the from/to of a moved deadline or a promise).
fn mark_ambiguous(
    v: &mut serde_yaml::Value,
    key: Option<&str>,
    timely: bool,
    quoted: &mut Vec<String>,
) {
    use serde_yaml::Value;
    match v {
        Value::String(s) => {
            let is_time = chrono::DateTime::parse_from_rfc3339(s).is_ok()
                || chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok();
            let typed = key.is_some_and(|k| TIMES.contains(&k)) || timely;
            if ambiguous_in_yaml_1_1(s) && !(typed && is_time) {
                quoted.push(std::mem::replace(s, placeholder(quoted.len())));
            }
        }
        Value::Sequence(items) => {
            for item in items {
                mark_ambiguous(item, None, false, quoted);
            }
        }
        Value::Mapping(map) => {
            let moves_time = map
                .get("action")
                .and_then(Value::as_str)
                .is_some_and(|a| a == "due" || a == "promise");
            for (k, value) in map.iter_mut() {
                let k = k.as_str();
                // A `due` map holds deadlines; a moved deadline's or a promise's
                // from/to are times; inside a map of times, every value is one.
                let times =
                    timely || k == Some("due") || (moves_time && matches!(k, Some("from" | "to")));
                mark_ambiguous(value, k, times, quoted);
            }
        }
        Value::Tagged(t) => mark_ambiguous(&mut t.value, key, timely, quoted),
        _ => {}
    }
}

/// Whether a YAML 1.1 reader would take this plain text for something other than a
/// string: a boolean (yes/no/on/off/y/n/true/false in any case), a null, a number of
/// any base or sexagesimal, a date or timestamp, the merge key `<<` or the value key
/// `=`; or text a reader would not take back as plain at all (empty).
pub fn ambiguous_in_yaml_1_1(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", "<<", "=",
    ];
    if s.is_empty() || WORDS.contains(&lower.as_str()) {
        return true;
    }
    let body = lower.trim_start_matches(['+', '-']);
    if matches!(body, ".inf" | ".nan") {
        return true;
    }
    // Numbers of every base, sexagesimal numbers, dates and timestamps: a digit (or a
    // sign or a point before one) first, then only what such a value is made of.
    let starts = body.starts_with(|c: char| c.is_ascii_digit())
        || (body.starts_with('.') && body[1..].starts_with(|c: char| c.is_ascii_digit()));
    starts
        && s.chars().all(|c| {
            c.is_ascii_hexdigit()
                || matches!(
                    c,
                    '_' | ':'
                        | '.'
                        | '+'
                        | '-'
                        | 'x'
                        | 'X'
                        | 'o'
                        | 'O'
                        | 'T'
                        | 't'
                        | 'Z'
                        | 'z'
                        | ' '
                )
        })
}

/// The exact key and line a problem is about. The reader names the map (`limits`) and
/// the map's first line when one of our own types (a duration, a word) refuses a value
/// inside it, and the map when a key inside it is unknown: the key is the one whose
/// value the message quotes (or the unknown key itself), found among the map's lines.
fn exact_key(
    text: &str,
    line: Option<usize>,
    field: String,
    message: &str,
) -> (Option<usize>, String) {
    let Some(start) = line.filter(|_| !field.starts_with('(') && !field.contains('[')) else {
        return (line, field);
    };
    let quoted = message.split('`').nth(1).unwrap_or_default();
    let unknown = message.starts_with("unknown field ");
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let Some(first) = lines.get(start.saturating_sub(1)) else {
        return (line, field);
    };
    let depth = indent(first);
    if depth == 0 || quoted.is_empty() {
        return (line, field);
    }
    for (n, l) in lines.iter().enumerate().skip(start - 1) {
        if !l.trim().is_empty() && indent(l) < depth {
            break;
        }
        if indent(l) != depth {
            continue;
        }
        let Some((key, value)) = l.trim().split_once(':') else {
            continue;
        };
        let value = value.split(" #").next().unwrap_or_default().trim();
        let value = value.trim_matches(|c| c == '\'' || c == '"');
        let hit = if unknown {
            key == quoted
        } else {
            value == quoted
        };
        if hit && field.rsplit('.').next() != Some(key) {
            return (Some(n + 1), format!("{field}.{key}"));
        }
    }
    (line, field)
}

/// Splits `customer.phone: invalid type …` into the field path and the message.
fn split_field(message: &str) -> (String, String) {
    if let Some((head, rest)) = message.split_once(": ") {
        let looks_like_path = !head.is_empty()
            && !head.contains(' ')
            && head
                .chars()
                .all(|c| c.is_alphanumeric() || "._[]-".contains(c));
        if looks_like_path {
            return (head.to_string(), rest.to_string());
        }
    }
    let field = message
        .split('`')
        .nth(1)
        .filter(|_| message.starts_with("missing field") || message.starts_with("unknown field"))
        .unwrap_or("(file)")
        .to_string();
    (field, message.to_string())
}

/// Puts what the YAML reader and serde say into the current language: the usual
/// problems (an unknown or missing key, a wrong type, a word that is not one of the
/// allowed ones, a bad time) get their own sentence; anything else is quoted.
fn friendlier(message: &str) -> String {
    let quoted = |text: &str| -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let list = |items: &[String]| items.join(&crate::i18n::tr("sep-choice", &[]));
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let q = quoted(rest);
        if let Some((field, allowed)) = q.split_first() {
            return t!(
                "yaml-unknown-field",
                field = field.as_str(),
                allowed = list(allowed)
            );
        }
    }
    if let Some(rest) = message.strip_prefix("missing field ")
        && let Some(field) = quoted(rest).first()
    {
        return t!("yaml-missing-field", field = field.as_str());
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let q = quoted(rest);
        if let Some((value, allowed)) = q.split_first() {
            return t!(
                "yaml-unknown-variant",
                value = value.as_str(),
                allowed = list(allowed)
            );
        }
    }
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return t!(
            "yaml-invalid-type",
            found = type_word(found),
            expected = type_word(expected)
        );
    }
    if let Some(rest) = message.strip_prefix("duplicate field ")
        && let Some(field) = quoted(rest).first()
    {
        return t!("yaml-duplicate-field", field = field.as_str());
    }
    if message.starts_with("duplicate entry") {
        return t!(
            "yaml-duplicate-field",
            field = quoted(message).first().map_or("", |f| f.as_str())
        );
    }
    if let Some(name) = message.strip_prefix("data did not match any variant of untagged enum ") {
        return match name.trim() {
            "Workday" => t!("yaml-workday-form"),
            _ => t!("yaml-no-form"),
        };
    }
    if message.starts_with("input is out of range")
        || message.starts_with("input contains invalid characters")
        || message.starts_with("premature end of input")
        || message.starts_with("trailing input")
    {
        return t!("yaml-bad-time");
    }
    // Our own types (durations, ids, words) explain themselves in the current language;
    // the YAML reader's syntax errors are quoted as it words them.
    const SYNTAX: &[&str] = &[
        "did not find",
        "while parsing",
        "while scanning",
        "mapping values",
        "cannot start any token",
        "could not find expected",
        "unexpected end",
        "not allowed",
        "duplicate entry",
        "tab character",
        "recursion limit",
    ];
    // The hand edits that usually break a file, each with what to do about it.
    const USUAL: &[(&str, &str)] = &[
        ("control characters are not allowed", "yaml-control-char"),
        ("tab character", "yaml-tab"),
        ("mapping values are not allowed", "yaml-colon-in-value"),
        ("could not find expected ':'", "yaml-indent"),
        ("did not find expected key", "yaml-indent"),
        ("cannot start any token", "yaml-bad-start"),
    ];
    if let Some((_, id)) = USUAL.iter().find(|(p, _)| message.contains(p)) {
        return crate::i18n::tr(id, &[]);
    }
    if message.contains("unexpected end of stream") && message.contains("quoted scalar") {
        return t!("yaml-unclosed-quote");
    }
    if SYNTAX.iter().any(|p| message.contains(p)) {
        return t!("yaml-syntax", message = message);
    }
    message.to_string()
}

/// serde's name for a kind of value (`a string`, `sequence`, `u32`, `integer `5``) in
/// the current language, with the value it quotes.
fn type_word(serde_name: &str) -> String {
    let name = serde_name
        .trim()
        .trim_start_matches("a ")
        .trim_start_matches("an ");
    let value = name
        .split('`')
        .nth(1)
        .map(|v| format!(" `{v}`"))
        .unwrap_or_default();
    let head = name.split([' ', '`']).next().unwrap_or_default();
    let id = match head {
        "string" | "str" | "char" => "type-text",
        "u8" | "u16" | "u32" | "u64" | "usize" => "type-count",
        "integer" | "i8" | "i16" | "i32" | "i64" | "isize" => "type-whole",
        "floating" | "f32" | "f64" => "type-number",
        "boolean" | "bool" => "type-boolean",
        "sequence" => "type-list",
        "map" | "struct" => "type-map",
        "unit" | "null" | "option" => "type-empty",
        _ => return serde_name.to_string(),
    };
    format!("{}{value}", crate::i18n::tr(id, &[]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        phone: String,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        customer: Inner,
    }

    #[test]
    fn problems_name_the_field_and_line() {
        let err = from_str::<Outer>("name: x\ncustomer:\n  phone: '1'\n  fax: 2\n").unwrap_err();
        assert_eq!(err.line, Some(4));
        assert_eq!(
            err.problem.field, "customer.fax",
            "the exact key, from its line"
        );
        assert!(err.problem.message.contains("unknown field `fax`"));
        // A key's own type refusing its value: the reader names the map, the line the key.
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Limits {
            limits: std::collections::BTreeMap<String, crate::policy::Span>,
        }
        let err = from_str::<Limits>(
            "limits:
  response: 1wh
  warning: soon
",
        )
        .unwrap_err();
        assert_eq!(
            (err.line, err.problem.field.as_str()),
            (Some(3), "limits.warning")
        );
        let err = from_str::<Outer>("name: x\n").unwrap_err();
        assert_eq!(err.problem.field, "customer");
    }
}

#[cfg(test)]
mod quoting {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn what_a_yaml_1_1_reader_would_misread_is_quoted() {
        for s in [
            "No",
            "no",
            "y",
            "N",
            "on",
            "OFF",
            "Yes",
            "12:30",
            "2026-11-02",
            "<<",
            "~",
            "null",
            "0123",
            "1_000",
            "0x1F",
            "1e3",
            ".inf",
            "-.5",
            "+1",
            "=",
            "",
            "2026-11-02T10:00:00",
        ] {
            assert!(ambiguous_in_yaml_1_1(s), "{s}");
            let text = to_string(&vec![s.to_string()]).unwrap();
            assert!(text.starts_with("- '"), "{s}: {text}");
            let back: Vec<String> = from_str(&text).unwrap();
            assert_eq!(back, vec![s.to_string()]);
        }
        for s in [
            "王先生",
            "Cover colour is off",
            "3000张传单",
            "None of it",
            "Nokia",
        ] {
            assert!(!ambiguous_in_yaml_1_1(s), "{s}");
        }
    }

    proptest! {
        #[test]
        fn any_text_reads_back_as_written(
            texts in prop::collection::vec("[ -~\u{4e00}-\u{4e20}]{0,12}|(yes|No|on|y|N|~|<<|=|12:30|0[0-7]{1,3}|[0-9]{4}-[0-9]{2}-[0-9]{2})", 1..6)
        ) {
            let text = to_string(&texts).unwrap();
            let back: Vec<String> = from_str(&text).unwrap();
            prop_assert_eq!(back, texts);
        }
    }
}
