//! MP4 (M4A) files: ftyp, moov with one sound track (mvhd, tkhd, mdhd, hdlr, stsd with an
//! `mp4a`+`esds` or `alac` sample entry, stts/stsc/stsz/stco or co64), udta/meta/ilst with text,
//! trkn, disk, covr and free-form items, and an mdat of noise, before or after moov.

// Box names are passed as `&[u8; 4]` literals (`b"moov"`), which reads like the format.
#![allow(clippy::trivially_copy_pass_by_ref)]

use crate::rng::Rng;
use crate::tags::TagSet;

/// How an MP4 file is laid out.
#[derive(Debug, Clone)]
pub struct Mp4Options {
    /// ALAC instead of AAC.
    pub alac: bool,
    /// Put moov after mdat.
    pub moov_last: bool,
    /// 64-bit sizes: mdat (and, with `moov_last`, moov) with an extended size, co64 chunk
    /// offsets, version-1 mvhd/mdhd.
    pub wide: bool,
    /// Sample rate.
    pub sample_rate: u32,
    /// Channels.
    pub channels: u16,
    /// Number of audio samples (access units) in mdat.
    pub samples: u32,
    /// Bytes per access unit.
    pub sample_size: u32,
}

impl Default for Mp4Options {
    fn default() -> Self {
        Mp4Options {
            alac: false,
            moov_last: false,
            wide: false,
            sample_rate: 44100,
            channels: 2,
            samples: 200,
            sample_size: 200,
        }
    }
}

fn atom(name: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 8);
    out.extend_from_slice(&((payload.len() + 8) as u32).to_be_bytes());
    out.extend_from_slice(name);
    out.extend_from_slice(payload);
    out
}

fn full(name: &[u8; 4], version: u8, flags: u32, payload: &[u8]) -> Vec<u8> {
    let mut p = Vec::with_capacity(payload.len() + 4);
    p.extend_from_slice(&((u32::from(version) << 24) | (flags & 0xFF_FFFF)).to_be_bytes());
    p.extend_from_slice(payload);
    atom(name, &p)
}

fn cat(parts: &[Vec<u8>]) -> Vec<u8> {
    parts.concat()
}

const MATRIX: [u32; 9] = [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000];

fn mvhd(o: &Mp4Options, duration: u64) -> Vec<u8> {
    let mut p = Vec::new();
    if o.wide {
        p.extend_from_slice(&3_600_000_000u64.to_be_bytes());
        p.extend_from_slice(&3_600_000_000u64.to_be_bytes());
        p.extend_from_slice(&1000u32.to_be_bytes());
        p.extend_from_slice(&(duration * 1000 / u64::from(o.sample_rate)).to_be_bytes());
    } else {
        p.extend_from_slice(&3_600_000_000u32.to_be_bytes());
        p.extend_from_slice(&3_600_000_000u32.to_be_bytes());
        p.extend_from_slice(&1000u32.to_be_bytes());
        p.extend_from_slice(&((duration * 1000 / u64::from(o.sample_rate)) as u32).to_be_bytes());
    }
    p.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    p.extend_from_slice(&0x0100u16.to_be_bytes());
    p.extend_from_slice(&[0u8; 10]);
    for m in MATRIX {
        p.extend_from_slice(&m.to_be_bytes());
    }
    p.extend_from_slice(&[0u8; 24]);
    p.extend_from_slice(&2u32.to_be_bytes());
    full(b"mvhd", u8::from(o.wide), 0, &p)
}

fn tkhd(duration_ms: u32) -> Vec<u8> {
    let mut p = Vec::new();
    p.extend_from_slice(&3_600_000_000u32.to_be_bytes());
    p.extend_from_slice(&3_600_000_000u32.to_be_bytes());
    p.extend_from_slice(&1u32.to_be_bytes());
    p.extend_from_slice(&0u32.to_be_bytes());
    p.extend_from_slice(&duration_ms.to_be_bytes());
    p.extend_from_slice(&[0u8; 8]);
    p.extend_from_slice(&0u16.to_be_bytes());
    p.extend_from_slice(&0u16.to_be_bytes());
    p.extend_from_slice(&0x0100u16.to_be_bytes());
    p.extend_from_slice(&0u16.to_be_bytes());
    for m in MATRIX {
        p.extend_from_slice(&m.to_be_bytes());
    }
    p.extend_from_slice(&0u32.to_be_bytes());
    p.extend_from_slice(&0u32.to_be_bytes());
    full(b"tkhd", 0, 7, &p)
}

fn mdhd(o: &Mp4Options, duration: u64) -> Vec<u8> {
    let mut p = Vec::new();
    if o.wide {
        p.extend_from_slice(&3_600_000_000u64.to_be_bytes());
        p.extend_from_slice(&3_600_000_000u64.to_be_bytes());
        p.extend_from_slice(&o.sample_rate.to_be_bytes());
        p.extend_from_slice(&duration.to_be_bytes());
    } else {
        p.extend_from_slice(&3_600_000_000u32.to_be_bytes());
        p.extend_from_slice(&3_600_000_000u32.to_be_bytes());
        p.extend_from_slice(&o.sample_rate.to_be_bytes());
        p.extend_from_slice(&(duration as u32).to_be_bytes());
    }
    p.extend_from_slice(&0x55C4u16.to_be_bytes()); // "und"
    p.extend_from_slice(&0u16.to_be_bytes());
    full(b"mdhd", u8::from(o.wide), 0, &p)
}

fn hdlr(kind: &[u8; 4], maker: &[u8; 4], name: &str) -> Vec<u8> {
    let mut p = Vec::new();
    p.extend_from_slice(&0u32.to_be_bytes());
    p.extend_from_slice(kind);
    p.extend_from_slice(maker);
    p.extend_from_slice(&[0u8; 8]);
    p.extend_from_slice(name.as_bytes());
    p.push(0);
    full(b"hdlr", 0, 0, &p)
}

fn descriptor(tag: u8, body: &[u8]) -> Vec<u8> {
    // Lengths written in the four-byte form that encoders commonly use.
    let n = body.len() as u32;
    let mut out = vec![
        tag,
        0x80 | ((n >> 21) & 0x7F) as u8,
        0x80 | ((n >> 14) & 0x7F) as u8,
        0x80 | ((n >> 7) & 0x7F) as u8,
        (n & 0x7F) as u8,
    ];
    out.extend_from_slice(body);
    out
}

fn sample_entry_head(o: &Mp4Options, bits: u16) -> Vec<u8> {
    let mut p = vec![0u8; 6];
    p.extend_from_slice(&1u16.to_be_bytes()); // data reference index
    p.extend_from_slice(&[0u8; 8]);
    p.extend_from_slice(&o.channels.to_be_bytes());
    p.extend_from_slice(&bits.to_be_bytes());
    p.extend_from_slice(&[0u8; 4]);
    p.extend_from_slice(&(o.sample_rate << 16).to_be_bytes());
    p
}

fn sample_entry(o: &Mp4Options, bitrate: u32) -> Vec<u8> {
    if o.alac {
        let mut cfg = Vec::new();
        cfg.extend_from_slice(&4096u32.to_be_bytes());
        cfg.push(0); // compatible version
        cfg.push(16); // bit depth
        cfg.extend_from_slice(&[40, 10, 14]);
        cfg.push(o.channels as u8);
        cfg.extend_from_slice(&255u16.to_be_bytes());
        cfg.extend_from_slice(&0u32.to_be_bytes());
        cfg.extend_from_slice(&bitrate.to_be_bytes());
        cfg.extend_from_slice(&o.sample_rate.to_be_bytes());
        let mut p = sample_entry_head(o, 16);
        p.extend(full(b"alac", 0, 0, &cfg));
        atom(b"alac", &p)
    } else {
        let sr_index: u16 = match o.sample_rate {
            48000 => 3,
            32000 => 5,
            22050 => 7,
            _ => 4,
        };
        let asc: u16 = (2 << 11) | (sr_index << 7) | ((o.channels & 0xF) << 3);
        let dsi = descriptor(0x05, &asc.to_be_bytes());
        let mut dcd = vec![0x40, 0x15, 0x00, 0x18, 0x00];
        dcd.extend_from_slice(&(bitrate + 8000).to_be_bytes());
        dcd.extend_from_slice(&bitrate.to_be_bytes());
        dcd.extend(dsi);
        let mut es = vec![0x00, 0x01, 0x00];
        es.extend(descriptor(0x04, &dcd));
        es.extend(descriptor(0x06, &[0x02]));
        let esds = full(b"esds", 0, 0, &descriptor(0x03, &es));
        let mut p = sample_entry_head(o, 16);
        p.extend(esds);
        atom(b"mp4a", &p)
    }
}

fn data_atom(kind: u32, value: &[u8]) -> Vec<u8> {
    let mut p = Vec::with_capacity(value.len() + 8);
    p.extend_from_slice(&kind.to_be_bytes());
    p.extend_from_slice(&0u32.to_be_bytes());
    p.extend_from_slice(value);
    atom(b"data", &p)
}

fn text_item(name: &[u8; 4], text: &str) -> Vec<u8> {
    atom(name, &data_atom(1, text.as_bytes()))
}

fn freeform(mean: &str, name: &str, value: &str) -> Vec<u8> {
    let mut p = full(b"mean", 0, 0, mean.as_bytes());
    p.extend(full(b"name", 0, 0, name.as_bytes()));
    p.extend(data_atom(1, value.as_bytes()));
    atom(b"----", &p)
}

fn ilst(tags: &TagSet) -> Vec<u8> {
    let mut items = vec![
        text_item(b"\xa9nam", &tags.title),
        text_item(b"\xa9ART", &tags.artist),
        text_item(b"\xa9alb", &tags.album),
    ];
    for (name, value) in &tags.extra {
        let key: &[u8; 4] = match *name {
            "albumartist" => b"aART",
            "composer" => b"\xa9wrt",
            "genre" => b"\xa9gen",
            "encodedby" => b"\xa9too",
            "copyright" => b"cprt",
            "grouping" => b"\xa9grp",
            "bpm" => {
                let bpm: u16 = value.parse().unwrap_or(120);
                items.push(atom(b"tmpo", &data_atom(21, &bpm.to_be_bytes())));
                continue;
            }
            _ => {
                items.push(freeform("com.apple.iTunes", &name.to_uppercase(), value));
                continue;
            }
        };
        items.push(text_item(key, value));
    }
    if let Some((n, t)) = tags.track {
        let mut v = vec![0u8, 0];
        v.extend_from_slice(&n.to_be_bytes());
        v.extend_from_slice(&t.to_be_bytes());
        v.extend_from_slice(&[0, 0]);
        items.push(atom(b"trkn", &data_atom(0, &v)));
    }
    if let Some((n, t)) = tags.disc {
        let mut v = vec![0u8, 0];
        v.extend_from_slice(&n.to_be_bytes());
        v.extend_from_slice(&t.to_be_bytes());
        items.push(atom(b"disk", &data_atom(0, &v)));
    }
    if let Some(y) = tags.year {
        items.push(text_item(b"\xa9day", &y.to_string()));
    }
    if let Some(c) = &tags.comment {
        items.push(text_item(b"\xa9cmt", c));
    }
    if let Some(l) = &tags.lyrics {
        items.push(text_item(b"\xa9lyr", l));
    }
    for (k, v) in &tags.custom {
        items.push(freeform("com.apple.iTunes", k, v));
    }
    if !tags.pictures.is_empty() {
        let mut covers = Vec::new();
        for p in &tags.pictures {
            covers.extend(data_atom(
                if p.mime == "image/png" { 14 } else { 13 },
                &p.data,
            ));
        }
        items.push(atom(b"covr", &covers));
    }
    items.push(atom(b"cpil", &data_atom(21, &[0])));
    atom(b"ilst", &cat(&items))
}

fn moov(o: &Mp4Options, tags: &TagSet, chunk_offset: u64) -> Vec<u8> {
    let duration = u64::from(o.samples) * 1024;
    let bitrate = if o.alac { 1_411_200 } else { 128_000 };
    let stsd = full(
        b"stsd",
        0,
        0,
        &cat(&[1u32.to_be_bytes().to_vec(), sample_entry(o, bitrate)]),
    );
    let mut stts = 1u32.to_be_bytes().to_vec();
    stts.extend_from_slice(&o.samples.to_be_bytes());
    stts.extend_from_slice(&1024u32.to_be_bytes());
    let mut stsc = 1u32.to_be_bytes().to_vec();
    stsc.extend_from_slice(&1u32.to_be_bytes());
    stsc.extend_from_slice(&o.samples.to_be_bytes());
    stsc.extend_from_slice(&1u32.to_be_bytes());
    let mut stsz = o.sample_size.to_be_bytes().to_vec();
    stsz.extend_from_slice(&o.samples.to_be_bytes());
    let chunk = if o.wide {
        let mut p = 1u32.to_be_bytes().to_vec();
        p.extend_from_slice(&chunk_offset.to_be_bytes());
        full(b"co64", 0, 0, &p)
    } else {
        let mut p = 1u32.to_be_bytes().to_vec();
        p.extend_from_slice(&(chunk_offset as u32).to_be_bytes());
        full(b"stco", 0, 0, &p)
    };
    let stbl = atom(
        b"stbl",
        &cat(&[
            stsd,
            full(b"stts", 0, 0, &stts),
            full(b"stsc", 0, 0, &stsc),
            full(b"stsz", 0, 0, &stsz),
            chunk,
        ]),
    );
    let dref = full(
        b"dref",
        0,
        0,
        &cat(&[1u32.to_be_bytes().to_vec(), full(b"url ", 0, 1, &[])]),
    );
    let minf = atom(
        b"minf",
        &cat(&[
            full(b"smhd", 0, 0, &[0, 0, 0, 0]),
            atom(b"dinf", &dref),
            stbl,
        ]),
    );
    let mdia = atom(
        b"mdia",
        &cat(&[
            mdhd(o, duration),
            hdlr(b"soun", b"\0\0\0\0", "SoundHandler"),
            minf,
        ]),
    );
    let duration_ms = (duration * 1000 / u64::from(o.sample_rate)) as u32;
    let trak = atom(b"trak", &cat(&[tkhd(duration_ms), mdia]));
    let meta = full(
        b"meta",
        0,
        0,
        &cat(&[
            hdlr(b"mdir", b"appl", ""),
            ilst(tags),
            atom(b"free", &[0u8; 512]),
        ]),
    );
    let udta = atom(b"udta", &meta);
    atom(b"moov", &cat(&[mvhd(o, duration), trak, udta]))
}

/// A whole MP4 file.
pub fn file(rng: &mut Rng, tags: &TagSet, o: &Mp4Options) -> Vec<u8> {
    let ftyp = atom(
        b"ftyp",
        &cat(&[
            b"M4A ".to_vec(),
            0x200u32.to_be_bytes().to_vec(),
            b"M4A isommp42".to_vec(),
        ]),
    );
    let payload = rng.bytes((o.samples * o.sample_size) as usize);
    let mdat_header_len = if o.wide { 16 } else { 8 };
    let mdat = {
        let mut m = Vec::with_capacity(payload.len() + 16);
        if o.wide {
            m.extend_from_slice(&1u32.to_be_bytes());
            m.extend_from_slice(b"mdat");
            m.extend_from_slice(&((payload.len() + 16) as u64).to_be_bytes());
        } else {
            m.extend_from_slice(&((payload.len() + 8) as u32).to_be_bytes());
            m.extend_from_slice(b"mdat");
        }
        m.extend_from_slice(&payload);
        m
    };
    let mut out = ftyp;
    if o.moov_last {
        let offset = (out.len() + mdat_header_len) as u64;
        out.extend(mdat);
        let m = moov(o, tags, offset);
        if o.wide {
            // moov with a 64-bit size too: size field 1, then the 64-bit size.
            out.extend_from_slice(&1u32.to_be_bytes());
            out.extend_from_slice(b"moov");
            out.extend_from_slice(&(m.len() as u64 + 8).to_be_bytes());
            out.extend_from_slice(&m[8..]);
        } else {
            out.extend(m);
        }
    } else {
        // moov's size does not depend on the offset value, so build it twice.
        let probe = moov(o, tags, 0).len();
        let offset = (out.len() + probe + mdat_header_len) as u64;
        out.extend(moov(o, tags, offset));
        out.extend(mdat);
    }
    out
}
