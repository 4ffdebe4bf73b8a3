//! Integration tests: the built binary on temporary desks, with a scrubbed environment,
//! hermetic git and a clock set by each test through `INKDESK_NOW`.

mod check;
mod corpus;
mod crash;
mod errors;
mod figures;
mod git;
mod harness;
mod index;
mod init;
mod language;
mod layers;
mod lifecycle;
mod list;
mod open;
mod overdue;
mod readers;
mod report;
mod rules;
mod setup;
mod show;
mod terminal;
mod tour;
mod update;
