//! FNV-1a, 64 bits: a small stable hash, the same on every machine and in every version
//! (the quality-review draw and the desk index's fingerprint rely on that).

/// Hashes byte strings, each followed by a separator so `["ab", "c"]` ≠ `["a", "bc"]`.
pub fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in part.iter().chain(&[0u8]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
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
