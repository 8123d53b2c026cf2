//! A source may hand a large read back further into its buffer than the buffer's start
//! (`Source::read_placed`: a file read lands where the kernel copies it fastest). The readers
//! that take such buffers (the ID3 tag body, FLAC pictures, MP4 containers, the APEv2 tag)
//! give the same result as from the same bytes in memory, whatever the offset: large values
//! that share the buffer, small ones copied out of it, and an unsynchronised body decoded into
//! a new one.

#![allow(clippy::unwrap_used, clippy::panic, clippy::trivially_copy_pass_by_ref)]

mod common;

use std::borrow::Cow;

use common::{atom, id3_frame, id3_tag};
use mutagen_core::source::Source;
use mutagen_core::{flac, id3, mp4, SliceSource};

/// The bytes of `data`, where every read of `placed` hands its bytes `shift` bytes into a
/// buffer of its own.
struct Shifted<'a> {
    data: &'a [u8],
    shift: usize,
}

impl Source for Shifted<'_> {
    fn len(&self) -> u64 {
        self.data.len() as u64
    }

    fn read_at(&self, offset: u64, len: usize) -> mutagen_core::Result<Cow<'_, [u8]>> {
        SliceSource::new(self.data)
            .read_at(offset, len)
            .map(|b| Cow::Owned(b.into_owned()))
    }

    fn read_placed(&self, offset: u64, len: usize) -> mutagen_core::Result<(Cow<'_, [u8]>, usize)> {
        let bytes = self.read_at(offset, len)?;
        let mut buf = vec![0xA5; self.shift];
        buf.extend_from_slice(&bytes);
        Ok((Cow::Owned(buf), self.shift))
    }
}

const SHIFTS: [usize; 5] = [0, 1, 15, 48, 63];

/// An ID3v2.3 frame (plain 32-bit size).
fn v23_frame(id: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut out = id.to_vec();
    out.extend(u32::try_from(body.len()).unwrap().to_be_bytes());
    out.extend([0, 0]);
    out.extend(body);
    out
}

/// An ID3 tag with a picture of `picture` bytes, a short binary frame and a text frame:
/// version 2.4, or with header `flags` 0x80 version 2.3 unsynchronised as a whole.
fn id3_file(picture: usize, flags: u8) -> Vec<u8> {
    let mut apic = b"\x00image/png\x00\x03cover\x00".to_vec();
    apic.extend((0..picture).map(|i| (i * 31 % 251) as u8 | 0x80));
    let v23 = flags & 0x80 != 0;
    let frame = |id: &[u8; 4], body: &[u8]| {
        if v23 {
            v23_frame(id, body)
        } else {
            id3_frame(id, 0, body)
        }
    };
    let mut frames = frame(b"APIC", &apic);
    frames.extend(frame(b"PRIV", b"owner\x00\xff\x00\x01"));
    frames.extend(frame(b"TIT2", b"\x01\xff\xfet\x00i\x00"));
    let mut body = frames;
    if flags & 0x80 != 0 {
        // Unsynchronisation: a zero byte after every 0xFF.
        let mut out = Vec::with_capacity(body.len() * 2);
        for b in body {
            out.push(b);
            if b == 0xFF {
                out.push(0);
            }
        }
        body = out;
    }
    let mut file = id3_tag(if v23 { 3 } else { 4 }, flags, &body);
    file.extend(b"\xff\xfb\x90\x00");
    file
}

#[test]
fn id3_bodies_read_the_same_from_any_place_in_their_buffer() {
    for (picture, flags) in [(100, 0), (200_000, 0), (200_000, 0x80)] {
        let data = id3_file(picture, flags);
        let want = id3::read(&SliceSource::new(&data)).unwrap();
        assert_eq!(want.frames().len(), 3, "picture {picture} flags {flags:#x}");
        for shift in SHIFTS {
            let got = id3::read(&Shifted { data: &data, shift }).unwrap();
            assert_eq!(
                got.frames(),
                want.frames(),
                "picture {picture} flags {flags:#x} shift {shift}"
            );
        }
    }
}

#[test]
fn flac_pictures_read_the_same_from_any_place_in_their_buffer() {
    let mut streaminfo = vec![0u8; 34];
    streaminfo[..4].copy_from_slice(&[0x10, 0x00, 0x10, 0x00]);
    streaminfo[10..14].copy_from_slice(&[0x0A, 0xC4, 0x42, 0xF0]);
    for size in [100usize, 100_000] {
        let mut picture = 3u32.to_be_bytes().to_vec();
        picture.extend(9u32.to_be_bytes());
        picture.extend(b"image/png");
        picture.extend(0u32.to_be_bytes());
        picture.extend([0u8; 16]);
        picture.extend(u32::try_from(size).unwrap().to_be_bytes());
        picture.extend((0..size).map(|i| (i * 7 % 253) as u8));
        let mut data = b"fLaC".to_vec();
        data.push(0);
        data.extend(&u32::try_from(streaminfo.len()).unwrap().to_be_bytes()[1..]);
        data.extend(&streaminfo);
        data.push(0x86);
        data.extend(&u32::try_from(picture.len()).unwrap().to_be_bytes()[1..]);
        data.extend(&picture);
        data.extend([0xFF, 0xF8, 0, 0]);
        let want = flac::read(&SliceSource::new(&data)).unwrap();
        assert_eq!(want.blocks.len(), 2, "size {size}");
        for shift in SHIFTS {
            let got = flac::read(&Shifted { data: &data, shift }).unwrap();
            assert_eq!(got, want, "size {size} shift {shift}");
        }
    }
}

/// A debug rendering without the item map's key index, whose order is a hash map's.
fn without_index(text: String) -> String {
    let Some(start) = text.find("index: {") else {
        return text;
    };
    let end = text[start..]
        .find('}')
        .map_or(text.len(), |i| start + i + 1);
    format!("{}{}", &text[..start], &text[end..])
}

#[test]
fn mp4_containers_read_the_same_from_any_place_in_their_buffer() {
    let mut mvhd = vec![0u8; 100];
    mvhd[12..16].copy_from_slice(&1000u32.to_be_bytes());
    mvhd[16..20].copy_from_slice(&5000u32.to_be_bytes());
    for size in [100usize, 100_000] {
        let mut cover = vec![0u8, 0, 0, 13, 0, 0, 0, 0];
        cover.extend((0..size).map(|i| (i * 13 % 241) as u8));
        let mut title = vec![0u8, 0, 0, 1, 0, 0, 0, 0];
        title.extend(b"title");
        let mut ilst = atom(b"\xa9nam", &atom(b"data", &title));
        ilst.extend(atom(b"covr", &atom(b"data", &cover)));
        let mut meta = vec![0u8; 4];
        meta.extend(atom(b"hdlr", &[0u8; 25]));
        meta.extend(atom(b"ilst", &ilst));
        let mut moov = atom(b"mvhd", &mvhd);
        moov.extend(atom(b"udta", &atom(b"meta", &meta)));
        let mut data = atom(b"ftyp", b"M4A \x00\x00\x00\x00");
        data.extend(atom(b"moov", &moov));
        data.extend(atom(b"mdat", &[0u8; 64]));
        let want = without_index(format!("{:?}", mp4::read(&SliceSource::new(&data))));
        assert!(want.starts_with("Ok("), "size {size}: {want}");
        for shift in SHIFTS {
            let got = without_index(format!("{:?}", mp4::read(&Shifted { data: &data, shift })));
            assert_eq!(got, want, "size {size} shift {shift}");
        }
    }
}

/// An APEv2 tag (footer only) holding a text item and a binary item of `size` bytes.
fn ape_file(size: usize) -> Vec<u8> {
    let item = |flags: u32, key: &[u8], value: &[u8]| {
        let mut out = u32::try_from(value.len()).unwrap().to_le_bytes().to_vec();
        out.extend(flags.to_le_bytes());
        out.extend(key);
        out.push(0);
        out.extend(value);
        out
    };
    let mut items = item(0, b"Title", b"title");
    let cover: Vec<u8> = (0..size).map(|i| (i * 11 % 239) as u8).collect();
    items.extend(item(2, b"Cover Art (Front)", &cover));
    let mut file = b"audio".to_vec();
    file.extend(&items);
    file.extend(b"APETAGEX");
    file.extend(2000u32.to_le_bytes());
    file.extend(u32::try_from(items.len() + 32).unwrap().to_le_bytes());
    file.extend(2u32.to_le_bytes());
    file.extend(0u32.to_le_bytes());
    file.extend([0u8; 8]);
    file
}

#[test]
fn ape_tags_read_the_same_from_any_place_in_their_buffer() {
    for size in [100usize, 100_000] {
        let data = ape_file(size);
        let want = format!("{:?}", mutagen_core::apev2::read(&SliceSource::new(&data)));
        assert!(want.starts_with("Ok("), "size {size}: {want}");
        for shift in SHIFTS {
            let got = format!(
                "{:?}",
                mutagen_core::apev2::read(&Shifted { data: &data, shift })
            );
            assert_eq!(got, want, "size {size} shift {shift}");
        }
    }
}
