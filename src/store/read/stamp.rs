//! What identifies one version of a file on disk: the stamp a read compares with the
//! one it kept (the index's entries, the folders' listings).

/// What identifies one version of a file on disk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct FileStamp {
    pub(super) size: u64,
    pub(super) modified: (i64, u32),
    pub(super) changed: (i64, u32),
    pub(super) inode: u64,
}

impl FileStamp {
    /// The stamp of a file as `stat` gives it (whose field types vary by platform).
    #[allow(clippy::unnecessary_cast)]
    pub(super) fn of_stat(st: &rustix::fs::Stat) -> FileStamp {
        FileStamp {
            size: st.st_size as u64,
            modified: (st.st_mtime as i64, st.st_mtime_nsec as u32),
            changed: (st.st_ctime as i64, st.st_ctime_nsec as u32),
            inode: st.st_ino as u64,
        }
    }
}
