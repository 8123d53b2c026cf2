//! A hash index over keys kept elsewhere: positions in a map's ordered entries, looked up by
//! key, so that each key is stored once (in its entry) rather than once more in a hash map.
//!
//! The ordered maps of the tag types (ID3 frames, MP4 items) keep their entries in a `Vec`
//! in insertion order and find them by key through this index. Every method that looks at
//! the table takes `key_at`, which gives the key of the entry at a position; the index holds
//! exactly the positions of the entries that have a key. Each position is stored with its
//! key's hash, so that growing the table never reads a key again.

use hashbrown::HashTable;
use std::hash::BuildHasher;

/// Positions of entries, found by their keys (see the module documentation).
#[derive(Clone, Default)]
pub struct KeyIndex {
    /// `(hash of the key, position)`.
    table: HashTable<(u64, usize)>,
    state: foldhash::fast::RandomState,
}

impl std::fmt::Debug for KeyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyIndex")
            .field("len", &self.table.len())
            .finish_non_exhaustive()
    }
}

/// An index is derived from the entries it indexes: two maps compare by their entries, and
/// their indexes are equal whenever those are.
impl PartialEq for KeyIndex {
    fn eq(&self, other: &Self) -> bool {
        self.table.len() == other.table.len()
    }
}

impl KeyIndex {
    fn hash(&self, key: &str) -> u64 {
        self.state.hash_one(key)
    }

    /// How many positions are indexed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether no position is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Make room for `n` more positions.
    pub fn reserve(&mut self, n: usize) {
        self.table.reserve(n, |&(hash, _)| hash);
    }

    /// The position of `key`, if indexed.
    #[must_use]
    pub fn find<'k>(&self, key: &str, key_at: impl Fn(usize) -> &'k str) -> Option<usize> {
        let hash = self.hash(key);
        self.table
            .find(hash, |&(h, i)| h == hash && key_at(i) == key)
            .map(|&(_, i)| i)
    }

    /// The position of `key` if it is indexed; otherwise `next` is indexed as `key`'s
    /// position and `None` returned (the caller then puts the entry at `next`). One hash and
    /// one probe for both.
    pub fn find_or_insert<'k>(
        &mut self,
        key: &str,
        next: usize,
        key_at: impl Fn(usize) -> &'k str,
    ) -> Option<usize> {
        let hash = self.hash(key);
        let eq = |&(h, i): &(u64, usize)| h == hash && key_at(i) == key;
        match self.table.entry(hash, eq, |&(h, _)| h) {
            hashbrown::hash_table::Entry::Occupied(e) => Some(e.get().1),
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert((hash, next));
                None
            }
        }
    }

    /// Remove `key`, giving the position it had.
    pub fn remove<'k>(&mut self, key: &str, key_at: impl Fn(usize) -> &'k str) -> Option<usize> {
        let hash = self.hash(key);
        match self
            .table
            .find_entry(hash, |&(h, i)| h == hash && key_at(i) == key)
        {
            Ok(e) => Some(e.remove().0 .1),
            Err(_) => None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::KeyIndex;

    /// Against a `Vec` of keys and a linear search: inserts, finds, removals, and growth
    /// past the first allocation.
    #[test]
    fn finds_what_a_linear_search_finds() {
        let mut keys: Vec<Option<String>> = Vec::new();
        let mut index = KeyIndex::default();
        for n in 0..500u32 {
            let key = format!("K{}", n % 300);
            let at = |i: usize| keys[i].as_deref().unwrap_or("");
            let found = index.find_or_insert(&key, keys.len(), at);
            let linear = keys.iter().position(|k| k.as_deref() == Some(key.as_str()));
            assert_eq!(found, linear);
            if found.is_none() {
                keys.push(Some(key));
            }
            if n % 7 == 3 {
                let gone = format!("K{}", n / 2);
                let at = |i: usize| keys[i].as_deref().unwrap_or("");
                let removed = index.remove(&gone, at);
                let linear = keys
                    .iter()
                    .position(|k| k.as_deref() == Some(gone.as_str()));
                assert_eq!(removed, linear);
                if let Some(i) = removed {
                    keys[i] = None;
                }
            }
        }
        let at = |i: usize| keys[i].as_deref().unwrap_or("");
        for n in 0..320u32 {
            let key = format!("K{n}");
            let linear = keys.iter().position(|k| k.as_deref() == Some(key.as_str()));
            assert_eq!(index.find(&key, at), linear);
        }
        assert_eq!(index.len(), keys.iter().flatten().count());
        index.reserve(1000);
        assert_eq!(
            index.find("K1", at),
            keys.iter().position(|k| k.as_deref() == Some("K1"))
        );
    }
}
