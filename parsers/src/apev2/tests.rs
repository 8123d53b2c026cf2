#![allow(clippy::unwrap_used)]
use super::*;
use crate::source::SliceSource;

fn item(key: &str, flags: u32, value: &[u8]) -> Vec<u8> {
    let mut out = (value.len() as u32).to_le_bytes().to_vec();
    out.extend_from_slice(&flags.to_le_bytes());
    out.extend_from_slice(key.as_bytes());
    out.push(0);
    out.extend_from_slice(value);
    out
}

fn header(size: u32, items: u32, flags: u32) -> Vec<u8> {
    let mut out = b"APETAGEX".to_vec();
    for v in [2000, size, items, flags] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&[0; 8]);
    out
}

/// A file of `lead` bytes then a tag with a header and a footer.
fn tagged(lead: usize, items: &[Vec<u8>]) -> Vec<u8> {
    let body: Vec<u8> = items.concat();
    let size = body.len() as u32 + 32;
    let mut out = vec![0u8; lead];
    out.extend(header(size, items.len() as u32, HAS_HEADER | (1 << 29)));
    out.extend(body);
    out.extend(header(size, items.len() as u32, HAS_HEADER));
    out
}

#[test]
fn reads_footer_tag_and_merges_keys_without_case() {
    let data = tagged(
        100,
        &[
            item("Title", 0, b"a\0b"),
            item("Cover", 2, b"\xff\x00"),
            item("TITLE", 0, b"c"),
            item("Link", 4, b"http://x"),
        ],
    );
    let tag = read(&SliceSource::new(&data)).unwrap();
    assert_eq!(tag.items.len(), 3);
    assert_eq!(tag.items[0].key, "TITLE");
    assert_eq!(tag.items[0].value, ApeValue::Text("c".into()));
    assert_eq!(tag.items[1].value, ApeValue::Binary(vec![0xff, 0]));
    assert_eq!(tag.items[2].value, ApeValue::External("http://x".into()));
    assert_eq!(tag.first_text("title"), Some("c"));
}

#[test]
fn reads_header_at_start() {
    let mut data = tagged(0, &[item("Artist", 0, b"x")]);
    data.extend([0u8; 64]);
    let tag = read(&SliceSource::new(&data)).unwrap();
    assert_eq!(tag.first_text("ARTIST"), Some("x"));
}

#[test]
fn reads_before_id3v1() {
    let mut data = tagged(10, &[item("Artist", 0, b"x")]);
    let mut v1 = b"TAG".to_vec();
    v1.resize(128, b' ');
    data.extend(v1);
    let tag = read(&SliceSource::new(&data)).unwrap();
    assert_eq!(tag.items.len(), 1);
}

#[test]
fn no_tag() {
    let err = read(&SliceSource::new(&[0u8; 300])).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ApeNoHeader);
    assert!(read_optional(&SliceSource::new(&[0u8; 3]))
        .unwrap()
        .is_none());
}

#[test]
fn bad_items() {
    for (it, kind) in [
        (item("Ti", 6, b"x"), ErrorKind::ApeBadItem),
        (item("T", 0, b"x"), ErrorKind::ApeBadItem),
        (item("OggS", 0, b"x"), ErrorKind::ApeBadItem),
        (item("Title", 0, b"\xff"), ErrorKind::ApeBadItem),
    ] {
        let data = tagged(0, &[it]);
        assert_eq!(read(&SliceSource::new(&data)).unwrap_err().kind(), kind);
    }
}

/// A footer whose size is under 31 makes mutagen read a negative length below -1, and Python
/// raises `ValueError`, which mutagen lets escape; the package raises its `ValueError` that is
/// also a `MutagenError`.
#[test]
fn footer_size_under_31_is_value_error() {
    let mut data = vec![0u8; 64];
    data.extend(header(4, 1, 0));
    let err = read(&SliceSource::new(&data)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BuiltinValueError);
}

#[test]
fn tag_before_file_start_is_error() {
    let mut data = vec![0u8; 8];
    data.extend(header(1000, 1, 0));
    let err = read(&SliceSource::new(&data)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ApeV2);
}

#[test]
fn item_count_is_capped() {
    let one = item("ab", 0, b"");
    let n = limits::MAX_APE_ITEMS + 1;
    let body = one.repeat(n);
    let err = parse_items(&body, u32::MAX).unwrap_err();
    assert!(err.is_limit());
    assert!(parse_items(&one.repeat(3), 2).unwrap().items.len() == 1);
}

#[test]
fn lyrics3_size_field() {
    assert_eq!(find::py_int_for_tests(b"  +1_2"), Some(12));
    assert_eq!(find::py_int_for_tests(b"1__2  "), None);
    assert_eq!(find::py_int_for_tests(b"-00010"), Some(-10));
    assert_eq!(find::py_int_for_tests(b"      "), None);
}
