//! Specialised batch outputs: a whole batch as one JSON or MessagePack document, as columns, or
//! as a stream of results in completion order.
//!
//! Each output is behind a feature of this crate (`json`, `msgpack`, `columnar`, `streaming`),
//! all of them in the default build. Files are parsed in parallel with the GIL released; only
//! the conversion of errors to mutagen's exception names (rare) and the building of the final
//! Python objects take the GIL.
//!
//! The document schema of `batch_json` / `batch_msgpack` is described in `python/OUTPUTS.md`:
//! a list aligned with the paths, each element `null` (unknown or unsupported format),
//! `{"path", "error", "message"}` for a file that raised, or
//! `{"path", "kind", "info", "tags"}` (plus `"pictures"` for FLAC, `"chapters"` for MP4), where
//! `tags` maps each key of mutagen's `tags.keys()` to its value.

#[cfg(any(feature = "json", feature = "msgpack", feature = "columnar"))]
use std::path::{Path, PathBuf};

#[cfg(any(feature = "json", feature = "msgpack", feature = "columnar"))]
use mutagen_core::file::Detected;
use pyo3::prelude::*;

/// The result of reading one path on a worker: the parsed file, the core's error, or a panic.
#[cfg(any(feature = "json", feature = "msgpack", feature = "columnar"))]
type Outcome<T> = mutagen_core::batch::Outcome<Result<T, crate::Failure>>;

/// Read every path in parallel (GIL released, `mutagen_core::batch::map` with its meaning of
/// `threads`) and map each parsed file to a `T` on the worker, so that the parsed file is
/// dropped as soon as its output is made. Results are in path order. The flag tells whether one
/// of the paths that failed is a directory (checked only for the paths that failed, so it costs
/// nothing for a batch of readable files).
#[cfg(any(feature = "json", feature = "msgpack", feature = "columnar"))]
#[allow(clippy::unnecessary_wraps)]
fn par_read<T: Send>(
    py: Python<'_>,
    paths: &[PathBuf],
    threads: Option<usize>,
    f: impl Fn(&Path, Detected) -> T + Send + Sync,
) -> PyResult<(Vec<Outcome<T>>, bool)> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let found_dir = AtomicBool::new(false);
    let results = py.detach(|| {
        mutagen_core::batch::map(paths, threads, |p| {
            let out = crate::read_path(p).map(|d| f(p, d));
            if out.is_err() && p.is_dir() {
                found_dir.store(true, Ordering::Relaxed);
            }
            out
        })
    });
    Ok((results, found_dir.into_inner()))
}

/// The exception class name and message `File()` raises for a failed read.
#[cfg(any(feature = "json", feature = "msgpack", feature = "columnar"))]
fn error_names(py: Python<'_>, err: Option<crate::Failure>, path: &Path) -> (String, String) {
    let pyerr = match err {
        Some(e) => e.into_pyerr(py, path),
        None => crate::error::panic_error(py),
    };
    let value = pyerr.value(py);
    let class = value
        .get_type()
        .name()
        .map_or_else(|_| "MutagenError".to_owned(), |n| n.to_string());
    let message = value
        .str()
        .map_or_else(|_| String::new(), |s| s.to_string_lossy().into_owned());
    (class, message)
}

#[cfg(any(feature = "json", feature = "msgpack"))]
mod doc {
    //! The `Serialize` views of parsed files used by the JSON and MessagePack documents.

    use std::borrow::Cow;
    use std::collections::HashMap;
    use std::sync::OnceLock;

    use mutagen_core::asf;
    use mutagen_core::file::{AudioFile, Detected};
    use mutagen_core::id3::specs::Family;
    use mutagen_core::id3::{self, Id3Tag};
    use mutagen_core::iff::Info as IffInfo;
    use mutagen_core::mp4::{self, Item, Length};
    use mutagen_core::ogg::Info;
    use mutagen_core::vorbis::VorbisComment;
    use pyo3::prelude::*;
    use serde::ser::{SerializeMap, SerializeSeq, Serializer};
    use serde::Serialize;

    /// The field names of each ID3 frame class, by frame ID, as the Python frame classes name
    /// them (their `_framespec` then `_optionalspec`).
    pub type FieldNames = HashMap<String, Vec<String>>;

    static FIELD_NAMES: OnceLock<FieldNames> = OnceLock::new();

    /// The frame field names, from the frame classes `mutagen_rs.id3` registered (read once).
    pub fn field_names(py: Python<'_>) -> PyResult<&'static FieldNames> {
        if let Some(names) = FIELD_NAMES.get() {
            return Ok(names);
        }
        let registered = crate::registry::id3_frames(py)?;
        let describe = registered.describe.bind(py);
        let mut out = FieldNames::new();
        for classes in [&registered.frames_2_2, &registered.frames] {
            for (id, class) in classes.bind(py).iter() {
                let (names, _convs): (Vec<String>, Bound<'_, PyAny>) =
                    describe.call1((class,))?.extract()?;
                out.insert(id.extract::<String>()?, names);
            }
        }
        Ok(FIELD_NAMES.get_or_init(|| out))
    }

    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// Standard base64 (with padding) of `data`.
    pub fn base64(data: &[u8]) -> String {
        let sym = |n: u32, shift: u32| B64[((n >> shift) & 63) as usize];
        let mut out: Vec<u8> = Vec::with_capacity(data.len().div_ceil(3) * 4);
        let mut chunks = data.chunks_exact(3);
        for c in &mut chunks {
            let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
            out.extend_from_slice(&[sym(n, 18), sym(n, 12), sym(n, 6), sym(n, 0)]);
        }
        match *chunks.remainder() {
            [a] => {
                let n = u32::from(a) << 16;
                out.extend_from_slice(&[sym(n, 18), sym(n, 12), b'=', b'=']);
            }
            [a, b] => {
                let n = (u32::from(a) << 16) | (u32::from(b) << 8);
                out.extend_from_slice(&[sym(n, 18), sym(n, 12), sym(n, 6), b'=']);
            }
            _ => {}
        }
        // Every byte pushed is an ASCII symbol of the alphabet or '='.
        String::from_utf8(out).unwrap_or_default()
    }

    /// Bytes: a base64 string in human-readable formats (JSON), raw bytes otherwise (MessagePack).
    struct Bin<'a>(&'a [u8]);

    impl Serialize for Bin<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            if s.is_human_readable() {
                s.serialize_str(&base64(self.0))
            } else {
                s.serialize_bytes(self.0)
            }
        }
    }

    /// The decimal digits of a big-endian unsigned integer of any size.
    fn decimal(be: &[u8]) -> String {
        let mut digits: Vec<u8> = Vec::new();
        let mut num: Vec<u8> = be.to_vec();
        while num.iter().any(|&b| b != 0) {
            let mut rem: u32 = 0;
            for byte in &mut num {
                let cur = (rem << 8) | u32::from(*byte);
                *byte = (cur / 10) as u8;
                rem = cur % 10;
            }
            digits.push(b'0' + rem as u8);
        }
        if digits.is_empty() {
            return "0".to_owned();
        }
        digits.iter().rev().map(|&d| d as char).collect()
    }

    /// An integer that may not fit 64 bits: a number when it fits, otherwise a number in JSON
    /// (which has no size limit) and a decimal string in MessagePack.
    enum Wide<'a> {
        Signed(i128),
        BigEndian(&'a [u8]),
    }

    impl Serialize for Wide<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Wide::Signed(v) => {
                    if let Ok(small) = i64::try_from(*v) {
                        s.serialize_i64(small)
                    } else if s.is_human_readable() {
                        s.serialize_i128(*v)
                    } else {
                        s.serialize_str(&v.to_string())
                    }
                }
                Wide::BigEndian(be) => {
                    let start = be.iter().position(|&b| b != 0).unwrap_or(be.len());
                    let be = &be[start..];
                    if be.len() <= 8 {
                        let mut v = 0u64;
                        for &b in be {
                            v = (v << 8) | u64::from(b);
                        }
                        s.serialize_u64(v)
                    } else if be.len() <= 16 && s.is_human_readable() {
                        let mut v = 0u128;
                        for &b in be {
                            v = (v << 8) | u128::from(b);
                        }
                        s.serialize_u128(v)
                    } else {
                        s.serialize_str(&decimal(be))
                    }
                }
            }
        }
    }

    /// One value of an info attribute.
    enum Num<'a> {
        Int(i64),
        Uint(u64),
        Float(f64),
        Text(&'a str),
        Bool(bool),
        Null,
        Wide(Wide<'a>),
    }

    impl Serialize for Num<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Num::Int(v) => s.serialize_i64(*v),
                Num::Uint(v) => s.serialize_u64(*v),
                Num::Float(v) => s.serialize_f64(*v),
                Num::Text(v) => s.serialize_str(v),
                Num::Bool(v) => s.serialize_bool(*v),
                Num::Null => s.serialize_unit(),
                Num::Wide(v) => v.serialize(s),
            }
        }
    }

    /// A map from a list of entries, with its length known up front (MessagePack needs it).
    struct Entries<'a>(Vec<(&'static str, Num<'a>)>);

    impl Serialize for Entries<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in &self.0 {
                m.serialize_entry(k, v)?;
            }
            m.end()
        }
    }

    /// The public attributes of the file's `info` object, by mutagen's names.
    fn info(file: &AudioFile) -> Option<Entries<'_>> {
        use Num::{Bool, Float, Int, Null, Text, Uint};
        let e = match file {
            AudioFile::Mp3(f) => {
                let i = &f.info;
                let version = i.version.as_f64();
                let version = if version.fract() == 0.0 {
                    Int(version as i64)
                } else {
                    Float(version)
                };
                let opt = |v: Option<f64>| v.map_or(Null, Float);
                vec![
                    ("length", Float(i.length)),
                    ("bitrate", Uint(i.bitrate)),
                    ("sample_rate", Uint(u64::from(i.sample_rate))),
                    ("channels", Uint(u64::from(i.channels))),
                    ("mode", Uint(u64::from(i.mode))),
                    ("layer", Uint(u64::from(i.layer))),
                    ("version", version),
                    (
                        "bitrate_mode",
                        Int(match i.bitrate_mode {
                            mutagen_core::mpeg::BitrateMode::Cbr => 1,
                            mutagen_core::mpeg::BitrateMode::Vbr => 2,
                            mutagen_core::mpeg::BitrateMode::Abr => 3,
                            mutagen_core::mpeg::BitrateMode::Unknown => 0,
                        }),
                    ),
                    ("encoder_info", Text(&i.encoder_info)),
                    ("encoder_settings", Text(&i.encoder_settings)),
                    ("track_gain", opt(i.track_gain)),
                    ("track_peak", opt(i.track_peak)),
                    ("album_gain", opt(i.album_gain)),
                    ("album_peak", Null),
                    ("sketchy", Bool(i.sketchy)),
                    ("protected", Bool(i.protected)),
                    ("padding", Bool(i.padding)),
                    ("frame_offset", Uint(i.frame_offset)),
                ]
            }
            AudioFile::Id3(_) => vec![("length", Int(0))],
            AudioFile::Flac(f) => {
                let si = f.stream_info()?;
                vec![
                    ("length", Float(si.length())),
                    ("bitrate", Uint(f.bitrate)),
                    ("sample_rate", Uint(u64::from(si.sample_rate))),
                    ("channels", Uint(u64::from(si.channels))),
                    ("bits_per_sample", Uint(u64::from(si.bits_per_sample))),
                    ("total_samples", Uint(si.total_samples)),
                    ("min_blocksize", Uint(u64::from(si.min_blocksize))),
                    ("max_blocksize", Uint(u64::from(si.max_blocksize))),
                    ("min_framesize", Uint(u64::from(si.min_framesize))),
                    ("max_framesize", Uint(u64::from(si.max_framesize))),
                    (
                        "md5_signature",
                        Num::Wide(Wide::BigEndian(&si.md5_signature)),
                    ),
                    ("code", Int(0)),
                ]
            }
            AudioFile::Ogg(f) => match &f.info {
                Info::Vorbis(i) => vec![
                    ("length", Float(i.length)),
                    ("bitrate", Int(i.bitrate)),
                    ("sample_rate", Uint(u64::from(i.sample_rate))),
                    ("channels", Uint(u64::from(i.channels))),
                    ("serial", Uint(u64::from(i.serial))),
                ],
                Info::Opus(i) => vec![
                    ("length", Float(i.length)),
                    ("bitrate", Num::Wide(Wide::Signed(i.bitrate))),
                    ("channels", Uint(u64::from(i.channels))),
                    ("serial", Uint(u64::from(i.serial))),
                ],
                Info::Flac(i) => vec![
                    ("length", Float(i.length)),
                    ("sample_rate", Uint(u64::from(i.sample_rate))),
                    ("channels", Uint(u64::from(i.channels))),
                    ("bits_per_sample", Uint(u64::from(i.bits_per_sample))),
                    ("total_samples", Uint(i.total_samples)),
                    ("min_blocksize", Uint(u64::from(i.min_blocksize))),
                    ("max_blocksize", Uint(u64::from(i.max_blocksize))),
                    ("packets", Uint(u64::from(i.packets))),
                    ("serial", Uint(u64::from(i.serial))),
                ],
                Info::Speex(i) => vec![
                    ("length", Float(i.length)),
                    ("bitrate", Int(i64::from(i.bitrate))),
                    ("sample_rate", Uint(u64::from(i.sample_rate))),
                    ("channels", Uint(u64::from(i.channels))),
                    ("serial", Uint(u64::from(i.serial))),
                ],
                Info::Theora(i) => vec![
                    ("length", Float(i.length)),
                    ("bitrate", Uint(u64::from(i.bitrate))),
                    ("fps", Float(i.fps)),
                    ("granule_shift", Uint(u64::from(i.granule_shift))),
                    ("serial", Uint(u64::from(i.serial))),
                ],
                _ => return None,
            },
            AudioFile::Mp4(f) => {
                let i = &f.info;
                vec![
                    (
                        "length",
                        match i.length {
                            Length::Seconds(s) => Float(s),
                            Length::IntZero => Int(0),
                        },
                    ),
                    ("bitrate", Uint(i.bitrate)),
                    ("sample_rate", Uint(i.sample_rate)),
                    ("channels", Uint(i.channels)),
                    ("bits_per_sample", Uint(i.bits_per_sample)),
                    ("codec", Text(&i.codec)),
                    ("codec_description", Text(&i.codec_description)),
                ]
            }
            AudioFile::Iff(f) => iff_info(&f.info)?,
            AudioFile::Ac3(i) => vec![
                ("channels", Uint(u64::from(i.channels))),
                ("length", Float(i.length)),
                ("sample_rate", Uint(u64::from(i.sample_rate))),
                ("bitrate", Uint(u64::from(i.bitrate))),
                ("codec", Text(i.codec)),
            ],
            AudioFile::Aac(i) => vec![
                ("channels", Uint(u64::from(i.channels))),
                ("length", i.length.map_or(Int(0), Float)),
                ("sample_rate", Uint(u64::from(i.sample_rate))),
                (
                    "bitrate",
                    match i.bitrate {
                        mutagen_core::aac::Bitrate::Float(b) => Float(b),
                        mutagen_core::aac::Bitrate::Int(b) => Uint(u64::from(b)),
                        _ => Int(0),
                    },
                ),
            ],
            AudioFile::Smf(i) => vec![("length", Float(i.length))],
            AudioFile::Asf(f) => {
                let i = &f.info;
                vec![
                    ("length", Float(i.length)),
                    ("sample_rate", Uint(u64::from(i.sample_rate))),
                    ("bitrate", Uint(i.bitrate)),
                    ("channels", Uint(u64::from(i.channels))),
                    ("codec_type", Text(i.codec_type)),
                    ("codec_name", Text(&i.codec_name)),
                    ("codec_description", Text(&i.codec_description)),
                ]
            }
            other => return ape_family_info(other).map(Entries),
        };
        Some(Entries(e))
    }

    /// The public attributes of the `info` of an AIFF, WAVE, DSF or DSDIFF file (DSF's
    /// `fmt_chunk` object left out).
    fn iff_info(info: &IffInfo) -> Option<Vec<(&'static str, Num<'_>)>> {
        use Num::{Float, Int, Null, Text, Uint};
        Some(match info {
            IffInfo::Aiff(i) => vec![
                (
                    "length",
                    if i.sample_rate() == 0 {
                        Int(0)
                    } else {
                        Float(i.length())
                    },
                ),
                ("bitrate", Num::Wide(Wide::Signed(i.bitrate()))),
                ("channels", Int(i64::from(i.channels))),
                ("sample_rate", Uint(i.sample_rate())),
                ("bits_per_sample", Int(i64::from(i.sample_size))),
                ("sample_size", Int(i64::from(i.sample_size))),
            ],
            IffInfo::Wave(i) => vec![
                ("length", Float(i.length())),
                ("bitrate", Uint(i.bitrate())),
                ("channels", Uint(u64::from(i.channels))),
                ("sample_rate", Uint(u64::from(i.sample_rate))),
                ("bits_per_sample", Uint(u64::from(i.bits_per_sample))),
                ("audio_format", Uint(u64::from(i.audio_format))),
                ("SIZE", Uint(16)),
            ],
            IffInfo::Dsf(i) => vec![
                ("length", i.length().map_or(Null, Float)),
                ("bitrate", Num::Wide(Wide::Signed(i.bitrate()))),
                ("channels", Uint(u64::from(i.channels))),
                ("sample_rate", Uint(u64::from(i.sample_rate))),
                ("bits_per_sample", Uint(u64::from(i.bits_per_sample))),
            ],
            IffInfo::Dsdiff(i) => {
                use mutagen_core::iff::dsdiff::Sound;
                let (length, bitrate) = match i.sound {
                    Sound::Dsd { .. } => (
                        if i.sample_rate == 0 {
                            Int(0)
                        } else {
                            Float(i.length())
                        },
                        Uint(u64::from(i.channels) * u64::from(i.sample_rate)),
                    ),
                    Sound::Dst {
                        frames: Some((count, rate)),
                        ..
                    } => (
                        if rate == 0 { Int(0) } else { Float(i.length()) },
                        if count == 0 {
                            Int(0)
                        } else {
                            Float(i.bitrate())
                        },
                    ),
                    _ => (Int(0), Int(0)),
                };
                vec![
                    ("length", length),
                    ("bitrate", bitrate),
                    ("channels", Uint(u64::from(i.channels))),
                    ("sample_rate", Uint(u64::from(i.sample_rate))),
                    ("bits_per_sample", Int(1)),
                    ("compression", i.compression.as_deref().map_or(Null, Text)),
                ]
            }
            _ => return None,
        })
    }

    /// [`info`] for the formats tagged with APEv2, and True Audio.
    fn ape_family_info(file: &AudioFile) -> Option<Vec<(&'static str, Num<'_>)>> {
        use Num::{Bool, Float, Int, Null, Text, Uint};
        let e = match file {
            AudioFile::ApeV2(_) => vec![("length", Int(0)), ("bitrate", Int(0))],
            AudioFile::WavPack(f) => {
                let i = &f.info;
                vec![
                    ("length", Float(i.length)),
                    ("sample_rate", Uint(u64::from(i.sample_rate))),
                    // mutagen gives `True` for a mono stream.
                    (
                        "channels",
                        if i.channels == 1 {
                            Bool(true)
                        } else {
                            Uint(u64::from(i.channels))
                        },
                    ),
                    ("bits_per_sample", Uint(u64::from(i.bits_per_sample))),
                    ("version", Uint(u64::from(i.version))),
                ]
            }
            AudioFile::MonkeysAudio(f) => {
                let i = &f.info;
                vec![
                    ("length", Float(i.length)),
                    ("sample_rate", Uint(u64::from(i.sample_rate))),
                    ("channels", Uint(u64::from(i.channels))),
                    ("bits_per_sample", Uint(u64::from(i.bits_per_sample))),
                    ("version", Float(i.version)),
                ]
            }
            AudioFile::Musepack(f) => {
                let i = &f.info;
                let mut e = vec![
                    ("length", Float(i.length)),
                    ("bitrate", Int(i.bitrate)),
                    ("sample_rate", Uint(u64::from(i.sample_rate))),
                    ("channels", Uint(u64::from(i.channels))),
                    ("version", Uint(u64::from(i.version))),
                ];
                if let Some(samples) = i.samples {
                    e.push(("samples", Num::Wide(Wide::Signed(samples))));
                }
                for (name, v) in i.gains() {
                    if let Some(v) = v {
                        e.push((name, Float(v)));
                    }
                }
                e
            }
            AudioFile::Tak(f) => {
                let i = &f.info;
                vec![
                    ("length", Float(i.length)),
                    ("bitrate", Int(0)),
                    ("sample_rate", Uint(u64::from(i.sample_rate))),
                    ("channels", Uint(u64::from(i.channels))),
                    ("bits_per_sample", Uint(u64::from(i.bits_per_sample))),
                    ("number_of_samples", Uint(i.number_of_samples)),
                    ("encoder_info", Text(&i.encoder_info)),
                ]
            }
            AudioFile::OptimFrog(f) => {
                let i = &f.info;
                vec![
                    ("length", Float(i.length)),
                    ("sample_rate", Uint(u64::from(i.sample_rate))),
                    ("channels", Uint(u64::from(i.channels))),
                    (
                        "bits_per_sample",
                        i.bits_per_sample.map_or(Null, |b| Uint(u64::from(b))),
                    ),
                    ("encoder_info", Text(&i.encoder_info)),
                ]
            }
            AudioFile::TrueAudio(f) => vec![
                ("length", Float(f.info.length)),
                ("sample_rate", Uint(u64::from(f.info.sample_rate))),
            ],
            _ => return None,
        };
        Some(e)
    }

    /// An APEv2 tag: each key (as last spelt) to its value: a text value as the list of its
    /// strings, an external value as its text, a binary value as bytes.
    struct ApeView<'a>(&'a mutagen_core::apev2::ApeTag);

    impl Serialize for ApeView<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use mutagen_core::apev2::ApeValue;
            let mut m = s.serialize_map(Some(self.0.items.len()))?;
            for item in &self.0.items {
                match &item.value {
                    ApeValue::Text(t) => {
                        m.serialize_entry(&item.key, &t.split('\0').collect::<Vec<_>>())?;
                    }
                    ApeValue::External(t) => m.serialize_entry(&item.key, t)?,
                    ApeValue::Binary(b) => m.serialize_entry(&item.key, &Bin(b))?,
                    _ => m.serialize_entry(&item.key, &())?,
                }
            }
            m.end()
        }
    }

    /// Vorbis comments as `VCommentDict` shows them: each lower-cased key once (in order of
    /// first appearance), with the values of all comments whose key lower-cases to it.
    struct Comments<'a>(&'a VorbisComment);

    fn lower(key: &str) -> Cow<'_, str> {
        mutagen_core::project::fold_vorbis_key(key)
    }

    fn text(s: &str) -> &str {
        s
    }

    impl Serialize for Comments<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut order: Vec<(Cow<'_, str>, Vec<&str>)> = Vec::new();
            let mut index: HashMap<Cow<'_, str>, usize> = HashMap::new();
            for (k, v) in &self.0.comments {
                let key = lower(text(k));
                if let Some(&at) = index.get(&key) {
                    order[at].1.push(text(v));
                } else {
                    index.insert(key.clone(), order.len());
                    order.push((key, vec![text(v)]));
                }
            }
            let mut m = s.serialize_map(Some(order.len()))?;
            for (k, v) in &order {
                m.serialize_entry(k.as_ref(), v)?;
            }
            m.end()
        }
    }

    /// An ID3 frame: its text list (text frames), URL (URL frames), people pairs (paired
    /// text frames), or an object of its fields by name (every other frame).
    struct FrameView<'a> {
        frame: &'a id3::Frame,
        names: &'a FieldNames,
    }

    /// One field value of an ID3 frame.
    struct FieldView<'a> {
        value: &'a id3::Value,
        names: &'a FieldNames,
    }

    impl Serialize for FieldView<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use id3::Value as V;
            match self.value {
                V::Int(v) => s.serialize_i64(*v),
                V::BigInt(be) => Wide::BigEndian(be).serialize(s),
                V::Float(v) => s.serialize_f64(*v),
                V::Text(t) => s.serialize_str(t),
                V::Bytes(b) => Bin(b).serialize(s),
                V::TextList(v) => v.serialize(s),
                V::People(v) => v.serialize(s),
                V::SyncText(v) => v.serialize(s),
                V::Events(v) => v.serialize(s),
                V::Adjustments(v) => v.serialize(s),
                V::IntList(v) => v.serialize(s),
                V::Frames(tags) => FramesView {
                    tags,
                    names: self.names,
                }
                .serialize(s),
                _ => s.serialize_unit(),
            }
        }
    }

    impl Serialize for FrameView<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let frame = self.frame;
            let family = frame.class.family;
            if family.is_text() {
                if family == Family::TimeStamp {
                    let list = frame.text_list();
                    let mut seq = s.serialize_seq(Some(list.len()))?;
                    for t in list {
                        seq.serialize_element(&id3::normalize_timestamp(t))?;
                    }
                    return seq.end();
                }
                return frame.text_list().serialize(s);
            }
            let main = match family {
                Family::Url | Family::UrlU => frame.fields.first(),
                Family::Wxxx => frame.fields.get(2),
                Family::Paired => frame.fields.get(1),
                _ => None,
            };
            if let Some(value) = main {
                return FieldView {
                    value,
                    names: self.names,
                }
                .serialize(s);
            }
            let names = self.names.get(frame.id()).map_or(&[][..], Vec::as_slice);
            let n = frame.fields.len().min(names.len());
            let mut m = s.serialize_map(Some(n))?;
            for (name, value) in names.iter().zip(&frame.fields) {
                m.serialize_entry(
                    name,
                    &FieldView {
                        value,
                        names: self.names,
                    },
                )?;
            }
            m.end()
        }
    }

    /// The frames of an ID3 tag by hash key (`ID3.keys()`).
    struct FramesView<'a> {
        tags: &'a id3::Tags,
        names: &'a FieldNames,
    }

    impl Serialize for FramesView<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(self.tags.len()))?;
            for (key, frame) in self.tags.iter() {
                m.serialize_entry(
                    key,
                    &FrameView {
                        frame,
                        names: self.names,
                    },
                )?;
            }
            m.end()
        }
    }

    /// One MP4 tag value: a bool, or a list of its items.
    struct Mp4ValueView<'a>(&'a mp4::Value);

    /// One MP4 item: text, a number, `[number, total]`, a cover `{"data", "imageformat"}` or a
    /// freeform value `{"data", "dataformat"}`.
    struct Mp4ItemView<'a>(&'a Item);

    impl Serialize for Mp4ItemView<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self.0 {
                Item::Text(t) => s.serialize_str(t),
                Item::Int(v) => s.serialize_i64(*v),
                Item::Pair(a, b) => (a, b).serialize(s),
                Item::Cover { data, format, .. } => {
                    let mut m = s.serialize_map(Some(2))?;
                    m.serialize_entry("data", &Bin(data))?;
                    m.serialize_entry("imageformat", format)?;
                    m.end()
                }
                Item::FreeForm {
                    data, dataformat, ..
                } => {
                    let mut m = s.serialize_map(Some(2))?;
                    m.serialize_entry("data", &Bin(data))?;
                    m.serialize_entry("dataformat", dataformat)?;
                    m.end()
                }
            }
        }
    }

    impl Serialize for Mp4ValueView<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self.0 {
                mp4::Value::Bool(b) => s.serialize_bool(*b),
                mp4::Value::List(items) => {
                    let mut seq = s.serialize_seq(Some(items.len()))?;
                    for item in items {
                        seq.serialize_element(&Mp4ItemView(item))?;
                    }
                    seq.end()
                }
            }
        }
    }

    struct Mp4TagsView<'a>(&'a mp4::Mp4Tags);

    impl Serialize for Mp4TagsView<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(self.0.items().len()))?;
            for (k, v) in self.0.items() {
                m.serialize_entry(k, &Mp4ValueView(v))?;
            }
            m.end()
        }
    }

    /// One ASF attribute value: text, bytes (binary and GUID values), a boolean or a number.
    struct AsfValueView<'a>(&'a asf::Value);

    impl Serialize for AsfValueView<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self.0 {
                asf::Value::Unicode(t) => s.serialize_str(t),
                asf::Value::ByteArray(b) | asf::Value::Guid(b) => Bin(b).serialize(s),
                asf::Value::Bool(b) => s.serialize_bool(*b),
                asf::Value::DWord(n) => s.serialize_u32(*n),
                asf::Value::QWord(n) => s.serialize_u64(*n),
                asf::Value::Word(n) => s.serialize_u16(*n),
                _ => s.serialize_unit(),
            }
        }
    }

    /// ASF attributes as `ASFTags` shows them by key: each name once (in order of first
    /// appearance; mutagen's `keys()` is a set), with the values of all its attributes.
    struct AsfTagsView<'a>(&'a [asf::Attribute]);

    impl Serialize for AsfTagsView<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut order: Vec<(&str, Vec<AsfValueView<'_>>)> = Vec::new();
            let mut index: HashMap<&str, usize> = HashMap::new();
            for a in self.0 {
                if let Some(&at) = index.get(a.name.as_str()) {
                    order[at].1.push(AsfValueView(&a.value));
                } else {
                    index.insert(&a.name, order.len());
                    order.push((&a.name, vec![AsfValueView(&a.value)]));
                }
            }
            let mut m = s.serialize_map(Some(order.len()))?;
            for (k, v) in &order {
                m.serialize_entry(k, v)?;
            }
            m.end()
        }
    }

    /// The tags of a file, or `None` when the file has none.
    enum TagsView<'a> {
        Id3(&'a Id3Tag, &'a FieldNames),
        Vorbis(&'a VorbisComment),
        Mp4(&'a mp4::Mp4Tags),
        Ape(&'a mutagen_core::apev2::ApeTag),
        Asf(&'a [asf::Attribute]),
    }

    impl Serialize for TagsView<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                TagsView::Id3(tag, names) => FramesView {
                    tags: tag.frames(),
                    names,
                }
                .serialize(s),
                TagsView::Vorbis(vc) => Comments(vc).serialize(s),
                TagsView::Mp4(tags) => Mp4TagsView(tags).serialize(s),
                TagsView::Ape(tag) => ApeView(tag).serialize(s),
                TagsView::Asf(attributes) => AsfTagsView(attributes).serialize(s),
            }
        }
    }

    fn tags<'a>(file: &'a AudioFile, names: &'a FieldNames) -> Option<TagsView<'a>> {
        match file {
            AudioFile::Mp3(f) => f.tags.as_ref().map(|t| TagsView::Id3(t, names)),
            AudioFile::Id3(t) => t.as_ref().map(|t| TagsView::Id3(t, names)),
            AudioFile::Flac(f) => f.tags().map(TagsView::Vorbis),
            AudioFile::Ogg(f) => Some(TagsView::Vorbis(&f.tags)),
            AudioFile::Mp4(f) => f.tags.as_ref().map(TagsView::Mp4),
            AudioFile::Iff(f) => f.tags.as_ref().map(|t| TagsView::Id3(t, names)),
            AudioFile::TrueAudio(f) => f.tags.as_ref().map(|t| TagsView::Id3(t, names)),
            AudioFile::Asf(f) => Some(TagsView::Asf(&f.attributes)),
            other => mutagen_core::project::ape_tag(other).map(TagsView::Ape),
        }
    }

    /// The pictures of a FLAC file, each with mutagen's `Picture` attribute names.
    struct Pictures<'a>(&'a mutagen_core::flac::Flac);

    impl Serialize for Pictures<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let pics: Vec<_> = self.0.pictures().collect();
            let mut seq = s.serialize_seq(Some(pics.len()))?;
            for p in pics {
                let e = Entries(vec![
                    ("type", Num::Uint(u64::from(p.picture_type))),
                    ("mime", Num::Text(text(&p.mime))),
                    ("desc", Num::Text(text(&p.desc))),
                    ("width", Num::Uint(u64::from(p.width))),
                    ("height", Num::Uint(u64::from(p.height))),
                    ("depth", Num::Uint(u64::from(p.depth))),
                    ("colors", Num::Uint(u64::from(p.colors))),
                ]);
                seq.serialize_element(&PictureView(e, &p.data))?;
            }
            seq.end()
        }
    }

    /// The chapters of an MP4 file, each `{"start": seconds, "title": str}`.
    struct Chapters<'a>(&'a [mp4::Chapter]);

    impl Serialize for Chapters<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(self.0.len()))?;
            for c in self.0 {
                seq.serialize_element(&Entries(vec![
                    ("start", Num::Float(c.start)),
                    ("title", Num::Text(&c.title)),
                ]))?;
            }
            seq.end()
        }
    }

    struct PictureView<'a>(Entries<'a>, &'a [u8]);

    impl Serialize for PictureView<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(self.0 .0.len() + 1))?;
            for (k, v) in &self.0 .0 {
                m.serialize_entry(k, v)?;
            }
            m.serialize_entry("data", &Bin(self.1))?;
            m.end()
        }
    }

    /// One element of the document for a file that was read (or not recognised).
    pub struct FileDoc<'a> {
        /// The path as given.
        pub path: &'a str,
        /// What was read.
        pub detected: &'a Detected,
        /// The ID3 frame field names.
        pub names: &'a FieldNames,
    }

    impl Serialize for FileDoc<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let Detected::Read(kind, file) = self.detected else {
                return s.serialize_unit();
            };
            let pictures = match file {
                AudioFile::Flac(f) => Some(Pictures(f)),
                _ => None,
            };
            let chapters = match file {
                AudioFile::Mp4(f) => Some(f.chapters.as_deref().map(Chapters)),
                _ => None,
            };
            let extra = usize::from(pictures.is_some()) + usize::from(chapters.is_some());
            let mut m = s.serialize_map(Some(4 + extra))?;
            m.serialize_entry("path", self.path)?;
            m.serialize_entry("kind", kind.class_name())?;
            m.serialize_entry("info", &info(file))?;
            m.serialize_entry("tags", &tags(file, self.names))?;
            if let Some(p) = pictures {
                m.serialize_entry("pictures", &p)?;
            }
            if let Some(c) = chapters {
                m.serialize_entry("chapters", &c)?;
            }
            m.end()
        }
    }

    /// One element of the document for a file that raised.
    pub struct ErrorDoc<'a> {
        /// The path as given.
        pub path: &'a str,
        /// The exception class name.
        pub error: &'a str,
        /// `str()` of the exception.
        pub message: &'a str,
    }

    impl Serialize for ErrorDoc<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(3))?;
            m.serialize_entry("path", self.path)?;
            m.serialize_entry("error", self.error)?;
            m.serialize_entry("message", self.message)?;
            m.end()
        }
    }

    #[cfg(test)]
    mod tests {
        use super::{base64, decimal};

        #[test]
        fn base64_matches_the_standard_alphabet_and_padding() {
            assert_eq!(base64(b""), "");
            assert_eq!(base64(b"f"), "Zg==");
            assert_eq!(base64(b"fo"), "Zm8=");
            assert_eq!(base64(b"foo"), "Zm9v");
            assert_eq!(base64(b"foobar"), "Zm9vYmFy");
            assert_eq!(base64(&[0xFF, 0xFE, 0x00]), "//4A");
        }

        #[test]
        fn decimal_of_big_endian_bytes() {
            assert_eq!(decimal(&[]), "0");
            assert_eq!(decimal(&[0, 0]), "0");
            assert_eq!(decimal(&[1, 0]), "256");
            assert_eq!(decimal(&[0x01, 0x00, 0x00, 0x00, 0x00]), "4294967296");
            // 2^136 - 1
            assert_eq!(
                decimal(&[0xFF; 17]),
                "87112285931760246646623899502532662132735"
            );
        }
    }
}

/// Which document format [`serialize_batch`] writes.
#[cfg(any(feature = "json", feature = "msgpack"))]
#[derive(Clone, Copy)]
enum Format {
    #[cfg(feature = "json")]
    Json,
    #[cfg(feature = "msgpack")]
    Msgpack,
}

#[cfg(any(feature = "json", feature = "msgpack"))]
fn encode<T: serde::Serialize>(format: Format, value: &T) -> Result<Vec<u8>, String> {
    match format {
        #[cfg(feature = "json")]
        Format::Json => serde_json::to_vec(value).map_err(|e| e.to_string()),
        #[cfg(feature = "msgpack")]
        Format::Msgpack => rmp_serde::to_vec(value).map_err(|e| e.to_string()),
    }
}

/// Parse every path in parallel and write one document: a list aligned with `paths`.
#[cfg(any(feature = "json", feature = "msgpack"))]
fn serialize_batch(
    py: Python<'_>,
    paths: &[PathBuf],
    threads: Option<usize>,
    format: Format,
    walk: bool,
) -> PyResult<Option<Py<pyo3::types::PyBytes>>> {
    let names = doc::field_names(py)?;
    let (results, found_dir) = par_read(py, paths, threads, |p, detected| {
        let path = mutagen_core::file::path_name(p);
        let out = encode(
            format,
            &doc::FileDoc {
                path: &path,
                detected: &detected,
                names,
            },
        );
        crate::recycle_buffers(detected);
        out
    })?;
    if walk && found_dir {
        return Ok(None);
    }
    let mut parts: Vec<Vec<u8>> = Vec::with_capacity(results.len());
    for (p, result) in paths.iter().zip(results) {
        let failed = match result {
            Ok(Ok(encoded)) => {
                parts.push(encoded.map_err(pyo3::exceptions::PyValueError::new_err)?);
                continue;
            }
            Ok(Err(e)) => error_names(py, Some(e), p),
            Err(_) => error_names(py, None, p),
        };
        let part = encode(
            format,
            &doc::ErrorDoc {
                path: &p.to_string_lossy(),
                error: &failed.0,
                message: &failed.1,
            },
        )
        .map_err(pyo3::exceptions::PyValueError::new_err)?;
        parts.push(part);
    }
    // The document's head (JSON `[`, or the MessagePack array header), separators and tail.
    let mut head: Vec<u8> = Vec::with_capacity(5);
    let (sep, tail): (&[u8], &[u8]) = match format {
        #[cfg(feature = "json")]
        Format::Json => {
            head.push(b'[');
            (b",", b"]")
        }
        #[cfg(feature = "msgpack")]
        Format::Msgpack => {
            let n = parts.len();
            if n < 16 {
                head.push(0x90 | n as u8);
            } else if let Ok(n) = u16::try_from(n) {
                head.push(0xdc);
                head.extend_from_slice(&n.to_be_bytes());
            } else {
                let n = u32::try_from(n).map_err(|_| {
                    pyo3::exceptions::PyOverflowError::new_err("too many files for one document")
                })?;
                head.push(0xdd);
                head.extend_from_slice(&n.to_be_bytes());
            }
            (b"", b"")
        }
    };
    let total = head.len()
        + parts.iter().map(Vec::len).sum::<usize>()
        + sep.len() * parts.len().saturating_sub(1)
        + tail.len();
    // The parts are copied straight into the bytes object, each dropped once copied.
    let out = pyo3::types::PyBytes::new_with(py, total, move |buf| {
        let mut at = 0;
        let mut put = |bytes: &[u8]| {
            buf[at..at + bytes.len()].copy_from_slice(bytes);
            at += bytes.len();
        };
        put(&head);
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                put(sep);
            }
            put(&part);
        }
        put(tail);
        Ok(())
    })?;
    Ok(Some(out.unbind()))
}

/// Read many files in parallel and return one JSON document (UTF-8 bytes): a list aligned with
/// `paths` (see `python/OUTPUTS.md` for the schema). With `walk`, returns `None` instead when
/// one of the paths is a directory (the caller then walks the directories and asks again).
#[cfg(feature = "json")]
#[pyfunction]
#[pyo3(signature = (paths, threads=None, walk=false))]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn batch_json(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    threads: Option<usize>,
    walk: bool,
) -> PyResult<Option<Py<pyo3::types::PyBytes>>> {
    serialize_batch(py, &paths, threads, Format::Json, walk)
}

/// Read many files in parallel and return one MessagePack document: a list aligned with
/// `paths`, with the same schema as `batch_json` but bytes as MessagePack bin values.
#[cfg(feature = "msgpack")]
#[pyfunction]
#[pyo3(signature = (paths, threads=None, walk=false))]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn batch_msgpack(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    threads: Option<usize>,
    walk: bool,
) -> PyResult<Option<Py<pyo3::types::PyBytes>>> {
    serialize_batch(py, &paths, threads, Format::Msgpack, walk)
}

#[cfg(feature = "columnar")]
mod columns {
    //! The columns of the columnar output: a subset of the scan schema (`python/SCHEMA.md`),
    //! read through the scan's builders (`crate::scan::read_columns`) and handed to Python as
    //! lists and byte buffers.

    /// The column names, in output order.
    pub const NAMES: [&str; 10] = [
        "path",
        "kind",
        "length",
        "bitrate",
        "sample_rate",
        "channels",
        "title",
        "artist",
        "album",
        "error",
    ];
}

/// Read many files in parallel and return their columns: a dict of column name to data, for
/// the columns named in `fields` (all when `None`). Text columns (`path`, `kind`, `title`,
/// `artist`, `album`, `error`) are lists of `str` or `None`; numeric columns are
/// `(values, valid)` pairs of bytes: little-endian float64 (`length`) or int64 values, and one
/// byte per row, 1 where the value is present. With `walk`, returns `None` instead when one of
/// the paths is a directory.
#[cfg(feature = "columnar")]
#[pyfunction]
#[pyo3(signature = (paths, threads=None, fields=None, walk=false))]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn batch_columns(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    threads: Option<usize>,
    fields: Option<Vec<String>>,
    walk: bool,
) -> PyResult<Option<Py<pyo3::types::PyDict>>> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int64Type};
    use arrow_array::ArrayRef;
    use pyo3::types::{PyBytes, PyDict, PyList};

    let wanted: Vec<&'static str> = match &fields {
        None => columns::NAMES.to_vec(),
        Some(names) => {
            let mut out = Vec::new();
            for n in names {
                let Some(&name) = columns::NAMES.iter().find(|c| **c == n.as_str()) else {
                    return Err(pyo3::exceptions::PyValueError::new_err(format!(
                        "unknown column {n:?}; the columns are {:?}",
                        columns::NAMES
                    )));
                };
                if !out.contains(&name) {
                    out.push(name);
                }
            }
            out
        }
    };
    let names: Vec<String> = wanted.iter().map(|n| (*n).to_owned()).collect();
    let (batches, found_dir) =
        py.detach(|| crate::scan::read_columns(&paths, threads, &names, walk))?;
    if walk && found_dir {
        return Ok(None);
    }
    let out = PyDict::new(py);
    for (i, name) in wanted.iter().enumerate() {
        let arrays: Vec<&ArrayRef> = batches.iter().map(|b| b.column(i)).collect();
        let column: Bound<'_, PyAny> = match *name {
            "length" => {
                let mut values = Vec::with_capacity(paths.len() * 8);
                let mut valid = Vec::with_capacity(paths.len());
                for a in &arrays {
                    for v in a.as_primitive::<Float64Type>() {
                        values.extend_from_slice(&v.unwrap_or(f64::NAN).to_le_bytes());
                        valid.push(u8::from(v.is_some()));
                    }
                }
                (PyBytes::new(py, &values), PyBytes::new(py, &valid))
                    .into_pyobject(py)?
                    .into_any()
            }
            "bitrate" | "sample_rate" | "channels" => {
                let mut values = Vec::with_capacity(paths.len() * 8);
                let mut valid = Vec::with_capacity(paths.len());
                for a in &arrays {
                    for v in a.as_primitive::<Int64Type>() {
                        values.extend_from_slice(&v.unwrap_or(0).to_le_bytes());
                        valid.push(u8::from(v.is_some()));
                    }
                }
                (PyBytes::new(py, &values), PyBytes::new(py, &valid))
                    .into_pyobject(py)?
                    .into_any()
            }
            _ => PyList::new(py, arrays.iter().flat_map(|a| a.as_string::<i32>()))?.into_any(),
        };
        out.set_item(*name, column)?;
    }
    Ok(Some(out.unbind()))
}

#[cfg(feature = "streaming")]
mod stream {
    //! Background parsing into a bounded channel, for `BatchIterator`.

    use std::path::PathBuf;

    use mutagen_core::batch::{self, Stream};
    use mutagen_core::file::{self, Detected};
    use pyo3::prelude::*;
    use pyo3::types::PyList;

    /// What a worker gives for one path: its result, or `None` for a path that is a directory
    /// (when directories are reported).
    type Message = Option<mutagen_core::Result<Detected>>;

    /// Files are read by background threads (`mutagen_core::batch::stream`) and sent through a
    /// channel of `capacity` results; the iterator yields `(index, raw)` in completion order,
    /// where `raw` is what `open_batch` gives for that file (`(class_name, payload)`, `None` or
    /// the exception). Workers block while the channel is full, so at most `capacity` parsed
    /// files (plus one per worker) wait in memory whatever the number of paths. `close()` stops
    /// the workers.
    #[pyclass(module = "mutagen_rs._native", name = "BatchIterator")]
    pub struct BatchIterator {
        total: usize,
        done: usize,
        /// The stream, behind a lock only so that the class is `Sync` (the receiver is not);
        /// methods take `&mut self`, so the lock is never contended.
        stream: std::sync::Mutex<Option<Stream<Message>>>,
    }

    impl BatchIterator {
        /// The `(index, raw)` of one received result, counted as yielded.
        fn raw(
            &mut self,
            py: Python<'_>,
            i: usize,
            result: batch::Outcome<Message>,
        ) -> PyResult<(usize, Py<PyAny>)> {
            self.done += 1;
            let result = match result {
                Ok(None) => return Ok((i, py.Ellipsis())),
                Ok(Some(r)) => Ok(r),
                Err(p) => Err(p),
            };
            let raw: Py<PyAny> = match result {
                Ok(Ok(mut detected)) => {
                    let converted = crate::convert(py, &mut detected);
                    crate::recycle_buffers(detected);
                    match converted {
                        Ok(Some(pair)) => pair.into_pyobject(py)?.into_any().unbind(),
                        Ok(None) => py.None(),
                        Err(e) => e.into_value(py).into_any(),
                    }
                }
                Ok(Err(e)) => crate::to_pyerr(py, e).into_value(py).into_any(),
                Err(_) => crate::error::panic_error(py).into_value(py).into_any(),
            };
            Ok((i, raw))
        }

        fn stream_mut(&mut self) -> &mut Option<Stream<Message>> {
            self.stream
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        }

        fn shutdown(&mut self, py: Python<'_>) {
            if let Some(mut stream) = self.stream_mut().take() {
                py.detach(move || stream.close());
            }
        }
    }

    #[pymethods]
    impl BatchIterator {
        /// Start reading `paths` on `threads` background threads (the number of cores when
        /// `None`) into a channel of `capacity` results (`4 * threads` when `None`). With
        /// `walk`, a path that is a directory is yielded as `(index, Ellipsis)` for the caller
        /// to walk, instead of as its error.
        #[new]
        #[pyo3(signature = (paths, threads=None, capacity=None, walk=false))]
        fn new(
            paths: Vec<PathBuf>,
            threads: Option<usize>,
            capacity: Option<usize>,
            walk: bool,
        ) -> Self {
            let total = paths.len();
            let stream = batch::stream(paths.into(), threads, capacity, move |_, path| {
                let result = file::read_path(path);
                if walk && result.is_err() && path.is_dir() {
                    None
                } else {
                    Some(result)
                }
            });
            BatchIterator {
                total,
                done: 0,
                stream: std::sync::Mutex::new(Some(stream)),
            }
        }

        fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
            slf
        }

        /// The next `(index, raw)` to complete, waiting for it with the GIL released.
        fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<(usize, Py<PyAny>)>> {
            let Some(stream) = self.stream_mut().as_mut() else {
                return Ok(None);
            };
            let Some((i, result)) = py.detach(|| stream.next()) else {
                // Every worker has finished and the channel is drained.
                self.shutdown(py);
                return Ok(None);
            };
            Ok(Some(self.raw(py, i, result)?))
        }

        fn __len__(&self) -> usize {
            self.total
        }

        /// How many results have been yielded.
        #[getter]
        fn done(&self) -> usize {
            self.done
        }

        /// How many files the workers have started reading (those yielded, those waiting in the
        /// channel, and at most one in progress per worker).
        #[getter]
        fn started(&mut self) -> usize {
            let done = self.done;
            self.stream_mut().as_ref().map_or(done, Stream::started)
        }

        /// How many paths there are.
        #[getter]
        fn total(&self) -> usize {
            self.total
        }

        /// Stop the workers and drop the results not yet yielded; iteration then ends.
        fn close(&mut self, py: Python<'_>) {
            self.shutdown(py);
        }

        /// Up to `n` results at once, as a list of `(index, raw)`: waits for the first one,
        /// then takes only those already in the channel.
        fn next_many(&mut self, py: Python<'_>, n: usize) -> PyResult<Py<PyList>> {
            let out = PyList::empty(py);
            while out.len() < n.max(1) {
                if !out.is_empty() {
                    // Only what is already waiting: a result taken here is yielded now.
                    let waiting = self.stream_mut().as_mut().and_then(Stream::try_next);
                    let Some((i, result)) = waiting else {
                        break;
                    };
                    out.append(self.raw(py, i, result)?)?;
                    continue;
                }
                match self.__next__(py)? {
                    Some(item) => out.append(item)?,
                    None => break,
                }
            }
            Ok(out.unbind())
        }
    }
}

/// Register the functions and classes of the enabled outputs in the native module.
#[cfg_attr(
    not(any(
        feature = "json",
        feature = "msgpack",
        feature = "columnar",
        feature = "streaming"
    )),
    allow(clippy::unnecessary_wraps)
)]
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    #[cfg(feature = "json")]
    m.add_function(wrap_pyfunction!(batch_json, m)?)?;
    #[cfg(feature = "msgpack")]
    m.add_function(wrap_pyfunction!(batch_msgpack, m)?)?;
    #[cfg(feature = "columnar")]
    m.add_function(wrap_pyfunction!(batch_columns, m)?)?;
    #[cfg(feature = "streaming")]
    m.add_class::<stream::BatchIterator>()?;
    let _ = m;
    Ok(())
}
