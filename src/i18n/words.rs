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

/// What a person's word turned out to mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meant<T> {
    /// One code (or name) of the set.
    One(T),
    /// Several begin with what was typed: these.
    Ambiguous(Vec<T>),
    /// None of them.
    Unknown,
}

/// Other words shops use for a code, in either language: typed as readily as the
/// catalogue's own word (`--kind 重印` for 重印退换, `--cause 其他` for 不明).
const ALSO: &[(&str, &str, &[&str])] = &[
    ("kind", "complaint", &["客诉", "complain"]),
    (
        "kind",
        "reprint",
        &[
            "重印",
            "退换",
            "重做",
            "质量问题",
            "return",
            "exchange",
            "quality",
        ],
    ),
    (
        "kind",
        "delivery",
        &["催货", "交货", "送货", "chase", "late delivery"],
    ),
    ("kind", "onsite", &["上门", "on-site", "site visit"]),
    (
        "kind",
        "consult",
        &["询问", "问询", "question", "enquiry", "inquiry"],
    ),
    ("kind", "repair", &["报修"]),
    ("kind", "suggestion", &["意见", "idea"]),
    ("cause", "ours", &["本公司", "我司", "公司", "shop"]),
    (
        "cause",
        "carrier",
        &["物流", "快递", "运输", "courier", "shipping", "logistics"],
    ),
    (
        "cause",
        "unknown",
        &["其他", "其它", "未知", "不清楚", "other"],
    ),
    ("remedy", "explain", &["解释", "说明", "explanation"]),
    ("remedy", "discount", &["打折", "优惠"]),
    ("remedy", "reprint", &["重做", "redo"]),
    ("remedy", "none", &["不处理", "nothing"]),
    (
        "status",
        "open",
        &["待处理", "未处理", "in progress", "pending"],
    ),
    ("status", "waiting", &["等待", "挂起", "on hold"]),
    ("status", "resolved", &["已处理", "done"]),
    ("status", "closed", &["已结案", "结案", "完结"]),
    ("level", "agent", &["客服", "专员", "clerk"]),
    ("level", "supervisor", &["客服主管", "lead"]),
    ("level", "manager", &["总经理", "老板", "boss"]),
    ("satisfaction", "satisfied", &["满意"]),
    ("satisfaction", "dissatisfied", &["不满意"]),
];

/// Every name a code goes by: the code, its word in every language, its other words.
fn names_of(group: &str, code: &str) -> Vec<String> {
    let mut names = vec![code.to_lowercase()];
    for lang in Lang::ALL {
        if let Some(w) = lookup(lang, &format!("{group}-{code}"), &[]) {
            names.push(w.to_lowercase());
        }
    }
    for (g, c, also) in ALSO {
        if *g == group && *c == code {
            names.extend(also.iter().map(|w| w.to_lowercase()));
        }
    }
    names
}

/// Finds which of a set a person meant by `text`, given every name each goes by: the
/// one a name of which is `text` (case-insensitively); else the one whose name begins
/// with it, when only one does.
pub fn meant_among<T: Clone + PartialEq>(
    text: &str,
    candidates: impl IntoIterator<Item = (T, Vec<String>)>,
) -> Meant<T> {
    let wanted = text.trim().to_lowercase();
    if wanted.is_empty() {
        return Meant::Unknown;
    }
    let mut begins: Vec<T> = Vec::new();
    for (value, names) in candidates {
        if names.contains(&wanted) {
            return Meant::One(value);
        }
        if names.iter().any(|n| n.starts_with(&wanted)) && !begins.contains(&value) {
            begins.push(value);
        }
    }
    match begins.len() {
        0 => Meant::Unknown,
        1 => Meant::One(begins.remove(0)),
        _ => Meant::Ambiguous(begins),
    }
}

/// Finds which of `codes` a person meant by `text`: the code, its word in either
/// language or another word shops use for it, or the start of one of those that only
/// one code has.
pub fn meant<'a>(group: &str, codes: &[&'a str], text: &str) -> Meant<&'a str> {
    meant_among(text, codes.iter().map(|c| (*c, names_of(group, c))))
}

/// The code `text` means, when it means exactly one.
pub fn code_of<'a>(group: &str, codes: &[&'a str], text: &str) -> Option<&'a str> {
    match meant(group, codes, text) {
        Meant::One(code) => Some(code),
        _ => None,
    }
}

/// The code of `codes` one of whose names is `text` exactly (case aside): for reading
/// cells, where a start of a word is not taken for the word.
pub fn exactly<'a>(group: &str, codes: &[&'a str], text: &str) -> Option<&'a str> {
    let wanted = text.trim().to_lowercase();
    codes
        .iter()
        .find(|c| names_of(group, c).contains(&wanted))
        .copied()
}

/// The one code of `codes` a name of which (of two characters or more) a free text
/// mentions: `解释说明后客户接受` mentions 解释说明, `已重印` 重印. None when the text
/// mentions none, or names of more than one.
pub fn mentioned<'a>(group: &str, codes: &[&'a str], text: &str) -> Option<&'a str> {
    let text = text.to_lowercase();
    let mut found = codes.iter().copied().filter(|c| {
        names_of(group, c)
            .iter()
            .any(|n| n.chars().count() >= 2 && text.contains(n.as_str()))
    });
    match (found.next(), found.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// The kinds inkdesk ships, which the catalogues name.
pub const SHIPPED_KINDS: [&str; 7] = [
    "complaint",
    "repair",
    "onsite",
    "consult",
    "reprint",
    "delivery",
    "suggestion",
];

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
    // (a level's start that several share, such as `m`, means none)
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

    /// Finds the kind meant by `text`: a code, a word in any language, another word
    /// shops use, a template's label, or the start of one of those.
    pub fn kind_meant(&self, text: &str) -> Meant<String> {
        meant_among(
            text,
            self.kinds.iter().map(|(code, label)| {
                let mut names = names_of("kind", code);
                names.push(label.trim().to_lowercase());
                (code.clone(), names)
            }),
        )
    }

    /// The kind `text` means, when it means exactly one.
    pub fn kind_code(&self, text: &str) -> Option<String> {
        match self.kind_meant(text) {
            Meant::One(code) => Some(code),
            _ => None,
        }
    }

    /// The kind one of whose names is `text` exactly: a code, a word in any language,
    /// another word shops use, or a template's label (the desk's kinds, or the kinds
    /// inkdesk ships where no desk is at hand).
    pub fn kind_exactly(&self, text: &str) -> Option<String> {
        let wanted = text.trim().to_lowercase();
        let named = |code: &str, label: Option<&String>| {
            names_of("kind", code).contains(&wanted)
                || label.is_some_and(|l| l.trim().to_lowercase() == wanted)
        };
        match self.kinds.is_empty() {
            false => self
                .kinds
                .iter()
                .find(|(code, label)| named(code, Some(label)))
                .map(|(code, _)| code.clone()),
            true => SHIPPED_KINDS
                .iter()
                .find(|code| named(code, None))
                .map(|code| code.to_string()),
        }
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
    fn a_result_written_in_words_mentions_its_remedy() {
        let codes = ["reprint", "refund", "discount", "repair", "explain"];
        for (text, code) in [
            ("已重印", Some("reprint")),
            ("解释说明后客户接受", Some("explain")),
            ("退款", Some("refund")),
            ("Refunded in full", Some("refund")),
            ("重印并退款", None),
            ("客户不再追究", None),
        ] {
            assert_eq!(mentioned("remedy", &codes, text), code, "{text}");
        }
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

    #[test]
    fn a_word_means_a_code_by_its_name_another_word_or_a_start_only_it_has() {
        let kinds = ["complaint", "reprint", "consult", "onsite", "delivery"];
        for (text, wanted) in [
            ("重印退换", Meant::One("reprint")),
            ("重印", Meant::One("reprint")),
            ("质量问题", Meant::One("reprint")),
            ("上门", Meant::One("onsite")),
            ("COMPL", Meant::One("complaint")),
            ("co", Meant::Ambiguous(vec!["complaint", "consult"])),
            ("印刷", Meant::Unknown),
            ("", Meant::Unknown),
        ] {
            assert_eq!(meant("kind", &kinds, text), wanted, "{text}");
        }
        let causes = ["ours", "customer", "supplier", "carrier", "unknown"];
        assert_eq!(meant("cause", &causes, "其他"), Meant::One("unknown"));
        // A whole name wins over the start of another's: 客户 is the customer, not 客诉.
        assert_eq!(meant("cause", &causes, "客户"), Meant::One("customer"));
    }
}
