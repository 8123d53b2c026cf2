//! The format-neutral description of what a generated file carries; each format writer maps it
//! to its own tag structures.

use crate::rng::{self, Rng};

/// A picture to embed.
#[derive(Debug, Clone)]
pub struct Picture {
    /// MIME type (`image/jpeg` or `image/png`).
    pub mime: &'static str,
    /// The picture type of ID3 / FLAC (3 = front cover).
    pub kind: u8,
    /// Description text.
    pub desc: String,
    /// The picture bytes.
    pub data: Vec<u8>,
}

/// Tag content, the same for every format.
#[derive(Debug, Clone, Default)]
pub struct TagSet {
    /// Title.
    pub title: String,
    /// Artist.
    pub artist: String,
    /// Album.
    pub album: String,
    /// Further optional fields, in a fixed order: (neutral name, value).
    pub extra: Vec<(&'static str, String)>,
    /// Track number and total.
    pub track: Option<(u16, u16)>,
    /// Disc number and total.
    pub disc: Option<(u16, u16)>,
    /// Year.
    pub year: Option<u16>,
    /// A comment.
    pub comment: Option<String>,
    /// Lyrics.
    pub lyrics: Option<String>,
    /// Free-form (user-defined) fields: (name, value).
    pub custom: Vec<(String, String)>,
    /// Pictures.
    pub pictures: Vec<Picture>,
}

/// How much a generated tag holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// Title, artist, album.
    Small,
    /// About 15 fields and a 100 KB front cover.
    Typical,
    /// Long comments and lyrics, many fields, a 1 MB cover.
    Large,
    /// A batch file: 5 to 15 fields and sometimes a small cover (a few KB).
    Batch,
}

const EXTRA_FIELDS: &[&str] = &[
    "albumartist",
    "composer",
    "genre",
    "encodedby",
    "copyright",
    "bpm",
    "grouping",
    "conductor",
    "publisher",
    "isrc",
];

const GENRES: &[&str] = &[
    "Rock",
    "Jazz",
    "Electronic",
    "Folk",
    "Classical",
    "Hip-Hop",
    "Ambient",
];

/// Make the tag content for file number `index` of a corpus.
///
/// The title always holds the index, so every file of a batch has distinct tag text.
pub fn make(rng: &mut Rng, size: Size, index: u64, unicode: bool) -> TagSet {
    let n_words = rng.range(2, 5) as usize;
    let mut t = TagSet {
        title: format!("{} #{index}", rng::words(rng, n_words, unicode)),
        artist: rng::words(rng, 2, unicode),
        album: rng::words(rng, 3, unicode),
        ..TagSet::default()
    };
    let (n_extra, cover, n_custom) = match size {
        Size::Small => return t,
        Size::Typical => (EXTRA_FIELDS.len() - 2, 100 * 1024, 2),
        Size::Large => (EXTRA_FIELDS.len(), 1024 * 1024, 8),
        Size::Batch => (
            rng.range(0, 6) as usize,
            if rng.chance(1, 2) {
                rng.range(1024, 6000) as usize
            } else {
                0
            },
            rng.range(0, 3) as usize,
        ),
    };
    for &name in &EXTRA_FIELDS[..n_extra] {
        let v = match name {
            "genre" => (*rng.pick(GENRES)).to_string(),
            "bpm" => rng.range(60, 180).to_string(),
            "isrc" => format!("USX{:09}", rng.range(0, 1_000_000_000)),
            _ => rng::words(rng, 2, unicode),
        };
        t.extra.push((name, v));
    }
    let total = rng.range(8, 20) as u16;
    t.track = Some((rng.range(1, u64::from(total) + 1) as u16, total));
    t.year = Some(rng.range(1960, 2026) as u16);
    if size != Size::Batch || rng.chance(1, 2) {
        t.disc = Some((1, rng.range(1, 3) as u16));
        t.comment = Some(rng::words(rng, 8, unicode));
    }
    for i in 0..n_custom {
        t.custom
            .push((format!("CUSTOM{i}"), rng::words(rng, 3, unicode)));
    }
    if size == Size::Large {
        t.comment = Some(rng::long_text(rng, 16 * 1024));
        t.lyrics = Some(rng::long_text(rng, 64 * 1024));
    } else if size == Size::Typical {
        t.lyrics = Some(rng::long_text(rng, 1024));
    }
    if cover > 0 {
        t.pictures.push(Picture {
            mime: "image/jpeg",
            kind: 3,
            desc: "front".to_string(),
            data: rng::fake_jpeg(rng, cover),
        });
    }
    if size == Size::Large {
        t.pictures.push(Picture {
            mime: "image/png",
            kind: 4,
            desc: "back".to_string(),
            data: rng::fake_png(rng, 16 * 1024),
        });
    }
    t
}
