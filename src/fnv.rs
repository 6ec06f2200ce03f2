//! FNV-1a, the one stable 64-bit hash of the crate.
//!
//! Stable across machines, builds and Rust versions (unlike `std`'s `DefaultHasher`): shard
//! assignment, the entity tagger's feature keys and the short-word lexicon maps all use it.

/// The FNV-1a 64-bit offset basis: the hash of no bytes.
pub const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// The FNV-1a 64-bit prime.
pub const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over `bytes`, continuing from the state `h` (start from [`OFFSET`]).
#[inline]
pub fn extend(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// FNV-1a of `bytes`.
#[inline]
pub fn hash(bytes: &[u8]) -> u64 {
    extend(OFFSET, bytes)
}

/// A [`std::hash::Hasher`] running FNV-1a: for maps keyed by short words, where SipHash
/// dominates the look-up cost. The first `write` starts from [`OFFSET`].
#[derive(Debug, Default, Clone, Copy)]
pub struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let h = if self.0 == 0 { OFFSET } else { self.0 };
        self.0 = extend(h, bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_test_vectors() {
        // FNV-1a 64 reference values (Fowler/Noll/Vo test suite).
        assert_eq!(hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(extend(hash(b"foo"), b"bar"), hash(b"foobar"));
    }
}
