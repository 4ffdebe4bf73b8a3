//! The YAML codec: every call into the YAML crate is here, so it can be swapped without
//! touching anything else. Errors come back as `Problem`s with the field path and line.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::model::Problem;

mod fast;

/// A problem found while reading YAML, with the line when the parser knows it.
#[derive(Debug, Clone)]
pub struct YamlProblem {
    pub line: Option<usize>,
    pub problem: Problem,
}

/// Reads a value from YAML text: by the quick reader when the text keeps to what
/// inkdesk writes, by the full reader otherwise (and for every error).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlProblem> {
    match fast::read(text) {
        Some(read) => Ok(read),
        None => full(text),
    }
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
        YamlProblem {
            line,
            problem: Problem::new(field, friendlier(&message)),
        }
    })
}

/// Writes a value as YAML text.
pub fn to_string<T: Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_else(|e| format!("# could not serialise: {e}\n"))
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

fn friendlier(message: &str) -> String {
    if message.starts_with("input is out of range")
        || message.starts_with("input contains invalid characters")
        || message.starts_with("premature end of input")
    {
        return format!(
            "{message} (write times as 2026-11-02T14:30:00+08:00, dates as 2026-11-02)"
        );
    }
    message.to_string()
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
        assert_eq!(err.problem.field, "customer");
        assert!(err.problem.message.contains("unknown field `fax`"));
        let err = from_str::<Outer>("name: x\n").unwrap_err();
        assert_eq!(err.problem.field, "customer");
    }
}
