//! A parsed file reduced to what a plain reader shows: the four stream numbers callers read
//! first (`length`, `bitrate`, `sample_rate`, `channels`, each absent where mutagen's info class
//! has no such attribute) and the text of every tag, keyed as mutagen keys them.
//!
//! Tags: ID3 hash keys with the text list of text frames (time stamps normalised as mutagen's
//! `ID3TimeStamp` prints them; other frames give no values), Vorbis keys lower-cased with their
//! values grouped in file order, MP4 keys with their text items. Used by the C ABI (`capi/`) and
//! by the binding's plain-dict twin of it, so that both give the same data.

use std::collections::HashMap;

use crate::file::AudioFile;
use crate::id3::normalize_timestamp;
use crate::id3::specs::Family;
use crate::ogg::Info as OggInfo;

/// The four stream numbers, each `None` when mutagen's info object lacks that attribute.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Numbers {
    /// Length in seconds.
    pub length: Option<f64>,
    /// Bitrate in bits per second (an Opus bitrate can exceed 64 bits, as a Python int can).
    pub bitrate: Option<i128>,
    /// Sample rate in Hz.
    pub sample_rate: Option<u64>,
    /// Number of channels.
    pub channels: Option<u64>,
}

impl Numbers {
    fn all(length: f64, bitrate: i128, sample_rate: u64, channels: u64) -> Numbers {
        Numbers {
            length: Some(length),
            bitrate: Some(bitrate),
            sample_rate: Some(sample_rate),
            channels: Some(channels),
        }
    }
}

/// What a plain reader shows of a parsed file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    /// The stream numbers.
    pub numbers: Numbers,
    /// `(key, text values)` in mutagen's key order, or `None` for a file without a tag object.
    pub tags: Option<Vec<(String, Vec<String>)>>,
}

/// Summarise a parsed file, consuming it (its pictures and binary frames are freed here).
#[must_use]
pub fn summarize(audio: AudioFile) -> Summary {
    let numbers = numbers(&audio);
    let tags = match audio {
        AudioFile::Mp3(mp3) => mp3.tags.map(id3_text),
        AudioFile::Id3(tag) => tag.map(id3_text),
        AudioFile::Flac(flac) => flac.blocks.into_iter().find_map(|b| match b.data {
            crate::flac::BlockData::VorbisComment(vc) => Some(vorbis_text(vc.comments)),
            _ => None,
        }),
        AudioFile::Ogg(ogg) => Some(vorbis_text(ogg.tags.comments)),
        AudioFile::Mp4(mp4) => mp4.tags.map(mp4_text),
    };
    Summary { numbers, tags }
}

/// The first title, artist and album of a file's tags, as the binding's `get_title()`,
/// `get_artist()` and `get_album()` give them: ID3 `TIT2`/`TPE1`/`TALB`, Vorbis
/// `title`/`artist`/`album` (any case), MP4 `©nam`/`©ART`/`©alb`. With the `lazy` feature an
/// ID3 tag reads only those frames (see [`crate::id3::Id3Tag::frame`]) and an MP4 tag only the
/// items of those keys (see [`crate::mp4::Mp4Tags::value`]).
#[must_use]
pub fn title_artist_album(audio: &AudioFile) -> [Option<String>; 3] {
    const ID3: [&str; 3] = ["TIT2", "TPE1", "TALB"];
    const VORBIS: [&str; 3] = ["title", "artist", "album"];
    const MP4: [&str; 3] = ["\u{a9}nam", "\u{a9}ART", "\u{a9}alb"];
    let id3 = |tag: &crate::id3::Id3Tag| {
        ID3.map(|id| tag.frame(id).and_then(|f| f.text_list().first().cloned()))
    };
    let vorbis = |vc: &crate::vorbis::VorbisComment| {
        VORBIS.map(|k| {
            vc.comments
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(k))
                .map(|(_, v)| String::from(&**v))
        })
    };
    match audio {
        AudioFile::Mp3(mp3) => mp3.tags.as_ref().map(id3),
        AudioFile::Id3(tag) => tag.as_ref().map(id3),
        AudioFile::Flac(flac) => flac.blocks.iter().find_map(|b| match &b.data {
            crate::flac::BlockData::VorbisComment(vc) => Some(vorbis(vc)),
            _ => None,
        }),
        AudioFile::Ogg(ogg) => Some(vorbis(&ogg.tags)),
        AudioFile::Mp4(mp4) => mp4.tags.as_ref().map(|t| {
            MP4.map(|k| match t.value(k).as_deref() {
                Some(crate::mp4::Value::List(items)) => items.iter().find_map(|i| match i {
                    crate::mp4::Item::Text(s) => Some(s.clone()),
                    _ => None,
                }),
                _ => None,
            })
        }),
    }
    .unwrap_or_default()
}

fn numbers(audio: &AudioFile) -> Numbers {
    match audio {
        AudioFile::Mp3(mp3) => {
            let i = &mp3.info;
            Numbers::all(
                i.length,
                i.bitrate.into(),
                i.sample_rate.into(),
                i.channels.into(),
            )
        }
        AudioFile::Id3(_) => Numbers {
            length: Some(0.0),
            ..Numbers::default()
        },
        AudioFile::Flac(flac) => flac.stream_info().map_or_else(Numbers::default, |si| {
            Numbers::all(
                si.length(),
                flac.bitrate.into(),
                si.sample_rate.into(),
                si.channels.into(),
            )
        }),
        AudioFile::Ogg(ogg) => ogg_numbers(&ogg.info),
        AudioFile::Mp4(mp4) => {
            let i = &mp4.info;
            let length = match i.length {
                crate::mp4::Length::Seconds(s) => s,
                crate::mp4::Length::IntZero => 0.0,
            };
            Numbers::all(length, i.bitrate.into(), i.sample_rate, i.channels)
        }
    }
}

/// The numbers of each Ogg codec's info class, as mutagen sets them.
fn ogg_numbers(info: &OggInfo) -> Numbers {
    match info {
        OggInfo::Vorbis(i) => Numbers::all(
            i.length,
            i.bitrate.into(),
            i.sample_rate.into(),
            i.channels.into(),
        ),
        OggInfo::Opus(i) => Numbers {
            length: Some(i.length),
            bitrate: Some(i.bitrate),
            channels: Some(i.channels.into()),
            sample_rate: None,
        },
        OggInfo::Flac(i) => Numbers {
            length: Some(i.length),
            sample_rate: Some(i.sample_rate.into()),
            channels: Some(i.channels.into()),
            bitrate: None,
        },
        OggInfo::Speex(i) => Numbers::all(
            i.length,
            i.bitrate.into(),
            i.sample_rate.into(),
            i.channels.into(),
        ),
        OggInfo::Theora(i) => Numbers {
            length: Some(i.length),
            bitrate: Some(i.bitrate.into()),
            ..Numbers::default()
        },
    }
}

fn id3_text(tag: crate::id3::Id3Tag) -> Vec<(String, Vec<String>)> {
    tag.into_frames()
        .into_entries()
        .map(|(key, frame)| {
            let values = match frame.class.family {
                Family::TimeStamp => frame
                    .text_list()
                    .iter()
                    .map(|t| normalize_timestamp(t))
                    .collect(),
                family if family.is_text() => frame.text_list().to_vec(),
                _ => Vec::new(),
            };
            (String::from(&*key), values)
        })
        .collect()
}

fn vorbis_text<K: std::ops::Deref<Target = str>>(
    comments: Vec<(K, String)>,
) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::with_capacity(comments.len());
    for (key, value) in comments {
        let lower = key.to_lowercase();
        if let Some(&i) = index.get(&lower) {
            if let Some((_, values)) = out.get_mut(i) {
                values.push(value);
            }
        } else {
            index.insert(lower.clone(), out.len());
            out.push((lower, vec![value]));
        }
    }
    out
}

fn mp4_text(tags: crate::mp4::Mp4Tags) -> Vec<(String, Vec<String>)> {
    use crate::mp4::{Item, Value};
    tags.into_items()
        .into_iter()
        .map(|(key, value)| {
            let values = match value {
                Value::List(items) => items
                    .into_iter()
                    .filter_map(|item| match item {
                        Item::Text(s) => Some(s),
                        _ => None,
                    })
                    .collect(),
                Value::Bool(_) => Vec::new(),
            };
            (String::from(&*key), values)
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn vorbis_keys_are_lowercased_and_grouped_in_file_order() {
        let comments = vec![
            ("TITLE".to_string(), "a".to_string()),
            ("Artist".to_string(), "b".to_string()),
            ("title".to_string(), "c".to_string()),
        ];
        assert_eq!(
            vorbis_text(comments),
            vec![
                ("title".to_string(), vec!["a".to_string(), "c".to_string()]),
                ("artist".to_string(), vec!["b".to_string()]),
            ]
        );
    }

    #[test]
    fn every_read_file_has_a_length() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../corpus/real");
        let mut summarised = 0;
        for entry in walk(&dir) {
            if let Ok(crate::file::Detected::Read(_, audio)) = crate::file::read_path(&entry) {
                let s = summarize(audio);
                assert!(s.numbers.length.is_some(), "{}", entry.display());
                summarised += 1;
            }
        }
        assert!(summarised > 50);
    }

    #[test]
    fn title_artist_album_are_the_first_values_of_the_summary() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../corpus/real");
        let mut titled = 0;
        for entry in walk(&dir) {
            let Ok(crate::file::Detected::Read(_, audio)) = crate::file::read_path(&entry) else {
                continue;
            };
            let got = title_artist_album(&audio);
            let tags = summarize(audio).tags.unwrap_or_default();
            let first = |keys: [&str; 3]| {
                keys.iter().find_map(|k| {
                    tags.iter()
                        .find(|(key, _)| key == k)
                        .and_then(|(_, v)| v.first().cloned())
                })
            };
            let want = [
                first(["TIT2", "title", "\u{a9}nam"]),
                first(["TPE1", "artist", "\u{a9}ART"]),
                first(["TALB", "album", "\u{a9}alb"]),
            ];
            assert_eq!(got, want, "{}", entry.display());
            titled += usize::from(got[0].is_some());
        }
        assert!(titled > 20, "{titled}");
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
        out
    }
}
