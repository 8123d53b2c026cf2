//! FLAC files: STREAMINFO, Vorbis comments, pictures, padding and other metadata blocks, then a
//! few frames that look like FLAC audio frames.

use crate::rng::Rng;
use crate::tags::{Picture, TagSet};

/// How a FLAC file is laid out.
#[derive(Debug, Clone)]
pub struct FlacOptions {
    /// Sample rate in Hz.
    pub sample_rate: u32,
    /// Channels.
    pub channels: u8,
    /// Bits per sample.
    pub bits: u8,
    /// Total samples.
    pub samples: u64,
    /// Padding block size (0: no padding block).
    pub padding: usize,
    /// Prefix the file with an ID3v2 tag (readers must skip it).
    pub id3_prefix: bool,
    /// Add a SEEKTABLE and an APPLICATION block.
    pub extra_blocks: bool,
    /// Bytes of fake audio frames after the metadata.
    pub audio_bytes: usize,
}

impl Default for FlacOptions {
    fn default() -> Self {
        FlacOptions {
            sample_rate: 44100,
            channels: 2,
            bits: 16,
            samples: 44100 * 30,
            padding: 4096,
            id3_prefix: false,
            extra_blocks: false,
            audio_bytes: 16 * 1024,
        }
    }
}

/// The Vorbis comment key for a neutral field name.
#[must_use]
pub fn vorbis_key(name: &str) -> &str {
    match name {
        "albumartist" => "ALBUMARTIST",
        "composer" => "COMPOSER",
        "genre" => "GENRE",
        "encodedby" => "ENCODED-BY",
        "copyright" => "COPYRIGHT",
        "bpm" => "BPM",
        "grouping" => "GROUPING",
        "conductor" => "CONDUCTOR",
        "publisher" => "LABEL",
        "isrc" => "ISRC",
        other => other,
    }
}

/// The "KEY=value" comments for `tags`, without pictures.
#[must_use]
pub fn comments(tags: &TagSet) -> Vec<String> {
    let mut c = vec![
        format!("TITLE={}", tags.title),
        format!("ARTIST={}", tags.artist),
        format!("ALBUM={}", tags.album),
    ];
    for (name, value) in &tags.extra {
        c.push(format!("{}={value}", vorbis_key(name)));
    }
    if let Some((n, t)) = tags.track {
        c.push(format!("TRACKNUMBER={n}"));
        c.push(format!("TRACKTOTAL={t}"));
    }
    if let Some((n, t)) = tags.disc {
        c.push(format!("DISCNUMBER={n}"));
        c.push(format!("DISCTOTAL={t}"));
    }
    if let Some(y) = tags.year {
        c.push(format!("DATE={y}"));
    }
    if let Some(s) = &tags.comment {
        c.push(format!("COMMENT={s}"));
    }
    if let Some(s) = &tags.lyrics {
        c.push(format!("LYRICS={s}"));
    }
    for (k, v) in &tags.custom {
        c.push(format!("{k}={v}"));
    }
    c
}

/// A Vorbis comment block body (little-endian lengths, no framing bit).
#[must_use]
pub fn vorbis_comment(vendor: &str, comments: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    out.extend_from_slice(vendor.as_bytes());
    out.extend_from_slice(&(comments.len() as u32).to_le_bytes());
    for c in comments {
        out.extend_from_slice(&(c.len() as u32).to_le_bytes());
        out.extend_from_slice(c.as_bytes());
    }
    out
}

/// A FLAC PICTURE block body (also the payload of `METADATA_BLOCK_PICTURE` in Ogg).
#[must_use]
pub fn picture_block(p: &Picture) -> Vec<u8> {
    let mut out = Vec::with_capacity(p.data.len() + 64);
    out.extend_from_slice(&u32::from(p.kind).to_be_bytes());
    out.extend_from_slice(&(p.mime.len() as u32).to_be_bytes());
    out.extend_from_slice(p.mime.as_bytes());
    out.extend_from_slice(&(p.desc.len() as u32).to_be_bytes());
    out.extend_from_slice(p.desc.as_bytes());
    for v in [500u32, 500, 24, 0] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend_from_slice(&(p.data.len() as u32).to_be_bytes());
    out.extend_from_slice(&p.data);
    out
}

fn streaminfo(rng: &mut Rng, o: &FlacOptions) -> Vec<u8> {
    let mut out = Vec::with_capacity(34);
    out.extend_from_slice(&4096u16.to_be_bytes());
    out.extend_from_slice(&4096u16.to_be_bytes());
    out.extend_from_slice(&[0x00, 0x00, 0x10]); // min frame size
    out.extend_from_slice(&[0x00, 0x30, 0x00]); // max frame size
    let packed: u64 = (u64::from(o.sample_rate) << 44)
        | (u64::from(o.channels - 1) << 41)
        | (u64::from(o.bits - 1) << 36)
        | (o.samples & 0xF_FFFF_FFFF);
    out.extend_from_slice(&packed.to_be_bytes());
    out.extend(rng.bytes(16)); // MD5
    out
}

fn block(out: &mut Vec<u8>, kind: u8, last: bool, body: &[u8]) {
    out.push(kind | if last { 0x80 } else { 0 });
    let n = body.len();
    out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    out.extend_from_slice(body);
}

/// A whole FLAC file.
pub fn file(rng: &mut Rng, tags: &TagSet, o: &FlacOptions) -> Vec<u8> {
    let mut out = Vec::new();
    if o.id3_prefix {
        let mp3o = crate::mp3::Mp3Options {
            id3_version: 3,
            encoding: 1,
            padding: 64,
            ..crate::mp3::Mp3Options::default()
        };
        let small = TagSet {
            title: tags.title.clone(),
            artist: tags.artist.clone(),
            album: tags.album.clone(),
            ..TagSet::default()
        };
        out.extend(crate::mp3::id3v2(&small, &mp3o));
    }
    out.extend_from_slice(b"fLaC");
    let mut blocks: Vec<(u8, Vec<u8>)> = vec![(0, streaminfo(rng, o))];
    if o.extra_blocks {
        let mut seek = Vec::new();
        for i in 0..10u64 {
            seek.extend_from_slice(&(i * o.samples / 10).to_be_bytes());
            seek.extend_from_slice(&(i * 1000).to_be_bytes());
            seek.extend_from_slice(&4096u16.to_be_bytes());
        }
        blocks.push((3, seek));
        let mut app = b"ATCH".to_vec();
        app.extend(rng.bytes(200));
        blocks.push((2, app));
    }
    blocks.push((
        4,
        vorbis_comment("reference libFLAC 1.4.3 20230623", &comments(tags)),
    ));
    for p in &tags.pictures {
        blocks.push((6, picture_block(p)));
    }
    if o.padding > 0 {
        blocks.push((1, vec![0u8; o.padding]));
    }
    let n = blocks.len();
    for (i, (kind, body)) in blocks.iter().enumerate() {
        block(&mut out, *kind, i + 1 == n, body);
    }
    // Fake audio frames: frame sync, then noise.
    let mut left = o.audio_bytes;
    let mut frame_no = 0u8;
    while left > 0 {
        let n = left.min(4096);
        let start = out.len();
        out.extend_from_slice(&[0xFF, 0xF8, 0xC9, 0x18, frame_no]);
        out.extend(rng.bytes(n.saturating_sub(5)));
        out.truncate(start + n.max(5));
        left -= n;
        frame_no = frame_no.wrapping_add(1) & 0x7F;
    }
    out
}
