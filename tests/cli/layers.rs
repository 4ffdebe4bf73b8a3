//! The house's rules, read from the sources: each layer imports only the layers below
//! it (ARCHITECTURE.md draws them), and only the store touches files or runs git.

use std::path::{Path, PathBuf};

/// The layers of `src/`, bottom first, as ARCHITECTURE.md draws them; a layer may use
/// those on its own floor or below.
const FLOORS: &[(&str, u32)] = &[
    ("i18n", 1),
    ("error", 2),
    ("model", 3),
    ("policy", 4),
    ("lifecycle", 5),
    ("summary", 6),
    ("register", 6),
    ("report", 7),
    ("notify", 7),
    ("store", 8),
    ("demo", 8),
    ("context", 9),
    ("cli", 10),
];

/// Every source file of `src/` with the code that is not a test's (a file of tests, or
/// what follows a file's `#[cfg(test)]`).
fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name != "tests.rs" && name != "testkit.rs"
        })
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let code = match text.find("#[cfg(test)]") {
                Some(at) => text[..at].to_string(),
                None => text,
            };
            (p.strip_prefix(&src).unwrap().to_path_buf(), code)
        })
        .collect()
}

/// The top-level module a file of `src/` belongs to.
fn layer_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

fn floor(layer: &str) -> Option<u32> {
    FLOORS.iter().find(|(l, _)| *l == layer).map(|(_, f)| *f)
}

#[test]
fn no_layer_imports_one_above_it() {
    let mut up = Vec::new();
    for (rel, code) in sources() {
        let layer = layer_of(&rel);
        let Some(own) = floor(&layer) else {
            // lib.rs and main.rs stand above every layer; any other module must be
            // given its floor here (and in ARCHITECTURE.md).
            assert!(
                ["lib", "main", "testkit"].contains(&layer.as_str()),
                "{layer} has no floor in FLOORS"
            );
            continue;
        };
        for (at, _) in code.match_indices("crate::") {
            let used: String = code[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if let Some(theirs) = floor(&used)
                && theirs > own
            {
                up.push(format!("{} uses crate::{used}", rel.display()));
            }
        }
    }
    assert!(up.is_empty(), "imports that run up:\n{}", up.join("\n"));
}

#[test]
fn only_the_store_touches_files_or_runs_git() {
    let forbidden = [
        "std::fs",
        "fs::read",
        "fs::write",
        "File::open",
        "File::create",
        "OpenOptions",
        "remove_file",
        "create_dir",
        "read_dir",
        "Command::new(\"git\")",
        "git::run",
    ];
    let mut found = Vec::new();
    for (rel, code) in sources() {
        if layer_of(&rel) == "store" {
            continue;
        }
        for word in forbidden {
            if code.contains(word) {
                found.push(format!("{}: {word}", rel.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "files or git outside src/store/ (add a function to the store):\n{}",
        found.join("\n")
    );
}

#[test]
fn only_notify_send_reaches_the_network() {
    let mut found = Vec::new();
    for (rel, code) in sources() {
        let allowed = rel == Path::new("notify/send.rs");
        for word in ["ureq", "TcpStream", "UdpSocket"] {
            if code.contains(word) && !allowed {
                found.push(format!("{}: {word}", rel.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the network outside src/notify/send.rs:\n{}",
        found.join("\n")
    );
}

/// The commands `inkdesk --help` lists.
fn commands() -> Vec<String> {
    let desk = crate::harness::TestDesk::empty();
    let help = desk
        .ok("2026-11-02T09:00:00+08:00", &["--lang", "en", "--help"])
        .stdout;
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|name| name != "help")
        .collect()
}

/// Every command has its test module, `tests/cli/<command>.rs`, and the screens'
/// snapshots know it (its help in both languages).
#[test]
fn every_command_has_a_test_module() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    let main = std::fs::read_to_string(dir.join("main.rs")).unwrap();
    let commands = commands();
    assert!(commands.len() > 20, "{commands:?}");
    for name in &commands {
        let module = name.replace('-', "_");
        assert!(
            dir.join(format!("{module}.rs")).is_file() && main.contains(&format!("mod {module};")),
            "`{name}` has no test module: add tests/cli/{module}.rs"
        );
        assert!(
            crate::screens::COMMANDS.contains(&name.as_str()),
            "`{name}` is not among the screens' commands"
        );
    }
}
