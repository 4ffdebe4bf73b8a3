//! Integration tests: the built binary on temporary desks, with a scrubbed environment,
//! hermetic git and a clock set by each test through `INKDESK_NOW`.

mod check;
mod errors;
mod git;
mod harness;
mod index;
mod init;
mod lifecycle;
mod list;
mod open;
mod overdue;
mod report;
mod show;
mod tour;
mod update;
