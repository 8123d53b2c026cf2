//! A parsed file reduced to what a plain reader shows: the four stream numbers callers read
//! first (`length`, `bitrate`, `sample_rate`, `channels`, each absent where mutagen's info class
//! has no such attribute) and the text of every tag, keyed as mutagen keys them.
//!
//! Both come from the one projection, [`crate::project`] (its stream numbers and raw tags), so
//! the C ABI (`capi/`), the binding's plain dicts and the batch outputs give the same data.

use crate::file::AudioFile;
use crate::project::{self, fold_vorbis_key, Wanted};

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
#[allow(clippy::needless_pass_by_value)] // takes the file so that its buffers are freed here
pub fn summarize(audio: AudioFile) -> Summary {
    let p = project::project(
        &audio,
        Wanted {
            tags: true,
            ..Wanted::default()
        },
    );
    let s = p.stream;
    Summary {
        numbers: Numbers {
            length: s.length,
            bitrate: s.bitrate,
            sample_rate: s.sample_rate,
            channels: s.channels,
        },
        tags: p.tags.map(project::owned_tags),
    }
}

/// The first title, artist and album of a file's tags, as the projection's common fields
/// (see [`crate::project`]) give them: ID3 `TIT2`/`TPE1`/`TALB`, Vorbis
/// `title`/`artist`/`album` (keys folded by [`fold_vorbis_key`]), the first text item of MP4
/// `©nam`/`©ART`/`©alb`, the first string of APEv2 `Title`/`Artist`/`Album` (keys compared
/// ignoring ASCII case), the first text value of ASF `Title`/`Author`/`WM/AlbumTitle`. With the `lazy` feature an ID3 tag reads only those frames (see
/// [`crate::id3::Id3Tag::frame`]) and an MP4 tag only the items of those keys (see
/// [`crate::mp4::Mp4Tags::value`]).
#[must_use]
pub fn title_artist_album(audio: &AudioFile) -> [Option<String>; 3] {
    const ID3: [&str; 3] = ["TIT2", "TPE1", "TALB"];
    const VORBIS: [&str; 3] = ["title", "artist", "album"];
    const MP4: [&str; 3] = ["\u{a9}nam", "\u{a9}ART", "\u{a9}alb"];
    const APE: [&str; 3] = ["Title", "Artist", "Album"];
    let id3 = |tag: &crate::id3::Id3Tag| {
        ID3.map(|id| {
            tag.frame(id)
                .and_then(|f| f.text_list().first().map(str::to_owned))
        })
    };
    let vorbis = |vc: &crate::vorbis::VorbisComment| {
        VORBIS.map(|k| {
            vc.comments
                .iter()
                .find(|(key, _)| fold_vorbis_key(key) == k)
                .map(|(_, v)| String::from(&**v))
        })
    };
    match audio {
        AudioFile::Mp3(mp3) => mp3.tags.as_ref().map(id3),
        AudioFile::Id3(tag) => tag.as_ref().map(id3),
        AudioFile::Iff(f) => f.tags.as_ref().map(id3),
        AudioFile::Ac3(_) | AudioFile::Aac(_) | AudioFile::Smf(_) => None,
        AudioFile::Flac(flac) => flac.tags().map(vorbis),
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
        AudioFile::TrueAudio(f) => f.tags.as_ref().map(id3),
        AudioFile::Asf(f) => Some(["Title", "Author", "WM/AlbumTitle"].map(|name| {
            f.attributes
                .iter()
                .filter(|a| a.name == name)
                .find_map(|a| match &a.value {
                    crate::asf::Value::Unicode(t) => Some(t.clone()),
                    _ => None,
                })
        })),
        other => project::ape_tag(other).map(|t| APE.map(|k| t.first_text(k).map(str::to_owned))),
    }
    .unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_read_file_has_a_length() {
        let mut summarised = 0;
        for entry in crate::testfiles::real_files() {
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
        let mut titled = 0;
        for entry in crate::testfiles::real_files() {
            let Ok(crate::file::Detected::Read(_, audio)) = crate::file::read_path(&entry) else {
                continue;
            };
            let got = title_artist_album(&audio);
            // APEv2 keys compare ignoring ASCII case.
            let ape = project::ape_tag(&audio).is_some();
            let tags = summarize(audio).tags.unwrap_or_default();
            let first = |keys: [&str; 5]| {
                keys.iter().find_map(|k| {
                    tags.iter()
                        .find(|(key, _)| key == k || (ape && key.eq_ignore_ascii_case(k)))
                        .and_then(|(_, v)| v.first().cloned())
                })
            };
            let want = [
                first(["TIT2", "title", "\u{a9}nam", "Title", "Title"]),
                first(["TPE1", "artist", "\u{a9}ART", "Artist", "Author"]),
                first(["TALB", "album", "\u{a9}alb", "Album", "WM/AlbumTitle"]),
            ];
            assert_eq!(got, want, "{}", entry.display());
            titled += usize::from(got[0].is_some());
        }
        assert!(titled > 20, "{titled}");
    }
}
