//! The catalogues hold together: both parse, both have the same messages with the same
//! arguments, and every message the code asks for by a literal id exists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;

use super::Lang;

/// Every message id of a catalogue with the variables its text uses.
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(lang.source())
        .unwrap_or_else(|(_, errors)| panic!("locales/{}.ftl: {errors:?}", lang.code()));
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            let id = m.id.name.to_string();
            assert!(
                out.insert(id.clone(), vars).is_none(),
                "locales/{}.ftl: {id} is defined twice",
                lang.code()
            );
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(inline) => inline_vars(inline, vars),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
    }
}

fn inline_vars(e: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
        }
        _ => {}
    }
}

#[test]
fn both_catalogues_have_the_same_messages_and_arguments() {
    let en = messages(Lang::En);
    let zh = messages(Lang::Zh);
    let only_en: Vec<&String> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    let only_zh: Vec<&String> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(
        only_en.is_empty(),
        "missing from locales/zh.ftl: {only_en:?}"
    );
    assert!(
        only_zh.is_empty(),
        "missing from locales/en.ftl: {only_zh:?}"
    );
    for (id, vars) in &en {
        assert_eq!(
            vars, &zh[id],
            "{id}: the two languages use different arguments"
        );
    }
}

/// Collects the literal id of every `t!(…)` in the source files below `dir`.
fn literal_ids(dir: &Path, out: &mut BTreeSet<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            literal_ids(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("read source");
            for (i, _) in text.match_indices("t!(") {
                let rest = text[i + 3..].trim_start();
                let Some(rest) = rest.strip_prefix('"') else {
                    continue;
                };
                let id: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                if rest[id.len()..].starts_with('"') && !id.is_empty() && id != "id" {
                    out.insert((id, path.display().to_string()));
                }
            }
        }
    }
}

#[test]
fn every_message_the_code_asks_for_exists() {
    let en = messages(Lang::En);
    let mut used = BTreeSet::new();
    literal_ids(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut used,
    );
    assert!(used.len() > 100, "the scan finds the messages");
    let missing: Vec<String> = used
        .iter()
        .filter(|(id, _)| !en.contains_key(id))
        .map(|(id, file)| format!("{id} ({file})"))
        .collect();
    assert!(missing.is_empty(), "not in the catalogues: {missing:?}");
}

#[test]
fn the_language_is_read_from_codes_and_locale_names() {
    assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
    assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
    assert_eq!(Lang::parse("EN-us"), Some(Lang::En));
    assert_eq!(Lang::parse("中文"), Some(Lang::Zh));
    assert_eq!(Lang::parse("fr"), None);
}

#[test]
fn arguments_are_filled_in_without_isolation_marks() {
    let text = super::with_lang(Lang::Zh, || crate::i18n::t!("dur-working-days", n = 3));
    assert_eq!(text, "3个工作日");
    assert!(!text.contains('\u{2068}'));
}
