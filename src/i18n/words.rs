//! Codes and the words people read for them: `complaint` is "投诉" on a Chinese desk,
//! `supervisor` is "主管", staff member `lina` is "李娜". Files, JSON and CSV keep the
//! codes; tables and messages show the words; flags take either (`--kind 投诉`).

use std::collections::BTreeMap;

use super::{Lang, format, lookup, tr};

/// Returns the word for `code` of a group (`status`, `cause` …): the catalogue's
/// `<group>-<code>`, or the code itself when the catalogue has no word for it.
pub fn word(group: &str, code: &str) -> String {
    let id = format!("{group}-{code}");
    lookup(super::lang(), &id, &[]).unwrap_or_else(|| code.to_string())
}

/// Finds which of `codes` a person meant by `text`: the code itself, or its word in
/// any language, case-insensitively.
pub fn code_of<'a>(group: &str, codes: &[&'a str], text: &str) -> Option<&'a str> {
    let wanted = text.trim().to_lowercase();
    if wanted.is_empty() {
        return None;
    }
    codes.iter().copied().find(|code| {
        code.to_lowercase() == wanted
            || Lang::ALL.iter().any(|lang| {
                lookup(*lang, &format!("{group}-{code}"), &[])
                    .is_some_and(|w| w.to_lowercase() == wanted)
            })
    })
}

/// Lists the words a flag takes for a group, in the current language (the codes are
/// taken too, but a person reads the words): `投诉、维修、咨询`.
pub fn choices(group: &str, codes: &[&str]) -> String {
    codes
        .iter()
        .map(|code| word(group, code))
        .collect::<Vec<_>>()
        .join(&tr("sep-choice", &[]))
}

/// Finds a level of `ladder` by number, name or its word in any language (`1`,
/// `supervisor`, `主管`).
pub fn level_of(ladder: &[String], text: &str) -> Option<u32> {
    if let Ok(n) = text.trim().parse::<u32>() {
        return ((n as usize) < ladder.len()).then_some(n);
    }
    let names: Vec<&str> = ladder.iter().map(String::as_str).collect();
    let code = code_of("level", &names, text)?;
    names.iter().position(|n| *n == code).map(|n| n as u32)
}

/// What the desk knows of its own names: staff, kinds, the ladder and the currency, so
/// that people read 李娜 rather than `lina`. Built from the policy and templates; empty
/// (codes shown as they are) for a review read from CSV alone.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Staff ids and names.
    pub staff: Vec<(String, String)>,
    /// Each kind's label from its template.
    pub kinds: BTreeMap<String, String>,
    /// The escalation ladder, level 0 first.
    pub ladder: Vec<String>,
    /// The shop's currency (ISO 4217 code).
    pub currency: Option<String>,
    /// The length of the shop's standard working day, in minutes.
    pub day_minutes: Option<i64>,
    /// The shop's time zone, for times people read.
    pub tz: Option<chrono_tz::Tz>,
}

impl Names {
    /// Returns the name of a person for people to read: the staff name, or what was
    /// written when they are not on the staff list.
    pub fn person(&self, id: &str) -> String {
        self.staff
            .iter()
            .find(|(sid, _)| sid.eq_ignore_ascii_case(id))
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// Returns the word for a kind: the catalogue's for the kinds inkdesk ships, the
    /// template's label for a shop's own kinds.
    pub fn kind(&self, code: &str) -> String {
        lookup(super::lang(), &format!("kind-{code}"), &[])
            .or_else(|| self.kinds.get(code).cloned())
            .unwrap_or_else(|| code.to_string())
    }

    /// Finds the kind meant by `text`: a code, a word in any language or a label.
    pub fn kind_code(&self, text: &str) -> Option<String> {
        let codes: Vec<&str> = self.kinds.keys().map(String::as_str).collect();
        if let Some(code) = code_of("kind", &codes, text) {
            return Some(code.to_string());
        }
        let wanted = text.trim().to_lowercase();
        self.kinds
            .iter()
            .find(|(_, label)| label.trim().to_lowercase() == wanted)
            .map(|(code, _)| code.clone())
    }

    /// Returns the word for a ladder level by number.
    pub fn level(&self, level: u32) -> String {
        match self.ladder.get(level as usize) {
            Some(name) => self.level_word(name),
            None => level.to_string(),
        }
    }

    /// Returns the word for a ladder level by its name in the policy.
    pub fn level_word(&self, name: &str) -> String {
        word("level", name)
    }

    /// Finds a ladder level by number, name or word in any language.
    pub fn level_of(&self, text: &str) -> Option<u32> {
        level_of(&self.ladder, text)
    }

    /// Lists the ladder for a hint: `0 坐席 (agent), 1 主管 (supervisor) …`.
    pub fn ladder_choices(&self) -> String {
        self.ladder
            .iter()
            .enumerate()
            .map(|(i, name)| format!("{i} {}", choices("level", &[name])))
            .collect::<Vec<_>>()
            .join(&tr("sep-choice", &[]))
    }

    /// Formats an amount in the shop's currency.
    pub fn money(&self, amount: f64) -> String {
        format::money(amount, self.currency.as_deref())
    }

    /// Formats an instant as the shop's local date and time (UTC without a shop).
    pub fn time<Z: chrono::TimeZone>(&self, t: chrono::DateTime<Z>) -> String {
        format::local(t, self.tz.unwrap_or(chrono_tz::UTC))
    }

    /// Formats working time in the shop's working days and hours.
    pub fn working(&self, minutes: i64) -> String {
        format::working(minutes, self.day_minutes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::with_lang;

    #[test]
    fn codes_are_found_from_either_language() {
        let codes = ["ours", "customer", "supplier"];
        assert_eq!(code_of("cause", &codes, "客户"), Some("customer"));
        assert_eq!(code_of("cause", &codes, "Customer"), Some("customer"));
        assert_eq!(code_of("cause", &codes, "ours"), Some("ours"));
        assert_eq!(code_of("cause", &codes, "nobody"), None);
    }

    #[test]
    fn names_show_people_and_levels_in_the_language() {
        let names = Names {
            staff: vec![("lina".into(), "李娜".into())],
            ladder: vec!["agent".into(), "supervisor".into(), "head".into()],
            ..Names::default()
        };
        assert_eq!(names.person("LINA"), "李娜");
        assert_eq!(names.person("tom"), "tom");
        with_lang(Lang::Zh, || {
            assert_eq!(names.level(1), "主管");
            assert_eq!(names.level(2), "head", "a shop's own level keeps its name");
        });
        assert_eq!(names.level_of("主管"), Some(1));
        assert_eq!(names.level_of("Supervisor"), Some(1));
        assert_eq!(names.level_of("2"), Some(2));
        assert_eq!(names.level_of("3"), None);
    }
}
