//! The `inkdesk` binary: everything is in the library; see `inkdesk::cli::main`.

fn main() -> std::process::ExitCode {
    settle_allocator();
    inkdesk::cli::main(std::env::args_os().collect())
}

/// Has glibc map every block of 512 KiB or more on its own and give it back when it is
/// freed. By default it raises that threshold as soon as such a block is freed and
/// keeps the later ones in its heaps, where a read of a big desk (a month's folder
/// listed, then the next, a bigger one) leaves them fragmented: memory that grows with
/// the desk.
fn settle_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator; it is called before any other thread
    // exists and before anything is allocated that the setting could concern.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 512 * 1024);
    }
}
