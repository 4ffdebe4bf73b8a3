//! The ticket and its parts: types and their serde form, with no I/O.
//!
//! The field names and their order are the file format (README, "The file format").

pub mod commitments;
pub mod contact;
pub mod due;
pub mod event;
pub mod fnv;
pub mod id;
pub mod merge;
pub mod message;
pub mod money;
pub mod period;
pub mod ticket;
pub mod time;
pub mod typed;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use due::{DEADLINES, Due, MISSABLE, NO_PROMISE};
pub use event::{Action, Event};
pub use id::Id;
pub use money::Money;
pub use ticket::{Customer, Order, Resolution, Ticket};

/// The ways a complaint comes in (投诉渠道): a visit, a call, a letter, the comment book,
/// online (a website, a chat, an e-mail).
pub const CHANNELS: [&str; 5] = ["visit", "phone", "letter", "book", "online"];

macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident in $group:literal { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in order.
            pub const ALL: &[$name] = &[$($name::$variant),+];

            /// Returns the word used in files and flags.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// Returns the word people read for it, in the current language.
            pub fn label(self) -> String {
                crate::i18n::words::word($group, self.as_str())
            }

            /// Reads the code used in files and flags, or its word in either language.
            pub fn parse(text: &str) -> Result<$name, String> {
                let codes = [$($word),+];
                match text.trim().to_ascii_lowercase().as_str() {
                    $($word => Ok($name::$variant),)+
                    _ => match crate::i18n::words::meant($group, &codes, text) {
                        $(crate::i18n::words::Meant::One($word) => Ok($name::$variant),)+
                        crate::i18n::words::Meant::Ambiguous(some) => Err(crate::i18n::t!(
                            "err-ambiguous-word",
                            value = text,
                            choices = crate::i18n::words::choices($group, &some)
                        )),
                        _ => Err(crate::i18n::t!(
                            "err-not-one-of",
                            value = text,
                            choices = crate::i18n::words::choices($group, &codes)
                        )),
                    },
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(text: &str) -> Result<$name, String> { $name::parse(text) }
        }
    };
}

word_enum!(
    /// Where a ticket is in its lifecycle.
    Status in "status" { Open => "open", Waiting => "waiting", Resolved => "resolved", Closed => "closed" }
);
word_enum!(
    /// How fast a ticket must move.
    Priority in "priority" { Low => "low", Normal => "normal", Urgent => "urgent" }
);
word_enum!(
    /// Whose fault it was, verified before closing.
    Cause in "cause" { Ours => "ours", Customer => "customer", Supplier => "supplier", Carrier => "carrier", Unknown => "unknown" }
);
word_enum!(
    /// What the shop did about it.
    Remedy in "remedy" { Reprint => "reprint", Refund => "refund", Discount => "discount", Repair => "repair", Explain => "explain", None => "none" }
);
word_enum!(
    /// The customer's verdict at the callback.
    Satisfaction in "satisfaction" { Satisfied => "satisfied", Neutral => "neutral", Dissatisfied => "dissatisfied" }
);

impl Default for Priority {
    /// Returns `normal`, the priority of a ticket nobody marked.
    fn default() -> Self {
        Self::ALL[1]
    }
}

/// One thing wrong with a file, located by its field path (`customer.phone`,
/// `log[3].at`); the store adds the file and the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

impl Problem {
    /// Makes a problem for a field path.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            field: field.into(),
            message: message.into(),
        }
    }
}
