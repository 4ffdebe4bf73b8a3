//! Whether a phone number or an e-mail address has the form of one. A callback needs a
//! way to reach the customer: `abc` and `notanemail` are not one.

use super::typed::narrowed;

/// A phone number as shops write them: digits, with spaces, `-`, `.` or brackets
/// between them, `+` before a country code (`+86 138 0013 8000`, `(0755) 2688-1234`),
/// and an extension after `转`, `ext` or `x` (`0755-26881234转808`); full-width digits
/// count. Between 5 and 20 digits before the extension.
pub fn phone_is_plausible(text: &str) -> bool {
    let text = narrowed(text.trim());
    let lower = text.to_lowercase();
    let (main, extension) = match ["转", "ext.", "ext", "x"]
        .iter()
        .find_map(|sep| lower.split_once(sep))
    {
        Some((main, extension)) => (main, Some(extension.trim())),
        None => (lower.as_str(), None),
    };
    if extension.is_some_and(|e| e.is_empty() || !e.chars().all(|c| c.is_ascii_digit())) {
        return false;
    }
    let main = main.trim();
    let body = main.strip_prefix('+').unwrap_or(main);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    body.chars()
        .all(|c| c.is_ascii_digit() || " -.()".contains(c))
        && body
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '(')
        && (5..=20).contains(&digits)
}

/// An e-mail address in the form of one: `local@domain.tld`, no spaces, one `@`, a
/// domain of dot-separated labels (letters, digits, `-`; any script), the last of two
/// characters or more.
pub fn email_is_plausible(text: &str) -> bool {
    let text = text.trim();
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
        && !local.starts_with('.')
        && !local.ends_with('.')
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_as_shops_write_them() {
        for good in [
            "13800138000",
            "138 0013 8000",
            "+86 138 0013 8000",
            "0755-26881234",
            "(0755) 2688-1234",
            "+852 2523 7788",
            "0755-26881234转808",
            "021 6288 1199 ext. 12",
            "１３８００１３８０００",
            "95588",
        ] {
            assert!(phone_is_plausible(good), "{good}");
        }
        for bad in [
            "abc",
            "",
            "1234",
            "138-abc-8000",
            "+",
            "++86 138",
            "13800138000转",
            "电话",
            "123456789012345678901",
            "-13800138000",
        ] {
            assert!(!phone_is_plausible(bad), "{bad}");
        }
    }

    #[test]
    fn emails_have_the_form_of_one() {
        for good in [
            "wang@example.com",
            "li.na+shop@mail.example.cn",
            "张@例子.中国",
        ] {
            assert!(email_is_plausible(good), "{good}");
        }
        for bad in [
            "notanemail",
            "@example.com",
            "wang@",
            "wang@example",
            "wang@@example.com",
            "wang @example.com",
            "wang@example.c",
            "wang@.example.com",
            "wang@exa mple.com",
            ".wang@example.com",
        ] {
            assert!(!email_is_plausible(bad), "{bad}");
        }
    }
}
