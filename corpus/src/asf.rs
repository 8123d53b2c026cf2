//! ASF (WMA) files: a header object holding the file properties, a WMA stream's properties,
//! the codec list, the content description (title, author, copyright, description), the extended
//! content description (the other fields as named attributes) and, for pictures too large for
//! it, a header extension with a metadata library object; then a data object of noise packets.

use crate::rng::Rng;
use crate::tags::{Picture, TagSet};

/// How an ASF file is laid out.
#[derive(Debug, Clone)]
pub struct AsfOptions {
    /// Sample rate in Hz.
    pub sample_rate: u32,
    /// Channels.
    pub channels: u16,
    /// Average bytes per second of the stream.
    pub byte_rate: u32,
    /// Play duration in seconds (the file properties' duration less the preroll).
    pub seconds: u64,
    /// Data packets of noise after the header.
    pub packets: usize,
    /// Bytes per data packet.
    pub packet_size: usize,
}

impl Default for AsfOptions {
    fn default() -> Self {
        AsfOptions {
            sample_rate: 44100,
            channels: 2,
            byte_rate: 16_000,
            seconds: 200,
            packets: 16,
            packet_size: 4096,
        }
    }
}

/// The stored bytes of a GUID written `d1-d2-d3-d4`: the first three groups little-endian.
const fn guid(d1: u32, d2: u16, d3: u16, d4: [u8; 8]) -> [u8; 16] {
    let a = d1.to_le_bytes();
    let b = d2.to_le_bytes();
    let c = d3.to_le_bytes();
    [
        a[0], a[1], a[2], a[3], b[0], b[1], c[0], c[1], d4[0], d4[1], d4[2], d4[3], d4[4], d4[5],
        d4[6], d4[7],
    ]
}

const A6D9: [u8; 8] = [0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C];
const HEADER: [u8; 16] = guid(0x75B2_2630, 0x668E, 0x11CF, A6D9);
const DATA: [u8; 16] = guid(0x75B2_2636, 0x668E, 0x11CF, A6D9);
const CONTENT_DESCRIPTION: [u8; 16] = guid(0x75B2_2633, 0x668E, 0x11CF, A6D9);
const EXTENDED_CONTENT_DESCRIPTION: [u8; 16] = guid(
    0xD2D0_A440,
    0xE307,
    0x11D2,
    [0x97, 0xF0, 0x00, 0xA0, 0xC9, 0x5E, 0xA8, 0x50],
);
const FILE_PROPERTIES: [u8; 16] = guid(
    0x8CAB_DCA1,
    0xA947,
    0x11CF,
    [0x8E, 0xE4, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65],
);
const STREAM_PROPERTIES: [u8; 16] = guid(
    0xB7DC_0791,
    0xA9B7,
    0x11CF,
    [0x8E, 0xE6, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65],
);
const CODEC_LIST: [u8; 16] = guid(
    0x86D1_5240,
    0x311D,
    0x11D0,
    [0xA3, 0xA4, 0x00, 0xA0, 0xC9, 0x03, 0x48, 0xF6],
);
const CODEC_LIST_RESERVED: [u8; 16] = guid(
    0x86D1_5241,
    0x311D,
    0x11D0,
    [0xA3, 0xA4, 0x00, 0xA0, 0xC9, 0x03, 0x48, 0xF6],
);
const HEADER_EXTENSION: [u8; 16] = guid(
    0x5FBF_03B5,
    0xA92E,
    0x11CF,
    [0x8E, 0xE3, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65],
);
const HEADER_EXTENSION_RESERVED: [u8; 16] = guid(
    0xABD3_D211,
    0xA9BA,
    0x11CF,
    [0x8E, 0xE6, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65],
);
const METADATA_LIBRARY: [u8; 16] = guid(
    0x4423_1C94,
    0x9498,
    0x49D1,
    [0xA1, 0x41, 0x1D, 0x13, 0x4E, 0x45, 0x70, 0x54],
);
const AUDIO_MEDIA: [u8; 16] = guid(
    0xF869_9E40,
    0x5B4D,
    0x11CF,
    [0xA8, 0xFD, 0x00, 0x80, 0x5F, 0x5C, 0x44, 0x2B],
);
const NO_ERROR_CORRECTION: [u8; 16] = guid(
    0x20FB_5700,
    0x5B55,
    0x11CF,
    [0xA8, 0xFD, 0x00, 0x80, 0x5F, 0x5C, 0x44, 0x2B],
);

/// The largest value the extended content description can hold (its lengths are 16-bit).
const SHORT_VALUE_MAX: usize = 0xFFFF;

/// The attribute name (`WM/...`) for a neutral field name.
#[must_use]
pub fn attribute_name(name: &str) -> &str {
    match name {
        "albumartist" => "WM/AlbumArtist",
        "composer" => "WM/Composer",
        "genre" => "WM/Genre",
        "encodedby" => "WM/EncodedBy",
        "copyright" => "Copyright",
        "bpm" => "WM/BeatsPerMinute",
        "grouping" => "WM/ContentGroupDescription",
        "conductor" => "WM/Conductor",
        "publisher" => "WM/Publisher",
        "isrc" => "WM/ISRC",
        other => other,
    }
}

/// UTF-16LE with a terminating zero, as ASF stores strings.
fn utf16z(s: &str) -> Vec<u8> {
    let mut v: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
    v.extend_from_slice(&[0, 0]);
    v
}

fn object(out: &mut Vec<u8>, guid: &[u8; 16], body: &[u8]) {
    out.extend_from_slice(guid);
    out.extend_from_slice(&((body.len() + 24) as u64).to_le_bytes());
    out.extend_from_slice(body);
}

/// An attribute value: (type code, bytes).
type Value = (u16, Vec<u8>);

/// The `WM/Picture` value: picture type, data length, MIME type, description, data.
fn picture_value(p: &Picture) -> Vec<u8> {
    let mut v = vec![p.kind];
    v.extend_from_slice(&(p.data.len() as u32).to_le_bytes());
    v.extend(utf16z(p.mime));
    v.extend(utf16z(&p.desc));
    v.extend_from_slice(&p.data);
    v
}

fn file_properties(rng: &mut Rng, o: &AsfOptions, file_size: u64) -> Vec<u8> {
    const PREROLL_MS: u64 = 3100;
    let mut b = rng.bytes(16); // file ID
    b.extend_from_slice(&file_size.to_le_bytes());
    b.extend_from_slice(&(rng.range(0x01D0_0000_0000_0000, 0x01DA_0000_0000_0000)).to_le_bytes());
    b.extend_from_slice(&(o.packets as u64).to_le_bytes());
    let play = o.seconds * 10_000_000 + PREROLL_MS * 10_000;
    b.extend_from_slice(&play.to_le_bytes());
    b.extend_from_slice(&(o.seconds * 10_000_000).to_le_bytes()); // send duration
    b.extend_from_slice(&PREROLL_MS.to_le_bytes());
    b.extend_from_slice(&2u32.to_le_bytes()); // flags: seekable
    b.extend_from_slice(&(o.packet_size as u32).to_le_bytes());
    b.extend_from_slice(&(o.packet_size as u32).to_le_bytes());
    b.extend_from_slice(&(o.byte_rate * 8).to_le_bytes());
    b
}

fn stream_properties(o: &AsfOptions) -> Vec<u8> {
    // WAVEFORMATEX of WMA version 2, with its 10 bytes of codec data.
    let mut wf = Vec::with_capacity(28);
    wf.extend_from_slice(&0x0161u16.to_le_bytes());
    wf.extend_from_slice(&o.channels.to_le_bytes());
    wf.extend_from_slice(&o.sample_rate.to_le_bytes());
    wf.extend_from_slice(&o.byte_rate.to_le_bytes());
    wf.extend_from_slice(&2230u16.to_le_bytes()); // block align
    wf.extend_from_slice(&16u16.to_le_bytes());
    wf.extend_from_slice(&10u16.to_le_bytes());
    wf.extend_from_slice(&[0, 0x88, 0, 0, 0x0F, 0, 0, 0, 0, 0]);
    let ecc = [1u8, 0x2C, 0x01, 0x2C, 0x01, 0x01, 0, 0];
    let mut b = AUDIO_MEDIA.to_vec();
    b.extend_from_slice(&NO_ERROR_CORRECTION);
    b.extend_from_slice(&0u64.to_le_bytes());
    b.extend_from_slice(&(wf.len() as u32).to_le_bytes());
    b.extend_from_slice(&(ecc.len() as u32).to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes()); // stream number 1
    b.extend_from_slice(&0u32.to_le_bytes());
    b.extend(wf);
    b.extend_from_slice(&ecc);
    b
}

/// The codec list: one audio entry (name, description, the two-byte codec ID).
fn codec_list(o: &AsfOptions) -> Vec<u8> {
    let text = |s: &str| {
        let units: Vec<u16> = s.encode_utf16().chain([0]).collect();
        let mut v = (units.len() as u16).to_le_bytes().to_vec();
        v.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        v
    };
    let mut b = CODEC_LIST_RESERVED.to_vec();
    b.extend_from_slice(&1u32.to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes()); // audio
    b.extend(text("Windows Media Audio 9.2"));
    let kbps = o.byte_rate * 8 / 1000;
    let khz = o.sample_rate / 1000;
    let layout = if o.channels == 1 { "mono" } else { "stereo" };
    b.extend(text(&format!(
        "{kbps} kbps, {khz} kHz, {layout} 1-pass CBR"
    )));
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&0x0161u16.to_le_bytes());
    b
}

fn content_description(tags: &TagSet) -> Vec<u8> {
    let copyright = tags
        .extra
        .iter()
        .find(|(k, _)| *k == "copyright")
        .map_or("", |(_, v)| v.as_str());
    let fields: [Vec<u8>; 5] = [
        utf16z(&tags.title),
        utf16z(&tags.artist),
        if copyright.is_empty() {
            Vec::new()
        } else {
            utf16z(copyright)
        },
        tags.comment.as_deref().map(utf16z).unwrap_or_default(),
        Vec::new(),
    ];
    let mut b = Vec::new();
    for f in &fields {
        b.extend_from_slice(&(f.len() as u16).to_le_bytes());
    }
    for f in fields {
        b.extend(f);
    }
    b
}

/// The named attributes other than the content description's, in order.
fn attributes(tags: &TagSet) -> Vec<(String, Value)> {
    let text = |s: &str| (0u16, utf16z(s));
    let mut a = vec![("WM/AlbumTitle".to_string(), text(&tags.album))];
    for (name, value) in &tags.extra {
        if *name != "copyright" {
            a.push((attribute_name(name).to_string(), text(value)));
        }
    }
    if let Some((n, _)) = tags.track {
        a.push((
            "WM/TrackNumber".to_string(),
            (3, u32::from(n).to_le_bytes().to_vec()),
        ));
    }
    if let Some((n, t)) = tags.disc {
        a.push(("WM/PartOfSet".to_string(), text(&format!("{n}/{t}"))));
    }
    if let Some(y) = tags.year {
        a.push(("WM/Year".to_string(), text(&y.to_string())));
    }
    if let Some(s) = &tags.lyrics {
        a.push(("WM/Lyrics".to_string(), text(s)));
    }
    for (k, v) in &tags.custom {
        a.push((k.clone(), text(v)));
    }
    a.push(("IsVBR".to_string(), (2, 0u32.to_le_bytes().to_vec())));
    for p in &tags.pictures {
        a.push(("WM/Picture".to_string(), (1, picture_value(p))));
    }
    a
}

fn extended_content_description(attrs: &[(String, Value)]) -> Vec<u8> {
    let mut b = (attrs.len() as u16).to_le_bytes().to_vec();
    for (name, (kind, value)) in attrs {
        let n = utf16z(name);
        b.extend_from_slice(&(n.len() as u16).to_le_bytes());
        b.extend(n);
        b.extend_from_slice(&kind.to_le_bytes());
        b.extend_from_slice(&(value.len() as u16).to_le_bytes());
        b.extend_from_slice(value);
    }
    b
}

fn header_extension(attrs: &[(String, Value)]) -> Vec<u8> {
    let mut lib = (attrs.len() as u16).to_le_bytes().to_vec();
    for (name, (kind, value)) in attrs {
        let n = utf16z(name);
        lib.extend_from_slice(&0u16.to_le_bytes()); // language list index
        lib.extend_from_slice(&0u16.to_le_bytes()); // stream number: the file
        lib.extend_from_slice(&(n.len() as u16).to_le_bytes());
        lib.extend_from_slice(&kind.to_le_bytes());
        lib.extend_from_slice(&(value.len() as u32).to_le_bytes());
        lib.extend(n);
        lib.extend_from_slice(value);
    }
    let mut inner = Vec::new();
    object(&mut inner, &METADATA_LIBRARY, &lib);
    let mut b = HEADER_EXTENSION_RESERVED.to_vec();
    b.extend_from_slice(&6u16.to_le_bytes());
    b.extend_from_slice(&(inner.len() as u32).to_le_bytes());
    b.extend(inner);
    b
}

/// A whole ASF file with one WMA audio stream.
pub fn file(rng: &mut Rng, tags: &TagSet, o: &AsfOptions) -> Vec<u8> {
    let (short, long): (Vec<_>, Vec<_>) = attributes(tags)
        .into_iter()
        .partition(|(_, (_, v))| v.len() <= SHORT_VALUE_MAX);
    let mut data = DATA.to_vec();
    data.extend(rng.bytes(16)); // file ID
    data.extend_from_slice(&(o.packets as u64).to_le_bytes());
    data.extend_from_slice(&[0x01, 0x01]);
    for _ in 0..o.packets {
        let mut p = vec![0x82, 0, 0]; // error correction present, two bytes of it
        p.extend(rng.bytes(o.packet_size - 3));
        data.extend(p);
    }
    let data_len = (data.len() + 8) as u64;
    let mut children = Vec::new();
    let mut count = 5u32;
    // The file size is known only once the header is built: build it with 0, then again.
    let fp_rng = rng.clone();
    object(
        &mut children,
        &FILE_PROPERTIES,
        &file_properties(&mut fp_rng.clone(), o, 0),
    );
    object(&mut children, &STREAM_PROPERTIES, &stream_properties(o));
    object(&mut children, &CODEC_LIST, &codec_list(o));
    object(
        &mut children,
        &CONTENT_DESCRIPTION,
        &content_description(tags),
    );
    object(
        &mut children,
        &EXTENDED_CONTENT_DESCRIPTION,
        &extended_content_description(&short),
    );
    if !long.is_empty() {
        object(&mut children, &HEADER_EXTENSION, &header_extension(&long));
        count += 1;
    }
    let header_len = 30 + children.len() as u64;
    let file_size = header_len + data_len;
    let fp = file_properties(&mut fp_rng.clone(), o, file_size);
    children[24..24 + fp.len()].copy_from_slice(&fp);
    let mut out = HEADER.to_vec();
    out.extend_from_slice(&header_len.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&[0x01, 0x02]);
    out.extend(children);
    out.extend_from_slice(&data[..16]);
    out.extend_from_slice(&data_len.to_le_bytes());
    out.extend_from_slice(&data[16..]);
    out
}
