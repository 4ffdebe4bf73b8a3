//! The words people read, in the desk's language: one Fluent catalogue per language
//! (`locales/en.ftl`, `locales/zh.ftl`, compiled into the binary), messages looked up by
//! id with named arguments, and the language chosen once at start-up.
//!
//! This is the bottom layer: it knows no ticket, policy, file or terminal. Machine
//! formats (JSON, CSV, YAML, exit codes) never come from here; only what a person reads.
//! A message missing from a catalogue shows as its id, and a test keeps both catalogues'
//! ids identical and finds every id the code asks for.

pub mod format;
pub mod words;

use std::cell::Cell;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub use words::Names;

/// The languages inkdesk speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// Every language, in the order the catalogues are listed.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// Returns the code written in `inkdesk.yaml` and taken by `--lang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// Reads a language code: `en`, `zh`, locale names such as `zh_CN.UTF-8`, and the
    /// languages' names (`中文`, `english`).
    pub fn parse(text: &str) -> Option<Lang> {
        let lower = text.trim().to_ascii_lowercase();
        let base = lower.split(['_', '-', '.', '@']).next().unwrap_or_default();
        match base {
            "en" | "english" | "英文" | "英语" => Some(Lang::En),
            "zh" | "chinese" | "中文" | "汉语" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The catalogue of this language.
    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../../locales/en.ftl"),
            Lang::Zh => include_str!("../../locales/zh.ftl"),
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(text: &str) -> Result<Lang, String> {
        Lang::parse(text).ok_or_else(|| tr("err-lang-unknown", &[("value", text.into())]))
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

static CHOSEN: OnceLock<Lang> = OnceLock::new();

thread_local! {
    /// A language set for this thread only: unit tests of a language's output.
    static THREAD: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Chooses the language of this process; the first choice stays.
pub fn set(lang: Lang) {
    let _ = CHOSEN.set(lang);
}

/// Returns the language people read now (English until one is chosen).
pub fn lang() -> Lang {
    THREAD
        .with(Cell::get)
        .unwrap_or_else(|| CHOSEN.get().copied().unwrap_or_default())
}

/// Runs `f` with this thread speaking `lang` (for tests of one language's output).
pub fn with_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let before = THREAD.with(|t| t.replace(Some(lang)));
    let out = f();
    THREAD.with(|t| t.set(before));
    out
}

/// One named argument of a message.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Number(n as f64)
            }
        }
    )*};
}
number_arg!(u32, u64, i32, i64, usize, f64);

type Bundle = FluentBundle<FluentResource>;

/// The catalogue of a language, parsed once.
fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: [OnceLock<Bundle>; 2] = [OnceLock::new(), OnceLock::new()];
    let slot = &BUNDLES[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)];
    slot.get_or_init(|| {
        let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Terminals, CSV cells and commit messages must not get bidi isolation marks.
        bundle.set_use_isolating(false);
        let resource = match FluentResource::try_new(lang.source().to_string()) {
            Ok(r) => r,
            // A catalogue with a syntax error keeps the messages that did parse; the
            // catalogue test fails on the error itself.
            Err((r, _)) => r,
        };
        let _ = bundle.add_resource(resource);
        bundle
    })
}

/// Returns the message `id` in `lang` with `args`, or `None` when the catalogue lacks it.
pub fn lookup(lang: Lang, id: &str, args: &[(&str, Arg)]) -> Option<String> {
    let bundle = bundle(lang);
    let pattern = bundle.get_message(id)?.value()?;
    let mut fluent = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        match value {
            Arg::Text(s) => fluent.set(*name, FluentValue::from(s.as_str())),
            Arg::Number(n) => fluent.set(*name, FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, Some(&fluent), &mut errors)
            .into_owned(),
    )
}

/// Returns the message `id` in the current language (its id when it is missing).
pub fn tr(id: &str, args: &[(&str, Arg)]) -> String {
    tr_in(lang(), id, args)
}

/// Returns the message `id` in `lang` (its id when it is missing).
pub fn tr_in(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    lookup(lang, id, args).unwrap_or_else(|| id.to_string())
}

/// Looks up a message of the catalogue in the current language:
/// `t!("list-count", count = rows.len())`.
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::tr($id, &[])
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr($id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}
pub(crate) use t;

#[cfg(test)]
mod tests;
