//! The `lazy` variant's item store: the boundaries of the `ilst` items are kept from the atom
//! walk, with the bytes that hold them, and items are decoded when first asked for.
//!
//! [`first_pass`] reads no value. It checks each item for the errors that fail the whole file
//! in mutagen (a payload past the end of the input, a short number pair, a truncated cover or
//! freeform atom), walking only the headers of their `data` atoms, so a file fails where the
//! eager reader fails. [`FirstPass::finish`] then keeps the `moov` buffer the items lie in:
//! the buffer itself where it is owned (no copy), else a copy of the items' bytes.
//!
//! [`LazyItems::get`] decodes every item, exactly as the eager reader, and caches the result.
//! [`LazyItems::quick`] answers one key (the title `©nam`, ...) by decoding only the items
//! that can hold it.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::atom::{Atom, CachedSource};
use super::ilst::{check_item, decode, metadata_error, parse_item, Fail, ItemMap, Value};
use crate::error::Result;

/// What the first pass hands to [`FirstPass::finish`].
pub(super) enum FirstPass {
    /// Items checked, to be decoded later.
    Deferred {
        /// The items, in file order.
        atoms: Vec<Atom>,
        /// The input range holding every item's payload.
        start: u64,
        end: u64,
    },
    /// Items decoded already (some payload was not in the held buffer).
    Decoded(ItemMap),
}

/// Check the items of `ilst` for errors that fail the file.
pub(super) fn first_pass(atoms: &[Atom], io: &CachedSource<'_>) -> Result<FirstPass> {
    if atoms.is_empty() {
        return Ok(FirstPass::Decoded(ItemMap::default()));
    }
    let (mut start, mut end) = (u64::MAX, 0u64);
    for atom in atoms {
        // A payload outside the held buffer (a `moov` too large to hold, an item running past
        // it): read everything now, as the eager reader does, errors included.
        let Some(data) = io.cached(atom.data_offset, atom.data_len()) else {
            return Ok(FirstPass::Decoded(decode(atoms, io)?));
        };
        if let Err(Fail::Fatal(msg)) = check_item(atom, data) {
            return Err(metadata_error(msg));
        }
        start = start.min(atom.data_offset);
        end = end.max(atom.data_offset + data.len() as u64);
    }
    Ok(FirstPass::Deferred {
        atoms: atoms.to_vec(),
        start: start.min(end),
        end,
    })
}

impl FirstPass {
    /// Keep the bytes of the items, taking `io`'s buffer.
    pub(super) fn finish(self, io: &mut CachedSource<'_>) -> LazyItems {
        let (atoms, start, end) = match self {
            FirstPass::Decoded(map) => return LazyItems::ready(map),
            FirstPass::Deferred { atoms, start, end } => (atoms, start, end),
        };
        let (base, buffer) = io.take_buffer();
        let range = |buf: &[u8]| -> Vec<u8> {
            let from = usize::try_from(start.saturating_sub(base)).unwrap_or(usize::MAX);
            let to = usize::try_from(end.saturating_sub(base)).unwrap_or(usize::MAX);
            buf.get(from..to).unwrap_or_default().to_vec()
        };
        let (base, body) = match buffer {
            // Kept as it is unless it is much larger than what it holds.
            Cow::Owned(buf) if buf.capacity() <= 2 * buf.len() + 4096 => (base, buf),
            Cow::Owned(buf) => {
                let body = range(&buf);
                crate::source::recycle(buf);
                (start, body)
            }
            Cow::Borrowed(buf) => (start, range(buf)),
        };
        LazyItems {
            deferred: Some(Box::new(Deferred { base, body, atoms })),
            decoded: OnceLock::new(),
        }
    }
}

/// The kept items.
#[derive(Clone)]
struct Deferred {
    /// The input offset of `body[0]`.
    base: u64,
    /// Bytes holding every item's payload.
    body: Vec<u8>,
    /// The items, in file order.
    atoms: Vec<Atom>,
}

impl Drop for Deferred {
    /// The kept buffer serves the next large read of the dropping thread, as the eager
    /// reader's `moov` buffer does.
    fn drop(&mut self) {
        crate::source::recycle(std::mem::take(&mut self.body));
    }
}

impl Deferred {
    fn payload(&self, atom: &Atom) -> Option<&[u8]> {
        let from = usize::try_from(atom.data_offset.checked_sub(self.base)?).ok()?;
        let len = usize::try_from(atom.data_len()).ok()?;
        self.body.get(from..from.checked_add(len)?)
    }

    /// Decode the items `keep` selects, in file order.
    fn decode(&self, keep: impl Fn(&Atom) -> bool) -> ItemMap {
        let mut map = ItemMap::default();
        for atom in self.atoms.iter().filter(|a| keep(a)) {
            // Every payload was found in the buffer by the first pass.
            if let Some(data) = self.payload(atom) {
                let read = parse_item(&mut map, atom, data);
                // The first pass failed the file on any item that fails it.
                debug_assert!(!matches!(read, Err(Fail::Fatal(_))));
            }
        }
        map
    }
}

/// The items of a tag, decoded on first access (the `lazy` variant).
#[derive(Clone, Default)]
pub struct LazyItems {
    /// The kept items; `None` when they were decoded during the first pass.
    deferred: Option<Box<Deferred>>,
    /// The decoded items, once asked for.
    decoded: OnceLock<ItemMap>,
}

/// Whether an item can add to the value of `key`: freeform items (`----`) to freeform keys,
/// `gnre` to `©gen`, and any other item to the key spelled by its name.
fn may_hold(atom: &Atom, key: &str) -> bool {
    match &atom.name {
        b"----" => key.starts_with("----:"),
        b"gnre" => key == "\u{a9}gen",
        name => {
            let mut chars = key.chars();
            name.iter().all(|&b| chars.next() == Some(char::from(b))) && chars.next().is_none()
        }
    }
}

impl LazyItems {
    fn ready(map: ItemMap) -> Self {
        LazyItems {
            deferred: None,
            decoded: OnceLock::from(map),
        }
    }

    /// Every item, decoded on the first call.
    pub(super) fn get(&self) -> &ItemMap {
        self.decoded.get_or_init(|| {
            self.deferred
                .as_deref()
                .map(|d| d.decode(|_| true))
                .unwrap_or_default()
        })
    }

    /// Every item, by value.
    pub(super) fn into_map(mut self) -> ItemMap {
        match self.decoded.take() {
            Some(map) => map,
            None => self
                .deferred
                .as_deref()
                .map(|d| d.decode(|_| true))
                .unwrap_or_default(),
        }
    }

    /// The value of `key`: from the items that can hold it while nothing is decoded, else
    /// from the decoded items.
    pub(super) fn quick(&self, key: &str) -> Option<Cow<'_, Value>> {
        match (&self.deferred, self.decoded.get()) {
            (Some(d), None) => d.decode(|a| may_hold(a, key)).take(key).map(Cow::Owned),
            _ => self.get().get(key).map(Cow::Borrowed),
        }
    }
}

/// Shown as the decoded items, so that both builds print the same.
impl std::fmt::Debug for LazyItems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for LazyItems {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::atom::{read_tree, test_atom as atom};
    use super::super::ilst::read_tags;
    use super::*;
    use crate::source::SliceSource;

    fn file() -> Vec<u8> {
        let mut data = 1u32.to_be_bytes().to_vec();
        data.extend_from_slice(&[0; 4]);
        data.extend_from_slice(b"Title");
        let mut meta = vec![0, 0, 0, 0];
        meta.extend(atom(b"ilst", &atom(b"\xa9nam", &atom(b"data", &data))));
        atom(b"moov", &atom(b"udta", &atom(b"meta", &meta)))
    }

    #[test]
    fn items_are_kept_undecoded() {
        let file = file();
        let src = SliceSource::new(&file);
        let mut tree = read_tree(&src).unwrap();
        let tags = read_tags(tree.moov.as_ref(), &mut tree.io)
            .unwrap()
            .unwrap();
        assert!(tags.items.deferred.is_some());
        assert!(tags.items.decoded.get().is_none());
        assert!(tags.value("\u{a9}nam").is_some());
        assert!(tags.items.decoded.get().is_none());
        assert_eq!(tags.items().len(), 1);
    }

    #[test]
    fn items_outside_the_buffer_are_decoded_at_once() {
        let file = file();
        let src = SliceSource::new(&file);
        let tree = read_tree(&src).unwrap();
        // A source holding nothing in memory, as for a `moov` too large to hold.
        let mut io = CachedSource::new(&src, 0, 0).unwrap();
        let tags = read_tags(tree.moov.as_ref(), &mut io).unwrap().unwrap();
        assert!(tags.items.deferred.is_none());
        assert!(tags.items.decoded.get().is_some());
        let mut tree = read_tree(&src).unwrap();
        let deferred = read_tags(tree.moov.as_ref(), &mut tree.io).unwrap();
        assert_eq!(Some(tags), deferred);
    }
}
