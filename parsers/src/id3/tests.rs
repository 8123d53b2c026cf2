//! Tests over tags built byte by byte.
#![allow(clippy::unwrap_used, clippy::panic, clippy::trivially_copy_pass_by_ref)]

use super::*;
use crate::source::SliceSource;

fn syncsafe_bytes(n: u32) -> [u8; 4] {
    [
        (n >> 21) as u8 & 0x7F,
        (n >> 14) as u8 & 0x7F,
        (n >> 7) as u8 & 0x7F,
        n as u8 & 0x7F,
    ]
}

fn frame24(id: &[u8; 4], flags: u16, body: &[u8]) -> Vec<u8> {
    let mut v = id.to_vec();
    v.extend(syncsafe_bytes(body.len() as u32));
    v.extend(flags.to_be_bytes());
    v.extend(body);
    v
}

fn frame23(id: &[u8; 4], flags: u16, body: &[u8]) -> Vec<u8> {
    let mut v = id.to_vec();
    v.extend((body.len() as u32).to_be_bytes());
    v.extend(flags.to_be_bytes());
    v.extend(body);
    v
}

fn frame22(id: &[u8; 3], body: &[u8]) -> Vec<u8> {
    let mut v = id.to_vec();
    v.extend(&(body.len() as u32).to_be_bytes()[1..]);
    v.extend(body);
    v
}

fn tag(major: u8, flags: u8, body: &[u8], padding: usize) -> Vec<u8> {
    let mut v = b"ID3".to_vec();
    v.extend([major, 0, flags]);
    v.extend(syncsafe_bytes((body.len() + padding) as u32));
    v.extend(body);
    v.extend(std::iter::repeat_n(0, padding));
    v
}

fn read_bytes(data: &[u8]) -> Result<Id3Tag> {
    read(&SliceSource::new(data))
}

fn keys(t: &Id3Tag) -> Vec<String> {
    t.frames().iter().map(|(k, _)| k.to_owned()).collect()
}

fn texts(t: &Id3Tag, key: &str) -> Vec<String> {
    t.frames()
        .get(key)
        .map(|f| f.text_list().to_vec())
        .unwrap_or_default()
}

#[test]
fn header_errors_match_mutagen() {
    assert_eq!(read_bytes(b"").unwrap_err().kind(), ErrorKind::Id3NoHeader);
    assert_eq!(
        read_bytes(b"XXX\x04\x00\x00\x00\x00\x00\x00")
            .unwrap_err()
            .kind(),
        ErrorKind::Id3NoHeader
    );
    assert_eq!(
        read_bytes(b"ID3\x05\x00\x00\x00\x00\x00\x00")
            .unwrap_err()
            .kind(),
        ErrorKind::Id3UnsupportedVersion
    );
    assert_eq!(
        read_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x80")
            .unwrap_err()
            .kind(),
        ErrorKind::Id3
    );
    assert_eq!(
        read_bytes(b"ID3\x04\x00\x01\x00\x00\x00\x00")
            .unwrap_err()
            .kind(),
        ErrorKind::Id3
    );
    // A tag claiming more bytes than the file holds.
    assert_eq!(
        read_bytes(b"ID3\x04\x00\x00\x00\x00\x01\x00")
            .unwrap_err()
            .kind(),
        ErrorKind::Id3
    );
    let t = read_bytes(&tag(4, 0, &[], 10)).unwrap();
    assert_eq!(t.size, Some(20));
    assert_eq!(t.version, (2, 4, 0));
    assert!(t.frames().is_empty());
}

#[test]
fn extended_header_is_skipped_or_ignored() {
    // v2.4 extended header of 6 bytes (size includes itself).
    let mut body = vec![0, 0, 0, 6, 1, 0];
    body.extend(frame24(b"TIT2", 0, b"\x03abc"));
    let t = read_bytes(&tag(4, 0x40, &body, 0)).unwrap();
    assert_eq!(texts(&t, "TIT2"), ["abc"]);
    assert_eq!(t.flags & 0x40, 0x40);
    // The flag set with no extended header: the frames start right away.
    let body = frame24(b"TIT2", 0, b"\x03abc");
    let t = read_bytes(&tag(4, 0x40, &body, 0)).unwrap();
    assert_eq!(texts(&t, "TIT2"), ["abc"]);
    assert_eq!(t.flags & 0x40, 0);
}

#[test]
fn unsynch_decoding() {
    assert_eq!(unsynch_decode(b"\xff\x00\xe0"), Some(b"\xff\xe0".to_vec()));
    assert_eq!(unsynch_decode(b"a\xff\x10"), Some(b"a\xff\x10".to_vec()));
    assert_eq!(unsynch_decode(b"\xff"), None);
    assert_eq!(unsynch_decode(b"\xff\xff"), None);
    assert_eq!(unsynch_decode(b"\xff\xe0"), None);
    // Runs of pairs, against a byte-at-a-time decoder, on every short mix of the bytes that
    // matter.
    let naive = |data: &[u8]| -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < data.len() {
            out.push(data[i]);
            if data[i] == 0xFF {
                let next = *data.get(i + 1)?;
                if next >= 0xE0 {
                    return None;
                }
                if next == 0 {
                    i += 1;
                }
            }
            i += 1;
        }
        Some(out)
    };
    let alphabet = [0xFFu8, 0x00, 0x10, 0xE0];
    for len in 0..=7u32 {
        for code in 0..4usize.pow(len) {
            let data: Vec<u8> = (0..len)
                .map(|k| alphabet[code / 4usize.pow(k) % 4])
                .collect();
            assert_eq!(unsynch_decode(&data), naive(&data), "{data:02x?}");
        }
    }
    let long = [&b"a"[..], &b"\xff\x00".repeat(1000), b"\xff\x10b"].concat();
    assert_eq!(unsynch_decode(&long), naive(&long));
    // Tag-level unsynchronisation in v2.3.
    let mut body = frame23(b"TIT2", 0, b"\x00a\xff\x00b");
    body = unsynch_encode(&body);
    let t = read_bytes(&tag(3, 0x80, &body, 0)).unwrap();
    assert_eq!(texts(&t, "TIT2"), ["a\u{ff}", "b"]);
}

fn unsynch_encode(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, &b) in data.iter().enumerate() {
        out.push(b);
        if b == 0xFF && data.get(i + 1).is_none_or(|&n| n >= 0xE0 || n == 0) {
            out.push(0);
        }
    }
    out
}

#[test]
fn text_frames_decode_every_encoding() {
    let mut body = frame24(b"TIT2", 0, b"\x00caf\xe9");
    body.extend(frame24(b"TPE1", 0, b"\x01\xff\xfea\x00\x00\x00b\x00"));
    body.extend(frame24(b"TALB", 0, b"\x02\x00x"));
    body.extend(frame24(b"TCOM", 0, b"\x03\xc3\xa9\x00"));
    // UTF-16 without a BOM is little-endian; odd trailing bytes get a NUL added.
    body.extend(frame24(b"TPE2", 0, b"\x01y\x00z"));
    // Invalid UTF-8 makes the frame junk.
    body.extend(frame24(b"TPE3", 0, b"\x03\xc3"));
    // A bad encoding byte too.
    body.extend(frame24(b"TPE4", 0, b"\x05abc"));
    let t = read_bytes(&tag(4, 0, &body, 20)).unwrap();
    assert_eq!(texts(&t, "TIT2"), ["caf\u{e9}"]);
    assert_eq!(texts(&t, "TPE1"), ["a", "b"]);
    assert_eq!(texts(&t, "TALB"), ["x"]);
    assert_eq!(texts(&t, "TCOM"), ["\u{e9}"]);
    assert_eq!(texts(&t, "TPE2"), ["yz"]);
    assert!(!t.frames().contains("TPE3"));
    assert!(!t.frames().contains("TPE4"));
}

#[test]
fn v23_trailing_nulls_are_not_values() {
    let body = frame23(b"TIT2", 0, b"\x00a\x00\x00\x00");
    let t = read_bytes(&tag(3, 0, &body, 0)).unwrap();
    assert_eq!(texts(&t, "TIT2"), ["a"]);
    let body = frame24(b"TIT2", 0, b"\x00a\x00\x00");
    let t = read_bytes(&tag(4, 0, &body, 0)).unwrap();
    assert_eq!(texts(&t, "TIT2"), ["a", ""]);
}

#[test]
fn compressed_and_flagged_frames() {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(b"\x03hello").unwrap();
    let packed = z.finish().unwrap();
    let mut data = vec![0, 0, 0, 6];
    data.extend(&packed);
    let mut body = frame24(b"TIT2", 0x0009, &data);
    // Encrypted frames are kept raw.
    body.extend(frame24(b"TALB", 0x0004, b"\x00zzz"));
    // Unknown but valid IDs are kept raw; invalid ones dropped.
    body.extend(frame24(b"XYZW", 0, b"abc"));
    body.extend(frame24(b"xyzw", 0, b"abc"));
    let t = read_bytes(&tag(4, 0, &body, 0)).unwrap();
    assert_eq!(texts(&t, "TIT2"), ["hello"]);
    assert_eq!(t.frames().unknown_frames.len(), 2);
    assert!(t.frames().unknown_frames[1].starts_with(b"XYZW"));
    // v2.3 compression with a broken stream is junk.
    let body = frame23(b"TIT2", 0x0080, b"\x00\x00\x00\x05garbage");
    let t = read_bytes(&tag(3, 0, &body, 0)).unwrap();
    assert!(t.frames().is_empty());
}

#[test]
fn duplicates_merge_and_pictures_get_salted() {
    let mut body = frame24(b"TIT2", 0, b"\x00a");
    body.extend(frame24(b"TIT2", 0, b"\x03b"));
    body.extend(frame24(b"APIC", 0, b"\x00image/png\x00\x03d\x00PNG"));
    body.extend(frame24(b"APIC", 0, b"\x00image/png\x00\x03d\x00PNG2"));
    body.extend(frame24(b"USLT", 0, b"\x00engd\x00one"));
    body.extend(frame24(b"USLT", 0, b"\x00engd\x00two"));
    let t = read_bytes(&tag(4, 0, &body, 0)).unwrap();
    assert_eq!(keys(&t), ["TIT2", "APIC:d", "APIC:d ", "USLT:d:eng"]);
    assert_eq!(texts(&t, "TIT2"), ["a", "b"]);
    assert_eq!(t.frames().get("TIT2").unwrap().fields[0], Value::Int(3));
    assert_eq!(
        t.frames().get("USLT:d:eng").unwrap().fields[3],
        Value::Text("two".into())
    );
}

#[test]
fn v22_frames_upgrade() {
    let mut body = frame22(b"TT2", b"\x00title");
    body.extend(frame22(b"TYE", b"\x002004"));
    body.extend(frame22(b"TDA", b"\x000312"));
    body.extend(frame22(b"PIC", b"\x00JPG\x03desc\x00DATA"));
    body.extend(frame22(b"CRM", b"owner\x00desc\x00data"));
    body.extend(frame22(b"TCO", b"\x00(17)Rock"));
    body.extend(frame22(b"XXX", b"zz"));
    let t = read_bytes(&tag(2, 0, &body, 0)).unwrap();
    assert_eq!(keys(&t), ["TIT2", "APIC:desc", "TCON", "TDRC"]);
    assert_eq!(texts(&t, "TDRC"), ["2004-12-03"]);
    assert_eq!(texts(&t, "TCON"), ["Rock"]);
    assert_eq!(
        t.frames().get("APIC:desc").unwrap().fields[1],
        Value::Text("image/jpeg".into())
    );
    assert_eq!(t.frames().unknown_frames, [b"XXX\x00\x00\x02zz".to_vec()]);
}

#[test]
fn v24_upgrade_of_v23_frames() {
    let mut body = frame23(b"TYER", 0, b"\x001999");
    body.extend(frame23(b"TIME", 0, b"\x001230"));
    body.extend(frame23(b"TORY", 0, b"\x001980"));
    body.extend(frame23(b"IPLS", 0, b"\x00a\x00b\x00"));
    body.extend(frame23(b"RVAD", 0, b"\x03\x10\x00\x01\x00\x02"));
    let t = read_bytes(&tag(3, 0, &body, 0)).unwrap();
    assert_eq!(keys(&t), ["TDRC", "TDOR", "TIPL"]);
    assert_eq!(texts(&t, "TDRC"), ["1999"]);
    assert_eq!(texts(&t, "TDOR"), ["1980"]);
    assert_eq!(
        t.frames().get("TIPL").unwrap().fields[1],
        Value::People(vec![("a".into(), "b".into())])
    );
}

#[test]
fn chapters_hold_sub_frames() {
    let mut chap = b"ch1\x00".to_vec();
    chap.extend([
        0, 0, 0, 1, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    ]);
    chap.extend(frame24(b"TIT2", 0, b"\x00sub"));
    let body = frame24(b"CHAP", 0, &chap);
    let t = read_bytes(&tag(4, 0, &body, 0)).unwrap();
    let f = t.frames().get("CHAP:ch1").unwrap();
    assert_eq!(f.fields[1], Value::Int(1));
    assert_eq!(f.fields[3], Value::Int(0xFFFF_FFFF));
    let Value::Frames(sub) = &f.fields[5] else {
        panic!("no sub frames")
    };
    assert_eq!(*sub.get("TIT2").unwrap().text_list(), ["sub"]);
}

#[test]
fn other_frames_parse_their_fields() {
    let mut body = frame24(b"POPM", 0, b"me@x\x00\xff\x00\x00\x01\x00");
    body.extend(frame24(b"PCNT", 0, b"\x00\x00\x00\x00\x00\x00\x00\x00\x01"));
    body.extend(frame24(b"RVA2", 0, b"track\x00\x01\xfe\x00\x10\x80\x00"));
    body.extend(frame24(b"COMM", 0, b"\x00engdesc\x00text"));
    body.extend(frame24(b"TXXX", 0, b"\x00key\x00v1\x00v2"));
    body.extend(frame24(b"WOAR", 0, b"http://a"));
    body.extend(frame24(b"PRIV", 0, b"own\x00\x01\x02"));
    let t = read_bytes(&tag(4, 0, &body, 0)).unwrap();
    assert_eq!(
        keys(&t),
        [
            "POPM:me@x",
            "PCNT",
            "RVA2:track",
            "COMM:desc:eng",
            "TXXX:key",
            "WOAR:http://a",
            "PRIV:own:\u{1}\u{2}"
        ]
    );
    let popm = t.frames().get("POPM:me@x").unwrap();
    assert_eq!(
        popm.fields,
        [Value::Text("me@x".into()), Value::Int(255), Value::Int(256)]
    );
    assert_eq!(t.frames().get("PCNT").unwrap().fields, [Value::Int(1)]);
    let rva2 = t.frames().get("RVA2:track").unwrap();
    assert_eq!(rva2.fields[2], Value::Float(-1.0));
    assert_eq!(
        rva2.fields[3],
        Value::Float(32768.0 * 65536.0 / 2147483647.0)
    );
    assert_eq!(texts(&t, "TXXX:key"), ["v1", "v2"]);
}

#[test]
fn id3v1_parses_and_merges() {
    let mut v1 = b"TAG".to_vec();
    let field = |s: &[u8], n: usize| {
        let mut f = s.to_vec();
        f.resize(n, 0);
        f
    };
    v1.extend(field(b"Title ", 30));
    v1.extend(field(b"Artist", 30));
    v1.extend(field(b"", 30));
    v1.extend(field(b"2001", 4));
    let mut comment = field(b"hi", 28);
    comment.extend([0, 7]);
    v1.extend(comment);
    v1.push(17);
    assert_eq!(v1.len(), 128);
    let mut file = vec![0u8; 300];
    file.extend(&v1);
    let t = read_bytes(&file).unwrap();
    assert!(!t.has_v2_header);
    assert_eq!(t.size, Some(0));
    assert_eq!(
        keys(&t),
        [
            "TIT2",
            "TPE1",
            "TDRC",
            "COMM:ID3v1 Comment:eng",
            "TRCK",
            "TCON"
        ]
    );
    assert_eq!(texts(&t, "TIT2"), ["Title"]);
    assert_eq!(texts(&t, "TRCK"), ["7"]);
    assert_eq!(texts(&t, "TCON"), ["Rock"]);
    // With an ID3v2 tag, v2 frames win.
    let mut both = tag(4, 0, &frame24(b"TIT2", 0, b"\x00v2"), 0);
    both.extend(&file);
    let t = read_bytes(&both).unwrap();
    assert_eq!(texts(&t, "TIT2"), ["v2"]);
    assert!(t.frames().contains("TPE1"));
    // An APEv2 footer's "TAG" is not an ID3v1 tag.
    let mut ape = vec![0u8; 200];
    ape.extend(b"APETAGEX");
    ape.extend([0u8; 23]);
    ape.extend([0u8; 100]);
    assert_eq!(read_bytes(&ape).unwrap_err().kind(), ErrorKind::Id3NoHeader);
}

/// A small deterministic generator for the robustness test.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn mutated_tags_never_panic() {
    let mut seeds = Vec::new();
    let mut body = frame24(b"TIT2", 0x0002, b"\x01\xff\xfea\x00\xff\x00");
    body.extend(frame24(b"APIC", 0x0009, b"\x00\x00\x00\x05x\x9c"));
    body.extend(frame24(
        b"CHAP",
        0,
        b"c\x00\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0TIT2\0\0\0\x02\0\0\0a",
    ));
    body.extend(frame24(b"RVA2", 0, b"d\x00\x01\x00\x00\x10\xff\xff"));
    body.extend(frame24(
        b"ASPI",
        0,
        b"\0\0\0\x01\0\0\0\x02\0\x02\x10\0\x01\0\x02",
    ));
    body.extend(frame24(b"CTOC", 0, b"t\x00\x03\x02a\x00b\x00"));
    seeds.push(tag(4, 0x80, &body, 10));
    let mut body = frame23(b"TXXX", 0x0080, b"\0\0\0\x05x\x9c\x03\0");
    body.extend(frame23(b"RVAD", 0, b"\x03\x10\x00\x01\x00\x02"));
    body.extend(frame23(
        b"SYLT",
        0,
        b"\x01eng\x02\x01\xff\xfed\x00\x00\x00a\x00\x00\x00\x00\x00\x00\x01",
    ));
    seeds.push(tag(
        3,
        0x40,
        &[&[0, 0, 0, 6, 0, 0, 0, 0, 0, 0][..], &body].concat(),
        5,
    ));
    let mut body = frame22(b"PIC", b"\x00PNG\x03d\x00x");
    body.extend(frame22(b"LNK", b"PICu\x00"));
    body.extend(frame22(b"TCO", b"\x00(17)(999)((x"));
    seeds.push(tag(2, 0, &body, 0));
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let mut d = seeds[rng.below(seeds.len())].clone();
        for _ in 0..=rng.below(4) {
            if d.is_empty() {
                break;
            }
            let i = rng.below(d.len());
            match rng.below(4) {
                0 => d[i] = rng.next() as u8,
                1 => d.truncate(i),
                2 => d.insert(i, [0, 0xFF, 0x80, 3][rng.below(4)]),
                _ => {
                    d.remove(i);
                }
            }
        }
        let _ = read_bytes(&d);
    }
}

/// The frame IDs [`Id3Tag::frame`] is checked on: plain text frames (read alone by the `lazy`
/// variant) and frames the v2.4 upgrade or the ID3v1 merge touch (read from the dictionary).
const LOOKUPS: [&str; 12] = [
    "TIT2",
    "TPE1",
    "TALB",
    "TRCK",
    "TPOS",
    "TPE2",
    "TCON",
    "TDRC",
    "TDOR",
    "TIPL",
    "TYER",
    "COMM:ID3v1 Comment:eng",
];

/// `frame(id)` on a fresh read equals `frames().get(id)` on another, for every lookup.
fn assert_lookups_agree(read_one: impl Fn() -> Result<Id3Tag>, what: &str) {
    let (Ok(alone), Ok(whole)) = (read_one(), read_one()) else {
        return;
    };
    for id in LOOKUPS {
        let a = alone.frame(id).map(std::borrow::Cow::into_owned);
        assert_eq!(a.as_ref(), whole.frames().get(id), "{what}: {id}");
    }
    // Asking first does not change the dictionary.
    assert_eq!(alone.frames(), whole.frames(), "{what}");
}

#[test]
fn frames_read_alone_equal_the_dictionary() {
    let mut v1 = b"TAG".to_vec();
    for field in [&b"v1 title"[..], b"v1 artist", b"v1 album"] {
        let mut f = field.to_vec();
        f.resize(30, 0);
        v1.extend(f);
    }
    v1.extend(b"1999");
    v1.extend([0u8; 28]);
    v1.extend([0, 5, 17]);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "duplicate titles merge, v1 fills the album",
            [
                tag(
                    4,
                    0,
                    &[
                        frame24(b"TIT2", 0, b"\x00a"),
                        frame24(b"TPE1", 0, b"\x03b\x00c"),
                        frame24(b"TIT2", 0, b"\x00d"),
                        frame24(b"TYER", 0, b"\x002001"),
                    ]
                    .concat(),
                    16,
                ),
                v1.clone(),
            ]
            .concat(),
        ),
        (
            "v2.3 dates and a v1 tag",
            [
                tag(
                    3,
                    0,
                    &[
                        frame23(b"TYER", 0, b"\x002004"),
                        frame23(b"TDAT", 0, b"\x001203"),
                        frame23(b"TORY", 0, b"\x001990"),
                        frame23(b"TCON", 0, b"\x00(17)"),
                        frame23(b"TALB", 0, b"\x01\xff\xfeA\x00"),
                    ]
                    .concat(),
                    0,
                ),
                v1.clone(),
            ]
            .concat(),
        ),
        (
            "v2.2 frames upgrade",
            tag(
                2,
                0,
                &[frame22(b"TT2", b"\x00t"), frame22(b"TP1", b"\x00p")].concat(),
                4,
            ),
        ),
        (
            "a title that does not parse is dropped",
            tag(
                4,
                0,
                &[
                    frame24(b"TIT2", 0, b"\x09x"),
                    frame24(b"TALB", 0, b"\x00al"),
                ]
                .concat(),
                0,
            ),
        ),
        (
            "a compressed frame",
            tag(
                3,
                0,
                &[
                    frame23(
                        b"TIT2",
                        0x0080,
                        b"\x00\x00\x00\x02\x78\x9c\x63\x28\x01\x00\x00\x76\x00\x75",
                    ),
                    frame23(b"TPE1", 0, b"\x00p"),
                ]
                .concat(),
                0,
            ),
        ),
        ("an ID3v1 tag alone", [vec![0u8; 64], v1.clone()].concat()),
    ];
    for (what, data) in &cases {
        assert_lookups_agree(|| read_bytes(data), what);
    }
    let text = |case: usize, id: &str| {
        let t = read_bytes(&cases[case].1).unwrap();
        t.frame(id).map(|f| f.text_list().to_vec())
    };
    assert_eq!(text(0, "TIT2").unwrap(), ["a", "d"]);
    assert_eq!(text(0, "TPE1").unwrap(), ["b", "c"]);
    assert_eq!(text(0, "TALB").unwrap(), ["v1 album"]);
    assert_eq!(text(1, "TDRC").unwrap(), ["2004-03-12"]);
    assert_eq!(text(2, "TIT2").unwrap(), ["t"]);
    assert_eq!(text(3, "TIT2"), None);
    assert_eq!(text(4, "TIT2").unwrap(), ["t"]);
    assert_eq!(text(5, "TIT2").unwrap(), ["v1 title"]);
}

#[test]
fn frames_read_alone_equal_the_dictionary_on_files() {
    for path in crate::testfiles::sample_files() {
        assert_lookups_agree(
            || read(&crate::source::open_path(&path)?),
            &path.display().to_string(),
        );
    }
}

#[test]
fn a_frame_that_fails_the_tag_fails_it_at_once() {
    // RVA2 with one byte where a two-byte volume belongs: mutagen's struct.error.
    let data = tag(
        4,
        0,
        &[
            frame24(b"TIT2", 0, b"\x00a"),
            frame24(b"RVA2", 0, b"track\x00\x01\x00"),
        ]
        .concat(),
        0,
    );
    let e = read_bytes(&data).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Id3);
    // Inside a chapter too.
    let mut chap = b"ch\x00".to_vec();
    chap.extend([0u8; 16]);
    chap.extend(frame24(b"RVA2", 0, b"track\x00\x01\x00"));
    let data = tag(4, 0, &frame24(b"CHAP", 0, &chap), 0);
    assert!(read_bytes(&data).is_err());
}

fn read_opts(data: &[u8], f: impl FnOnce(&mut ReadOptions)) -> Result<Id3Tag> {
    let mut opts = ReadOptions::default();
    f(&mut opts);
    read_with(&SliceSource::new(data), &opts)
}

#[test]
fn padding_is_what_follows_the_frames() {
    let body = frame24(b"TIT2", 0, b"\x00abc");
    let t = read_bytes(&tag(4, 0, &body, 37)).unwrap();
    assert_eq!(t.padding, 37);
    let t = read_bytes(&tag(3, 0, &frame23(b"TIT2", 0, b"\x00abc"), 0)).unwrap();
    assert_eq!(t.padding, 0);
}

#[test]
fn options_translate_and_v2_version() {
    let mut body = frame24(b"TDRC", 0, b"\x002004-05-06 07:08");
    body.extend(frame24(b"TIPL", 0, b"\x00a\x00b\x00"));
    body.extend(frame24(b"TSOT", 0, b"\x00x"));
    let data = tag(4, 0, &body, 0);
    let t = read_opts(&data, |o| o.v2_version = 3).unwrap();
    assert_eq!(keys(&t), ["IPLS", "TYER", "TDAT", "TIME"]);
    assert_eq!(texts(&t, "TYER"), ["2004"]);
    assert_eq!(texts(&t, "TDAT"), ["0605"]);
    assert_eq!(texts(&t, "TIME"), ["0708"]);
    let t = read_opts(&data, |o| {
        o.v2_version = 3;
        o.translate = false;
    })
    .unwrap();
    assert_eq!(keys(&t), ["TDRC", "TIPL", "TSOT"]);

    // Without translate a v2.3 year stays TYER.
    let data = tag(3, 0, &frame23(b"TYER", 0, b"\x001999"), 0);
    let t = read_opts(&data, |o| o.translate = false).unwrap();
    assert_eq!(keys(&t), ["TYER"]);
}

#[test]
fn options_known_frames_and_load_v1() {
    let mut body = frame24(b"TIT2", 0, b"\x00abc");
    body.extend(frame24(b"TPE1", 0, b"\x00def"));
    let mut data = tag(4, 0, &body, 0);
    let mut v1 = b"TAG".to_vec();
    v1.extend([b'x'; 30]);
    v1.extend([0u8; 60]);
    v1.extend(b"1999");
    v1.extend([0u8; 30]);
    v1.push(255);
    data.extend(&v1);
    let known: KnownFrames = ["TPE1".to_owned()].into_iter().collect();
    let t = read_opts(&data, |o| o.known = Some(known.clone())).unwrap();
    assert_eq!(keys(&t), ["TPE1"]);
    assert_eq!(t.frames().unknown_frames.len(), 1);
    assert!(t.frames().unknown_frames[0].starts_with(b"TIT2"));

    let t = read_bytes(&data).unwrap();
    assert_eq!(keys(&t), ["TIT2", "TPE1", "TDRC"]);
    let t = read_opts(&data, |o| o.load_v1 = false).unwrap();
    assert_eq!(keys(&t), ["TIT2", "TPE1"]);

    // ID3v1 alone: read, unless load_v1 is off; a year asked for as TYER that is not known
    // goes to TDRC.
    let t = read_opts(&v1, |o| o.v2_version = 3).unwrap();
    assert_eq!(keys(&t), ["TIT2", "TYER"]);
    let known: KnownFrames = ["TDRC".to_owned()].into_iter().collect();
    let frames = parse_id3v1_known(&v1, 3, Some(&known)).unwrap();
    assert_eq!(frames.iter().map(Frame::id).collect::<Vec<_>>(), ["TDRC"]);
    let err = read_opts(&v1, |o| o.load_v1 = false).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Id3NoHeader);
}

#[test]
fn headers_parse_alone() {
    let h = parse_header(b"ID3\x04\x00\x40\x00\x00\x00\x00\x00\x00\x00\x05").unwrap();
    assert_eq!((h.version, h.size, h.ext_size), ((2, 4, 0), 10, Some(1)));
    // The flag without an extended header: cleared.
    let h = parse_header(b"ID3\x04\x00\x40\x00\x00\x00\x00TIT1").unwrap();
    assert_eq!((h.flags, h.ext_size), (0, None));
    let h = parse_header(b"ID3\x03\x00\x40\x00\x00\x00\x00\x00\x00\x00\x06").unwrap();
    assert_eq!(h.ext_size, Some(6));
    assert!(parse_header(b"ID3\x04\x00\x40\x00\x00\x00\x00").is_err());
    assert!(parse_header(b"ID3\x04B@\x00\x00\x00\x00\x00\x00\x00\x00").is_err());
    assert_eq!(
        parse_header(b"ID3\x01\x00\x00\x00\x00\x00\x00")
            .unwrap_err()
            .kind(),
        ErrorKind::Id3UnsupportedVersion
    );
    assert_eq!(
        parse_header(b"ID").unwrap_err().kind(),
        ErrorKind::Id3NoHeader
    );
}

#[test]
fn id3v1_is_located_unless_it_ends_an_ape_footer() {
    assert_eq!(locate_id3v1(b"..TAG.."), Some(2));
    assert_eq!(locate_id3v1(b"APETAGEX......"), None);
    assert_eq!(locate_id3v1(b"nothing"), None);
}
