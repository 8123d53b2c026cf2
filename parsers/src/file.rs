//! Any supported file: detection plus the format's reader, as `mutagen.File` does it.

use std::path::Path;

use crate::detect::{self, Kind};
use crate::error::Error;
use crate::error::Result;
use crate::source::Source;
use crate::{aac, ac3, flac, id3, iff, mp3, mp4, ogg, smf};
use crate::{apev2, asf, monkeysaudio, musepack, optimfrog, tak, trueaudio, wavpack};

/// What [`read`] found in a file.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum AudioFile {
    /// An MPEG audio file with its ID3 tag (`mutagen.mp3.MP3`).
    Mp3(mp3::Mp3File),
    /// A file of unknown format carrying an ID3 tag (`mutagen.id3.ID3FileType`).
    Id3(Option<id3::Id3Tag>),
    /// A FLAC file (`mutagen.flac.FLAC`).
    Flac(flac::Flac),
    /// An Ogg file of one of the five codecs (`mutagen.oggvorbis.OggVorbis`, ...).
    Ogg(ogg::OggFile),
    /// An MP4 file (`mutagen.mp4.MP4`).
    Mp4(mp4::Mp4File),
    /// An AIFF, WAVE, DSF or DSDIFF file with its ID3 tag (`mutagen.aiff.AIFF`, ...).
    Iff(iff::IffAudio),
    /// An AC-3 or E-AC-3 stream (`mutagen.ac3.AC3`): stream info only.
    Ac3(ac3::Ac3Info),
    /// An AAC stream in ADTS or ADIF framing (`mutagen.aac.AAC`): stream info only.
    Aac(aac::AacInfo),
    /// A Standard MIDI file (`mutagen.smf.SMF`): its length only.
    Smf(smf::SmfInfo),
    /// A file known only by its APEv2 tag (`mutagen.apev2.APEv2File`).
    ApeV2(apev2::ApeV2File),
    /// A WavPack file (`mutagen.wavpack.WavPack`).
    WavPack(wavpack::WavPackFile),
    /// A Monkey's Audio file (`mutagen.monkeysaudio.MonkeysAudio`).
    MonkeysAudio(monkeysaudio::MonkeysAudioFile),
    /// A Musepack file (`mutagen.musepack.Musepack`).
    Musepack(musepack::MusepackFile),
    /// A TAK file (`mutagen.tak.TAK`).
    Tak(tak::TakFile),
    /// An OptimFROG file (`mutagen.optimfrog.OptimFROG`).
    OptimFrog(optimfrog::OptimFrogFile),
    /// A True Audio file (`mutagen.trueaudio.TrueAudio`).
    TrueAudio(trueaudio::TrueAudioFile),
    /// An ASF file (`mutagen.asf.ASF`).
    Asf(asf::AsfFile),
}

/// The outcome of detecting and reading one file.
#[derive(Debug)]
// Made once per file and moved once; boxing the file would cost an allocation per read.
#[allow(clippy::large_enum_variant)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Detected {
    /// No kind scored: `mutagen.File` returns `None`.
    Unknown,
    /// The winning kind is one this crate does not read yet.
    Unsupported(Kind),
    /// The file was read.
    Read(Kind, AudioFile),
}

/// Detect a file's kind from its name, head and tail, and read it with that kind's reader.
pub fn read(name: &str, src: &dyn Source) -> Result<Detected> {
    read_among(&detect::ALL_KINDS, name, src)
}

/// [`read`], choosing only among `kinds` (as `mutagen.File(path, options=[...])`).
pub fn read_among(kinds: &[Kind], name: &str, src: &dyn Source) -> Result<Detected> {
    let header = src.read_at(0, detect::HEADER_LEN)?;
    let tail_off = src.len().saturating_sub(detect::TAIL_LEN as u64);
    let tail = src.read_at(tail_off, detect::TAIL_LEN)?;
    let Some(kind) = detect::guess_among(kinds, name, &header, Some(&tail)) else {
        return Ok(Detected::Unknown);
    };
    read_kind(kind, src)
}

/// Read a file as `kind`, without detection.
pub fn read_kind(kind: Kind, src: &dyn Source) -> Result<Detected> {
    let file = match kind {
        Kind::Mp3 => AudioFile::Mp3(mp3::read(src)?),
        Kind::Flac => AudioFile::Flac(flac::read(src)?),
        Kind::Mp4 => AudioFile::Mp4(mp4::read(src)?),
        Kind::Aiff => AudioFile::Iff(iff::aiff::read(src)?),
        Kind::Wave => AudioFile::Iff(iff::wave::read(src)?),
        Kind::Dsf => AudioFile::Iff(iff::dsf::read(src)?),
        Kind::Dsdiff => AudioFile::Iff(iff::dsdiff::read(src)?),
        Kind::Ac3 => AudioFile::Ac3(ac3::read(src)?),
        Kind::Aac => AudioFile::Aac(aac::read(src)?),
        Kind::Smf => AudioFile::Smf(smf::read(src)?),
        Kind::Asf => AudioFile::Asf(asf::read(src)?),
        Kind::OggVorbis | Kind::OggOpus | Kind::OggFlac | Kind::OggSpeex | Kind::OggTheora => {
            let codec = ogg::Codec::from_class_name(kind.class_name())
                .ok_or(Error::Malformed(crate::ErrorKind::Ogg, "not an Ogg kind"))?;
            AudioFile::Ogg(ogg::read_file(src, codec)?)
        }
        Kind::ApeV2File => AudioFile::ApeV2(apev2::read_file(src)?),
        Kind::WavPack => AudioFile::WavPack(wavpack::read(src)?),
        Kind::MonkeysAudio => AudioFile::MonkeysAudio(monkeysaudio::read(src)?),
        Kind::Musepack => AudioFile::Musepack(musepack::read(src)?),
        Kind::Tak => AudioFile::Tak(tak::read(src)?),
        Kind::OptimFrog => AudioFile::OptimFrog(optimfrog::read(src)?),
        Kind::TrueAudio => AudioFile::TrueAudio(trueaudio::read(src)?),
        other => return Ok(Detected::Unsupported(other)),
    };
    Ok(Detected::Read(kind, file))
}

/// Open a path and [`read`] it.
pub fn read_path(path: impl AsRef<Path>) -> Result<Detected> {
    let path = path.as_ref();
    let src = crate::source::open_path(path)?;
    read(&path_name(path), &src)
}

/// A path as the name [`read`] scores: its text, any bytes that are not UTF-8 replaced as
/// [`Path::to_string_lossy`] replaces them. Nearly every path is valid UTF-8, which the
/// standard validator confirms in a fraction of the replacing decoder's time.
#[must_use]
pub fn path_name(path: &Path) -> std::borrow::Cow<'_, str> {
    path.to_str()
        .map_or_else(|| path.to_string_lossy(), std::borrow::Cow::Borrowed)
}

/// [`read`] with `arena` as the scratch memory of the parse, handing the result to `f`. The
/// arena is reset (not freed) when `f` returns, so a batch caller that passes the same arena
/// for every file reuses its memory from file to file.
#[cfg(feature = "arena")]
pub fn read_with_arena<R>(
    arena: &mut crate::util::strings::Bump,
    name: &str,
    src: &dyn Source,
    f: impl FnOnce(Result<Detected>) -> R,
) -> R {
    crate::util::strings::with_arena(arena, || f(read(name, src)))
}

/// Read every path of a batch with one arena, reset between files: `f` gets each path and
/// what [`read_path`] gives for it.
#[cfg(feature = "arena")]
pub fn parse_with_arena<P: AsRef<Path>>(
    arena: &mut crate::util::strings::Bump,
    paths: impl IntoIterator<Item = P>,
    mut f: impl FnMut(&Path, Result<Detected>),
) {
    for path in paths {
        let path = path.as_ref();
        crate::util::strings::with_arena(arena, || f(path, read_path(path)));
    }
}

#[cfg(all(test, feature = "arena"))]
mod arena_tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use crate::source::SliceSource;

    /// An ID3v2.3 tag with tag-level unsynchronisation holding one TIT2 frame.
    fn unsynchronised_tag(title: &[u8]) -> Vec<u8> {
        let mut body = b"TIT2".to_vec();
        body.extend_from_slice(&(title.len() as u32 + 1).to_be_bytes());
        body.extend_from_slice(&[0, 0, 0]);
        body.extend_from_slice(title);
        let mut coded = Vec::new();
        for &b in &body {
            coded.push(b);
            if b == 0xFF {
                coded.push(0);
            }
        }
        let n = coded.len() as u32;
        let mut out = b"ID3\x03\x00\x80".to_vec();
        out.extend([
            (n >> 21) as u8 & 0x7F,
            (n >> 14) as u8 & 0x7F,
            (n >> 7) as u8 & 0x7F,
            n as u8 & 0x7F,
        ]);
        out.extend(coded);
        out
    }

    #[test]
    fn read_with_arena_reads_as_read_does() {
        let data = unsynchronised_tag(b"a\xffb");
        let src = SliceSource::new(&data);
        let mut arena = crate::util::strings::Bump::new();
        for _ in 0..3 {
            let got = read_with_arena(&mut arena, "x.mp3", &src, |r| format!("{r:?}"));
            assert_eq!(got, format!("{:?}", read("x.mp3", &src)));
            let tag = crate::util::strings::with_arena(&mut arena, || crate::id3::read(&src));
            let tag = tag.unwrap();
            let title = tag.frames().get("TIT2").unwrap();
            assert_eq!(*title.text_list(), ["a\u{ff}b"]);
        }
    }
}
