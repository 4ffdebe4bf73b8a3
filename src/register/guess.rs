//! Guesses for a register's example map: which field a heading most likely is
//! (`登记日期` → received, `联系电话` → phone), where the headings are, and which code a
//! sheet's word stands for. Only guesses: the map they start is checked by a person.

use crate::i18n::words::{Meant, meant};

/// Words a heading of each field holds, in Chinese and English, most telling first.
const HINTS: &[(&str, &[&str])] = &[
    (
        "received",
        &["登记日期", "来电日期", "日期", "时间", "date", "received"],
    ),
    (
        "resolved",
        &[
            "结案日期",
            "结案",
            "完成日期",
            "处理日期",
            "解决日期",
            "closed",
            "resolved",
        ],
    ),
    (
        "customer",
        &[
            "客户姓名",
            "客户",
            "姓名",
            "联系人",
            "customer",
            "name",
            "contact",
        ],
    ),
    (
        "company",
        &["单位", "公司", "company", "organisation", "organization"],
    ),
    ("phone", &["电话", "手机", "phone", "mobile", "tel"]),
    ("email", &["邮箱", "邮件", "email", "e-mail"]),
    ("vip", &["大客户", "vip"]),
    (
        "kind",
        &["类别", "类型", "分类", "kind", "type", "category"],
    ),
    (
        "title",
        &[
            "问题描述",
            "问题",
            "投诉内容",
            "内容",
            "事由",
            "title",
            "subject",
            "problem",
            "issue",
        ],
    ),
    (
        "description",
        &["备注", "说明", "详情", "description", "notes", "remarks"],
    ),
    ("job", &["工程单", "单号", "订单", "job", "order"]),
    ("product", &["产品", "品名", "product"]),
    ("quantity", &["数量", "quantity", "qty"]),
    (
        "assignee",
        &[
            "经办",
            "处理人",
            "负责人",
            "客服",
            "holder",
            "assignee",
            "handled by",
        ],
    ),
    ("department", &["部门", "department"]),
    ("status", &["状态", "进度", "status"]),
    ("cause", &["责任", "原因", "cause", "fault"]),
    ("remedy", &["处理方式", "措施", "remedy", "action"]),
    (
        "cost",
        &["赔偿", "金额", "费用", "cost", "amount", "compensation"],
    ),
    (
        "summary",
        &[
            "处理结果",
            "结果",
            "处理情况",
            "result",
            "outcome",
            "summary",
        ],
    ),
];

/// The field a heading most likely is, if any: the field whose hint it holds earliest
/// in the list (so `处理结果` is the summary and `处理方式` the remedy).
pub fn field_of(heading: &str) -> Option<&'static str> {
    let h = heading.trim().to_lowercase();
    if h.is_empty() {
        return None;
    }
    // The longest hint held wins: `处理结果` over `结果`, `客户姓名` over `客户`.
    HINTS
        .iter()
        .flat_map(|(field, hints)| hints.iter().map(move |hint| (*field, *hint)))
        .filter(|(_, hint)| h.contains(hint))
        .max_by_key(|(_, hint)| hint.chars().count())
        .map(|(field, _)| field)
}

/// The row of a register most likely its headings (counted from 0): within the first
/// rows, the one whose cells look most like headings (a field guessed, else merely
/// filled), title rows and banners above it passed over.
pub fn heading_row(rows: &[Vec<String>]) -> usize {
    let score = |row: &Vec<String>| {
        let guessed = row.iter().filter(|c| field_of(c).is_some()).count();
        let filled = row.iter().filter(|c| !c.trim().is_empty()).count();
        (guessed, filled)
    };
    rows.iter()
        .take(20)
        .enumerate()
        .max_by_key(|(i, row)| (score(row), std::cmp::Reverse(*i)))
        .map_or(0, |(i, _)| i)
}

/// The code a sheet's word stands for in a group, when it means exactly one.
pub fn code_for<'a>(group: &str, codes: &[&'a str], word: &str) -> Option<&'a str> {
    match meant(group, codes, word) {
        Meant::One(code) => Some(code),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_guessed_as_shops_write_them() {
        for (heading, field) in [
            ("登记日期", Some("received")),
            ("结案日期", Some("resolved")),
            ("客户", Some("customer")),
            ("联系电话", Some("phone")),
            ("处理结果", Some("summary")),
            ("处理方式", Some("remedy")),
            ("赔偿金额", Some("cost")),
            ("问题描述", Some("title")),
            ("Customer name", Some("customer")),
            ("序号", None),
        ] {
            assert_eq!(field_of(heading), field, "{heading}");
        }
    }

    #[test]
    fn the_heading_row_is_found_below_a_title() {
        let rows: Vec<Vec<String>> = [
            vec!["2026年投诉登记表", "", ""],
            vec!["序号", "日期", "客户"],
            vec!["1", "2026/11/3", "张丽"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        assert_eq!(heading_row(&rows), 1);
    }
}
