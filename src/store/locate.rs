//! Finds the line of a field path (`customer.phone`, `log[3].at`) in YAML text, so a
//! problem found after parsing still names the line a person must edit.
//!
//! Block-style YAML as inkdesk writes it and people hand-edit it; for anything it does
//! not follow (flow style) it returns the nearest enclosing line it found.

#[derive(Debug)]
enum Node<'a> {
    Item,
    Key(&'a str),
}

#[derive(Debug)]
struct Entry<'a> {
    line: usize,
    indent: usize,
    node: Node<'a>,
}

enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            out.push(Seg::Key(name));
        }
        while let Some(end) = rest.find(']') {
            if let Ok(n) = rest[1..end].parse() {
                out.push(Seg::Index(n));
            }
            rest = &rest[end + 1..];
        }
    }
    out
}

fn entries(text: &str) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let content = raw.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let mut indent = raw.len() - content.len();
        let mut content = content;
        while content == "-" || content.starts_with("- ") {
            out.push(Entry {
                line: i + 1,
                indent,
                node: Node::Item,
            });
            let rest = content[1..].trim_start_matches(' ');
            indent += content.len() - rest.len();
            content = rest;
        }
        if let Some(colon) = content.find(':') {
            let key = content[..colon].trim().trim_matches(['"', '\'']);
            let after = &content[colon + 1..];
            if !key.is_empty() && (after.is_empty() || after.starts_with(' ')) {
                out.push(Entry {
                    line: i + 1,
                    indent,
                    node: Node::Key(key),
                });
            }
        }
    }
    out
}

/// Returns the 1-based line of a field path, or of its nearest enclosing field found.
pub fn line_of(text: &str, path: &str) -> usize {
    let all = entries(text);
    let mut scope: &[Entry] = &all;
    let mut found = 1;
    for seg in segments(path) {
        let Some(first) = scope.first() else { break };
        let block = first.indent;
        let hit = scope.iter().enumerate().filter(|(_, e)| e.indent == block);
        let position = match seg {
            Seg::Key(k) => hit
                .filter(|(_, e)| matches!(e.node, Node::Key(name) if name == k))
                .map(|(i, _)| i)
                .next(),
            Seg::Index(n) => hit
                .filter(|(_, e)| matches!(e.node, Node::Item))
                .map(|(i, _)| i)
                .nth(n),
        };
        let Some(j) = position else { break };
        found = scope[j].line;
        let is_key = matches!(scope[j].node, Node::Key(_));
        let rest = &scope[j + 1..];
        let end = rest
            .iter()
            .position(|e| {
                !(e.indent > block || (is_key && e.indent == block && matches!(e.node, Node::Item)))
            })
            .unwrap_or(rest.len());
        scope = &rest[..end];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::line_of;

    const TICKET: &str = "id: X\ncustomer:\n  name: 王\n  phone: '1'\ndue:\n  response: a\nlog:\n- at: t0\n  by: li\n  action: opened\n- at: t1\n  by: li\n  action: note\n  note: |\n    hello\ndescription: d\n";

    #[test]
    fn finds_nested_keys_and_list_items() {
        assert_eq!(line_of(TICKET, "id"), 1);
        assert_eq!(line_of(TICKET, "customer.phone"), 4);
        assert_eq!(line_of(TICKET, "due.response"), 6);
        assert_eq!(line_of(TICKET, "log[0].at"), 8);
        assert_eq!(line_of(TICKET, "log[1].action"), 13);
        assert_eq!(line_of(TICKET, "log[1]"), 11);
        assert_eq!(line_of(TICKET, "description"), 16);
    }

    #[test]
    fn falls_back_to_the_nearest_parent() {
        assert_eq!(line_of(TICKET, "customer.fax"), 2);
        assert_eq!(line_of(TICKET, "log[9].at"), 7);
        assert_eq!(line_of(TICKET, "nothing"), 1);
    }

    #[test]
    fn handles_indented_sequences() {
        let text = "calendar:\n  days: [mon]\n  hours:\n    - 09:00-12:00\n    - 13:00-18:00\nstaff:\n  - id: a\n    role: x\n";
        assert_eq!(line_of(text, "calendar.hours[1]"), 5);
        assert_eq!(line_of(text, "staff[0].role"), 8);
    }
}
