//! String storage: the seam where interned keys and arena-backed scratch memory plug in as
//! variants.
//!
//! Readers build text through [`TagString`] and [`from_utf8_lossy`] rather than naming
//! `String` directly, so the storage can change in one place. Names that repeat from file to
//! file (ID3 frame keys, Vorbis comment keys, MP4 item keys, MIME types) are built as a [`Key`]
//! through [`key`], [`key_static`], [`key_from_string`], [`key_latin1`], [`key_utf8_lossy`] and
//! [`key_fmt`]: a plain `String` by default, an interned string with the `interned` feature.
//! Temporary byte buffers of a parse (unsynchronisation, byte-order-mark fix-ups) are built
//! through [`Scratch`]: on the heap by default, in a per-thread bumpalo arena that is reset
//! after every tag with the `arena` feature.

use std::borrow::Cow;

/// The string type of decoded tag text.
pub type TagString = String;

/// Decode UTF-8 the way Python's `bytes.decode("utf-8", "replace")` does.
#[inline]
#[must_use]
pub fn from_utf8_lossy(bytes: &[u8]) -> TagString {
    // Valid UTF-8 (nearly all tags) is checked by the fast validator, which runs through ASCII
    // a word at a time; only invalid input takes the byte-by-byte replacing decoder.
    match super::utf8::validate(bytes) {
        Some(text) => tag_string(text),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// `text` as a [`TagString`] of its own. A large value (a picture in base64, say) goes into
/// one of the thread's spare buffers, which the binding gives back once the value is a Python
/// object.
#[inline]
#[must_use]
pub fn tag_string(text: &str) -> TagString {
    if text.len() >= crate::source::SPARE_MIN {
        // An empty buffer is valid UTF-8: nothing is validated twice.
        let mut owned = String::from_utf8(crate::source::spare(text.len())).unwrap_or_default();
        owned.push_str(text);
        owned
    } else {
        text.to_owned()
    }
}

/// ISO-8859-1 bytes shown as text (every byte is the code point of the same value), for
/// building keys with [`key_fmt`] without decoding each part into its own string.
#[derive(Debug, Clone, Copy)]
pub struct Latin1<'a>(pub &'a [u8]);

impl std::fmt::Display for Latin1<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write as _;
        let mut rest = self.0;
        while !rest.is_empty() {
            let ascii = rest
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            let (head, tail) = rest.split_at(ascii);
            // ASCII is valid UTF-8.
            f.write_str(std::str::from_utf8(head).unwrap_or_default())?;
            if let Some((&b, tail)) = tail.split_first() {
                f.write_char(char::from(b))?;
                rest = tail;
            } else {
                rest = tail;
            }
        }
        Ok(())
    }
}

/// A name that repeats across files: an ID3 frame key, a Vorbis comment key, an MP4 item key,
/// a MIME type. A plain `String` in the default build.
#[cfg(not(feature = "interned"))]
pub type Key = String;

#[cfg(feature = "interned")]
pub use interned::Key;

/// A [`Key`] with the text `s`.
#[cfg(not(feature = "interned"))]
#[inline]
#[must_use]
pub fn key(s: &str) -> Key {
    s.to_owned()
}

/// A [`Key`] for a name known at compile time.
#[cfg(not(feature = "interned"))]
#[inline]
#[must_use]
pub fn key_static(s: &'static str) -> Key {
    s.to_owned()
}

/// A [`Key`] from text already built.
#[cfg(not(feature = "interned"))]
#[inline]
#[must_use]
pub fn key_from_string(s: String) -> Key {
    s
}

/// A [`Key`] from ISO-8859-1 bytes (MP4 atom names).
#[cfg(not(feature = "interned"))]
#[inline]
#[must_use]
pub fn key_latin1(bytes: &[u8]) -> Key {
    super::text::latin1(bytes)
}

/// A [`Key`] from UTF-8 decoded with replacement, as [`from_utf8_lossy`].
#[cfg(not(feature = "interned"))]
#[inline]
#[must_use]
pub fn key_utf8_lossy(bytes: &[u8]) -> Key {
    from_utf8_lossy(bytes)
}

/// A [`Key`] from format arguments (`key_fmt(format_args!(...))`).
#[cfg(not(feature = "interned"))]
#[inline]
#[must_use]
pub fn key_fmt(args: std::fmt::Arguments<'_>) -> Key {
    std::fmt::format(args)
}

/// A [`Key`] made of `parts` one after the other: one allocation of the exact size, without
/// the formatting machinery of [`key_fmt`].
#[cfg(not(feature = "interned"))]
#[inline]
#[must_use]
pub fn key_concat(parts: &[&str]) -> Key {
    parts.concat()
}

#[cfg(feature = "interned")]
pub use interned::{
    key, key_concat, key_fmt, key_from_string, key_latin1, key_static, key_utf8_lossy,
};

#[cfg(feature = "interned")]
mod interned {
    //! Interned keys: known names come from a static table, other short names from one
    //! process-wide `lasso::ThreadedRodeo`, so equal names share one copy. Long names, and
    //! every name once the interner is full, are stored as owned boxes, so hostile files cannot
    //! make the interner grow without bound.

    use std::borrow::Borrow;
    use std::fmt;
    use std::hash::{Hash, Hasher};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::OnceLock;

    use lasso::ThreadedRodeo;

    /// Names longer than this are never interned.
    pub(super) const MAX_INTERNED_LEN: usize = 64;
    /// The most names the interner takes; later names are stored as owned boxes.
    pub(super) const MAX_INTERNED: usize = 1 << 12;

    /// Names read from nearly every tagged file, sorted (byte order).
    pub(super) static KNOWN: &[&str] = &[
        "----:com.apple.iTunes:iTunNORM",
        "----:com.apple.iTunes:iTunSMPB",
        "----:com.apple.iTunes:iTunes_CDDB_IDs",
        "AENC",
        "ALBUM",
        "ALBUMARTIST",
        "APIC",
        "APIC:",
        "ARTIST",
        "ASPI",
        "BPM",
        "CHAP",
        "COMM",
        "COMM::eng",
        "COMM:ID3v1 Comment:eng",
        "COMMENT",
        "COMPOSER",
        "COMR",
        "COPYRIGHT",
        "CTOC",
        "DATE",
        "DESCRIPTION",
        "DISCNUMBER",
        "DISCTOTAL",
        "ENCODEDBY",
        "ENCODER",
        "ENCR",
        "EQU2",
        "ETCO",
        "GENRE",
        "GEOB",
        "GRID",
        "GRP1",
        "IPLS",
        "ISRC",
        "LABEL",
        "LINK",
        "LYRICS",
        "MCDI",
        "METADATA_BLOCK_PICTURE",
        "MLLT",
        "MVIN",
        "MVNM",
        "ORGANIZATION",
        "OWNE",
        "PCNT",
        "PCST",
        "PERFORMER",
        "POPM",
        "POSS",
        "PRIV",
        "RBUF",
        "REPLAYGAIN_ALBUM_GAIN",
        "REPLAYGAIN_ALBUM_PEAK",
        "REPLAYGAIN_TRACK_GAIN",
        "REPLAYGAIN_TRACK_PEAK",
        "RVA2",
        "RVAD",
        "RVRB",
        "SEEK",
        "SIGN",
        "SYLT",
        "SYTC",
        "TALB",
        "TBPM",
        "TCAT",
        "TCMP",
        "TCOM",
        "TCON",
        "TCOP",
        "TDAT",
        "TDEN",
        "TDES",
        "TDLY",
        "TDOR",
        "TDRC",
        "TDRL",
        "TDTG",
        "TENC",
        "TEXT",
        "TFLT",
        "TGID",
        "TIME",
        "TIPL",
        "TIT1",
        "TIT2",
        "TIT3",
        "TITLE",
        "TKEY",
        "TKWD",
        "TLAN",
        "TLEN",
        "TMCL",
        "TMED",
        "TMOO",
        "TOAL",
        "TOFN",
        "TOLY",
        "TOPE",
        "TORY",
        "TOTALDISCS",
        "TOTALTRACKS",
        "TOWN",
        "TPE1",
        "TPE2",
        "TPE3",
        "TPE4",
        "TPOS",
        "TPRO",
        "TPUB",
        "TRACKNUMBER",
        "TRACKTOTAL",
        "TRCK",
        "TRDA",
        "TRSN",
        "TRSO",
        "TSIZ",
        "TSO2",
        "TSOA",
        "TSOC",
        "TSOP",
        "TSOT",
        "TSRC",
        "TSSE",
        "TSST",
        "TXXX",
        "TYER",
        "UFID",
        "USER",
        "USLT",
        "USLT::eng",
        "WCOM",
        "WCOP",
        "WFED",
        "WOAF",
        "WOAR",
        "WOAS",
        "WORS",
        "WPAY",
        "WPUB",
        "WXXX",
        "WXXX:",
        "YEAR",
        "aART",
        "album",
        "albumartist",
        "artist",
        "catg",
        "cmID",
        "cnID",
        "comment",
        "composer",
        "copyright",
        "covr",
        "cpil",
        "cprt",
        "date",
        "desc",
        "description",
        "discnumber",
        "disctotal",
        "disk",
        "egid",
        "encoder",
        "geID",
        "genre",
        "gnre",
        "hdvd",
        "image/bmp",
        "image/gif",
        "image/jpeg",
        "image/jpg",
        "image/png",
        "image/webp",
        "isrc",
        "keyw",
        "label",
        "ldes",
        "lyrics",
        "organization",
        "pcst",
        "performer",
        "pgap",
        "plID",
        "purd",
        "purl",
        "replaygain_album_gain",
        "replaygain_album_peak",
        "replaygain_track_gain",
        "replaygain_track_peak",
        "rtng",
        "sfID",
        "soaa",
        "soal",
        "soar",
        "soco",
        "sonm",
        "sosn",
        "stik",
        "title",
        "tmpo",
        "totaldiscs",
        "totaltracks",
        "tracknumber",
        "tracktotal",
        "tven",
        "tves",
        "tvnn",
        "tvsh",
        "tvsn",
        "year",
        "\u{a9}ART",
        "\u{a9}alb",
        "\u{a9}cmt",
        "\u{a9}day",
        "\u{a9}gen",
        "\u{a9}grp",
        "\u{a9}lyr",
        "\u{a9}nam",
        "\u{a9}too",
        "\u{a9}wrk",
        "\u{a9}wrt",
    ];

    /// The process-wide interner.
    fn interner() -> &'static ThreadedRodeo {
        static INTERNER: OnceLock<ThreadedRodeo> = OnceLock::new();
        INTERNER.get_or_init(ThreadedRodeo::new)
    }

    /// An interned name: a shared `&'static str` (from the static table or the interner), or
    /// an owned box for names that are not interned. Compares, hashes and derefs as `str`.
    #[derive(Clone)]
    pub struct Key(Repr);

    #[derive(Clone)]
    enum Repr {
        Shared(&'static str),
        Owned(Box<str>),
    }

    impl Key {
        /// The text.
        #[inline]
        #[must_use]
        pub fn as_str(&self) -> &str {
            match &self.0 {
                Repr::Shared(s) => s,
                Repr::Owned(s) => s,
            }
        }

        /// Whether the text is shared (static or interned) rather than owned by this key.
        #[must_use]
        pub fn is_shared(&self) -> bool {
            matches!(self.0, Repr::Shared(_))
        }
    }

    /// The shared copy of `s`, if it is known or may be interned.
    fn shared(s: &str) -> Option<&'static str> {
        // Set once the interner holds `MAX_INTERNED` names: its `len` visits every shard,
        // too slow to ask for each new name of a file full of them.
        static FULL: AtomicBool = AtomicBool::new(false);
        if let Ok(i) = KNOWN.binary_search(&s) {
            return KNOWN.get(i).copied();
        }
        if s.len() > MAX_INTERNED_LEN {
            return None;
        }
        let rodeo = interner();
        let spur = match rodeo.get(s) {
            Some(spur) => spur,
            None if FULL.load(Ordering::Relaxed) => return None,
            None if rodeo.len() < MAX_INTERNED => rodeo.try_get_or_intern(s).ok()?,
            None => {
                FULL.store(true, Ordering::Relaxed);
                return None;
            }
        };
        Some(rodeo.resolve(&spur))
    }

    /// A [`Key`] with the text `s`.
    #[inline]
    #[must_use]
    pub fn key(s: &str) -> Key {
        Key(match shared(s) {
            Some(s) => Repr::Shared(s),
            None => Repr::Owned(s.into()),
        })
    }

    /// A [`Key`] for a name known at compile time (no lookup, no allocation).
    #[inline]
    #[must_use]
    pub fn key_static(s: &'static str) -> Key {
        Key(Repr::Shared(s))
    }

    /// A [`Key`] from text already built.
    #[must_use]
    pub fn key_from_string(s: String) -> Key {
        Key(match shared(&s) {
            Some(s) => Repr::Shared(s),
            None => Repr::Owned(s.into_boxed_str()),
        })
    }

    /// A [`Key`] from ISO-8859-1 bytes (MP4 atom names), decoded on the stack when short.
    #[must_use]
    pub fn key_latin1(bytes: &[u8]) -> Key {
        if let Ok(s) = std::str::from_utf8(bytes) {
            if bytes.is_ascii() {
                return key(s);
            }
        }
        let mut buf = [0u8; 2 * 16];
        if bytes.len() <= 16 {
            let mut n = 0;
            for &b in bytes {
                n += char::from(b).encode_utf8(&mut buf[n..]).len();
            }
            if let Ok(s) = std::str::from_utf8(&buf[..n]) {
                return key(s);
            }
        }
        key_from_string(super::super::text::latin1(bytes))
    }

    /// A [`Key`] from UTF-8 decoded with replacement.
    #[must_use]
    pub fn key_utf8_lossy(bytes: &[u8]) -> Key {
        match std::str::from_utf8(bytes) {
            Ok(s) => key(s),
            Err(_) => key_from_string(String::from_utf8_lossy(bytes).into_owned()),
        }
    }

    /// A [`Key`] from format arguments, formatted into a per-thread buffer that is reused.
    #[must_use]
    pub fn key_fmt(args: fmt::Arguments<'_>) -> Key {
        use std::cell::RefCell;
        use std::fmt::Write as _;
        thread_local! {
            static BUF: RefCell<String> = const { RefCell::new(String::new()) };
        }
        if let Some(s) = args.as_str() {
            return key(s);
        }
        BUF.with(|buf| match buf.try_borrow_mut() {
            Ok(mut buf) => {
                buf.clear();
                let _ = buf.write_fmt(args);
                let k = key(&buf);
                if buf.capacity() > 4 * MAX_INTERNED_LEN {
                    *buf = String::new();
                }
                k
            }
            Err(_) => key_from_string(fmt::format(args)),
        })
    }

    /// A [`Key`] made of `parts` one after the other.
    #[must_use]
    pub fn key_concat(parts: &[&str]) -> Key {
        key_from_string(parts.concat())
    }

    impl Default for Key {
        fn default() -> Self {
            key_static("")
        }
    }

    impl std::ops::Deref for Key {
        type Target = str;
        #[inline]
        fn deref(&self) -> &str {
            self.as_str()
        }
    }

    impl AsRef<str> for Key {
        fn as_ref(&self) -> &str {
            self.as_str()
        }
    }

    impl Borrow<str> for Key {
        fn borrow(&self) -> &str {
            self.as_str()
        }
    }

    impl Hash for Key {
        fn hash<H: Hasher>(&self, state: &mut H) {
            self.as_str().hash(state);
        }
    }

    impl PartialEq for Key {
        fn eq(&self, other: &Self) -> bool {
            match (&self.0, &other.0) {
                (Repr::Shared(a), Repr::Shared(b)) if std::ptr::eq(*a, *b) => true,
                _ => self.as_str() == other.as_str(),
            }
        }
    }

    impl Eq for Key {}

    impl PartialOrd for Key {
        fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }

    impl Ord for Key {
        fn cmp(&self, other: &Self) -> std::cmp::Ordering {
            self.as_str().cmp(other.as_str())
        }
    }

    impl PartialEq<str> for Key {
        fn eq(&self, other: &str) -> bool {
            self.as_str() == other
        }
    }

    impl PartialEq<&str> for Key {
        fn eq(&self, other: &&str) -> bool {
            self.as_str() == *other
        }
    }

    impl PartialEq<String> for Key {
        fn eq(&self, other: &String) -> bool {
            self.as_str() == other.as_str()
        }
    }

    impl PartialEq<Key> for &str {
        fn eq(&self, other: &Key) -> bool {
            *self == other.as_str()
        }
    }

    impl PartialEq<Key> for String {
        fn eq(&self, other: &Key) -> bool {
            self.as_str() == other.as_str()
        }
    }

    impl From<&str> for Key {
        fn from(s: &str) -> Self {
            key(s)
        }
    }

    impl From<String> for Key {
        fn from(s: String) -> Self {
            key_from_string(s)
        }
    }

    impl From<Key> for String {
        fn from(k: Key) -> Self {
            k.as_str().to_owned()
        }
    }

    impl fmt::Debug for Key {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt::Debug::fmt(self.as_str(), f)
        }
    }

    impl fmt::Display for Key {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt::Display::fmt(self.as_str(), f)
        }
    }

    #[cfg(feature = "serde")]
    impl serde::Serialize for Key {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(self.as_str())
        }
    }
}

/// Scratch memory for the temporary buffers of one parse. In the default build it is the
/// heap: buffers are `Vec`s that become owned [`Cow`]s.
#[cfg(not(feature = "arena"))]
#[derive(Debug, Clone, Copy, Default)]
pub struct Scratch<'a>(std::marker::PhantomData<&'a ()>);

/// Scratch memory for the temporary buffers of one parse: a bumpalo arena, reset after the
/// parse; buffers are built in it and borrowed from it.
#[cfg(feature = "arena")]
#[derive(Debug, Clone, Copy)]
pub struct Scratch<'a>(&'a bumpalo::Bump);

/// A growable byte buffer in [`Scratch`] memory.
#[cfg(not(feature = "arena"))]
pub type ScratchVec<'a> = Vec<u8>;

/// A growable byte buffer in [`Scratch`] memory.
#[cfg(feature = "arena")]
pub type ScratchVec<'a> = bumpalo::collections::Vec<'a, u8>;

/// What a byte-producing decoder writes into: a `Vec<u8>` or a [`ScratchVec`].
pub trait ByteSink {
    /// Append `bytes`.
    fn put(&mut self, bytes: &[u8]);
}

impl ByteSink for Vec<u8> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

#[cfg(feature = "arena")]
impl ByteSink for bumpalo::collections::Vec<'_, u8> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl<'a> Scratch<'a> {
    /// Build a byte buffer of about `capacity` bytes with `fill`; `None` when `fill` fails.
    #[inline]
    pub fn build(
        self,
        capacity: usize,
        fill: impl FnOnce(&mut ScratchVec<'a>) -> Option<()>,
    ) -> Option<Cow<'a, [u8]>> {
        #[cfg(not(feature = "arena"))]
        let mut out: ScratchVec<'a> = Vec::with_capacity(capacity);
        #[cfg(feature = "arena")]
        let mut out = bumpalo::collections::Vec::with_capacity_in(capacity, self.0);
        fill(&mut out)?;
        #[cfg(not(feature = "arena"))]
        return Some(Cow::Owned(out));
        #[cfg(feature = "arena")]
        return Some(Cow::Borrowed(out.into_bump_slice()));
    }
}

impl<'a> Scratch<'a> {
    /// Format `args` into scratch memory.
    #[inline]
    #[must_use]
    pub fn format(self, args: std::fmt::Arguments<'_>) -> Cow<'a, str> {
        #[cfg(not(feature = "arena"))]
        return Cow::Owned(std::fmt::format(args));
        #[cfg(feature = "arena")]
        {
            use std::fmt::Write as _;
            let mut out = bumpalo::collections::String::new_in(self.0);
            let _ = out.write_fmt(args);
            Cow::Borrowed(out.into_bump_str())
        }
    }
}

/// Run `f` with this thread's scratch memory.
#[cfg(not(feature = "arena"))]
#[inline]
pub fn with_scratch<R>(f: impl FnOnce(Scratch<'_>) -> R) -> R {
    f(Scratch::default())
}

/// Reset this thread's scratch memory (nothing to do on the heap).
#[cfg(not(feature = "arena"))]
#[inline]
pub fn reset_scratch() {}

#[cfg(feature = "arena")]
pub use arena::{reset_scratch, with_arena, with_scratch, Bump};

#[cfg(feature = "arena")]
mod arena {
    //! The per-thread scratch arena.

    use std::cell::RefCell;

    pub use bumpalo::Bump;

    use super::Scratch;

    /// An arena holding more than this after a parse is freed rather than reset, so one huge
    /// tag does not pin its memory to the thread.
    const MAX_RETAINED: usize = 8 << 20;

    thread_local! {
        static SCRATCH: RefCell<Bump> = RefCell::new(Bump::new());
    }

    /// Run `f` with this thread's scratch arena. Nested calls share it; if it is being swapped
    /// (see [`with_arena`]) a temporary arena serves.
    pub fn with_scratch<R>(f: impl FnOnce(Scratch<'_>) -> R) -> R {
        SCRATCH.with(|cell| match cell.try_borrow() {
            Ok(bump) => f(Scratch(&bump)),
            Err(_) => f(Scratch(&Bump::new())),
        })
    }

    /// Reset this thread's scratch arena, keeping its memory for the next parse (unless it
    /// grew past a few megabytes). Does nothing while the arena is in use.
    pub fn reset_scratch() {
        SCRATCH.with(|cell| {
            if let Ok(mut bump) = cell.try_borrow_mut() {
                if bump.allocated_bytes() > MAX_RETAINED {
                    *bump = Bump::new();
                } else {
                    bump.reset();
                }
            }
        });
    }

    /// Run `f` with `arena` as this thread's scratch arena, then reset it and hand it back:
    /// a batch caller passes one arena for every file, so its memory is reused, not freed.
    pub fn with_arena<R>(arena: &mut Bump, f: impl FnOnce() -> R) -> R {
        let swapped = SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut bump) => {
                std::mem::swap(&mut *bump, arena);
                true
            }
            Err(_) => false,
        });
        let out = f();
        if swapped {
            SCRATCH.with(|cell| {
                if let Ok(mut bump) = cell.try_borrow_mut() {
                    std::mem::swap(&mut *bump, arena);
                }
            });
        }
        arena.reset();
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn keys_read_as_their_text() {
        assert_eq!(key("TIT2").as_str(), "TIT2");
        assert_eq!(key_static("TXXX").as_str(), "TXXX");
        assert_eq!(key_from_string("x".repeat(100)).as_str(), "x".repeat(100));
        assert_eq!(key_latin1(b"\xa9nam").as_str(), "\u{a9}nam");
        assert_eq!(key_latin1(&[0xE9; 40]).as_str(), "\u{e9}".repeat(40));
        assert_eq!(key_utf8_lossy(b"\xffmage/png").as_str(), "\u{fffd}mage/png");
        assert_eq!(key_fmt(format_args!("{}:{}", "COMM", 1)).as_str(), "COMM:1");
        assert_eq!(key_fmt(format_args!("plain")).as_str(), "plain");
        let mixed = b"\xa9ab\xffc\x00";
        assert_eq!(
            key_fmt(format_args!("{}:{}", Latin1(mixed), Latin1(b""))).as_str(),
            format!("{}:", crate::util::text::latin1(mixed))
        );
        let mut map = std::collections::HashMap::new();
        map.insert(key("TXXX:a"), 1);
        assert_eq!(map.get("TXXX:a"), Some(&1));
    }

    #[cfg(feature = "interned")]
    #[test]
    fn known_and_repeated_keys_share_storage() {
        assert!(interned::KNOWN.windows(2).all(|w| w[0] < w[1]));
        let a = key("title");
        assert!(a.is_shared());
        let b = key_latin1(b"\xa9nam");
        assert!(b.is_shared());
        let (x, y) = (key("SOME_CUSTOM_KEY_42"), key("SOME_CUSTOM_KEY_42"));
        assert!(x.is_shared() && y.is_shared());
        assert!(std::ptr::eq(x.as_str(), y.as_str()));
        let long = "y".repeat(interned::MAX_INTERNED_LEN + 1);
        assert!(!key(&long).is_shared());
        assert_eq!(key(&long), key_from_string(long.clone()));
    }

    #[test]
    fn scratch_builds_buffers() {
        let got = with_scratch(|s| {
            s.build(4, |out| {
                out.put(b"ab");
                out.put(b"cd");
                Some(())
            })
            .map(std::borrow::Cow::into_owned)
        });
        assert_eq!(got.as_deref(), Some(&b"abcd"[..]));
        assert!(with_scratch(|s| s.build(0, |_| None).is_none()));
        assert_eq!(
            with_scratch(|s| s.format(format_args!("{}:{}", "APIC", 3)).into_owned()),
            "APIC:3"
        );
        reset_scratch();
    }

    #[cfg(feature = "arena")]
    #[test]
    fn a_caller_arena_is_used_and_reset() {
        let mut arena = Bump::new();
        let len = with_arena(&mut arena, || {
            with_scratch(|s| {
                s.build(1000, |out| {
                    out.put(&[1; 1000]);
                    Some(())
                })
                .map(|c| c.len())
            })
        });
        assert_eq!(len, Some(1000));
        // The buffer went into the caller's arena, which kept its memory and was reset.
        assert!(arena.allocated_bytes() >= 1000);
        let before = arena.allocated_bytes();
        with_arena(&mut arena, || {
            with_scratch(|s| s.build(10, |_| Some(())).map(|_| ()))
        });
        assert_eq!(arena.allocated_bytes(), before);
    }
}
