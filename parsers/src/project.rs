//! The one projection of a parsed file onto flat fields, used by every output that does not
//! build mutagen's objects (the plain dicts, the C ABI, the columns, the Arrow scan).
//!
//! A [`Projection`] holds:
//! - the stream numbers ([`Stream`]): `length`, `bitrate`, `sample_rate`, `channels` (each
//!   absent where mutagen's info class has no such attribute), `bits_per_sample` and `codec`;
//! - the common fields ([`Common`]), normalised across ID3, Vorbis comments, MP4, APEv2 and ASF by the
//!   key table [`SOURCES`];
//! - the raw tags: every key as mutagen's `tags.keys()` gives it, with its text values;
//! - picture metadata ([`PictureInfo`]), with the bytes only when asked.
//!
//! The rules, written once here:
//! - **Vorbis keys** are folded with [`fold_vorbis_key`] (Unicode lower case, as Python's
//!   `str.lower()`); values of keys that fold alike are grouped in file order.
//! - **First value**: a common text field is the first text value of its key, as the raw
//!   tags list them: the first of an ID3 frame's text list, the first value of a Vorbis key,
//!   the first text item of an MP4 key (items that are not text are skipped).
//! - **Raw tag values**: ID3 text frames give their text list (time stamps as mutagen's
//!   `ID3TimeStamp` prints them), other frames none; Vorbis comments their values; MP4 keys
//!   their text items.

use std::borrow::Cow;

use crate::apev2::{ApeTag, ApeValue};
use crate::asf::{Attribute as AsfAttribute, Value as AsfValue};
use crate::detect::Kind;
use crate::file::AudioFile;
use crate::id3::specs::Family;
use crate::id3::{normalize_timestamp_cow, Id3Tag};
use crate::mp4::{Item, Mp4Tags, Value as Mp4Value};
use crate::ogg::Info as OggInfo;
use crate::util::key_index::KeyIndex;
use crate::vorbis::VorbisComment;

/// The stream numbers of a file's `info` object.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stream {
    /// `info.length` in seconds.
    pub length: Option<f64>,
    /// `info.bitrate` in bits per second (an Opus bitrate can exceed 64 bits, as a Python int can).
    pub bitrate: Option<i128>,
    /// `info.sample_rate` in Hz.
    pub sample_rate: Option<u64>,
    /// `info.channels`.
    pub channels: Option<u64>,
    /// `info.bits_per_sample` (FLAC, Ogg FLAC, MP4).
    pub bits_per_sample: Option<u64>,
    /// The codec: MP4's `info.codec` (`"mp4a.40.2"`, `"alac"`, ...), otherwise a fixed name per
    /// format: `"mp1"`, `"mp2"`, `"mp3"` (by MPEG layer), `"flac"`, `"vorbis"`, `"opus"`,
    /// `"speex"`, `"theora"`; `None` for an ID3-only file.
    pub codec: Option<String>,
}

impl Stream {
    fn four(length: f64, bitrate: i128, sample_rate: u64, channels: u64) -> Stream {
        Stream {
            length: Some(length),
            bitrate: Some(bitrate),
            sample_rate: Some(sample_rate),
            channels: Some(channels),
            ..Stream::default()
        }
    }
}

/// The common text fields, in [`Common::text`] order.
pub const TEXT_FIELDS: [&str; 13] = [
    "title",
    "artist",
    "album",
    "albumartist",
    "date",
    "genre",
    "composer",
    "comment",
    "musicbrainz_trackid",
    "musicbrainz_albumid",
    "musicbrainz_artistid",
    "musicbrainz_albumartistid",
    "musicbrainz_releasegroupid",
];

/// The common number fields, in [`Common::numbers`] order.
pub const NUMBER_FIELDS: [&str; 4] = ["tracknumber", "tracktotal", "discnumber", "disctotal"];

/// The ReplayGain fields, in [`Common::replaygain`] order.
pub const GAIN_FIELDS: [&str; 4] = [
    "replaygain_track_gain",
    "replaygain_track_peak",
    "replaygain_album_gain",
    "replaygain_album_peak",
];

/// Where one common text field comes from in each tag type.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    /// The common field name.
    pub field: &'static str,
    /// The ID3 key (`TIT2`, `TXXX:desc`, `UFID:owner`; `TXXX` descriptions compare ignoring
    /// ASCII case).
    pub id3: &'static str,
    /// The Vorbis comment keys, tried in order.
    pub vorbis: &'static [&'static str],
    /// The MP4 key (freeform `----:mean:name` names compare ignoring ASCII case).
    pub mp4: &'static str,
    /// The APEv2 keys, tried in order (keys compare ignoring ASCII case, as mutagen's `APEv2`
    /// does).
    pub ape: &'static [&'static str],
    /// The ASF attribute name (names compare exactly, as mutagen's `ASFTags` does).
    pub asf: &'static str,
}

const fn src(
    field: &'static str,
    id3: &'static str,
    vorbis: &'static [&'static str],
    mp4: &'static str,
    ape: &'static [&'static str],
    asf: &'static str,
) -> Source {
    Source {
        field,
        id3,
        vorbis,
        mp4,
        ape,
        asf,
    }
}

/// The key of each common text field and ReplayGain field in each tag type (the number fields
/// come from ID3 `TRCK`/`TPOS` and MP4 `trkn`/`disk` pairs, and from the Vorbis keys
/// `tracknumber`, `tracktotal`/`totaltracks`, `discnumber`, `disctotal`/`totaldiscs`).
/// `COMM` is the first comment frame with an empty description, or else the first one.
/// ID3 `TCON` gives its first genre as mutagen's `TCON.genres` reads it.
pub const SOURCES: [Source; 17] = [
    src(
        "title",
        "TIT2",
        &["title"],
        "\u{a9}nam",
        &["Title"],
        "Title",
    ),
    src(
        "artist",
        "TPE1",
        &["artist"],
        "\u{a9}ART",
        &["Artist"],
        "Author",
    ),
    src(
        "album",
        "TALB",
        &["album"],
        "\u{a9}alb",
        &["Album"],
        "WM/AlbumTitle",
    ),
    src(
        "albumartist",
        "TPE2",
        &["albumartist"],
        "aART",
        &["Album Artist", "ALBUMARTIST"],
        "WM/AlbumArtist",
    ),
    src("date", "TDRC", &["date"], "\u{a9}day", &["Year"], "WM/Year"),
    src(
        "genre",
        "TCON",
        &["genre"],
        "\u{a9}gen",
        &["Genre"],
        "WM/Genre",
    ),
    src(
        "composer",
        "TCOM",
        &["composer"],
        "\u{a9}wrt",
        &["Composer"],
        "WM/Composer",
    ),
    src(
        "comment",
        "COMM",
        &["comment", "description"],
        "\u{a9}cmt",
        &["Comment"],
        "Description",
    ),
    src(
        "musicbrainz_trackid",
        "UFID:http://musicbrainz.org",
        &["musicbrainz_trackid"],
        "----:com.apple.iTunes:MusicBrainz Track Id",
        &["MUSICBRAINZ_TRACKID"],
        "MusicBrainz/Track Id",
    ),
    src(
        "musicbrainz_albumid",
        "TXXX:MusicBrainz Album Id",
        &["musicbrainz_albumid"],
        "----:com.apple.iTunes:MusicBrainz Album Id",
        &["MUSICBRAINZ_ALBUMID"],
        "MusicBrainz/Album Id",
    ),
    src(
        "musicbrainz_artistid",
        "TXXX:MusicBrainz Artist Id",
        &["musicbrainz_artistid"],
        "----:com.apple.iTunes:MusicBrainz Artist Id",
        &["MUSICBRAINZ_ARTISTID"],
        "MusicBrainz/Artist Id",
    ),
    src(
        "musicbrainz_albumartistid",
        "TXXX:MusicBrainz Album Artist Id",
        &["musicbrainz_albumartistid"],
        "----:com.apple.iTunes:MusicBrainz Album Artist Id",
        &["MUSICBRAINZ_ALBUMARTISTID"],
        "MusicBrainz/Album Artist Id",
    ),
    src(
        "musicbrainz_releasegroupid",
        "TXXX:MusicBrainz Release Group Id",
        &["musicbrainz_releasegroupid"],
        "----:com.apple.iTunes:MusicBrainz Release Group Id",
        &["MUSICBRAINZ_RELEASEGROUPID"],
        "MusicBrainz/Release Group Id",
    ),
    src(
        "replaygain_track_gain",
        "TXXX:REPLAYGAIN_TRACK_GAIN",
        &["replaygain_track_gain"],
        "----:com.apple.iTunes:replaygain_track_gain",
        &["REPLAYGAIN_TRACK_GAIN"],
        "REPLAYGAIN_TRACK_GAIN",
    ),
    src(
        "replaygain_track_peak",
        "TXXX:REPLAYGAIN_TRACK_PEAK",
        &["replaygain_track_peak"],
        "----:com.apple.iTunes:replaygain_track_peak",
        &["REPLAYGAIN_TRACK_PEAK"],
        "REPLAYGAIN_TRACK_PEAK",
    ),
    src(
        "replaygain_album_gain",
        "TXXX:REPLAYGAIN_ALBUM_GAIN",
        &["replaygain_album_gain"],
        "----:com.apple.iTunes:replaygain_album_gain",
        &["REPLAYGAIN_ALBUM_GAIN"],
        "REPLAYGAIN_ALBUM_GAIN",
    ),
    src(
        "replaygain_album_peak",
        "TXXX:REPLAYGAIN_ALBUM_PEAK",
        &["replaygain_album_peak"],
        "----:com.apple.iTunes:replaygain_album_peak",
        &["REPLAYGAIN_ALBUM_PEAK"],
        "REPLAYGAIN_ALBUM_PEAK",
    ),
];

/// The common fields, normalised across tag types.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Common<'a> {
    /// The fields of [`TEXT_FIELDS`], in that order.
    pub text: [Option<Cow<'a, str>>; 13],
    /// The fields of [`NUMBER_FIELDS`], in that order: the number and total of `"n/t"` texts
    /// (each part an unsigned decimal after trimming spaces, else `None`) or of MP4 pairs (a
    /// total of 0 is `None`).
    pub numbers: [Option<u32>; 4],
    /// The fields of [`GAIN_FIELDS`], in that order, parsed by [`parse_gain`].
    pub replaygain: [Option<f64>; 4],
}

impl Common<'_> {
    /// The common text field `name` (one of [`TEXT_FIELDS`]).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        let i = TEXT_FIELDS.iter().position(|f| *f == name)?;
        self.text[i].as_deref()
    }
}

/// One embedded picture: an ID3 `APIC` frame, a FLAC picture block, an MP4 `covr` item, an
/// APEv2 `Cover Art (...)` item or an ASF `WM/Picture` attribute.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PictureInfo<'a> {
    /// The picture type (APIC types; `None` for MP4 covers, which have none).
    pub picture_type: Option<u32>,
    /// The MIME type (MP4: `image/jpeg` or `image/png` from the image format).
    pub mime: Cow<'a, str>,
    /// The description (empty for MP4 covers).
    pub desc: Cow<'a, str>,
    /// The size of the image data in bytes.
    pub size: u64,
    /// Width in pixels: the FLAC block's when not 0, otherwise read from a PNG, JPEG or GIF
    /// header in the data; `None` when neither gives it.
    pub width: Option<u32>,
    /// Height in pixels, as `width`.
    pub height: Option<u32>,
    /// The image bytes, only when asked for.
    pub data: Option<&'a [u8]>,
}

/// A parsed file projected onto flat fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Projection<'a> {
    /// The stream numbers.
    pub stream: Stream,
    /// The common fields.
    pub common: Common<'a>,
    /// `(key, text values)` in mutagen's key order (Vorbis: order of first appearance), or
    /// `None` for a file without a tag object.
    pub tags: Option<RawTags<'a>>,
    /// The pictures, in file order.
    pub pictures: Vec<PictureInfo<'a>>,
}

/// The raw tags: `(key, text values)` pairs, borrowed from the parsed file where they can be.
pub type RawTags<'a> = Vec<(Cow<'a, str>, Values<'a>)>;

/// The text values of one raw tag key. Nearly every key holds one value, which is kept in
/// place: a scan does not allocate a list per key.
pub type Values<'a> = smallvec::SmallVec<[Cow<'a, str>; 1]>;

/// Raw tags as owned strings.
#[must_use]
pub fn owned_tags(tags: RawTags<'_>) -> Vec<(String, Vec<String>)> {
    tags.into_iter()
        .map(|(k, v)| (k.into_owned(), v.into_iter().map(Cow::into_owned).collect()))
        .collect()
}

/// What to project besides the stream numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(clippy::struct_excessive_bools)]
pub struct Wanted {
    /// The common fields.
    pub common: bool,
    /// The raw tags.
    pub tags: bool,
    /// The picture metadata.
    pub pictures: bool,
    /// The picture bytes (with `pictures`).
    pub picture_data: bool,
}

impl Wanted {
    /// Everything but the picture bytes.
    pub const ALL: Wanted = Wanted {
        common: true,
        tags: true,
        pictures: true,
        picture_data: false,
    };
}

/// Fold a Vorbis comment key as mutagen's `VCommentDict` does (Python's `str.lower()`).
#[must_use]
pub fn fold_vorbis_key(key: &str) -> std::borrow::Cow<'_, str> {
    if key.is_ascii() {
        if key.bytes().any(|b| b.is_ascii_uppercase()) {
            match known_vorbis_key(key) {
                Some(folded) => std::borrow::Cow::Borrowed(folded),
                None => std::borrow::Cow::Owned(key.to_ascii_lowercase()),
            }
        } else {
            std::borrow::Cow::Borrowed(key)
        }
    } else {
        std::borrow::Cow::Owned(key.to_lowercase())
    }
}

/// The longest key [`known_vorbis_key`] knows.
const KNOWN_VORBIS_KEY_MAX: usize = 32;

/// The lower case of an ASCII Vorbis key as a static string, for the keys taggers commonly
/// write (folding them then costs no allocation); `None` for other keys.
fn known_vorbis_key(key: &str) -> Option<&'static str> {
    let mut buf = [0u8; KNOWN_VORBIS_KEY_MAX];
    let lower = buf.get_mut(..key.len())?;
    lower.copy_from_slice(key.as_bytes());
    lower.make_ascii_lowercase();
    Some(match &*lower {
        b"title" => "title",
        b"artist" => "artist",
        b"album" => "album",
        b"albumartist" => "albumartist",
        b"date" => "date",
        b"genre" => "genre",
        b"composer" => "composer",
        b"comment" => "comment",
        b"description" => "description",
        b"tracknumber" => "tracknumber",
        b"tracktotal" => "tracktotal",
        b"totaltracks" => "totaltracks",
        b"discnumber" => "discnumber",
        b"disctotal" => "disctotal",
        b"totaldiscs" => "totaldiscs",
        b"encoder" => "encoder",
        b"encoded-by" => "encoded-by",
        b"encoded_by" => "encoded_by",
        b"copyright" => "copyright",
        b"organization" => "organization",
        b"label" => "label",
        b"isrc" => "isrc",
        b"performer" => "performer",
        b"lyrics" => "lyrics",
        b"bpm" => "bpm",
        b"compilation" => "compilation",
        b"language" => "language",
        b"metadata_block_picture" => "metadata_block_picture",
        b"musicbrainz_trackid" => "musicbrainz_trackid",
        b"musicbrainz_albumid" => "musicbrainz_albumid",
        b"musicbrainz_artistid" => "musicbrainz_artistid",
        b"musicbrainz_albumartistid" => "musicbrainz_albumartistid",
        b"musicbrainz_releasegroupid" => "musicbrainz_releasegroupid",
        b"replaygain_track_gain" => "replaygain_track_gain",
        b"replaygain_track_peak" => "replaygain_track_peak",
        b"replaygain_album_gain" => "replaygain_album_gain",
        b"replaygain_album_peak" => "replaygain_album_peak",
        _ => return None,
    })
}

/// The tag object of a file, by type.
enum TagRef<'a> {
    Id3(&'a Id3Tag),
    Vorbis(RawTags<'a>),
    Mp4(&'a Mp4Tags),
    Ape(&'a ApeTag),
    Asf(&'a [AsfAttribute]),
}

/// The APEv2 tag of a file of a format tagged with it.
#[must_use]
pub fn ape_tag(audio: &AudioFile) -> Option<&ApeTag> {
    match audio {
        AudioFile::ApeV2(f) => f.tags.as_ref(),
        AudioFile::WavPack(f) => f.tags.as_ref(),
        AudioFile::MonkeysAudio(f) => f.tags.as_ref(),
        AudioFile::Musepack(f) => f.tags.as_ref(),
        AudioFile::Tak(f) => f.tags.as_ref(),
        AudioFile::OptimFrog(f) => f.tags.as_ref(),
        _ => None,
    }
}

fn tag_ref(audio: &AudioFile) -> Option<TagRef<'_>> {
    match audio {
        AudioFile::Mp3(f) => f.tags.as_ref().map(TagRef::Id3),
        AudioFile::Id3(t) => t.as_ref().map(TagRef::Id3),
        AudioFile::Flac(f) => f.tags().map(|vc| TagRef::Vorbis(vorbis_grouped(vc))),
        AudioFile::Ogg(f) => Some(TagRef::Vorbis(vorbis_grouped(&f.tags))),
        AudioFile::Mp4(f) => f.tags.as_ref().map(TagRef::Mp4),
        AudioFile::Iff(f) => f.tags.as_ref().map(TagRef::Id3),
        AudioFile::TrueAudio(f) => f.tags.as_ref().map(TagRef::Id3),
        AudioFile::Asf(f) => Some(TagRef::Asf(&f.attributes)),
        other => ape_tag(other).map(TagRef::Ape),
    }
}

/// Project a parsed file.
#[must_use]
pub fn project(audio: &AudioFile, wanted: Wanted) -> Projection<'_> {
    let mut out = Projection {
        stream: stream(audio),
        ..Projection::default()
    };
    if wanted.tags || wanted.common {
        if let Some(tag) = tag_ref(audio) {
            if wanted.common {
                out.common = common(&tag);
            }
            if wanted.tags {
                out.tags = Some(raw_tags(tag));
            }
        }
    }
    if wanted.pictures {
        out.pictures = pictures(audio, wanted.picture_data);
    }
    out
}

/// The stream numbers of a parsed file.
#[must_use]
pub fn stream(audio: &AudioFile) -> Stream {
    match audio {
        AudioFile::Mp3(mp3) => {
            let i = &mp3.info;
            let mut s = Stream::four(
                i.length,
                i.bitrate.into(),
                i.sample_rate.into(),
                i.channels.into(),
            );
            s.codec = Some(format!("mp{}", i.layer));
            s
        }
        AudioFile::Id3(_) => Stream {
            length: Some(0.0),
            ..Stream::default()
        },
        AudioFile::Flac(flac) => {
            let mut s = flac.stream_info().map_or_else(Stream::default, |si| {
                let mut s = Stream::four(
                    si.length(),
                    flac.bitrate.into(),
                    si.sample_rate.into(),
                    si.channels.into(),
                );
                s.bits_per_sample = Some(si.bits_per_sample.into());
                s
            });
            s.codec = Some("flac".to_owned());
            s
        }
        AudioFile::Ogg(ogg) => ogg_stream(&ogg.info),
        AudioFile::Mp4(mp4) => {
            let i = &mp4.info;
            let length = match i.length {
                crate::mp4::Length::Seconds(s) => s,
                crate::mp4::Length::IntZero => 0.0,
            };
            let mut s = Stream::four(length, i.bitrate.into(), i.sample_rate, i.channels);
            s.bits_per_sample = Some(i.bits_per_sample);
            s.codec = Some(i.codec.clone());
            s
        }
        AudioFile::Iff(f) => {
            let (length, bitrate, sample_rate, channels, bits) = f.info.numbers();
            let mut s = Stream::four(length, bitrate, sample_rate, channels);
            s.bits_per_sample = bits;
            s
        }
        AudioFile::Ac3(i) => {
            let mut s = Stream::four(
                i.length,
                i.bitrate.into(),
                i.sample_rate.into(),
                i.channels.into(),
            );
            s.codec = Some(i.codec.to_owned());
            s
        }
        AudioFile::Asf(asf) => {
            let i = &asf.info;
            let mut s = Stream::four(
                i.length,
                i.bitrate.into(),
                i.sample_rate.into(),
                i.channels.into(),
            );
            s.codec = Some("asf".to_owned());
            s
        }
        AudioFile::Aac(i) => {
            let bitrate = match i.bitrate {
                crate::aac::Bitrate::Int(b) => i128::from(b),
                crate::aac::Bitrate::Float(b) => b as i128,
            };
            let length = i.length.unwrap_or(0.0);
            let mut s = Stream::four(length, bitrate, i.sample_rate.into(), i.channels.into());
            s.codec = Some("aac".to_owned());
            s
        }
        AudioFile::Smf(i) => Stream {
            length: Some(i.length),
            ..Stream::default()
        },
        other => ape_family_stream(other),
    }
}

/// The stream numbers of the formats tagged with APEv2, and of True Audio.
fn ape_family_stream(audio: &AudioFile) -> Stream {
    let (s, codec) = match audio {
        AudioFile::WavPack(f) => {
            let i = &f.info;
            let mut s = Stream::four(i.length, 0, i.sample_rate.into(), i.channels.into());
            s.bitrate = None;
            s.bits_per_sample = Some(i.bits_per_sample.into());
            (s, "wavpack")
        }
        AudioFile::MonkeysAudio(f) => {
            let i = &f.info;
            let mut s = Stream::four(i.length, 0, i.sample_rate.into(), i.channels.into());
            s.bitrate = None;
            s.bits_per_sample = Some(i.bits_per_sample.into());
            (s, "ape")
        }
        AudioFile::Musepack(f) => {
            let i = &f.info;
            let s = Stream::four(
                i.length,
                i.bitrate.into(),
                i.sample_rate.into(),
                i.channels.into(),
            );
            (s, "musepack")
        }
        AudioFile::Tak(f) => {
            let i = &f.info;
            let mut s = Stream::four(i.length, 0, i.sample_rate.into(), i.channels.into());
            s.bits_per_sample = Some(i.bits_per_sample.into());
            (s, "tak")
        }
        AudioFile::OptimFrog(f) => {
            let i = &f.info;
            let mut s = Stream::four(i.length, 0, i.sample_rate.into(), i.channels.into());
            s.bitrate = None;
            s.bits_per_sample = i.bits_per_sample.map(u64::from);
            (s, "optimfrog")
        }
        AudioFile::TrueAudio(f) => {
            let s = Stream {
                length: Some(f.info.length),
                sample_rate: Some(f.info.sample_rate.into()),
                ..Stream::default()
            };
            (s, "tta")
        }
        AudioFile::ApeV2(_) => (
            Stream {
                length: Some(0.0),
                bitrate: Some(0),
                ..Stream::default()
            },
            "",
        ),
        _ => (Stream::default(), ""),
    };
    Stream {
        codec: (!codec.is_empty()).then(|| codec.to_owned()),
        ..s
    }
}

/// The numbers of each Ogg codec's info class, as mutagen sets them.
fn ogg_stream(info: &OggInfo) -> Stream {
    let (mut s, codec) = match info {
        OggInfo::Vorbis(i) => (
            Stream::four(
                i.length,
                i.bitrate.into(),
                i.sample_rate.into(),
                i.channels.into(),
            ),
            "vorbis",
        ),
        OggInfo::Opus(i) => (
            Stream {
                length: Some(i.length),
                bitrate: Some(i.bitrate),
                channels: Some(i.channels.into()),
                ..Stream::default()
            },
            "opus",
        ),
        OggInfo::Flac(i) => (
            Stream {
                length: Some(i.length),
                sample_rate: Some(i.sample_rate.into()),
                channels: Some(i.channels.into()),
                bits_per_sample: Some(i.bits_per_sample.into()),
                ..Stream::default()
            },
            "flac",
        ),
        OggInfo::Speex(i) => (
            Stream::four(
                i.length,
                i.bitrate.into(),
                i.sample_rate.into(),
                i.channels.into(),
            ),
            "speex",
        ),
        OggInfo::Theora(i) => (
            Stream {
                length: Some(i.length),
                bitrate: Some(i.bitrate.into()),
                ..Stream::default()
            },
            "theora",
        ),
    };
    s.codec = Some(codec.to_owned());
    s
}

fn raw_tags(tag: TagRef<'_>) -> RawTags<'_> {
    match tag {
        TagRef::Id3(t) => t
            .frames()
            .iter()
            .map(|(key, frame)| {
                let values = match frame.class.family {
                    Family::TimeStamp => frame
                        .text_list()
                        .iter()
                        .map(normalize_timestamp_cow)
                        .collect(),
                    family if family.is_text() => {
                        frame.text_list().iter().map(Cow::Borrowed).collect()
                    }
                    _ => Values::new(),
                };
                (Cow::Borrowed(key), values)
            })
            .collect(),
        TagRef::Vorbis(grouped) => grouped,
        TagRef::Mp4(t) => t
            .items()
            .iter()
            .map(|(key, value)| {
                let values = match value {
                    Mp4Value::List(items) => items
                        .iter()
                        .filter_map(|item| match item {
                            Item::Text(s) => Some(Cow::Borrowed(s.as_str())),
                            _ => None,
                        })
                        .collect(),
                    Mp4Value::Bool(_) => Values::new(),
                };
                (Cow::Borrowed(&**key), values)
            })
            .collect(),
        TagRef::Ape(t) => t
            .items
            .iter()
            .map(|item| {
                let values = match &item.value {
                    ApeValue::Text(text) => text.split('\0').map(Cow::Borrowed).collect(),
                    _ => Values::new(),
                };
                (Cow::Borrowed(item.key.as_str()), values)
            })
            .collect(),
        TagRef::Asf(attributes) => {
            // Names in order of first appearance, each with the text values of all its
            // attributes.
            let mut out: RawTags<'_> = Vec::new();
            let mut index = KeyIndex::default();
            index.reserve(attributes.len());
            for a in attributes {
                let next = out.len();
                let i = index
                    .find_or_insert(&a.name, next, |i| group_key(&out, i))
                    .unwrap_or_else(|| {
                        out.push((Cow::Borrowed(a.name.as_str()), Values::new()));
                        next
                    });
                if let AsfValue::Unicode(text) = &a.value {
                    out[i].1.push(Cow::Borrowed(text.as_str()));
                }
            }
            out
        }
    }
}

/// The first text value of the ASF attribute `name`.
fn asf_text<'a>(attributes: &'a [AsfAttribute], name: &str) -> Option<&'a str> {
    attributes
        .iter()
        .filter(|a| a.name == name)
        .find_map(|a| match &a.value {
            AsfValue::Unicode(t) => Some(t.as_str()),
            _ => None,
        })
}

/// The number and total of an ASF number attribute: a text `"n"`/`"n/t"`, or the first
/// DWORD, QWORD or WORD value (with no total).
fn asf_pair(attributes: &[AsfAttribute], name: &str) -> (Option<u32>, Option<u32>) {
    attributes
        .iter()
        .filter(|a| a.name == name)
        .find_map(|a| match &a.value {
            AsfValue::Unicode(t) => Some(parse_pair(t)),
            AsfValue::DWord(n) => Some((Some(*n), None)),
            AsfValue::QWord(n) => Some((u32::try_from(*n).ok(), None)),
            AsfValue::Word(n) => Some((Some(u32::from(*n)), None)),
            _ => None,
        })
        .unwrap_or((None, None))
}

/// Vorbis comments as `VCommentDict` shows them: each folded key once, in order of first
/// appearance, with the values of all comments whose key folds to it.
fn vorbis_grouped(vc: &VorbisComment) -> RawTags<'_> {
    let mut out: RawTags<'_> = Vec::with_capacity(vc.comments.len());
    // Found through an index: a block may hold hundreds of thousands of distinct keys.
    let mut index = KeyIndex::default();
    index.reserve(vc.comments.len());
    for (key, value) in &vc.comments {
        let folded = fold_vorbis_key(key);
        let value = Cow::Borrowed(&**value);
        let next = out.len();
        match index.find_or_insert(&folded, next, |i| group_key(&out, i)) {
            Some(i) => out[i].1.push(value),
            None => out.push((folded, smallvec::smallvec![value])),
        }
    }
    out
}

/// The key of group `i` of `tags`.
fn group_key<'t>(tags: &'t RawTags<'_>, i: usize) -> &'t str {
    tags.get(i).map_or("", |(k, _)| k.as_ref())
}

/// The first value of the folded Vorbis key `key` (values are borrowed from the file).
fn first_vorbis<'a>(grouped: &[(Cow<'a, str>, Values<'a>)], key: &str) -> Option<&'a str> {
    grouped
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.first())
        .and_then(|v| match v {
            Cow::Borrowed(s) => Some(*s),
            Cow::Owned(_) => None,
        })
}

/// The first text item of an MP4 value.
fn first_mp4_text(value: &Mp4Value) -> Option<&str> {
    match value {
        Mp4Value::List(items) => items.iter().find_map(|i| match i {
            Item::Text(s) => Some(s.as_str()),
            _ => None,
        }),
        Mp4Value::Bool(_) => None,
    }
}

/// The MP4 value of `key`; freeform names compare ignoring ASCII case.
fn mp4_get<'a>(tags: &'a Mp4Tags, key: &str) -> Option<&'a Mp4Value> {
    if key.starts_with("----:") {
        tags.items()
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    } else {
        tags.get(key)
    }
}

/// The text of an MP4 freeform value or text item: the first text item, else the first
/// freeform item decoded as UTF-8 (with replacement).
fn mp4_text(value: &Mp4Value) -> Option<Cow<'_, str>> {
    if let Some(t) = first_mp4_text(value) {
        return Some(Cow::Borrowed(t));
    }
    match value {
        Mp4Value::List(items) => items.iter().find_map(|i| match i {
            Item::FreeForm { data, .. } => Some(String::from_utf8_lossy(data)),
            _ => None,
        }),
        Mp4Value::Bool(_) => None,
    }
}

/// The ID3 keys [`id3_texts`] looks up: those of [`SOURCES`], then `TRCK` and `TPOS`.
const ID3_KEYS: usize = SOURCES.len() + 2;

/// Key `i` of [`ID3_KEYS`].
fn id3_key(i: usize) -> &'static str {
    match SOURCES.get(i) {
        Some(s) => s.id3,
        None if i == SOURCES.len() => "TRCK",
        None => "TPOS",
    }
}

/// The index in [`ID3_KEYS`] of a four-character ID3 key (all of them but `COMM`, which
/// [`id3_texts`] finds by frame class).
fn id3_plain_index(key: &[u8]) -> Option<usize> {
    Some(match key {
        b"TIT2" => 0,
        b"TPE1" => 1,
        b"TALB" => 2,
        b"TPE2" => 3,
        b"TDRC" => 4,
        b"TCON" => 5,
        b"TCOM" => 6,
        b"TRCK" => SOURCES.len(),
        b"TPOS" => SOURCES.len() + 1,
        _ => return None,
    })
}

/// The first text of each ID3 key of [`ID3_KEYS`], found in one pass over the frames:
/// `TXXX:` descriptions compare ignoring ASCII case (an exact key first), `UFID:` gives its
/// data as UTF-8 (with replacement; an exact owner first, then one ignoring ASCII case),
/// `COMM` is the first comment with an empty description or else the first comment's, `TCON`
/// its first genre, time stamps normalised.
fn id3_texts(frames: &crate::id3::Tags) -> [Option<Cow<'_, str>>; ID3_KEYS] {
    let mut exact: [Option<&crate::id3::Frame>; ID3_KEYS] = [None; ID3_KEYS];
    let mut folded: [Option<&crate::id3::Frame>; ID3_KEYS] = [None; ID3_KEYS];
    let mut comm_no_desc: Option<&str> = None;
    let mut comm_first: Option<&str> = None;
    for (k, f) in frames.iter() {
        if f.class.family == Family::Comm {
            if comm_no_desc.is_none() && k.starts_with("COMM::") {
                comm_no_desc = f.text_list().first();
            }
            if comm_first.is_none() {
                comm_first = f.text_list().first();
            }
        }
        let kb = k.as_bytes();
        if kb.len() == 4 {
            if let Some(i) = id3_plain_index(kb) {
                exact[i] = Some(f);
            }
            continue;
        }
        // Every other wanted key starts with `TXXX:` or `UFID:`: only keys that start so
        // (the first ignoring case) can match one.
        let txxx = kb.len() > 5 && kb[..5].eq_ignore_ascii_case(b"TXXX:");
        let ufid_owner = k.strip_prefix("UFID:");
        if !txxx && ufid_owner.is_none() {
            continue;
        }
        for i in 0..ID3_KEYS {
            let want = id3_key(i);
            // Equal keys, and keys equal ignoring case, have equal lengths.
            if want.len() != k.len() {
                continue;
            }
            if k == want {
                exact[i] = Some(f);
            } else if folded[i].is_none() {
                let matches = if let Some(owner) = want.strip_prefix("UFID:") {
                    ufid_owner.is_some_and(|o| o.eq_ignore_ascii_case(owner))
                } else {
                    txxx && want.starts_with("TXXX:") && k.eq_ignore_ascii_case(want)
                };
                if matches {
                    folded[i] = Some(f);
                }
            }
        }
    }
    std::array::from_fn(|i| {
        let want = id3_key(i);
        if want == "COMM" {
            return comm_no_desc.or(comm_first).map(Cow::Borrowed);
        }
        let frame = exact[i].or(folded[i])?;
        if want.starts_with("UFID:") {
            return frame.fields.iter().find_map(|v| match v {
                crate::id3::Value::Bytes(b) => Some(String::from_utf8_lossy(b)),
                _ => None,
            });
        }
        match frame.class.family {
            Family::TimeStamp => frame.text_list().first().map(normalize_timestamp_cow),
            Family::Genre => crate::id3::first_genre(frame.text_list()),
            _ => frame.text_list().first().map(Cow::Borrowed),
        }
    })
}

/// Parse `"n"`, `"n/t"` into its number and total (each part trimmed of spaces, unsigned
/// decimal digits only, else `None`).
#[must_use]
pub fn parse_pair(text: &str) -> (Option<u32>, Option<u32>) {
    let num = |s: &str| {
        let s = s.trim();
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse::<u32>().ok()
        } else {
            None
        }
    };
    match text.split_once('/') {
        Some((n, t)) => (num(n), num(t)),
        None => (num(text), None),
    }
}

/// Parse a ReplayGain text (`"-6.5 dB"`, `"0.988"`): trimmed, a trailing `dB` (any case)
/// removed, trimmed again, then a decimal float (Rust's `f64` syntax), else `None`.
#[must_use]
pub fn parse_gain(text: &str) -> Option<f64> {
    let t = text.trim();
    let t = if t.len() >= 2 && t.is_char_boundary(t.len() - 2) {
        let (head, tail) = t.split_at(t.len() - 2);
        if tail.eq_ignore_ascii_case("db") {
            head.trim_end()
        } else {
            t
        }
    } else {
        t
    };
    t.parse::<f64>().ok()
}

fn common<'a>(tag: &TagRef<'a>) -> Common<'a> {
    let mut c = Common::default();
    let mut gains: [Option<Cow<'a, str>>; 4] = Default::default();
    let mut id3 = match tag {
        TagRef::Id3(t) => Some(id3_texts(t.frames())),
        _ => None,
    };
    for (i, s) in SOURCES.iter().enumerate() {
        let value = match tag {
            TagRef::Id3(_) => id3.as_mut().and_then(|v| v[i].take()),
            TagRef::Vorbis(vc) => s
                .vorbis
                .iter()
                .find_map(|k| first_vorbis(vc, k))
                .map(Cow::Borrowed),
            TagRef::Mp4(t) => mp4_get(t, s.mp4).and_then(mp4_text),
            TagRef::Ape(t) => s
                .ape
                .iter()
                .find_map(|k| t.first_text(k))
                .map(Cow::Borrowed),
            TagRef::Asf(a) => asf_text(a, s.asf).map(Cow::Borrowed),
        };
        if i < TEXT_FIELDS.len() {
            c.text[i] = value;
        } else {
            gains[i - TEXT_FIELDS.len()] = value;
        }
    }
    c.replaygain = gains.map(|g| g.as_deref().and_then(parse_gain));
    c.numbers = match tag {
        TagRef::Id3(_) => {
            let mut pair = |i: usize| {
                id3.as_mut()
                    .and_then(|v| v[i].take())
                    .as_deref()
                    .map_or((None, None), parse_pair)
            };
            let (tn, tt) = pair(SOURCES.len());
            let (dn, dt) = pair(SOURCES.len() + 1);
            [tn, tt, dn, dt]
        }
        TagRef::Vorbis(vc) => {
            let pair = |k: &str, totals: [&str; 2]| {
                let (n, t) = first_vorbis(vc, k).map_or((None, None), parse_pair);
                let t = t.or_else(|| {
                    totals
                        .iter()
                        .find_map(|k| first_vorbis(vc, k))
                        .and_then(|s| parse_pair(s).0)
                });
                (n, t)
            };
            let (tn, tt) = pair("tracknumber", ["tracktotal", "totaltracks"]);
            let (dn, dt) = pair("discnumber", ["disctotal", "totaldiscs"]);
            [tn, tt, dn, dt]
        }
        TagRef::Mp4(t) => {
            let pair = |k: &str| match t.get(k) {
                Some(Mp4Value::List(items)) => items
                    .iter()
                    .find_map(|i| match i {
                        Item::Pair(n, t) => {
                            Some((Some(u32::from(*n)), (*t != 0).then_some(u32::from(*t))))
                        }
                        _ => None,
                    })
                    .unwrap_or((None, None)),
                _ => (None, None),
            };
            let (tn, tt) = pair("trkn");
            let (dn, dt) = pair("disk");
            [tn, tt, dn, dt]
        }
        TagRef::Ape(t) => {
            let pair = |k: &str| t.first_text(k).map_or((None, None), parse_pair);
            let (tn, tt) = pair("Track");
            let (dn, dt) = pair("Disc");
            [tn, tt, dn, dt]
        }
        TagRef::Asf(a) => {
            let total = |k: &str| asf_pair(a, k).0;
            let (tn, tt) = asf_pair(a, "WM/TrackNumber");
            let (dn, dt) = asf_pair(a, "WM/PartOfSet");
            [
                tn,
                tt.or_else(|| total("TotalTracks")),
                dn,
                dt.or_else(|| total("TotalDiscs")),
            ]
        }
    };
    c
}

fn picture_info<'a>(
    ty: Option<u32>,
    mime: &'a str,
    desc: &'a str,
    data: &'a [u8],
    (w, h): (u32, u32),
    keep: bool,
) -> PictureInfo<'a> {
    let (sw, sh) = if w == 0 || h == 0 {
        image_size(data).map_or((None, None), |(w, h)| (Some(w), Some(h)))
    } else {
        (Some(w), Some(h))
    };
    PictureInfo {
        picture_type: ty,
        mime: Cow::Borrowed(mime),
        desc: Cow::Borrowed(desc),
        size: data.len() as u64,
        width: sw,
        height: sh,
        data: keep.then_some(data),
    }
}

fn id3_pictures(tag: &Id3Tag, keep: bool) -> Vec<PictureInfo<'_>> {
    tag.frames()
        .iter()
        .filter(|(_, f)| f.id() == "APIC")
        .map(|(_, f)| {
            let text = |i: usize| match f.fields.get(i) {
                Some(crate::id3::Value::Text(s)) => s.as_str(),
                _ => "",
            };
            let ty = match f.fields.get(2) {
                Some(crate::id3::Value::Int(v)) => u32::try_from(*v).ok(),
                _ => None,
            };
            let data = match f.fields.get(4) {
                Some(crate::id3::Value::Bytes(b)) => b.as_slice(),
                _ => &[],
            };
            picture_info(ty, text(1), text(3), data, (0, 0), keep)
        })
        .collect()
}

fn pictures(audio: &AudioFile, keep: bool) -> Vec<PictureInfo<'_>> {
    match audio {
        AudioFile::Mp3(f) => f
            .tags
            .as_ref()
            .map(|t| id3_pictures(t, keep))
            .unwrap_or_default(),
        AudioFile::Id3(t) => t
            .as_ref()
            .map(|t| id3_pictures(t, keep))
            .unwrap_or_default(),
        AudioFile::Flac(f) => f
            .pictures()
            .map(|p| {
                picture_info(
                    Some(p.picture_type),
                    &p.mime,
                    &p.desc,
                    &p.data,
                    (p.width, p.height),
                    keep,
                )
            })
            .collect(),
        AudioFile::Ogg(_) | AudioFile::Ac3(_) | AudioFile::Aac(_) | AudioFile::Smf(_) => Vec::new(),
        AudioFile::Asf(f) => asf_pictures(&f.attributes, keep),
        AudioFile::Iff(f) => f
            .tags
            .as_ref()
            .map(|t| id3_pictures(t, keep))
            .unwrap_or_default(),
        AudioFile::Mp4(f) => match f.tags.as_ref().and_then(|t| t.get("covr")) {
            Some(Mp4Value::List(items)) => items
                .iter()
                .filter_map(|i| match i {
                    Item::Cover { data, format, .. } => {
                        let mime = if *format == 14 {
                            "image/png"
                        } else {
                            "image/jpeg"
                        };
                        Some(picture_info(None, mime, "", data, (0, 0), keep))
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        },
        AudioFile::TrueAudio(f) => f
            .tags
            .as_ref()
            .map(|t| id3_pictures(t, keep))
            .unwrap_or_default(),
        other => ape_tag(other)
            .map(|t| ape_pictures(t, keep))
            .unwrap_or_default(),
    }
}

/// The pictures of an ASF file: each `WM/Picture` byte array value, laid out as a picture
/// type byte, the image size (32-bit little-endian), the MIME type and the description (each
/// UTF-16LE text ended by a 16-bit NUL), then the image. A value that does not hold all of
/// that, or whose texts are not UTF-16, is skipped.
fn asf_pictures(attributes: &[AsfAttribute], keep: bool) -> Vec<PictureInfo<'_>> {
    /// The UTF-16LE text ending at the first aligned 16-bit NUL of `data`, and the rest.
    fn text(data: &[u8]) -> Option<(String, &[u8])> {
        let end = data.chunks_exact(2).position(|u| u == [0, 0])? * 2;
        let text = crate::asf::decode_utf16le(&data[..end]).ok()?;
        Some((text, &data[end + 2..]))
    }
    attributes
        .iter()
        .filter(|a| a.name == "WM/Picture")
        .filter_map(|a| {
            let AsfValue::ByteArray(value) = &a.value else {
                return None;
            };
            let (&ty, rest) = value.split_first()?;
            let size = usize::try_from(u32::from_le_bytes(rest.get(..4)?.try_into().ok()?)).ok()?;
            let (mime, rest) = text(rest.get(4..)?)?;
            let (desc, rest) = text(rest)?;
            let data = rest.get(..size)?;
            let mut p = picture_info(Some(u32::from(ty)), "", "", data, (0, 0), keep);
            p.mime = Cow::Owned(mime);
            p.desc = Cow::Owned(desc);
            Some(p)
        })
        .collect()
}

/// The picture type of each APEv2 cover art key (`Cover Art (Front)`, ...), as the ID3 `APIC`
/// type of the same name.
const APE_COVER_TYPES: [&str; 21] = [
    "Other",
    "Icon",
    "Other Icon",
    "Front",
    "Back",
    "Leaflet",
    "Media",
    "Lead Artist",
    "Artist",
    "Conductor",
    "Band",
    "Composer",
    "Lyricist",
    "Recording Location",
    "During Recording",
    "During Performance",
    "Video Capture",
    "Fish",
    "Illustration",
    "Band Logotype",
    "Publisher Logotype",
];

/// The MIME type of image data, from its first bytes (JPEG, PNG, GIF, WebP, BMP), else `""`.
fn sniff_image_mime(data: &[u8]) -> &'static str {
    if data.starts_with(b"\xff\xd8\xff") {
        "image/jpeg"
    } else if data.starts_with(b"\x89PNG") {
        "image/png"
    } else if data.starts_with(b"GIF8") {
        "image/gif"
    } else if data.len() >= 12 && data.starts_with(b"RIFF") && &data[8..12] == b"WEBP" {
        "image/webp"
    } else if data.starts_with(b"BM") {
        "image/bmp"
    } else {
        ""
    }
}

/// The cover art of an APEv2 tag: each binary item whose key is `Cover Art (...)`, its value a
/// file name, a NUL and the image (a value without a NUL is all image). The type comes from
/// the name in parentheses (ignoring ASCII case; `None` for a name not in the list), the MIME
/// type from the image's first bytes, the description is the file name (empty when it is not
/// UTF-8).
fn ape_pictures(tag: &ApeTag, keep: bool) -> Vec<PictureInfo<'_>> {
    tag.items
        .iter()
        .filter_map(|item| {
            let ApeValue::Binary(value) = &item.value else {
                return None;
            };
            let key = item.key.as_bytes();
            let prefix = b"cover art (";
            if key.len() <= prefix.len()
                || !key[..prefix.len()].eq_ignore_ascii_case(prefix)
                || key.last() != Some(&b')')
            {
                return None;
            }
            let name = &item.key[prefix.len()..item.key.len() - 1];
            let ty = APE_COVER_TYPES
                .iter()
                .position(|t| t.eq_ignore_ascii_case(name))
                .and_then(|i| u32::try_from(i).ok());
            let (desc, data) = match memchr::memchr(0, value) {
                Some(nul) => (
                    std::str::from_utf8(&value[..nul]).unwrap_or(""),
                    &value[nul + 1..],
                ),
                None => ("", value.as_slice()),
            };
            Some(picture_info(
                ty,
                sniff_image_mime(data),
                desc,
                data,
                (0, 0),
                keep,
            ))
        })
        .collect()
}

/// The width and height of a PNG, GIF or baseline/progressive JPEG image, from its header.
#[must_use]
pub fn image_size(data: &[u8]) -> Option<(u32, u32)> {
    let be32 = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    if data.len() >= 24 && data.starts_with(b"\x89PNG\r\n\x1a\n") && &data[12..16] == b"IHDR" {
        return Some((be32(&data[16..20]), be32(&data[20..24])));
    }
    if data.len() >= 10 && (data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a")) {
        let w = u16::from_le_bytes([data[6], data[7]]);
        let h = u16::from_le_bytes([data[8], data[9]]);
        return Some((w.into(), h.into()));
    }
    if data.starts_with(&[0xFF, 0xD8]) {
        let mut at = 2usize;
        while at + 4 <= data.len() {
            if data[at] != 0xFF {
                return None;
            }
            let marker = data[at + 1];
            if marker == 0xFF {
                at += 1;
                continue;
            }
            if marker == 0xD8 || marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
                at += 2;
                continue;
            }
            let len = usize::from(u16::from_be_bytes([data[at + 2], data[at + 3]]));
            let is_sof = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
            if is_sof {
                let b = data.get(at + 5..at + 9)?;
                let h = u16::from_be_bytes([b[0], b[1]]);
                let w = u16::from_be_bytes([b[2], b[3]]);
                return Some((w.into(), h.into()));
            }
            if len < 2 {
                return None;
            }
            at += 2 + len;
        }
    }
    None
}

/// The kind's class name and the projection of a file that was read.
#[must_use]
pub fn project_detected(
    detected: &crate::file::Detected,
    wanted: Wanted,
) -> Option<(Kind, Projection<'_>)> {
    match detected {
        crate::file::Detected::Read(kind, audio) => Some((*kind, project(audio, wanted))),
        _ => None,
    }
}

/// The first text of the ID3 key (the plain form [`id3_texts`] is checked against) `key`: `TXXX:` descriptions compare ignoring ASCII case,
/// `UFID:` gives its data as UTF-8 (with replacement), `COMM` is the first comment with an
/// empty description or else the first comment, `TCON` its first genre, `TDRC` normalised.
#[cfg(test)]
fn id3_text<'a>(frames: &'a crate::id3::Tags, key: &str) -> Option<Cow<'a, str>> {
    if key == "COMM" {
        let mut first = None;
        for (k, f) in frames.iter() {
            if f.class.family == Family::Comm {
                if k.starts_with("COMM::") && !f.text_list().is_empty() {
                    return f.text_list().first().map(Cow::Borrowed);
                }
                if first.is_none() {
                    first = f.text_list().first().map(Cow::Borrowed);
                }
            }
        }
        return first;
    }
    if let Some(owner) = key.strip_prefix("UFID:") {
        let frame = frames.get(key).or_else(|| {
            frames
                .iter()
                .find(|(k, _)| {
                    k.strip_prefix("UFID:")
                        .is_some_and(|o| o.eq_ignore_ascii_case(owner))
                })
                .map(|(_, f)| f)
        })?;
        return frame.fields.iter().find_map(|v| match v {
            crate::id3::Value::Bytes(b) => Some(String::from_utf8_lossy(b)),
            _ => None,
        });
    }
    let frame = match frames.get(key) {
        Some(f) => f,
        None if key.starts_with("TXXX:") => {
            frames.iter().find(|(k, _)| k.eq_ignore_ascii_case(key))?.1
        }
        None => return None,
    };
    match frame.class.family {
        Family::TimeStamp => frame
            .text_list()
            .first()
            .map(|t| Cow::Owned(crate::id3::normalize_timestamp(t))),
        Family::Genre => crate::id3::tcon_genres(frame.text_list())
            .into_iter()
            .next()
            .map(Cow::Owned),
        _ => frame.text_list().first().map(Cow::Borrowed),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Grouping gives each folded key once, in order of first appearance, with every value
    /// of the comments that fold to it in file order: checked against a linear grouping, for
    /// a handful of keys (some folding together) and for thousands, most of them repeated.
    #[test]
    fn vorbis_keys_group_as_a_linear_search_groups_them() {
        fn linear(vc: &VorbisComment) -> Vec<(String, Vec<String>)> {
            let mut out: Vec<(String, Vec<String>)> = Vec::new();
            for (key, value) in &vc.comments {
                let folded = fold_vorbis_key(key.as_str()).into_owned();
                let value = String::from(&**value);
                match out.iter_mut().find(|(k, _)| *k == folded) {
                    Some((_, values)) => values.push(value),
                    None => out.push((folded, vec![value])),
                }
            }
            out
        }
        let small = [
            "Title", "ARTIST", "title", "Artist", "x", "TITLE", "ÄRTIST", "ärtist",
        ];
        let many: Vec<String> = (0..5000).map(|i| format!("K{}", i % 1700)).collect();
        for keys in [
            small.iter().map(|k| (*k).to_owned()).collect::<Vec<_>>(),
            many,
        ] {
            let vc = VorbisComment {
                vendor: crate::util::strings::tag_string(""),
                comments: keys
                    .iter()
                    .enumerate()
                    .map(|(i, k)| {
                        let value = crate::util::strings::tag_string(&format!("v{i}"));
                        (crate::util::strings::key(k), value)
                    })
                    .collect(),
                size: 0,
            };
            let got: Vec<(String, Vec<String>)> = vorbis_grouped(&vc)
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v.into_iter().map(Cow::into_owned).collect()))
                .collect();
            assert_eq!(got, linear(&vc));
        }
    }

    #[test]
    fn id3_texts_match_key_by_key_lookups() {
        use crate::id3::specs::by_name;
        use crate::id3::{Frame, Tags, TextList, Value};
        let texts = |v: &[&str]| Value::TextList(v.iter().collect::<TextList>());
        let frame = |id: &str, fields: Vec<Value>| Frame {
            class: by_name(id).unwrap(),
            fields,
        };
        let txxx = |desc: &str, v: &str| {
            let fields = vec![Value::Int(0), Value::Text(desc.into()), texts(&[v])];
            frame("TXXX", fields)
        };
        let comm = |desc: &str, v: &[&str]| {
            let fields = vec![
                Value::Int(0),
                Value::Text("eng".into()),
                Value::Text(desc.into()),
                texts(v),
            ];
            frame("COMM", fields)
        };
        let ufid = |owner: &str, data: &[u8]| {
            let fields = vec![
                Value::Text(owner.into()),
                Value::Bytes(data.to_vec().into()),
            ];
            frame("UFID", fields)
        };
        let text = |id: &str, v: &[&str]| frame(id, vec![Value::Int(0), texts(v)]);
        let pool: Vec<(&str, Frame)> = vec![
            ("TIT2", text("TIT2", &["Title"])),
            ("TPE1", text("TPE1", &[])),
            (
                "TXXX:MusicBrainz Album Id",
                txxx("MusicBrainz Album Id", "a1"),
            ),
            (
                "TXXX:musicbrainz album id",
                txxx("musicbrainz album id", "a2"),
            ),
            (
                "TXXX:MUSICBRAINZ ALBUM ID",
                txxx("MUSICBRAINZ ALBUM ID", "a3"),
            ),
            (
                "TXXX:REPLAYGAIN_TRACK_GAIN",
                txxx("REPLAYGAIN_TRACK_GAIN", "-6.5 dB"),
            ),
            (
                "TXXX:replaygain_track_gain",
                txxx("replaygain_track_gain", "1 dB"),
            ),
            (
                "txxx:MusicBrainz Artist Id",
                txxx("MusicBrainz Artist Id", "r1"),
            ),
            (
                "UFID:http://musicbrainz.org",
                ufid("http://musicbrainz.org", b"abc"),
            ),
            (
                "UFID:HTTP://MUSICBRAINZ.ORG",
                ufid("HTTP://MUSICBRAINZ.ORG", b"\xff"),
            ),
            ("COMM::eng", comm("", &["c1"])),
            ("COMM:x:eng", comm("x", &["c2"])),
            ("COMM::XXX", comm("", &[])),
            ("COMM:y:eng", comm("y", &[])),
            ("TCON", text("TCON", &["(17)Rock"])),
            ("TCON", text("TCON", &["Pop\nx", "Rock"])),
            ("TDRC", text("TDRC", &["2004-01-02T03:04"])),
            ("TDRC", text("TDRC", &["2004"])),
            ("TRCK", text("TRCK", &["3/12"])),
            ("TPOS", text("TPOS", &["1"])),
        ];
        for i in 0..ID3_KEYS {
            let key = id3_key(i);
            if key.len() == 4 && key != "COMM" {
                assert_eq!(id3_plain_index(key.as_bytes()), Some(i), "{key}");
            } else {
                assert!(key == "COMM" || key.starts_with("TXXX:") || key.starts_with("UFID:"));
            }
        }
        let n = pool.len();
        for a in 0..n {
            for b in 0..n {
                for c in 0..n {
                    let mut tags = Tags::new();
                    for &i in &[a, b, c] {
                        tags.set(crate::util::strings::key(pool[i].0), pool[i].1.clone());
                    }
                    let fast = id3_texts(&tags);
                    for (i, value) in fast.iter().enumerate() {
                        assert_eq!(*value, id3_text(&tags, id3_key(i)), "{a} {b} {c} {i}");
                    }
                }
            }
        }
    }

    #[test]
    fn pairs_and_gains() {
        assert_eq!(parse_pair("3/12"), (Some(3), Some(12)));
        assert_eq!(parse_pair(" 3 "), (Some(3), None));
        assert_eq!(parse_pair("x/2"), (None, Some(2)));
        assert_eq!(parse_pair(""), (None, None));
        assert_eq!(parse_pair("-1"), (None, None));
        assert_eq!(parse_gain("-6.50 dB"), Some(-6.5));
        assert_eq!(parse_gain("+1.2dB"), Some(1.2));
        assert_eq!(parse_gain("0.98"), Some(0.98));
        assert_eq!(parse_gain("loud"), None);
        assert_eq!(parse_gain("é"), None);
    }

    #[test]
    fn vorbis_keys_fold_as_python_lower() {
        assert_eq!(fold_vorbis_key("TITLE"), "title");
        assert_eq!(fold_vorbis_key("title"), "title");
        assert_eq!(fold_vorbis_key("ÄRTIST"), "ärtist");
        for key in [
            "TITLE",
            "Album",
            "ALBUMARTIST",
            "TrackNumber",
            "ENCODED-BY",
            "METADATA_BLOCK_PICTURE",
            "MUSICBRAINZ_RELEASEGROUPID",
            "REPLAYGAIN_ALBUM_PEAK",
            "CUSTOM0",
            "TITLEX",
            "TITL",
            "",
            "A_KEY_LONGER_THAN_THIRTY_TWO_BYTES_X",
        ] {
            assert_eq!(fold_vorbis_key(key), key.to_lowercase(), "{key}");
            if let Some(known) = known_vorbis_key(key) {
                assert_eq!(known, key.to_ascii_lowercase());
            }
        }
        assert!(known_vorbis_key("TITLE").is_some());
        assert!(known_vorbis_key("CUSTOM0").is_none());
    }

    #[test]
    fn image_sizes_from_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 1, 0, 0, 0, 0, 2]);
        assert_eq!(image_size(&png), Some((256, 2)));
        let gif = b"GIF89a\x03\x00\x05\x00";
        assert_eq!(image_size(gif), Some((3, 5)));
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0, 7, 0, 9, 3,
        ];
        assert_eq!(image_size(&jpeg), Some((9, 7)));
        assert_eq!(image_size(b"nope"), None);
    }

    #[test]
    fn every_real_file_projects_with_a_length_and_its_title() {
        let mut seen = 0;
        let mut titled = 0;
        for path in crate::testfiles::real_files() {
            let Ok(crate::file::Detected::Read(_, audio)) = crate::file::read_path(&path) else {
                continue;
            };
            let p = project(&audio, Wanted::ALL);
            assert!(p.stream.length.is_some(), "{}", path.display());
            // APEv2 keys compare ignoring ASCII case.
            let ape = ape_tag(&audio).is_some();
            let first = |keys: [&str; 4]| {
                p.tags.as_ref().and_then(|tags| {
                    keys.iter().find_map(|k| {
                        tags.iter()
                            .find(|(key, _)| key == k || (ape && key.eq_ignore_ascii_case(k)))
                            .and_then(|(_, v)| v.first().map(ToString::to_string))
                    })
                })
            };
            assert_eq!(
                p.common.get("title").map(str::to_owned),
                first(["TIT2", "title", "\u{a9}nam", "Title"]),
                "{}",
                path.display()
            );
            seen += 1;
            titled += usize::from(p.common.text[0].is_some());
        }
        assert!(seen > 50 && titled > 20, "{seen} {titled}");
    }
}
