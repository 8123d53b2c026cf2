//! Each documented limit (`mutagen_core::error::limits`): input just at the limit reads, input
//! one past it fails with the limit's error, of the format's kind.

#![allow(clippy::unwrap_used, clippy::panic, clippy::trivially_copy_pass_by_ref)]

mod common;

use std::io::Write;

use common::{atom, id3_frame, id3_tag};
use mutagen_core::error::limits::{
    MAX_ATOMS, MAX_BLOCKS, MAX_FRAMES, MAX_SAME_KEY, MAX_VALUES, MSG_ATOMS, MSG_BLOCKS,
    MSG_DECODED, MSG_FRAMES, MSG_PAGES, MSG_SAME_KEY, MSG_VALUES,
};
use mutagen_core::ogg::Codec;
use mutagen_core::{flac, id3, mp3, mp4, ogg, vorbis, Error, ErrorKind, SliceSource};

fn limit<T: std::fmt::Debug>(r: mutagen_core::Result<T>, kind: ErrorKind, msg: &str) {
    match r {
        Err(Error::Limit(k, m)) if k == kind && m == msg => {}
        Err(other) => panic!("expected the limit {msg:?} of kind {kind:?}, got {other:?}"),
        Ok(_) => panic!("expected the limit {msg:?} of kind {kind:?}, the read succeeded"),
    }
}

fn id3_read(tag: &[u8]) -> mutagen_core::Result<id3::Id3Tag> {
    id3::read(&SliceSource::new(tag))
}

#[test]
#[cfg_attr(
    feature = "lazy",
    ignore = "the lazy variant decodes frames and items on first access, where a limit drops them"
)]
fn id3_values_per_tag() {
    // Each NUL ends one empty value.
    let at = id3_tag(
        4,
        0,
        &id3_frame(b"TIT2", 0, &[vec![0], vec![0; MAX_VALUES]].concat()),
    );
    let tag = id3_read(&at).unwrap();
    assert_eq!(
        tag.frames().get("TIT2").unwrap().text_list().len(),
        MAX_VALUES
    );
    let past = id3_tag(
        4,
        0,
        &id3_frame(b"TIT2", 0, &[vec![0], vec![0; MAX_VALUES + 1]].concat()),
    );
    limit(id3_read(&past), ErrorKind::Id3, MSG_VALUES);
    // The values of all frames count together.
    let half = id3_frame(b"TPE1", 0, &[vec![0], vec![0; MAX_VALUES / 2 + 1]].concat());
    let two = id3_tag(4, 0, &[half.clone(), half.replace_id(b"TALB")].concat());
    limit(id3_read(&two), ErrorKind::Id3, MSG_VALUES);
    // UTF-16 values without a byte order mark (each retried with mutagen's fix-ups).
    let utf16 = id3_tag(
        4,
        0,
        &id3_frame(b"TIT2", 0, &[vec![1], vec![0; 2 * MAX_VALUES + 2]].concat()),
    );
    limit(id3_read(&utf16), ErrorKind::Id3, MSG_VALUES);
}

trait ReplaceId {
    fn replace_id(self, id: &[u8; 4]) -> Vec<u8>;
}

impl ReplaceId for Vec<u8> {
    fn replace_id(mut self, id: &[u8; 4]) -> Vec<u8> {
        self[..4].copy_from_slice(id);
        self
    }
}

#[test]
fn id3_frames_per_tag() {
    let txxx = |i: usize| id3_frame(b"TXXX", 0, format!("\0{i:x}\0v").as_bytes());
    let at: Vec<u8> = (0..MAX_FRAMES).flat_map(txxx).collect();
    assert_eq!(
        id3_read(&id3_tag(4, 0, &at)).unwrap().frames().len(),
        MAX_FRAMES
    );
    let past: Vec<u8> = (0..=MAX_FRAMES).flat_map(txxx).collect();
    limit(id3_read(&id3_tag(4, 0, &past)), ErrorKind::Id3, MSG_FRAMES);
}

#[test]
#[cfg_attr(
    feature = "lazy",
    ignore = "the lazy variant decodes frames and items on first access, where a limit drops them"
)]
fn id3_pictures_with_one_key() {
    let apic = id3_frame(b"APIC", 0, b"\x00\x00\x03\x00x");
    let at = apic.repeat(MAX_SAME_KEY);
    assert_eq!(
        id3_read(&id3_tag(4, 0, &at)).unwrap().frames().len(),
        MAX_SAME_KEY
    );
    let past = apic.repeat(MAX_SAME_KEY + 1);
    limit(
        id3_read(&id3_tag(4, 0, &past)),
        ErrorKind::Id3,
        MSG_SAME_KEY,
    );
}

#[test]
#[cfg_attr(
    feature = "lazy",
    ignore = "the lazy variant decodes frames and items on first access, where a limit drops them"
)]
fn id3_bytes_inflated_per_tag() {
    let compressed = |n: usize| {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(b"\x00").unwrap();
        z.write_all(&vec![b'a'; n]).unwrap();
        let packed = z.finish().unwrap();
        let mut body = u32::try_from(n + 1).unwrap().to_be_bytes().to_vec();
        body.extend(packed);
        id3_tag(4, 0, &id3_frame(b"TIT2", 0x0008 | 0x0001, &body))
    };
    // A frame inflating to less than 8 MiB beyond the tag's size reads.
    let ok = compressed(7 << 20);
    let tag = id3_read(&ok).unwrap();
    assert_eq!(
        tag.frames()
            .get("TIT2")
            .unwrap()
            .text_list()
            .first()
            .map_or(0, str::len),
        7 << 20
    );
    let bomb = compressed(9 << 20);
    limit(id3_read(&bomb), ErrorKind::Id3, MSG_DECODED);
}

#[test]
fn mp3_without_frames_does_not_decode_a_tag_that_cannot_fail() {
    // mutagen decodes the 300 000 values, then finds no MPEG frame.
    let tag = id3_tag(
        4,
        0,
        &id3_frame(b"TIT2", 0, &[vec![0], vec![0; 300_000]].concat()),
    );
    let err = mp3::read(&SliceSource::new(&tag)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Mp3HeaderNotFound);
    // A frame whose reading fails the tag: its error, as mutagen raises it first.
    let rva2 = id3_tag(4, 0, &id3_frame(b"RVA2", 0, b"id\x00\x01\x05"));
    let err = mp3::read(&SliceSource::new(&rva2)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Id3);
}

fn flac_file(blocks: &[u8]) -> Vec<u8> {
    let mut f = b"fLaC\x00\x00\x00\x22".to_vec();
    f.extend([
        0x10, 0x00, 0x10, 0x00, 0, 0, 14, 0, 0x30, 0, 0x0A, 0xC4, 0x42, 0xF0,
    ]);
    f.extend([0; 20]);
    f.extend(blocks);
    f
}

fn flac_block(code: u8, last: bool, body: &[u8]) -> Vec<u8> {
    let mut out = vec![code | if last { 0x80 } else { 0 }];
    out.extend(&u32::try_from(body.len()).unwrap().to_be_bytes()[1..]);
    out.extend(body);
    out
}

#[test]
fn flac_blocks() {
    let blocks = |n: usize| {
        let mut b = flac_block(2, false, b"").repeat(n - 2);
        b.extend(flac_block(2, true, b""));
        flac_file(&b)
    };
    // STREAMINFO and the others.
    let f = flac::read(&SliceSource::new(&blocks(MAX_BLOCKS))).unwrap();
    assert_eq!(f.blocks.len(), MAX_BLOCKS);
    limit(
        flac::read(&SliceSource::new(&blocks(MAX_BLOCKS + 1))),
        ErrorKind::Flac,
        MSG_BLOCKS,
    );
}

/// A comment block of `n` empty comments (four zero bytes each: key "unknown<i>").
fn comment_block(n: usize) -> Vec<u8> {
    let mut d = 0u32.to_le_bytes().to_vec();
    d.extend(u32::try_from(n).unwrap().to_le_bytes());
    d.extend(vec![0; 4 * n]);
    d
}

#[test]
fn flac_and_ogg_comments() {
    let at = flac_file(&flac_block(4, true, &comment_block(MAX_VALUES)));
    let f = flac::read(&SliceSource::new(&at)).unwrap();
    assert_eq!(f.tags().unwrap().comments.len(), MAX_VALUES);
    let past = flac_file(&flac_block(4, true, &comment_block(MAX_VALUES + 1)));
    limit(
        flac::read(&SliceSource::new(&past)),
        ErrorKind::Flac,
        MSG_VALUES,
    );

    let exact = comment_block(MAX_VALUES);
    assert_eq!(
        vorbis::parse(&exact, false).unwrap().comments.len(),
        MAX_VALUES
    );
    limit(
        vorbis::parse(&comment_block(MAX_VALUES + 1), false),
        ErrorKind::VorbisComment,
        MSG_VALUES,
    );
}

#[test]
fn flac_seek_points() {
    let at = flac_file(&flac_block(3, true, &vec![0; 18 * MAX_VALUES]));
    let f = flac::read(&SliceSource::new(&at)).unwrap();
    assert!(f.blocks.iter().any(|b| matches!(
        &b.data,
        flac::BlockData::SeekTable(points) if points.len() == MAX_VALUES
    )));
    let past = flac_file(&flac_block(3, true, &vec![0; 18 * (MAX_VALUES + 1)]));
    limit(
        flac::read(&SliceSource::new(&past)),
        ErrorKind::Flac,
        MSG_VALUES,
    );
}

fn ogg_page(serial: u32, seq: u32, flags: u8, packet: &[u8]) -> Vec<u8> {
    let mut lacing = vec![255u8; packet.len() / 255];
    lacing.push(u8::try_from(packet.len() % 255).unwrap());
    let mut p = b"OggS\x00".to_vec();
    p.push(flags);
    p.extend(0i64.to_le_bytes());
    p.extend(serial.to_le_bytes());
    p.extend(seq.to_le_bytes());
    p.extend(0u32.to_le_bytes());
    p.push(u8::try_from(lacing.len()).unwrap());
    p.extend(lacing);
    p.extend(packet);
    p
}

#[test]
fn ogg_pages() {
    let mut id = b"\x01vorbis".to_vec();
    id.extend(0u32.to_le_bytes());
    id.push(2);
    id.extend(44_100u32.to_le_bytes());
    id.extend([0; 12]);
    id.extend([0xB8, 1]);
    let mut file = ogg_page(1, 0, 2, &id);
    // Empty pages of another stream: the comment packet never comes.
    let empty = |seq: u32| {
        let mut p = b"OggS\x00\x00".to_vec();
        p.extend(0i64.to_le_bytes());
        p.extend(2u32.to_le_bytes());
        p.extend(seq.to_le_bytes());
        p.extend(0u32.to_le_bytes());
        p.push(0);
        p
    };
    let pages = u32::try_from(mutagen_core::error::limits::MAX_PAGES).unwrap();
    for seq in 0..pages {
        file.extend(empty(seq));
    }
    limit(
        ogg::read(&SliceSource::new(&file), Codec::Vorbis),
        ErrorKind::OggVorbisHeader,
        MSG_PAGES,
    );
}

#[test]
fn mp4_atoms() {
    let file = |n: usize| {
        let mut f = atom(b"ftyp", b"M4A \0\0\0\0");
        // ftyp and moov are two of the atoms.
        f.extend(atom(b"moov", &atom(b"free", b"").repeat(n - 2)));
        f
    };
    // No track: the read fails, but not at the limit.
    let at = mp4::read(&SliceSource::new(&file(MAX_ATOMS)));
    assert!(!matches!(at, Err(Error::Limit(_, MSG_ATOMS))), "{at:?}");
    limit(
        mp4::read(&SliceSource::new(&file(MAX_ATOMS + 1))),
        ErrorKind::Mp4,
        MSG_ATOMS,
    );
}

#[test]
#[cfg_attr(
    feature = "lazy",
    ignore = "the lazy variant decodes frames and items on first access, where a limit drops them"
)]
fn mp4_values() {
    let file = |n: usize| {
        let data = atom(b"data", b"\x00\x00\x00\x01\x00\x00\x00\x00");
        let ilst = atom(b"ilst", &atom(b"\xa9nam", &data.repeat(n)));
        let meta = atom(b"meta", &[&[0, 0, 0, 0][..], &ilst].concat());
        let mut f = atom(b"ftyp", b"M4A \0\0\0\0");
        f.extend(atom(b"moov", &atom(b"udta", &meta)));
        f
    };
    let at = mp4::read(&SliceSource::new(&file(MAX_VALUES)));
    assert!(
        !matches!(&at, Err(e) if e.to_string() == MSG_VALUES),
        "{at:?}"
    );
    match mp4::read(&SliceSource::new(&file(MAX_VALUES + 1))) {
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Mp4Metadata);
            assert_eq!(e.to_string(), MSG_VALUES);
        }
        Ok(_) => panic!("read past the limit"),
    }
}

#[test]
fn iff_chunks_per_container() {
    use mutagen_core::error::limits::{MAX_CHUNKS, MSG_CHUNKS};
    // A WAVE file of `n` chunks: `n - 1` empty ones, then its fmt chunk.
    let file = |n: usize| {
        let mut body = b"WAVE".to_vec();
        body.extend(b"junk\0\0\0\0".repeat(n - 1));
        body.extend(b"fmt \x10\0\0\0");
        body.extend([1, 0, 1, 0, 0x40, 0x1f, 0, 0, 0x80, 0x3e, 0, 0, 2, 0, 16, 0]);
        let mut f = b"RIFF".to_vec();
        f.extend(u32::try_from(body.len()).unwrap().to_le_bytes());
        f.extend(body);
        f
    };
    mutagen_core::iff::wave::read(&SliceSource::new(&file(MAX_CHUNKS))).unwrap();
    limit(
        mutagen_core::iff::wave::read(&SliceSource::new(&file(MAX_CHUNKS + 1))),
        ErrorKind::Wave,
        MSG_CHUNKS,
    );
}

#[test]
fn smf_tempo_changes() {
    use mutagen_core::error::limits::{MAX_SMF_TEMPOS, MSG_SMF_TEMPOS};
    let file = |n: usize| {
        let track = b"\x00\xff\x51\x03\x07\xa1\x20".repeat(n);
        let mut f = b"MThd\0\0\0\x06\0\0\0\x01\0\x60MTrk".to_vec();
        f.extend(u32::try_from(track.len()).unwrap().to_be_bytes());
        f.extend(track);
        f
    };
    mutagen_core::smf::read(&SliceSource::new(&file(MAX_SMF_TEMPOS))).unwrap();
    limit(
        mutagen_core::smf::read(&SliceSource::new(&file(MAX_SMF_TEMPOS + 1))),
        ErrorKind::Smf,
        MSG_SMF_TEMPOS,
    );
}

/// An ASF header holding `objects` (whole objects: GUID, size, payload).
fn asf_file(objects: &[Vec<u8>]) -> Vec<u8> {
    let body = objects.concat();
    let mut out = mutagen_core::asf::HEADER.to_vec();
    out.extend((body.len() as u64 + 30).to_le_bytes());
    out.extend((objects.len() as u32).to_le_bytes());
    out.extend([1, 2]);
    out.extend(body);
    out
}

fn asf_object(guid: [u8; 16], payload: &[u8]) -> Vec<u8> {
    let mut out = guid.to_vec();
    out.extend((payload.len() as u64 + 24).to_le_bytes());
    out.extend(payload);
    out
}

/// An extended content description of `n` empty text attributes with empty names.
fn asf_attributes(n: u16) -> Vec<u8> {
    let mut payload = n.to_le_bytes().to_vec();
    for _ in 0..n {
        payload.extend([0, 0, 0, 0, 0, 0]);
    }
    asf_object(mutagen_core::asf::EXTENDED_CONTENT_DESCRIPTION, &payload)
}

fn asf_read(data: &[u8]) -> mutagen_core::Result<mutagen_core::asf::AsfFile> {
    mutagen_core::asf::read(&SliceSource::new(data))
}

#[test]
fn asf_objects() {
    use mutagen_core::error::limits::{MAX_ASF_OBJECTS, MSG_ASF_OBJECTS};
    let empty = asf_object([0x11; 16], &[]);
    let at = asf_file(&vec![empty.clone(); MAX_ASF_OBJECTS]);
    assert_eq!(asf_read(&at).unwrap().objects.len(), MAX_ASF_OBJECTS);
    let past = asf_file(&vec![empty; MAX_ASF_OBJECTS + 1]);
    limit(asf_read(&past), ErrorKind::AsfHeader, MSG_ASF_OBJECTS);
}

#[test]
fn asf_attributes_per_file() {
    let full = asf_attributes(u16::MAX);
    let whole = MAX_VALUES / usize::from(u16::MAX);
    let rest = u16::try_from(MAX_VALUES % usize::from(u16::MAX)).unwrap();
    let mut objects = vec![full; whole];
    objects.push(asf_attributes(rest));
    assert_eq!(
        asf_read(&asf_file(&objects)).unwrap().attributes.len(),
        MAX_VALUES
    );
    objects.push(asf_attributes(1));
    limit(
        asf_read(&asf_file(&objects)),
        ErrorKind::AsfHeader,
        MSG_VALUES,
    );
}
