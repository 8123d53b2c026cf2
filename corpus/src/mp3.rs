//! MP3 files: an ID3v2 tag (v2.2, v2.3 or v2.4), MPEG audio frames built here, optional
//! Xing/Info + LAME or VBRI headers, and an optional ID3v1 tag.

use crate::rng::Rng;
use crate::tags::TagSet;

/// How an MP3 file is laid out.
#[derive(Debug, Clone)]
pub struct Mp3Options {
    /// ID3v2 minor version: 2, 3 or 4.
    pub id3_version: u8,
    /// Unsynchronise the tag (v2.2/v2.3: the whole tag; v2.4: every frame, with the frame flag).
    pub unsync: bool,
    /// Write an extended header.
    pub extended_header: bool,
    /// Text encoding of text frames: 0 Latin-1 (falls back to UTF-16 for non-Latin text),
    /// 1 UTF-16 with BOM, 3 UTF-8 (v2.4 only).
    pub encoding: u8,
    /// Padding after the frames.
    pub padding: usize,
    /// Append an ID3v1 tag.
    pub id3v1: bool,
    /// MPEG version: 1 (MPEG-1), 2 (MPEG-2), 25 (MPEG-2.5).
    pub mpeg: u8,
    /// Channel mode: 0 stereo, 1 joint stereo, 3 mono.
    pub mode: u8,
    /// Number of audio frames.
    pub frames: usize,
    /// Vary the bitrate from frame to frame.
    pub vbr: bool,
    /// The info header in the first frame.
    pub header: InfoHeader,
}

/// The header in the first MPEG frame that tells the stream length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InfoHeader {
    /// None: readers estimate from the file size.
    None,
    /// A Xing (VBR) or Info (CBR) header followed by a LAME extension.
    XingLame,
    /// A Fraunhofer VBRI header.
    Vbri,
}

impl Default for Mp3Options {
    fn default() -> Self {
        Mp3Options {
            id3_version: 4,
            unsync: false,
            extended_header: false,
            encoding: 3,
            padding: 1024,
            id3v1: false,
            mpeg: 1,
            mode: 1,
            frames: 40,
            vbr: false,
            header: InfoHeader::XingLame,
        }
    }
}

fn syncsafe(n: usize) -> [u8; 4] {
    [
        ((n >> 21) & 0x7F) as u8,
        ((n >> 14) & 0x7F) as u8,
        ((n >> 7) & 0x7F) as u8,
        (n & 0x7F) as u8,
    ]
}

/// Insert a zero after every 0xFF that is followed by 0x00 or a byte >= 0xE0, and after a
/// trailing 0xFF (the ID3v2 unsynchronisation scheme).
#[must_use]
pub fn unsynchronise(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / 64 + 1);
    for (i, &b) in data.iter().enumerate() {
        out.push(b);
        if b == 0xFF {
            match data.get(i + 1) {
                Some(&n) if n == 0 || n >= 0xE0 => out.push(0),
                None => out.push(0),
                _ => {}
            }
        }
    }
    out
}

fn is_latin1(s: &str) -> bool {
    s.chars().all(|c| (c as u32) < 256)
}

/// Encode text with an ID3 encoding byte; Latin-1 falls back to UTF-16 when the text needs it.
/// Returns (encoding actually used, bytes without terminator).
fn encode(enc: u8, s: &str) -> (u8, Vec<u8>) {
    match enc {
        0 if is_latin1(s) => (0, s.chars().map(|c| c as u8).collect()),
        3 => (3, s.as_bytes().to_vec()),
        _ => {
            let mut v = vec![0xFF, 0xFE];
            for u in s.encode_utf16() {
                v.extend_from_slice(&u.to_le_bytes());
            }
            (1, v)
        }
    }
}

fn terminator(enc: u8) -> &'static [u8] {
    if enc == 1 || enc == 2 {
        &[0, 0]
    } else {
        &[0]
    }
}

/// One frame's id and body, before the frame header is added.
struct Frame {
    id: &'static str,
    body: Vec<u8>,
}

fn text_frame(id: &'static str, enc: u8, text: &str) -> Frame {
    let (e, bytes) = encode(enc, text);
    let mut body = vec![e];
    body.extend(bytes);
    Frame { id, body }
}

/// Map neutral field names to (v2.3/v2.4 id, v2.2 id).
fn frame_ids(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        "albumartist" => ("TPE2", "TP2"),
        "composer" => ("TCOM", "TCM"),
        "genre" => ("TCON", "TCO"),
        "encodedby" => ("TENC", "TEN"),
        "copyright" => ("TCOP", "TCR"),
        "bpm" => ("TBPM", "TBP"),
        "grouping" => ("TIT1", "TT1"),
        "conductor" => ("TPE3", "TP3"),
        "publisher" => ("TPUB", "TPB"),
        "isrc" => ("TSRC", "TRC"),
        _ => return None,
    })
}

fn frames_for(tags: &TagSet, v: u8, enc: u8) -> Vec<Frame> {
    let v22 = v == 2;
    let id = |a: &'static str, b: &'static str| if v22 { b } else { a };
    let mut out = vec![
        text_frame(id("TIT2", "TT2"), enc, &tags.title),
        text_frame(id("TPE1", "TP1"), enc, &tags.artist),
        text_frame(id("TALB", "TAL"), enc, &tags.album),
    ];
    for (name, value) in &tags.extra {
        if let Some((a, b)) = frame_ids(name) {
            out.push(text_frame(id(a, b), enc, value));
        }
    }
    if let Some((n, t)) = tags.track {
        out.push(text_frame(id("TRCK", "TRK"), enc, &format!("{n}/{t}")));
    }
    if let Some((n, t)) = tags.disc {
        out.push(text_frame(id("TPOS", "TPA"), enc, &format!("{n}/{t}")));
    }
    if let Some(y) = tags.year {
        if v == 4 {
            out.push(text_frame("TDRC", enc, &format!("{y}-03-14")));
        } else {
            out.push(text_frame(id("TYER", "TYE"), enc, &y.to_string()));
        }
    }
    for (key, value, fid) in tags
        .comment
        .iter()
        .map(|c| ("", c, id("COMM", "COM")))
        .chain(tags.lyrics.iter().map(|l| ("", l, id("USLT", "ULT"))))
    {
        let (e, text) = encode(enc, value);
        let (_, desc) = encode(e, key);
        let mut body = vec![e];
        body.extend_from_slice(b"eng");
        body.extend(desc);
        body.extend_from_slice(terminator(e));
        body.extend(text);
        out.push(Frame { id: fid, body });
    }
    for (key, value) in &tags.custom {
        let (e, desc) = encode(enc, key);
        let (_, text) = encode(e, value);
        let mut body = vec![e];
        body.extend(desc);
        body.extend_from_slice(terminator(e));
        body.extend(text);
        out.push(Frame {
            id: id("TXXX", "TXX"),
            body,
        });
    }
    for p in &tags.pictures {
        let (e, desc) = encode(enc, &p.desc);
        let mut body = vec![e];
        if v22 {
            body.extend_from_slice(if p.mime == "image/png" {
                b"PNG"
            } else {
                b"JPG"
            });
        } else {
            body.extend_from_slice(p.mime.as_bytes());
            body.push(0);
        }
        body.push(p.kind);
        body.extend(desc);
        body.extend_from_slice(terminator(e));
        body.extend_from_slice(&p.data);
        out.push(Frame {
            id: id("APIC", "PIC"),
            body,
        });
    }
    out
}

/// The complete ID3v2 tag for `tags`.
#[must_use]
pub fn id3v2(tags: &TagSet, o: &Mp3Options) -> Vec<u8> {
    let v = o.id3_version;
    let enc = if v < 4 && o.encoding == 3 {
        1
    } else {
        o.encoding
    };
    let mut body = Vec::new();
    let mut flags = 0u8;
    if o.extended_header && v >= 3 {
        flags |= 0x40;
        if v == 3 {
            // Size (excluding itself) 6, no flags, padding size.
            body.extend_from_slice(&6u32.to_be_bytes());
            body.extend_from_slice(&[0, 0]);
            body.extend_from_slice(&(o.padding as u32).to_be_bytes());
        } else {
            // Whole size 6 as syncsafe, one flag byte, no flags set.
            body.extend_from_slice(&syncsafe(6));
            body.extend_from_slice(&[1, 0]);
        }
    }
    for f in frames_for(tags, v, enc) {
        match v {
            2 => {
                let n = f.body.len();
                body.extend_from_slice(f.id.as_bytes());
                body.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
                body.extend(f.body);
            }
            3 => {
                body.extend_from_slice(f.id.as_bytes());
                body.extend_from_slice(&(f.body.len() as u32).to_be_bytes());
                body.extend_from_slice(&[0, 0]);
                body.extend(f.body);
            }
            _ => {
                let (data, fflags) = if o.unsync {
                    // Data length indicator, then the unsynchronised data.
                    let mut d = syncsafe(f.body.len()).to_vec();
                    d.extend(unsynchronise(&f.body));
                    (d, 0x0003u16)
                } else {
                    (f.body, 0)
                };
                body.extend_from_slice(f.id.as_bytes());
                body.extend_from_slice(&syncsafe(data.len()));
                body.extend_from_slice(&fflags.to_be_bytes());
                body.extend(data);
            }
        }
    }
    if o.unsync && v < 4 {
        body = unsynchronise(&body);
    }
    if o.unsync {
        flags |= 0x80;
    }
    body.extend(std::iter::repeat_n(0u8, o.padding));
    let mut out = b"ID3".to_vec();
    out.extend_from_slice(&[v, 0, flags]);
    out.extend_from_slice(&syncsafe(body.len()));
    out.extend(body);
    out
}

/// An ID3v1.1 tag (128 bytes).
#[must_use]
pub fn id3v1(tags: &TagSet) -> Vec<u8> {
    fn field(s: &str, n: usize) -> Vec<u8> {
        let mut v: Vec<u8> = s
            .chars()
            .map(|c| if (c as u32) < 128 { c as u8 } else { b'?' })
            .take(n)
            .collect();
        v.resize(n, 0);
        v
    }
    let mut out = b"TAG".to_vec();
    out.extend(field(&tags.title, 30));
    out.extend(field(&tags.artist, 30));
    out.extend(field(&tags.album, 30));
    out.extend(field(
        &tags.year.map(|y| y.to_string()).unwrap_or_default(),
        4,
    ));
    out.extend(field(tags.comment.as_deref().unwrap_or(""), 28));
    out.push(0);
    out.push(tags.track.map_or(0, |t| t.0 as u8));
    out.push(17);
    out
}

const BITRATES_V1: [u32; 15] = [
    0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
];
const BITRATES_V2: [u32; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

/// An MPEG layer III frame header and the frame's length in bytes.
fn frame_header(mpeg: u8, br_index: usize, mode: u8, padding: bool) -> ([u8; 4], usize) {
    let (vbits, rate, table, coef) = match mpeg {
        1 => (0b11u8, 44100u32, &BITRATES_V1, 144u32),
        2 => (0b10, 22050, &BITRATES_V2, 72),
        _ => (0b00, 11025, &BITRATES_V2, 72),
    };
    let b1 = 0xE0 | (vbits << 3) | (0b01 << 1) | 1; // layer III, no CRC
    let b2 = ((br_index as u8) << 4) | (u8::from(padding) << 1); // sample-rate index 0
    let b3 = (mode << 6) | 0b0000_0100; // original
    let len = (coef * table[br_index] * 1000 / rate) as usize + usize::from(padding);
    ([0xFF, b1, b2, b3], len)
}

/// The audio part: MPEG frames with the info header in the first one.
#[must_use]
pub fn audio(rng: &mut Rng, o: &Mp3Options) -> Vec<u8> {
    let default_index = if o.mpeg == 1 { 9 } else { 8 }; // 128 / 64 kbps
    let mut sizes = Vec::with_capacity(o.frames);
    let mut indices = Vec::with_capacity(o.frames);
    for i in 0..o.frames {
        let idx = if o.vbr && i > 0 {
            rng.range(5, 14) as usize
        } else {
            default_index
        };
        indices.push(idx);
        sizes.push(frame_header(o.mpeg, idx, o.mode, false).1);
    }
    let total_bytes: usize = sizes.iter().sum();
    let mut out = Vec::with_capacity(total_bytes);
    for (i, (&idx, &len)) in indices.iter().zip(&sizes).enumerate() {
        let (hdr, _) = frame_header(o.mpeg, idx, o.mode, false);
        let start = out.len();
        out.extend_from_slice(&hdr);
        if i == 0 && o.header != InfoHeader::None {
            let side_info = match (o.mpeg == 1, o.mode == 3) {
                (true, false) => 32,
                (true, true) | (false, false) => 17,
                (false, true) => 9,
            };
            let mut info = Vec::new();
            match o.header {
                InfoHeader::XingLame => {
                    out.extend(std::iter::repeat_n(0u8, side_info));
                    info.extend_from_slice(if o.vbr { b"Xing" } else { b"Info" });
                    info.extend_from_slice(&0x0Fu32.to_be_bytes());
                    info.extend_from_slice(&(o.frames as u32).to_be_bytes());
                    info.extend_from_slice(&(total_bytes as u32).to_be_bytes());
                    info.extend((0..100u32).map(|k| (k * 255 / 100) as u8));
                    info.extend_from_slice(&78u32.to_be_bytes()); // quality
                    info.extend_from_slice(b"LAME3.99r");
                    info.push(if o.vbr { 0x04 } else { 0x01 }); // revision 0, VBR method
                    info.push(190); // lowpass 19 kHz
                    info.extend_from_slice(&[0, 0, 0, 0]); // peak
                    info.extend_from_slice(&[0x2C, 0x3E]); // track gain: radio, user, +6.2 dB
                    info.extend_from_slice(&[0, 0]); // album gain
                    info.push(0x15); // flags, ATH type
                    info.push(if o.vbr { 0 } else { 128 }); // bitrate
                    info.extend_from_slice(&[0x24, 0x05, 0x40]); // delay 576, padding 1344
                    info.push(0x48); // source 44.1 kHz, joint stereo
                    info.push(0); // mp3 gain
                    info.extend_from_slice(&[0x00, 0x00]); // surround, preset
                    info.extend_from_slice(&(total_bytes as u32).to_be_bytes());
                    info.extend_from_slice(&[0x12, 0x34, 0x56, 0x78]); // music and header CRC
                }
                InfoHeader::Vbri => {
                    out.extend(std::iter::repeat_n(0u8, 32));
                    info.extend_from_slice(b"VBRI");
                    info.extend_from_slice(&1u16.to_be_bytes()); // version
                    info.extend_from_slice(&0x0000u16.to_be_bytes()); // delay
                    info.extend_from_slice(&75u16.to_be_bytes()); // quality
                    info.extend_from_slice(&(total_bytes as u32).to_be_bytes());
                    info.extend_from_slice(&(o.frames as u32).to_be_bytes());
                    let entries = 10u16;
                    info.extend_from_slice(&entries.to_be_bytes());
                    info.extend_from_slice(&1u16.to_be_bytes()); // scale
                    info.extend_from_slice(&2u16.to_be_bytes()); // entry size
                    info.extend_from_slice(&((o.frames / 10).max(1) as u16).to_be_bytes());
                    for _ in 0..entries {
                        info.extend_from_slice(&((total_bytes / 10) as u16).to_be_bytes());
                    }
                }
                InfoHeader::None => {}
            }
            out.extend(info);
        }
        let have = out.len() - start;
        out.extend(rng.bytes(len.saturating_sub(have)));
        out.truncate(start + len.max(have));
    }
    out
}

/// A whole MP3 file.
#[must_use]
pub fn file(rng: &mut Rng, tags: &TagSet, o: &Mp3Options) -> Vec<u8> {
    let mut out = id3v2(tags, o);
    out.extend(audio(rng, o));
    if o.id3v1 {
        out.extend(id3v1(tags));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsynchronise_inserts_zeros() {
        assert_eq!(unsynchronise(&[0xFF, 0xE0, 1]), vec![0xFF, 0, 0xE0, 1]);
        assert_eq!(unsynchronise(&[0xFF, 0x00]), vec![0xFF, 0, 0]);
        assert_eq!(unsynchronise(&[0xFF, 0x10]), vec![0xFF, 0x10]);
        assert_eq!(unsynchronise(&[1, 0xFF]), vec![1, 0xFF, 0]);
    }

    #[test]
    fn frame_lengths_follow_the_bitrate() {
        assert_eq!(frame_header(1, 9, 1, false).1, 417);
        assert_eq!(frame_header(1, 9, 1, true).1, 418);
        assert_eq!(frame_header(2, 8, 3, false).1, 208);
    }
}
