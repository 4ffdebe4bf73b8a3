//! Failpoints: a named step of a change where the process stops dead, as a `kill -9`
//! there would stop it, for the crash tests. Chosen once per process (from
//! `INKDESK_FAILPOINT`, by the context); off unless chosen.

use std::sync::OnceLock;

static CHOSEN: OnceLock<String> = OnceLock::new();

/// Chooses the step to stop at.
pub fn set(name: &str) {
    let _ = CHOSEN.set(name.to_string());
}

/// Stops the process at once when `name` is the chosen step: no destructor runs, no
/// file is closed tidily, as after a kill.
pub fn hit(name: &str) {
    if CHOSEN.get().is_some_and(|c| c == name) {
        std::process::abort();
    }
}
