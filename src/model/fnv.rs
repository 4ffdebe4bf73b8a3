//! FNV-1a, 64 bits: a small stable hash, the same on every machine and in every version
//! (the quality-review draw and the desk index's fingerprint rely on that).

/// Hashes byte strings, each followed by a separator so `["ab", "c"]` ≠ `["a", "bc"]`.
/// A `const fn`, so that a hash of sources can be worked out as the program is built.
pub const fn fnv1a(parts: &[&[u8]]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut p = 0;
    while p < parts.len() {
        let part = parts[p];
        let mut i = 0;
        while i < part.len() {
            hash ^= part[i] as u64;
            hash = hash.wrapping_mul(PRIME);
            i += 1;
        }
        // The separator.
        hash = hash.wrapping_mul(PRIME);
        p += 1;
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::fnv1a;

    #[test]
    fn stable_and_separated() {
        assert_eq!(fnv1a(&[]), 0xcbf2_9ce4_8422_2325);
        assert_ne!(fnv1a(&[b"ab", b"c"]), fnv1a(&[b"a", b"bc"]));
        assert_eq!(
            fnv1a(&[b"2026-10", b"0NB5F6S264C3"]),
            fnv1a(&[b"2026-10", b"0NB5F6S264C3"])
        );
    }
}
