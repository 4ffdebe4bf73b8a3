//! The coded cells of an export in the words people read, and back: a workbook for a
//! manager says 投诉, 已关闭, 周强 and 超时 where the CSV says `complaint`, `closed`,
//! `zhou` and `missed`. Reading a workbook takes either: each cell of a coded column
//! that is one of the code's names (the code, its word in any language, another word
//! shops use, the desk's name for a kind or a person) becomes the code again; anything
//! else stays as written, for the export's own checks to judge.

use crate::i18n::Names;
use crate::i18n::words::{exactly, word};
use crate::model::{CHANNELS, Cause, MISSABLE, Priority, Remedy, Satisfaction, Status};
use crate::summary::history::{ON_TIME, actions};

/// What a coded column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coded {
    Kind,
    Person,
    /// A code of a catalogue group, one of a fixed set.
    Group(&'static str),
    /// Several codes of a group, separated by spaces in the CSV.
    List(&'static str),
}

/// The coded columns of the exports, by their codes-row name.
fn coded(column: &str) -> Option<Coded> {
    Some(match column {
        "kind" => Coded::Kind,
        "assignee" | "by" => Coded::Person,
        "priority" => Coded::Group("priority"),
        "status" => Coded::Group("status"),
        "cause" => Coded::Group("cause"),
        "remedy" => Coded::Group("remedy"),
        "satisfaction" => Coded::Group("satisfaction"),
        "action" => Coded::Group("action"),
        "deadline" => Coded::Group("deadline"),
        "channel" => Coded::Group("channel"),
        "on_time" => Coded::List("met"),
        _ => return None,
    })
}

/// The codes a group's cells take.
fn codes(group: &str) -> Vec<&'static str> {
    fn all<T: Copy>(set: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
        set.iter().map(|v| code(*v)).collect()
    }
    match group {
        "priority" => all(Priority::ALL, Priority::as_str),
        "status" => all(Status::ALL, Status::as_str),
        "cause" => all(Cause::ALL, Cause::as_str),
        "remedy" => all(Remedy::ALL, Remedy::as_str),
        "satisfaction" => all(Satisfaction::ALL, Satisfaction::as_str),
        "action" => actions().collect(),
        "deadline" => MISSABLE.to_vec(),
        "channel" => CHANNELS.to_vec(),
        "met" => ON_TIME.to_vec(),
        _ => Vec::new(),
    }
}

/// Returns the cell of `column` in the desk's words, or `None` when it is not a coded
/// column (or is empty) and stays as it is.
pub fn to_words(column: &str, cell: &str, names: &Names) -> Option<String> {
    if cell.is_empty() {
        return None;
    }
    Some(match coded(column)? {
        Coded::Kind => names.kind(cell),
        Coded::Person => names.person(cell),
        Coded::Group(group) => word(group, cell),
        Coded::List(group) => cell
            .split(' ')
            .filter(|c| !c.is_empty())
            .map(|c| word(group, c))
            .collect::<Vec<_>>()
            .join(&crate::i18n::tr("sep-choice", &[])),
    })
}

/// Returns the code a cell of `column` names, or `None` when it stays as written (not
/// a coded column, already a code, or no name of any code).
pub fn to_code(column: &str, cell: &str, names: &Names) -> Option<String> {
    let text = cell.trim();
    if text.is_empty() {
        return None;
    }
    match coded(column)? {
        Coded::Kind => names.kind_exactly(text),
        Coded::Person => names
            .staff
            .iter()
            .find(|(id, name)| id.eq_ignore_ascii_case(text) || name.trim() == text)
            .map(|(id, _)| id.clone()),
        Coded::Group(group) => exactly(group, &codes(group), text).map(str::to_string),
        Coded::List(group) => {
            let set = codes(group);
            let mut out = Vec::new();
            // Words are joined by either language's separator (an English word may
            // have spaces); codes by spaces.
            for part in text.split([',', '、', '，', ';', '；']).map(str::trim) {
                match exactly(group, &set, part) {
                    Some(code) => out.push(code),
                    None => out.extend(
                        part.split_whitespace()
                            .map(|p| exactly(group, &set, p).unwrap_or(p)),
                    ),
                }
            }
            Some(out.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, with_lang};

    fn names() -> Names {
        Names {
            staff: vec![
                ("zhou".into(), "周强".into()),
                ("lina".into(), "李娜".into()),
            ],
            kinds: [("complaint".to_string(), "投诉".to_string())].into(),
            ..Names::default()
        }
    }

    #[test]
    fn every_coded_cell_reads_back_as_its_code_in_either_language() {
        let names = names();
        let cells = [
            ("kind", "complaint"),
            ("assignee", "zhou"),
            ("by", "lina"),
            ("priority", "urgent"),
            ("status", "closed"),
            ("cause", "carrier"),
            ("remedy", "explain"),
            ("satisfaction", "neutral"),
            ("action", "missed"),
            ("action", "promise"),
            ("deadline", "promised"),
            ("on_time", "response resolution entry"),
        ];
        for lang in Lang::ALL {
            for (column, code) in cells {
                let shown = with_lang(lang, || to_words(column, code, &names)).unwrap();
                let back = to_code(column, &shown, &names).unwrap_or(shown.clone());
                assert_eq!(back, code, "{lang:?} {column}: {shown}");
                if lang == Lang::Zh {
                    assert_ne!(shown, code, "{column} has a word");
                }
            }
        }
        assert_eq!(
            with_lang(Lang::Zh, || to_words("on_time", "response entry", &names)),
            Some("首次联系、按时开单".into())
        );
    }

    #[test]
    fn a_cell_that_names_no_code_stays_as_written() {
        let names = names();
        assert_eq!(to_code("by", "import", &names), None);
        assert_eq!(to_code("title", "投诉", &names), None, "not a coded column");
        assert_eq!(to_code("status", "半关", &names), None);
        assert_eq!(to_code("kind", "", &names), None);
        assert_eq!(to_words("cause", "", &names), None);
        assert_eq!(
            to_code("status", "其它", &Names::default()),
            None,
            "a word of another group"
        );
        assert_eq!(
            to_code("cause", "其它", &Names::default()),
            Some("unknown".into())
        );
    }
}
