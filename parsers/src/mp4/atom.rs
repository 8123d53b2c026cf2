//! The atom (box) tree of an MP4 file, walked as `mutagen.mp4` walks it.
//!
//! An atom is a big-endian 32-bit size, a four-byte name and a payload. A size of 1 means a
//! 64-bit size follows the name; a size of 0 (allowed only at the top level) means "to the end
//! of the input". Ten names are containers whose payload is a sequence of child atoms (`meta`
//! after a four-byte version/flags field, always skipped, as mutagen skips it).
//!
//! mutagen reads children with the file position: a container's children are read while the
//! position is before the container's end, and whatever follows resumes where the last child
//! ended, even if that child ran past its parent. [`parse_atom`] returns that position so the
//! walk resumes exactly where mutagen's does. Every atom consumes at least eight bytes, so each
//! loop advances; reads past the end fail as truncated, so a hostile size never allocates.

use std::borrow::Cow;
use std::cell::Cell;
use std::sync::Arc;

use crate::error::{limits, Error, ErrorKind, Result};
use crate::source::Source;
use crate::util::unchecked::{read_u32_be_unchecked, read_u64_be_unchecked, unchecked};

/// The containers mutagen looks inside. Every other atom is a leaf.
pub const CONTAINERS: [&[u8; 4]; 10] = [
    b"moov", b"udta", b"trak", b"mdia", b"meta", b"ilst", b"stbl", b"minf", b"moof", b"traf",
];

/// The message of the error raised where mutagen's seek to the end of a leaf atom overflows a
/// signed 64-bit file offset (Python raises `ValueError` or `OverflowError` there).
pub const SEEK_OVERFLOW: &str = "atom end is past the largest seekable offset";

/// The message of the error raised where atoms nest deeper than Python's recursion limit lets
/// mutagen follow (Python raises `RecursionError` there).
pub const TOO_DEEP: &str = "atoms nest too deeply";

/// How deep containers may nest below a top-level atom before the walk gives up, as mutagen
/// gives up when Python's recursion limit is reached (about 330 levels from a shallow caller;
/// the exact level depends on the caller's own stack depth).
pub const MAX_DEPTH: u32 = 300;

/// The largest offset Python can seek to.
const MAX_SEEK: u64 = i64::MAX as u64;

/// The largest offset a file on ext4 can be positioned at (2^44 - 4096 bytes with 4 KiB
/// blocks). mutagen seeks a real file to the end of every leaf atom, and the operating system
/// refuses a seek past this with `EINVAL`, which mutagen reports as a broken atom. Other file
/// systems allow larger offsets; ext4 is the common case and the one mutagen's results are
/// compared on.
pub const MAX_FILE_SEEK: u64 = (1 << 44) - 4096;

/// The message of the error raised where a seek in the file is refused (see [`MAX_FILE_SEEK`]).
pub const SEEK_REFUSED: &str = "[Errno 22] Invalid argument";

fn atom_error(msg: &'static str) -> Error {
    Error::Malformed(ErrorKind::Mp4, msg)
}

/// One atom: where it is, how long it is, and its children if it is a container.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Atom {
    /// The four-byte name.
    pub name: [u8; 4],
    /// Offset of the size field in the input the atom was read from.
    pub offset: u64,
    /// The whole length, header included (for size 0: up to the end of the input).
    pub length: u64,
    /// Offset of the payload: after the 8- or 16-byte header.
    pub data_offset: u64,
    /// The children of a container (kept only where the caller asked for them), or `None`
    /// for a leaf.
    pub children: Option<Vec<Atom>>,
}

impl Atom {
    /// The payload length: the length without the header.
    #[must_use]
    pub fn data_len(&self) -> u64 {
        self.length.saturating_sub(self.data_offset - self.offset)
    }

    /// Read the payload: `(complete, bytes)`, where `complete` says whether the input held all
    /// of it. Never reads (or allocates) past the end of the input.
    pub fn read<'s>(&self, src: &'s dyn Source) -> Result<(bool, Cow<'s, [u8]>)> {
        let want = self.data_len();
        let len = usize::try_from(want).unwrap_or(usize::MAX);
        let data = src.read_at(self.data_offset, len)?;
        Ok((data.len() as u64 == want, data))
    }

    /// The first child with this name, if this is a container that has one.
    #[must_use]
    pub fn child(&self, name: &[u8; 4]) -> Option<&Atom> {
        self.children.as_ref()?.iter().find(|c| &c.name == name)
    }

    /// Follow a path of names from this atom, first match at each step, as mutagen's
    /// `atom[names]` does.
    #[must_use]
    pub fn path(&self, names: &[&[u8; 4]]) -> Option<&Atom> {
        names.iter().try_fold(self, |atom, name| atom.child(name))
    }

    /// Every direct child with this name, in order.
    pub fn children_named<'a>(&'a self, name: &'a [u8; 4]) -> impl Iterator<Item = &'a Atom> + 'a {
        self.children
            .iter()
            .flatten()
            .filter(move |c| &c.name == name)
    }
}

/// Parse the atom at `offset` and, if it is a container, its children.
///
/// `level` is 0 for an atom not inside another (only those may have size 0). With `keep`
/// false the children are walked (so malformed ones fail as in mutagen) but not stored.
/// Returns the atom and the position where reading resumes after it.
///
/// This is for atoms inside a buffer (as mutagen reads sample entries from a `BytesIO`): seeks
/// are limited only by Python's offset range. [`read_tree`] walks the file itself.
pub fn parse_atom(src: &dyn Source, offset: u64, level: u32, keep: bool) -> Result<(Atom, u64)> {
    walk(
        src,
        offset,
        level,
        keep,
        false,
        &Cell::new(limits::MAX_ATOMS),
    )
}

/// [`parse_atom`], where `file` says whether seeks are those of a real file (see
/// [`MAX_FILE_SEEK`]), and `left` how many more atoms the walk may visit
/// ([`limits::MAX_ATOMS`]).
fn walk(
    src: &dyn Source,
    offset: u64,
    level: u32,
    keep: bool,
    file: bool,
    left: &Cell<usize>,
) -> Result<(Atom, u64)> {
    if level > MAX_DEPTH {
        return Err(Error::Limit(ErrorKind::BuiltinRecursionError, TOO_DEEP));
    }
    let Some(rest) = left.get().checked_sub(1) else {
        return Err(Error::Limit(ErrorKind::Mp4, limits::MSG_ATOMS));
    };
    left.set(rest);
    let head = src.read_at(offset, 16)?;
    if head.len() < 8 {
        return Err(atom_error("truncated data"));
    }
    // SAFETY: `head.len() >= 8` was checked just above.
    let size = unchecked!(read_u32_be_unchecked(&head, 0));
    // SAFETY: as above: bytes 4..8.
    let name = unchecked!(read_u32_be_unchecked(&head, 4)).to_be_bytes();
    let mut length = u64::from(size);
    let mut data_offset = offset + 8;
    if size == 1 {
        if head.len() < 16 {
            return Err(atom_error("truncated data"));
        }
        // SAFETY: `head.len() >= 16` was checked just above.
        length = unchecked!(read_u64_be_unchecked(&head, 8));
        data_offset += 8;
        if length < 16 {
            return Err(atom_error("64 bit atom length can only be 16 and higher"));
        }
    } else if size == 0 {
        if level != 0 {
            return Err(atom_error("only a top-level atom can have zero length"));
        }
        length = src.len().saturating_sub(offset);
    } else if size < 8 {
        return Err(atom_error("atom length can only be 0, 1 or 8 and higher"));
    }

    if CONTAINERS.contains(&&name) {
        let skip = if &name == b"meta" { 4 } else { 0 };
        let end = offset.saturating_add(length);
        let mut pos = data_offset + skip;
        let mut children = Vec::new();
        while pos < end {
            let (child, next) = walk(src, pos, level + 1, keep, file, left)?;
            // Every atom is at least eight bytes long, so this always moves forward.
            debug_assert!(next > pos);
            pos = next;
            if keep {
                children.push(child);
            }
        }
        let atom = Atom {
            name,
            offset,
            length,
            data_offset,
            children: Some(children),
        };
        Ok((atom, pos))
    } else {
        let end = offset.checked_add(length).filter(|&e| e <= MAX_SEEK);
        let Some(end) = end else {
            return Err(Error::Limit(ErrorKind::BuiltinValueError, SEEK_OVERFLOW));
        };
        if file && end > MAX_FILE_SEEK {
            return Err(Error::Malformed(ErrorKind::Mp4, SEEK_REFUSED));
        }
        Ok((
            Atom {
                name,
                offset,
                length,
                data_offset,
                children: None,
            },
            end,
        ))
    }
}

/// Every top-level atom of `src`, walked as mutagen's `Atoms` walks them (each container
/// whole, so that a malformed one anywhere fails), with the subtree of the first atom of each
/// name in `keep` kept (the other containers come with no children).
pub fn top_level(src: &dyn Source, keep: &[&[u8; 4]]) -> Result<Vec<Atom>> {
    let end = src.len();
    let mut pos = 0u64;
    let left = Cell::new(limits::MAX_ATOMS);
    let mut atoms: Vec<Atom> = Vec::new();
    // The names of `keep` met so far (few: the list stays short).
    let mut met: Vec<&[u8; 4]> = Vec::new();
    while pos.checked_add(8).is_some_and(|p| p <= end) {
        let head = src.read_at(pos, 8)?;
        let name = head.get(4..8).unwrap_or_default();
        let first = keep
            .iter()
            .find(|k| &k[..] == name)
            .filter(|k| !met.contains(k));
        if let Some(k) = first {
            met.push(k);
        }
        let (atom, next) = walk(src, pos, 0, first.is_some(), true, &left)?;
        // Every atom is at least eight bytes long, so this always moves forward.
        debug_assert!(next > pos);
        pos = next;
        atoms.push(atom);
    }
    Ok(atoms)
}

/// A source that serves reads inside one range from memory and the rest from the input.
///
/// The `moov` atom is read once, whole, into memory; everything mutagen reads from inside it
/// (headers of children, `ilst` items, `stsd`, ...) is then served from that buffer.
pub struct CachedSource<'a> {
    src: &'a dyn Source,
    start: u64,
    buf: Held<'a>,
}

/// The bytes a [`CachedSource`] holds: the input's own, or a buffer read for it, which large
/// binary values (covers, freeform values) may share (see [`crate::util::shared::Payload`]).
enum Held<'a> {
    Borrowed(&'a [u8]),
    /// A buffer read for this source, and where the bytes start in it (see
    /// [`Source::read_placed`]).
    Read(Arc<Vec<u8>>, usize),
}

impl Held<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Held::Borrowed(b) => b,
            Held::Read(buf, start) => buf.get(*start..).unwrap_or_default(),
        }
    }
}

impl<'a> CachedSource<'a> {
    /// Read `len` bytes at `start` (clamped to the end of the input) into memory.
    pub fn new(src: &'a dyn Source, start: u64, len: u64) -> Result<Self> {
        let len = usize::try_from(len.min(src.len().saturating_sub(start))).unwrap_or(usize::MAX);
        let buf = match src.read_placed(start, len)? {
            (Cow::Borrowed(b), at) => Held::Borrowed(b.get(at..).unwrap_or_default()),
            (Cow::Owned(v), at) => Held::Read(Arc::new(v), at),
        };
        Ok(CachedSource { src, start, buf })
    }

    /// The buffer read for this source, which values may share; `None` when the held bytes
    /// are the input's own.
    #[must_use]
    pub fn shared(&self) -> Option<&Arc<Vec<u8>>> {
        match &self.buf {
            Held::Borrowed(_) => None,
            Held::Read(buf, _) => Some(buf),
        }
    }
}

impl Drop for CachedSource<'_> {
    /// A large buffer read here, once no value shares it, serves the next large read of this
    /// thread.
    fn drop(&mut self) {
        if let Held::Read(buf, _) = std::mem::replace(&mut self.buf, Held::Borrowed(&[])) {
            if let Ok(buf) = Arc::try_unwrap(buf) {
                crate::source::recycle(buf);
            }
        }
    }
}

impl<'a> CachedSource<'a> {
    /// The `len` bytes at `offset`, if they are all in the held buffer.
    #[must_use]
    pub fn cached(&self, offset: u64, len: u64) -> Option<&[u8]> {
        let rel = usize::try_from(offset.checked_sub(self.start)?).ok()?;
        let end = rel.checked_add(usize::try_from(len).ok()?)?;
        self.buf.bytes().get(rel..end)
    }

    /// Take the held buffer, with the input offset of its first byte. Later reads go to the
    /// input.
    pub fn take_buffer(&mut self) -> (u64, Cow<'a, [u8]>) {
        let buf = match std::mem::replace(&mut self.buf, Held::Borrowed(&[])) {
            Held::Borrowed(b) => Cow::Borrowed(b),
            Held::Read(buf, at) => {
                let mut v = Arc::try_unwrap(buf).unwrap_or_else(|buf| buf.to_vec());
                v.drain(..at.min(v.len()));
                Cow::Owned(v)
            }
        };
        (self.start, buf)
    }
}

impl Source for CachedSource<'_> {
    fn len(&self) -> u64 {
        self.src.len()
    }

    fn read_at(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>> {
        match self.cached(offset, len as u64) {
            Some(slice) => Ok(Cow::Borrowed(slice)),
            None => self.src.read_at(offset, len),
        }
    }
}

/// Top-level containers up to this size are read whole before walking their children.
const SMALL_CONTAINER: u64 = 1 << 20;

/// The first `moov` is read whole if it is no larger than this; a larger one (real ones are a
/// few megabytes at most) is walked with positioned reads like any other container, so that a
/// corrupt size never makes the reader pull in the media data that follows.
const MOOV_CACHE_MAX: u64 = 64 << 20;

/// The top level of a file: the first `moov` atom with its whole subtree, and a source that
/// serves reads inside it from memory.
pub struct Tree<'a> {
    /// The first top-level `moov` atom, if any.
    pub moov: Option<Atom>,
    /// The input, with the `moov` atom's bytes held in memory.
    pub io: CachedSource<'a>,
}

/// Walk the top-level atoms of `src` as mutagen's `Atoms` does.
///
/// Top-level headers are read with small positioned reads and leaves (such as `mdat`) are
/// jumped over by their size; only the first `moov` is kept, read whole into memory. Other
/// containers are walked too, since mutagen fails on malformed ones anywhere.
pub fn read_tree(src: &dyn Source) -> Result<Tree<'_>> {
    let end = src.len();
    let mut pos = 0u64;
    let mut moov: Option<(Atom, CachedSource<'_>)> = None;
    let left = Cell::new(limits::MAX_ATOMS);
    while pos.checked_add(8).is_some_and(|p| p <= end) {
        let head = src.read_at(pos, 16)?;
        let name = head.get(4..8).unwrap_or_default();
        let container = CONTAINERS.iter().any(|c| &c[..] == name);
        let next = if container {
            let size = crate::util::bytes::u32_be(&head, 0).unwrap_or(0);
            let length = match size {
                0 => end - pos,
                1 => crate::util::bytes::u64_be(&head, 8).unwrap_or(0),
                n => u64::from(n),
            };
            let want_moov = moov.is_none() && name == b"moov";
            if want_moov || length <= SMALL_CONTAINER {
                let cache_len = if length <= MOOV_CACHE_MAX { length } else { 0 };
                let cached = CachedSource::new(src, pos, cache_len)?;
                let (atom, next) = walk(&cached, pos, 0, want_moov, true, &left)?;
                if want_moov {
                    moov = Some((atom, cached));
                }
                next
            } else {
                walk(src, pos, 0, false, true, &left)?.1
            }
        } else {
            walk(src, pos, 0, false, true, &left)?.1
        };
        pos = next;
    }
    Ok(match moov {
        Some((atom, io)) => Tree {
            moov: Some(atom),
            io,
        },
        None => Tree {
            moov: None,
            io: CachedSource {
                src,
                start: 0,
                buf: Held::Borrowed(&[]),
            },
        },
    })
}

/// An atom with a 32-bit size around `payload`, for the tests of the MP4 modules (which pass
/// names as `b"moov"` literals, hence the reference).
#[cfg(test)]
#[allow(clippy::trivially_copy_pass_by_ref)]
pub(crate) fn test_atom(name: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut v = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
    v.extend_from_slice(name);
    v.extend_from_slice(payload);
    v
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::trivially_copy_pass_by_ref)]
mod tests {
    use super::*;
    use crate::source::{Counting, SliceSource};

    use super::test_atom as atom;

    #[test]
    fn walks_nested_containers() {
        let ilst = atom(b"ilst", &atom(b"\xa9nam", b"x"));
        let mut meta_payload = vec![0, 0, 0, 0];
        meta_payload.extend(ilst);
        let file = [
            atom(b"ftyp", b"M4A "),
            atom(b"moov", &atom(b"udta", &atom(b"meta", &meta_payload))),
        ]
        .concat();
        let src = SliceSource::new(&file);
        let tree = read_tree(&src).unwrap();
        let moov = tree.moov.unwrap();
        let item = moov.path(&[b"udta", b"meta", b"ilst", b"\xa9nam"]).unwrap();
        assert_eq!(item.length, 9);
        let (ok, data) = item.read(&tree.io).unwrap();
        assert!(ok);
        assert_eq!(&*data, b"x");
    }

    #[test]
    fn sixty_four_bit_sizes() {
        let mut file = 1u32.to_be_bytes().to_vec();
        file.extend_from_slice(b"moov");
        file.extend_from_slice(&(16u64 + 9).to_be_bytes());
        file.extend(atom(b"mvhd", b"z"));
        let src = SliceSource::new(&file);
        let tree = read_tree(&src).unwrap();
        let moov = tree.moov.unwrap();
        assert_eq!(moov.length, 25);
        assert_eq!(moov.data_offset, 16);
        assert_eq!(moov.child(b"mvhd").unwrap().offset, 16);

        // A 64-bit size below 16 is refused.
        let mut bad = 1u32.to_be_bytes().to_vec();
        bad.extend_from_slice(b"free");
        bad.extend_from_slice(&15u64.to_be_bytes());
        assert!(read_tree(&SliceSource::new(&bad)).is_err());
        // A missing 64-bit size is truncated data.
        assert!(parse_atom(&SliceSource::new(b"\0\0\0\x01atom"), 0, 0, true).is_err());
    }

    #[test]
    fn size_zero_runs_to_the_end_only_at_top_level() {
        let mut file = atom(b"ftyp", b"M4A ");
        file.extend_from_slice(&[0, 0, 0, 0]);
        file.extend_from_slice(b"moov");
        file.extend(atom(b"mvhd", b"abc"));
        let src = SliceSource::new(&file);
        let tree = read_tree(&src).unwrap();
        let moov = tree.moov.unwrap();
        assert_eq!(moov.length, 8 + 11);
        assert_eq!(moov.children.as_ref().unwrap().len(), 1);

        // Inside a container, size 0 is an error (and does not loop).
        let mut inner = 16u32.to_be_bytes().to_vec();
        inner.extend_from_slice(b"moov");
        inner.extend_from_slice(&[0, 0, 0, 0]);
        inner.extend_from_slice(b"free");
        assert!(read_tree(&SliceSource::new(&inner)).is_err());
    }

    #[test]
    fn truncated_and_short_atoms_fail() {
        assert!(parse_atom(&SliceSource::new(b"\0"), 0, 0, true).is_err());
        // Size 7 is invalid.
        assert!(parse_atom(&SliceSource::new(b"\0\0\0\x07free\0\0\0"), 0, 0, true).is_err());
        // A container whose child runs past the end: the next header is missing.
        let mut file = 40u32.to_be_bytes().to_vec();
        file.extend_from_slice(b"moov");
        file.extend(atom(b"free", b""));
        assert!(read_tree(&SliceSource::new(&file)).is_err());
    }

    #[test]
    fn leaves_are_jumped_over_and_trailing_bytes_ignored() {
        // An mdat claiming far more than the file holds ends the walk without reading it.
        let mut file = atom(b"moov", &atom(b"mvhd", b""));
        file.extend_from_slice(&0x7fff_0000u32.to_be_bytes());
        file.extend_from_slice(b"mdat");
        file.extend_from_slice(&[1, 2, 3]);
        let src = SliceSource::new(&file);
        let tree = read_tree(&src).unwrap();
        assert!(tree.moov.is_some());
        // Fewer than eight trailing bytes are not an atom.
        let mut file = atom(b"moov", b"");
        file.extend_from_slice(&[0, 0, 0]);
        assert!(read_tree(&SliceSource::new(&file)).unwrap().moov.is_some());
    }

    #[test]
    fn hostile_sizes_do_not_allocate_or_overflow() {
        let mut file = 1u32.to_be_bytes().to_vec();
        file.extend_from_slice(b"free");
        file.extend_from_slice(&u64::MAX.to_be_bytes());
        let err = read_tree(&SliceSource::new(&file)).err().unwrap();
        assert!(matches!(
            err,
            Error::Limit(ErrorKind::BuiltinValueError, SEEK_OVERFLOW)
        ));
        // Inside a buffer the same atom only fails past Python's offset range...
        let err = parse_atom(&SliceSource::new(&file), 0, 0, false)
            .err()
            .unwrap();
        assert!(matches!(
            err,
            Error::Limit(ErrorKind::BuiltinValueError, SEEK_OVERFLOW)
        ));
        // ... while in the file a seek past the file system's limit is refused.
        file[8..16].copy_from_slice(&(MAX_FILE_SEEK + 1).to_be_bytes());
        let err = read_tree(&SliceSource::new(&file)).err().unwrap();
        assert!(matches!(
            err,
            Error::Malformed(ErrorKind::Mp4, SEEK_REFUSED)
        ));
        assert!(parse_atom(&SliceSource::new(&file), 0, 0, false).is_ok());
        file[8..16].copy_from_slice(&MAX_FILE_SEEK.to_be_bytes());
        assert!(read_tree(&SliceSource::new(&file)).is_ok());

        // A container claiming 2^64 - 1 bytes fails on the missing child header.
        let mut file = 1u32.to_be_bytes().to_vec();
        file.extend_from_slice(b"moov");
        file.extend_from_slice(&u64::MAX.to_be_bytes());
        assert!(matches!(
            read_tree(&SliceSource::new(&file)),
            Err(Error::Malformed(ErrorKind::Mp4, _))
        ));

        // Reading the payload of a leaf that claims more than the input holds is short.
        let leaf = Atom {
            name: *b"data",
            offset: 0,
            length: u64::MAX,
            data_offset: 8,
            children: None,
        };
        let src = SliceSource::new(b"12345678abc");
        let (ok, data) = leaf.read(&src).unwrap();
        assert!(!ok);
        assert_eq!(&*data, b"abc");
    }

    #[test]
    fn children_may_overrun_their_parent() {
        // moov says 16 bytes, but its one child is 20: the walk resumes after the child.
        let mut file = 16u32.to_be_bytes().to_vec();
        file.extend_from_slice(b"moov");
        file.extend(atom(b"mvhd", b"123456789012"));
        file.extend(atom(b"free", b""));
        let src = SliceSource::new(&file);
        let tree = read_tree(&src).unwrap();
        let moov = tree.moov.unwrap();
        assert_eq!(moov.children.as_ref().unwrap().len(), 1);
    }

    #[test]
    fn meta_skips_four_bytes_and_empty_containers_end_early() {
        // An 8-byte meta still skips four bytes, so reading resumes 4 bytes after its end.
        let mut payload = atom(b"meta", b"");
        payload.extend_from_slice(&[0, 0, 0, 0]);
        payload.extend(atom(b"free", b""));
        let file = atom(b"moov", &payload);
        let src = SliceSource::new(&file);
        let tree = read_tree(&src).unwrap();
        let moov = tree.moov.unwrap();
        let names: Vec<_> = moov
            .children
            .as_ref()
            .unwrap()
            .iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(names, vec![*b"meta", *b"free"]);
    }

    #[test]
    fn mdat_is_jumped_over_and_only_moov_is_read() {
        let mdat = atom(b"mdat", &vec![0u8; 4 << 20]);
        let moov = atom(b"moov", &atom(b"udta", &atom(b"free", &[0u8; 100])));
        for file in [
            [mdat.clone(), moov.clone()].concat(),
            [moov.clone(), mdat.clone()].concat(),
        ] {
            let src = Counting::new(SliceSource::new(&file));
            let tree = read_tree(&src).unwrap();
            assert!(tree.moov.unwrap().path(&[b"udta", b"free"]).is_some());
            assert!(src.bytes.get() < 1000, "read {} bytes", src.bytes.get());
        }

        // A moov claiming more than the cache allows is walked with small reads instead.
        let mut file = 1u32.to_be_bytes().to_vec();
        file.extend_from_slice(b"moov");
        file.extend_from_slice(&(MOOV_CACHE_MAX + 1).to_be_bytes());
        file.extend(atom(b"mdat", &vec![0u8; 4 << 20]));
        let src = Counting::new(SliceSource::new(&file));
        assert!(read_tree(&src).is_err());
        assert!(src.bytes.get() < 1000, "read {} bytes", src.bytes.get());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let mut inner = Vec::new();
        for _ in 0..(MAX_DEPTH + 5) {
            inner = atom(b"udta", &inner);
        }
        let err = read_tree(&SliceSource::new(&inner)).err().unwrap();
        assert!(matches!(err, Error::Limit(_, TOO_DEEP)));
    }

    /// Every cut of a small tree, with a 64-bit atom inside: a header is read only when its 8
    /// (or 16) bytes are there, and every shorter input fails as truncated.
    #[test]
    fn atom_headers_at_every_length() {
        let mut big = 1u32.to_be_bytes().to_vec();
        big.extend_from_slice(b"free");
        big.extend_from_slice(&17u64.to_be_bytes());
        big.push(7);
        let data = atom(b"moov", &[atom(b"udta", b"").as_slice(), &big].concat());
        assert!(parse_atom(&SliceSource::new(&data), 0, 0, true).is_ok());
        for cut in 0..data.len() {
            let r = parse_atom(&SliceSource::new(&data[..cut]), 0, 0, true);
            // Before the 64-bit atom's size field is whole, the walk cannot complete.
            if cut < 8 + 8 + 16 {
                assert!(r.is_err(), "cut {cut}");
            }
        }
    }
}
