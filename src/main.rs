//! The `inkdesk` binary: everything is in the library; see `inkdesk::cli::main`.

fn main() -> std::process::ExitCode {
    inkdesk::cli::main(std::env::args_os().collect())
}
