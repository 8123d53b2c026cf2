//! iTunes metadata (`moov.udta.meta.ilst`), read as `mutagen.mp4.MP4Tags` reads it.
//!
//! Each child of `ilst` is one item, named by its atom name, holding `data` atoms. How an item
//! is read depends on its name: text, integers, booleans, number pairs (`trkn`, `disk`), ID3v1
//! genre numbers (`gnre`, stored under `©gen`), cover art (`covr`) and freeform items (`----`,
//! keyed `----:mean:name`). Unknown names are read as text when their data says UTF-8.
//!
//! Where mutagen fails to parse an item with its metadata error, it keeps the raw bytes aside
//! (for writing back) and shows nothing: such items are skipped here. Where mutagen fails with
//! any other exception (a short read it did not check), the whole file fails with
//! `MP4MetadataError`: those are [`ErrorKind::Mp4Metadata`] errors here.

use crate::util::key_index::KeyIndex;

use crate::error::{limits, Error, ErrorKind, Result};
use crate::source::Source;
use crate::util::bytes::u32_be;
use crate::util::strings::{key_from_string, key_latin1, Key};
use crate::util::unchecked::{read_u32_be_unchecked, unchecked};

use super::atom::{Atom, CachedSource};
pub use crate::util::shared::Payload;
// An MP4 `gnre` atom stores the ID3v1 genre number plus one.
use crate::id3::genres::GENRES;

use super::constants::{INTEGER, JPEG, PNG, UTF8};

/// One value of a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Item {
    /// Text.
    Text(String),
    /// An integer (`tmpo`, `stik`, ...).
    Int(i64),
    /// A number pair: (number, total) of `trkn` or `disk`.
    Pair(u16, u16),
    /// Cover art (`MP4Cover`).
    Cover {
        /// The image bytes (a large image shares the buffer it was read in).
        data: Payload,
        /// The image format: the data type as stored when it is JPEG (13) or PNG (14),
        /// otherwise 13.
        format: u32,
        /// Whether `format` is the substituted default (mutagen then stores its
        /// `AtomDataType.JPEG` member rather than the plain number).
        default_format: bool,
    },
    /// A freeform value (`MP4FreeForm`).
    FreeForm {
        /// The value bytes (a large value shares the buffer it was read in).
        data: Payload,
        /// The data type (flags) of its `data` atom.
        dataformat: u32,
        /// The version of its `data` atom.
        version: u8,
    },
}

/// The value of one key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Value {
    /// A boolean (`cpil`, `pgap`, `pcst`).
    Bool(bool),
    /// A list of values (every other key).
    List(Vec<Item>),
}

/// The tags, keys in the order mutagen's dict holds them (first appearance).
///
/// With the `lazy` feature the items are decoded on first access (`mp4/lazy.rs`);
/// [`Mp4Tags::value`] answers one key from the items that can hold it.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Mp4Tags {
    #[cfg(not(feature = "lazy"))]
    items: ItemMap,
    #[cfg(feature = "lazy")]
    pub(super) items: super::lazy::LazyItems,
    /// The payload size of the `free` atom next to `ilst` that mutagen would reuse as padding
    /// when saving (0 if none).
    pub padding: u64,
}

impl PartialEq for Mp4Tags {
    fn eq(&self, other: &Self) -> bool {
        self.padding == other.padding && self.items() == other.items()
    }
}

impl Eq for Mp4Tags {}

/// Decoded items: `(key, value)` pairs in first-appearance order, with an index by key.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(super) struct ItemMap {
    items: Vec<(Key, Value)>,
    /// Positions in `items` by key.
    #[cfg_attr(feature = "serde", serde(skip))]
    index: KeyIndex,
    /// How many values were read into the map ([`limits::MAX_VALUES`]).
    #[cfg_attr(feature = "serde", serde(skip))]
    values: usize,
}

/// How parsing one item failed.
pub(super) enum Fail {
    /// mutagen's metadata error: the item is set aside and not shown.
    Skip,
    /// Any other exception: the whole file fails.
    Fatal(&'static str),
}

pub(super) type ItemResult<T = ()> = std::result::Result<T, Fail>;

impl Mp4Tags {
    /// `(key, value)` pairs in mutagen's key order. Keys are latin-1 text of the atom names,
    /// e.g. `©nam`. With the `lazy` feature this decodes every item on the first call.
    #[must_use]
    pub fn items(&self) -> &[(Key, Value)] {
        &self.map().items
    }

    /// The pairs, by value.
    #[must_use]
    pub fn into_items(self) -> Vec<(Key, Value)> {
        #[cfg(feature = "lazy")]
        return self.items.into_map().items;
        #[cfg(not(feature = "lazy"))]
        self.items.items
    }

    /// The value of a key.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.map().get(key)
    }

    /// The value of a key, as [`Mp4Tags::get`]. With the `lazy` feature, while the items are
    /// not decoded yet, only the items that can hold `key` are decoded (and not kept).
    #[must_use]
    pub fn value(&self, key: &str) -> Option<std::borrow::Cow<'_, Value>> {
        #[cfg(feature = "lazy")]
        return self.items.quick(key);
        #[cfg(not(feature = "lazy"))]
        self.get(key).map(std::borrow::Cow::Borrowed)
    }

    fn map(&self) -> &ItemMap {
        #[cfg(feature = "lazy")]
        return self.items.get();
        #[cfg(not(feature = "lazy"))]
        &self.items
    }
}

impl ItemMap {
    /// An empty map with room for `n` keys.
    fn with_capacity(n: usize) -> Self {
        let mut map = ItemMap::default();
        map.items.reserve(n);
        map.index.reserve(n);
        map
    }

    /// The key of the item at `i`.
    fn key_at(items: &[(Key, Value)], i: usize) -> &str {
        items.get(i).map_or("", |(k, _)| k.as_str())
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.index.find(key, |i| Self::key_at(&self.items, i))
    }

    pub(super) fn get(&self, key: &str) -> Option<&Value> {
        self.position(key)
            .and_then(|i| self.items.get(i))
            .map(|(_, v)| v)
    }

    /// Remove a key's value (leaving the index stale: for maps about to be dropped).
    #[cfg(feature = "lazy")]
    pub(super) fn take(mut self, key: &str) -> Option<Value> {
        let i = self.position(key)?;
        Some(self.items.swap_remove(i).1)
    }

    /// Count one more value, failing past [`limits::MAX_VALUES`].
    fn count_value(&mut self) -> ItemResult {
        if self.values >= limits::MAX_VALUES {
            return Err(Fail::Fatal(limits::MSG_VALUES));
        }
        self.values += 1;
        Ok(())
    }

    /// The value of `key`, made `initial` (at the end of the order) when the key is new.
    fn slot(&mut self, key: Key, initial: Value) -> &mut Value {
        let next = self.items.len();
        let items = &self.items;
        let found = self
            .index
            .find_or_insert(&key, next, |i| Self::key_at(items, i));
        let i = found.unwrap_or_else(|| {
            self.items.push((key, initial));
            next
        });
        &mut self.items[i].1
    }

    /// Append values to a key's list, creating it (even for no values).
    fn extend(&mut self, key: Key, values: Vec<Item>) -> ItemResult {
        match self.slot(key, Value::List(Vec::new())) {
            // A new key takes the list as it is.
            Value::List(list) if list.is_empty() => {
                *list = values;
                Ok(())
            }
            Value::List(list) => {
                list.extend(values);
                Ok(())
            }
            // mutagen calls `.extend` on a bool here.
            Value::Bool(_) => Err(Fail::Fatal("cannot extend a boolean value")),
        }
    }

    /// Set a single value, replacing what was there (keeping the key's position).
    fn set(&mut self, key: Key, value: Value) {
        let slot = self.slot(key, Value::List(Vec::new()));
        *slot = value;
    }
}

/// Python's `data[start:end]` for non-negative bounds.
fn pyslice(data: &[u8], start: u64, end: u64) -> &[u8] {
    let len = data.len() as u64;
    let (s, e) = (start.min(len), end.min(len));
    if s >= e {
        &[]
    } else {
        &data[s as usize..e as usize]
    }
}

/// The `data` atoms of an item: `(version, flags, payload)`, as mutagen's generator yields
/// them; an error (a metadata error) ends the sequence.
struct DataAtoms<'a> {
    data: &'a [u8],
    pos: u64,
    limit: u64,
    done: bool,
}

impl<'a> DataAtoms<'a> {
    fn new(atom: &Atom, data: &'a [u8]) -> Self {
        // mutagen bounds the loop by the atom's length less eight, whatever its header size.
        DataAtoms {
            data,
            pos: 0,
            limit: atom.length.saturating_sub(8),
            done: false,
        }
    }
}

impl<'a> Iterator for DataAtoms<'a> {
    type Item = ItemResult<(u8, u32, &'a [u8])>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.limit {
            return None;
        }
        self.done = true;
        let head = pyslice(self.data, self.pos, self.pos.saturating_add(12));
        if head.len() != 12 {
            return Some(Err(Fail::Skip));
        }
        // SAFETY: `head.len() == 12` was checked just above.
        let length = u64::from(unchecked!(read_u32_be_unchecked(head, 0)));
        // SAFETY: as above: bytes 4..8.
        if length < 1 || unchecked!(read_u32_be_unchecked(head, 4)) != u32::from_be_bytes(*b"data")
        {
            return Some(Err(Fail::Skip));
        }
        // SAFETY: as above: bytes 8..12, the version byte and 24 bits of flags.
        let version_flags = unchecked!(read_u32_be_unchecked(head, 8));
        let version = (version_flags >> 24) as u8;
        let flags = version_flags & 0x00FF_FFFF;
        let chunk = pyslice(self.data, self.pos + 16, self.pos + length);
        if length < 16 || chunk.len() as u64 != length - 16 {
            return Some(Err(Fail::Skip));
        }
        self.pos += length;
        self.done = false;
        Some(Ok((version, flags, chunk)))
    }
}

/// Names read as text whose data may also be marked implicit (type 0).
const TEXT_NAMES: [&[u8; 4]; 25] = [
    b"\xa9nam", b"\xa9alb", b"\xa9ART", b"aART", b"\xa9wrt", b"\xa9day", b"\xa9cmt", b"desc",
    b"purd", b"\xa9grp", b"\xa9gen", b"\xa9lyr", b"catg", b"keyw", b"\xa9too", b"cprt", b"soal",
    b"soaa", b"soar", b"sonm", b"soco", b"sosn", b"tvsh", b"purl", b"egid",
];

/// Names read as integers.
const INTEGER_NAMES: [&[u8; 4]; 16] = [
    b"plID", b"cnID", b"geID", b"atID", b"sfID", b"cmID", b"akID", b"tvsn", b"tves", b"tmpo",
    b"\xa9mvi", b"\xa9mvc", b"shwm", b"stik", b"hdvd", b"rtng",
];

/// Names read as booleans.
const BOOL_NAMES: [&[u8; 4]; 3] = [b"cpil", b"pgap", b"pcst"];

pub(super) fn metadata_error(msg: &'static str) -> Error {
    Error::Malformed(ErrorKind::Mp4Metadata, msg)
}

/// Read the tags of the first `moov` atom, if it has `udta.meta.ilst`. With the `lazy`
/// feature the items are checked for errors that fail the file, then kept undecoded with the
/// buffer `io` holds (which it gives up).
pub fn read_tags(moov: Option<&Atom>, io: &mut CachedSource<'_>) -> Result<Option<Mp4Tags>> {
    Ok(begin(moov, io)?.map(|pending| pending.finish(io)))
}

/// Tags read up to the point where reading can no longer fail.
pub(super) struct Pending {
    padding: u64,
    #[cfg(not(feature = "lazy"))]
    items: ItemMap,
    #[cfg(feature = "lazy")]
    items: super::lazy::FirstPass,
}

impl Pending {
    /// The tags. With the `lazy` feature they keep `io`'s buffer (or the part of it holding
    /// the items), so this comes after every other read from `io`.
    pub(super) fn finish(self, io: &mut CachedSource<'_>) -> Mp4Tags {
        #[cfg(not(feature = "lazy"))]
        let _ = io;
        Mp4Tags {
            #[cfg(not(feature = "lazy"))]
            items: self.items,
            #[cfg(feature = "lazy")]
            items: self.items.finish(io),
            padding: self.padding,
        }
    }
}

/// The first step of [`read_tags`]: everything that can fail.
pub(super) fn begin(moov: Option<&Atom>, io: &CachedSource<'_>) -> Result<Option<Pending>> {
    let Some(meta) = moov.and_then(|m| m.path(&[b"udta", b"meta"])) else {
        return Ok(None);
    };
    let Some(ilst) = meta.child(b"ilst") else {
        return Ok(None);
    };
    let atoms = ilst.children.as_deref().unwrap_or_default();
    Ok(Some(Pending {
        padding: padding(meta),
        #[cfg(not(feature = "lazy"))]
        items: decode(atoms, io)?,
        #[cfg(feature = "lazy")]
        items: super::lazy::first_pass(atoms, io)?,
    }))
}

/// Decode every item of `ilst`, in order; large binary values share the buffer `io` read.
pub(super) fn decode(atoms: &[Atom], io: &CachedSource<'_>) -> Result<ItemMap> {
    decode_with(atoms, io, io.shared(), |_, _| {})
}

/// [`decode`], handing each item mutagen fails to parse (and sets aside) to `skipped`, with
/// its payload.
fn decode_with(
    atoms: &[Atom],
    io: &dyn Source,
    shared: Option<&std::sync::Arc<Vec<u8>>>,
    mut skipped: impl FnMut(&Atom, &[u8]),
) -> Result<ItemMap> {
    // One key per item atom at most: room for them (up to a typical tag's count) spares the
    // map its regrowths.
    let mut items = ItemMap::with_capacity(atoms.len().min(64));
    for atom in atoms {
        let (ok, data) = atom.read(io)?;
        if !ok {
            return Err(metadata_error("Not enough data"));
        }
        match parse_item_in(&mut items, atom, &data, shared) {
            Ok(()) => {}
            Err(Fail::Skip) => skipped(atom, &data),
            Err(Fail::Fatal(msg)) => return Err(metadata_error(msg)),
        }
    }
    Ok(items)
}

/// The items of a `meta` atom's first `ilst`, read as `MP4Tags.load` reads them from an atom
/// tree it is given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetaItems {
    /// The payload size of the `free` atom next to `ilst` (see [`Mp4Tags::padding`]).
    pub padding: u64,
    /// `(key, value)` pairs in mutagen's key order.
    pub items: Vec<(Key, Value)>,
    /// The items mutagen could not parse and keeps for writing back: the key of each (the
    /// latin-1 text of its atom name) with its payload, in file order.
    pub failed: Vec<(Key, Vec<u8>)>,
}

/// Read the items of `meta`'s first `ilst` child (none if it has no `ilst`), reading payloads
/// from `io` at the offsets and lengths the tree gives.
pub fn read_meta(meta: &Atom, io: &dyn Source) -> Result<MetaItems> {
    let Some(ilst) = meta.child(b"ilst") else {
        return Ok(MetaItems::default());
    };
    let atoms = ilst.children.as_deref().unwrap_or_default();
    let mut failed = Vec::new();
    let map = decode_with(atoms, io, None, |atom, data| {
        failed.push((key_latin1(&atom.name), data.to_vec()));
    })?;
    Ok(MetaItems {
        padding: padding(meta),
        items: map.items,
        failed,
    })
}

/// The payload size of a `free` atom just before the first `ilst` in `meta` (with Python's
/// wrap-around: before the first child is the last one), or else just after it.
fn padding(meta: &Atom) -> u64 {
    let children = meta.children.as_deref().unwrap_or_default();
    let Some(index) = children.iter().position(|c| &c.name == b"ilst") else {
        return 0;
    };
    let before = if index == 0 {
        children.last()
    } else {
        children.get(index - 1)
    };
    [before, children.get(index + 1)]
        .into_iter()
        .flatten()
        .find(|a| &a.name == b"free")
        .map_or(0, Atom::data_len)
}

#[cfg(any(feature = "lazy", test))]
pub(super) fn parse_item(tags: &mut ItemMap, atom: &Atom, data: &[u8]) -> ItemResult {
    parse_item_in(tags, atom, data, None)
}

/// [`parse_item`], with the buffer `data` lies in when large binary values may share it.
fn parse_item_in(
    tags: &mut ItemMap,
    atom: &Atom,
    data: &[u8],
    shared: Option<&std::sync::Arc<Vec<u8>>>,
) -> ItemResult {
    let name = &atom.name;
    if name == b"----" {
        parse_freeform(tags, atom, data, shared)
    } else if name == b"trkn" || name == b"disk" {
        parse_pair(tags, atom, data)
    } else if name == b"gnre" {
        parse_genre(tags, atom, data)
    } else if INTEGER_NAMES.contains(&name) {
        parse_integer(tags, atom, data)
    } else if BOOL_NAMES.contains(&name) {
        parse_bool(tags, atom, data)
    } else if name == b"covr" {
        parse_cover(tags, atom, data, shared)
    } else {
        parse_text(tags, atom, data, TEXT_NAMES.contains(&name))
    }
}

fn parse_text(tags: &mut ItemMap, atom: &Atom, data: &[u8], implicit: bool) -> ItemResult {
    let mut values = Vec::new();
    for item in DataAtoms::new(atom, data) {
        tags.count_value()?;
        let (_, flags, chunk) = item?;
        let allowed = if implicit {
            flags == 0 || flags == UTF8
        } else {
            flags == UTF8
        };
        if !allowed {
            return Err(Fail::Skip);
        }
        let text = crate::util::utf8::validate(chunk).ok_or(Fail::Skip)?;
        values.push(Item::Text(text.to_owned()));
    }
    tags.extend(key_latin1(&atom.name), values)
}

/// The (number, total) of a `trkn` or `disk` value; short data fails the file.
fn pair_of(chunk: &[u8]) -> ItemResult<(u16, u16)> {
    match (
        crate::util::bytes::u16_be(chunk, 2),
        crate::util::bytes::u16_be(chunk, 4),
    ) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(Fail::Fatal("number pair data too short")),
    }
}

fn parse_pair(tags: &mut ItemMap, atom: &Atom, data: &[u8]) -> ItemResult {
    let mut values = Vec::new();
    for item in DataAtoms::new(atom, data) {
        tags.count_value()?;
        let (a, b) = pair_of(item?.2)?;
        values.push(Item::Pair(a, b));
    }
    tags.extend(key_latin1(&atom.name), values)
}

fn parse_genre(tags: &mut ItemMap, atom: &Atom, data: &[u8]) -> ItemResult {
    let mut values = Vec::new();
    for item in DataAtoms::new(atom, data) {
        tags.count_value()?;
        let (_, _, chunk) = item?;
        let [hi, lo] = <[u8; 2]>::try_from(chunk).map_err(|_| Fail::Skip)?;
        // A signed number, indexed one-based with Python's negative indexing.
        let index = i32::from(i16::from_be_bytes([hi, lo])) - 1;
        let count = GENRES.len() as i32;
        let index = if index < 0 { index + count } else { index };
        let genre = usize::try_from(index)
            .ok()
            .and_then(|i| GENRES.get(i))
            .ok_or(Fail::Skip)?;
        values.push(Item::Text((*genre).to_owned()));
    }
    tags.extend(key_latin1(b"\xa9gen"), values)
}

fn parse_integer(tags: &mut ItemMap, atom: &Atom, data: &[u8]) -> ItemResult {
    let mut values = Vec::new();
    for item in DataAtoms::new(atom, data) {
        tags.count_value()?;
        let (version, flags, chunk) = item?;
        if version != 0 || !(flags == 0 || flags == INTEGER) {
            return Err(Fail::Skip);
        }
        let value = match *chunk {
            [a] => i64::from(a as i8),
            [a, b] => i64::from(i16::from_be_bytes([a, b])),
            [a, b, c] => i64::from(i32::from_be_bytes([a, b, c, 0]) >> 8),
            [a, b, c, d] => i64::from(i32::from_be_bytes([a, b, c, d])),
            [a, b, c, d, e, f, g, h] => i64::from_be_bytes([a, b, c, d, e, f, g, h]),
            _ => return Err(Fail::Skip),
        };
        values.push(Item::Int(value));
    }
    tags.extend(key_latin1(&atom.name), values)
}

fn parse_bool(tags: &mut ItemMap, atom: &Atom, data: &[u8]) -> ItemResult {
    // Each value replaces the last as soon as it is read, so values before a failure stay.
    for item in DataAtoms::new(atom, data) {
        tags.count_value()?;
        let (_, _, chunk) = item?;
        let [b] = <[u8; 1]>::try_from(chunk).map_err(|_| Fail::Skip)?;
        tags.set(key_latin1(&atom.name), Value::Bool(b != 0));
    }
    Ok(())
}

/// The images of a `covr` item: `(data type, image bytes)` of each `data` atom, `name` atoms
/// passed over; an error ends the sequence.
struct CoverAtoms<'a> {
    data: &'a [u8],
    pos: u64,
    limit: u64,
    done: bool,
}

impl<'a> CoverAtoms<'a> {
    fn new(atom: &Atom, data: &'a [u8]) -> Self {
        CoverAtoms {
            data,
            pos: 0,
            limit: atom.length.saturating_sub(8),
            done: false,
        }
    }
}

impl<'a> Iterator for CoverAtoms<'a> {
    type Item = ItemResult<(u32, &'a [u8])>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done && self.pos < self.limit {
            let pos = self.pos;
            self.done = true;
            let head = pyslice(self.data, pos, pos.saturating_add(12));
            if head.len() != 12 {
                return Some(Err(Fail::Fatal("truncated cover data")));
            }
            // SAFETY: `head.len() == 12` was checked just above.
            let length = u64::from(unchecked!(read_u32_be_unchecked(head, 0)));
            // SAFETY: as above: bytes 8..12.
            let format = unchecked!(read_u32_be_unchecked(head, 8));
            if &head[4..8] != b"data" {
                if &head[4..8] == b"name" && length > 0 {
                    self.pos = pos + length;
                    self.done = false;
                    continue;
                }
                // An unexpected atom (or a zero-length `name`, on which mutagen never finishes).
                return Some(Err(Fail::Skip));
            }
            if length < 1 {
                return Some(Err(Fail::Skip));
            }
            self.pos = pos + length;
            self.done = false;
            return Some(Ok((format, pyslice(self.data, pos + 16, pos + length))));
        }
        None
    }
}

fn parse_cover(
    tags: &mut ItemMap,
    atom: &Atom,
    data: &[u8],
    shared: Option<&std::sync::Arc<Vec<u8>>>,
) -> ItemResult {
    let mut values = Vec::new();
    for cover in CoverAtoms::new(atom, data) {
        tags.count_value()?;
        let (format, image) = cover?;
        let (format, default_format) = if format == JPEG || format == PNG {
            (format, false)
        } else {
            (JPEG, true)
        };
        values.push(Item::Cover {
            data: Payload::share(shared, image),
            format,
            default_format,
        });
    }
    tags.extend(key_latin1(&atom.name), values)
}

/// The `mean` and `name` of a freeform item, and the offset of its first `data` atom.
fn freeform_head(data: &[u8]) -> ItemResult<(&[u8], &[u8], u64)> {
    let short = || Fail::Fatal("truncated freeform atom");
    let mean_len = u64::from(u32_be(data, 0).ok_or_else(short)?);
    let mean = pyslice(data, 12, mean_len);
    let name_head = pyslice(data, mean_len, mean_len + 4);
    let name_len = u64::from(u32::from_be_bytes(
        <[u8; 4]>::try_from(name_head).map_err(|_| short())?,
    ));
    let name = pyslice(data, mean_len + 12, mean_len + name_len);
    Ok((mean, name, mean_len + name_len))
}

/// The values of a freeform item: `(version, data type, bytes)` of each `data` atom after its
/// `mean` and `name`; an error ends the sequence.
struct FreeformAtoms<'a> {
    data: &'a [u8],
    pos: u64,
    limit: u64,
    done: bool,
}

impl<'a> FreeformAtoms<'a> {
    fn new(atom: &Atom, data: &'a [u8], start: u64) -> Self {
        FreeformAtoms {
            data,
            pos: start,
            limit: atom.length.saturating_sub(8),
            done: false,
        }
    }
}

impl<'a> Iterator for FreeformAtoms<'a> {
    type Item = ItemResult<(u8, u32, &'a [u8])>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.limit {
            return None;
        }
        self.done = true;
        let (data, pos) = (self.data, self.pos);
        let truncated = Fail::Fatal("truncated freeform data atom");
        let head = pyslice(data, pos, pos + 8);
        let Ok([a, b, c, d, n0, n1, n2, n3]) = <[u8; 8]>::try_from(head) else {
            return Some(Err(truncated));
        };
        let length = u64::from(u32::from_be_bytes([a, b, c, d]));
        if &[n0, n1, n2, n3] != b"data" || length < 1 {
            return Some(Err(Fail::Skip));
        }
        let Some(&version) = pyslice(data, pos + 8, pos + 9).first() else {
            return Some(Err(truncated));
        };
        let Ok([a, b, c]) = <[u8; 3]>::try_from(pyslice(data, pos + 9, pos + 12)) else {
            return Some(Err(truncated));
        };
        self.pos = pos + length;
        self.done = false;
        Some(Ok((
            version,
            u32::from_be_bytes([0, a, b, c]),
            pyslice(data, pos + 16, pos + length),
        )))
    }
}

fn parse_freeform(
    tags: &mut ItemMap,
    atom: &Atom,
    data: &[u8],
    shared: Option<&std::sync::Arc<Vec<u8>>>,
) -> ItemResult {
    let (mean, name, start) = freeform_head(data)?;
    let mut values = Vec::new();
    for value in FreeformAtoms::new(atom, data, start) {
        tags.count_value()?;
        let (version, dataformat, bytes) = value?;
        values.push(Item::FreeForm {
            data: Payload::share(shared, bytes),
            dataformat,
            version,
        });
    }
    let key = key_from_string(crate::util::text::latin1_concat(&[
        &atom.name, b":", mean, b":", name,
    ]));
    tags.extend(key, values)
}

/// Whether reading an item fails the whole file: what [`parse_item`] would return as
/// [`Fail::Fatal`], found without building any value. Only number pairs, covers and freeform
/// items can fail that way. (The other fatal case, a list added to a boolean key, cannot
/// happen: boolean keys are the names `cpil`, `pgap` and `pcst`, which are always read as
/// booleans, and no other item maps to those keys.)
#[cfg(any(feature = "lazy", test))]
pub(super) fn check_item(atom: &Atom, data: &[u8]) -> ItemResult {
    match &atom.name {
        b"----" => {
            let (_, _, start) = freeform_head(data)?;
            FreeformAtoms::new(atom, data, start).try_for_each(|v| v.map(drop))
        }
        b"trkn" | b"disk" => DataAtoms::new(atom, data).try_for_each(|v| pair_of(v?.2).map(drop)),
        b"covr" => CoverAtoms::new(atom, data).try_for_each(|v| v.map(drop)),
        _ => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::trivially_copy_pass_by_ref)]
mod tests {
    use super::*;
    use crate::source::SliceSource;

    fn atom(name: &[u8], payload: &[u8]) -> Vec<u8> {
        let mut v = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
        v.extend_from_slice(name);
        v.extend_from_slice(payload);
        v
    }

    fn data(flags: u32, payload: &[u8]) -> Vec<u8> {
        let mut p = flags.to_be_bytes().to_vec();
        p.extend_from_slice(&[0, 0, 0, 0]);
        p.extend_from_slice(payload);
        atom(b"data", &p)
    }

    fn tags_of(items: &[Vec<u8>]) -> Result<Option<Mp4Tags>> {
        let ilst = atom(b"ilst", &items.concat());
        let mut meta = vec![0, 0, 0, 0];
        meta.extend(ilst);
        let file = atom(b"moov", &atom(b"udta", &atom(b"meta", &meta)));
        let src = SliceSource::new(&file);
        let mut tree = super::super::atom::read_tree(&src)?;
        read_tags(tree.moov.as_ref(), &mut tree.io)
    }

    fn texts(v: &[&str]) -> Value {
        Value::List(v.iter().map(|s| Item::Text((*s).to_owned())).collect())
    }

    #[test]
    fn rendered_items_read_back_the_same() {
        let mut freeform = atom(b"mean", b"\0\0\0\0com.apple.iTunes");
        freeform.extend(atom(b"name", b"\0\0\0\0MOOD"));
        freeform.extend(data(1, b"calm"));
        freeform.extend(atom(b"data", b"\x02\0\0\0\0\0\0\0raw"));
        let tags = tags_of(&[
            atom(b"\xa9nam", &[data(1, b"Title"), data(1, b"Other")].concat()),
            atom(b"tmpo", &data(21, &[0x01, 0x00])),
            atom(b"plID", &data(21, &[0x80, 0, 0])),
            atom(b"cpil", &data(21, &[1])),
            atom(b"trkn", &data(0, &[0, 0, 0, 3, 0, 12, 0, 0])),
            atom(b"disk", &data(0, &[0, 0, 0, 1, 0, 2])),
            atom(b"covr", &[data(14, b"png"), data(13, b"jpg")].concat()),
            atom(b"----", &freeform),
        ])
        .unwrap()
        .unwrap();
        let ilst = crate::mp4::write::render_ilst(tags.items()).unwrap();
        assert_eq!(&ilst[4..8], b"ilst");
        let again = tags_of(&[ilst[8..].to_vec()]).unwrap().unwrap();
        assert_eq!(again.items(), tags.items());
        assert_eq!(tags.items().len(), 8);
    }

    #[test]
    fn items_of_the_wrong_kind_do_not_render() {
        use crate::mp4::write::render_ilst;
        let text = |key: &str, value: Value| render_ilst(&[(key.to_owned(), value)]);
        assert!(text("gnre", Value::List(vec![Item::Int(1)])).is_none());
        assert!(text("tmpo", texts(&["x"])).is_none());
        assert!(text("cpil", texts(&["x"])).is_none());
        assert!(text("\u{a9}nam", Value::Bool(true)).is_none());
        assert!(text("\u{100}abc", texts(&["x"])).is_none());
        assert!(text("----:no-name", Value::List(Vec::new())).is_none());
        assert!(text("rtng", Value::List(vec![Item::Int(1 << 40)])).is_some());
        assert!(text("trkn", Value::List(vec![Item::Pair(1, 2)])).is_some());
    }

    #[test]
    fn text_items_keep_order_and_merge() {
        let tags = tags_of(&[
            atom(b"\xa9nam", &[data(1, b"Title"), data(1, b"Other")].concat()),
            atom(b"\xa9grp", &data(0, b"foo")),
            atom(b"gnre", &data(0, &[0, 2])),
            atom(b"\xa9gen", &data(1, b"Jazz")),
        ])
        .unwrap()
        .unwrap();
        let keys: Vec<&str> = tags.items().iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["\u{a9}nam", "\u{a9}grp", "\u{a9}gen"]);
        assert_eq!(tags.get("\u{a9}nam"), Some(&texts(&["Title", "Other"])));
        assert_eq!(
            tags.get("\u{a9}gen"),
            Some(&texts(&["Classic Rock", "Jazz"]))
        );
    }

    #[test]
    fn unknown_items_need_utf8_and_bad_items_are_skipped() {
        let tags = tags_of(&[
            atom(b"abcd", &data(1, b"yes")),
            atom(b"efgh", &data(0, b"no")),
            atom(b"\xa9ART", &data(1, b"\xff")),
            atom(b"cprt", &data(21, b"x")),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(tags.items().len(), 1);
        assert_eq!(tags.get("abcd"), Some(&texts(&["yes"])));
    }

    #[test]
    fn integers_booleans_and_pairs() {
        let tags = tags_of(&[
            atom(b"tmpo", &data(21, &[0x01, 0x00])),
            atom(b"stik", &data(0, &[0xff])),
            atom(b"plID", &data(21, &[0, 0, 0, 0, 0, 0, 1, 0])),
            atom(b"tves", &data(21, &[0x80, 0, 0])),
            atom(b"cpil", &data(21, &[1])),
            atom(b"pgap", &data(21, &[0])),
            atom(b"trkn", &data(0, &[0, 0, 0, 3, 0, 12, 0, 0])),
            atom(b"disk", &data(0, &[0, 0, 0, 1, 0, 2])),
            atom(b"rtng", &data(7, &[1])),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(tags.get("tmpo"), Some(&Value::List(vec![Item::Int(256)])));
        assert_eq!(tags.get("stik"), Some(&Value::List(vec![Item::Int(-1)])));
        assert_eq!(tags.get("plID"), Some(&Value::List(vec![Item::Int(256)])));
        assert_eq!(
            tags.get("tves"),
            Some(&Value::List(vec![Item::Int(-8_388_608)]))
        );
        assert_eq!(tags.get("cpil"), Some(&Value::Bool(true)));
        assert_eq!(tags.get("pgap"), Some(&Value::Bool(false)));
        assert_eq!(
            tags.get("trkn"),
            Some(&Value::List(vec![Item::Pair(3, 12)]))
        );
        assert_eq!(tags.get("disk"), Some(&Value::List(vec![Item::Pair(1, 2)])));
        assert_eq!(tags.get("rtng"), None);
    }

    #[test]
    fn short_pair_fails_the_file() {
        let err = tags_of(&[atom(b"trkn", &data(0, &[0, 0, 0]))])
            .err()
            .unwrap();
        assert!(matches!(err, Error::Malformed(ErrorKind::Mp4Metadata, _)));
    }

    #[test]
    fn genre_numbers_wrap_like_python_indexes() {
        let tags = tags_of(&[atom(b"gnre", &data(0, &[0, 0]))])
            .unwrap()
            .unwrap();
        assert_eq!(tags.get("\u{a9}gen"), Some(&texts(&["Psybient"])));
        let tags = tags_of(&[atom(b"gnre", &data(0, &[0, 255]))])
            .unwrap()
            .unwrap();
        assert_eq!(tags.get("\u{a9}gen"), None);
    }

    #[test]
    fn covers_and_freeform() {
        let mut cover_items = atom(b"name", b"x");
        cover_items.extend(data(14, b"PNGDATA"));
        cover_items.extend(data(0, b"JPG"));
        let mut ff = atom(b"mean", &[&[0u8; 4][..], b"com.apple.iTunes"].concat());
        ff.extend(atom(b"name", &[&[0u8; 4][..], b"iTunNORM"].concat()));
        ff.extend(data(1, b" 0000"));
        ff.extend(data(0, b"\x01\x02"));
        let tags = tags_of(&[atom(b"covr", &cover_items), atom(b"----", &ff)])
            .unwrap()
            .unwrap();
        assert_eq!(
            tags.get("covr"),
            Some(&Value::List(vec![
                Item::Cover {
                    data: b"PNGDATA".to_vec().into(),
                    format: 14,
                    default_format: false
                },
                Item::Cover {
                    data: b"JPG".to_vec().into(),
                    format: 13,
                    default_format: true
                },
            ]))
        );
        assert_eq!(
            tags.get("----:com.apple.iTunes:iTunNORM"),
            Some(&Value::List(vec![
                Item::FreeForm {
                    data: b" 0000".to_vec().into(),
                    dataformat: 1,
                    version: 0
                },
                Item::FreeForm {
                    data: b"\x01\x02".to_vec().into(),
                    dataformat: 0,
                    version: 0
                },
            ]))
        );
    }

    #[test]
    fn zero_length_atoms_do_not_loop() {
        let mut bad = 0u32.to_be_bytes().to_vec();
        bad.extend_from_slice(b"name");
        bad.extend_from_slice(&[0; 8]);
        let tags = tags_of(&[
            atom(b"covr", &bad),
            atom(b"\xa9nam", &[0, 0, 0, 0, b'd', b'a', b't', b'a']),
        ]);
        assert!(tags.unwrap().unwrap().items().is_empty());
    }

    #[test]
    fn padding_is_the_free_atom_next_to_ilst() {
        let file = |before: &[u8], after: &[u8]| {
            let mut meta = vec![0, 0, 0, 0];
            meta.extend_from_slice(before);
            meta.extend(atom(b"ilst", b""));
            meta.extend_from_slice(after);
            atom(b"moov", &atom(b"udta", &atom(b"meta", &meta)))
        };
        let padding_of = |data: Vec<u8>| {
            let src = SliceSource::new(&data);
            let mut tree = super::super::atom::read_tree(&src).unwrap();
            read_tags(tree.moov.as_ref(), &mut tree.io)
                .unwrap()
                .unwrap()
                .padding
        };
        assert_eq!(padding_of(file(b"", b"")), 0);
        assert_eq!(padding_of(file(&atom(b"free", &[0; 10]), b"")), 10);
        assert_eq!(
            padding_of(file(&atom(b"hdlr", b""), &atom(b"free", &[0; 7]))),
            7
        );
        // Before the first child comes the last one, as Python indexes.
        assert_eq!(
            padding_of(file(
                b"",
                &[atom(b"hdlr", b""), atom(b"free", &[0; 3])].concat()
            )),
            3
        );
    }

    #[test]
    fn the_fatal_check_agrees_with_the_reader() {
        // Every prefix of each item, with its length field kept: the check fails the file
        // exactly where reading the item does.
        let mut cover = atom(b"name", b"x");
        cover.extend(data(14, b"PNGDATA"));
        cover.extend(data(0, b"JPG"));
        let mut ff = atom(b"mean", &[&[0u8; 4][..], b"com.apple.iTunes"].concat());
        ff.extend(atom(b"name", &[&[0u8; 4][..], b"iTunNORM"].concat()));
        ff.extend(data(1, b" 0000"));
        let items = [
            (b"covr", cover),
            (b"----", ff),
            (
                b"trkn",
                [data(0, &[0, 0, 0, 3, 0, 12, 0, 0]), data(0, &[0; 6])].concat(),
            ),
            (b"disk", data(0, &[0, 0, 0, 1, 0, 2])),
            (b"\xa9nam", data(1, b"Title")),
            (b"cpil", data(21, &[1])),
        ];
        let mut fatal = 0;
        for (name, payload) in &items {
            for cut in 0..=payload.len() {
                let whole = atom(*name, payload);
                let at = Atom {
                    name: **name,
                    offset: 0,
                    length: whole.len() as u64,
                    data_offset: 8,
                    children: None,
                };
                let data = &payload[..cut];
                let read = parse_item(&mut ItemMap::default(), &at, data);
                let checked = check_item(&at, data);
                let is_fatal = |r: &ItemResult| matches!(r, Err(Fail::Fatal(_)));
                assert_eq!(is_fatal(&read), is_fatal(&checked), "{name:?} cut at {cut}");
                fatal += usize::from(is_fatal(&read));
            }
        }
        assert!(fatal > 0);
    }

    #[test]
    fn empty_items_still_make_keys() {
        let tags = tags_of(&[atom(b"\xa9alb", b""), atom(b"cpil", b"")])
            .unwrap()
            .unwrap();
        assert_eq!(tags.items(), [("\u{a9}alb".into(), Value::List(vec![]))]);
    }

    #[test]
    fn read_meta_keeps_failed_items_and_padding() {
        let items = [
            atom(b"\xa9nam", &data(1, b"Title")),
            atom(b"purl", &data(3, b"foo")),
            atom(b"\xa9ART", &data(1, b"\xff")),
            atom(b"\xa9nam", &data(1, b"Two")),
        ]
        .concat();
        let mut payload = vec![0, 0, 0, 0];
        payload.extend(atom(b"free", &[0; 10]));
        payload.extend(atom(b"ilst", &items));
        let file = atom(b"meta", &payload);
        let src = SliceSource::new(&file);
        let (meta, _) = super::super::atom::parse_atom(&src, 0, 1, true).unwrap();
        let read = read_meta(&meta, &src).unwrap();
        assert_eq!(read.padding, 10);
        assert_eq!(
            read.items,
            vec![("\u{a9}nam".into(), texts(&["Title", "Two"]))]
        );
        let failed: Vec<(&str, &[u8])> = read
            .failed
            .iter()
            .map(|(k, d)| (k.as_ref(), d.as_slice()))
            .collect();
        assert_eq!(
            failed,
            vec![
                ("purl", data(3, b"foo").as_slice()),
                ("\u{a9}ART", data(1, b"\xff").as_slice()),
            ]
        );
        // A meta without ilst has nothing.
        let bare = atom(b"meta", &[0, 0, 0, 0]);
        let src = SliceSource::new(&bare);
        let (meta, _) = super::super::atom::parse_atom(&src, 0, 1, true).unwrap();
        assert_eq!(read_meta(&meta, &src).unwrap(), MetaItems::default());
    }
}
