//! Every entry point of `mutagen_core::entry` stays within its allocation budget
//! (`entry::alloc_budget`) on the saved fuzz inputs, the real-encoder files and small hostile
//! inputs whose sizes and counts claim far more than they hold: what the fuzz targets check on
//! every input they try, replayed on stable Rust.
//!
//! The global allocator refuses any allocation past the budget, which aborts the test.

#![allow(clippy::unwrap_used, clippy::trivially_copy_pass_by_ref)]

mod common;

use std::alloc::System;
use std::io::Write;
use std::path::Path;

use cap::Cap;
use common::{atom, files_under, id3_frame, id3_tag};
use mutagen_core::entry;

#[global_allocator]
static ALLOC: Cap<System> = Cap::new(System, usize::MAX);

/// Held by each test while it sets the allocator's limit: the limit is process-wide, and the
/// tests of this file run on parallel threads.
static LIMIT: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Run every entry point on `data` with the allocator capped at the budget.
fn within_budget(data: &[u8]) {
    for (_, run) in entry::ALL {
        ALLOC
            .set_limit(ALLOC.allocated() + entry::alloc_budget(data.len()))
            .unwrap();
        run(data);
        ALLOC.set_limit(usize::MAX).unwrap();
    }
}

const MAX_LEN: usize = 64 * 1024;

/// Small inputs of every hostile class the resource test reads at full size.
fn hostile() -> Vec<Vec<u8>> {
    let nul = |prefix: &[u8]| [prefix, &vec![0; MAX_LEN - 64][..]].concat();
    let mut out = Vec::new();
    for (id, prefix) in [
        (b"TIT2", &b"\x00"[..]),
        (b"TIT2", b"\x03"),
        (b"TIT2", b"\x01"),
        (b"TXXX", b"\x00"),
        (b"SYLT", b"\x00eng\x02\x01"),
        (b"ETCO", b"\x02"),
        (b"TIPL", b"\x00"),
    ] {
        out.push(id3_tag(4, 0, &id3_frame(id, 0, &nul(prefix))));
    }
    let pairs = [&b"\x00"[..], &b"\xff\x00".repeat(MAX_LEN / 2 - 64)].concat();
    let mut v23 = b"TIT2".to_vec();
    v23.extend(u32::try_from(pairs.len()).unwrap().to_be_bytes());
    v23.extend([0, 0]);
    v23.extend(pairs);
    out.push(id3_tag(3, 0x80, &v23));
    let txxx: Vec<u8> = (0..MAX_LEN / 16)
        .flat_map(|i| id3_frame(b"TXXX", 0, format!("\0{i:05x}").as_bytes()))
        .collect();
    out.push(id3_tag(4, 0, &txxx));
    out.push(id3_tag(
        4,
        0,
        &id3_frame(b"APIC", 0, b"\x00\x00\x03\x00x").repeat(MAX_LEN / 15),
    ));
    let equ2: Vec<u8> = (0..MAX_LEN / 4 - 16)
        .flat_map(|i| [(i >> 8) as u8, i as u8, 0, 1])
        .collect();
    out.push(id3_tag(
        4,
        0,
        &id3_frame(b"EQU2", 0, &[&b"\x00x\x00"[..], &equ2].concat()),
    ));
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..64 {
        z.write_all(&vec![0; 1 << 20]).unwrap();
    }
    let bomb = [&(64u32 << 20).to_be_bytes()[..], &z.finish().unwrap()].concat();
    out.push(id3_tag(4, 0, &id3_frame(b"TXXX", 0x0009, &bomb)));

    let mut flac = b"fLaC\x00\x00\x00\x22".to_vec();
    flac.extend([
        0x10, 0x00, 0x10, 0x00, 0, 0, 14, 0, 0x30, 0, 0x0A, 0xC4, 0x42, 0xF0,
    ]);
    flac.extend([0; 20]);
    out.push([&flac[..], &b"\x02\x00\x00\x00".repeat(MAX_LEN / 4 - 16)].concat());
    let mut vc = flac.clone();
    vc.extend(b"\x84\x00\xff\xf0\x00\x00\x00\x00\xff\xff\xff\xff");
    vc.extend(vec![0; 0xfff0 - 8]);
    out.push(vc);
    out.push([&flac[..], b"\x83\x00\xff\xfc", &vec![0; 0xfffc][..]].concat());

    let page = |serial: u32, seq: u32, lacing: &[u8], data: &[u8]| {
        let mut p = b"OggS\x00\x02".to_vec();
        p.extend(0i64.to_le_bytes());
        p.extend(serial.to_le_bytes());
        p.extend(seq.to_le_bytes());
        p.extend(0u32.to_le_bytes());
        p.push(u8::try_from(lacing.len()).unwrap());
        p.extend(lacing);
        p.extend(data);
        p
    };
    let mut id = b"\x01vorbis".to_vec();
    id.extend(0u32.to_le_bytes());
    id.push(2);
    id.extend(44_100u32.to_le_bytes());
    id.extend([0; 12]);
    id.extend([0xB8, 1]);
    let first = page(1, 0, &[30], &id);
    let mut ogg = first.clone();
    for seq in 1..2000 {
        ogg.extend(page(2, seq, &[], &[]));
    }
    out.push(ogg);
    let mut comments = first;
    let packet = [
        &b"\x03vorbis\x00\x00\x00\x00\xff\xff\xff\xff"[..],
        &vec![0; 255 * 201],
    ]
    .concat();
    comments.extend(page(1, 1, &[255; 201], &packet[..255 * 201]));
    out.push(comments);

    let ftyp = atom(b"ftyp", b"M4A \0\0\0\0");
    out.push(
        [
            &ftyp[..],
            &atom(b"moov", &atom(b"free", b"").repeat(MAX_LEN / 8 - 8)),
        ]
        .concat(),
    );
    let data = atom(b"data", b"\x00\x00\x00\x01\x00\x00\x00\x00");
    let ilst = atom(b"ilst", &atom(b"\xa9nam", &data.repeat(MAX_LEN / 16 - 8)));
    let meta = atom(b"meta", &[&[0, 0, 0, 0][..], &ilst].concat());
    out.push([&ftyp[..], &atom(b"moov", &atom(b"udta", &meta))].concat());
    out
}

#[test]
fn entry_points_stay_within_the_allocation_budget() {
    let _only = LIMIT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for input in hostile() {
        assert!(input.len() <= 2 * MAX_LEN);
        within_budget(&input);
    }
    let mut files = files_under(&root.join("fuzz/regressions"));
    files.extend(files_under(&root.join("corpus/real")));
    assert!(
        files.len() > 50,
        "corpus/real should hold the real-encoder files"
    );
    for path in files {
        within_budget(&std::fs::read(path).unwrap());
    }
}

/// The values of a text frame are stored compactly (`id3::TextList`): a frame of many short
/// values costs its decoded text and one offset per value, not a string per value. 100,000
/// one-letter values (200 KB of frame) must fit in 8 bytes per input byte and 1 MiB more; a
/// string per value (a 24-byte header and a heap block of its own each) would need 28.
#[test]
fn many_short_text_values_cost_a_few_bytes_each() {
    let _only = LIMIT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for (prefix, value) in [(&b"\x00"[..], &b"a\x00"[..]), (b"\x03", b"\xc3\xa9\x00")] {
        let body = [prefix, &value.repeat(100_000)].concat();
        let data = id3_tag(4, 0, &id3_frame(b"TIT2", 0, &body));
        ALLOC
            .set_limit(ALLOC.allocated() + data.len() * 8 + (1 << 20))
            .unwrap();
        let tag = mutagen_core::id3::read(&mutagen_core::SliceSource::new(&data));
        ALLOC.set_limit(usize::MAX).unwrap();
        let tag = tag.unwrap();
        let list = tag.frames().get("TIT2").unwrap().text_list();
        assert_eq!(list.len(), 100_000);
    }
}
