//! Saving MP4 tags (`MP4Tags.save`, `MP4Tags.delete`): the writer beside the reader.
//!
//! The caller renders the new `ilst` atom (the binding renders mutagen's item objects), and
//! [`save`] puts it in the file as `mutagen.mp4` does:
//! - with a `moov.udta.meta.ilst` path, the `ilst` atom (and a `free` atom beside it, if
//!   there is one) gives way to the new `ilst` followed by a `free` atom of the padding the
//!   caller picks;
//! - without one, a new `meta` atom (a `hdlr`, the `ilst` and a `free` atom) goes at the start
//!   of `moov.udta`'s payload, wrapped in a new `udta` when `moov` has none.
//!
//! The bytes after the edit move in place ([`crate::edit`]); then the sizes of the atoms
//! around the edit change by as much, and so do the chunk offsets that point past it: the
//! `stco` and `co64` tables in `moov`, and the base data offsets of the `tfhd` atoms in the
//! first `moof`.

use crate::edit::{self, Target, TargetSource};
use crate::error::{Error, ErrorKind, Result};

use super::atom::{top_level, Atom};
use super::constants::{IMPLICIT, INTEGER, UTF8};
use super::{Item, Value};

/// The most padding a `free` atom gets (mutagen's cap).
const MAX_PADDING: i64 = 0xFFFF_FFFF;

/// An atom of `name` around `payload`, with a 64-bit size when 32 bits do not hold it (as
/// mutagen's `Atom.render`).
#[must_use]
pub fn render_atom(name: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 16);
    write_atom_head(&mut out, name, payload.len() as u64);
    out.extend_from_slice(payload);
    out
}

/// The size of an atom around `payload_len` bytes: its header (8 bytes, or 16 with a 64-bit
/// size) and the payload.
#[must_use]
pub fn atom_size(payload_len: u64) -> u64 {
    if u32::try_from(payload_len + 8).is_ok() {
        payload_len + 8
    } else {
        payload_len + 16
    }
}

/// Append the header of an atom named `name` around `payload_len` bytes: a 32-bit size, or
/// the size 1 followed by a 64-bit size when 32 bits do not hold it.
pub fn write_atom_head(out: &mut Vec<u8>, name: &[u8; 4], payload_len: u64) {
    let size = payload_len + 8;
    if let Ok(small) = u32::try_from(size) {
        out.extend_from_slice(&small.to_be_bytes());
        out.extend_from_slice(name);
    } else {
        out.extend_from_slice(&1u32.to_be_bytes());
        out.extend_from_slice(name);
        out.extend_from_slice(&(size + 8).to_be_bytes());
    }
}

/// One `data` atom of an `ilst` item: its version and type (the version in the top byte, the
/// type in the low 24 bits, as read into [`crate::mp4::Item`]) and its value.
#[derive(Clone, Copy, Debug)]
pub struct Data<'a> {
    /// The atom's version-and-flags word.
    pub version_flags: u32,
    /// The value's bytes.
    pub value: &'a [u8],
}

impl Data<'_> {
    /// The size of the `data` atom: its header, the version-and-flags word, the zero locale
    /// word and the value.
    fn size(&self) -> u64 {
        atom_size(self.value.len() as u64 + 8)
    }
}

/// Append an `ilst` item atom named `name`: `prefix` (the `mean` and `name` atoms of a
/// freeform item; empty for the others), then one `data` atom per value, as iTunes and
/// mutagen write them.
pub fn write_item(out: &mut Vec<u8>, name: &[u8; 4], prefix: &[u8], data: &[Data<'_>]) {
    write_item_with(out, name, prefix, data, &mut |out, value| {
        out.extend_from_slice(value);
    });
}

/// [`write_item`], with each value handed to `value` (`out` and the value) to append, so that
/// a caller may write a large value from where it is instead of copying it into `out`.
pub fn write_item_with(
    out: &mut Vec<u8>,
    name: &[u8; 4],
    prefix: &[u8],
    data: &[Data<'_>],
    value: &mut dyn FnMut(&mut Vec<u8>, &[u8]),
) {
    let payload = prefix.len() as u64 + data.iter().map(Data::size).sum::<u64>();
    write_atom_head(out, name, payload);
    out.extend_from_slice(prefix);
    for d in data {
        write_atom_head(out, b"data", d.value.len() as u64 + 8);
        out.extend_from_slice(&d.version_flags.to_be_bytes());
        out.extend_from_slice(&[0; 4]);
        value(out, d.value);
    }
}

/// Append the `mean` or `name` atom of a freeform item (`kind`): a zero version-and-flags
/// word, then `text`. `None` when its size does not fit 32 bits (mutagen's `struct` error).
#[must_use]
pub fn write_freeform_label(out: &mut Vec<u8>, kind: &[u8; 4], text: &[u8]) -> Option<()> {
    let size = u32::try_from(text.len() + 12).ok()?;
    out.extend_from_slice(&size.to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(text);
    Some(())
}

/// How an `ilst` item is written, by the first four bytes of its key (iTunes' and mutagen's
/// layout of each item).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// UTF-8 text, one `data` atom per string (every key without a kind of its own).
    Text,
    /// Freeform (`----:mean:name`): `mean` and `name` atoms, then the values.
    Freeform,
    /// Number pairs, with a trailing zero (`trkn`) or without (`disk`).
    Pair {
        /// Whether a zero follows the total.
        trailing: bool,
    },
    /// A flag: one byte, 0 or 1.
    Bool,
    /// Covers, typed by their image format.
    Cover,
    /// Signed integers, at least this many bytes wide.
    Integer(usize),
    /// Not written (`gnre`; the genre is written as `\u{a9}gen` text).
    Refused,
}

impl ItemKind {
    /// The kind of the item of `key` (its Latin-1 bytes), by its first four bytes: text for a
    /// shorter key.
    #[must_use]
    pub fn of_key(key: &[u8]) -> ItemKind {
        key.get(..4).map_or(ItemKind::Text, ItemKind::of)
    }

    /// The kind of the item whose key starts with `name` (its first four bytes).
    #[must_use]
    pub fn of(name: &[u8]) -> ItemKind {
        match name {
            b"----" => ItemKind::Freeform,
            b"trkn" => ItemKind::Pair { trailing: true },
            b"disk" => ItemKind::Pair { trailing: false },
            b"cpil" | b"pgap" | b"pcst" => ItemKind::Bool,
            b"covr" => ItemKind::Cover,
            b"plID" => ItemKind::Integer(8),
            b"cnID" | b"geID" | b"atID" | b"sfID" | b"cmID" | b"tvsn" | b"tves" => {
                ItemKind::Integer(4)
            }
            b"tmpo" | b"\xa9mvi" | b"\xa9mvc" => ItemKind::Integer(2),
            b"akID" | b"shwm" | b"stik" | b"hdvd" | b"rtng" => ItemKind::Integer(1),
            b"gnre" => ItemKind::Refused,
            _ => ItemKind::Text,
        }
    }
}

/// The keys written first, in iTunes' order, by their first four characters; the others
/// follow them.
const SORT_ORDER: [&str; 17] = [
    "\u{a9}nam",
    "\u{a9}ART",
    "\u{a9}wrt",
    "\u{a9}alb",
    "\u{a9}gen",
    "gnre",
    "trkn",
    "disk",
    "\u{a9}day",
    "cpil",
    "pgap",
    "pcst",
    "tmpo",
    "\u{a9}too",
    "----",
    "covr",
    "\u{a9}lyr",
];

/// The rank of a key in the order items are written: its place in iTunes' order of the
/// well-known keys (by the first four characters), the others after them. mutagen breaks
/// ties by the length and then the text of the value's Python `repr`.
#[must_use]
pub fn sort_rank(key: &str) -> usize {
    let end = key.char_indices().nth(4).map_or(key.len(), |(i, _)| i);
    let head = &key[..end];
    SORT_ORDER
        .iter()
        .position(|k| *k == head)
        .unwrap_or(SORT_ORDER.len())
}

/// `key` as Latin-1 bytes (as an item's key is written); `None` when a character is past
/// U+00FF.
#[must_use]
pub fn latin1_key(key: &str) -> Option<Vec<u8>> {
    key.chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect()
}

/// The atom name of an item: its key's first four bytes, padded with zero bytes.
#[must_use]
pub fn item_name(key: &[u8]) -> [u8; 4] {
    let mut name = [0u8; 4];
    let n = key.len().min(4);
    name[..n].copy_from_slice(&key[..n]);
    name
}

/// The `mean` and `name` atoms of a freeform key (`----:mean:name`), or `None` when the key
/// does not split so.
#[must_use]
pub fn freeform_prefix(key: &[u8]) -> Option<Vec<u8>> {
    let mut parts = key.splitn(3, |&b| b == b':').skip(1);
    let (mean, label) = (parts.next()?, parts.next()?);
    let mut prefix = Vec::with_capacity(mean.len() + label.len() + 24);
    write_freeform_label(&mut prefix, b"mean", mean)?;
    write_freeform_label(&mut prefix, b"name", label)?;
    Some(prefix)
}

/// The `ilst` atom of `items` (as [`crate::mp4::Mp4Tags::items`] gives them), in the order
/// given, each written by its key's [`ItemKind`]. `None` when an item cannot be written so
/// (a value of another kind, a `gnre` key, a key past Latin-1, a number out of its range),
/// where mutagen's save raises.
#[must_use]
pub fn render_ilst<K: AsRef<str>>(items: &[(K, Value)]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    for (key, value) in items {
        render_value(&mut body, key.as_ref(), value)?;
    }
    let mut out = Vec::with_capacity(body.len() + 16);
    write_atom_head(&mut out, b"ilst", body.len() as u64);
    out.extend_from_slice(&body);
    Some(out)
}

/// Append the item atom of `key` and `value`.
fn render_value(out: &mut Vec<u8>, key: &str, value: &Value) -> Option<()> {
    let key = latin1_key(key)?;
    let kind = ItemKind::of_key(&key);
    let name = item_name(&key);
    let list = match (kind, value) {
        (ItemKind::Bool, Value::Bool(b)) => {
            let byte = [u8::from(*b)];
            write_item(
                out,
                &name,
                &[],
                &[Data {
                    version_flags: INTEGER,
                    value: &byte,
                }],
            );
            return Some(());
        }
        (_, Value::List(list)) => list,
        _ => return None,
    };
    let mut owned: Vec<([u8; 8], usize)> = Vec::new();
    let mut data = Vec::with_capacity(list.len());
    let mut prefix = Vec::new();
    for item in list {
        match (kind, item) {
            (ItemKind::Text, Item::Text(t)) => data.push(Data {
                version_flags: UTF8,
                value: t.as_bytes(),
            }),
            (ItemKind::Integer(min), Item::Int(n)) => owned.push(int_data(*n, min)?),
            (ItemKind::Pair { trailing }, Item::Pair(n, t)) => {
                let mut buf = [0u8; 8];
                buf[2..4].copy_from_slice(&n.to_be_bytes());
                buf[4..6].copy_from_slice(&t.to_be_bytes());
                owned.push((buf, if trailing { 8 } else { 6 }));
            }
            (
                ItemKind::Cover,
                Item::Cover {
                    data: d, format, ..
                },
            ) => {
                data.push(Data {
                    version_flags: *format,
                    value: d,
                });
            }
            (
                ItemKind::Freeform,
                Item::FreeForm {
                    data: d,
                    dataformat,
                    version,
                },
            ) => {
                let word = (u64::from(*version) << 24) | u64::from(*dataformat);
                let version_flags = u32::try_from(word).ok()?;
                data.push(Data {
                    version_flags,
                    value: d,
                });
            }
            _ => return None,
        }
    }
    let flags = match kind {
        ItemKind::Integer(_) => INTEGER,
        _ => IMPLICIT,
    };
    data.extend(owned.iter().map(|(buf, n)| Data {
        version_flags: flags,
        value: &buf[..*n],
    }));
    if kind == ItemKind::Freeform {
        prefix = freeform_prefix(&key)?;
    }
    let name = if kind == ItemKind::Freeform {
        *b"----"
    } else {
        name
    };
    write_item(out, &name, &prefix, &data);
    Some(())
}

/// A signed big-endian integer in the smallest of 1, 2, 4 or 8 bytes that holds `value` and
/// is at least `min_bytes` long: the value of an integer item. `None` when none does.
#[must_use]
pub fn int_data(value: i64, min_bytes: usize) -> Option<([u8; 8], usize)> {
    let mut out = [0u8; 8];
    for size in [1usize, 2, 4, 8] {
        let bits = size * 8 - 1;
        let fits = size == 8 || (-(1i64 << bits)..(1i64 << bits)).contains(&value);
        if size >= min_bytes && fits {
            out[..size].copy_from_slice(&value.to_be_bytes()[8 - size..]);
            return Some((out, size));
        }
    }
    None
}

/// A `free` atom holding `padding` zero bytes (none when negative), `padding` capped first.
fn free_atom(padding: i64) -> Vec<u8> {
    let n = usize::try_from(padding.min(MAX_PADDING)).unwrap_or(0);
    render_atom(b"free", &vec![0u8; n])
}

fn struct_error(msg: &'static str) -> Error {
    Error::Malformed(ErrorKind::BuiltinStructError, msg)
}

/// Save the rendered `ilst` atom into the MP4 file `t`, as `MP4Tags.save` does.
///
/// `padding(padding, content_size)` picks the padding (mutagen's `PaddingInfo`): `padding` is
/// the room left over (negative when there is none), `content_size` the size of what follows
/// the tags; a negative answer means none.
///
/// # Errors
/// The reader's MP4 errors when the atoms do not walk; [`ErrorKind::BuiltinKeyError`] without
/// a `moov` atom; [`ErrorKind::BuiltinValueError`] when the tags' atoms reach past the end of
/// the file; [`ErrorKind::Mp4Metadata`] when a chunk offset table does not hold its count of
/// entries or an offset leaves its range; [`ErrorKind::BuiltinStructError`] for an atom too
/// short to hold its fields, or a size that leaves its range; the target's I/O errors, and
/// `padding`'s.
pub fn save(
    t: &mut dyn Target,
    ilst: &[u8],
    padding: &mut dyn FnMut(i64, i64) -> Result<i64>,
) -> Result<()> {
    save_parts(t, &[ilst], padding)
}

/// [`save`] for an `ilst` atom given as parts laid end to end (its header, its items, a
/// cover's bytes), written one after the other without being joined first.
///
/// # Errors
/// As [`save`].
pub fn save_parts(
    t: &mut dyn Target,
    ilst: &[&[u8]],
    padding: &mut dyn FnMut(i64, i64) -> Result<i64>,
) -> Result<()> {
    let size = t.size()?;
    let atoms = top_level(&TargetSource::new(t, size), &[b"moov", b"moof"])?;
    let Some(moov) = atoms.iter().find(|a| &a.name == b"moov") else {
        return Err(Error::Malformed(
            ErrorKind::BuiltinKeyError,
            "'moov' not found",
        ));
    };
    let moof = atoms.iter().find(|a| &a.name == b"moof");
    let udta = moov.child(b"udta");
    let meta = udta.and_then(|u| u.child(b"meta"));
    let old = meta.and_then(|m| m.child(b"ilst"));
    let (offset, delta) = if let (Some(udta), Some(meta), Some(old)) = (udta, meta, old) {
        let (offset, delta) = replace_ilst(t, size, meta, old, ilst, padding)?;
        update_parents(t, &[moov, udta, meta], delta)?;
        (offset, delta)
    } else {
        let parent = udta.unwrap_or(moov);
        let (offset, delta) = insert_meta(t, size, parent, ilst, padding)?;
        let path: &[&Atom] = if udta.is_some() {
            &[moov, parent]
        } else {
            &[moov]
        };
        update_parents(t, path, delta)?;
        (offset, delta)
    };
    update_offsets(t, moov, moof, delta, offset)?;
    t.flush()
}

/// The room of the old `ilst` (with an adjacent `free` atom, found as mutagen finds it) given
/// to the new one and its padding: the edit's offset and how much the file grew.
fn replace_ilst(
    t: &mut dyn Target,
    size: u64,
    meta: &Atom,
    old: &Atom,
    ilst: &[&[u8]],
    padding: &mut dyn FnMut(i64, i64) -> Result<i64>,
) -> Result<(u64, i64)> {
    let children = meta.children.as_deref().unwrap_or_default();
    let index = children
        .iter()
        .position(|c| &c.name == b"ilst")
        .unwrap_or(0);
    // Only a `free` atom right before or after counts. (For an `ilst` that is `meta`'s first
    // child, mutagen 1.48.1 takes `children[-1]`, the last child, and when that is a `free`
    // atom it overwrites the atoms between: the saved file no longer reads. Not copied.)
    let before = index.checked_sub(1).and_then(|i| children.get(i));
    let free = before
        .filter(|a| &a.name == b"free")
        .or_else(|| children.get(index + 1).filter(|a| &a.name == b"free"));
    let (mut offset, mut length) = (old.offset, old.length);
    if let Some(free) = free {
        offset = offset.min(free.offset);
        length = length.saturating_add(free.length);
    }
    let content = i64_of(size) - i64_of(offset.saturating_add(length));
    let ilst_len = parts_len(ilst);
    let room = i64_of(length) - (i64_of(ilst_len) + 8);
    let chosen = padding(room, content)?;
    let free = free_atom(chosen);
    let mut data = ilst.to_vec();
    data.push(&free);
    let new_len = ilst_len + free.len() as u64;
    edit::resize(t, offset, length, new_len)?;
    t.write_parts_at(offset, &data)?;
    Ok((offset, i64_of(new_len) - i64_of(length)))
}

/// The length of parts laid end to end.
fn parts_len(parts: &[&[u8]]) -> u64 {
    parts.iter().map(|p| p.len() as u64).sum()
}

/// A new `meta` atom (in a new `udta` when `parent` is `moov`) at the start of `parent`'s
/// payload: the edit's offset and its length.
fn insert_meta(
    t: &mut dyn Target,
    size: u64,
    parent: &Atom,
    ilst: &[&[u8]],
    padding: &mut dyn FnMut(i64, i64) -> Result<i64>,
) -> Result<(u64, i64)> {
    let hdlr = render_atom(b"hdlr", b"\0\0\0\0\0\0\0\0mdirappl\0\0\0\0\0\0\0\0\0");
    // `meta`'s payload: its version-and-flags word, `hdlr`, `ilst`, then the padding.
    let before_ilst = 4 + hdlr.len() as u64;
    let offset = parent.data_offset;
    let unpadded = before_ilst + parts_len(ilst);
    let chosen = padding(-i64_of(unpadded), i64_of(size) - i64_of(offset))?;
    let free = free_atom(chosen);
    let meta_len = unpadded + free.len() as u64;
    let mut head = Vec::with_capacity(48 + hdlr.len());
    if &parent.name != b"udta" {
        write_atom_head(&mut head, b"udta", atom_size(meta_len));
    }
    write_atom_head(&mut head, b"meta", meta_len);
    head.extend_from_slice(&[0; 4]);
    head.extend_from_slice(&hdlr);
    let mut data = Vec::with_capacity(ilst.len() + 2);
    data.push(&head[..]);
    data.extend_from_slice(ilst);
    data.push(&free);
    let total = parts_len(&data);
    edit::resize(t, offset, 0, total)?;
    t.write_parts_at(offset, &data)?;
    Ok((offset, i64_of(total)))
}

fn i64_of(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Read exactly `N` bytes at `at`, or fail as Python's `struct.unpack` on fewer.
fn read_array<const N: usize>(t: &mut dyn Target, at: u64) -> Result<[u8; N]> {
    let mut buf = [0u8; N];
    if t.read_at(at, &mut buf)? != N {
        return Err(struct_error("unpack requires more bytes"));
    }
    Ok(buf)
}

/// Change the size field of each atom of `path` by `delta` (32- or 64-bit, as each has).
fn update_parents(t: &mut dyn Target, path: &[&Atom], delta: i64) -> Result<()> {
    if delta == 0 {
        return Ok(());
    }
    for atom in path {
        let size = u32::from_be_bytes(read_array::<4>(t, atom.offset)?);
        if size == 1 {
            let big = u64::from_be_bytes(read_array::<8>(t, atom.offset + 8)?);
            let new = big
                .checked_add_signed(delta)
                .ok_or(struct_error("atom size out of range"))?;
            t.write_at(atom.offset + 8, &new.to_be_bytes())?;
        } else {
            let new = i64::from(size) + delta;
            let new = u32::try_from(new).map_err(|_| struct_error("atom size out of range"))?;
            t.write_at(atom.offset, &new.to_be_bytes())?;
        }
    }
    Ok(())
}

/// Every atom named `name` below `atom`, depth first in file order (mutagen's recursive
/// `findall`).
fn find_all<'a>(atom: &'a Atom, name: [u8; 4], out: &mut Vec<&'a Atom>) {
    for child in atom.children.as_deref().unwrap_or_default() {
        if child.name == name {
            out.push(child);
        }
        find_all(child, name, out);
    }
}

/// Move the chunk offsets that point past `offset` by `delta`: every `stco` and `co64` table
/// in `moov`, and the base data offset of every `tfhd` in `moof`.
fn update_offsets(
    t: &mut dyn Target,
    moov: &Atom,
    moof: Option<&Atom>,
    delta: i64,
    offset: u64,
) -> Result<()> {
    if delta == 0 {
        return Ok(());
    }
    let moved = |at: u64| {
        if at > offset {
            at.saturating_add_signed(delta)
        } else {
            at
        }
    };
    for (name, width) in [(b"stco", 4usize), (b"co64", 8)] {
        let mut tables = Vec::new();
        find_all(moov, *name, &mut tables);
        for atom in tables {
            update_table(t, atom, moved(atom.offset), width, delta, offset)?;
        }
    }
    if let Some(moof) = moof {
        let mut headers = Vec::new();
        find_all(moof, *b"tfhd", &mut headers);
        for atom in headers {
            update_tfhd(t, atom, moved(atom.offset), delta, offset)?;
        }
    }
    Ok(())
}

/// One `stco` (`width` 4) or `co64` (8) table, now at `at`: its entries past `offset` moved by
/// `delta`. The table must fill the atom (from byte 16 on) exactly, as mutagen's unpacking
/// requires.
fn update_table(
    t: &mut dyn Target,
    atom: &Atom,
    at: u64,
    width: usize,
    delta: i64,
    offset: u64,
) -> Result<()> {
    let wrong = || {
        Error::Malformed(
            ErrorKind::Mp4Metadata,
            if width == 4 {
                "wrong offset inside b'stco'"
            } else {
                "wrong offset inside b'co64'"
            },
        )
    };
    let size = t.size()?;
    // What mutagen reads: the atom's length less 12 bytes (all the rest of the file for an
    // atom shorter than that), as far as the file goes.
    let rest = size.saturating_sub(at.saturating_add(12));
    let body = atom.length.checked_sub(12).map_or(rest, |n| n.min(rest));
    let count = u64::from(u32::from_be_bytes(read_array::<4>(t, at + 12)?));
    if count
        .checked_mul(width as u64)
        .and_then(|n| n.checked_add(4))
        != Some(body)
    {
        return Err(wrong());
    }
    let len = usize::try_from(body - 4).map_err(|_| wrong())?;
    let mut table = vec![0u8; len];
    if t.read_at(at + 16, &mut table)? != len {
        return Err(wrong());
    }
    for entry in table.chunks_exact_mut(width) {
        if width == 4 {
            let o = u64::from(u32::from_be_bytes([entry[0], entry[1], entry[2], entry[3]]));
            let o = if offset < o {
                o.checked_add_signed(delta)
            } else {
                Some(o)
            };
            let o = o.and_then(|o| u32::try_from(o).ok()).ok_or_else(wrong)?;
            entry.copy_from_slice(&o.to_be_bytes());
        } else {
            let mut b = [0u8; 8];
            b.copy_from_slice(entry);
            let o = u64::from_be_bytes(b);
            let o = if offset < o {
                o.checked_add_signed(delta)
            } else {
                Some(o)
            };
            entry.copy_from_slice(&o.ok_or_else(wrong)?.to_be_bytes());
        }
    }
    t.write_at(at + 16, &table)
}

/// One `tfhd` atom, now at `at`: its base data offset (when its flags say it has one) moved by
/// `delta` when it points past `offset`, and written back.
fn update_tfhd(t: &mut dyn Target, atom: &Atom, at: u64, delta: i64, offset: u64) -> Result<()> {
    // mutagen reads the atom from byte 9 on; only the first 15 of those bytes count.
    let size = t.size()?;
    let rest = size.saturating_sub(at.saturating_add(9));
    let body = atom.length.checked_sub(9).map_or(rest, |n| n.min(rest));
    let mut head = [0u8; 15];
    let want = usize::try_from(body.min(15)).unwrap_or(15);
    let got = t.read_at(at + 9, &mut head[..want])?;
    if got < 3 {
        return Err(struct_error("unpack requires a buffer of 4 bytes"));
    }
    if head[2] & 1 == 0 {
        return Ok(());
    }
    if got < 15 {
        return Err(struct_error("unpack requires a buffer of 8 bytes"));
    }
    let mut b = [0u8; 8];
    b.copy_from_slice(&head[7..15]);
    let mut o = u64::from_be_bytes(b);
    if o > offset {
        o = o
            .checked_add_signed(delta)
            .ok_or(struct_error("offset out of range"))?;
    }
    t.write_at(at + 16, &o.to_be_bytes())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::mp4::atom::test_atom as atom;

    #[test]
    fn an_item_holds_its_data_atoms_after_its_prefix() {
        let mut out = Vec::new();
        let data = [
            Data {
                version_flags: 1,
                value: b"ab",
            },
            Data {
                version_flags: 0x0200_0015,
                value: b"",
            },
        ];
        write_item(&mut out, b"\xa9nam", b"pre", &data);
        let body = [
            &b"pre"[..],
            &atom(b"data", b"\0\0\0\x01\0\0\0\0ab"),
            &atom(b"data", b"\x02\0\0\x15\0\0\0\0"),
        ]
        .concat();
        assert_eq!(out, atom(b"\xa9nam", &body));
    }

    #[test]
    fn a_head_takes_a_64_bit_size_past_32_bits() {
        let mut out = Vec::new();
        write_atom_head(&mut out, b"data", u64::from(u32::MAX));
        assert_eq!(&out[..8], b"\0\0\0\x01data");
        assert_eq!(out[8..], (u64::from(u32::MAX) + 16).to_be_bytes());
        assert_eq!(atom_size(u64::from(u32::MAX)), u64::from(u32::MAX) + 16);
        assert_eq!(atom_size(u64::from(u32::MAX) - 8), u64::from(u32::MAX));
    }

    #[test]
    fn a_freeform_label_is_a_full_atom_of_its_text() {
        let mut out = Vec::new();
        write_freeform_label(&mut out, b"mean", b"com.apple.iTunes").unwrap();
        assert_eq!(out, atom(b"mean", b"\0\0\0\0com.apple.iTunes"));
    }

    #[test]
    fn integers_take_the_smallest_width_from_their_minimum() {
        let cases: [(i64, usize, &[u8]); 7] = [
            (5, 1, &[5]),
            (-128, 1, &[0x80]),
            (128, 1, &[0, 128]),
            (5, 2, &[0, 5]),
            (-1, 4, &[0xff; 4]),
            (1 << 31, 1, &[0, 0, 0, 0, 0x80, 0, 0, 0]),
            (7, 8, &[0, 0, 0, 0, 0, 0, 0, 7]),
        ];
        for (value, min, want) in cases {
            let (buf, n) = int_data(value, min).unwrap();
            assert_eq!(&buf[..n], want, "{value} at least {min} bytes");
        }
        assert!(int_data(1, 9).is_none());
    }

    /// A file: `ftyp`, `moov` (with a `trak` holding an `stco` table pointing into `mdat`,
    /// and `udta` built by `udta`), then `mdat`.
    fn file(udta: Option<Vec<u8>>) -> (Vec<u8>, u64) {
        let ftyp = atom(b"ftyp", b"M4A \0\0\0\0");
        let mut stco = vec![0, 0, 0, 0, 0, 0, 0, 2];
        stco.extend_from_slice(&[0; 8]); // offsets, filled in below
        let stco = atom(b"stco", &stco);
        let trak = atom(
            b"trak",
            &atom(b"mdia", &atom(b"minf", &atom(b"stbl", &stco))),
        );
        let mut moov_payload = trak;
        if let Some(u) = udta {
            moov_payload.extend(u);
        }
        let moov = atom(b"moov", &moov_payload);
        let mdat = atom(b"mdat", b"audio-bytes");
        let audio_at = (ftyp.len() + moov.len() + 8) as u32;
        let mut out = [ftyp, moov, mdat].concat();
        // The two chunk offsets: the audio, and a byte before the moov (left alone).
        let table_at = out.windows(4).position(|w| w == b"stco").unwrap() + 12;
        out[table_at..table_at + 4].copy_from_slice(&audio_at.to_be_bytes());
        out[table_at + 4..table_at + 8].copy_from_slice(&4u32.to_be_bytes());
        (out, u64::from(audio_at))
    }

    fn chunk_offsets(data: &[u8]) -> (u32, u32) {
        let at = data.windows(4).position(|w| w == b"stco").unwrap() + 12;
        let word = |i: usize| u32::from_be_bytes(data[i..i + 4].try_into().unwrap());
        (word(at), word(at + 4))
    }

    fn audio(data: &[u8]) -> &[u8] {
        let at = data.windows(4).position(|w| w == b"mdat").unwrap() + 4;
        &data[at..]
    }

    #[test]
    fn a_new_udta_is_made_and_the_offsets_follow() {
        let (mut data, audio_at) = file(None);
        let ilst = atom(
            b"ilst",
            &atom(b"\xa9nam", &atom(b"data", b"\0\0\0\x01\0\0\0\0x")),
        );
        let mut asked = None;
        let mut pad = |p, c| {
            asked = Some((p, c));
            Ok(5)
        };
        save(&mut data, &ilst, &mut pad).unwrap();
        assert_eq!(audio(&data), b"audio-bytes");
        let (first, second) = chunk_offsets(&data);
        let mdat = data.windows(4).position(|w| w == b"mdat").unwrap() as u32 + 4;
        assert_eq!(first, mdat);
        assert_eq!(second, 4);
        assert!(u64::from(first) > audio_at);
        // The padding asked about: none left, for the meta atom's payload.
        let (p, _) = asked.unwrap();
        assert_eq!(p, -(4 + 33 + ilst.len() as i64));
        // And the tree walks, with the sizes right.
        let atoms = top_level(&crate::source::SliceSource::new(&data), &[b"moov"]).unwrap();
        let moov = atoms.iter().find(|a| &a.name == b"moov").unwrap();
        let ilst_atom = moov.path(&[b"udta", b"meta", b"ilst"]).unwrap();
        assert_eq!(ilst_atom.length, ilst.len() as u64);
        let free = moov.path(&[b"udta", b"meta", b"free"]).unwrap();
        assert_eq!(free.length, 8 + 5);
    }

    #[test]
    fn an_ilst_is_replaced_with_its_free_atom_and_shrinks() {
        let old_ilst = atom(b"ilst", &atom(b"\xa9nam", &[7u8; 100]));
        let mut meta = vec![0u8; 4];
        meta.extend(atom(b"hdlr", b"\0\0\0\0\0\0\0\0mdirappl\0\0\0\0\0\0\0\0\0"));
        meta.extend(&old_ilst);
        meta.extend(atom(b"free", &[0u8; 50]));
        let (mut data, _) = file(Some(atom(b"udta", &atom(b"meta", &meta))));
        let before = data.len();
        let ilst = atom(b"ilst", b"");
        let mut pad = |p: i64, _c: i64| {
            assert_eq!(p, (old_ilst.len() + 58) as i64 - 16);
            Ok(0)
        };
        save(&mut data, &ilst, &mut pad).unwrap();
        assert_eq!(data.len(), before - (old_ilst.len() + 58) + 16);
        assert_eq!(audio(&data), b"audio-bytes");
        let mdat = data.windows(4).position(|w| w == b"mdat").unwrap() as u32 + 4;
        assert_eq!(chunk_offsets(&data).0, mdat);
        let atoms = top_level(&crate::source::SliceSource::new(&data), &[b"moov"]).unwrap();
        let moov = atoms.iter().find(|a| &a.name == b"moov").unwrap();
        assert_eq!(moov.path(&[b"udta", b"meta", b"ilst"]).unwrap().length, 8);
    }

    #[test]
    fn a_table_that_does_not_fill_its_atom_is_refused() {
        let (mut data, _) = file(None);
        let at = data.windows(4).position(|w| w == b"stco").unwrap() + 8;
        data[at..at + 4].copy_from_slice(&3u32.to_be_bytes());
        let err = save(&mut data, &atom(b"ilst", b""), &mut |_, _| Ok(0)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Mp4Metadata);
    }

    #[test]
    fn no_moov_is_a_key_error() {
        let mut data = atom(b"ftyp", b"M4A ");
        let err = save(&mut data, &atom(b"ilst", b""), &mut |_, _| Ok(0)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BuiltinKeyError);
    }

    #[test]
    fn a_large_payload_gets_a_64_bit_header() {
        let big = render_atom(b"free", &[]);
        assert_eq!(big, b"\0\0\0\x08free");
        assert_eq!(free_atom(-4), b"\0\0\0\x08free");
    }
}
