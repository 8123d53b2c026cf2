//! Tests of the sync search and the stream info, on streams built here.

use super::*;
use crate::source::{Counting, SliceSource};

/// MPEG-1 Layer III, 128 kbit/s, 44100 Hz, joint stereo: 417-byte frames.
const V1_L3_128: [u8; 4] = [0xFF, 0xFB, 0x90, 0x44];
/// MPEG-1 Layer II, 192 kbit/s, 48000 Hz, stereo: 576-byte frames.
const V1_L2_192: [u8; 4] = [0xFF, 0xFD, 0xA4, 0x00];
/// MPEG-2 Layer III, 64 kbit/s, 22050 Hz, mono: 208-byte frames.
const V2_L3_64_MONO: [u8; 4] = [0xFF, 0xF3, 0x80, 0xC0];

fn frame(h: [u8; 4]) -> Vec<u8> {
    let len = FrameHeader::parse(h).unwrap().frame_length() as usize;
    let mut f = vec![0u8; len];
    f[..4].copy_from_slice(&h);
    f
}

fn frames(h: [u8; 4], n: usize) -> Vec<u8> {
    (0..n).flat_map(|_| frame(h)).collect()
}

fn info(data: &[u8]) -> Result<MpegInfo> {
    MpegInfo::read(&SliceSource::new(data), None)
}

fn not_found(r: Result<MpegInfo>) -> bool {
    matches!(r, Err(e) if e.kind() == ErrorKind::Mp3HeaderNotFound)
}

fn id3_header(size: u32) -> Vec<u8> {
    let mut d = b"ID3\x04\x00\x00".to_vec();
    d.extend([
        (size >> 21) as u8 & 0x7F,
        (size >> 14) as u8 & 0x7F,
        (size >> 7) as u8 & 0x7F,
        size as u8 & 0x7F,
    ]);
    d.extend(std::iter::repeat_n(0, size as usize));
    d
}

#[test]
fn cbr_stream_length_from_file_size() {
    let data = frames(V1_L3_128, 10);
    let i = info(&data).unwrap();
    assert_eq!(i.frame_offset, 0);
    assert_eq!(
        (i.version, i.layer, i.bitrate, i.sample_rate),
        (MpegVersion::V1, 3, 128_000, 44100)
    );
    assert_eq!((i.mode, i.channels), (1, 2));
    assert!(!i.sketchy && !i.protected && !i.padding);
    assert_eq!(i.bitrate_mode, BitrateMode::Unknown);
    assert_eq!(i.length, (8 * data.len()) as f64 / 128_000.0);
    assert_eq!(i.encoder_info, "");

    let l2 = frames(V1_L2_192, 4);
    let i = info(&l2).unwrap();
    assert_eq!(
        (i.layer, i.bitrate, i.sample_rate, i.channels),
        (2, 192_000, 48000, 2)
    );
    assert!(!i.sketchy);
    let m = frames(V2_L3_64_MONO, 5);
    let i = info(&m).unwrap();
    assert_eq!((i.version, i.channels, i.mode), (MpegVersion::V2, 1, 3));
}

#[test]
fn junk_and_false_syncs_are_skipped() {
    let mut data = vec![0u8; 100];
    // A false sync: a valid header whose next "frame" is zeros.
    data.extend_from_slice(&V1_L3_128);
    data.extend_from_slice(&[0u8; 50]);
    // A sync with an invalid header.
    data.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0x00]);
    let start = data.len() as u64;
    data.extend(frames(V1_L3_128, 6));
    let i = info(&data).unwrap();
    assert_eq!(i.frame_offset, start);
    assert!(!i.sketchy);
    assert_eq!(
        i.length,
        (8 * (data.len() as u64 - start)) as f64 / 128_000.0
    );
}

#[test]
fn two_frames_are_a_sketchy_fallback() {
    let mut data = vec![1u8; 10];
    data.extend(frames(V1_L3_128, 2));
    data.extend_from_slice(&[0u8; 30]);
    // A later run of three frames does not replace the first fallback.
    data.extend(frames(V1_L2_192, 3));
    let i = info(&data).unwrap();
    assert!(i.sketchy);
    assert_eq!(i.frame_offset, 10);
    assert_eq!(i.layer, 3);

    // One frame alone is not enough.
    let mut one = frame(V1_L3_128);
    one.extend_from_slice(&[0u8; 10]);
    assert!(not_found(info(&one)));
    assert!(not_found(info(b"")));
    assert!(not_found(info(b"\xff")));
    assert!(not_found(info(&[0u8; 5000])));
}

#[test]
fn a_later_full_run_wins_over_the_fallback() {
    let mut data = frames(V1_L3_128, 2);
    data.extend_from_slice(&[0u8; 7]);
    let start = data.len() as u64;
    data.extend(frames(V1_L2_192, 4));
    let i = info(&data).unwrap();
    assert!(!i.sketchy);
    assert_eq!(i.frame_offset, start);
    assert_eq!(i.layer, 2);
}

#[test]
fn stacked_id3_headers_and_offsets() {
    let mut data = id3_header(20);
    data.extend(id3_header(300));
    let start = data.len() as u64;
    data.extend(frames(V1_L3_128, 4));
    let i = info(&data).unwrap();
    assert_eq!(i.frame_offset, start);
    // A given offset is where the skipping starts.
    let i = MpegInfo::read(&SliceSource::new(&data), Some(30)).unwrap();
    assert_eq!(i.frame_offset, start);
    // A zero-sized ID3 header is not skipped: the scan starts at it.
    let mut z = id3_header(0);
    z.extend(frames(V1_L3_128, 4));
    assert_eq!(info(&z).unwrap().frame_offset, 10);
    // An ID3 size pointing past the end leaves nothing to scan.
    let mut past = id3_header(0);
    past[6] = 0x7F;
    past.extend(frames(V1_L3_128, 4));
    assert!(not_found(info(&past)));
}

#[test]
fn sync_search_stops_after_one_mebibyte() {
    let mut data = vec![0u8; MAX_SYNC_READ as usize - 2];
    let mut near = data.clone();
    data.extend(frames(V1_L3_128, 4));
    // The sync's first byte is the last byte scanned: its second byte is out of reach.
    data.insert(0, 0);
    assert!(not_found(info(&data)));
    near.extend(frames(V1_L3_128, 4));
    assert_eq!(info(&near).unwrap().frame_offset, MAX_SYNC_READ - 2);
}

#[test]
fn sync_search_gives_up_after_many_candidates() {
    let bogus = [0xFF, 0xE0];
    let build = |n: usize| {
        let mut d: Vec<u8> = bogus.iter().copied().cycle().take(2 * n).collect();
        d.extend(frames(V1_L3_128, 4));
        d
    };
    // The 1499th candidate is still examined; the 1500th is not.
    assert_eq!(info(&build(1498)).unwrap().frame_offset, 2996);
    assert!(not_found(info(&build(1499))));
}

/// A Layer III frame with a Xing/Info header at its offset.
fn xing_frame(
    h: [u8; 4],
    tag: &[u8],
    frames_count: Option<u32>,
    bytes: Option<u32>,
    lame: Option<&[u8]>,
) -> Vec<u8> {
    let header = FrameHeader::parse(h).unwrap();
    let mut f = frame(h);
    let mut x = tag.to_vec();
    let flags = u32::from(frames_count.is_some()) | (u32::from(bytes.is_some()) << 1);
    x.extend_from_slice(&flags.to_be_bytes());
    if let Some(n) = frames_count {
        x.extend_from_slice(&n.to_be_bytes());
    }
    if let Some(n) = bytes {
        x.extend_from_slice(&n.to_be_bytes());
    }
    if let Some(l) = lame {
        x.extend_from_slice(l);
    }
    let off = header.xing_offset() as usize;
    f[off..off + x.len()].copy_from_slice(&x);
    f
}

fn lame_tag(vbr_method: u8, delay: u32, padding: u32, track_gain: u16) -> Vec<u8> {
    let mut d = b"LAME3.99r".to_vec();
    let mut ext = vec![0u8; 27];
    ext[0] = vbr_method;
    ext[2..6].copy_from_slice(&(1u32 << 23).to_be_bytes());
    ext[6..8].copy_from_slice(&track_gain.to_be_bytes());
    ext[12..15].copy_from_slice(&((delay << 12) | padding).to_be_bytes()[1..]);
    d.extend(ext);
    d
}

#[test]
fn xing_with_lame_gives_length_bitrate_and_gains() {
    let gain = (1 << 13) | 0x3C; // radio gain +6.0 dB (60 tenths)
    let lame = lame_tag(4, 576, 1000, gain);
    let mut data = vec![0u8; 3];
    data.extend(xing_frame(
        V1_L3_128,
        b"Xing",
        Some(1000),
        Some(3_000_000),
        Some(&lame),
    ));
    // A single frame with a VBR header is enough.
    let i = info(&data).unwrap();
    assert_eq!(i.frame_offset, 3);
    assert!(!i.sketchy);
    assert_eq!(i.bitrate_mode, BitrateMode::Vbr);
    assert_eq!(i.encoder_info, "LAME 3.99.1+");
    assert_eq!(i.encoder_settings, "-V 10");
    let samples = 1152.0 * 1000.0;
    assert_eq!(
        i.bitrate,
        (((3_000_000u64 - 417) * 8 * 44100) as f64 / samples).round_ties_even() as u64
    );
    assert_eq!(i.length, (1_152_000 - 576 - 1000) as f64 / 44100.0);
    assert_eq!(
        (i.track_gain, i.track_peak, i.album_gain),
        (Some(6.0), Some(1.0), None)
    );
}

#[test]
fn xing_edge_cases() {
    // Info tag without LAME: CBR; no frame count: length from the file size.
    let mut data = xing_frame(V1_L3_128, b"Info", None, Some(1000), None);
    data.extend(frames(V1_L3_128, 2));
    let i = info(&data).unwrap();
    assert_eq!(i.bitrate_mode, BitrateMode::Cbr);
    assert_eq!(i.bitrate, 128_000);
    assert_eq!(i.length, (8 * data.len()) as f64 / 128_000.0);
    // Zero frames: zero length, bitrate of the frame.
    let data = xing_frame(V1_L3_128, b"Xing", Some(0), Some(1000), None);
    let i = info(&data).unwrap();
    assert_eq!(
        (i.length, i.bitrate, i.bitrate_mode),
        (0.0, 128_000, BitrateMode::Unknown)
    );
    // Delay longer than the stream clamps to zero; byte count below one frame gives zero bitrate.
    let lame = lame_tag(1, 4000, 4000, 0);
    let data = xing_frame(V2_L3_64_MONO, b"Xing", Some(2), Some(10), Some(&lame));
    let i = info(&data).unwrap();
    assert_eq!(
        (i.length, i.bitrate, i.bitrate_mode),
        (0.0, 0, BitrateMode::Cbr)
    );
    assert_eq!(i.encoder_settings, "-b 0");
    assert_eq!(i.channels, 1);
    // The Xing header of the second frame is found too; the first frame is dropped then.
    let mut data = frame(V1_L3_128);
    data.extend(xing_frame(V1_L3_128, b"Xing", Some(10), None, None));
    let i = info(&data).unwrap();
    assert_eq!(i.frame_offset, 417);
    assert_eq!(i.length, 11520.0 / 44100.0);
}

#[test]
fn vbri_header() {
    let mut f = frame(V1_L3_128);
    let mut v = b"VBRI\x00\x01\x00\x00\x00\x50".to_vec();
    v.extend_from_slice(&500_000u32.to_be_bytes());
    v.extend_from_slice(&200u32.to_be_bytes());
    v.extend_from_slice(&[0, 10, 0, 1, 0, 2, 0, 20]);
    f[36..36 + v.len()].copy_from_slice(&v);
    let i = info(&f).unwrap();
    let length = 1152.0 * 200.0 / 44100.0;
    assert_eq!(i.length, length);
    assert_eq!(i.bitrate, (4_000_000.0 / length) as u64);
    assert_eq!(
        (i.bitrate_mode, i.encoder_info.as_str()),
        (BitrateMode::Vbr, "FhG")
    );
    assert!(!i.sketchy);
    // A table running past the end of the file is no VBRI header.
    let short = &f[..36 + 26 + 19];
    assert!(not_found(info(short)));
}

#[test]
fn reads_only_the_start_of_a_large_file() {
    let mut data = id3_header(5000);
    data.extend(frames(V1_L3_128, 4));
    data.resize(20 << 20, 0x55);
    let src = Counting::new(SliceSource::new(&data));
    let i = MpegInfo::read(&src, None).unwrap();
    assert_eq!(i.frame_offset, 5010);
    assert_eq!(
        i.length,
        (8 * (data.len() as u64 - 5010)) as f64 / 128_000.0
    );
    assert!(
        src.bytes.get() < 256 * 1024,
        "read {} bytes",
        src.bytes.get()
    );

    // Junk without syncs: the scan stops after 1 MiB.
    let junk = vec![0u8; 20 << 20];
    let src = Counting::new(SliceSource::new(&junk));
    assert!(not_found(MpegInfo::read(&src, None)));
    assert!(
        src.bytes.get() < 2 * MAX_SYNC_READ,
        "read {} bytes",
        src.bytes.get()
    );
}

/// Every cut of a stream around its frame headers: a header is read only when its four bytes
/// are there, and a cut ID3 header is not skipped.
#[test]
fn frame_headers_at_every_length() {
    let mut data = id3_header(3);
    let start = data.len();
    data.extend(frames(V1_L2_192, 4));
    for cut in 0..data.len() {
        let r = info(&data[..cut]);
        if cut < start + 4 {
            assert!(not_found(r), "cut {cut}");
        } else if let Ok(i) = r {
            assert_eq!(i.frame_offset, start as u64, "cut {cut}");
        }
    }
    assert_eq!(info(&data).unwrap().frame_offset, start as u64);
}
